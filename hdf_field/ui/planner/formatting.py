"""Kilometres and durations as the planner screens show them (decimal comma in French)."""

from __future__ import annotations

from hdf_field.ui.common import ui_locale


def km_text(value: float) -> str:
    """'1 234,5' / '1,234.5': QLocale's grouping and decimal sign."""
    return ui_locale().toString(float(value), "f", 1)


def duration_text(minutes: float) -> str:
    total = round(minutes)
    if total < 60:
        return f"{total} min"
    return f"{total // 60} h {total % 60:02d}"


def whole(value: float) -> str:
    """A campaign-sized total, grouped by thousands as the locale writes them (11 638)."""
    return ui_locale().toString(round(value))
