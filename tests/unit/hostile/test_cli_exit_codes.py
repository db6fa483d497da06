"""The CLI's exit codes: 2 for every refusal, 70 (one line, no traceback) for a bug in mtfp.

The hostile corpus shows that none of its cases reaches the last resort; this shows the last
resort itself works, with a command made to fail the way a bug would.
"""
from __future__ import annotations

import pytest

from mtfp import cli
from mtfp.cli import validate


def test_an_unexpected_exception_is_one_line_and_exit_70(monkeypatch, capsys, tmp_path):
    def broken(args):
        raise ZeroDivisionError("float division by zero " + "x" * 5_000)

    monkeypatch.setattr(validate, "_validate", broken)
    assert cli.main(["validate", str(tmp_path / "any.yaml")]) == cli.EXIT_INTERNAL == 70
    err = capsys.readouterr().err
    assert err.startswith("internal error: ZeroDivisionError: float division by zero")
    assert "please report" in err and "Traceback" not in err
    assert len(err.splitlines()) == 1 and len(err) < 300  # the exception's text is cut, not printed whole


def test_a_refused_file_is_exit_2_and_a_missing_one_too(capsys, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("schema_version: 1\nname: [unclosed\n")
    assert cli.main(["validate", str(bad), str(tmp_path / "missing.yaml")]) == cli.EXIT_INVALID == 2
    err = capsys.readouterr().err
    assert f"{bad}: not valid YAML at line 3, column 1" in err
    assert f"{tmp_path / 'missing.yaml'}: file not found" in err


def test_a_bad_option_is_argparses_exit_2(capsys):
    with pytest.raises(SystemExit) as stop:
        cli.main(["run"])
    assert stop.value.code == 2
