"""Reading an MBTiles file (SQLite of raster tiles) for the offline map's optional basemap.

MBTiles stores rows in TMS order (row 0 at the south); Leaflet asks for XYZ tiles (row 0 at
the north), hence the flip in :meth:`MbtilesReader.tile`.
"""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path

from hdf_field.domain.errors import HdfFieldError

_MIME = {"png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "webp": "image/webp"}


@dataclass(frozen=True)
class MbtilesInfo:
    name: str
    format: str
    min_zoom: int
    max_zoom: int

    @property
    def mime_type(self) -> str:
        return _MIME.get(self.format, "image/png")


class MbtilesReader:
    """Read-only access to one MBTiles file; safe to call from any thread.

    Opening it reads the disk (checks the file, reads its metadata and zoom range): the map
    screen opens one off the GUI thread, and its tiles are read there too."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        if not self.path.is_file():
            raise HdfFieldError(f"{self.path}: MBTiles file not found")
        self._lock = threading.Lock()
        self._closed = False
        try:
            self._conn = sqlite3.connect(
                f"file:{self.path}?mode=ro", uri=True, check_same_thread=False
            )
            self.info = self._read_info()
        except sqlite3.DatabaseError as exc:
            raise HdfFieldError(f"{self.path}: not an MBTiles file ({exc})") from exc

    def _read_info(self) -> MbtilesInfo:
        meta = {}
        tables = {r[0] for r in self._conn.execute("SELECT name FROM sqlite_master")}
        if "tiles" not in tables:
            raise HdfFieldError(f"{self.path}: not an MBTiles file (no 'tiles' table)")
        if "metadata" in tables:
            meta = dict(self._conn.execute("SELECT name, value FROM metadata").fetchall())
        lo, hi = self._conn.execute("SELECT MIN(zoom_level), MAX(zoom_level) FROM tiles").fetchone()
        return MbtilesInfo(
            name=str(meta.get("name") or self.path.stem),
            format=str(meta.get("format") or "png").lower(),
            min_zoom=int(meta.get("minzoom", lo if lo is not None else 0)),
            max_zoom=int(meta.get("maxzoom", hi if hi is not None else 0)),
        )

    def tile(self, z: int, x: int, y: int) -> bytes | None:
        """The tile at XYZ coordinates, or None when the file has none there (or the reader
        was closed meanwhile: a tile asked for just before another basemap was chosen)."""
        tms_row = (1 << z) - 1 - y
        with self._lock:
            if self._closed:
                return None
            row = self._conn.execute(
                "SELECT tile_data FROM tiles WHERE zoom_level=? AND tile_column=? AND tile_row=?",
                (z, x, tms_row),
            ).fetchone()
        return bytes(row[0]) if row else None

    def close(self) -> None:
        with self._lock:
            self._closed = True
            self._conn.close()


def write_mbtiles(
    path: Path, tiles: dict[tuple[int, int, int], bytes], *, name: str = "tiles", fmt: str = "png"
) -> Path:
    """Write XYZ-addressed tiles into a new MBTiles file (tests and small extracts)."""
    conn = sqlite3.connect(path)
    try:
        conn.execute("CREATE TABLE metadata (name TEXT, value TEXT)")
        conn.execute(
            "CREATE TABLE tiles (zoom_level INTEGER, tile_column INTEGER, tile_row INTEGER,"
            " tile_data BLOB)"
        )
        zooms = [z for z, _, _ in tiles] or [0]
        conn.executemany(
            "INSERT INTO metadata VALUES (?, ?)",
            [
                ("name", name),
                ("format", fmt),
                ("minzoom", str(min(zooms))),
                ("maxzoom", str(max(zooms))),
            ],
        )
        conn.executemany(
            "INSERT INTO tiles VALUES (?, ?, ?, ?)",
            [(z, x, (1 << z) - 1 - y, data) for (z, x, y), data in tiles.items()],
        )
        conn.commit()
    finally:
        conn.close()
    return path
