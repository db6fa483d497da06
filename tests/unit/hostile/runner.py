"""Run many hostile inputs in one process (started by the hostile tests under resource limits).

`python -m tests.unit.hostile.runner JOBS.json` reads a list of jobs and prints one JSON report:
- {"argv": ["validate", FILE]}: the real CLI entry point, mtfp.cli.main(argv), with its exit
  code and what it wrote to stderr;
- {"upload": FILE}: the app's upload reader, mtfp.ui.files.read_upload(bytes, name);
- {"workbook": FILE}: the baseline reader, mtfp.workbook.reader.scenario_from_baseline(bytes, name).
Anything escaping as an exception is reported with its traceback, so a test can show it. The
CPU seconds each job took are reported for the README figures, never asserted.
"""
from __future__ import annotations

import contextlib
import io
import json
import resource
import sys
import traceback
from pathlib import Path


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def run_job(job: dict) -> dict:
    from mtfp.cli import main
    from mtfp.scenario import ScenarioError
    from mtfp.ui.files import read_upload
    from mtfp.workbook.reader import scenario_from_baseline

    err, out = io.StringIO(), io.StringIO()
    report: dict = {"job": job, "rc": None, "stderr": "", "problems": [], "traceback": None}
    start = _cpu()
    try:
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
            if "argv" in job:
                report["rc"] = main(job["argv"])
            else:
                path = Path(job.get("upload") or job["workbook"])
                reader = read_upload if "upload" in job else scenario_from_baseline
                try:
                    reader(path.read_bytes(), path.name)
                    report["rc"] = 0
                except ScenarioError as exc:
                    report["rc"], report["problems"] = 2, exc.problems
    except SystemExit as exc:  # argparse
        report["rc"] = exc.code
    except BaseException:  # noqa: BLE001 - reported to the test, which fails with it
        report["traceback"] = traceback.format_exc()
    report["stderr"] = err.getvalue() + "\n".join(report["problems"])
    report["cpu_seconds"] = round(_cpu() - start, 3)
    return report


def main(jobs_file: str) -> None:
    jobs = json.loads(Path(jobs_file).read_text())
    reports = [run_job(job) for job in jobs]
    sys.stdout.write(json.dumps(reports))


if __name__ == "__main__":
    main(sys.argv[1])
