"""The main window: a sidebar of screens, a demo banner, the status bar with running jobs."""

from __future__ import annotations

import importlib
import logging
from typing import Any

from PySide6.QtCore import QCoreApplication, QEvent, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from hdf_field import __version__
from hdf_field.services.database import Database, database_location
from hdf_field.services.org_card import OrgCard
from hdf_field.services.visits import VisitLogged
from hdf_field.ui.common import error_text, icon, size_to_screen
from hdf_field.ui.drafts import Draft, DraftStore, draft_store
from hdf_field.ui.identity import IdentityDialog
from hdf_field.ui.import_page import ImportPage
from hdf_field.ui.operation_progress import OperationBar
from hdf_field.ui.organisation.panel import OrganisationPanel
from hdf_field.ui.planner import PlannerView
from hdf_field.ui.prospects.page import ProspectsPage
from hdf_field.ui.settings import AppSettings
from hdf_field.ui.settings_page import SettingsPage
from hdf_field.ui.shortcuts_help import ShortcutsDialog
from hdf_field.ui.sync import SyncStatusWidget, SyncView
from hdf_field.ui.tasks import TaskRunner
from hdf_field.ui.visit_form import Ask, VisitDialog, ask_with_message_box

log = logging.getLogger(__name__)

# 1366×768 at 150 % is 911×512 logical pixels; less a taskbar and a title bar, about 911×455.
MIN_WIDTH, MIN_HEIGHT = 880, 440


def database_label(url: str) -> str:
    """What the status bar says about the database: a file name or a server, never a URL
    (and never a password)."""
    where = database_location(url)
    if where is None:
        return "?"
    if where.in_memory:
        return QCoreApplication.translate("MainWindow", "en mémoire")
    return where.label


def database_place(url: str) -> str:
    """The tooltip: the full path of a local file, the server otherwise (no credentials)."""
    where = database_location(url)
    return "" if where is None else where.place


class PageStack(QStackedWidget):
    """Asks only for the room the screen on show needs: a hidden page that is wide (the
    planner) must not make the window too big for a laptop. The scroll area around it takes
    over when the shown page needs more than the window has."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.currentChanged.connect(lambda _i: self.updateGeometry())

    def minimumSizeHint(self) -> QSize:
        page = self.currentWidget()
        return page.minimumSizeHint().expandedTo(page.minimumSize()) if page else QSize(0, 0)

    def sizeHint(self) -> QSize:
        page = self.currentWidget()
        return page.sizeHint() if page else QSize(0, 0)


class Banner(QFrame):
    """A coloured strip across the top: demo data, a recovered draft."""

    def __init__(self, colour: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self.setStyleSheet(
            f"#banner {{ background: {colour}; border-bottom: 1px solid #d0c070; }}"
            " QLabel { color: #3b3000; }"
        )
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.button = QPushButton(self)
        self.button.hide()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.button)
        self.hide()


def _optional_view(
    module: str, cls: str, db: Database, runner: TaskRunner, parent: QWidget, **options: Any
) -> QWidget | None:
    """Views that need Qt WebEngine (the map) are left out on machines without it."""
    try:
        mod = importlib.import_module(module)
    except ImportError as exc:
        log.warning("%s unavailable: %s", module, exc)
        return None
    view_cls = getattr(mod, cls)
    widget: QWidget = view_cls(db, parent, runner=runner, **options)
    return widget


class MainWindow(QMainWindow):
    languageChanged = Signal(str)

    def __init__(
        self,
        db: Database,
        runner: TaskRunner,
        settings: AppSettings,
        drafts: DraftStore | None = None,
        ask: Ask | None = None,
        parent: QWidget | None = None,
        *,
        with_map: bool = True,
        with_dashboard: bool = True,
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.runner = runner
        self.settings = settings
        self.drafts = drafts or draft_store(db)
        self._ask = ask
        self.visit_dialog: VisitDialog | None = None
        self.setObjectName("mainWindow")
        self.setWindowIcon(icon("app"))
        # Fits 1280×720 less a taskbar at 100 %, and 1366×768 at 150 % (911×512 logical).
        self.setMinimumSize(QSize(MIN_WIDTH, MIN_HEIGHT))
        size_to_screen(self, QSize(1400, 860))
        self.identity_dialog: IdentityDialog | None = None
        self.shortcuts_dialog: ShortcutsDialog | None = None
        self._visit_pending: str | None = None
        self._first_run_asked = False

        self.demo_banner = Banner("#fff3bf", self)
        self.demo_banner.setObjectName("banner")
        self.demo_banner.button.clicked.connect(lambda: self.show_page("import"))
        self.demo_banner.button.show()
        self.draft_banner = Banner("#d3f9d8", self)
        self.draft_banner.button.clicked.connect(self.resume_draft)

        self.nav = QListWidget(self)
        self.nav.setObjectName("navigation")
        self.nav.setIconSize(QSize(22, 22))
        self.nav.setFixedWidth(178)
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.nav.setSpacing(2)
        # In the Tab order (arrows then move between screens), with each screen's Ctrl+number.
        self.nav.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.nav.setStyleSheet(
            "QListWidget#navigation { background: #eef2f7; color: #1d2d3e; border: none;"
            " border-right: 1px solid #d5dde7; font-size: 11pt; padding-top: 8px; outline: 0; }"
            " QListWidget#navigation::item { padding: 10px 8px; border-radius: 6px; }"
            " QListWidget#navigation::item:selected { background: #d0e1f2; color: #0b3558;"
            " font-weight: 600; }"
        )
        self.stack = PageStack(self)
        self.page_scroll = QScrollArea(self)
        self.page_scroll.setObjectName("pageScroll")
        self.page_scroll.setWidgetResizable(True)
        self.page_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.page_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)

        self.organisation = OrganisationPanel(db, runner, settings, self)
        self.prospects = ProspectsPage(db, runner, self.organisation, self)
        self.prospects.organisationSelected.connect(self.organisation.show_organisation)
        self.prospects.selectionCleared.connect(lambda: self.organisation.show_organisation(None))
        self.organisation.cardShown.connect(self._card_shown)
        QShortcut(QKeySequence("Ctrl+L"), self.prospects).activated.connect(
            self.log_visit_for_selection
        )
        QShortcut(QKeySequence("Ctrl+Shift+F"), self.prospects).activated.connect(
            lambda: self.prospects.set_card_visible(not self.prospects.card_button.isChecked())
        )
        self.prospects.cardCollapsedChanged.connect(
            lambda folded: self.settings.set("ui/card_collapsed", int(folded))
        )
        self.prospects.splitter.splitterMoved.connect(self._remember_card_width)
        self.organisation.changed.connect(lambda oid: self.prospects.model.refresh_ids([oid]))
        self.organisation.logVisitRequested.connect(self.open_visit)
        self.map_view = (
            _optional_view("hdf_field.ui.map_view", "MapView", db, runner, self, settings=settings)
            if with_map
            else None
        )
        self.dashboard = (
            _optional_view("hdf_field.ui.dashboard_view", "DashboardView", db, runner, self)
            if with_dashboard
            else None
        )
        self._loaded_pages: set[str] = set()
        self.settings_page = SettingsPage(settings, db, runner, self)
        self.settings_page.languageChanged.connect(self.languageChanged)
        self.settings_page.backups_box.restored.connect(self.data_changed)

        self.pages: list[tuple[str, str, QWidget]] = [("prospects", "prospects", self.prospects)]
        if self.map_view is not None:
            self.pages.append(("map", "map", self.map_view))
            self._wire_map(self.map_view)
        self.planning = PlannerView(db, runner, self, actor=settings.actor)
        self.planning.planSaved.connect(lambda _result: self.data_changed())
        self.pages.append(("planning", "planning", self.planning))
        if self.dashboard is not None:
            self.pages.append(("dashboard", "dashboard", self.dashboard))
        self.sync_view = SyncView(db, runner, self, settings=settings)
        self.sync_view.dataChanged.connect(self.data_changed)
        self.settings_page.saved.connect(self.sync_view.controller.refresh_status)
        # A new home base or new hours: the planner rereads its officers when next shown.
        self.settings_page.saved.connect(lambda: self._loaded_pages.discard("planning"))
        # Every local edit adds to what waits for the next sync.
        self.organisation.changed.connect(lambda _oid: self.sync_view.controller.refresh_status())
        # Registers come in before the day's work is synchronised.
        self.import_page = ImportPage(db, runner, settings, self)
        self.import_page.imported.connect(lambda _outcome: self._imported())
        self.pages.append(("import", "import", self.import_page))
        self.pages.append(("sync", "sync", self.sync_view))
        self.pages.append(("settings", "settings", self.settings_page))
        for key, icon_name, widget in self.pages:
            item = QListWidgetItem(icon(icon_name), "")
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.nav.addItem(item)
            self.stack.addWidget(widget)
        self.nav.currentRowChanged.connect(self._page_changed)
        self.nav.setCurrentRow(0)
        for i in range(min(len(self.pages), 9)):
            QShortcut(QKeySequence(f"Ctrl+{i + 1}"), self).activated.connect(
                lambda i=i: self.nav.setCurrentRow(i)
            )

        central = QWidget(self)
        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(0)
        self.help_button = QPushButton(self)
        self.help_button.setObjectName("shortcutsButton")
        self.help_button.setFlat(True)
        self.help_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.help_button.clicked.connect(self.show_shortcuts)
        QShortcut(QKeySequence(Qt.Key.Key_F1), self).activated.connect(self.show_shortcuts)
        side = QVBoxLayout()
        side.setContentsMargins(0, 0, 0, 0)
        side.setSpacing(0)
        side.addWidget(self.nav, 1)
        side.addWidget(self.help_button)
        side_widget = QWidget(self)
        side_widget.setObjectName("sidebar")
        side_widget.setFixedWidth(self.nav.width())
        side_widget.setStyleSheet(
            "#sidebar { background: #eef2f7; border-right: 1px solid #d5dde7; }"
            " QPushButton#shortcutsButton { color: #0b3558; text-align: left; padding: 8px 12px;"
            " border: none; }"
        )
        side_widget.setLayout(side)
        body.addWidget(side_widget)
        self.page_scroll.setWidget(self.stack)
        body.addWidget(self.page_scroll, 1)
        outer = QVBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(self.demo_banner)
        outer.addWidget(self.draft_banner)
        outer.addLayout(body, 1)
        self.setCentralWidget(central)

        self.db_label = QLabel(self)
        self.db_label.setStyleSheet("color: #555;")
        self.operations = OperationBar(runner, self)
        self.statusBar().addWidget(self.db_label, 1)
        self.statusBar().addPermanentWidget(self.operations)
        self.sync_status = SyncStatusWidget(self.sync_view.controller, self)
        self.sync_status.conflictsRequested.connect(lambda: self.show_page("sync"))
        self.statusBar().addPermanentWidget(self.sync_status)
        self._restore_card()
        # The day starts with a search: the cursor is there when the window opens.
        self.prospects.filters.search.setFocus()
        self.retranslate()
        self.refresh_banners()

    # --- first run ----------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._first_run_asked:
            self._first_run_asked = True
            QTimer.singleShot(0, self.ask_identity_if_missing)

    def ask_identity_if_missing(self) -> IdentityDialog | None:
        """First run: the officer says who they are before a report needs it."""
        if self.settings.identity_complete:
            return None
        return self.ask_identity()

    def ask_identity(self) -> IdentityDialog:
        if self.identity_dialog is not None and self.identity_dialog.isVisible():
            return self.identity_dialog
        dialog = IdentityDialog(self.settings, self.db, self.runner, self)
        dialog.identitySaved.connect(self._identity_saved)
        self.identity_dialog = dialog
        dialog.open()
        return dialog

    def _identity_saved(self) -> None:
        """The Settings page and the planner reread what the identity form wrote."""
        self.settings_page.load()
        self._loaded_pages.discard("planning")
        self.sync_view.controller.refresh_status()
        self.statusBar().showMessage(
            self.tr("Bienvenue, %1.").replace("%1", self.settings.officer_name), 5000
        )

    # --- the card beside the list --------------------------------------------------------------

    def _restore_card(self) -> None:
        width = self.settings.get("ui/card_width")
        if width:
            self.prospects.remember_card_width(width)
        if self.settings.get("ui/card_collapsed"):
            self.prospects.set_card_visible(False)

    def _remember_card_width(self, _pos: int, _index: int) -> None:
        width = self.prospects.card_width()
        if width:
            self.settings.set("ui/card_width", width)

    def show_shortcuts(self) -> ShortcutsDialog:
        names = [self.nav.item(row).text() for row in range(self.nav.count())]
        dialog = ShortcutsDialog(names, self)
        self.shortcuts_dialog = dialog
        dialog.open()
        return dialog

    def _page_changed(self, row: int) -> None:
        leaving = self.stack.currentWidget()
        leaving_unsaved_day = leaving is self.planning and row != self.stack.currentIndex()
        if leaving_unsaved_day and not self.planning.confirm_discard():
            self.nav.blockSignals(True)
            self.nav.setCurrentRow(self.stack.currentIndex())
            self.nav.blockSignals(False)
            return
        self.stack.setCurrentIndex(row)
        key = self.pages[row][0] if 0 <= row < len(self.pages) else ""
        if key not in self._loaded_pages:
            self._load_page(key)

    def _load_page(self, key: str) -> None:
        """The map and the dashboard read their data the first time they are shown."""
        if key == "map" and self.map_view is not None:
            self._loaded_pages.add(key)
            self.map_view.reload()  # type: ignore[attr-defined]
        elif key == "planning":
            self._loaded_pages.add(key)
            self.planning.refresh()
        elif key == "dashboard" and self.dashboard is not None:
            self._loaded_pages.add(key)
            self.dashboard.refresh()  # type: ignore[attr-defined]
        elif key == "import":
            self._loaded_pages.add(key)
            self.import_page.refresh()

    def _wire_map(self, map_view: Any) -> None:
        """The map shows what the list shows; a click on either selects in both."""
        map_view.organisationActivated.connect(self.show_organisation)
        map_view.addToPlanRequested.connect(self.add_to_plan)
        self.prospects.organisationSelected.connect(map_view.select_organisation)
        self.prospects.model.modelReset.connect(self._sync_map_selection)

    def _sync_map_selection(self) -> None:
        from hdf_field.services.prospect_reads import read_prospect_ids
        from hdf_field.services.prospects import is_unfiltered

        flt = self.prospects.model.current_filter
        if is_unfiltered(flt):
            self.map_view.show_organisations(None)  # type: ignore[union-attr]
            return

        def work() -> list[str]:
            return read_prospect_ids(self.db, flt)

        def done(ids: list[str]) -> None:
            if self.prospects.model.current_filter == flt:
                self.map_view.show_organisations(ids)  # type: ignore[union-attr]

        self.runner.run(work, done, lambda _e: None)

    # --- navigation ---------------------------------------------------------------------------

    def page_keys(self) -> list[str]:
        return [key for key, _i, _w in self.pages]

    def show_page(self, key: str) -> None:
        self.nav.setCurrentRow(self.page_keys().index(key))

    def add_to_plan(self, org_ids: list[str]) -> None:
        """From the map or the list: the prospects go to the day being planned."""
        self.show_page("planning")
        self.planning.add_organisations(list(org_ids))

    def show_organisation(self, org_id: str) -> None:
        self.show_page("prospects")
        if not self.prospects.select_organisation(org_id):
            self.organisation.show_organisation(org_id)

    # --- visits and drafts --------------------------------------------------------------------

    def log_visit_for_selection(self) -> None:
        """Ctrl+L: the report is for the organisation selected in the list, never for a card
        left over from an earlier search; with nothing selected it says so."""
        self._visit_pending = None
        selected = self.prospects.selected_id()
        card = self.organisation.card
        if selected is None:
            if card is not None and self.prospects.model.row_of(card.id) < 0:
                self.open_visit(card)  # opened from the map: shown, though not in the list
                return
            self.statusBar().showMessage(
                self.tr(
                    "Aucune organisation sélectionnée : choisissez-la dans la liste "
                    "(↓ depuis la recherche), puis Ctrl+L."
                ),
                8000,
            )
            return
        if card is not None and card.id == selected:
            self.open_visit(card)
        else:  # its card is still loading: the report opens as soon as it is there
            self._visit_pending = selected

    def _card_shown(self, org_id: str) -> None:
        if self._visit_pending is not None and self._visit_pending == org_id:
            self._visit_pending = None
            card = self.organisation.card
            if card is not None and self.prospects.selected_id() == org_id:
                self.open_visit(card)

    def open_visit(self, card: OrgCard) -> VisitDialog:
        dialog = VisitDialog(
            self.db, self.runner, self.settings, card, self.drafts, self._ask, self
        )
        dialog.logged.connect(self._visit_logged)
        dialog.referRequested.connect(lambda ids: self.organisation.refer(tuple(ids)))
        dialog.identityChanged.connect(self._identity_saved)
        dialog.finished.connect(lambda _r: self.refresh_banners())
        self.visit_dialog = dialog
        dialog.open()
        return dialog

    def _visit_logged(self, result: VisitLogged) -> None:
        self.prospects.model.refresh_ids([result.organisation_id])
        self.organisation.show_organisation(result.organisation_id)
        self.statusBar().showMessage(self.tr("Visite enregistrée."), 5000)
        self.sync_view.controller.refresh_status()

    def pending_draft(self) -> Draft | None:
        pending = self.drafts.pending()
        return pending[0] if pending else None

    def resume_draft(self) -> None:
        draft = self.pending_draft()
        if draft is None:
            return
        from hdf_field.services.org_card import read_card

        org_id = draft.organisation_id

        def work() -> OrgCard:
            return read_card(self.db, org_id)

        self.runner.run(
            work, self.open_visit, lambda exc: self.statusBar().showMessage(error_text(exc), 8000)
        )

    def refresh_banners(self) -> None:
        from hdf_field.services.imports import has_demo_region

        db = self.db
        self.runner.run(lambda: has_demo_region(db), self._set_demo, lambda _e: None)
        draft = self.pending_draft()
        aside = self.drafts.take_set_aside()
        if aside:
            self.statusBar().showMessage(
                self.tr(
                    "Brouillon illisible (autre clé ou fichier abîmé), mis de côté : %1"
                ).replace("%1", ", ".join(str(p) for p in aside)),
                15000,
            )
        self.draft_banner.setVisible(draft is not None)
        if draft is not None:
            self.draft_banner.label.setText(
                self.tr("Un compte rendu de visite non enregistré a été retrouvé : %1.").replace(
                    "%1", draft.organisation_name
                )
            )
            self.draft_banner.button.setText(self.tr("Reprendre"))
            self.draft_banner.button.show()

    def _set_demo(self, demo: bool) -> None:
        self.demo_banner.setVisible(demo)

    def _imported(self) -> None:
        self.data_changed()
        self.sync_view.controller.refresh_status()
        self.statusBar().showMessage(self.tr("Import enregistré."), 5000)

    def data_changed(self) -> None:
        """After a bulk change (demo built, import, sync)."""
        self.prospects.refresh()
        self.refresh_banners()
        for key in list(self._loaded_pages):
            self._loaded_pages.discard(key)
            if self.stack.currentWidget() is dict((k, w) for k, _i, w in self.pages).get(key):
                self._load_page(key)

    # --- translation --------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("HDF Field — campagne pôles de compétitivité Hauts-de-France"))
        names = {
            "prospects": self.tr("Prospects"),
            "map": self.tr("Carte"),
            "dashboard": self.tr("Tableau de bord"),
            "planning": self.tr("Planning"),
            "import": self.tr("Importer"),
            "sync": self.tr("Synchronisation"),
            "settings": self.tr("Paramètres"),
        }
        for row, (key, _i, _w) in enumerate(self.pages):
            item = self.nav.item(row)
            item.setText(names.get(key, key))
            if row < 9:
                item.setToolTip(f"{names.get(key, key)} (Ctrl+{row + 1})")
        self.help_button.setText(self.tr("Raccourcis clavier (F1)"))
        self.help_button.setToolTip(self.tr("Le parcours au clavier et tous les raccourcis"))
        self.demo_banner.label.setText(
            self.tr(
                "<b>Données de démonstration.</b> Ces organisations sont fictives : elles servent "
                "à découvrir l'outil. Importez le fichier SIRENE pour travailler sur les vraies."
            )
        )
        self.demo_banner.button.setText(self.tr("Importer des données…"))
        where = database_label(self.db.url)
        self.db_label.setText(
            self.tr("Base : %1 · version %2").replace("%1", where).replace("%2", __version__)
            + self._key_store_note()
        )
        self.db_label.setToolTip(database_place(self.db.url))
        self.refresh_banners()

    def _key_store_note(self) -> str:
        """The status bar says when the database key is not in a system keyring (issue 10)."""
        info = self.db.key_info
        if info is None or info.store in ("keyring", "env"):
            return ""
        if info.store == "file":
            return self.tr(" · ⚠ clé de chiffrement dans un fichier (voir Paramètres)")
        return self.tr(" · ⚠ base non chiffrée")

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.import_page.busy:
            # Otherwise the window would vanish while the import goes on and commits unseen.
            ask = self._ask or ask_with_message_box(self)
            if not ask(
                self.tr("Import en cours"),
                self.tr("Un import est en cours. L'annuler (rien ne sera importé) et quitter ?"),
            ):
                event.ignore()
                return
            self.import_page.cancel()
        if self.visit_dialog is not None and self.visit_dialog.isVisible():
            self.visit_dialog.write_draft()
        super().closeEvent(event)
