"""The managers' dashboard figures as plain values, shared by the service that counts them,
the screen that shows them and the reports that print them.

They live below all three so that a report never has to reach up into the service layer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Kpis:
    target: int
    organisations: int
    visited: int
    oriented: int
    members: int
    visits_done: int
    visits_planned: int

    @property
    def progress(self) -> float:
        """Share of the campaign target visited at least once."""
        return self.visited / self.target if self.target else 0.0


@dataclass(frozen=True)
class CoverageRow:
    code: str
    label: str
    prospects: int
    visited: int

    @property
    def rate(self) -> float:
        return self.visited / self.prospects if self.prospects else 0.0


@dataclass(frozen=True)
class OfficerWeeks:
    officer: str
    visits: tuple[int, ...]  # one count per week of :attr:`DashboardData.weeks`

    @property
    def total(self) -> int:
        return sum(self.visits)


@dataclass(frozen=True)
class DashboardData:
    today: date
    kpis: Kpis
    funnel: tuple[tuple[str, int], ...]  # (status value, organisations) in funnel order
    weeks: tuple[date, ...]  # Monday of each week, oldest first
    officers: tuple[OfficerWeeks, ...]
    by_departement: tuple[CoverageRow, ...]
    by_epci: tuple[CoverageRow, ...]
    by_area: tuple[CoverageRow, ...]
    orientations: tuple[tuple[str, int], ...]  # (cluster name, organisations oriented to it)
