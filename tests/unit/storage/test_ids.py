"""Bulk ids are RFC 9562 version-7 UUIDs: clock first (index appends), random after."""

from __future__ import annotations

import time
import uuid

from hdf_field.storage.ids import uuid7


def test_uuid7_is_version_7_unique_and_ordered_by_time() -> None:
    first = uuid7()
    time.sleep(0.002)
    later = [uuid7() for _ in range(2000)]
    assert {u.version for u in [first, *later]} == {7}
    assert {u.variant for u in [first, *later]} == {uuid.RFC_4122}
    assert len(set(later)) == len(later)
    assert all(first.hex < u.hex for u in later)  # as SQLite compares the stored hex
    ms = int(first.hex[:12], 16)
    assert abs(ms - time.time_ns() // 1_000_000) < 60_000
