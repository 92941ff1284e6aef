"""The dashboard's « Fédération des pôles » section: real models over a real database."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt

from hdf_field.domain.enums import Area, ClusterKind, ReferralStatus
from hdf_field.storage.database import Database
from hdf_field.storage.orm import Cluster, Officer, Organisation, Referral
from hdf_field.storage.uow import UnitOfWork
from hdf_field.ui.dashboard_view import DashboardView


@pytest.fixture
def dashboard(qtbot: Any, db: Database, runner: Any) -> DashboardView:
    now = datetime.now(UTC)
    with UnitOfWork(db, actor="test") as uow:
        s = uow.session
        alice = Officer(name="Alice Martin", email="alice@example.org")
        trans = Cluster(name="i-Trans", kind=ClusterKind.POLE, domain="mobility")
        idle = Cluster(name="Euramaterials", kind=ClusterKind.POLE, domain="materials")
        lille = Organisation(name="Lille Méca", area=Area.NPDC)
        liege = Organisation(name="Liège Tech", area=Area.BELGIUM, country="BE")
        old = Organisation(name="Vieille Transmission", area=Area.PICARDIE)
        recent = Organisation(name="Récente", area=Area.PICARDIE)
        s.add_all([alice, trans, idle, lille, liege, old, recent])
        s.flush()

        def ref(org: Organisation, status: ReferralStatus, days: int, answered: int = 0) -> None:
            sent = now - timedelta(days=days)
            history = (
                [
                    {
                        "at": (sent + timedelta(days=answered)).isoformat(),
                        "by": "p",
                        "status": "member",
                    }
                ]
                if answered
                else []
            )
            s.add(
                Referral(
                    organisation_id=org.id,
                    cluster_id=trans.id,
                    officer_id=alice.id,
                    sent_at=sent,
                    consent_given_by="X",
                    consent_given_at=sent,
                    consent_recorded_by="alice@example.org",
                    status=status,
                    history=history,
                    comments=[],
                )
            )

        ref(lille, ReferralStatus.MEMBER, 30, answered=3)
        ref(liege, ReferralStatus.MEMBER, 20, answered=5)
        ref(old, ReferralStatus.SENT, 40)
        ref(recent, ReferralStatus.SENT, 20)
        uow.commit()
    view = DashboardView(db, runner=runner)
    qtbot.addWidget(view)
    view.set_epci_outlines({"type": "FeatureCollection", "features": []}, {})
    view.resize(1300, 900)
    view.show()
    with qtbot.waitSignal(view.refreshed, timeout=10000):
        view.refresh()
    return view


def _rows(model: Any) -> list[list[str]]:
    return [
        [model.index(r, c).data() for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]


def test_the_models_pass_qtmodeltester(dashboard: DashboardView, qtmodeltester: Any) -> None:
    section = dashboard.federation
    for model in (section.clusters_model, section.chase_model, section.members_model):
        qtmodeltester.check(model, force_py=True)


def test_clusters_table_shows_every_cluster_and_the_federation(
    dashboard: DashboardView,
) -> None:
    rows = _rows(dashboard.federation.clusters_model)
    assert [r[0] for r in rows] == ["Euramaterials", "i-Trans", "Fédération"]
    # Sent, acknowledged, meeting, member, declined, total, conversion, median, to chase.
    assert rows[0][1:] == ["0", "0", "0", "0", "0", "0", "–", "–", "0"]
    assert rows[1][1:] == ["2", "0", "0", "2", "0", "4", "100\u00a0%", "4,0 j", "2"]
    header = dashboard.federation.clusters_model.headerData(7, Qt.Orientation.Horizontal)
    assert header == "Conversion"
    tip = dashboard.federation.clusters_model.headerData(
        7, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole
    )
    assert "tranchées" in tip
    assert "4 transmissions" in dashboard.federation.summary.text()


def test_chase_list_is_sortable(dashboard: DashboardView, qtbot: Any) -> None:
    view = dashboard.federation.chase_view
    proxy = view.model()
    names = lambda: [proxy.index(r, 0).data() for r in range(proxy.rowCount())]  # noqa: E731
    # Longest wait first, then sorted the other way from the header.
    assert names() == ["Vieille Transmission", "Récente"]
    assert proxy.index(0, 4).data() == "40"
    assert proxy.index(0, 2).data() == "Alice Martin"
    view.sortByColumn(4, Qt.SortOrder.AscendingOrder)
    qtbot.waitUntil(lambda: names() == ["Récente", "Vieille Transmission"], timeout=2000)
    view.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    qtbot.waitUntil(lambda: names() == ["Vieille Transmission", "Récente"], timeout=2000)
    assert dashboard.federation.tabs.tabText(1) == "Relances à faire (2)"


def test_members_split_by_area_belgium_included(dashboard: DashboardView) -> None:
    rows = _rows(dashboard.federation.members_model)
    headers = [
        dashboard.federation.members_model.headerData(c, Qt.Orientation.Horizontal)
        for c in range(dashboard.federation.members_model.columnCount())
    ]
    assert headers == [
        "Pôle",
        "ex-Nord-Pas-de-Calais",
        "ex-Picardie",
        "Belgique",
        "Inconnu",
        "Total",
    ]
    assert rows[1] == ["i-Trans", "1", "0", "1", "0", "2"]
    assert rows[2] == ["Fédération", "1", "0", "1", "0", "2"]


def test_pdf_export_carries_the_federation_pages(
    dashboard: DashboardView, tmp_path: Path, qtbot: Any
) -> None:
    target = tmp_path / "tableau.pdf"
    with qtbot.waitSignal(dashboard.exported, timeout=20000):
        dashboard.export_pdf(target)
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(target.read_bytes())).pages)
    assert "Fédération des pôles" in text
    assert "Vieille Transmission" in text


def test_in_english(dashboard: DashboardView, qtbot: Any, tmp_path: Path) -> None:
    from hdf_field.ui.i18n import Translations, compiled_translation

    if compiled_translation("en") is None:
        pytest.skip("pyside6-lrelease not available")
    translations = Translations()
    try:
        translations.apply("en")
        section = dashboard.federation
        qtbot.waitUntil(lambda: section.title.text() == "Federation of the clusters", timeout=3000)
        rows = _rows(section.clusters_model)
        assert rows[-1][0] == "Federation"
        assert rows[1][7:9] == ["100%", "4.0 d"]
        assert section.members_model.headerData(3, Qt.Orientation.Horizontal) == "Belgium"
        target = tmp_path / "dashboard.pdf"
        with qtbot.waitSignal(dashboard.exported, timeout=20000):
            dashboard.export_pdf(target)
        text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(target.read_bytes())).pages)
        assert "Federation of the clusters" in text and "Visited at least once" in text
    finally:
        translations.apply("fr")
