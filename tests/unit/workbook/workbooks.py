"""Helpers for workbook tests: a filled copy of a template, as a finance lead would make it in Excel."""
from __future__ import annotations

import io

import openpyxl


def edited(data: bytes, edit) -> bytes:
    """The workbook `data` (.xlsx bytes) after `edit(wb)` changed its cells, saved again."""
    wb = openpyxl.load_workbook(io.BytesIO(data))
    edit(wb)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
