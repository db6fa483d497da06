"""The Word document opens with python-docx and holds every section and figure of the content,
the key figures equal to the model's: Band D, the council-tax requirement and the gap by year."""
from __future__ import annotations

import pytest

import mtfp
from mtfp.charts import static
from mtfp.report.content import DRAFT_MARK, build_report
from mtfp.report.docx import docx_bytes
from mtfp.units import fmt_gbp_m, fmt_money_small
from tests.conftest import SCENARIOS
from tests.unit.report.reports import AS_OF, open_docx, row, table_text


@pytest.fixture(scope="module")
def example():
    scenario = mtfp.load_scenario(SCENARIOS / "example-2026.yaml")
    projection = mtfp.run(scenario)
    report = build_report(scenario, projection, as_of=AS_OF, charts=False)
    return projection, report, open_docx(docx_bytes(report))


def _table(report, doc, key):
    return table_text(doc.tables[[t.key for t in report.tables].index(key)])


def test_every_section_is_a_heading(example):
    _, report, doc = example
    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert headings == ["Contents"] + [s.heading for s in report.sections]


def test_every_table_is_a_word_table_with_the_contents_text(example):
    _, report, doc = example
    assert len(doc.tables) == len(report.tables)
    for content, word in zip(report.tables, doc.tables):
        shown = content.rows if content.key == "key_figures" else [content.header, *content.rows]  # the cover's has none
        assert table_text(word) == shown, content.key


def test_key_figures_read_back_equal_the_models(example):
    p, report, doc = example
    recs = _table(report, doc, "recommendations")
    assert row(recs, "Band D precept 2026/27")[1] == fmt_money_small(p["band_d"][0, 1])
    assert row(recs, "Council-tax requirement")[1] == fmt_gbp_m(p["precept"][0, 1])
    summary = _table(report, doc, "mtfp_summary")
    gap = p.lines["recurring_gap" if "recurring_gap" in p else "funding_gap"]
    assert row(summary, gap.label)[1:] == [fmt_gbp_m(x) for x in gap.values[0]]


def test_the_section_25_draft_mark_and_the_footer(example):
    _, report, doc = example
    assert sum(DRAFT_MARK in p.text for p in doc.paragraphs) == 2
    footer = doc.sections[0].footer.paragraphs[0].text
    assert footer.startswith("Illustrative force 2025/26 · plan date 2 December 2026 · page")
    assert doc.core_properties.title == report.title


def test_header_rows_repeat_on_each_page(example):
    _, _, doc = example
    for table in doc.tables[1:]:  # after the cover's key figures
        assert table.rows[0]._tr.xpath("./w:trPr/w:tblHeader")


def test_the_cover_opens_with_the_key_figures(example):
    p, report, doc = example
    cover = table_text(doc.tables[0])
    assert row(cover, "Band D precept 2026/27")[1:] == [fmt_money_small(p["band_d"][0, 1]),
                                                       "£15.00 (5.0%) on 2025/26"]
    assert row(cover, "Council-tax requirement 2026/27")[1] == fmt_gbp_m(p["precept"][0, 1])


def test_charts_are_pictures_with_their_alt_text():
    ok, why = static.static_export_status()  # probed here, not at collection: it starts a browser
    if not ok:
        pytest.skip(f"charts cannot be drawn here: {why}")
    scenario = mtfp.load_scenario(SCENARIOS / "example-2026.yaml")
    report = build_report(scenario, as_of=AS_OF)
    doc = open_docx(docx_bytes(report))
    pictures = doc.inline_shapes
    assert len(pictures) == 2
    assert [s._inline.docPr.get("descr") for s in pictures] == [c.alt for c in report.charts]


def test_a_source_title_with_control_characters_still_makes_a_document():
    # YAML lets "\x0b" through in a quoted string; Word's XML cannot hold it: it is shown as U+FFFD, not a crash.
    from tests.conftest import tiny

    source = {"title": "Tax base notice \x0b2016", "url": "https://council.example/tax-base"}
    scenario = tiny({"precept": {"tax_base": {"value": 100_000, "source": source}}})
    report = build_report(scenario, as_of=AS_OF, charts=False)
    doc = open_docx(docx_bytes(report))
    appendix = table_text(doc.tables[[t.key for t in report.tables].index("assumptions")])
    assert "Tax base notice \ufffd2016 (https://council.example/tax-base)" in [r[3] for r in appendix]
