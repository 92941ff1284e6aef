"""MBTiles reading: XYZ requests map to TMS rows, bad files give one clear error."""

from __future__ import annotations

from pathlib import Path

import pytest

from hdf_field.domain.errors import HdfFieldError
from hdf_field.geo.mbtiles import MbtilesReader, write_mbtiles


def test_xyz_tiles_are_found_through_the_tms_row_flip(tmp_path: Path) -> None:
    path = write_mbtiles(
        tmp_path / "t.mbtiles", {(3, 4, 1): b"north", (3, 4, 6): b"south"}, fmt="jpg"
    )
    reader = MbtilesReader(path)
    assert reader.tile(3, 4, 1) == b"north"
    assert reader.tile(3, 4, 6) == b"south"
    assert reader.tile(3, 5, 1) is None
    assert (reader.info.min_zoom, reader.info.max_zoom) == (3, 3)
    assert reader.info.mime_type == "image/jpeg"
    # Stored rows really are TMS: row 0 is the southernmost.
    row = reader._conn.execute(
        "SELECT tile_row FROM tiles WHERE tile_data = ?", (b"north",)
    ).fetchone()
    assert row == (6,)
    reader.close()
    # A tile asked for just before the basemap changed finds the reader closed: no tile.
    assert reader.tile(3, 4, 1) is None


def test_missing_or_foreign_files_are_rejected_with_their_name(tmp_path: Path) -> None:
    with pytest.raises(HdfFieldError, match="not found"):
        MbtilesReader(tmp_path / "absent.mbtiles")
    junk = tmp_path / "junk.mbtiles"
    junk.write_text("not sqlite at all")
    with pytest.raises(HdfFieldError, match="junk.mbtiles: not an MBTiles file"):
        MbtilesReader(junk)
