"""A projection's results: named lines of shape (S, T) with label, unit and section.

Tables, charts and exports read these; `mtfp.model.projection.project` fills them.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from mtfp.model.inputs import Inputs

_FLOAT64 = np.dtype(np.float64)  # numpy's one native float64 dtype: an identity test is enough


@dataclass(slots=True)  # slots: ~100 lines are made on every projection
class Line:
    key: str
    label: str
    unit: str  # gbp, fte, fraction, gbp_per_band_d, gbp_per_fte, band_d_equivalents, flag
    section: str
    values: np.ndarray  # (S, T)


@dataclass
class Projection:
    """Every result line of one or many scenarios, plus events and the control checks."""

    inputs: Inputs
    years: list[str]
    size: int
    lines: dict[str, Line] = field(default_factory=dict)
    events: dict[str, np.ndarray] = field(default_factory=dict)  # (S,) year index or -1
    totals: dict[str, list[str]] = field(default_factory=dict)  # total line -> its component lines
    checks: dict[str, float] = field(default_factory=dict)

    def __post_init__(self):
        self.n_years = len(self.years)
        self.raw: dict[str, np.ndarray] = {}
        self._line_shape = (self.size, self.n_years)

    def total(self, keys: list[str]) -> np.ndarray:
        """Sum of lines, added in the order given (so one draw of an ensemble equals the
        same scenario run alone, to the last bit). Lines that do not vary by draw stay
        (1, T) until a line that does is added, then the sum is built in place."""
        result = self.raw[keys[0]].copy() if keys else np.zeros((1, self.n_years))
        for key in keys[1:]:
            value = self.raw[key]
            if value.shape[0] > result.shape[0]:
                result = result + value
            else:
                result += value
        return result

    @property
    def scenario(self):
        return self.inputs.scenario

    def __getitem__(self, key: str) -> np.ndarray:
        return self.lines[key].values

    def add(self, key: str, label: str, unit: str, section: str, values: np.ndarray) -> np.ndarray:
        if not (isinstance(values, np.ndarray) and values.dtype is _FLOAT64):
            values = np.asarray(values, dtype=float)
        self.raw[key] = values  # as computed: (1, T) where it does not vary by draw
        if values.shape != self._line_shape:
            values = np.broadcast_to(values, self._line_shape)
        self.lines[key] = Line(key, label, unit, section, values)
        return values

    def keys(self, section: str) -> list[str]:
        return [k for k, line in self.lines.items() if line.section == section]

    def event_year(self, name: str, draw: int = 0) -> str | None:
        """Year label of an event (e.g. 'minimum_breached') for one draw, or None."""
        index = int(self.events[name][draw])
        return None if index < 0 else self.years[index]
