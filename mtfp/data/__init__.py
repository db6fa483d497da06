"""Data shipped with mtfp: the bundled scenarios and the example consultation options.

Found through importlib.resources, so they are there wherever the package is installed.
In the repository, `scenarios/` and `consultation/` at the top are links to these folders.
"""
from __future__ import annotations

from importlib import resources
from pathlib import Path


def data_path(*parts: str) -> Path:
    """A file or folder shipped in mtfp/data, as a path on disk (e.g. 'scenarios', 'default.yaml')."""
    return Path(str(resources.files("mtfp.data").joinpath(*parts)))


def scenarios_dir() -> Path:
    """The folder of bundled scenarios (default, the CSR set, the present-day example)."""
    return data_path("scenarios")


def default_scenario_file() -> Path:
    return data_path("scenarios", "default.yaml")


def consultation_options_file() -> Path:
    return data_path("consultation", "options.yaml")
