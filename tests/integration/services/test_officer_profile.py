"""Settings → the officer's row: geocoded home base and hours, in one transaction."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from hdf_field.domain.errors import ValidationError
from hdf_field.services import day_planner
from hdf_field.services.officer_profile import OfficerProfile, save_officer_profile
from hdf_field.services.planning import officer_spec
from hdf_field.storage.database import Database
from hdf_field.storage.orm import Officer, Organisation


def officer(db: Database, email: str) -> Officer:
    with db.session() as s:
        row = s.scalar(select(Officer).where(Officer.email == email))
        assert row is not None
        s.expunge(row)
        return row


def test_home_base_is_geocoded_into_the_officer_row_planning_reads(db: Database) -> None:
    saved = save_officer_profile(
        db, OfficerProfile("Alice Martin", "Alice@Example.org", "Amiens", "08:00", "17:00", 60)
    )
    assert saved.created and saved.home is not None and saved.home.insee == "80021"
    row = officer(db, "alice@example.org")
    assert (row.home_commune, row.home_insee) == ("Amiens", "80021")
    assert row.home_lat == pytest.approx(49.9, abs=0.1)
    assert row.home_lon == pytest.approx(2.3, abs=0.1)
    assert (row.day_start, row.day_end, row.lunch_minutes) == ("08:00", "17:00", 60)
    spec = officer_spec(row)
    assert spec.home.label == "Amiens" and spec.day_start == "08:00"
    # The Planning screen offers the officer with this home.
    (choice,) = day_planner.officer_choices(db)
    assert choice.home == "Amiens"

    again = save_officer_profile(db, OfficerProfile("Alice M.", "alice@example.org", "59000 Lille"))
    assert not again.created and again.officer_id == saved.officer_id
    row = officer(db, "alice@example.org")
    assert (row.name, row.home_commune, row.home_insee) == ("Alice M.", "Lille", "59350")
    assert row.home_lat == pytest.approx(50.63, abs=0.1)


def test_an_unknown_commune_changes_nothing(db: Database) -> None:
    save_officer_profile(db, OfficerProfile("Bob", "bob@example.org", "Beauvais"))
    with pytest.raises(ValidationError) as err:
        save_officer_profile(db, OfficerProfile("Robert", "bob@example.org", "Xqzzyville-sur-Mer"))
    assert err.value.field == "home_commune" and "Xqzzyville-sur-Mer" in err.value.message
    row = officer(db, "bob@example.org")
    assert (row.name, row.home_commune) == ("Bob", "Beauvais")
    with pytest.raises(ValidationError) as err:
        save_officer_profile(db, OfficerProfile("Eve", "", "Amiens"))
    assert err.value.field == "email"
    with db.session() as s:
        assert s.scalar(select(func.count()).select_from(Officer)) == 1


def test_a_belgian_home_and_clearing_it(db: Database) -> None:
    saved = save_officer_profile(db, OfficerProfile("Wim", "wim@example.be", "7500 Tournai"))
    assert saved.home is not None and saved.home.insee is None
    assert saved.home.lat == pytest.approx(50.6, abs=0.1)
    save_officer_profile(db, OfficerProfile("Wim", "wim@example.be", ""))
    row = officer(db, "wim@example.be")
    assert row.home_commune is None and row.home_lat is None


def test_the_earliest_departure_reaches_the_plan_and_is_bounded(db: Database) -> None:
    """ "Départ au plus tôt" is stored on the officer row and read by day planning; a value
    outside 0–180 minutes is refused without touching what is stored."""
    save_officer_profile(db, OfficerProfile("Ana", "ana@example.org", "Amiens"))
    assert officer_spec(officer(db, "ana@example.org")).early_departure_min == 60  # default
    save_officer_profile(
        db, OfficerProfile("Ana", "ana@example.org", "Amiens", early_departure_min=90)
    )
    assert officer(db, "ana@example.org").early_departure_min == 90
    assert officer_spec(officer(db, "ana@example.org")).early_departure_min == 90
    for bad in (-1, 181):
        with pytest.raises(ValidationError) as err:
            save_officer_profile(
                db, OfficerProfile("Ana", "ana@example.org", "Amiens", early_departure_min=bad)
            )
        assert err.value.field == "early_departure_min"
    assert officer(db, "ana@example.org").early_departure_min == 90


def test_the_commune_list_falls_back_to_the_data_only_without_a_gazetteer(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hdf_field.domain.errors import InputFileError
    from hdf_field.services import officer_profile
    from hdf_field.storage.uow import UnitOfWork

    names = officer_profile.commune_names(db)
    assert "Amiens" in names and names == sorted(names)
    with UnitOfWork(db) as uow:
        uow.session.add(Organisation(name="A", city="Zuydcoote"))
        uow.session.add(Organisation(name="B", city="abbeville"))
        uow.commit()

    def missing() -> None:
        raise InputFileError("communes.json.gz: geography resource missing")

    monkeypatch.setattr(officer_profile, "load_gazetteer", missing)
    assert officer_profile.commune_names(db) == ["abbeville", "Zuydcoote"]

    def broken() -> None:
        raise RuntimeError("a bug, not a missing file")

    monkeypatch.setattr(officer_profile, "load_gazetteer", broken)
    with pytest.raises(RuntimeError):  # reaches the caller: no silent empty list
        officer_profile.commune_names(db)
