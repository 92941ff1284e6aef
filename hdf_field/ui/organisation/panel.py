"""The organisation page: everything an officer needs before and after a visit, one click away."""

from __future__ import annotations

from datetime import date, datetime
from html import escape
from typing import Any

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QKeySequence,
    QResizeEvent,
    QShortcut,
    QStandardItem,
    QStandardItemModel,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from hdf_field.domain.needs import NEEDS_BY_KEY
from hdf_field.services.database import Database
from hdf_field.services.org_card import OrgCard, read_card
from hdf_field.services.referrals import ReferralForm, ReferralRow, list_referrals, referral_form
from hdf_field.ui.common import (
    STATUS_COLOURS,
    current_language,
    enum_label,
    error_text,
    follow_up_status_label,
    format_date,
    icon,
    interest_label,
    kind_label,
    outcome_label,
    priority_label,
    status_label,
    visit_status_label,
)
from hdf_field.ui.elided_label import ElidedLabel
from hdf_field.ui.organisation.dialogs import ContactDialog, OrganisationEditDialog
from hdf_field.ui.organisation.minimap import LocatorShapes, MiniMap, locator_shapes
from hdf_field.ui.organisation.referral_dialog import ReferralDialog
from hdf_field.ui.organisation.visit_details import VisitDetailsDialog
from hdf_field.ui.tasks import TaskRunner

NARROW_CARD = 400  # below this width the edit button shows its icon only (Ctrl+E, tooltip)
# Facts that are one token each: elided on one line rather than wrapped. The middle goes for
# an address (its domain tells who it is), the end for numbers read from the left.
ONE_LINE_FACTS: dict[str, Qt.TextElideMode] = {
    "siret": Qt.TextElideMode.ElideRight,
    "phone": Qt.TextElideMode.ElideRight,
    "email": Qt.TextElideMode.ElideMiddle,
    "website": Qt.TextElideMode.ElideMiddle,
}


def _table(parent: QWidget) -> tuple[QTableView, QStandardItemModel]:
    model = QStandardItemModel(parent)
    view = QTableView(parent)
    view.setModel(model)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setStretchLastSection(True)
    view.setAlternatingRowColors(True)
    view.setWordWrap(True)
    return view, model


def _item(text: Any, data: Any = None) -> QStandardItem:
    """A cell whose full text is also its tooltip: a narrow column cuts, the tooltip never."""
    value = "" if text is None else str(text)
    item = QStandardItem(value)
    if value:
        item.setToolTip(value)
    if data is not None:
        item.setData(data, Qt.ItemDataRole.UserRole)
    return item


class OrganisationPanel(QWidget):
    """Shows one organisation; loads it on the worker thread and never holds ORM objects."""

    changed = Signal(str)  # organisation id, after an edit or a logged visit
    logVisitRequested = Signal(object)  # OrgCard
    cardShown = Signal(str)  # organisation id, once its card is on screen

    def __init__(
        self, db: Database, runner: TaskRunner, settings: Any, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._db = db
        self._runner = runner
        self._settings = settings
        self.card: OrgCard | None = None
        self.referrals: list[ReferralRow] = []
        self.referral_dialog: ReferralDialog | None = None
        self._requested: str | None = None

        self.stack = QStackedWidget(self)
        self.empty = QLabel(self)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet("color: #6c757d; font-size: 11pt;")
        self.stack.addWidget(self.empty)

        body = QWidget(self)
        self.stack.addWidget(body)
        self.title = QLabel(body)
        self.title.setObjectName("orgTitle")
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.title.setStyleSheet("font-size: 15pt; font-weight: 600;")
        self.subtitle = QLabel(body)
        self.subtitle.setWordWrap(True)
        self.subtitle.setStyleSheet("color: #495057;")
        self.status_chip = QLabel(body)
        self.status_chip.setObjectName("statusChip")
        self.edit_button = QPushButton(icon("edit"), "", body)
        self.visit_button = QPushButton(icon("visit"), "", body)
        self.visit_button.setObjectName("logVisit")
        self.visit_button.setDefault(True)
        self.refer_button = QPushButton(body)
        self.refer_button.setObjectName("referToCluster")
        self.edit_button.clicked.connect(self.edit)
        self.visit_button.clicked.connect(self._request_visit)
        self.refer_button.clicked.connect(lambda: self.refer())

        head = QGridLayout()
        head.addWidget(self.title, 0, 0, 1, 3)
        head.addWidget(self.subtitle, 1, 0, 1, 3)
        chips = QHBoxLayout()
        chips.addWidget(self.status_chip)
        chips.addStretch(1)
        chips.addWidget(self.edit_button)
        head.addLayout(chips, 2, 0, 1, 3)
        # The two long actions get a row of their own: beside the status and the edit button
        # they were cut off on a 1366×768 laptop ("ansmettre au pôle", "Consigner une vis").
        actions = QHBoxLayout()
        actions.addStretch(1)
        actions.addWidget(self.refer_button)
        actions.addWidget(self.visit_button)
        head.addLayout(actions, 3, 0, 1, 3)

        self.tabs = QTabWidget(body)
        self.tabs.setElideMode(Qt.TextElideMode.ElideNone)
        # Identity tab: facts on the left, locator on the right.
        identity = QWidget()
        self.facts = QFormLayout()
        self.facts.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.fact_labels: dict[str, tuple[QLabel, QLabel]] = {}
        for key in (
            "kind",
            "siret",
            "naf",
            "address",
            "territory",
            "phone",
            "email",
            "website",
            "officer",
            "priority",
            "source",
            "notes",
        ):
            name = QLabel(identity)
            value: QLabel
            if key in ONE_LINE_FACTS:
                # A long e-mail or web address is one word: wrapping cannot break it, so it
                # is elided with "…" on one line, whole in the tooltip and when copied.
                value = ElidedLabel(identity, ONE_LINE_FACTS[key])
            else:
                value = QLabel(identity)
                value.setWordWrap(True)
                # Must not widen the card either: the column's width decides where it wraps.
                value.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setObjectName(f"fact_{key}")
            self.fact_labels[key] = (name, value)
            self.facts.addRow(name, value)
        self.minimap = MiniMap(identity)
        identity_layout = QVBoxLayout(identity)
        identity_layout.addLayout(self.facts)
        identity_layout.addWidget(self.minimap, 1)
        # Twelve facts and a map are taller than a 768-pixel screen at 150 %: they scroll.
        identity_scroll = QScrollArea()
        identity_scroll.setWidgetResizable(True)
        identity_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        identity_scroll.setFrameShape(QFrame.Shape.NoFrame)
        identity_scroll.setWidget(identity)

        contacts = QWidget()
        self.contacts_view, self.contacts_model = _table(contacts)
        self.contacts_view.doubleClicked.connect(lambda _i: self.edit_contact())
        self.add_contact_button = QPushButton(icon("contact"), "", contacts)
        self.add_contact_button.clicked.connect(self.add_contact)
        self.edit_contact_button = QPushButton(contacts)
        self.edit_contact_button.clicked.connect(self.edit_contact)
        cl = QVBoxLayout(contacts)
        cl.addWidget(self.contacts_view)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.edit_contact_button)
        row.addWidget(self.add_contact_button)
        cl.addLayout(row)

        self.visits_view, self.visits_model = _table(self)
        self.visits_view.setObjectName("visitHistory")
        self.visits_view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # A past visit opens read-only with everything recorded (double-click or Enter).
        self.visits_view.activated.connect(lambda index: self.open_visit_details(index.row()))
        self.visit_details: VisitDetailsDialog | None = None
        # Row heights follow the Détails column's width (the card is resized with the window).
        self._fit_visit_rows = QTimer(self)
        self._fit_visit_rows.setSingleShot(True)
        self._fit_visit_rows.setInterval(0)
        self._fit_visit_rows.timeout.connect(self.visits_view.resizeRowsToContents)
        self.visits_view.horizontalHeader().sectionResized.connect(
            lambda *_a: self._fit_visit_rows.start()
        )
        self.orientation_text = QTextBrowser(self)
        self.orientation_text.setObjectName("orientation")
        self.orientation_text.setOpenLinks(False)
        self.follow_view, self.follow_model = _table(self)
        # The referrals to the clusters and their answers, as the last sync brought them.
        self.referrals_view, self.referrals_model = _table(self)
        self.referrals_view.setObjectName("referralHistory")
        self.tabs.addTab(identity_scroll, "")
        self.tabs.addTab(contacts, "")
        self.tabs.addTab(self.visits_view, "")
        self.tabs.addTab(self.orientation_text, "")
        self.tabs.addTab(self.follow_view, "")
        self.tabs.addTab(self.referrals_view, "")

        bl = QVBoxLayout(body)
        bl.setContentsMargins(12, 4, 4, 4)
        bl.addLayout(head)
        line = QFrame(body)
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        bl.addWidget(line)
        bl.addWidget(self.tabs, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        QShortcut(QKeySequence("Ctrl+E"), self).activated.connect(self.edit)
        # Ctrl+L belongs to the main window: it follows the list's selection, not this card.
        self.retranslate()

    # --- loading ------------------------------------------------------------------------------

    def show_organisation(self, org_id: str | None) -> None:
        self._requested = org_id
        if org_id is None:
            self.card = None
            self.stack.setCurrentIndex(0)
            return
        db, lang = self._db, current_language()

        def work() -> OrgCard:
            return read_card(db, org_id, lang=lang)

        def done(result: tuple[OrgCard, LocatorShapes | None, list[ReferralRow]]) -> None:
            card, shapes, referrals = result
            if card.id == self._requested:
                self.minimap.set_shapes(shapes)
                self.referrals = referrals
                self._display(card)

        def work_with_shapes() -> tuple[OrgCard, LocatorShapes | None, list[ReferralRow]]:
            card = work()
            return card, locator_shapes(card.insee_code), list_referrals(db, card.id)

        self._runner.run(work_with_shapes, done, self._load_failed)

    def reload(self) -> None:
        if self._requested:
            self.show_organisation(self._requested)

    def _load_failed(self, exc: BaseException) -> None:
        self.card = None
        self.empty.setText(
            self.tr("Impossible d'afficher cette organisation : %1").replace("%1", error_text(exc))
        )
        self.stack.setCurrentIndex(0)

    def _display(self, card: OrgCard) -> None:
        self.card = card
        self.stack.setCurrentIndex(1)
        self._fill()
        self.cardShown.emit(card.id)

    def _fill(self) -> None:
        card = self.card
        if card is None:
            return
        self.title.setText(card.name)
        self.title.setToolTip(card.name)
        sub = [card.trade_name] if card.trade_name else []
        sub.append(" ".join(x for x in (card.postal_code, card.city) if x))
        self.subtitle.setText(" · ".join(x for x in sub if x))
        colour = STATUS_COLOURS[card.status]
        self.status_chip.setText(f"  {status_label(card.status)}  ")
        self.status_chip.setStyleSheet(
            f"background: {colour}; color: white; border-radius: 9px; padding: 2px 6px;"
            " font-weight: 600;"
        )
        address = "\n".join(
            x
            for x in (
                card.street,
                " ".join(y for y in (card.postal_code, card.city) if y),
                None if card.country == "FR" else card.country,
            )
            if x
        )
        territory = " · ".join(
            x
            for x in (
                self.tr("Dépt %1").replace("%1", card.departement) if card.departement else None,
                self.tr("EPCI %1").replace("%1", card.epci_code) if card.epci_code else None,
                enum_label(card.area) if card.area else None,
            )
            if x
        )
        values = {
            "kind": kind_label(card.kind),
            "siret": _spaced_siret(card.siret),
            "naf": " — ".join(x for x in (card.naf_code, card.naf_label) if x),
            "address": address,
            "territory": territory,
            "phone": card.phone or "",
            "email": card.email or "",
            "website": card.website or "",
            "officer": card.officer_name or self.tr("non attribué"),
            "priority": priority_label(card.priority),
            "source": card.source or "",
            "notes": card.notes or "",
        }
        for key, (_name, value) in self.fact_labels.items():
            if isinstance(value, ElidedLabel):
                value.set_full_text(values[key] or "—")
            else:
                value.setText(values[key] or "—")
            value.setToolTip(values[key] or "")
        self.minimap.set_point(card.lat, card.lon, self.tr("Position inconnue"))

        self.contacts_model.clear()
        self.contacts_model.setHorizontalHeaderLabels(
            [self.tr("Nom"), self.tr("Fonction"), self.tr("Téléphone"), self.tr("E-mail")]
        )
        for c in card.contacts:
            row = [_item(c.full_name, c.id), _item(c.role), _item(c.phone), _item(c.email)]
            if c.objection:
                # greyed and said in words: the person asked not to be contacted again
                row[0].setText(self.tr("%1 — ne plus contacter").replace("%1", c.full_name))
                for item in row:
                    item.setForeground(QBrush(QColor("#8a8f98")))
                    item.setToolTip(
                        self.tr("Ne plus contacter depuis le %1").replace(
                            "%1", c.objection_date.strftime("%d/%m/%Y") if c.objection_date else "?"
                        )
                    )
            self.contacts_model.appendRow(row)
        self.contacts_view.resizeColumnsToContents()

        lang = current_language()
        self.visits_model.clear()
        self.visits_model.setHorizontalHeaderLabels(
            [self.tr("Date"), self.tr("Résultat"), self.tr("Intérêt"), self.tr("Détails")]
        )
        for v in card.visits:
            needs = ", ".join(
                (NEEDS_BY_KEY[n].label_fr if lang == "fr" else NEEDS_BY_KEY[n].label_en)
                if n in NEEDS_BY_KEY
                else n
                for n in v.needs
            )
            who = " · ".join(x for x in (visit_status_label(v.status), v.officer_name) if x)
            details = "\n".join(
                x
                for x in (
                    who,
                    needs,
                    v.next_step and "→ " + v.next_step,
                    v.recommended and self.tr("Pôles : %1").replace("%1", ", ".join(v.recommended)),
                    v.notes,
                )
                if x
            )
            cells = [
                _item(format_date(v.when), v.id),
                _item(outcome_label(v.outcome) if v.outcome else ""),
                _item(interest_label(v.interest) if v.interest is not None else ""),
                _item(details),
            ]
            hint = self.tr("Double-clic ou Entrée : tout le compte rendu")
            for cell in cells:
                cell.setToolTip("\n".join(x for x in (details, hint) if x))
            self.visits_model.appendRow(cells)
        self.visits_view.resizeColumnsToContents()
        self.visits_view.horizontalHeader().setStretchLastSection(True)
        QTimer.singleShot(0, self.visits_view.resizeRowsToContents)

        self.orientation_text.setHtml(self._orientation_html(card))
        QTimer.singleShot(0, self._fit_head)

        self.follow_model.clear()
        self.follow_model.setHorizontalHeaderLabels(
            [self.tr("Échéance"), self.tr("Action"), self.tr("État")]
        )
        for f in card.follow_ups:
            self.follow_model.appendRow(
                [
                    _item(format_date(f.due_date), f.id),
                    _item(f.action),
                    _item(follow_up_status_label(f.status)),
                ]
            )
        self.follow_view.resizeColumnsToContents()
        self._fill_referrals()
        for view in (self.visits_view, self.follow_view, self.contacts_view, self.referrals_view):
            view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
            view.horizontalHeader().setStretchLastSection(True)
        self._retitle_tabs()

    def _fill_referrals(self) -> None:
        self.referrals_model.clear()
        self.referrals_model.setHorizontalHeaderLabels(
            [
                self.tr("Transmise le"),
                self.tr("Pôle"),
                self.tr("Statut"),
                self.tr("Réponses du pôle"),
            ]
        )
        for r in self.referrals:
            answers = [
                x
                for x in (
                    r.meeting_on
                    and self.tr("Rendez-vous le %1").replace("%1", format_date(r.meeting_on)),
                    r.status_reason and self.tr("Motif : %1").replace("%1", r.status_reason),
                    *(f"{format_date(_day(at))} — {by} : {text}" for at, by, text in r.comments),
                )
                if x
            ]
            cells = [
                _item(format_date(r.sent_at.date()), r.id),
                _item(r.cluster),
                _item(enum_label(r.status)),
                _item("\n".join(answers) or self.tr("pas encore de réponse")),
            ]
            self.referrals_model.appendRow(cells)
        self.referrals_view.resizeColumnsToContents()
        self.referrals_view.horizontalHeader().setStretchLastSection(True)
        QTimer.singleShot(0, self.referrals_view.resizeRowsToContents)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_head()

    def _fit_head(self) -> None:
        """A long name wraps onto a second line instead of being cut (layouts here do not ask
        a wrapped label for its height), and a narrow card keeps only the edit icon."""
        for label in (self.title, self.subtitle):
            width = label.width() or self.width()
            label.setMinimumHeight(max(label.heightForWidth(width), 0))
        narrow = self.width() < NARROW_CARD
        self.edit_button.setText("" if narrow else self.tr("Modifier"))

    def _orientation_html(self, card: OrgCard) -> str:
        if card.orientation is None:
            return "<p style='color:#6c757d'>{}</p>".format(
                escape(self.tr("Orientation indisponible (référentiel des pôles absent)"))
            )
        if not card.orientation:
            return "<p style='color:#6c757d'>{}</p>".format(
                escape(self.tr("Aucun pôle ne correspond à cette organisation."))
            )
        parts = []
        for o in card.orientation:
            colour = "#2e8b57" if o.score >= 60 else "#c77c11" if o.score >= 35 else "#8a8f98"
            site = ""
            if o.site_name:
                site = self.tr("site le plus proche : %1").replace("%1", o.site_name)
                if o.distance_km is not None:
                    site += f" ({o.distance_km:.0f} km)"
            reasons = "".join(f"<li>{escape(r)}</li>" for r in o.reasons)
            parts.append(
                f"<p style='margin-bottom:2px'><b>{escape(o.cluster_name)}</b> "
                f"<span style='color:white; background:{colour}'>&nbsp;{o.score}&nbsp;</span>"
                f"<br><span style='color:#495057'>{escape(site)}</span></p>"
                f"<ul style='margin-top:0'>{reasons}</ul>"
            )
        return "".join(parts)

    # --- actions ------------------------------------------------------------------------------

    def edit(self) -> OrganisationEditDialog | None:
        if self.card is None:
            return None
        dialog = OrganisationEditDialog(
            self._db, self._runner, self.card, self._settings.actor, self
        )
        dialog.accepted.connect(self._after_change)
        dialog.open()
        return dialog

    def add_contact(self) -> ContactDialog | None:
        if self.card is None:
            return None
        dialog = ContactDialog(
            self._db, self._runner, self.card.id, self._settings.actor, None, self
        )
        dialog.accepted.connect(self._after_change)
        dialog.open()
        return dialog

    def edit_contact(self) -> ContactDialog | None:
        if self.card is None:
            return None
        rows = self.contacts_view.selectionModel().selectedRows()
        if not rows:
            return None
        contact = self.card.contacts[rows[0].row()]
        dialog = ContactDialog(
            self._db, self._runner, self.card.id, self._settings.actor, contact, self
        )
        dialog.accepted.connect(self._after_change)
        dialog.open()
        return dialog

    def open_visit_details(self, row: int) -> VisitDetailsDialog | None:
        """Read-only: a past report is looked at, never edited from here."""
        if self.card is None or not 0 <= row < len(self.card.visits):
            return None
        dialog = VisitDetailsDialog(self.card.name, self.card.visits[row], self)
        self.visit_details = dialog
        dialog.open()
        return dialog

    def refer(self, recommended: tuple[str, ...] = ()) -> None:
        """« Transmettre au pôle… »: the form's choices are read on the worker, then the
        dialog opens (``recommended``: the clusters a visit report just chose)."""
        if self.card is None:
            return
        db, org_id = self._db, self.card.id

        def opened(form: ReferralForm) -> None:
            self.open_referral_dialog(form)

        self._runner.run(
            lambda: referral_form(db, org_id, recommended=recommended), opened, self._load_failed
        )

    def open_referral_dialog(self, form: ReferralForm) -> ReferralDialog:
        dialog = ReferralDialog(
            self._db,
            self._runner,
            form,
            self._settings.officer_email or self._settings.actor,
            self._settings.officer_name,
            self,
        )
        dialog.sent.connect(lambda _rows: self._after_change())
        self.referral_dialog = dialog
        dialog.open()
        return dialog

    def _request_visit(self) -> None:
        if self.card is not None:
            self.logVisitRequested.emit(self.card)

    def _after_change(self) -> None:
        if self.card is not None:
            org_id = self.card.id
            self.show_organisation(org_id)
            self.changed.emit(org_id)

    # --- translation --------------------------------------------------------------------------

    def _retitle_tabs(self) -> None:
        card = self.card
        n_contacts = len(card.contacts) if card else 0
        n_visits = len(card.visits) if card else 0
        n_follow = sum(1 for f in card.follow_ups if f.status.value == "open") if card else 0

        def counted(text: str, n: int) -> str:
            return f"{text} ({n})" if n else text

        self.tabs.setTabText(0, self.tr("&Fiche"))
        self.tabs.setTabText(1, counted(self.tr("C&ontacts"), n_contacts))
        self.tabs.setTabText(2, counted(self.tr("&Visites"), n_visits))
        self.tabs.setTabText(3, self.tr("Pô&les"))
        self.tabs.setTabText(4, counted(self.tr("Relan&ces"), n_follow))
        self.tabs.setTabText(5, counted(self.tr("Tra&nsmissions"), len(self.referrals)))

    def retranslate(self) -> None:
        self.empty.setText(
            self.tr("Sélectionnez une organisation dans la liste pour afficher sa fiche.")
        )
        self.edit_button.setText(self.tr("Modifier"))
        self.edit_button.setToolTip(self.tr("Modifier la fiche (Ctrl+E)"))
        self.refer_button.setText(self.tr("Transmettre au pôle…"))
        self.refer_button.setToolTip(
            self.tr("Présenter cette organisation à un pôle, avec l'accord de la personne")
        )
        self.visit_button.setText(self.tr("Consigner une visite"))
        self.visit_button.setToolTip(self.tr("Saisir le compte rendu d'une visite (Ctrl+L)"))
        self.add_contact_button.setText(self.tr("Ajouter un contact"))
        self.edit_contact_button.setText(self.tr("Modifier le contact"))
        names = {
            "kind": self.tr("Type"),
            "siret": self.tr("SIRET"),
            "naf": self.tr("Activité"),
            "address": self.tr("Adresse"),
            "territory": self.tr("Territoire"),
            "phone": self.tr("Téléphone"),
            "email": self.tr("E-mail"),
            "website": self.tr("Site web"),
            "officer": self.tr("Chargé de mission"),
            "priority": self.tr("Priorité"),
            "source": self.tr("Source"),
            "notes": self.tr("Notes"),
        }
        for key, (name, _value) in self.fact_labels.items():
            name.setText(names[key])
        self._retitle_tabs()
        self._fill()
        self._fit_head()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def _day(iso: str) -> date | None:
    try:
        return datetime.fromisoformat(iso).date()
    except ValueError:
        return None


def _spaced_siret(siret: str | None) -> str:
    if not siret or len(siret) != 14:
        return siret or ""
    return f"{siret[:3]} {siret[3:6]} {siret[6:9]} {siret[9:]}"
