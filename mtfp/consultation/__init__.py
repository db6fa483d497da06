"""Public consultation: precept options by council-tax band, savings options residents can
choose from, their responses (SQLite) and the printable consultation pack.

household.py  band table: what a Band D rise means for bands A-H, and what it raises
options.py    the options file (consultation/options.yaml): schema and safe loader
budget.py     the resident's budget: remaining gap after their choices (forced balance)
store.py      responses, one SQLite row each
responses.py  the finance view of responses: counts, distributions, CSV/XLSX
pack.py       the consultation pack (charts, data, alt text, summary, index.html)
"""
