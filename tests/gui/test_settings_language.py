from __future__ import annotations

from typing import Any

import pytest

from hdf_field.ui.i18n import Translations, compiled_translation


def test_settings_are_validated_and_saved(qtbot: Any, window: Any, settings: Any) -> None:
    page = window.settings_page
    page.email.setText("not-an-email")
    assert not page.save()
    assert "e-mail" in page.error.text().lower()
    page.email.setText("Bob@Example.org")
    page.registry.setText("https://registre.example.org")
    with qtbot.waitSignal(page.saved, timeout=5000):
        assert page.save()
    assert settings.officer_email == "bob@example.org"
    assert settings.get("sync/registry_url") == "https://registre.example.org"
    assert settings.raw().value("meta/version") is not None


def test_home_base_updates_the_officer_row(qtbot: Any, window: Any, settings: Any, db: Any) -> None:
    from sqlalchemy import select

    from hdf_field.storage.orm import Officer

    def officer() -> Officer | None:
        with db.session() as s:
            return s.scalar(select(Officer).where(Officer.email == "alice@example.org"))

    page = window.settings_page
    assert page.email.text() == "alice@example.org" and officer() is None
    page.home.setText("amiens")
    with qtbot.waitSignal(page.saved, timeout=10000):
        assert page.save()
    row = officer()
    assert row is not None and (row.home_commune, row.home_insee) == ("Amiens", "80021")
    assert row.home_lat is not None and abs(row.home_lat - 49.9) < 0.1
    assert settings.get("officer/home_commune") == "Amiens"  # as the gazetteer names it
    assert page.home.text() == "Amiens" and "Amiens" in page.message.text()

    page.home.setText("Xqzzyville-sur-Mer")
    with qtbot.waitSignal(page.saveFailed, timeout=10000):
        assert page.save()
    assert "Xqzzyville-sur-Mer" in page.error.text()
    assert settings.get("officer/home_commune") == "Amiens"
    row = officer()
    assert row is not None and row.home_commune == "Amiens"
    assert page.save_button.isEnabled()


def test_earliest_departure_is_saved_to_the_officer_row(
    qtbot: Any, window: Any, settings: Any, db: Any
) -> None:
    """ "Départ au plus tôt" reaches the Officer row the planner reads, within its bounds."""
    from sqlalchemy import select

    from hdf_field.storage.orm import Officer

    page = window.settings_page
    assert page.early.value() == 60 and page.early.maximum() == 180
    page.home.setText("Amiens")
    page.early.setValue(90)
    with qtbot.waitSignal(page.saved, timeout=10000):
        assert page.save()
    with db.session() as s:
        row = s.scalar(select(Officer).where(Officer.email == "alice@example.org"))
    assert row is not None and row.early_departure_min == 90
    assert settings.get("hours/early_departure_min") == 90
    page.early.setValue(500)  # the spin box clamps to the allowed range
    assert page.early.value() == 180


def test_settings_never_touch_the_real_file(settings: Any, tmp_path: Any) -> None:
    assert str(tmp_path) in settings.raw().fileName()


def test_switch_language_at_runtime(qtbot: Any, window: Any) -> None:
    if compiled_translation("en") is None:
        pytest.skip("pyside6-lrelease not available")
    translations = Translations()
    try:
        assert window.nav.item(0).text() == "Prospects"
        assert window.nav.item(window.page_keys().index("settings")).text() == "Paramètres"
        page = window.settings_page
        page.language.setCurrentIndex(page.language.findData("en"))
        window.languageChanged.connect(translations.apply)
        assert page.save()
        qtbot.waitUntil(
            lambda: window.nav.item(window.page_keys().index("settings")).text() == "Settings",
            timeout=3000,
        )
        assert window.prospects.filters.clear_button.text() == "Clear all"
        assert (
            window.prospects.model.headerData(
                1, __import__("PySide6.QtCore").QtCore.Qt.Orientation.Horizontal
            )
            == "Town"
        )
        translations.apply("fr")
        qtbot.waitUntil(
            lambda: window.nav.item(window.page_keys().index("settings")).text() == "Paramètres",
            timeout=3000,
        )
    finally:
        translations.apply("fr")


def test_translation_is_compiled_on_the_fly_when_missing(tmp_path: Any, monkeypatch: Any) -> None:
    import shutil

    import hdf_field.ui.i18n as i18n

    if i18n.lrelease_command() is None:
        pytest.skip("pyside6-lrelease not available")
    folder = tmp_path / "translations"
    folder.mkdir()
    shutil.copy(i18n.resources_dir() / "translations" / "hdf_field_en.ts", folder)
    monkeypatch.setattr(i18n, "translations_dir", lambda: folder)
    qm = compiled_translation("en")
    assert qm is not None and qm.exists() and qm.parent != folder
    assert compiled_translation("en") == qm  # fresh: not compiled again


def test_demo_banner_follows_the_database_flag(qtbot: Any, window: Any, db: Any) -> None:
    from hdf_field.storage.orm import AppMeta
    from hdf_field.storage.uow import UnitOfWork

    qtbot.waitUntil(lambda: not window.runner.busy, timeout=3000)
    assert not window.demo_banner.isVisibleTo(window)
    with UnitOfWork(db) as uow:
        uow.session.add(AppMeta(key="demo", value={"seed": 42}))
        uow.commit()
    window.refresh_banners()
    qtbot.waitUntil(lambda: window.demo_banner.isVisibleTo(window), timeout=3000)
    assert "démonstration" in window.demo_banner.label.text()
