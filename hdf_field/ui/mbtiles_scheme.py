"""Serving a user's MBTiles file to the offline map through the ``mbtiles:`` URL scheme.

Chromium only accepts custom schemes registered before the QApplication exists, so the
application calls :func:`register_mbtiles_scheme` first thing at startup.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject
from PySide6.QtWebEngineCore import (
    QWebEngineProfile,
    QWebEngineUrlRequestJob,
    QWebEngineUrlScheme,
    QWebEngineUrlSchemeHandler,
)

from hdf_field.services.map_tiles import MbtilesReader

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
    """Answers ``mbtiles:tiles/z/x/y`` from the current reader (none: every tile 404s)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.reader: MbtilesReader | None = None
        self.served = 0

    def requestStarted(self, job: QWebEngineUrlRequestJob) -> None:  # noqa: N802 (Qt API)
        match = _PATH.match(job.requestUrl().path())
        data = None
        if match and self.reader is not None:
            z, x, y = (int(g) for g in match.groups())
            data = self.reader.tile(z, x, y)
        if data is None:
            job.fail(QWebEngineUrlRequestJob.Error.UrlNotFound)
            return
        buffer = QBuffer(job)
        buffer.setData(QByteArray(data))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.served += 1
        job.reply(self.reader.info.mime_type.encode() if self.reader else b"image/png", buffer)


def install_handler(profile: QWebEngineProfile) -> MbtilesSchemeHandler:
    """The profile's handler, installed once (one per profile, shared by its pages)."""
    existing = profile.urlSchemeHandler(SCHEME)
    if isinstance(existing, MbtilesSchemeHandler):
        return existing
    handler = MbtilesSchemeHandler(profile)
    profile.installUrlSchemeHandler(SCHEME, handler)
    return handler
