"""The app's entry: page config, then st.navigation over mtfp/ui/pages (or the public
consultation view with `-- --consultation FILE`).

`streamlit run app.py` in the repository and `mtfp app` from any folder both run `main()`.
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


if __name__ == "__main__":  # `streamlit run` runs this file as __main__
    main()
