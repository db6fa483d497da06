"""The Panel report as a Word document (python-docx): real Word tables, the charts as pictures
with their alt text, a footer with the scenario, plan date and page number.

Everything printed comes from the report's content (mtfp.report.content): this module decides
only how it looks. The document's dates are the plan date, so the same scenario gives the same
document.
"""
from __future__ import annotations

import datetime as dt
import io
import re

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from mtfp.report.content import Chart, Paragraph, Report, Table

BODY_PT, TABLE_PT, SMALL_PT = 10.5, 8.5, 7
DRAFT_RED = RGBColor(0xA3, 0x00, 0x00)
GREY = RGBColor(0x55, 0x55, 0x55)
PICTURE_WIDTH = Cm(16.5)
# Characters XML 1.0 cannot hold (a source title typed with a control character): shown as U+FFFD.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _x(text: str) -> str:
    """Text Word can store: characters XML cannot hold become the replacement character."""
    return _NOT_XML.sub("\ufffd", str(text))


def _repeat_header(row) -> None:
    """Mark a table row as a header row, repeated at the top of each page the table runs onto."""
    props = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    props.append(header)


def _shade(cell, fill: str) -> None:
    props = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    props.append(shading)


def _is_figure(text: str) -> bool:
    """A cell that holds a figure (right-aligned): money, a percentage, a count."""
    stripped = text.replace("-", "").replace("£", "").replace(",", "").replace(".", "").replace("%", "")
    stripped = stripped.replace("m", "").replace("k", "").replace("/9", "")
    return bool(stripped) and stripped.isdigit()


def _write_table(doc, table: Table, header: bool = True) -> None:
    """A Word table: a caption, the header row (repeated on each page) unless `header` is False, the rows."""
    caption = doc.add_paragraph(_x(table.caption), style="Caption")
    caption.paragraph_format.keep_with_next = True
    size = Pt(SMALL_PT if table.small else TABLE_PT)
    shown = [table.header, *table.rows] if header else table.rows
    out = doc.add_table(rows=len(shown), cols=len(table.header))
    out.style = "Table Grid"
    out.alignment = WD_TABLE_ALIGNMENT.CENTER
    if header:
        _repeat_header(out.rows[0])
    for i, (row, cells) in enumerate(zip(shown, out.rows), start=0 if header else 1):
        for j, (text, cell) in enumerate(zip(row, cells.cells)):  # row.cells: table.cell(i, j) is quadratic
            para = cell.paragraphs[0]
            run = para.add_run(_x(text))
            run.font.size = size
            run.bold = i == 0 or (i - 1) in table.bold
            if j > 0 and (i == 0 or _is_figure(text)):
                para.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            if i == 0:
                _shade(cell, "D9E2F3")
    if table.note:
        note = doc.add_paragraph()
        run = note.add_run(_x(table.note))
        run.font.size, run.italic, run.font.color.rgb = Pt(SMALL_PT + 1), True, GREY


def _write_chart(doc, chart: Chart) -> None:
    caption = doc.add_paragraph(_x(chart.caption), style="Caption")
    caption.paragraph_format.keep_with_next = True
    if chart.png is None:
        para = doc.add_paragraph()
        run = para.add_run(_x(f"{chart.unavailable} What it shows: {chart.alt}"))
        run.italic, run.font.color.rgb = True, GREY
        return
    doc.add_picture(io.BytesIO(chart.png), width=PICTURE_WIDTH)
    picture = doc.inline_shapes[-1]
    picture._inline.docPr.set("descr", _x(chart.alt))  # the alt text a screen reader reads
    picture._inline.docPr.set("title", _x(chart.caption))


def _write_paragraph(doc, block: Paragraph) -> None:
    para = doc.add_paragraph()
    if block.kind == "draft":
        run = para.add_run(_x(block.text))
        run.bold, run.font.color.rgb = True, DRAFT_RED
        para.paragraph_format.space_before = Pt(6)
        return
    if block.kind == "note":
        run = para.add_run(_x(block.text))
        run.italic, run.font.size, run.font.color.rgb = True, Pt(SMALL_PT + 1), GREY
        return
    if block.kind == "signature":
        para.paragraph_format.space_before = Pt(24)
    if block.lead:
        para.add_run(_x(block.lead) + " ").bold = True
    para.add_run(_x(block.text))


def _page_number(paragraph) -> None:
    """A PAGE field (Word fills the number in when it lays the page out)."""
    run = paragraph.add_run()
    for tag, attr in (("w:fldChar", {"w:fldCharType": "begin"}), ("w:instrText", None),
                      ("w:fldChar", {"w:fldCharType": "end"})):
        element = OxmlElement(tag)
        if attr:
            for key, value in attr.items():
                element.set(qn(key), value)
        else:
            element.set(qn("xml:space"), "preserve")
            element.text = "PAGE"
        run._r.append(element)


def docx_bytes(report: Report) -> bytes:
    """The report as a .docx file's bytes."""
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)  # A4
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.0))
    section.top_margin, section.bottom_margin = Cm(2.0), Cm(2.0)
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = "Arial", Pt(BODY_PT)
    footer = section.footer.paragraphs[0]
    footer.text = _x(f"{report.scenario_name} · plan date {report.as_of.day} {report.as_of:%B %Y} · page ")
    for run in footer.runs:
        run.font.size = Pt(8)
    _page_number(footer)

    props = doc.core_properties
    when = dt.datetime.combine(report.as_of, dt.time(0, 0))
    props.title, props.subject, props.author = _x(report.title), _x(report.subtitle), "mtfp"
    props.created = props.modified = when
    props.last_modified_by, props.revision = "mtfp", 1

    doc.add_paragraph(_x(report.title), style="Title")
    doc.add_paragraph(_x(report.subtitle), style="Subtitle")
    for line in report.cover:
        doc.add_paragraph(_x(line))
    _write_table(doc, report.key_figures, header=False)
    doc.add_heading("Contents", level=1)
    for s in report.sections:
        doc.add_paragraph(_x(s.heading), style="List Paragraph")
    doc.paragraphs[-1].add_run().add_break(WD_BREAK.PAGE)

    for s in report.sections:
        doc.add_heading(_x(s.heading), level=1)
        for block in s.blocks:
            if isinstance(block, Table):
                _write_table(doc, block)
            elif isinstance(block, Chart):
                _write_chart(doc, block)
            else:
                _write_paragraph(doc, block)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
