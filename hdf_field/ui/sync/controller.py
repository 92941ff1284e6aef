"""The GUI's one handle on synchronisation, shared by the Sync screen and the status bar.

Every call to the sync service runs on the :class:`TaskRunner`'s database thread (a push and
pull can take minutes on a slow line); what comes back is a frozen snapshot or report, and
typed failures become one French sentence here so both widgets say the same thing.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from hdf_field.domain.progress import CancelToken, Progress, ProgressUpdate
from hdf_field.services.database import Database
from hdf_field.services.laptop_sync import (
    BundleExported,
    ConflictItem,
    NoLaptopToken,
    SyncError,
    SyncErrorKind,
    SyncOutcome,
    SyncSnapshot,
    Transport,
    export_bundle,
    import_bundle,
    log_in,
    open_conflicts,
    read_snapshot,
    resolve_and_list,
    run_sync,
)
from hdf_field.services.referrals import new_answers, remember_before_sync
from hdf_field.ui.common import count_text, current_language, error_text, number_text
from hdf_field.ui.settings import AppSettings
from hdf_field.ui.tasks import Operation, TaskRunner

__all__ = ["SyncController", "SyncOutcome", "SyncSnapshot", "read_snapshot"]

REGISTRY_URL_KEY = "sync/registry_url"
STATUS_REFRESH_MS = 20_000


class SyncController(QObject):
    statusChanged = Signal(object)  # SyncSnapshot
    syncStarted = Signal(object)  # Operation
    syncFinished = Signal(object)  # SyncReport
    syncFailed = Signal(str)  # a sentence for the person
    syncCancelled = Signal()
    loginRequired = Signal(str)  # why
    rebindRequired = Signal(str)  # the database is another account's: confirm to take it over
    loggedIn = Signal(str)  # account e-mail
    conflictsChanged = Signal(object)  # list[ConflictItem]
    bundleDone = Signal(str)  # a sentence
    bundleFailed = Signal(str)
    resolveFailed = Signal(str)
    dataChanged = Signal()  # records changed under other views (pull, import, resolution)
    answersChanged = Signal(int)  # referrals the clusters moved, brought by the last sync

    def __init__(
        self,
        db: Database,
        tasks: TaskRunner,
        settings: AppSettings | None = None,
        *,
        transport: Transport | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.db = db
        self.tasks = tasks
        self.settings = settings if settings is not None else AppSettings()
        self.transport = transport  # tests may drive the registry in-process
        self.snapshot: SyncSnapshot | None = None
        self.cluster_answers = 0
        self.conflicts: list[ConflictItem] = []
        self.operation: Operation[SyncOutcome] | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(STATUS_REFRESH_MS)
        self._timer.timeout.connect(self.refresh_status)
        self._timer.start()

    # -- facts -------------------------------------------------------------------------------
    def server_url(self) -> str:
        return str(self.settings.get(REGISTRY_URL_KEY)).strip()

    @property
    def busy(self) -> bool:
        return self.operation is not None

    def refresh_status(self) -> None:
        db = self.db
        self.tasks.run(lambda: read_snapshot(db), self._set_snapshot, lambda _e: None)
        self.tasks.run(lambda: new_answers(db), self._set_answers, lambda _e: None)

    def _set_answers(self, count: int) -> None:
        self.cluster_answers = count
        self.answersChanged.emit(count)

    def refresh_conflicts(self) -> None:
        db, lang = self.db, current_language()
        self.tasks.run(
            lambda: open_conflicts(db, lang),
            self._set_conflicts,
            lambda exc: self.resolveFailed.emit(str(exc)),
        )

    def refresh(self) -> None:
        self.refresh_status()
        self.refresh_conflicts()

    def _set_snapshot(self, snap: SyncSnapshot) -> None:
        self.snapshot = snap
        self.statusChanged.emit(snap)

    def _set_conflicts(self, items: list[ConflictItem]) -> None:
        self.conflicts = items
        self.conflictsChanged.emit(items)

    # -- sync --------------------------------------------------------------------------------
    def start_sync(self, *, rebind: bool = False) -> Operation[SyncOutcome] | None:
        """Push then pull off the GUI thread; None when one is already running or impossible.

        ``rebind``: the person confirmed that this database now belongs to the logged-in
        account (see ``sync.service.bind_account``)."""
        if self.operation is not None:
            return None
        url = self.server_url()
        if not url:
            self.syncFailed.emit(
                self.tr("Indiquez d'abord l'adresse du registre dans les Paramètres.")
            )
            return None
        db, transport = self.db, self.transport

        def work(progress: Progress, cancel: CancelToken) -> SyncOutcome:
            from hdf_field.ui.drafts import default_drafts_dir

            # The answers this sync brings are those newer than the previous sync.
            remember_before_sync(db)
            # Drafts naming a person erased at the registry are scrubbed after the pull.
            return run_sync(
                db,
                url,
                transport=transport,
                rebind=rebind,
                progress=progress,
                cancel=cancel,
                drafts_dir=default_drafts_dir(),
            )

        op = self.tasks.run_long(
            self.tr("Synchronisation"),
            work,
            self._sync_done,
            self._sync_crashed,
            self._sync_cancelled,
        )
        self.operation = op
        self.syncStarted.emit(op)
        return op

    def cancel_sync(self) -> None:
        if self.operation is not None:
            self.operation.cancel()

    def describe_progress(self, _op: Operation[Any], update: ProgressUpdate) -> str:
        """The sync's stages (``push``, ``pull``) in words, for the progress widget."""
        if update.label == "push":
            return (
                self.tr("Envoi des modifications : %1 / %2")
                .replace("%1", number_text(update.done))
                .replace("%2", number_text(update.total or 0))
            )
        received = count_text(update.done, self.tr("%n fiche"), self.tr("%n fiches"))
        return self.tr("Réception : %1").replace("%1", received)

    def _sync_done(self, outcome: SyncOutcome) -> None:
        cancelled = self.operation is not None and self.operation.token.cancelled
        self.operation = None
        self.refresh()
        if outcome.report is not None:
            self.syncFinished.emit(outcome.report)
            self.dataChanged.emit()
            return
        error = outcome.error
        assert error is not None
        if cancelled:
            self.syncCancelled.emit()
        elif error.kind is SyncErrorKind.AUTH:
            self.loginRequired.emit(
                self.tr("Le registre ne reconnaît pas ce poste : connectez-vous pour synchroniser.")
            )
        elif error.kind is SyncErrorKind.ACCOUNT:
            self.rebindRequired.emit(
                self.tr("Cette base appartient à un autre compte du registre : %1").replace(
                    "%1",
                    error_text(error.reason)
                    if error.reason is not None
                    else str(error).split(": ", 1)[-1],
                )
            )
        else:
            self.syncFailed.emit(self.error_message(error, outcome.pending))
        self.dataChanged.emit()  # a run cut half-way may already have applied pages

    def _sync_crashed(self, exc: BaseException) -> None:
        self.operation = None
        self.refresh()
        self.syncFailed.emit(self.tr("La synchronisation a échoué : %1").replace("%1", str(exc)))

    def _sync_cancelled(self) -> None:
        self.operation = None
        self.refresh()
        self.syncCancelled.emit()

    def error_message(self, error: SyncError, pending: int) -> str:
        if error.kind is SyncErrorKind.NETWORK:
            return self.tr(
                "Serveur injoignable — vos modifications restent en attente (%1)."
            ).replace("%1", str(pending))
        if error.kind is SyncErrorKind.SERVER:
            return self.tr(
                "Le registre a rencontré une erreur ; réessayez plus tard. Vos modifications "
                "restent en attente (%1)."
            ).replace("%1", str(pending))
        if error.kind is SyncErrorKind.FORBIDDEN:
            return self.tr("Le registre refuse cette opération pour votre compte.")
        if error.kind is SyncErrorKind.AUTH:
            return self.tr("Connexion refusée : reconnectez-vous.")
        if error.kind is SyncErrorKind.PROTOCOL:
            return self.tr(
                "Le registre et cette application ne parlent pas la même version du protocole "
                "de synchronisation : il faut mettre à jour l'application (ou le registre). Vos "
                "modifications restent en attente (%1)."
            ).replace("%1", str(pending))
        return self.tr("Le registre a refusé les données envoyées : %1").replace(
            "%1", error_text(error.reason) if error.reason is not None else str(error)
        )

    # -- login -------------------------------------------------------------------------------
    def login(self, email: str, password: str, on_done: Callable[[str | None], None]) -> None:
        """Exchange e-mail and password for a token kept in the keyring; the password is
        forgotten as soon as the request is sent. ``on_done(None)`` on success, else a
        sentence saying what went wrong."""
        url = self.server_url()
        if not url:
            on_done(self.tr("Indiquez d'abord l'adresse du registre dans les Paramètres."))
            return
        transport = self.transport

        def work() -> str:
            return log_in(url, email, password, transport=transport)

        def ok(account: str) -> None:
            on_done(None)
            self.loggedIn.emit(account)

        def failed(exc: BaseException) -> None:
            on_done(self._login_message(exc))

        self.tasks.run(work, ok, failed)

    def _login_message(self, exc: BaseException) -> str:
        if isinstance(exc, SyncError):
            if exc.kind is SyncErrorKind.AUTH:
                return self.tr("E-mail ou mot de passe incorrect.")
            if exc.kind is SyncErrorKind.NETWORK:
                return self.tr(
                    "Serveur injoignable : vérifiez la connexion et l'adresse du registre."
                )
            if "HTTP 429" in str(exc):
                return self.tr("Trop de tentatives : patientez une minute avant de réessayer.")
        reason = exc.reason if isinstance(exc, SyncError) and exc.reason is not None else exc
        return self.tr("Connexion impossible : %1").replace("%1", error_text(reason))

    # -- bundles (offices without network) -------------------------------------------------
    def export_bundle(self, path: Path) -> None:
        db, server = self.db, self.server_url() or None

        def work() -> BundleExported:
            return export_bundle(db, path, server)

        def ok(done: BundleExported) -> None:
            self.bundleDone.emit(
                self.tr(
                    "%1 dans %2. Portez ce fichier au bureau ; elles restent en "
                    "attente ici jusqu'à l'import de la réponse."
                )
                .replace(
                    "%1",
                    count_text(
                        done.mutations,
                        self.tr("%n modification écrite"),
                        self.tr("%n modifications écrites"),
                    ),
                )
                .replace("%2", done.path.name)
            )

        def failed(exc: BaseException) -> None:
            if isinstance(exc, NoLaptopToken):
                self.bundleFailed.emit(
                    self.tr(
                        "Ce portable n'a pas de jeton du registre : demandez-en un au bureau, "
                        "puis synchronisez une première fois (le paquet est scellé avec ce "
                        "jeton)."
                    )
                )
            else:
                self.bundleFailed.emit(
                    self.tr("Export impossible : %1").replace("%1", error_text(exc))
                )

        self.tasks.run(work, ok, failed)

    def import_bundle(self, path: Path) -> None:
        db, server = self.db, self.server_url() or None

        def work() -> dict[str, Any]:
            return import_bundle(db, path, server)

        def ok(summary: dict[str, Any]) -> None:
            self.refresh()
            self.dataChanged.emit()
            self.bundleDone.emit(
                self.tr("Réponse importée : %1, %2, %3.")
                .replace(
                    "%1",
                    count_text(
                        summary["pushed"],
                        self.tr("%n modification confirmée"),
                        self.tr("%n modifications confirmées"),
                    ),
                )
                .replace(
                    "%2",
                    count_text(
                        summary["pulled"], self.tr("%n fiche reçue"), self.tr("%n fiches reçues")
                    ),
                )
                .replace(
                    "%3",
                    count_text(summary["conflicts"], self.tr("%n conflit"), self.tr("%n conflits")),
                )
            )

        def failed(exc: BaseException) -> None:
            self.bundleFailed.emit(self.tr("Import impossible : %1").replace("%1", error_text(exc)))

        self.tasks.run(work, ok, failed)

    # -- conflicts ---------------------------------------------------------------------------
    def resolve(
        self, item: ConflictItem, value: Any, on_done: Callable[[], None] | None = None
    ) -> None:
        """Keep ``value`` (a wire value) for the field; it leaves with the next sync."""
        db, actor, lang = self.db, self.settings.actor, current_language()
        record_id: uuid.UUID = item.record_id
        field = item.field

        def work() -> list[ConflictItem]:
            return resolve_and_list(db, record_id, field, value, actor=actor, lang=lang)

        def ok(items: list[ConflictItem]) -> None:
            self._set_conflicts(items)
            self.refresh_status()
            self.dataChanged.emit()
            if on_done is not None:
                on_done()

        def failed(exc: BaseException) -> None:
            self.resolveFailed.emit(
                self.tr("Impossible d'enregistrer ce choix : %1").replace("%1", str(exc))
            )
            self.refresh_conflicts()

        self.tasks.run(work, ok, failed)
