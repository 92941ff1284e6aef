"""Planned visits as an iCalendar file (RFC 5545) for the officer's phone or Outlook.

Each visit gets a UID derived from the visit (or organisation and day), so importing a revised
plan updates the events already in the calendar instead of duplicating them. Times carry
TZID=Europe/Paris with an explicit VTIMEZONE (the EU summer-time rule as RRULEs) so calendars
that ignore the IANA name still place the visits at the right hour. The ``icalendar`` package
does the escaping (, ; \\ and newlines) and the folding at 75 octets with CRLF line ends.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar

from hdf_field.planning.model import DayPlan, PlannedStop
from hdf_field.reports.messages import Lang, check_lang, tr

PARIS = ZoneInfo("Europe/Paris")
PRODID = "-//HDF Field//Route plans//FR"
UID_DOMAIN = "hdf-field"


def visit_uid(plan: DayPlan, stop: PlannedStop) -> str:
    """Stable across re-exports: the visit's id when it exists, else organisation + day."""
    if stop.visit_id:
        return f"visit-{stop.visit_id}@{UID_DOMAIN}"
    return f"org-{stop.organisation_id}-{plan.day:%Y%m%d}@{UID_DOMAIN}"


def _paris_timezone() -> icalendar.Timezone:
    """Europe/Paris since 1996: CET/CEST, switching on the last Sundays of March and October."""
    tz = icalendar.Timezone()
    tz.add("tzid", "Europe/Paris")
    standard = icalendar.TimezoneStandard()
    standard.add("dtstart", datetime(1996, 10, 27, 3, 0))
    standard.add("tzoffsetfrom", timedelta(hours=2))
    standard.add("tzoffsetto", timedelta(hours=1))
    standard.add("tzname", "CET")
    standard.add("rrule", {"freq": "yearly", "bymonth": 10, "byday": "-1su"})
    daylight = icalendar.TimezoneDaylight()
    daylight.add("dtstart", datetime(1981, 3, 29, 2, 0))
    daylight.add("tzoffsetfrom", timedelta(hours=1))
    daylight.add("tzoffsetto", timedelta(hours=2))
    daylight.add("tzname", "CEST")
    daylight.add("rrule", {"freq": "yearly", "bymonth": 3, "byday": "-1su"})
    tz.add_component(standard)
    tz.add_component(daylight)
    return tz


def _paris(moment: datetime) -> datetime:
    if moment.tzinfo is None:  # the model promises aware times; a naive one is local time
        return moment.replace(tzinfo=PARIS)
    return moment.astimezone(PARIS)


def _description(stop: PlannedStop, lang: Lang) -> str:
    colon = " : " if lang == "fr" else ": "
    lines = []
    if stop.fixed:
        lines.append(tr(lang, "fixed"))
    for key, value in (
        ("contact", stop.contact_name),
        ("phone", stop.contact_phone),
        ("purpose", stop.purpose),
        ("orientation", stop.orientation_hint),
        ("last_visit", stop.last_visit_summary),
    ):
        if value:
            lines.append(f"{tr(lang, key)}{colon}{value}")
    return "\n".join(lines)


def plan_to_ics(
    plans: Sequence[DayPlan], *, lang: str = "fr", stamp: datetime | None = None
) -> str:
    """One VEVENT per planned visit, from the start of the visit (after any wait) to its end."""
    language = check_lang(lang)
    now = (stamp or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", tr(language, "route_plan"))
    calendar.add("x-wr-timezone", "Europe/Paris")
    calendar.add_component(_paris_timezone())
    for plan in plans:
        for stop in plan.stops:
            event = icalendar.Event()
            event.add("uid", visit_uid(plan, stop))
            event.add("dtstamp", now)
            event.add("dtstart", _paris(stop.start))
            event.add("dtend", _paris(stop.departure))
            summary = "Visite : " if language == "fr" else "Visit: "
            event.add("summary", summary + stop.name)
            event.add("location", stop.address.replace("\n", ", "))
            event.add("geo", (round(stop.lat, 6), round(stop.lon, 6)))
            description = _description(stop, language)
            if description:
                event.add("description", description)
            event.add("categories", [tr(language, "route_plan")])
            event.add("x-hdf-officer", plan.officer_name)
            calendar.add_component(event)
    return str(calendar.to_ical().decode("utf-8"))
