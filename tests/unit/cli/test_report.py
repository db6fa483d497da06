"""`mtfp report FILE --out DIR`: the DOCX always, the PDF where Chromium prints it, exit 0; a
report already in the folder is kept unless --force (exit 2); a bad scenario is exit 2."""
from __future__ import annotations

from mtfp.cli import EXIT_INVALID, EXIT_OK, main
from mtfp.report.pdf import chromium
from tests.conftest import SCENARIOS

EXAMPLE = str(SCENARIOS / "example-2026.yaml")
DOCX = "example-2026-panel-report.docx"
PDF = "example-2026-panel-report.pdf"


def test_report_writes_the_docx_and_the_pdf(tmp_path, capsys):
    assert main(["report", EXAMPLE, "--out", str(tmp_path / "out"), "--no-charts", "--date", "2026-12-02"]) == EXIT_OK
    out = capsys.readouterr()
    assert (tmp_path / "out" / DOCX).stat().st_size > 10_000
    if chromium() is not None:
        assert (tmp_path / "out" / PDF).read_bytes().startswith(b"%PDF-")
        assert f"Wrote {tmp_path / 'out' / PDF}" in out.out
    else:
        assert "the PDF was not made" in out.err


def test_without_chromium_the_docx_is_written_and_the_command_says_why(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("CHROMIUM_PATH", str(tmp_path / "no-chromium"))
    assert main(["report", EXAMPLE, "--out", str(tmp_path), "--no-charts"]) == EXIT_OK
    err = capsys.readouterr().err
    assert (tmp_path / DOCX).is_file() and not (tmp_path / PDF).exists()
    assert f"warning: the PDF was not made: CHROMIUM_PATH is set to {tmp_path / 'no-chromium'}, which does not exist" in err


def test_an_existing_report_is_kept_unless_force(tmp_path, capsys):
    (tmp_path / DOCX).write_bytes(b"the finance lead's edited copy")
    assert main(["report", EXAMPLE, "--out", str(tmp_path), "--no-charts", "--no-pdf"]) == EXIT_INVALID
    assert "already exists" in capsys.readouterr().err
    assert (tmp_path / DOCX).read_bytes() == b"the finance lead's edited copy"
    assert main(["report", EXAMPLE, "--out", str(tmp_path), "--no-charts", "--no-pdf", "--force"]) == EXIT_OK
    assert (tmp_path / DOCX).read_bytes()[:2] == b"PK"


def test_a_bad_scenario_is_refused_naming_the_field(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text((SCENARIOS / "example-2026.yaml").read_text().replace("band_d: {value: 300.0", "band_d: {value: -3"))
    assert main(["report", str(bad), "--out", str(tmp_path / "out"), "--no-charts"]) == EXIT_INVALID
    err = capsys.readouterr().err
    assert "precept.band_d" in err and "Traceback" not in err
    assert not (tmp_path / "out").exists()


def test_a_folder_that_cannot_be_made_is_a_plain_error(tmp_path, capsys):
    # A file where a parent folder should be: mkdir fails; the command names the folder, exit 2, no traceback.
    (tmp_path / "plain-file").write_text("not a folder")
    out = tmp_path / "plain-file" / "report"
    assert main(["report", EXAMPLE, "--out", str(out), "--no-charts", "--no-pdf"]) == EXIT_INVALID
    err = capsys.readouterr().err
    assert err.startswith(f"error: {out}: cannot write the report there (") and "Traceback" not in err
