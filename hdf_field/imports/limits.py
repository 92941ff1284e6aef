"""Every size limit the importers enforce on their input, in one place.

An input file comes from outside (a download, a colleague's USB stick, an e-mail): a few
hundred kilobytes can hold a 700 MiB spreadsheet cell or a zip that inflates to terabytes. The
readers therefore check these limits *while streaming*, before anything large is held in
memory, so that an import's memory stays bounded whatever the file. Each limit is far above
what any real register or list holds (see ``docs/imports.md``, "Limits"), so a legitimate
file never meets one.

Readers and importers take a :class:`ReadLimits` (tests pass small ones); everything else uses
:data:`DEFAULT_LIMITS`.
"""

from __future__ import annotations

from dataclasses import dataclass

KIB = 1024
MIB = 1024 * KIB
GIB = 1024 * MIB

# A physical line of a CSV file, in characters (at most 4 bytes each in UTF-8). The longest
# SIRENE line is about 1,000 characters, a KBO line a few hundred.
MAX_LINE_CHARS = 1 * MIB
# One CSV record, which may span several physical lines (a quoted field with line breaks).
MAX_RECORD_CHARS = 1 * MIB
# One field (cell) of a CSV record or an XLSX sheet. No register value is longer than a few
# hundred characters; free-text list columns ("notes") stay well below this.
MAX_FIELD_CHARS = 64 * KIB
# Decompressed size of one member of a zip archive read as CSV (the KBO open-data zip: its
# largest member, activity.csv, is about 1.5 GB; INSEE's StockEtablissement_utf8.zip holds
# one CSV of about 8 GB, all of France, and grows every month). Members are streamed, so this
# bounds the time a hostile archive can take, not memory.
MAX_ZIP_MEMBER_BYTES = 24 * GIB
# Decompressed size of one XML member of an XLSX workbook (sheet, shared strings, styles):
# openpyxl holds the shared strings whole in memory. 64 MiB of sheet XML is several hundred
# thousand cells; a larger list is better saved as CSV.
MAX_XLSX_MEMBER_BYTES = 64 * MIB
# Decompressed size of a whole XLSX workbook, all members together.
MAX_XLSX_TOTAL_BYTES = 256 * MIB
# Decompressed / compressed size of one zip member. Deflate cannot exceed about 1,030:1; real
# CSV and spreadsheet XML compress 5:1 to 30:1. Only checked for members larger than
# ZIP_RATIO_FLOOR_BYTES, since tiny members (an empty styles part) compress absurdly well.
MAX_COMPRESSION_RATIO = 200
ZIP_RATIO_FLOOR_BYTES = 1 * MIB
# Entries of a zip archive (each costs a ZipInfo object when the archive is opened). A KBO zip
# has 9 members, an XLSX workbook a few dozen.
MAX_ZIP_ENTRIES = 10_000
# Bytes of a zip's central directory, which zipfile reads whole and turns into one object per
# entry it finds, whatever count the end record declares: 10,000 entries of ~100 bytes.
MAX_ZIP_DIRECTORY_BYTES = 1 * MIB
# The reject file: each rejected row is written as an excerpt of at most this many bytes of
# UTF-8 (marker included), and only the first MAX_REJECT_ROWS_WRITTEN rows are written; the
# others are still counted in the report.
MAX_REJECT_EXCERPT_BYTES = 1 * KIB
MAX_REJECT_ROWS_WRITTEN = 20_000
# A JSON mapping file for ``import csv``: a few hundred bytes in practice.
MAX_MAPPING_BYTES = 1 * MIB


@dataclass(frozen=True, slots=True)
class ReadLimits:
    """The limits one reading of a file enforces (see the module constants for why each)."""

    line_chars: int = MAX_LINE_CHARS
    record_chars: int = MAX_RECORD_CHARS
    field_chars: int = MAX_FIELD_CHARS
    zip_member_bytes: int = MAX_ZIP_MEMBER_BYTES
    xlsx_member_bytes: int = MAX_XLSX_MEMBER_BYTES
    xlsx_total_bytes: int = MAX_XLSX_TOTAL_BYTES
    compression_ratio: int = MAX_COMPRESSION_RATIO
    ratio_floor_bytes: int = ZIP_RATIO_FLOOR_BYTES
    zip_entries: int = MAX_ZIP_ENTRIES
    zip_directory_bytes: int = MAX_ZIP_DIRECTORY_BYTES
    reject_excerpt_bytes: int = MAX_REJECT_EXCERPT_BYTES
    reject_rows_written: int = MAX_REJECT_ROWS_WRITTEN


DEFAULT_LIMITS = ReadLimits()
