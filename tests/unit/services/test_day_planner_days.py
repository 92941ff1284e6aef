"""Which day the planner opens on."""

from __future__ import annotations

from datetime import date

from hdf_field.planning.inputs import OfficerSpec
from hdf_field.planning.model import Place
from hdf_field.services.day_planner import next_working_day

HOME = Place("Lille", 50.63, 3.07)
SATURDAY = date(2026, 11, 28)


def test_a_weekend_day_gives_the_next_working_day() -> None:
    weekdays = OfficerSpec("o", "A", HOME)
    assert next_working_day(weekdays, SATURDAY) == date(2026, 11, 30)
    assert next_working_day(weekdays, date(2026, 11, 27)) == date(2026, 11, 27)
    tue_to_sat = OfficerSpec("o", "A", HOME, working_days=(2, 3, 4, 5, 6))
    assert next_working_day(tue_to_sat, SATURDAY) == SATURDAY
    assert next_working_day(tue_to_sat, date(2026, 11, 29)) == date(2026, 12, 1)
    assert next_working_day(OfficerSpec("o", "A", HOME, working_days=()), SATURDAY) == SATURDAY
