"""The .ics export parses back, keeps local times, escapes text, folds lines, and keeps UIDs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest

from hdf_field.planning.model import DayPlan, PlannedStop
from hdf_field.reports.ics import plan_to_ics

PARIS = ZoneInfo("Europe/Paris")
STAMP = datetime(2026, 11, 25, 19, 0, tzinfo=UTC)


def _events(text: str) -> list[icalendar.Event]:
    return list(icalendar.Calendar.from_ical(text).walk("VEVENT"))


def test_one_event_per_visit_at_paris_local_time(day_factory: Callable[..., DayPlan]) -> None:
    plans = [day_factory(3), day_factory(2, day=date(2027, 7, 6))]
    events = _events(plan_to_ics(plans, stamp=STAMP))

    assert len(events) == 5
    first = events[0]
    start = first.decoded("dtstart")
    assert start == plans[0].stops[0].start
    assert str(first["dtstart"].params["TZID"]) == "Europe/Paris"
    assert start.tzinfo is not None and start.utcoffset() == timedelta(hours=1)
    summer = events[3].decoded("dtstart")
    assert (summer.hour, summer.minute) == (8, 25) and summer.utcoffset() == timedelta(hours=2)
    assert events[0].decoded("dtend") == plans[0].stops[0].departure
    assert first.decoded("dtstamp") == STAMP
    assert str(first["summary"]) == "Visite : Entreprise numéro 1"
    assert str(first["location"]) == "1 rue de la Gare, 80000 Amiens"
    geo = first["geo"]
    assert (geo.latitude, geo.longitude) == pytest.approx((49.894, 2.296))
    description = str(first["description"])
    assert "Contact : Contact 1" in description and "Tél. : 03 22 00 00 01" in description
    assert "Objet : Objet de la visite 1" in description


def test_the_vtimezone_block_agrees_with_the_tz_database(
    day_factory: Callable[..., DayPlan],
) -> None:
    calendar = icalendar.Calendar.from_ical(plan_to_ics([day_factory(1)], stamp=STAMP))
    (component,) = calendar.walk("VTIMEZONE")
    assert str(component["tzid"]) == "Europe/Paris"
    tz = component.to_tz(lookup_tzid=False)  # built from our RRULEs, not the tz database
    for moment in (
        datetime(2026, 3, 29, 1, 59),
        datetime(2026, 3, 29, 3, 1),
        datetime(2026, 10, 25, 1, 0),
        datetime(2026, 10, 25, 3, 30),
        datetime(2031, 7, 14, 12, 0),
        datetime(2031, 12, 1, 9, 0),
    ):
        assert moment.replace(tzinfo=tz).utcoffset() == moment.replace(tzinfo=PARIS).utcoffset()


def test_text_is_escaped_and_round_trips(day_factory: Callable[..., DayPlan]) -> None:
    plan = day_factory(1)
    name = "Dupont, Fils; et Cie \\ SARL"
    stop = replace(plan.stops[0], name=name, purpose="Ligne 1\nLigne 2")
    text = plan_to_ics([replace(plan, stops=(stop,))], stamp=STAMP)

    assert "Dupont\\, Fils\\; et Cie \\\\ SARL" in text
    assert "Ligne 1\\nLigne 2" in text.replace("\r\n ", "")
    (event,) = _events(text)
    assert str(event["summary"]) == f"Visite : {name}"
    assert "Ligne 1\nLigne 2" in str(event["description"])


def test_lines_are_crlf_and_folded_at_75_octets(
    day_factory: Callable[..., DayPlan], stop_factory: Callable[..., PlannedStop]
) -> None:
    plan = day_factory(1)
    long = "Décarbonation, économie circulaire et évolution des compétences " * 4
    stop = replace(plan.stops[0], purpose=long)
    text = plan_to_ics([replace(plan, stops=(stop,))], stamp=STAMP)
    raw = text.encode("utf-8")

    assert raw.endswith(b"\r\n")
    assert b"\n" not in raw.replace(b"\r\n", b"")
    lines = raw.split(b"\r\n")
    assert max(len(line) for line in lines) <= 75
    assert any(line.startswith(b" ") for line in lines)  # the long description was folded
    for line in lines:
        line.decode("utf-8")  # folding never splits a multi-byte character
    (event,) = _events(text)
    assert long.strip() in str(event["description"])


def test_uids_are_stable_across_exports_and_distinct_per_visit(
    day_factory: Callable[..., DayPlan],
) -> None:
    plans = [day_factory(3), day_factory(3, day=date(2026, 12, 2))]
    first = [str(e["uid"]) for e in _events(plan_to_ics(plans, stamp=STAMP))]
    later = STAMP + timedelta(days=1)
    moved = [
        replace(
            plans[0],
            stops=tuple(
                replace(
                    s, arrival=s.arrival + timedelta(hours=1), start=s.start + timedelta(hours=1)
                )
                for s in plans[0].stops
            ),
        )
    ] + plans[1:]
    second = [str(e["uid"]) for e in _events(plan_to_ics(moved, stamp=later))]

    assert first == second
    assert len(set(first)) == 6  # same organisations on two days: still six events
    with_visit = replace(plans[0].stops[0], visit_id="7f1c")
    (event,) = _events(plan_to_ics([replace(plans[0], stops=(with_visit,))], stamp=STAMP))
    assert str(event["uid"]) == "visit-7f1c@hdf-field"


def test_english_summary(day_factory: Callable[..., DayPlan]) -> None:
    (event,) = _events(plan_to_ics([day_factory(1)], lang="en", stamp=STAMP))
    assert str(event["summary"]) == "Visit: Entreprise numéro 1"
    assert "Tel.: 03 22 00 00 01" in str(event["description"])
