"""Writing files so that nothing is lost: atomic replace, never a silent overwrite."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomic(path: str | os.PathLike, data: bytes | str, overwrite: bool = False,
                 exists_hint: str = "choose another name or allow overwriting") -> Path:
    """Write `data` to `path` through a temp file in the same folder, then rename.

    A reader never sees a half-written file and a crash leaves the old file intact. Without
    `overwrite` an existing file is refused (FileExistsError); the final step is a hard link,
    which fails if the name appeared meanwhile, so a race cannot overwrite either.
    """
    path = Path(path)
    if path.exists() and not overwrite:
        raise FileExistsError(f"{path} already exists; {exists_hint}")
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
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
