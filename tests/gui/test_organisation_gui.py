from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QDialogButtonBox
from sqlalchemy import select

from hdf_field.storage.database import Database
from hdf_field.storage.orm import Contact, Organisation


def open_org(qtbot: Any, window: Any, org_id: str) -> Any:
    # The list reads its pages on the database thread: select once the row has arrived.
    qtbot.waitUntil(lambda: window.prospects.select_organisation(org_id), timeout=10000)
    qtbot.waitUntil(
        lambda: window.organisation.card is not None and window.organisation.card.id == org_id,
        timeout=10000,
    )
    return window.organisation


def test_bad_siret_is_refused_with_a_message(
    qtbot: Any, window: Any, db: Database, seeded: dict[str, str]
) -> None:
    panel = open_org(qtbot, window, seeded["lab"])
    dialog = panel.edit()
    siret = dialog.fields["siret"]
    siret.setText("12345678901234")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    qtbot.waitUntil(lambda: dialog.error.isVisible(), timeout=3000)
    assert "SIRET" in dialog.error.text()
    assert dialog.isVisible()
    assert "border" in siret.styleSheet()
    with db.session() as s:
        assert s.get(Organisation, __import__("uuid").UUID(seeded["lab"])).siret is None
    dialog.reject()


def test_edit_saves_and_refreshes_list_and_page(
    qtbot: Any, window: Any, db: Database, seeded: dict[str, str]
) -> None:
    panel = open_org(qtbot, window, seeded["lab"])
    dialog = panel.edit()
    dialog.fields["name"].setText("Laboratoire Matériaux Avancés")
    dialog.fields["siret"].setText("732 829 320 00074")
    with qtbot.waitSignal(panel.changed, timeout=3000):
        dialog.save()
    qtbot.waitUntil(lambda: panel.title.text() == "Laboratoire Matériaux Avancés", timeout=3000)
    row = window.prospects.model.row_of(seeded["lab"])
    # The list's row is re-read on the database thread, so it follows shortly after.
    qtbot.waitUntil(
        lambda: window.prospects.model.index(row, 0).data() == "Laboratoire Matériaux Avancés",
        timeout=3000,
    )
    with db.session() as s:
        org = s.scalars(select(Organisation).where(Organisation.siret == "73282932000074")).one()
        assert org.name == "Laboratoire Matériaux Avancés"


def test_add_a_contact(qtbot: Any, window: Any, db: Database, seeded: dict[str, str]) -> None:
    panel = open_org(qtbot, window, seeded["bakery"])
    dialog = panel.add_contact()
    dialog.fields["last_name"].setText("Lefèvre")
    dialog.fields["first_name"].setText("Paul")
    dialog.fields["email"].setText("pas-une-adresse")
    dialog.save()
    qtbot.waitUntil(lambda: dialog.error.isVisible(), timeout=3000)
    dialog.fields["email"].setText("paul@boulangerie.example")
    dialog.save()
    qtbot.waitUntil(lambda: panel.contacts_model.rowCount() == 1, timeout=3000)
    with db.session() as s:
        assert (
            s.scalars(select(Contact.email).where(Contact.last_name == "Lefèvre")).one()
            == "paul@boulangerie.example"
        )


def test_the_locator_map_draws_belgium_beside_the_region(qtbot: Any) -> None:
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QColor
    from shapely.geometry import Point, Polygon

    from hdf_field.ui.organisation.minimap import MiniMap, locator_shapes

    shapes = locator_shapes(None)
    assert shapes is not None and shapes.belgium
    assert any(Polygon(r).contains(Point(3.95, 50.45)) for r in shapes.belgium)  # Mons
    widget = MiniMap()
    qtbot.addWidget(widget)
    widget.resize(260, 220)
    widget.set_shapes(shapes)
    image = widget.grab().toImage()

    def colour_at(lat: float, lon: float) -> str:
        # The same framing as paintEvent: the region's aspect, centred.
        full = QRectF(widget.rect()).adjusted(1, 1, -1, -1)
        lat0, lat1, lon0, lon1 = (48.8, 51.2, 1.3, 4.4)
        aspect = ((lon1 - lon0) * 0.64) / (lat1 - lat0)
        w = min(full.width(), full.height() * aspect)
        rect = QRectF(full.center().x() - w / 2, full.center().y() - w / aspect / 2, w, w / aspect)
        pt = widget._project(rect, lat, lon)
        return QColor(image.pixel(int(pt.x()), int(pt.y()))).name()

    assert colour_at(50.45, 3.95) == "#f6f7f3"  # Belgian land near Mons
    assert colour_at(49.2, 4.35) == "#eef3f8"  # Champagne, outside both: background


def test_a_long_email_on_a_narrow_card_is_elided_and_whole_in_its_tooltip(
    qtbot: Any, window: Any, db: Database, seeded: dict[str, str]
) -> None:
    import uuid

    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QSplitter

    email = "direction.commerciale@laboratoire-materiaux-avances-hauts-de-france.example"
    site = "https://www.laboratoire-materiaux-avances-hauts-de-france.example/contact"
    with db.session() as s:
        org = s.get(Organisation, uuid.UUID(seeded["lab"]))
        assert org is not None
        org.email, org.website = email, site
        s.commit()
    window.resize(1366, 768)
    panel = open_org(qtbot, window, seeded["lab"])
    splitter = panel.parentWidget()
    while not isinstance(splitter, QSplitter):
        splitter = splitter.parentWidget()
    # The officer drags the card narrow: the list keeps most of the room.
    splitter.setSizes([1000, 340])
    label = panel.fact_labels["email"][1]
    qtbot.waitUntil(lambda: "…" in label.text(), timeout=3000)
    assert label.toolTip() == email
    assert label.width() <= panel.width()
    # The domain's end stays visible: the middle is what goes.
    assert label.text().endswith(email[-4:])
    assert label.fontMetrics().horizontalAdvance(label.text()) <= label.contentsRect().width()
    website = panel.fact_labels["website"][1]
    assert "…" in website.text() and website.toolTip() == site
    # Copying gives the whole address, not the "…".
    label.copy_full_text()
    assert QGuiApplication.clipboard().text() == email
    # Widened again, the whole address shows and the "…" goes.
    splitter.setSizes([200, 1140])
    qtbot.waitUntil(lambda: label.text() == email, timeout=3000)
    assert label.toolTip() == email
