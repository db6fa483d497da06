"""Atomic writes leave nothing behind: a temp file left by a killed write is removed by the
next write to the same target; a live writer's temp file is left alone."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time

from mtfp.atomic import STALE_AFTER_S, remove_stale_temps, write_atomic


def _temps(folder):
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_a_process_killed_mid_write_leaves_a_temp_file_the_next_write_removes(tmp_path):
    target = tmp_path / "plan.yaml"
    # The child creates its temp file, then blocks in fsync until it is killed (SIGKILL: no clean-up runs).
    child = textwrap.dedent(f"""
        import os, time
        from mtfp import atomic
        def block(fd):
            print("writing", flush=True)
            time.sleep(600)
        os.fsync = block
        atomic.write_atomic({str(target)!r}, "half written")
    """)
    proc = subprocess.Popen([sys.executable, "-c", child], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "writing"
        left = _temps(tmp_path)
        assert len(left) == 1 and left[0].startswith(f".plan.yaml.{proc.pid}.")
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        proc.stdout.close()
    assert _temps(tmp_path) == left and not target.exists()  # the kill left the temp file behind

    write_atomic(target, "name: Tiny force\n")
    assert target.read_text() == "name: Tiny force\n"
    assert _temps(tmp_path) == []


def test_an_old_temp_file_without_a_pid_is_removed_and_other_targets_are_untouched(tmp_path):
    target = tmp_path / "results.csv"
    old = tmp_path / ".results.csv.k3j9x_ab.tmp"  # the pre-PID naming (mkstemp's random part only)
    old.write_text("stale")
    an_hour_ago = time.time() - 3600
    os.utime(old, (an_hour_ago, an_hour_ago))
    other = tmp_path / ".other.csv.1.abc.tmp"
    other.write_text("not ours")
    write_atomic(target, "year\n2015/16\n")
    assert not old.exists()
    assert other.exists()  # a different target's temp file is not touched


def test_a_live_writers_recent_temp_file_is_kept(tmp_path):
    target = tmp_path / "results.csv"
    live = tmp_path / f".results.csv.{os.getpid()}.abcdef.tmp"  # this process: alive
    live.write_text("being written")
    assert remove_stale_temps(target) == []
    assert live.exists()
    # ... until it is older than STALE_AFTER_S, whatever its PID says (the PID may be reused).
    assert remove_stale_temps(target, now=time.time() + STALE_AFTER_S + 1) == [live]


def test_a_dead_writers_temp_file_is_removed_at_once(tmp_path):
    target = tmp_path / "results.csv"
    proc = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead = tmp_path / f".results.csv.{int(proc.stdout)}.zz9.tmp"
    dead.write_text("killed")
    assert remove_stale_temps(target) == [dead]
