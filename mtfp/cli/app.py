"""`mtfp app [--consultation FILE]`: start the Streamlit app from any folder.

Runs `streamlit run` on the app shipped inside the package (mtfp/ui/app.py), with usage
statistics off and the minimal toolbar whatever folder it starts in (the repository's
.streamlit/config.toml says the same for `streamlit run app.py`).
"""
from __future__ import annotations

import argparse
import subprocess
import sys
from importlib import resources

STREAMLIT_FLAGS = ["--browser.gatherUsageStats", "false", "--client.toolbarMode", "minimal"]


def command(consultation: str | None, port: int | None) -> list[str]:
    """The streamlit command line that `mtfp app` runs."""
    script = str(resources.files("mtfp.ui").joinpath("app.py"))
    line = [sys.executable, "-m", "streamlit", "run", script, *STREAMLIT_FLAGS]
    if port is not None:
        line += ["--server.port", str(port)]
    if consultation is not None:
        line += ["--", "--consultation", consultation]
    return line


def _app(args: argparse.Namespace) -> int:
    try:
        return subprocess.call(command(args.consultation, args.port))
    except KeyboardInterrupt:  # Ctrl+C stops the server: not an error
        return 0


def register(subparsers) -> None:
    parser = subparsers.add_parser("app", help="start the app (from any folder)", description=__doc__,
                                   formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--consultation", metavar="OPTIONS.yaml", help="open the public consultation view instead")
    parser.add_argument("--port", type=int, help="the port to serve on (Streamlit's default 8501)")
    parser.set_defaults(func=_app)
