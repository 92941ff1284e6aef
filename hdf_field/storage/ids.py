"""Record and mutation ids for rows written in bulk.

Random (version-4) UUIDs scatter 500,000 imported rows over every page of each index keyed
on them (the organisation's primary key, the outbox's record and mutation ids): past the
import's page cache each insert then reads a page back from disk. Version-7 UUIDs (RFC 9562)
start with the millisecond clock, so one batch's ids land together at the end of the index,
and still carry 74 random bits: unique across laptops without coordination.
"""

from __future__ import annotations

import os
import time
import uuid

_RAND_B = (1 << 62) - 1


def uuid7() -> uuid.UUID:
    """A version-7 UUID: 48-bit Unix milliseconds, version, 12 + 62 random bits, variant."""
    ms = time.time_ns() // 1_000_000
    rand = int.from_bytes(os.urandom(10))
    return uuid.UUID(
        int=(
            (ms & 0xFFFF_FFFF_FFFF) << 80
            | 0x7 << 76
            | (rand >> 68 & 0xFFF) << 64
            | 0b10 << 62
            | rand & _RAND_B
        )
    )
