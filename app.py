"""Streamlit entry point: `streamlit run app.py` opens the illustrative default scenario.

Page config and navigation only; pages live in mtfp/ui/pages and are listed in
mtfp/ui/navigation.py. `streamlit run app.py -- --consultation FILE` opens the public
consultation view of a scenario instead (mtfp/ui/consultation_public.py).
"""
from __future__ import annotations

import argparse
import sys

import streamlit as st


def consultation_file(argv: list[str]) -> str | None:
    """The FILE of `--consultation FILE` among the script's arguments, or None."""
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--consultation")
    known, _ = parser.parse_known_args(argv)
    return known.consultation


def main() -> None:
    st.set_page_config(page_title="mtfp: police medium-term financial plan", page_icon=":material/account_balance:",
                       layout="wide")
    path = consultation_file(sys.argv[1:])
    if path is not None:
        from mtfp.ui.navigation import run_consultation

        run_consultation(path)
        return
    from mtfp.ui.navigation import pages

    st.navigation(pages()).run()


main()
