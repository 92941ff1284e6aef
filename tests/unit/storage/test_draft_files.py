"""The visit draft file format: encrypted with a key derived from the database key, bound to
its organisation, and an earlier version's plain JSON still read."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from hdf_field.storage.draft_files import (
    MAGIC,
    MAX_DRAFT_BYTES,
    DraftUnreadable,
    draft_key,
    draft_path,
    read_draft,
    rewrite_draft,
    set_aside,
    write_draft,
)
from hdf_field.storage.encryption import DatabaseKey

ORG = "6f1c2a9e-0000-4000-8000-000000000001"
OTHER = "6f1c2a9e-0000-4000-8000-000000000002"
KEY = draft_key(DatabaseKey(bytes(range(32))))
DRAFT = {
    "format": 1,
    "organisation_id": ORG,
    "organisation_name": "Forges du Nord",
    "data": {"contact": "Zéphyrine Quenouillard", "phone": "06 47 58 69 70", "notes": "RDV"},
}
SECRETS = [b"Quenouillard", "Zéphyrine".encode(), b"06 47 58 69 70", b"RDV", b"Forges"]


def test_an_encrypted_draft_holds_no_byte_of_the_person_and_reads_back(tmp_path: Path) -> None:
    path = write_draft(draft_path(tmp_path, ORG), DRAFT, KEY)
    raw = path.read_bytes()
    assert raw.startswith(MAGIC)
    assert [s for s in SECRETS if s in raw] == []
    assert read_draft(path, KEY) == (DRAFT, True)
    if os.name == "posix":
        assert path.stat().st_mode & 0o077 == 0
    # A random nonce per write: the same draft never gives the same bytes twice.
    assert write_draft(path, DRAFT, KEY).read_bytes() != raw


def test_the_draft_key_is_not_the_database_key() -> None:
    db_key = DatabaseKey(bytes(range(32)))
    assert len(KEY) == 32 and db_key.raw != KEY
    assert draft_key(DatabaseKey(bytes(32))) != KEY


def test_another_key_is_refused_without_touching_the_file(tmp_path: Path) -> None:
    path = write_draft(draft_path(tmp_path, ORG), DRAFT, KEY)
    before = path.read_bytes()
    with pytest.raises(DraftUnreadable, match="key"):
        read_draft(path, draft_key(DatabaseKey(bytes(32))))
    with pytest.raises(DraftUnreadable, match="no key"):
        read_draft(path, None)
    assert path.read_bytes() == before


def test_a_draft_swapped_for_another_organisations_is_refused(tmp_path: Path) -> None:
    mine = write_draft(draft_path(tmp_path, ORG), DRAFT, KEY)
    theirs = draft_path(tmp_path, OTHER)
    theirs.write_bytes(mine.read_bytes())
    with pytest.raises(DraftUnreadable):
        read_draft(theirs, KEY)


def test_a_changed_or_cut_draft_is_refused(tmp_path: Path) -> None:
    path = write_draft(draft_path(tmp_path, ORG), DRAFT, KEY)
    raw = bytearray(path.read_bytes())
    raw[-20] ^= 1
    path.write_bytes(bytes(raw))
    with pytest.raises(DraftUnreadable):
        read_draft(path, KEY)
    path.write_bytes(bytes(raw[:15]))
    with pytest.raises(DraftUnreadable):
        read_draft(path, KEY)
    path.write_bytes(MAGIC + b"\x09" + bytes(40))
    with pytest.raises(DraftUnreadable, match="version"):
        read_draft(path, KEY)


def test_an_earlier_versions_plain_draft_is_read(tmp_path: Path) -> None:
    path = draft_path(tmp_path, ORG)
    path.write_text(json.dumps(DRAFT, ensure_ascii=False), encoding="utf-8")
    assert read_draft(path, KEY) == (DRAFT, False)
    assert read_draft(path, None) == (DRAFT, False)


def test_what_is_not_a_draft_is_refused_naming_the_file(tmp_path: Path) -> None:
    path = draft_path(tmp_path, ORG)
    for raw in (b"{not json", b"\xff\xfe", b"[1, 2]", b"x" * (MAX_DRAFT_BYTES + 1)):
        path.write_bytes(raw)
        with pytest.raises(DraftUnreadable) as err:
            read_draft(path, KEY)
        assert path.name in str(err.value)


def test_rewriting_a_plain_draft_encrypts_it_and_zeroes_the_old_bytes(tmp_path: Path) -> None:
    path = draft_path(tmp_path, ORG)
    path.write_text(json.dumps(DRAFT, ensure_ascii=False), encoding="utf-8")
    with path.open("rb") as old:  # the old file's blocks, as a reader still holding it sees them
        rewrite_draft(path, {**DRAFT, "data": {}}, KEY, was_plain=True)
        left = old.read()
    assert left.strip(b"\0") == b""
    assert read_draft(path, KEY) == ({**DRAFT, "data": {}}, True)
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary file left


def test_set_aside_renames_and_never_overwrites(tmp_path: Path) -> None:
    path = draft_path(tmp_path, ORG)
    path.write_bytes(b"first")
    first = set_aside(path)
    path.write_bytes(b"second")
    second = set_aside(path)
    assert not path.exists()
    assert first.read_bytes() == b"first" and second.read_bytes() == b"second"
    assert first.name.endswith(".unreadable") and second.name.endswith(".unreadable")
