"""Serving a user's MBTiles file to the offline map through the ``mbtiles:`` URL scheme.

Chromium only accepts custom schemes registered before the QApplication exists, so the
application calls :func:`register_mbtiles_scheme` first thing at startup.

Qt WebEngine calls the handler on the GUI thread, and a tile is a read from the MBTiles
file: the handler hands the read to its own worker thread and replies when the tile is there
(a request may be answered later; one cancelled meanwhile is simply not answered).
"""

from __future__ import annotations

import contextlib
import logging
import re

import shiboken6
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, Qt, Signal, Slot
from PySide6.QtWebEngineCore import (
    QWebEngineProfile,
    QWebEngineUrlRequestJob,
    QWebEngineUrlScheme,
    QWebEngineUrlSchemeHandler,
)

from hdf_field.services.map_tiles import MbtilesReader
from hdf_field.ui.tasks import SerialWorker

log = logging.getLogger(__name__)

SCHEME = b"mbtiles"
# Leaflet URL template of the tiles served by :class:`MbtilesSchemeHandler`.
TILE_URL_TEMPLATE = "mbtiles:tiles/{z}/{x}/{y}"
_PATH = re.compile(r"^/?tiles/(\d+)/(\d+)/(\d+)$")


def register_mbtiles_scheme() -> None:
    """Declare the scheme to Chromium; must run before QApplication is created."""
    if QWebEngineUrlScheme.schemeByName(SCHEME).name() == SCHEME:
        return
    scheme = QWebEngineUrlScheme(SCHEME)
    scheme.setSyntax(QWebEngineUrlScheme.Syntax.Path)
    scheme.setFlags(
        QWebEngineUrlScheme.Flag.LocalScheme
        | QWebEngineUrlScheme.Flag.LocalAccessAllowed
        | QWebEngineUrlScheme.Flag.CorsEnabled
    )
    QWebEngineUrlScheme.registerScheme(scheme)


def scheme_registered() -> bool:
    return QWebEngineUrlScheme.schemeByName(SCHEME).name() == SCHEME


class MbtilesSchemeHandler(QWebEngineUrlSchemeHandler):
    """Answers ``mbtiles:tiles/z/x/y`` from the current reader (none: every tile 404s); the
    tile is read on the handler's worker thread, the reply sent from the GUI thread."""

    # (job, tile bytes or None, mime type) from the worker; delivered on the GUI thread.
    _read = Signal(object, object, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.reader: MbtilesReader | None = None
        self.served = 0
        self._worker = SerialWorker("hdf-tiles")
        self._read.connect(self._reply, Qt.ConnectionType.QueuedConnection)
        worker = self._worker
        # Not the method: by the time the profile is destroyed, the handler may be gone.
        self.destroyed.connect(lambda: worker.shutdown(wait=False))

    def requestStarted(self, job: QWebEngineUrlRequestJob) -> None:  # noqa: N802 (Qt API)
        match = _PATH.match(job.requestUrl().path())
        reader = self.reader
        if match is None or reader is None:
            job.fail(QWebEngineUrlRequestJob.Error.UrlNotFound)
            return
        z, x, y = (int(g) for g in match.groups())
        mime = reader.info.mime_type.encode()
        signal = self._read

        def read() -> None:
            try:
                data = reader.tile(z, x, y)
            except Exception:  # a damaged file: that tile is missing, the map goes on
                log.warning("MBTiles tile %s/%s/%s unreadable", z, x, y, exc_info=True)
                data = None
            # RuntimeError: the handler was deleted meanwhile (the application is closing).
            with contextlib.suppress(RuntimeError):
                signal.emit(job, data, mime)

        self._worker.submit(read)

    @Slot(object, object, object)
    def _reply(self, job: QWebEngineUrlRequestJob, data: bytes | None, mime: bytes) -> None:
        if not shiboken6.isValid(job):
            return  # the page cancelled the request (zoomed on, reloaded)
        if data is None:
            job.fail(QWebEngineUrlRequestJob.Error.UrlNotFound)
            return
        buffer = QBuffer(job)
        buffer.setData(QByteArray(data))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.served += 1
        job.reply(mime, buffer)


def install_handler(profile: QWebEngineProfile) -> MbtilesSchemeHandler:
    """The profile's handler, installed once (one per profile, shared by its pages)."""
    existing = profile.urlSchemeHandler(SCHEME)
    if isinstance(existing, MbtilesSchemeHandler):
        return existing
    handler = MbtilesSchemeHandler(profile)
    profile.installUrlSchemeHandler(SCHEME, handler)
    return handler
