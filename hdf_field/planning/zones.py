"""Local time of the campaign: every planned time is Europe/Paris wall-clock time."""

from __future__ import annotations

from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")
