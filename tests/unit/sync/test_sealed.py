"""The sealed bundle container: what a holder of the key can and cannot make the reader accept."""

from __future__ import annotations

import os
import zlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hdf_field.domain.errors import InputFileError
from hdf_field.sync import sealed

TOKEN = "hdf_test-token-for-unit-tests"
KEY = sealed.bundle_key(TOKEN)
KID = sealed.key_id(TOKEN)
PATH = Path("b.hdfb")
STEP = sealed.CHUNK + sealed.TAG


def open_(data: bytes, key: bytes = KEY, max_payload: int = sealed.MAX_PAYLOAD) -> bytes:
    return sealed.open_sealed(PATH, data, sealed.read_header(PATH, data), key, max_payload)


def multi_chunk() -> tuple[bytes, bytes]:
    """A payload that stays over two chunks once gzip'd (random bytes do not compress)."""
    payload = os.urandom(sealed.CHUNK * 2 + 1000)
    return payload, sealed.seal(payload, KEY, KID, "mutations")


def chunks(data: bytes) -> tuple[bytes, list[bytes]]:
    head, body = data[: sealed.HEADER.size], data[sealed.HEADER.size :]
    return head, [body[i : i + STEP] for i in range(0, len(body), STEP)]


def test_key_is_derived_not_the_token() -> None:
    assert len(KEY) == 32 and TOKEN.encode() not in KEY
    assert sealed.bundle_key(TOKEN + "x") != KEY
    assert KID.hex() == __import__("hashlib").sha256(TOKEN.encode()).hexdigest()


@settings(max_examples=25, deadline=None)
@given(st.binary(max_size=5000))
def test_round_trip(payload: bytes) -> None:
    data = sealed.seal(payload, KEY, KID, "reply")
    assert sealed.read_header(PATH, data).kind == "reply"
    assert open_(data) == payload


def test_multi_chunk_round_trip_and_every_tampering_refused() -> None:
    payload, data = multi_chunk()
    head, parts = chunks(data)
    assert len(parts) == 3 and open_(data) == payload
    tampered = {
        "reordered": head + parts[1] + parts[0] + parts[2],
        "last chunk dropped": head + parts[0] + parts[1],
        "middle chunk dropped": head + parts[0] + parts[2],
        "chunk repeated": head + parts[0] + parts[0] + parts[1] + parts[2],
        "chunk appended": data + parts[0],
        "cut inside a chunk": data[:-100],
        "kind changed": head[:5] + bytes([2]) + head[6:] + b"".join(parts),
        "nonce changed": head[:-1] + bytes([head[-1] ^ 1]) + b"".join(parts),
    }
    for what, bad in tampered.items():
        with pytest.raises(InputFileError, match="refused|cut short") as caught:
            open_(bad)
        assert "\n" not in str(caught.value), what


def test_other_key_is_refused() -> None:
    data = sealed.seal(b"{}", KEY, KID, "mutations")
    with pytest.raises(InputFileError, match="fails authentication"):
        open_(data, sealed.bundle_key("hdf_other"))


def test_not_a_bundle_old_format_and_future_version() -> None:
    with pytest.raises(InputFileError, match="too short"):
        sealed.read_header(PATH, b"HDFB")
    old = zlib.compress(b'{"format": "hdf-field-sync-bundle"}') + bytes(100)
    with pytest.raises(InputFileError, match="export again"):
        sealed.read_header(PATH, old)
    data = bytearray(sealed.seal(b"{}", KEY, KID, "mutations"))
    data[4] = 9
    with pytest.raises(
        InputFileError,
        match="sync bundle of protocol 9, this application "
        "speaks protocol 1: update the application; nothing was applied",
    ):
        sealed.read_header(PATH, bytes(data))
    data[4] = 0  # an older protocol: the other side is the one to update
    with pytest.raises(
        InputFileError,
        match="protocol 0, this registry speaks protocol 1: update the application that made it",
    ):
        sealed.read_header(PATH, bytes(data), reader="registry")


def test_decompressed_size_limit_is_exact() -> None:
    payload = b"a" * 10_000
    data = sealed.seal(payload, KEY, KID, "mutations")
    assert open_(data, max_payload=10_000) == payload
    with pytest.raises(InputFileError, match="more than the limit of 9999 bytes"):
        open_(data, max_payload=9_999)


def test_gzip_trailing_or_incomplete_payload_is_refused() -> None:
    packed = sealed.gzip_bytes(b"{}")
    for bad, why in ((packed + b"junk", "trailing"), (packed[:-6], "incomplete")):
        data = sealed.seal_packed(bad, KEY, KID, "mutations")
        with pytest.raises(InputFileError, match=why):
            open_(data)


def test_file_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "big.hdfb"
    path.write_bytes(bytes(1001))
    assert len(sealed.read_file(path, max_file=1001)) == 1001
    with pytest.raises(InputFileError, match="over the limit of 1000 bytes"):
        sealed.read_file(path, max_file=1000)
    with pytest.raises(InputFileError, match="cannot read"):
        sealed.read_file(tmp_path / "missing.hdfb")
