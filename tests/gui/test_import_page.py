"""The Import screen drives the real importers on the task runner: counts, cancel, bad files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from hdf_field.domain.progress import ProgressUpdate
from hdf_field.storage.database import Database
from hdf_field.storage.orm import AppMeta, Organisation
from hdf_field.storage.uow import UnitOfWork
from tests.imports_support import sirene_row, siret_for


def _count(db: Database, source: str | None = None) -> int:
    with db.session() as s:
        query = select(func.count()).select_from(Organisation)
        if source is not None:
            query = query.where(Organisation.source == source)
        return int(s.scalar(query) or 0)


def _wait_idle(qtbot: Any, page: Any) -> None:
    qtbot.waitUntil(lambda: not page.busy and not page.runner.busy, timeout=30000)


def _go(qtbot: Any, window: Any) -> Any:
    window.show_page("import")
    page = window.import_page
    _wait_idle(qtbot, page)
    return page


def test_a_sirene_file_imports_with_its_counts_and_refreshes_the_list(
    qtbot: Any, window: Any, db: Database, write_sirene: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = siret_for(4)[:-1] + str((int(siret_for(4)[-1]) + 1) % 10)
    path = write_sirene(
        [
            sirene_row(1),
            sirene_row(2, denominationUsuelleEtablissement="ATELIER, NORD"),
            sirene_row(3),
            sirene_row(4, siret=bad),  # check digit broken: rejected
            sirene_row(5, etatAdministratifEtablissement="F"),  # closed, unknown: skipped
            sirene_row(6, codeCommuneEtablissement="75056", codePostalEtablissement="75001"),
        ],
        bom=True,
    )
    before = _count(db)
    shown_before = window.prospects.model.rowCount()
    page = _go(qtbot, window)
    assert page.tabs.currentIndex() == 0
    page.sirene_file.set_path(path)
    assert page.start_button.isEnabled()
    qtbot.mouseClick(page.start_button, qtbot_button())
    _wait_idle(qtbot, page)

    values = {
        k: page.count_values[k].text()
        for k in ("read", "created", "updated", "skipped", "rejected")
    }
    assert values == {"read": "6", "created": "3", "updated": "0", "skipped": "2", "rejected": "1"}
    assert page.result_box.isVisible() and not page.error.isVisible()
    assert _count(db, "sirene") == 3 and _count(db) == before + 3
    reject_file = path.with_name("StockEtablissement_utf8.rejects.csv")
    assert reject_file.exists() and str(reject_file) in page.reject_label.text()
    assert "check digit" in page.first_rejects.text() and "ligne 5" in page.first_rejects.text()
    opened: list[str] = []
    monkeypatch.setattr(
        "hdf_field.ui.import_page.QDesktopServices.openUrl",
        lambda url: opened.append(url.toLocalFile()) or True,
    )
    qtbot.mouseClick(page.open_folder, qtbot_button())
    assert opened == [str(path.parent)]
    # The import joins the history, newest first.
    qtbot.waitUntil(lambda: page.history.rowCount() == 1, timeout=10000)
    cells = [page.history.item(0, c).text() for c in range(8)]
    assert cells[1:] == ["SIRENE", path.name, "6", "3", "0", "2", "1"]
    # The list shows the new organisations without a restart.
    qtbot.waitUntil(lambda: window.prospects.model.rowCount() == shown_before + 3, timeout=10000)


def test_cancel_mid_import_keeps_the_saved_batch_and_says_so(
    qtbot: Any, window: Any, db: Database, write_sirene: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hdf_field.imports import common
    from hdf_field.ui.tasks import Operation

    # Every batch commits as soon as the next one starts (imports commit in slices so that
    # the officer's edits can go in between; see imports.common.COMMIT_SLICE_S).
    monkeypatch.setattr(common, "COMMIT_SLICE_S", 0.0)
    monkeypatch.setattr(common, "YIELD_S", 0.0)
    # 6,000 rows: one progress report after the first 5,000-row batch, then the last one.
    path = write_sirene([sirene_row(n) for n in range(6000)])
    report = Operation.report

    def report_then_wait(self: Any, update: ProgressUpdate) -> None:
        report(self, update)
        self.token.wait(20)  # the worker holds here until the test presses Cancel

    monkeypatch.setattr(Operation, "report", report_then_wait)
    before = _count(db)
    page = _go(qtbot, window)
    page.sirene_file.set_path(path)
    page.start()
    bar = page.progress.bar
    qtbot.waitUntil(lambda: bar.maximum() == 1000 and bar.value() > 0, timeout=30000)
    assert page.progress.isVisible() and "Mo" in page.progress.label.text()
    qtbot.mouseClick(page.progress.cancel_button, qtbot_button())
    _wait_idle(qtbot, page)
    assert not page.progress.isVisible() and page.progress.operation is None
    # The first batch was committed when the second started; the second was rolled back.
    assert _count(db, "sirene") == 5000 and _count(db) == before + 5000
    assert "interrompu" in page.result_title.text()
    assert "5\u202f000 fiches déjà enregistrées restent" in page.result_title.text()
    assert not path.with_name("StockEtablissement_utf8.rejects.csv").exists()
    assert page.start_button.isEnabled()
    qtbot.waitUntil(lambda: page.history.rowCount() == 1, timeout=10000)


def test_closing_the_window_during_an_import_asks_then_cancels_it(
    qtbot: Any, window: Any, db: Database, write_sirene: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hdf_field.imports import common
    from hdf_field.ui.tasks import Operation

    # One slice for the whole file: nothing is committed before the cancel.
    monkeypatch.setattr(common, "COMMIT_SLICE_S", 3600.0)
    path = write_sirene([sirene_row(n) for n in range(6000)])
    report = Operation.report

    def report_then_wait(self: Any, update: ProgressUpdate) -> None:
        report(self, update)
        self.token.wait(20)

    monkeypatch.setattr(Operation, "report", report_then_wait)
    page = _go(qtbot, window)
    page.sirene_file.set_path(path)
    op = page.start()
    assert op is not None
    qtbot.waitUntil(lambda: page.progress.bar.value() > 0, timeout=30000)
    window.answers.append(False)  # "keep importing"
    window.close()
    assert window.isVisible() and not op.token.cancelled
    window.answers.append(True)
    window.close()
    assert not window.isVisible() and op.token.cancelled
    _wait_idle(qtbot, page)
    assert _count(db, "sirene") == 0


def test_a_file_in_the_wrong_format_gives_one_line_and_changes_nothing(
    qtbot: Any, window: Any, db: Database, tmp_path: Path
) -> None:
    path = tmp_path / "clients.csv"
    path.write_text("nom;ville\nACME;Lille\n", encoding="utf-8")
    before = _count(db)
    page = _go(qtbot, window)
    page.sirene_file.set_path(path)
    page.start()
    _wait_idle(qtbot, page)
    text = page.error.text()
    assert page.error.isVisible() and not page.result_box.isVisible()
    assert "\n" not in text
    assert str(path) in text and "siret" in text and "Rien n'a été modifié" in text
    assert _count(db) == before


def test_a_list_maps_its_columns_from_the_header(
    qtbot: Any, window: Any, db: Database, tmp_path: Path
) -> None:
    path = tmp_path / "adherents.csv"
    path.write_text(
        "Raison sociale;Code postal;Ville;Courriel;Remarque interne\n"
        "Verrerie du Nord;59000;Lille;contact@verrerie.example;à rappeler\n"
        "Sans Nom;;;;\n",
        encoding="utf-8",
    )
    page = _go(qtbot, window)
    page.tabs.setCurrentIndex(2)
    page.list_file.set_path(path)
    qtbot.waitUntil(lambda: len(page.combos) == 5, timeout=10000)
    assert page.picked_columns() == {
        "Raison sociale": "name",
        "Code postal": "postal_code",
        "Ville": "city",
        "Courriel": "email",
        "Remarque interne": "",
    }
    # Two columns on one field are refused before anything runs.
    combo = page.combos["Remarque interne"]
    combo.setCurrentIndex(combo.findData("city"))
    assert not page.start_button.isEnabled() and page.form_error.isVisible()
    combo.setCurrentIndex(combo.findData("notes"))
    assert page.start_button.isEnabled()
    page.tags.setText("adhérents-2025")
    page.start()
    _wait_idle(qtbot, page)
    assert page.count_values["created"].text() == "2"
    with db.session() as s:
        org = s.scalars(select(Organisation).where(Organisation.name == "Verrerie du Nord")).one()
        assert org.email == "contact@verrerie.example" and org.notes == "à rappeler"
        assert org.tags == ["adhérents-2025"] and org.departement == "59"


def test_importing_real_data_can_take_the_demo_region_away(
    qtbot: Any, window: Any, db: Database, write_sirene: Any
) -> None:
    with UnitOfWork(db, actor="test") as uow:
        uow.session.add(Organisation(name="Démo SARL", city="Arras", source="demo"))
        uow.session.add(AppMeta(key="demo", value={"synthetic": True}))
        uow.commit()
    window.refresh_banners()
    qtbot.waitUntil(window.demo_banner.isVisible, timeout=5000)
    qtbot.mouseClick(window.demo_banner.button, qtbot_button())
    assert window.stack.currentWidget() is window.import_page
    page = window.import_page
    qtbot.waitUntil(page.remove_demo.isVisible, timeout=5000)
    assert page.remove_demo.isChecked()
    page.sirene_file.set_path(write_sirene([sirene_row(1)]))
    page.start()
    _wait_idle(qtbot, page)
    assert "démonstration" in page.result_title.text()
    assert _count(db, "demo") == 0 and _count(db, "sirene") == 1
    qtbot.waitUntil(lambda: not window.demo_banner.isVisible(), timeout=5000)


def qtbot_button() -> Any:
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton


def test_kbo_data_imports_for_the_border_provinces_by_default(
    qtbot: Any, window: Any, db: Database, tmp_path: Path
) -> None:
    from hdf_field.services.imports import BORDER_POSTCODES
    from tests.integration.imports.test_kbo_import import write_kbo

    folder = write_kbo(tmp_path / "kbo")
    page = _go(qtbot, window)
    page.tabs.setCurrentIndex(1)
    assert page.postcodes.text() == BORDER_POSTCODES
    page.postcodes.setText("")
    assert not page.start_button.isEnabled()
    qtbot.mouseClick(page.border_button, qtbot_button())
    assert page.postcodes.text() == BORDER_POSTCODES
    page.kbo_source.set_path(folder)
    qtbot.mouseClick(page.start_button, qtbot_button())
    _wait_idle(qtbot, page)
    values = [page.count_values[k].text() for k in ("read", "created", "skipped", "rejected")]
    # Tournai, Kortrijk and Mouscron are kept; Liège and Gent are outside the border provinces.
    assert values == ["11", "3", "6", "2"]
    with db.session() as s:
        names = set(s.scalars(select(Organisation.name).where(Organisation.source == "kbo")))
    assert names == {"Société Tournaisienne", "Kortrijkse Bakkerij", "Mouscron Métal"}


def test_the_screen_follows_a_switch_to_english(qtbot: Any, window: Any) -> None:
    from hdf_field.ui.i18n import Translations, compiled_translation

    if compiled_translation("en") is None:
        pytest.skip("pyside6-lrelease not available")
    page = _go(qtbot, window)
    page.show_columns(["Raison sociale", "Ville"])
    translations = Translations()
    try:
        translations.apply("en")
        qtbot.waitUntil(lambda: page.title.text() == "Import data", timeout=5000)
        assert page.tabs.tabText(1) == "KBO/BCE (Belgium)"
        assert page.combos["Ville"].currentText() == "Municipality"
        assert page.count_labels["skipped"].text() == "skipped"
        assert window.nav.item(window.page_keys().index("import")).text() == "Import"
    finally:
        translations.apply("fr")
    qtbot.waitUntil(lambda: page.title.text() == "Importer des données", timeout=5000)
    assert page.combos["Ville"].currentText() == "Commune"


def test_a_dropped_file_or_folder_lands_in_the_right_form(
    qtbot: Any, window: Any, tmp_path: Path
) -> None:
    page = _go(qtbot, window)
    folder = tmp_path / "kbo"
    folder.mkdir()
    assert page.drop_path(folder)
    assert page.kind() == "kbo" and page.kbo_source.text() == str(folder)
    assert page.drop_path(tmp_path / "membres.xlsx")
    assert page.kind() == "list" and page.list_file.text() == str(tmp_path / "membres.xlsx")
    qtbot.waitUntil(page.error.isVisible, timeout=5000)  # no such workbook
    assert page.error.text().startswith("Colonnes illisibles : ") and "file not found" in (
        page.error.text()
    )
    page.tabs.setCurrentIndex(0)
    assert page.drop_path(tmp_path / "StockEtablissement.csv")
    assert page.kind() == "sirene"
    assert page.sirene_file.text() == str(tmp_path / "StockEtablissement.csv")
    _wait_idle(qtbot, page)
