"""The Streamlit front end: the only part of mtfp that imports streamlit."""
