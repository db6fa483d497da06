"""A chart shown with its downloads: PNG, SVG, PDF (need Chromium) and standalone HTML.

Export bytes are made only when a button is clicked (callable `data=`), so showing a
chart costs nothing extra. Where Chromium is missing the user is told plainly and still
gets the HTML file.
"""
from __future__ import annotations

import streamlit as st

from mtfp.charts import static as chart_export
from mtfp.ui.text import plain

FORMATS = {"png": "image/png", "svg": "image/svg+xml", "pdf": "application/pdf", "html": "text/html"}


@st.cache_resource(show_spinner=False)
def export_status() -> tuple[bool, str | None]:
    """(static export works, reason if not), probed once per server."""
    return chart_export.static_export_status()


def _maker(fig, fmt: str):
    return lambda: chart_export.figure_bytes(fig, fmt)


def download_buttons(fig, stem: str, key: str) -> None:
    """The chart's download buttons in one row (PNG/SVG/PDF only where static export works)."""
    available, reason = export_status()
    formats = list(FORMATS) if available else ["html"]
    columns = st.columns(len(formats) + (0 if available else 1))
    for column, fmt in zip(columns, formats):
        column.download_button(fmt.upper(), data=_maker(fig, fmt), file_name=f"{stem}.{fmt}", mime=FORMATS[fmt],
                               key=f"{key}_{fmt}", on_click="ignore", icon=":material/download:",
                               help=f"Download this chart as {fmt.upper()}")
    if not available:
        columns[-1].caption(f"PNG, SVG and PDF need Chromium, which is not available here ({reason}). "
                            "The HTML file opens in any browser and prints from there.")


def show_chart(fig, stem: str, key: str) -> None:
    """The chart as it will print (theme=None keeps the exported look), its alt text and downloads."""
    st.plotly_chart(fig, theme=None, key=f"chart_{key}", width="stretch")
    alt = (fig.layout.meta or {}).get("alt") if isinstance(fig.layout.meta, dict) else None
    if alt:
        st.caption(plain(alt))
    download_buttons(fig, stem, key)
