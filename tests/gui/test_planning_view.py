from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QDate
from sqlalchemy import select

from hdf_field.domain.enums import VisitStatus
from hdf_field.storage.database import Database
from hdf_field.storage.orm import Officer, Organisation, Visit
from hdf_field.storage.uow import UnitOfWork

PLACES = [
    ("Lille", 50.6292, 3.0573),
    ("Roubaix", 50.6942, 3.1746),
    ("Tourcoing", 50.7239, 3.1612),
    ("Villeneuve-d'Ascq", 50.6233, 3.1450),
    ("Lens", 50.4322, 2.8333),
]


def test_propose_and_save_a_day(qtbot: Any, db: Database, runner: Any, settings: Any) -> None:
    from hdf_field.ui.planning_view import PlanningView

    with UnitOfWork(db, actor="t") as uow:
        officer = Officer(
            name="Alice Martin",
            email="alice@example.org",
            home_lat=50.63,
            home_lon=3.06,
            home_commune="Lille",
            territory=["59", "62"],
        )
        uow.session.add(officer)
        for i, (city, lat, lon) in enumerate(PLACES):
            uow.session.add(
                Organisation(
                    name=f"Atelier {city}",
                    city=city,
                    lat=lat,
                    lon=lon,
                    departement="62" if city == "Lens" else "59",
                    priority=2,
                    assigned_officer=officer,
                    siret=None,
                    street=f"{i + 1} rue de la Gare",
                )
            )
        uow.commit()
    view = PlanningView(db, runner, settings)
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: view.officer.count() == 1, timeout=3000)
    day = date.today() + timedelta(days=(7 - date.today().weekday()) % 7 or 7)  # next Monday
    view.day.setDate(QDate(day.year, day.month, day.day))
    view.propose()
    qtbot.waitUntil(lambda: view.plan is not None, timeout=60000)
    assert view.plan is not None and len(view.plan.stops) >= 3
    assert view.stops_model.rowCount() == len(view.plan.stops)
    assert "visites" in view.summary.text()
    with qtbot.waitSignal(view.planSaved, timeout=10000):
        view.save()
    with db.session() as s:
        planned = s.scalars(select(Visit).where(Visit.status == VisitStatus.PLANNED)).all()
    assert len(planned) == len(view.plan.stops)
    activated: list[str] = []
    view.organisationActivated.connect(activated.append)
    view.stops.activated.emit(view.stops_model.index(0, 0))
    assert activated == [view.plan.stops[0].organisation_id]
