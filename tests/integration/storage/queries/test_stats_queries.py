"""The campaign counts straight from the query module: deleted rows never count."""

from __future__ import annotations

from datetime import UTC, datetime

from hdf_field.domain.enums import Area, FunnelStatus, OrgKind
from hdf_field.storage.database import Database
from hdf_field.storage.orm import Officer, Organisation, Visit
from hdf_field.storage.queries.stats import (
    count_live_officers,
    count_live_organisations,
    count_live_visits,
    live_organisations_by,
)
from hdf_field.storage.uow import UnitOfWork

GONE = datetime(2026, 1, 5, tzinfo=UTC)


def seed(db: Database) -> None:
    with UnitOfWork(db, actor="t") as uow:
        officer = Officer(name="A. Officer", email="a@agence.example")
        retired = Officer(name="R. Etired", email="r@agence.example", deleted_at=GONE)
        firm = Organisation(
            name="Firme",
            kind=OrgKind.FIRM,
            departement="59",
            area=Area.NPDC,
            status=FunnelStatus.VISITED,
        )
        lab = Organisation(
            name="Labo", kind=OrgKind.RESEARCH_LAB, departement="80", area=Area.PICARDIE
        )
        nowhere = Organisation(name="Sans lieu", kind=OrgKind.FIRM)
        deleted = Organisation(
            name="Fermée", kind=OrgKind.RESEARCH_LAB, departement="80", deleted_at=GONE
        )
        visits = [
            Visit(organisation=firm, officer=officer),
            Visit(organisation=lab, officer=officer, deleted_at=GONE),
        ]
        uow.session.add_all([officer, retired, firm, lab, nowhere, deleted, *visits])
        uow.commit()


def test_totals_leave_deleted_rows_out(db: Database) -> None:
    seed(db)
    with db.session() as s:
        assert count_live_organisations(s) == 3
        assert count_live_visits(s) == 1
        assert count_live_officers(s) == 1


def test_grouped_counts_key_enums_by_value_and_skip_missing_values(db: Database) -> None:
    seed(db)
    with db.session() as s:
        assert live_organisations_by(s, field="kind") == {"firm": 2, "research_lab": 1}
        assert live_organisations_by(s, field="departement") == {"59": 1, "80": 1}
        assert live_organisations_by(s, field="area") == {
            Area.NPDC.value: 1,
            Area.PICARDIE.value: 1,
        }
        by_status = live_organisations_by(s, field="status")
        assert by_status[FunnelStatus.VISITED.value] == 1
        assert sum(by_status.values()) == 3


def test_empty_database_counts_zero(db: Database) -> None:
    with db.session() as s:
        assert count_live_organisations(s) == 0
        assert live_organisations_by(s, field="kind") == {}
