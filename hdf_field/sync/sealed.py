"""The sealed file that carries a sync bundle: bound to one registry token, encrypted, and
refused whole when anything in it was changed, cut, reordered or re-attributed.

Layout (all integers big-endian)::

    header   magic b"HDFB" | version (1 byte) | kind (1 byte) | key id (32 bytes) | nonce (8)

The version byte is the sync protocol (:data:`hdf_field.sync.protocol.PROTOCOL`): a file of
another protocol is refused whole from its header, before anything is decrypted.
    chunks   AES-256-GCM(K, nonce || counter (4 bytes), chunk, aad = header || last flag)

``K`` is derived from the token (HKDF-SHA256), so only the laptop holding the token and the
registry, which keeps ``K`` beside the token's hash, can make or read the file. The key id
is the token's SHA-256, which the registry already stores: it says whose key to try, and
being covered by every chunk's tag it cannot be swapped for another account's. Each chunk
holds ``CHUNK`` bytes of the gzip'd payload except the last, which carries the last flag:
a file cut at a chunk boundary lacks it, one cut elsewhere fails a tag, and moved chunks
decrypt under the wrong counter. Everything is authenticated before a byte is decompressed,
and decompression is counted against ``MAX_PAYLOAD`` before anything is kept, so a
compression bomb costs time proportional to the limit but no memory.
"""

from __future__ import annotations

import hashlib
import os
import struct
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from hdf_field.domain.errors import InputFileError
from hdf_field.sync.protocol import PROTOCOL, bundle_refused_error

MAGIC: Final = b"HDFB"
VERSION: Final = PROTOCOL
KINDS: Final = {"mutations": 1, "reply": 2}
KEY_INFO: Final = b"hdf-field bundle v1"
CHUNK: Final = 1 << 20  # plaintext bytes per chunk (1 MiB)
TAG: Final = 16
HEADER: Final = struct.Struct(">4sBB32s8s")

# A laptop's outbox is a few thousand mutations (well under 10 MB of JSON); a manager's reply
# with every record of the region (25,000 organisations and their contacts) is about 60 MB
# of JSON, 8 MB gzip'd. The limits leave a wide margin above both.
MAX_FILE: Final = 64 * 1024 * 1024  # the sealed file, compressed (64 MiB)
MAX_PAYLOAD: Final = 256 * 1024 * 1024  # the JSON once decompressed (256 MiB)
_STEP: Final = 1 << 20  # decompressed bytes produced per step while counting


def bundle_key(token: str) -> bytes:
    """The 32-byte key a token's bundles are sealed with."""
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=KEY_INFO).derive(
        token.encode()
    )


def key_id(token: str) -> bytes:
    """The token's SHA-256: what the registry already keeps to recognise it."""
    return hashlib.sha256(token.encode()).digest()


@dataclass(frozen=True)
class Header:
    kind: str
    key_id: bytes
    nonce: bytes
    raw: bytes


def _aad(header: bytes, last: bool) -> bytes:
    return header + (b"\x01" if last else b"\x00")


def _nonce(base: bytes, counter: int) -> bytes:
    return base + struct.pack(">I", counter)


def seal(payload: bytes, key: bytes, kid: bytes, kind: str) -> bytes:
    """gzip then encrypt ``payload`` (JSON text as bytes)."""
    return seal_packed(gzip_bytes(payload), key, kid, kind)


def seal_packed(packed: bytes, key: bytes, kid: bytes, kind: str) -> bytes:
    """Encrypt bytes already gzip'd (the benchmarks seal hostile ones with it)."""
    nonce = os.urandom(8)
    header = HEADER.pack(MAGIC, VERSION, KINDS[kind], kid, nonce)
    aes = AESGCM(key)
    parts = [header]
    count = max(1, -(-len(packed) // CHUNK))
    if count >= 2**32:
        raise ValueError("payload too large to seal")
    for i in range(count):
        chunk = packed[i * CHUNK : (i + 1) * CHUNK]
        last = i == count - 1
        parts.append(aes.encrypt(_nonce(nonce, i), chunk, _aad(header, last)))
    return b"".join(parts)


def gzip_bytes(payload: bytes) -> bytes:
    comp = zlib.compressobj(6, zlib.DEFLATED, 31)  # wbits 31: the gzip container
    return comp.compress(payload) + comp.flush()


def read_header(path: Path, data: bytes, reader: str = "application") -> Header:
    """The plain header, checked for form only: nothing in it is trusted until a tag is.
    ``reader`` ("application" or "registry") names who opens it in a protocol refusal."""
    if len(data) < HEADER.size + TAG:
        raise InputFileError(code="bundle.too_short", params={"path": path})
    magic, version, kind_code, kid, nonce = HEADER.unpack_from(data)
    if magic != MAGIC:
        raise InputFileError(code="bundle.unknown_format", params={"path": path})
    if version != VERSION:
        raise bundle_refused_error(path, version, VERSION, reader)
    kinds = {v: k for k, v in KINDS.items()}
    if kind_code not in kinds:
        raise InputFileError(
            code="bundle.unknown_kind", params={"path": path, "kind": str(kind_code)}
        )
    return Header(kinds[kind_code], kid, nonce, data[: HEADER.size])


def read_file(path: Path, max_file: int = MAX_FILE) -> bytes:
    """The file's bytes, refused before reading when larger than ``max_file``."""
    try:
        size = path.stat().st_size
        if size > max_file:
            raise InputFileError(
                code="bundle.too_large",
                params={"path": path, "size": str(size), "max": str(max_file)},
            )
        return path.read_bytes()
    except OSError as exc:
        raise InputFileError(
            code="bundle.unreadable", params={"path": path, "detail": exc.strerror}
        ) from exc


def open_sealed(
    path: Path, data: bytes, header: Header, key: bytes, max_payload: int = MAX_PAYLOAD
) -> bytes:
    """Authenticate every chunk, then decompress within ``max_payload``: the JSON bytes."""
    aes = AESGCM(key)
    body = memoryview(data)[HEADER.size :]
    packed = bytearray()
    step = CHUNK + TAG
    count = max(1, -(-len(body) // step))
    for i in range(count):
        piece = body[i * step : (i + 1) * step]
        last = i == count - 1
        if len(piece) < TAG:
            raise InputFileError(code="bundle.cut_short", params={"path": path, "chunk": i + 1})
        try:
            packed += aes.decrypt(_nonce(header.nonce, i), bytes(piece), _aad(header.raw, last))
        except InvalidTag:
            raise InputFileError(
                code="bundle.tampered", params={"path": path, "chunk": i + 1, "count": count}
            ) from None
    return gunzip_bounded(path, bytes(packed), max_payload)


def gunzip_bounded(path: Path, packed: bytes, max_payload: int) -> bytes:
    """Count the decompressed size first, keeping nothing, then decompress for real."""
    total = 0
    d = zlib.decompressobj(31)
    pending = packed
    try:
        while True:
            out = d.decompress(pending, _STEP)
            total += len(out)
            if total > max_payload:
                raise InputFileError(
                    code="bundle.payload_too_large", params={"path": path, "max": str(max_payload)}
                )
            pending = d.unconsumed_tail
            if d.eof or (not pending and not out):
                break
        if not d.eof:
            raise InputFileError(code="bundle.payload_incomplete", params={"path": path})
        if d.unused_data:
            raise InputFileError(code="bundle.trailing_data", params={"path": path})
        return zlib.decompress(packed, 31)
    except zlib.error as exc:
        raise InputFileError(
            code="bundle.not_gzip", params={"path": path, "detail": str(exc)}
        ) from exc
