"""The Prospects screen's reads, each in its own short session.

The GUI hands over a database and gets frozen rows back, on its database thread; it never
holds a session (a session kept by a widget outlives the query and pins a SQLite snapshot).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from hdf_field.domain.errors import InputFileError
from hdf_field.services.prospects import (
    PAGE_SIZE,
    Choice,
    FilterChoices,
    ProspectFilter,
    ProspectRow,
    count_prospects,
    filter_choices,
    prospect_ids,
    prospect_rows,
    search_prospects,
)
from hdf_field.storage.database import Database
from hdf_field.storage.interrupt import Interrupter, interruptible_session

__all__ = [
    "Interrupter",
    "read_filter_choices",
    "read_prospect_count",
    "read_prospect_ids",
    "read_prospect_page",
    "read_prospect_rows",
    "with_epci_names",
]


def read_prospect_page(
    db: Database,
    flt: ProspectFilter,
    *,
    sort: str = "name",
    descending: bool = False,
    offset: int = 0,
    limit: int = PAGE_SIZE,
    interrupter: Interrupter | None = None,
) -> list[ProspectRow]:
    """A page of matches; ``interrupter.cancel()`` from another thread stops it (Cancelled)."""
    with interruptible_session(db, interrupter) as s:
        return search_prospects(
            s, flt, sort=sort, descending=descending, offset=offset, limit=limit
        )


def read_prospect_count(
    db: Database,
    flt: ProspectFilter,
    *,
    cap: int | None = None,
    interrupter: Interrupter | None = None,
) -> int:
    """The matching organisations, counted up to ``cap`` (then ``cap + 1``: "more than");
    ``interrupter.cancel()`` from another thread stops the count (Cancelled)."""
    with interruptible_session(db, interrupter) as s:
        return count_prospects(s, flt, cap=cap)


def read_prospect_rows(db: Database, ids: Iterable[str]) -> dict[str, ProspectRow]:
    """Rows by organisation id: a page that left the table's window, or rows changed
    elsewhere (an edit, a logged visit)."""
    with db.session() as s:
        return prospect_rows(s, ids)


def read_prospect_ids(db: Database, flt: ProspectFilter) -> list[str]:
    """Every matching organisation id, for views that show the whole selection (the map)."""
    with db.session() as s:
        return prospect_ids(s, flt)


def read_filter_choices(db: Database) -> FilterChoices:
    """The filter bar's choices, EPCIs named from the gazetteer when it is installed."""
    with db.session() as s:
        choices = filter_choices(s)
    return with_epci_names(choices)


def with_epci_names(choices: FilterChoices) -> FilterChoices:
    """EPCI codes mean nothing to people: name them from the gazetteer when it is there."""
    from hdf_field.geo.gazetteer import load_gazetteer

    try:
        communes = load_gazetteer().communes()
    except InputFileError:  # gazetteer not built here: codes it is
        return choices
    names = {c.epci_code: c.epci_name for c in communes if c.epci_code}
    epcis = tuple(
        sorted(
            (Choice(c.key, names.get(c.key) or c.label) for c in choices.epcis),
            key=lambda c: c.label.lower(),
        )
    )
    return replace(choices, epcis=epcis)
