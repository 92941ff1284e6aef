"""Retention at the registry: contacts with no activity for N months are listed for review and
erased in bulk (``hdf-field registry retention [--apply]``); and the registry's own export of
everything it holds on one person, its audit included."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from hdf_field.cli import main
from hdf_field.domain.enums import Role
from hdf_field.domain.errors import ValidationError
from hdf_field.registry import erasure
from hdf_field.registry.tables import AuditEntry, Erasure
from hdf_field.services.protected_files import open_protected
from hdf_field.storage.orm import KEEP_BOOKKEEPING, Contact, FollowUp, Officer, Organisation, Visit
from tests.integration.sync.conftest import Registry
from tests.integration.sync.registry_http import caller, mutation

TODAY = date(2026, 12, 3)  # 36 months before: 2023-12-03


def db_url(registry: Registry) -> str:
    """What ``--db`` takes: the SQLite file, or the PostgreSQL URL (its schema included)."""
    engine_url = registry.db.engine.url
    if engine_url.get_backend_name() == "sqlite":
        return str(engine_url.database)
    return engine_url.render_as_string(hide_password=False)


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 12, 3), 36, date(2023, 12, 3)),
        (date(2024, 3, 31), 1, date(2024, 2, 29)),
        (date(2026, 1, 15), 13, date(2024, 12, 15)),
        (date(2026, 3, 31), 13, date(2025, 2, 28)),
    ],
)
def test_months_before(day: date, months: int, expected: date) -> None:
    assert erasure.months_before(day, months) == expected


def seed(registry: Registry) -> dict[str, uuid.UUID]:
    """Contacts whose last activity lies around the 36-month boundary of TODAY."""
    ids = {k: uuid.uuid4() for k in ("before", "on", "visited", "old_visit", "followed")}
    with registry.db.session_factory() as s:
        s.info[KEEP_BOOKKEEPING] = True  # the timestamps are the test's, not now
        officer = Officer(name="A", email="a@hdf.fr", created_at=at(2020, 1, 1))
        officer.updated_at = at(2020, 1, 1)
        org = Organisation(name="Forges", departement="59")
        org.created_at = org.updated_at = at(2020, 1, 1)
        s.add_all([officer, org])
        s.flush()
        edited = {
            "before": at(2023, 12, 2, 23, 59),  # a minute before the cutoff: listed
            "on": at(2023, 12, 3),  # on the cutoff: kept
            "visited": at(2020, 5, 1),
            "old_visit": at(2020, 5, 1),
            "followed": at(2020, 5, 1),
        }
        for key, when in edited.items():
            s.add(
                Contact(
                    id=ids[key],
                    organisation_id=org.id,
                    last_name=f"Personne-{key}",
                    created_at=at(2020, 1, 1),
                    updated_at=when,
                    version=1,
                )
            )
        s.flush()
        visits = {
            "visited": (at(2024, 1, 10), at(2020, 6, 1)),  # planned after the cutoff: kept
            "old_visit": (at(2021, 2, 1), at(2021, 2, 2)),  # everything before: listed
            "followed": (at(2021, 2, 1), at(2021, 2, 2)),  # but its follow-up was edited later
        }
        for key, (planned, updated) in visits.items():
            v = Visit(
                organisation_id=org.id,
                officer_id=officer.id,
                contact_id=ids[key],
                planned_start=planned,
                created_at=updated,
                updated_at=updated,
                version=1,
            )
            s.add(v)
            s.flush()
            if key == "followed":
                s.add(
                    FollowUp(
                        organisation_id=org.id,
                        visit_id=v.id,
                        due_date=date(2021, 3, 1),
                        action="Relancer",
                        created_at=at(2021, 2, 2),
                        updated_at=at(2024, 2, 1),
                        version=1,
                    )
                )
        s.commit()
    return ids


def test_retention_lists_around_the_boundary_and_erases_in_bulk(registry: Registry) -> None:
    ids = seed(registry)
    with registry.db.session() as s:
        listed = {i.id for i in erasure.inactive_contacts(s, 36, TODAY)}
        assert listed == {ids["before"], ids["old_visit"]}
        # A shorter period reaches the contacts active in between.
        shorter = {i.id for i in erasure.inactive_contacts(s, 30, TODAY)}
        assert shorter == set(ids.values())
        with pytest.raises(ValidationError):
            erasure.inactive_contacts(s, 0, TODAY)
    erased = erasure.apply_retention(registry.db, 36, "chef@hdf.fr", TODAY)
    assert {i.id for i in erased} == listed
    with registry.db.session() as s:
        left = set(s.scalars(select(Contact.id)))
        assert left == set(ids.values()) - listed
        assert set(s.scalars(select(Erasure.record_id))) == listed
        run = s.scalars(select(AuditEntry).where(AuditEntry.action == "retention.apply")).one()
        assert run.detail == {"months": 36, "erased": 2} and run.actor == "chef@hdf.fr"
        reasons = {
            a.detail["reason"]
            for a in s.scalars(select(AuditEntry).where(AuditEntry.action == "erase"))
        }
        assert reasons == {"retention 36 months"}
        # The visit of an erased contact stays, naming nobody.
        visits = list(s.scalars(select(Visit.contact_id)))
        assert sorted(visits, key=str) == sorted([ids["visited"], ids["followed"], None], key=str)
        assert erasure.inactive_contacts(s, 36, TODAY) == []


def test_retention_cli_uses_the_registry_setting(
    registry: Registry, capsys: pytest.CaptureFixture[str]
) -> None:
    boss = caller(registry, "chef@hdf.fr", Role.MANAGER)
    org = uuid.uuid4()
    assert boss.push(mutation("organisation", org, name="Forges", departement="59")).is_success
    now = datetime.now(UTC)
    fresh, stale = uuid.uuid4(), uuid.uuid4()
    with registry.db.session_factory() as s:
        s.info[KEEP_BOOKKEEPING] = True
        for cid, age in ((fresh, 30), (stale, 400)):
            when = now - timedelta(days=age)
            s.add(
                Contact(
                    id=cid,
                    organisation_id=org,
                    last_name=f"P{age}",
                    created_at=when,
                    updated_at=when,
                    version=1,
                )
            )
        s.commit()
    url = db_url(registry)
    assert main(["registry", "retention", "--db", url, "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["months"] == 36 and out["contacts"] == []
    assert main(["registry", "retention", "--db", url, "--set-months", "12", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["months"] == 12 and [c["id"] for c in out["contacts"]] == [str(stale)]
    assert main(["registry", "retention", "--db", url, "--apply"]) == 2  # --yes is required
    capsys.readouterr()
    assert main(["registry", "retention", "--db", url, "--apply", "--yes", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["applied"] and [c["id"] for c in out["contacts"]] == [str(stale)]
    with registry.db.session() as s:
        assert set(s.scalars(select(Contact.id))) == {fresh}


def test_registry_export_carries_the_audit(
    registry: Registry, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    north = caller(registry, "nord@hdf.fr", territory=["59"])
    org, person = uuid.uuid4(), uuid.uuid4()
    for m in (
        mutation("organisation", org, name="Forges", departement="59", siret="73282932000074"),
        mutation("contact", person, organisation_id=str(org), last_name="Lefèvre", email="a@b.fr"),
        mutation("contact", person, 1, role="DAF"),
    ):
        assert north.push(m).is_success
    url = db_url(registry)
    assert main(["registry", "contact", "export", str(person), "--db", url, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["contact"]["last_name"] == "Lefèvre" and data["contact"]["role"] == "DAF"
    assert [(a["action"], a["actor"]) for a in data["audit"]] == [
        ("create", "nord@hdf.fr"),
        ("applied", "nord@hdf.fr"),
    ]
    assert data["organisation"]["siret"] == "73282932000074"
    # --pdf: encrypted like the laptop's export (the same options and output).
    pdf = tmp_path / "export.pdf"
    passphrase = tmp_path / "pass.txt"
    passphrase.write_text("registry export passphrase\n", encoding="utf-8")
    argv = ["registry", "contact", "export", str(person), "--db", url, "--pdf", str(pdf)]
    assert main([*argv, "--passphrase-file", str(passphrase), "--json"]) == 0
    said = json.loads(capsys.readouterr().out)
    assert said["encrypted"] is True and said["file"] == str(tmp_path / "export.zip")
    assert b"Lef" not in (tmp_path / "export.zip").read_bytes()
    inside = open_protected(tmp_path / "export.zip", "registry export passphrase")
    assert json.loads(inside["export.json"])["audit"] == data["audit"]
    assert main([*argv, "--plain"]) == 0  # the explicit opt-out: the bare PDF, with a warning
    assert "n'est PAS chiffré" in capsys.readouterr().err  # in the run's language
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages)
    assert "base centrale" in text and "Lefèvre" in text and "nord@hdf.fr" in text
    # Erased: the export says so, with nothing but the tombstone.
    assert main(["registry", "contact", "erase", str(person), "--db", url, "--yes"]) == 0
    capsys.readouterr()
    assert main(["registry", "contact", "export", str(person), "--db", url, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["erased"]["erased_by"].startswith("cli")
    assert "Lefèvre" not in json.dumps(data, ensure_ascii=False)
    assert main(["registry", "contact", "export", str(uuid.uuid4()), "--db", url]) == 1
