"""DashboardView renders the campaign figures and exports PNG, PDF and CSV files."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from hdf_field.domain.enums import Area, FunnelStatus, VisitStatus
from hdf_field.storage.database import Database
from hdf_field.storage.orm import Officer, Organisation, Visit
from hdf_field.storage.uow import UnitOfWork
from hdf_field.ui.dashboard_view import DashboardView

EPCI = {
    "type": "FeatureCollection",
    "features": [
        {
            "type": "Feature",
            "properties": {"code": "200093201", "name": "MEL"},
            "geometry": {
                "type": "Polygon",
                "coordinates": [[[2.8, 50.5], [3.3, 50.5], [3.3, 50.8], [2.8, 50.8]]],
            },
        },
        {
            "type": "Feature",
            "properties": {"code": "248000531", "name": "Amiens Métropole"},
            "geometry": {
                "type": "Polygon",
                "coordinates": [[[2.1, 49.8], [2.5, 49.8], [2.5, 50.0], [2.1, 50.0]]],
            },
        },
    ],
}


@pytest.fixture
def dashboard(qtbot, db: Database, runner) -> DashboardView:
    with UnitOfWork(db, actor="test") as uow:
        s = uow.session
        officer = Officer(name="Alice Martin", email="alice@example.org")
        s.add(officer)
        orgs = [
            Organisation(
                name=f"Org {i}",
                departement="59",
                epci_code="200093201",
                area=Area.NPDC,
                status=FunnelStatus.IDENTIFIED,
            )
            for i in range(3)
        ] + [
            Organisation(
                name="Amiens",
                departement="80",
                epci_code="248000531",
                area=Area.PICARDIE,
                status=FunnelStatus.MEMBER,
            )
        ]
        s.add_all(orgs)
        s.flush()
        s.add(
            Visit(
                organisation_id=orgs[0].id,
                officer_id=officer.id,
                status=VisitStatus.DONE,
                actual_start=datetime.now(UTC),
            )
        )
        uow.commit()
    view = DashboardView(db, runner=runner)
    qtbot.addWidget(view)
    view.set_epci_outlines(EPCI, {"200093201": "Métropole Européenne de Lille"})
    view.resize(1300, 900)
    view.show()
    with qtbot.waitSignal(view.refreshed, timeout=10000):
        view.refresh()
    return view


def test_tiles_tables_and_map_show_the_figures(dashboard: DashboardView) -> None:
    assert dashboard.tile_visited.value.text() == "2"  # one done visit + one member
    assert dashboard.tile_members.value.text() == "1"
    assert dashboard.tile_orgs.value.text() == "4"
    assert "2 visitées" in dashboard.progress.format()
    rows = {
        dashboard.table_epci.item(r, 0).text(): dashboard.table_epci.item(r, 3).text()
        for r in range(dashboard.table_epci.rowCount())
    }
    assert rows == {
        "Métropole Européenne de Lille": "33,3\u00a0%",
        "248000531": "100,0\u00a0%",
    }
    assert set(dashboard.map.area_items) == {"200093201", "248000531"}
    mel = dashboard.map.area_items["200093201"][0]
    assert "33,3\u00a0%" in mel.toolTip()
    assert dashboard.funnel_view.chart().series()[0].count() == len(FunnelStatus)
    # Each bar's figure follows its name, so a short bar's figure is never clipped.
    funnel = dashboard.funnel_view.chart().axes(Qt.Orientation.Vertical)[0].categories()
    assert "Adhérent   1" in funnel and "Identifié   3" in funnel


def test_long_cluster_names_are_shortened_not_elided_to_dots() -> None:
    from hdf_field.ui.dashboard_view import _short

    assert _short("CD2E") == "CD2E"
    long = "Campus des métiers et des qualifications Industrie du futur"
    assert len(_short(long)) == 30 and _short(long).endswith("…")


def test_png_export_through_the_button(dashboard: DashboardView, tmp_path: Path, qtbot) -> None:
    target = tmp_path / "tableau.png"
    dashboard.choose_file = lambda *_: str(target)
    with qtbot.waitSignal(dashboard.exported) as done:
        dashboard.png_button.click()
    assert done.args == [str(target)]
    image = QImage(str(target))
    assert image.width() >= 1000 and image.height() >= 800


def test_pdf_export_runs_off_the_gui_thread(
    dashboard: DashboardView, tmp_path: Path, qtbot
) -> None:
    target = tmp_path / "tableau.pdf"
    with qtbot.waitSignal(dashboard.exported, timeout=20000):
        dashboard.export_pdf(target)
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(target.read_bytes())).pages)
    assert "Visitées au moins une fois" in text
    assert "Adhérents" in text
    assert "Métropole Européenne de Lille" in text


def test_csv_export_writes_every_table(dashboard: DashboardView, tmp_path: Path, qtbot) -> None:
    with qtbot.waitSignal(dashboard.exported, timeout=10000):
        dashboard.export_csv(tmp_path / "csv")
    names = sorted(p.name for p in (tmp_path / "csv").iterdir())
    assert "tableau_de_bord_entonnoir.csv" in names and len(names) == 7
    funnel = (tmp_path / "csv" / "tableau_de_bord_entonnoir.csv").read_text("utf-8-sig")
    assert "Adhérent;member;1" in funnel


def test_weeks_setting_changes_the_officers_table(dashboard: DashboardView, qtbot) -> None:
    dashboard.weeks_spin.setValue(4)
    with qtbot.waitSignal(dashboard.refreshed, timeout=10000):
        dashboard.weeks_spin.editingFinished.emit()
    assert dashboard.data is not None and len(dashboard.data.weeks) == 4
    # Officer, four weeks, total.
    assert dashboard.officers_table.columnCount() == 6


def test_every_officer_has_a_row_even_beyond_eight(
    qtbot, db: Database, runner, tmp_path: Path
) -> None:
    """Twelve officers in the field: none may drop out of the weekly table or the PDF."""
    now = datetime.now(UTC)
    with UnitOfWork(db, actor="test") as uow:
        s = uow.session
        officers = [Officer(name=f"Agent {i:02d}", email=f"a{i}@example.org") for i in range(12)]
        org = Organisation(
            name="Org", departement="59", area=Area.BELGIUM, status=FunnelStatus.VISITED
        )
        s.add_all([*officers, org])
        s.flush()
        for i, officer in enumerate(officers):
            for _ in range(i + 1):
                s.add(
                    Visit(
                        organisation_id=org.id,
                        officer_id=officer.id,
                        status=VisitStatus.DONE,
                        actual_start=now,
                    )
                )
        uow.commit()
    view = DashboardView(db, runner=runner)
    qtbot.addWidget(view)
    view.set_epci_outlines(EPCI, {})
    view.show()
    with qtbot.waitSignal(view.refreshed, timeout=10000):
        view.refresh()
    table = view.officers_table
    names = [table.item(r, 0).text() for r in range(table.rowCount())]
    assert sorted(names) == [f"Agent {i:02d}" for i in range(12)]
    totals = {
        table.item(r, 0).text(): table.item(r, table.columnCount() - 1).text()
        for r in range(table.rowCount())
    }
    assert totals["Agent 11"] == "12" and totals["Agent 00"] == "1"
    # The busiest cell is the darkest.
    last_week = table.columnCount() - 2
    busiest = next(r for r in range(table.rowCount()) if names[r] == "Agent 11")
    quiet = next(r for r in range(table.rowCount()) if names[r] == "Agent 00")
    assert (
        table.item(busiest, last_week).background().color().lightness()
        < table.item(quiet, last_week).background().color().lightness()
    )
    areas = [view.table_area.item(r, 0).text() for r in range(view.table_area.rowCount())]
    assert "Belgique" in areas and "Belgium" not in areas

    target = tmp_path / "tableau.pdf"
    with qtbot.waitSignal(view.exported, timeout=20000):
        view.export_pdf(target)
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(target.read_bytes())).pages)
    assert all(f"Agent {i:02d}" in text for i in range(12))
    assert "Belgique" in text


def test_switching_to_english_translates_the_funnel_and_titles(
    dashboard: DashboardView, qtbot
) -> None:
    from hdf_field.ui.i18n import Translations, compiled_translation

    if compiled_translation("en") is None:
        pytest.skip("pyside6-lrelease not available")

    def funnel_names() -> list[str]:
        axis = dashboard.funnel_view.chart().axes(Qt.Orientation.Vertical)[0]
        return [name.split("   ")[0] for name in axis.categories()]

    assert "Adhérent" in funnel_names()
    translations = Translations()
    try:
        translations.apply("en")
        qtbot.waitUntil(lambda: dashboard.title.text() == "Campaign dashboard", timeout=3000)
        assert "Member" in funnel_names() and "Identified" in funnel_names()
        assert "Adhérent" not in funnel_names()
        assert dashboard.tables.tabText(0) != "Territoires"
        assert dashboard.tile_visited.value.text() == "2"  # figures kept, only words change
        areas = [dashboard.table_area.item(r, 0).text() for r in range(2)]
        assert areas == ["former Nord-Pas-de-Calais", "former Picardy"]  # the glossary's
    finally:
        translations.apply("fr")
    qtbot.waitUntil(lambda: "Adhérent" in funnel_names(), timeout=3000)
