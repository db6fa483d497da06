"""`mtfp app` starts the app shipped in the package, with usage statistics off, from any folder."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from mtfp.cli.app import command


def test_the_command_runs_the_packaged_app_with_statistics_off():
    line = command("options.yaml", 8600)
    assert line[1:4] == ["-m", "streamlit", "run"] and Path(line[4]).name == "app.py" and Path(line[4]).is_file()
    assert line[line.index("--browser.gatherUsageStats") + 1] == "false"
    assert line[-3:] == ["--", "--consultation", "options.yaml"] and "8600" in line


def test_mtfp_app_serves_from_a_folder_outside_the_repository(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "mtfp", "app", "--port", str(port)], cwd=tmp_path,
                            env={**os.environ, "STREAMLIT_SERVER_HEADLESS": "true"},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1) as answer:
                    assert answer.read() == b"ok"
                break
            except OSError:
                assert proc.poll() is None, "mtfp app exited"
                assert time.monotonic() < deadline, "mtfp app did not start"
                time.sleep(0.2)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)
