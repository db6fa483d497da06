"""The consultation pack: every file exists and is valid, CSV numbers are the model's,
alt text is a sentence, a rebuild gives the same data files byte for byte, and a non-empty
folder is refused. PNG/SVG/PDF are checked where Chromium exists (skipped otherwise, saying so)."""
from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import numpy as np
import pandas as pd
import pytest

import mtfp
from mtfp.charts import static as chart_export
from mtfp.cli import main
from mtfp.consultation.pack import build_pack
from mtfp.results import gap_bridge
from mtfp.units import fmt_gbp_m
from tests.conftest import DEFAULT, OPTIONS, SCENARIOS

CHARTS = ["gap", "savings_by_year", "funding_mix", "csr_comparison", "household_precept"]
DATA_FILES = ([f"{c}.csv" for c in CHARTS] + [f"{c}-pounds.csv" for c in CHARTS] + [f"{c}.alt.txt" for c in CHARTS]
              + ["summary.html", "index.html"])
AS_OF = dt.date(2015, 11, 1)


@pytest.fixture(scope="module")
def html_pack(tmp_path_factory):
    out = tmp_path_factory.mktemp("pack") / "html"
    return build_pack([DEFAULT], out, OPTIONS, as_of=AS_OF, static=False)


@pytest.fixture(scope="module")
def full_pack(tmp_path_factory):
    ok, message = chart_export.static_export_status()
    if not ok:
        pytest.skip(f"PNG/SVG/PDF need Chromium: {message}")
    out = tmp_path_factory.mktemp("pack") / "full"
    return build_pack([DEFAULT], out, OPTIONS, as_of=AS_OF)


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.links += [v for k, v in attrs if k == "href"]


def _links(path) -> list[str]:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.links


def test_html_pack_has_every_chart_its_data_alt_text_summary_and_index(html_pack):
    out = html_pack.out_dir
    for chart in CHARTS:
        page = (out / f"{chart}.html").read_text(encoding="utf-8")
        assert page.lower().lstrip().startswith(("<html", "<!doctype html")) and "Plotly.newPlot" in page
        # plotly.js is NOT inlined: every chart links the pack's one copy.
        assert '<script charset="utf-8" src="plotly.min.js"></script>' in page and len(page) < 100_000
        alt = (out / f"{chart}.alt.txt").read_text(encoding="utf-8")
        assert alt.endswith(".\n") and alt.count("\n") == 1 and len(alt) > 40
        assert not pd.read_csv(out / f"{chart}.csv").empty and not pd.read_csv(out / f"{chart}-pounds.csv").empty
    assert "PNG, SVG and PDF charts skipped" in html_pack.notes[0]
    assert sorted(_links(out / "index.html")) == sorted(
        ["summary.html"] + [f"{c}{ext}" for c in CHARTS for ext in (".html", ".csv", "-pounds.csv", ".alt.txt")])
    assert all((out / link).is_file() for link in _links(out / "index.html"))


def test_csv_numbers_equal_the_model(html_pack):
    out = html_pack.out_dir
    p = mtfp.run(mtfp.load_scenario(DEFAULT))
    gap = pd.read_csv(out / "gap-pounds.csv")
    assert list(gap["year"]) == p.years[1:]
    assert np.array_equal(gap["funding_gap"].to_numpy(), p["funding_gap"][0, 1:])  # full precision, exact
    assert np.array_equal(gap["recurring_gap"].to_numpy(), p["recurring_gap"][0, 1:])
    assert np.array_equal(gap["cumulative_gap"].to_numpy(), p["cumulative_gap"][0, 1:])
    savings = pd.read_csv(out / "savings_by_year-pounds.csv")
    assert np.array_equal(savings["savings_delivered"].to_numpy(), p["savings_delivered"][0, 1:])
    mix = pd.read_csv(out / "funding_mix-pounds.csv")
    # All funding: the general funding of the budget requirement + specific grants and income.
    every = p["total_funding"][0] + p["specific_grants_and_income"][0]
    assert np.array_equal(mix["all_funding"].to_numpy(), every)
    assert np.allclose(mix[["government_grants", "council_tax_precept", "other_income"]].sum(axis=1), every, rtol=1e-12)
    csr = pd.read_csv(out / "csr_comparison-pounds.csv")
    for name in ["25", "40"]:
        q = mtfp.run(mtfp.load_scenario(SCENARIOS / f"csr-{name}.yaml"))
        assert np.array_equal(csr[q.scenario.name].to_numpy(), q["funding_gap"][0, 1:])
    house = pd.read_csv(out / "household_precept-pounds.csv")
    ten_a = house[(house.band_d_rise == 10) & (house.band == "A")].iloc[0]
    assert round(ten_a["annual"], 2) == 6.67 and ten_a["raised"] == pytest.approx(10 * p["tax_base"][0, -1])


def test_summary_says_the_gap_posts_drivers_and_precept_options(html_pack):
    # The default scenario's 2019/20 gap (about £3.4m, 58 officers at about £58k each) and its
    # largest driver, pay growth since 2015/16, read from the model's gap bridge.
    text = (html_pack.out_dir / "summary.html").read_text(encoding="utf-8")
    p = mtfp.run(mtfp.load_scenario(DEFAULT))
    assert f"We need to find <strong>{fmt_gbp_m(p['funding_gap'][0, -1])}</strong> a year by 2019/20" in text
    assert (f"This is the gap after one-off costs and the use of reserves; before them, the recurring gap is "
            f"{fmt_gbp_m(p['recurring_gap'][0, -1])}.") in text
    posts = p["funding_gap"][0, -1] / p["cost_per_fte_police_officers"][0, -1]
    assert f"<strong>{posts:,.0f} police officers</strong>" in text
    pay = gap_bridge(p).set_index("step").loc["Pay", "value"]
    assert f"Pay costs (pay awards, pensions and increments) rise by {fmt_gbp_m(pay)}." in text
    # £10 on Band D over the 2019/20 tax base raises £3.2m (£m to 1 dp, the one display rule).
    assert "<td>£10.00</td><td>£6.67 / 13p</td>" in text and "<td>£3.2m</td>" in text
    assert "Plan date: 1 November 2015" in text


def test_rebuild_gives_the_same_data_files_byte_for_byte(html_pack, tmp_path):
    again = build_pack([DEFAULT], tmp_path / "again", OPTIONS, as_of=AS_OF, static=False)
    for name in DATA_FILES:
        assert (again.out_dir / name).read_bytes() == (html_pack.out_dir / name).read_bytes(), name


def test_refuses_a_non_empty_folder_unless_forced(html_pack, capsys):
    assert main(["pack", str(DEFAULT), "--out", str(html_pack.out_dir), "--html-only"]) == 2
    assert "directory is not empty; choose an empty one or add --force" in capsys.readouterr().err
    before = (html_pack.out_dir / "gap.csv").read_bytes()
    assert main(["pack", str(DEFAULT), "--out", str(html_pack.out_dir), "--html-only", "--force",
                 "--date", "2015-11-01", "--options", str(OPTIONS)]) == 0
    assert (html_pack.out_dir / "gap.csv").read_bytes() == before
    assert "note: PNG, SVG and PDF charts skipped: HTML only was asked for." in capsys.readouterr().out


def test_several_files_are_compared_with_each_other(tmp_path):
    files = [SCENARIOS / f"csr-{c}.yaml" for c in (25, 40)]
    result = build_pack(files, tmp_path / "two", OPTIONS, static=False)
    csr = pd.read_csv(result.out_dir / "csr_comparison-pounds.csv")
    assert list(csr.columns) == ["year", "CSR 25% real-terms cut", "CSR 40% real-terms cut"]
    readers = pd.read_csv(result.out_dir / "csr_comparison.csv")
    assert list(readers.columns) == ["Year", "CSR 25% real-terms cut gap (£m)", "CSR 40% real-terms cut gap (£m)"]


def test_bad_options_file_is_a_clear_error(tmp_path, capsys):
    bad = tmp_path / "options.yaml"
    bad.write_text(OPTIONS.read_text().replace("kind: on_off", "kind: maybe", 1))
    assert main(["pack", str(DEFAULT), "--out", str(tmp_path / "out"), "--options", str(bad)]) == 2
    err = capsys.readouterr().err
    assert f"error: {bad}: savings.0 (officer_vacancies).kind:" in err and "'maybe'" in err
    assert not (tmp_path / "out").exists()


def test_static_files_parse_where_chromium_exists(full_pack):
    out = full_pack.out_dir
    from PIL import Image

    for chart in CHARTS:
        with Image.open(out / f"{chart}.png") as image:
            image.verify()
            assert image.size == (2500, 1500)  # 1000x600 at scale 2.5: ~300 dpi across A4
        root = ET.parse(out / f"{chart}.svg").getroot()
        assert root.tag.endswith("svg")
        pdf = (out / f"{chart}.pdf").read_bytes()
        assert pdf.startswith(b"%PDF-") and b"%%EOF" in pdf[-1024:]
    summary = (out / "summary.pdf").read_bytes()
    assert summary.startswith(b"%PDF-")
    assert len(re.findall(rb"/Type\s*/Page(?![s\w])", summary)) == 1  # one page
    assert full_pack.notes == []
    links = _links(out / "index.html")
    assert "summary.pdf" in links and "household_precept.png" in links
    assert all((out / link).is_file() for link in links)


def test_static_and_html_packs_have_the_same_data(full_pack, html_pack):
    for name in DATA_FILES[:-1]:  # index.html lists the extra formats
        assert (full_pack.out_dir / name).read_bytes() == (html_pack.out_dir / name).read_bytes(), name


def test_without_chromium_the_pack_says_so_and_still_writes_html(tmp_path, monkeypatch):
    from mtfp.consultation import pack, summary

    monkeypatch.setattr(pack.chart_export, "static_export_status",
                        lambda: (False, "Kaleido requires Google Chrome to be installed."))
    monkeypatch.setattr(summary, "chromium_path", lambda: None)
    result = build_pack([DEFAULT], tmp_path / "nochrome", OPTIONS, as_of=AS_OF)
    assert result.notes == [
        "PNG, SVG and PDF charts skipped: Kaleido requires Google Chrome to be installed. "
        + chart_export.INSTALL_HINT,
        "Summary PDF skipped: no Chromium found (Debian: apt-get install chromium).",
    ]
    names = {p.name for p in result.files}
    assert {f"{c}.html" for c in CHARTS} <= names and not any(n.endswith((".png", ".svg", ".pdf")) for n in names)
    index = (result.out_dir / "index.html").read_text(encoding="utf-8")
    assert "PNG, SVG and PDF charts skipped" in index and "Summary PDF skipped" in index


# --- a pack the communications team can publish as it is ---------------------------------------

class _Thumbs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.images: list[dict] = []
        self.frames: list[dict] = []

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.images.append(dict(attrs))
        elif tag == "iframe":
            self.frames.append(dict(attrs))


def _thumbs(path) -> _Thumbs:
    parser = _Thumbs()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_the_full_pack_is_under_10_mb_with_one_plotly_js_and_a_thumbnail_per_chart(full_pack):
    out = full_pack.out_dir
    size = sum(p.stat().st_size for p in out.iterdir())
    # 5 charts x (PNG, SVG, PDF, HTML, 2 CSVs, alt text) + summary + index + plotly.js once:
    # about 6 MB; with plotly.js inlined in each HTML chart it was about 31 MB.
    assert size < 10_000_000, f"{size:,} bytes"
    scripts = [p.name for p in out.iterdir() if "plotly" in p.name and p.suffix == ".js"]
    assert scripts == ["plotly.min.js"]
    from plotly.offline import get_plotlyjs

    assert (out / "plotly.min.js").read_text(encoding="utf-8") == get_plotlyjs()  # the installed plotly's own
    for chart in CHARTS:
        assert len((out / f"{chart}.html").read_bytes()) < 100_000
    images = {img["src"]: img for img in _thumbs(out / "index.html").images}
    assert sorted(images) == sorted(f"{c}.png" for c in CHARTS)
    for chart in CHARTS:
        assert images[f"{chart}.png"]["alt"] == (out / f"{chart}.alt.txt").read_text(encoding="utf-8").strip()


def test_an_html_only_pack_shows_each_live_chart_as_its_thumbnail(html_pack):
    out = html_pack.out_dir
    frames = _thumbs(out / "index.html").frames
    assert sorted(f["src"] for f in frames) == sorted(f"{c}.html" for c in CHARTS)
    assert all(f["title"] == (out / f"{f['src'][:-5]}.alt.txt").read_text(encoding="utf-8").strip() for f in frames)
    assert sum(p.stat().st_size for p in out.iterdir()) < 6_000_000


def test_index_titles_read_as_sentences_and_links_say_what_they_open(html_pack):
    index = (html_pack.out_dir / "index.html").read_text(encoding="utf-8")
    assert "&lt;br&gt;" not in index and "<h3>We need to save £3.4m by 2019/20</h3>" in index
    assert ">CSV (£m)</a>" in index and ">CSV (£, full precision)</a>" in index and ">HTML (interactive)</a>" in index
    assert '<p class="note">Plan date: 1 November 2015</p>' in index


def test_reader_csvs_round_to_one_decimal_of_a_million_beside_the_full_precision_file(html_pack):
    out = html_pack.out_dir
    p = mtfp.run(mtfp.load_scenario(DEFAULT))
    text = (out / "gap.csv").read_text(encoding="utf-8-sig")
    assert text.splitlines()[0] == ("Year,Recurring gap before one-offs and reserves (£m),"
                                    "Gap after one-offs and reserves (£m),Cumulative gap after one-offs and reserves (£m)")
    assert text.splitlines()[-1] == (f"2019/20,{p['recurring_gap'][0, -1] / 1e6:.1f},{p['funding_gap'][0, -1] / 1e6:.1f},"
                                     f"{p['cumulative_gap'][0, -1] / 1e6:.1f}")
    house = (out / "household_precept.csv").read_text(encoding="utf-8-sig").splitlines()
    assert house[0] == "Band D rise (£ a year),Band,Share of Band D,Extra a year (£),Extra a week (£),Raises a year (£m)"
    assert "10.00,A,0.6667,6.67,0.13,3.2" in house
    assert not any("-0.0" in line for name in CHARTS for line in (out / f"{name}.csv").read_text().splitlines())


def test_the_summary_gives_grant_in_cash_and_in_real_terms_so_it_agrees_with_the_charts(html_pack):
    # The default scenario: grants rise in cash from 2015/16 to 2019/20 but by less than the
    # GDP deflator (1.5% a year, an index of 1.0614 by 2019/20), so they fall in real terms.
    p = mtfp.run(mtfp.load_scenario(DEFAULT))
    grants = [k for k in p.totals["total_funding"] if k.startswith(("grant_", "specific_grant_"))]
    base, final = (sum(p[k][0, t] for k in grants) for t in (0, -1))
    real = final / 1.015 ** 4 / base - 1
    assert final > base and real < 0
    text = (html_pack.out_dir / "summary.html").read_text(encoding="utf-8")
    assert (f"Government grant rises by {fmt_gbp_m(final - base)} in cash, but falls by {abs(real) * 100:.1f}% "
            "in real terms (after inflation).") in text
    assert "£4.8m in cash, but falls by 1.7% in real terms" in text


def test_a_cut_grant_falls_in_cash_and_in_real_terms():
    from mtfp.consultation.summary import summary_html

    p = mtfp.run(mtfp.load_scenario(SCENARIOS / "csr-25.yaml"))
    text = summary_html(p)
    assert re.search(r"Government grant falls by £20\.7m in cash and falls by 2\d\.\d% in real terms", text)


def test_the_plan_date_defaults_to_the_scenarios_own_date(tmp_path):
    import os

    import yaml

    from mtfp.scenario.plandate import plan_date

    scenario = tmp_path / "plan.yaml"
    scenario.write_text(DEFAULT.read_text())
    stamp = dt.datetime(2026, 3, 14, 12, 0).timestamp()
    os.utime(scenario, (stamp, stamp))
    # No change log: the file's modification date.
    assert plan_date(mtfp.load_scenario(scenario), scenario) == dt.date(2026, 3, 14)
    result = build_pack([scenario], tmp_path / "pack", OPTIONS, static=False)
    assert "Plan date: 14 March 2026" in (result.out_dir / "summary.html").read_text(encoding="utf-8")
    # An edited scenario is dated by its latest change, whatever the file's date.
    data = yaml.safe_load(scenario.read_text())
    data["changes"] = [{"when": "2026-11-30T09:15:00+00:00", "field": "gdp_deflator", "old": 1.5, "new": 2.0},
                       {"when": "2026-12-01T14:05:00+00:00", "field": "gdp_deflator", "old": 2.0, "new": 1.5}]
    scenario.write_text(yaml.safe_dump(data))
    os.utime(scenario, (stamp, stamp))
    assert plan_date(mtfp.load_scenario(scenario), scenario) == dt.date(2026, 12, 1)
    # Built in memory from no file and never edited: today.
    assert plan_date(mtfp.load_scenario(DEFAULT)) == dt.date.today()
