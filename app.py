"""Streamlit entry point: `streamlit run app.py` opens the illustrative default scenario.

Everything is in mtfp/ui/app.py (also started from any folder by `mtfp app`);
`streamlit run app.py -- --consultation FILE` opens the public consultation view instead.
"""
from mtfp.ui.app import main

main()
