"""Writing files so that nothing is lost: atomic replace, never a silent overwrite.

A write goes through a hidden temp file beside the target, `.{name}.{pid}.{random}.tmp`. A
process killed mid-write (SIGKILL, power cut) leaves that file behind; the next write to the
same target removes such leftovers: those whose writer process is gone, and any older than
STALE_AFTER_S (a temp name without a PID, or a PID since reused by another process).
"""
from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

# A temp file older than this is a leftover whatever its PID says: mtfp writes documents of
# at most a few MB, which take well under a second.
STALE_AFTER_S = 60.0


def _temp_prefix(path: Path) -> str:
    return f".{path.name}."


def _writer_pid(name: str, prefix: str) -> int | None:
    """The PID encoded in a temp file's name (`.{target}.{pid}.{random}.tmp`), or None."""
    middle = name[len(prefix):-len(".tmp")]
    head = middle.split(".", 1)[0]
    return int(head) if head.isdigit() and "." in middle else None


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's live process
        return True
    except OSError:
        return False
    return True


def remove_stale_temps(path: str | os.PathLike, now: float | None = None) -> list[Path]:
    """Remove temp files left by killed writes to `path`; returns what was removed. A temp
    file of a live writer younger than STALE_AFTER_S is left alone."""
    path = Path(path)
    prefix = _temp_prefix(path)
    now = time.time() if now is None else now
    removed = []
    try:
        entries = list(os.scandir(path.parent))
    except OSError:
        return removed
    for entry in entries:
        if not (entry.name.startswith(prefix) and entry.name.endswith(".tmp")) or len(entry.name) <= len(prefix) + 4:
            continue
        try:
            if not entry.is_file(follow_symlinks=False):
                continue
            age = now - entry.stat(follow_symlinks=False).st_mtime
        except OSError:
            continue
        pid = _writer_pid(entry.name, prefix)
        if age > STALE_AFTER_S or (pid is not None and not _alive(pid)):
            try:
                os.unlink(entry.path)
                removed.append(Path(entry.path))
            except OSError:
                pass  # another writer removed it first, or it is not ours to remove
    return removed


def write_atomic(path: str | os.PathLike, data: bytes | str, overwrite: bool = False,
                 exists_hint: str = "choose another name or allow overwriting") -> Path:
    """Write `data` to `path` through a temp file in the same folder, then rename.

    A reader never sees a half-written file and a crash leaves the old file intact. Without
    `overwrite` an existing file is refused (FileExistsError); the final step is a hard link,
    which fails if the name appeared meanwhile, so a race cannot overwrite either. Temp files
    left by earlier killed writes to the same target are removed first (remove_stale_temps).
    """
    path = Path(path)
    if path.exists() and not overwrite:
        raise FileExistsError(f"{path} already exists; {exists_hint}")
    payload = data.encode("utf-8") if isinstance(data, str) else data
    remove_stale_temps(path)
    fd, tmp = tempfile.mkstemp(prefix=f"{_temp_prefix(path)}{os.getpid()}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)  # mkstemp makes 0600; a saved plan or chart is a document to share
        if overwrite:
            os.replace(tmp, path)
        else:
            os.link(tmp, path)
            os.unlink(tmp)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return path
