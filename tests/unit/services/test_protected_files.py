"""Encrypted exports of a person's data: unreadable without the passphrase, readable with it
by our code and by the archivers the recipient has (7-Zip), a wrong passphrase said clearly."""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from hdf_field.services.protected_files import (
    ALPHABET,
    MIN_PASSPHRASE_CHARS,
    PassphraseError,
    ProtectedFileError,
    generate_passphrase,
    open_protected,
    protect,
    read_passphrase_file,
    write_contact_export,
)

PERSON: dict[str, Any] = {
    "contact": {
        "id": "3f2b9c1e-0000-4000-8000-000000000001",
        "first_name": "Zoé",
        "last_name": "Quenouillard",
        "email": "zoe.quenouillard@forges-du-nord.fr",
        "phone": "06 47 58 69 70",
        "legal_basis": "consent",
        "consent_date": "2026-01-05",
    },
    "organisation": {"id": "o1", "name": "Forges du Nord", "siret": "73282932000074"},
    "visits": [],
    "follow_ups": [],
    "drafts": [],
    "referrals": [],
    "outbox": [],
    "conflicts": [],
}
NEEDLES = [
    b"Quenouillard",
    "Quenouillard".encode("utf-16-le"),
    b"zoe.quenouillard",
    b"06 47 58 69 70",
    b"Forges du Nord",
]


def test_generated_passphrases_are_long_random_and_readable() -> None:
    drawn = {generate_passphrase() for _ in range(200)}
    assert len(drawn) == 200
    for p in drawn:
        groups = p.split("-")
        assert [len(g) for g in groups] == [5, 5, 5, 5]
        assert set("".join(groups)) <= set(ALPHABET)
    assert not set(ALPHABET) & set("01ilo")  # nothing to misread over the phone


def test_the_export_holds_no_byte_of_the_person_and_opens_with_the_passphrase(
    tmp_path: Path,
) -> None:
    passphrase = generate_passphrase()
    written = write_contact_export(PERSON, tmp_path / "acces.pdf", passphrase=passphrase)
    assert written.path == tmp_path / "acces.zip" and written.encrypted
    assert written.members == ("acces.pdf", "acces.json")
    assert not (tmp_path / "acces.pdf").exists()
    raw = written.path.read_bytes()
    for needle in NEEDLES:
        assert needle not in raw, needle
    assert written.path.stat().st_mode & 0o077 == 0  # this user's until handed over
    assert "passphrase" not in json.dumps(written.as_json())

    inside = open_protected(written.path, passphrase)
    assert json.loads(inside["acces.json"]) == PERSON
    text = " ".join(p.extract_text() or "" for p in PdfReader(_pdf(tmp_path, inside)).pages)
    assert "Quenouillard" in text


def _pdf(tmp_path: Path, inside: dict[str, bytes]) -> Path:
    out = tmp_path / "out.pdf"
    out.write_bytes(inside["acces.pdf"])
    return out


def test_every_entry_is_aes_256(tmp_path: Path) -> None:
    out = tmp_path / "x.zip"
    out.write_bytes(protect({"a.json": b"{}", "b.pdf": b"%PDF-1.4"}, "correct horse battery"))
    with zipfile.ZipFile(out) as archive:  # the standard library reads the directory only
        for info in archive.infolist():
            assert info.flag_bits & 0x1  # encrypted
            assert info.compress_type == 99  # WinZip AES
            # The AES extra field (0x9901): vendor "AE", strength 3 = 256 bits.
            extra = info.extra
            at = extra.index(b"\x01\x99")
            assert extra[at + 6 : at + 8] == b"AE" and extra[at + 8] == 3


def test_a_wrong_passphrase_is_one_clear_error(tmp_path: Path) -> None:
    written = write_contact_export(PERSON, tmp_path / "a.zip", passphrase="right-passphrase-1")
    with pytest.raises(ProtectedFileError, match="wrong passphrase") as caught:
        open_protected(written.path, "wrong-passphrase-2")
    assert str(written.path) in str(caught.value)


def test_a_damaged_or_foreign_file_is_said_so(tmp_path: Path) -> None:
    written = write_contact_export(PERSON, tmp_path / "a.zip", passphrase="right-passphrase-1")
    data = bytearray(written.path.read_bytes())
    data[200] ^= 0xFF  # inside the first entry's ciphertext: the HMAC catches it
    written.path.write_bytes(bytes(data))
    with pytest.raises(ProtectedFileError, match="damaged"):
        open_protected(written.path, "right-passphrase-1")
    plain = tmp_path / "plain.zip"
    with zipfile.ZipFile(plain, "w") as archive:
        archive.writestr("a.json", "{}")
    with pytest.raises(ProtectedFileError, match="not encrypted"):
        open_protected(plain, "right-passphrase-1")
    (tmp_path / "junk.zip").write_bytes(b"not a zip at all")
    with pytest.raises(ProtectedFileError, match="junk.zip"):
        open_protected(tmp_path / "junk.zip", "right-passphrase-1")


def test_plain_is_the_bare_pdf_where_asked(tmp_path: Path) -> None:
    written = write_contact_export(PERSON, tmp_path / "acces.pdf", passphrase=None)
    assert written.path == tmp_path / "acces.pdf" and not written.encrypted
    assert written.as_json()["format"] == "pdf"
    assert written.path.read_bytes().startswith(b"%PDF")


def test_passphrase_files_are_checked_and_named_in_errors(tmp_path: Path) -> None:
    good = tmp_path / "pass.txt"
    good.write_text("une phrase assez longue\nsecond line ignored\n", encoding="utf-8")
    assert read_passphrase_file(good) == "une phrase assez longue"
    short = tmp_path / "short.txt"
    short.write_text("x" * (MIN_PASSPHRASE_CHARS - 1) + "\n", encoding="utf-8")
    with pytest.raises(PassphraseError, match=r"short\.txt.*at least"):
        read_passphrase_file(short)
    empty = tmp_path / "empty.txt"
    empty.write_text("\n", encoding="utf-8")
    with pytest.raises(PassphraseError, match=r"empty\.txt.*empty"):
        read_passphrase_file(empty)
    binary = tmp_path / "bin.txt"
    binary.write_bytes(b"\xff\xfe" * 10)
    with pytest.raises(PassphraseError, match=r"bin\.txt.*UTF-8"):
        read_passphrase_file(binary)
    with pytest.raises(PassphraseError, match=r"missing\.txt.*cannot read"):
        read_passphrase_file(tmp_path / "missing.txt")


SEVEN_ZIP = shutil.which("7z") or shutil.which("7zz")


@pytest.mark.skipif(SEVEN_ZIP is None, reason="7-Zip not installed (apt-get install p7zip-full)")
def test_seven_zip_opens_it_with_the_passphrase_and_refuses_a_wrong_one(tmp_path: Path) -> None:
    assert SEVEN_ZIP is not None
    passphrase = generate_passphrase()
    written = write_contact_export(PERSON, tmp_path / "acces.zip", passphrase=passphrase)
    out = tmp_path / "out"
    wrong = subprocess.run(
        [SEVEN_ZIP, "x", "-y", f"-o{out}", "-pwrong-passphrase", str(written.path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert wrong.returncode != 0 and "Wrong password" in wrong.stdout + wrong.stderr
    done = subprocess.run(
        [SEVEN_ZIP, "x", "-y", f"-o{out}", f"-p{passphrase}", str(written.path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert json.loads((out / "acces.json").read_text(encoding="utf-8")) == PERSON
    assert (out / "acces.pdf").read_bytes().startswith(b"%PDF")
