"""Shrink a built Linux bundle without changing what it loads: strip symbols, skip what breaks.

    python scripts/bundle_prune.py dist/hdf-field            # trim, strip in place, print savings
    python scripts/bundle_prune.py dist/hdf-field --dry-run  # only report

build.spec imports this file (``strip_tree`` after COLLECT, ``is_provided_by_system`` to drop
system libraries from the analysis); the command line exists to try a rule on a copy of a
bundle in seconds instead of rebuilding for minutes.

Why a check and not a list of names: ``strip`` rewrites the section layout, and on libraries
that auditwheel patched (patchelf appends segments out of order: numpy's OpenBLAS, pyproj's
libcurl...) it produces load segments whose file offset no longer matches their address
modulo the page size; the dynamic loader then refuses the file ("ELF load command
address/offset not page-aligned"). A safe strip only removes non-loaded sections, so the
stripped file's load segments must map exactly the same memory as the original's. Each file
is stripped to a temporary copy, its program headers compared with the original's, and the
original is replaced only when they agree. A library strip would break is compacted instead
(``compact_file``): whole pages of symbols and debug information are cut out of the hole
patchelf left between load segments, which keeps every segment's address and bytes (checked).

It also trims both ICU data sets to French and English (``trim_icu_data`` for Qt's
libicudata, ``trim_icu_package`` for Chromium's icudtl.dat).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

ELF_MAGIC = b"\x7fELF"
PT_LOAD = 1
# glibc maps segments in pages of this size on x86-64 and checks offsets against it.
PAGE_SIZE = 4096
# An ELF header or program header table larger than this is not a library we built or a wheel
# shipped: refuse rather than read an attacker-sized table.
MAX_PROGRAM_HEADERS = 4096

# System libraries a desktop with the packages the README lists already has, so the bundle need
# not carry copies made on the build machine. The rule: the Debian package owning the library
# is a dependency (recursive, Depends/Pre-Depends only) of the documented packages
#   libgl1 libegl1 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3 libnss3
#   libxcomposite1 libxdamage1 libxrandr2 libxtst6 libxkbfile1 libasound2 libxshmfence1
#   libgbm1 libxcb-cursor0 libxi6 libxrender1 libxcb-icccm4 libxcb-keysyms1
# (and, below, libglib2.0-0 libcups2 libssl3 libudev1) as printed on Debian 12 by
# `apt-cache depends --recurse --no-recommends --no-suggests
# --no-conflicts --no-breaks --no-replaces --no-enhances <packages>`; the owning package is on
# each line. Listed by soname so a rebuild on another machine drops the same files; a library
# not listed here stays bundled.
PROVIDED_BY_SYSTEM: dict[str, str] = {
    # X11 and xcb (libx11-6, libxcb1 and the xcb extension packages Qt's xcb plugin needs)
    "libX11.so.6": "libx11-6",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libXau.so.6": "libxau6",
    "libXdmcp.so.6": "libxdmcp6",
    "libXext.so.6": "libxext6",
    "libXfixes.so.3": "libxfixes3",
    "libXrender.so.1": "libxrender1",
    "libXrandr.so.2": "libxrandr2",
    "libXcomposite.so.1": "libxcomposite1",
    "libXdamage.so.1": "libxdamage1",
    "libXtst.so.6": "libxtst6",
    "libXi.so.6": "libxi6",
    "libxkbfile.so.1": "libxkbfile1",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-glx.so.0": "libxcb-glx0",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    # graphics and fonts (libgbm1, libfontconfig1 and what they depend on)
    "libgbm.so.1": "libgbm1",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libpng16.so.16": "libpng16-16",
    "libexpat.so.1": "libexpat1",
    "libbrotlicommon.so.1": "libbrotli1",
    "libbrotlidec.so.1": "libbrotli1",
    # NSS (libnss3, libnspr4): WebEngine's certificate store
    "libnss3.so": "libnss3",
    "libnssutil3.so": "libnss3",
    "libsmime3.so": "libnss3",
    "libsoftokn3.so": "libnss3",
    "libfreebl3.so": "libnss3",
    "libfreeblpriv3.so": "libnss3",
    "libnssdbm3.so": "libnss3",
    "libnssckbi.so": "libnss3",
    "libnspr4.so": "libnspr4",
    "libplc4.so": "libnspr4",
    "libplds4.so": "libnspr4",
    "libsqlite3.so.0": "libsqlite3-0",
    # sound and D-Bus (libasound2, libdbus-1-3 -> libsystemd0 and its compressors/crypto)
    "libasound.so.2": "libasound2",
    "libdbus-1.so.3": "libdbus-1-3",
    "libsystemd.so.0": "libsystemd0",
    "libcap.so.2": "libcap2",
    "libgcrypt.so.20": "libgcrypt20",
    "libgpg-error.so.0": "libgpg-error0",
    "liblz4.so.1": "liblz4-1",
    "liblzma.so.5": "liblzma5",
    "libzstd.so.1": "libzstd1",
    # the C++ and GCC runtimes every one of the above links (libstdc++6, libgcc-s1); the system's
    # copy is at least as new as the build machine's when the bundle is built on the oldest
    # supported distribution, and Mesa's drivers need the system's own
    "libstdc++.so.6": "libstdc++6",
    "libgcc_s.so.1": "libgcc-s1",
    # small libraries of the base system pulled in by the above
    "libffi.so.8": "libffi8",
    "libbsd.so.0": "libbsd0",
    "libmd.so.0": "libmd0",
    "libselinux.so.1": "libselinux1",
    "libpcre2-8.so.0": "libpcre2-8-0",
    "libbz2.so.1.0": "libbz2-1.0",
    "libtinfo.so.6": "libtinfo6",
    "libreadline.so.8": "libreadline8",
    # GLib (Qt Core's event loop), CUPS (printing), OpenSSL 3 (Python's ssl, Qt's TLS backend)
    # and udev (WebEngine): the README now lists libglib2.0-0 libcups2 libssl3 libudev1 too.
    # Every desktop install has them (GTK 3 alone depends on the first three); the bundle
    # copied 17 MiB of them. Below: those packages and their dependencies.
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgio-2.0.so.0": "libglib2.0-0",
    "libgobject-2.0.so.0": "libglib2.0-0",
    "libgmodule-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libmount.so.1": "libmount1",
    "libblkid.so.1": "libblkid1",
    "libcups.so.2": "libcups2",
    "libavahi-client.so.3": "libavahi-client3",
    "libavahi-common.so.3": "libavahi-common3",
    "libgnutls.so.30": "libgnutls30",
    "libp11-kit.so.0": "libp11-kit0",
    "libunistring.so.2": "libunistring2",
    "libidn2.so.0": "libidn2-0",
    "libtasn1.so.6": "libtasn1-6",
    "libnettle.so.8": "libnettle8",
    "libhogweed.so.6": "libhogweed6",
    "libgmp.so.10": "libgmp10",
    "libgssapi_krb5.so.2": "libgssapi-krb5-2",
    "libkrb5.so.3": "libkrb5-3",
    "libk5crypto.so.3": "libk5crypto3",
    "libkrb5support.so.0": "libkrb5support0",
    "libcom_err.so.2": "libcom-err2",
    "libkeyutils.so.1": "libkeyutils1",
    "libssl.so.3": "libssl3",
    "libcrypto.so.3": "libssl3",
    "libudev.so.1": "libudev1",
}
# Libraries only Qt's GTK platform theme (platformthemes/libqgtk3.so) links. GTK 3 is optional
# on the desktop (README): where libgtk-3-0 is installed, the plugin loads the desktop's GTK and
# GTK 3 depends on every one of these, so a bundled copy is never the one used; where it is not,
# the plugin fails to load and Qt falls back to its own file dialogs and style. GTK itself is
# listed too: a build machine with GTK installed would otherwise bundle it (8 MiB with GDK) and
# the plugin would then load a GTK without its themes, schemas and modules.
GTK_THEME_ONLY: dict[str, str] = {
    "libgtk-3.so.0": "libgtk-3-0",
    "libgdk-3.so.0": "libgtk-3-0",
    "libepoxy.so.0": "libepoxy0",
    "libXcursor.so.1": "libxcursor1",
    "libXinerama.so.1": "libxinerama1",
    "libatk-bridge-2.0.so.0": "libatk-bridge2.0-0",
    "libatspi.so.0": "libatspi2.0-0",
    "libcairo.so.2": "libcairo2",
    "libcairo-gobject.so.2": "libcairo-gobject2",
    "libpango-1.0.so.0": "libpango-1.0-0",
    "libpangocairo-1.0.so.0": "libpangocairo-1.0-0",
    "libpangoft2-1.0.so.0": "libpangoft2-1.0-0",
    "libharfbuzz.so.0": "libharfbuzz0b",
    "libgraphite2.so.3": "libgraphite2-3",
    "libfribidi.so.0": "libfribidi0",
    "libthai.so.0": "libthai0",
    "libdatrie.so.1": "libdatrie1",
    "libatk-1.0.so.0": "libatk1.0-0",
    "libgdk_pixbuf-2.0.so.0": "libgdk-pixbuf-2.0-0",
    "libpixman-1.so.0": "libpixman-1-0",
    "libjpeg.so.62": "libjpeg62-turbo",
}


def is_provided_by_system(dest: str) -> bool:
    """True for a library copied from the build machine that the target desktop already has.

    Only top-level files (PyInstaller puts system libraries beside the executable); a wheel's
    own copy under ``<package>.libs/`` has a hashed name and is never matched.
    """
    path = Path(dest)
    return len(path.parts) == 1 and (path.name in PROVIDED_BY_SYSTEM or path.name in GTK_THEME_ONLY)


@dataclass(frozen=True)
class Segment:
    offset: int
    vaddr: int
    filesz: int
    memsz: int
    flags: int
    align: int


def load_segments(path: Path) -> list[Segment]:
    """The PT_LOAD program headers of a 64-bit little-endian ELF file.

    Raises ValueError for anything else (not ELF, 32-bit, big-endian, truncated), and for a
    file carrying data after its section header table: PyInstaller's executable keeps its
    Python archive there, and strip would silently cut it off.
    """
    with path.open("rb") as f:
        header = f.read(64)
        if len(header) < 64 or header[:4] != ELF_MAGIC:
            raise ValueError(f"{path}: not an ELF file")
        if header[4] != 2 or header[5] != 1:
            raise ValueError(f"{path}: not a 64-bit little-endian ELF file")
        phoff, shoff = struct.unpack_from("<QQ", header, 32)
        phentsize, phnum, shentsize, shnum = struct.unpack_from("<HHHH", header, 54)
        if phentsize != 56 or phnum > MAX_PROGRAM_HEADERS:
            raise ValueError(f"{path}: unexpected program header table ({phnum} x {phentsize})")
        if shoff and path.stat().st_size > shoff + shentsize * shnum:
            raise ValueError(f"{path}: data appended after the ELF image (an archive?)")
        f.seek(phoff)
        table = f.read(phentsize * phnum)
    if len(table) != phentsize * phnum:
        raise ValueError(f"{path}: truncated program header table")
    segments = []
    for k in range(phnum):
        p_type, p_flags, offset, vaddr, _paddr, filesz, memsz, align = struct.unpack_from(
            "<IIQQQQQQ", table, k * phentsize
        )
        if p_type == PT_LOAD:
            segments.append(Segment(offset, vaddr, filesz, memsz, p_flags, align))
    return segments


def misaligned(segments: Iterable[Segment]) -> list[Segment]:
    """Load segments the dynamic loader refuses: offset and address differ within a page."""
    return [
        s
        for s in segments
        if (s.vaddr - s.offset) % PAGE_SIZE != 0 or (s.align > 1 and s.align % PAGE_SIZE != 0)
    ]


def same_image(before: Sequence[Segment], after: Sequence[Segment]) -> bool:
    """True when two files map the same memory: same segments, only file offsets may move."""
    key = [(s.vaddr, s.filesz, s.memsz, s.flags, s.align) for s in before]
    return key == [(s.vaddr, s.filesz, s.memsz, s.flags, s.align) for s in after]


def is_elf(path: Path) -> bool:
    try:
        with path.open("rb") as f:
            return f.read(4) == ELF_MAGIC
    except OSError:
        return False


@dataclass(frozen=True)
class StripResult:
    path: Path
    before: int
    after: int
    skipped: str | None  # why the file was left as it was

    @property
    def saved(self) -> int:
        return self.before - self.after


def strip_file(path: Path, *, strip: str = "strip", dry_run: bool = False) -> StripResult:
    """Strip symbols and debug information from one ELF file if the result loads the same."""
    size = path.stat().st_size
    try:
        original = load_segments(path)
    except ValueError as exc:
        return StripResult(path, size, size, str(exc).removeprefix(f"{path}: "))
    if not original:
        return StripResult(path, size, size, "no load segment (not a shared library)")
    with tempfile.TemporaryDirectory(prefix="hdf-strip-") as tmp:
        out = Path(tmp) / path.name
        done = subprocess.run(
            [strip, "--strip-unneeded", "-o", str(out), str(path)], capture_output=True, text=True
        )
        if done.returncode != 0:
            return StripResult(path, size, size, "strip failed: " + done.stderr.strip()[:200])
        stripped = load_segments(out)
        if misaligned(stripped) or not same_image(original, stripped):
            return StripResult(path, size, size, "stripping would move its load segments")
        new_size = out.stat().st_size
        if new_size >= size:
            return StripResult(path, size, size, "nothing to strip")
        if not dry_run:
            shutil.copymode(path, out)
            os.replace(out, path)
    return StripResult(path, size, new_size, None)


# --- libraries strip refuses: cut the symbols out in place ---------------------------------------
# In a library patchelf rewrote (auditwheel's), the dynamic tables were moved to new load segments
# appended at the end of the file, after the symbols and debug information, which then sit in a
# hole between load segments. Instead of re-laying the file out (what strip does, and gets wrong),
# cut whole pages out of that hole: every later byte moves down by a multiple of the page size,
# so each load segment keeps its address and its offset modulo the page, and maps the very same
# bytes. The section header table and the non-loaded sections worth keeping (section names) go
# to the end of the file; the symbol and debug sections become empty (SHT_NULL).
SHT_NULL = 0
SHT_NOBITS = 8
SHF_ALLOC = 0x2
SHN_LORESERVE = 0xFF00
ELF_HEADER_SIZE = 64
SECTION_HEADER_SIZE = 64
# Non-loaded sections only debuggers and symbolisers read.
DROPPABLE_SECTIONS = {
    ".symtab",
    ".strtab",
    ".comment",
    ".gnu.build.attributes",
    ".gnu_debuglink",
    ".gnu_debugdata",
}


@dataclass(eq=False)
class _Section:
    name: str
    header: list[int]  # name, type, flags, addr, offset, size, link, info, addralign, entsize

    @property
    def type(self) -> int:
        return self.header[1]

    @property
    def alloc(self) -> bool:
        return bool(self.header[2] & SHF_ALLOC)

    @property
    def span(self) -> tuple[int, int]:
        return self.header[4], self.header[4] + (0 if self.type == SHT_NOBITS else self.header[5])


def _droppable(section: _Section) -> bool:
    return not section.alloc and (
        section.name in DROPPABLE_SECTIONS or section.name.startswith((".debug", ".zdebug"))
    )


def _merge(ranges: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in sorted(r for r in ranges if r[1] > r[0]):
        if out and start <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def compact_image(data: bytes, path: Path) -> bytes | None:
    """``data`` without its symbol and debug sections, cut out in whole pages; None when no
    whole page can go. Raises ValueError for a file this function does not understand."""
    if len(data) < ELF_HEADER_SIZE or data[:4] != ELF_MAGIC or data[4] != 2 or data[5] != 1:
        raise ValueError(f"{path}: not a 64-bit little-endian ELF file")
    phoff, shoff = struct.unpack_from("<QQ", data, 32)
    phentsize, phnum, shentsize, shnum, shstrndx = struct.unpack_from("<HHHHH", data, 54)
    if phentsize != 56 or phnum > MAX_PROGRAM_HEADERS or phoff + phnum * 56 > len(data):
        raise ValueError(f"{path}: unexpected program header table")
    if shentsize != SECTION_HEADER_SIZE or not 0 < shnum < SHN_LORESERVE or shstrndx >= shnum:
        raise ValueError(f"{path}: unexpected section header table")
    table = (shoff, shoff + shnum * SECTION_HEADER_SIZE)
    if table[1] > len(data):
        raise ValueError(f"{path}: truncated section header table")
    programs = [list(struct.unpack_from("<IIQQQQQQ", data, phoff + k * 56)) for k in range(phnum)]
    headers = [
        list(struct.unpack_from("<IIQQQQIIQQ", data, shoff + k * SECTION_HEADER_SIZE))
        for k in range(shnum)
    ]
    names_at, names_size = headers[shstrndx][4], headers[shstrndx][5]
    names = data[names_at : names_at + names_size]
    sections = [
        _Section(names[h[0] : names.find(b"\0", h[0])].decode("ascii", "replace"), h)
        for h in headers
    ]
    if any(s.span[1] > len(data) for s in sections):
        raise ValueError(f"{path}: a section runs past the end of the file")
    # What the loader reads: the headers, every segment, every allocated section.
    loaded = _merge(
        [(0, ELF_HEADER_SIZE), (phoff, phoff + phnum * 56)]
        + [(p[2], p[2] + p[5]) for p in programs]
        + [s.span for s in sections if s.alloc and s.type != SHT_NOBITS]
    )
    # patchelf may have put the table inside a segment it added: then it stays where it is
    # (rewritten in place: nothing reads it at run time), else it goes to the end.
    table_loaded = any(start < table[1] and table[0] < end for start, end in loaded)
    # Bytes no header accounts for (PyInstaller's executable carries its archive there).
    accounted = max(end for _, end in [*loaded, table, *(s.span for s in sections)])
    if len(data) - accounted >= 16:
        raise ValueError(f"{path}: data appended after the ELF image (an archive?)")
    moved = [s for s in sections[1:] if not s.alloc and not _droppable(s)]
    # Cut whole pages out of each hole between loaded ranges (symbols, debug information,
    # section names: all either dropped or moved to the end), and everything after the last.
    cuts: list[tuple[int, int]] = []  # (where, length) in the original file
    for (_, end), (start, _) in zip(loaded, loaded[1:], strict=False):
        length = (start - end) // PAGE_SIZE * PAGE_SIZE
        if length:
            cuts.append((start - length, length))
    tail = loaded[-1][1]
    if not cuts and len(data) - tail < PAGE_SIZE:
        return None

    def moved_to(offset: int) -> int:
        return offset - sum(length for at, length in cuts if at + length <= offset)

    if moved_to(phoff) != phoff:  # patchelf can move them to the end: not handled here
        raise ValueError(f"{path}: the program headers would move")

    out = bytearray()
    cursor = 0
    for at, length in cuts:
        out += data[cursor:at]
        cursor = at + length
    out += data[cursor:tail]
    # Kept non-loaded sections (section names...) go after the last loaded byte.
    for s in moved:
        start, end = s.span
        while len(out) % max(1, s.header[8]):
            out += b"\0"
        s.header[4] = len(out)
        out += data[start:end]
    for s in sections:
        if s in moved:
            continue
        if _droppable(s):
            s.header[1:] = [SHT_NULL, 0, 0, 0, 0, 0, 0, 0, 0]
        else:
            s.header[4] = moved_to(s.header[4])
    for p in programs:
        shift = p[2] - moved_to(p[2])
        p[2] -= shift
        if p[0] == PT_LOAD and p[7] > PAGE_SIZE and shift % p[7]:
            p[7] = PAGE_SIZE  # the loader only needs page alignment
    packed = b"".join(struct.pack("<IIQQQQIIQQ", *s.header) for s in sections)
    if table_loaded:
        new_shoff = moved_to(shoff)
        out[new_shoff : new_shoff + len(packed)] = packed
    else:
        while len(out) % 8:
            out += b"\0"
        new_shoff = len(out)
        out += packed
    struct.pack_into("<Q", out, 40, new_shoff)
    for k, p in enumerate(programs):
        struct.pack_into("<IIQQQQQQ", out, phoff + k * 56, *p)
    return bytes(out)


def _program_headers(data: bytes) -> list[tuple[int, ...]]:
    phoff = struct.unpack_from("<Q", data, 32)[0]
    phnum = struct.unpack_from("<H", data, 56)[0]
    return [struct.unpack_from("<IIQQQQQQ", data, phoff + k * 56) for k in range(phnum)]


def compact_file(path: Path, *, dry_run: bool = False) -> StripResult:
    """Cut symbols and debug information out of a library ``strip`` cannot rewrite safely,
    keeping every segment's address, sizes, flags and bytes (checked before replacing)."""
    data = path.read_bytes()
    size = len(data)
    try:
        new = compact_image(data, path)
    except ValueError as exc:
        return StripResult(path, size, size, str(exc).removeprefix(f"{path}: "))
    if new is None:
        return StripResult(path, size, size, "no whole page of symbols to cut")
    before, after = _program_headers(data), _program_headers(new)
    # The segments must carry the same bytes, apart from the headers this rewrote: the ELF
    # header (section table offset), program headers (file offsets), section header table.
    reference = bytearray(data)
    phoff, phnum = struct.unpack_from("<Q", data, 32)[0], struct.unpack_from("<H", data, 56)[0]
    for at, length in ((0, ELF_HEADER_SIZE), (phoff, phnum * 56)):
        reference[at : at + length] = new[at : at + length]
    old_shoff, new_shoff = (
        struct.unpack_from("<Q", data, 40)[0],
        struct.unpack_from("<Q", new, 40)[0],
    )
    table_size = struct.unpack_from("<H", data, 60)[0] * SECTION_HEADER_SIZE
    reference[old_shoff : old_shoff + table_size] = new[new_shoff : new_shoff + table_size]
    # type, flags, vaddr, paddr, filesz, memsz: all the same; only offsets (and alignment) move
    if [p[:2] + p[3:7] for p in before] != [p[:2] + p[3:7] for p in after]:
        return StripResult(path, size, size, "cutting would change its segments")
    for old, cut in zip(before, after, strict=True):
        if (cut[3] - cut[2]) % PAGE_SIZE or (cut[0] == PT_LOAD and (cut[3] - cut[2]) % cut[7]):
            return StripResult(path, size, size, "cutting would misalign a segment")
        if reference[old[2] : old[2] + old[5]] != new[cut[2] : cut[2] + cut[5]]:
            return StripResult(path, size, size, "cutting would change a segment's bytes")
    with tempfile.TemporaryDirectory(prefix="hdf-compact-") as tmp:
        out = Path(tmp) / path.name
        out.write_bytes(new)
        if not dry_run:
            shutil.copymode(path, out)
            os.replace(out, path)
    return StripResult(path, size, len(new), None)


def strip_tree(folder: Path, *, strip: str = "strip", dry_run: bool = False) -> list[StripResult]:
    """Strip every ELF file under a folder (symbolic links are not followed); a library strip
    would break is compacted instead (:func:`compact_file`)."""
    results = []
    for base, _dirs, files in os.walk(folder):
        for name in sorted(files):
            path = Path(base) / name
            if path.is_symlink() or not is_elf(path):
                continue
            result = strip_file(path, strip=strip, dry_run=dry_run)
            if result.skipped in {
                "stripping would move its load segments",
                "data appended after the ELF image (an archive?)",
            }:
                compacted = compact_file(path, dry_run=dry_run)
                result = compacted if not compacted.skipped else result
            results.append(result)
    return results


# --- Qt's ICU data -------------------------------------------------------------------------------
# Qt Core links ICU (libicuuc/libicui18n) for collation, text codecs and locale-aware case
# mapping; libicudata holds the data of every locale ICU knows (30 MiB). The app speaks French
# and English: the per-locale trees of other languages are never read (ICU falls back to root
# for a locale it lacks, as it would for any locale missing upstream). Everything that is not
# per-locale stays: converters (CSV files in Windows-1252...), normalisation, properties,
# break rules and dictionaries, time-zone rules, the locale index.
ICU_KEEP_LANGUAGES = ("root", "en", "fr")
ICU_LOCALE_TREES = ("", "coll", "zone", "lang", "region", "curr", "unit", "rbnf")
ICU_NOT_A_LOCALE = {"res_index", "pool"}
_LOCALE = re.compile(r"^[a-z]{2,3}(_[A-Za-z0-9]*)*$")
ICU_LIBRARY = re.compile(r"^libicudata\.so\.(\d+)$")
# Besides other languages, Qt's copy (not Chromium's) loses what Qt never asks ICU for: the
# dictionaries of dictionary-based word breaking (Chinese, Japanese, Thai, Lao, Khmer, Burmese;
# Qt breaks text with its own Unicode tables), transliteration rules, and the multi-byte East
# Asian code pages (Qt reaches ICU's converters only for an encoding named by the application,
# and the app decodes its files in Python). A single-byte code page is a table of a few KiB;
# every converter above MAX_KEPT_CONVERTER is multi-byte. ISO-2022's building blocks stay.
MAX_KEPT_CONVERTER = 60 * 1024
_QT_UNUSED_ICU = re.compile(r"^(brkitr/\w+\.dict|translit/.+\.res)$")


def qt_unused_icu_items(sizes: dict[str, int]) -> list[str]:
    """Items of Qt's ICU data Qt never reads, given each item's size in bytes."""
    return sorted(
        item
        for item, size in sizes.items()
        if _QT_UNUSED_ICU.match(item)
        or (
            item.endswith(".cnv")
            and size > MAX_KEPT_CONVERTER
            and not item.startswith("icu-internal-compound")
        )
    )


def icu_items_to_remove(
    items: Iterable[str], keep: Sequence[str] = ICU_KEEP_LANGUAGES
) -> list[str]:
    """The per-locale resource bundles of languages the app does not speak."""
    out = []
    for item in items:
        tree, _, leaf = item.rpartition("/")
        stem, _, ext = leaf.partition(".")
        if ext != "res" or tree not in ICU_LOCALE_TREES or stem in ICU_NOT_A_LOCALE:
            continue
        if not _LOCALE.match(stem) or stem.split("_")[0] in keep:
            continue
        out.append(item)
    return out


def _symbol_bytes(lib: Path, symbol: str) -> bytes:
    """The bytes of a defined dynamic symbol, read through the load segments that map it."""
    listing = subprocess.run(
        ["nm", "-D", "--defined-only", "-S", str(lib)], check=True, capture_output=True, text=True
    ).stdout
    for line in listing.splitlines():
        fields = line.split()
        if len(fields) == 4 and fields[3] == symbol:
            vaddr, size = int(fields[0], 16), int(fields[1], 16)
            break
    else:
        raise ValueError(f"{lib}: no symbol {symbol}")
    for seg in load_segments(lib):
        if seg.vaddr <= vaddr and vaddr + size <= seg.vaddr + seg.filesz:
            with lib.open("rb") as f:
                f.seek(seg.offset + vaddr - seg.vaddr)
                data = f.read(size)
            if len(data) == size:
                return data
    raise ValueError(f"{lib}: symbol {symbol} is not inside a load segment")


_DEPENDS = re.compile(r"^Item (\S+) depends on missing item (\S+)$", re.MULTILINE)


def _with_dependent_converters(work: Path, dat_name: str, drop: list[str]) -> list[str]:
    """``drop`` plus the converters that extend a converter in it (small tables of extra
    mappings that cannot open without their base), found by asking icupkg on a copy."""
    out = set(drop)
    for _ in range(10):
        trial = work / "trial"
        trial.mkdir(exist_ok=True)
        shutil.copyfile(work / dat_name, trial / dat_name)
        (trial / "drop.txt").write_text("\n".join(sorted(out)) + "\n", encoding="ascii")
        done = subprocess.run(
            ["icupkg", "-r", "drop.txt", dat_name], cwd=trial, capture_output=True, text=True
        )
        dependents = {item for item, _missing in _DEPENDS.findall(done.stdout + done.stderr)} - out
        converters = {item for item in dependents if item.endswith(".cnv")}
        if not converters:
            return sorted(out)
        out |= converters
    raise ValueError(f"{dat_name}: converter dependencies do not settle")


def trim_icu_data(
    lib: Path, *, keep: Sequence[str] = ICU_KEEP_LANGUAGES, cc: str = "cc", qt_only: bool = True
) -> StripResult:
    """Rebuild libicudata.so.N with only the locales in ``keep`` and, for Qt's copy
    (``qt_only``), without what Qt never reads (:func:`qt_unused_icu_items`); needs icupkg,
    genccode (Debian package icu-devtools) and a C compiler. The new library exports the same symbol
    (icudtN_dat) under the same soname; ICU reads its data through that symbol only."""
    size = lib.stat().st_size
    match = ICU_LIBRARY.match(lib.name)
    if match is None:
        return StripResult(lib, size, size, "not an ICU data library")
    missing = [tool for tool in ("icupkg", "genccode", cc, "nm") if shutil.which(tool) is None]
    if missing:
        return StripResult(
            lib,
            size,
            size,
            "missing " + ", ".join(missing) + " (apt install icu-devtools gcc binutils)",
        )
    name = f"icudt{match.group(1)}"
    with tempfile.TemporaryDirectory(prefix="hdf-icu-") as tmp:
        work = Path(tmp)
        dat = work / f"{name}l.dat"
        dat.write_bytes(_symbol_bytes(lib, f"{name}_dat"))
        items = subprocess.run(
            ["icupkg", "-l", dat.name], cwd=work, check=True, capture_output=True, text=True
        ).stdout.split()
        drop = icu_items_to_remove(items, keep)
        if qt_only:
            extracted = work / "items"
            extracted.mkdir()
            subprocess.run(
                ["icupkg", "-d", str(extracted), "-x", "*", dat.name],
                cwd=work,
                check=True,
                capture_output=True,
            )
            sizes = {i: (extracted / i).stat().st_size for i in items if (extracted / i).is_file()}
            drop = sorted(set(drop) | set(qt_unused_icu_items(sizes)))
            drop = _with_dependent_converters(work, dat.name, drop)
        (work / "drop.txt").write_text("\n".join(drop) + "\n", encoding="ascii")
        # With qt_only, break rules still name the dictionaries that went: ICU then breaks
        # those scripts without a dictionary, which Qt never asks it to do anyway.
        subprocess.run(
            ["icupkg", *(["--ignore-deps"] if qt_only else []), "-r", "drop.txt", dat.name],
            cwd=work,
            check=True,
            capture_output=True,
        )
        left = subprocess.run(
            ["icupkg", *(["--ignore-deps"] if qt_only else []), "-l", dat.name],
            cwd=work,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.split()
        if len(left) != len(items) - len(drop):
            raise ValueError(
                f"{lib}: icupkg left {len(left)} items, expected {len(items) - len(drop)}"
            )
        subprocess.run(
            ["genccode", "-a", "gcc", "-e", name, "-d", tmp, dat.name],
            cwd=work,
            check=True,
            capture_output=True,
        )
        out = work / lib.name
        # noexecstack: recent glibc refuses to load a library asking for an executable stack.
        subprocess.run(
            [
                cc,
                "-shared",
                "-nostdlib",
                "-Wl,-z,noexecstack",
                f"-Wl,-soname,{lib.name}",
                "-o",
                str(out),
                str(work / f"{name}l_dat.S"),
            ],
            check=True,
            capture_output=True,
        )
        if _symbol_bytes(out, f"{name}_dat") != dat.read_bytes():
            raise ValueError(f"{out}: the rebuilt library does not export the trimmed data")
        new_size = out.stat().st_size
        shutil.copymode(lib, out)
        os.replace(out, lib)
    return StripResult(lib, size, new_size, None)


# Chromium (Qt WebEngine) carries its own ICU data as a plain ICU package file, icudtl.dat
# (10 MiB). It serves the map page: line breaking, JavaScript's Intl, number and date formats.
# The page is French or English; the same per-locale trees as Qt's go (a locale it lacks falls
# back to root, as for any locale Chromium's build left out). Break rules and dictionaries, time
# zones, converters and the locale index stay. Chromium's own build already left out some items
# other items refer to: icupkg is told not to check for them.
_ICU_PACKAGE = re.compile(rb"(icudt\d+[lbe])/")


def trim_icu_package(dat: Path, *, keep: Sequence[str] = ICU_KEEP_LANGUAGES) -> StripResult:
    """Rewrite an ICU .dat package file with only the locales in ``keep`` (needs icupkg)."""
    size = dat.stat().st_size
    if shutil.which("icupkg") is None:
        return StripResult(dat, size, size, "missing icupkg (apt install icu-devtools)")
    with dat.open("rb") as f:
        match = _ICU_PACKAGE.search(f.read(1 << 20))
    if match is None:
        return StripResult(dat, size, size, "not an ICU data package")
    with tempfile.TemporaryDirectory(prefix="hdf-icu-") as tmp:
        work = Path(tmp) / f"{match.group(1).decode('ascii')}.dat"  # icupkg wants its name
        shutil.copyfile(dat, work)
        items = subprocess.run(
            ["icupkg", "--ignore-deps", "-l", work.name],
            cwd=tmp,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.split()
        drop = icu_items_to_remove(items, keep)
        if not drop:
            return StripResult(dat, size, size, "no other locale to remove")
        (Path(tmp) / "drop.txt").write_text("\n".join(drop) + "\n", encoding="ascii")
        subprocess.run(
            ["icupkg", "--ignore-deps", "-r", "drop.txt", work.name],
            cwd=tmp,
            check=True,
            capture_output=True,
        )
        left = subprocess.run(
            ["icupkg", "--ignore-deps", "-l", work.name],
            cwd=tmp,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.split()
        if sorted(left) != sorted(set(items) - set(drop)):
            raise ValueError(
                f"{dat}: icupkg left {len(left)} items, expected {len(items) - len(drop)}"
            )
        new_size = work.stat().st_size
        shutil.copymode(dat, work)
        os.replace(work, dat)
    return StripResult(dat, size, new_size, None)


# PROJ's database (pyproj/proj_dir/share/proj/proj.db, 8.8 MiB) describes the CRSs and
# transformations of several registries. The app names its CRSs by EPSG code (Lambert-93 and
# the overseas RGF/RGR/RGM/RGAF systems from SIRENE's geolocation files, WGS 84, Web Mercator).
# Objects of these registries go, with every row that names them (usages, aliases,
# transformations from or to them): IAU_2015 (other planets and moons), NRCAN (Canadian
# coordinate metadata), ESRI (ArcGIS's own codes and operations; the EPSG ones stay, and
# transformations between EPSG CRSs are chosen among EPSG's and PROJ's), NKG (Nordic). EPSG,
# PROJ, IGNF (France's IGN) and OGC (CRS84) stay. tests/unit/test_bundle_scripts.py checks that
# every EPSG CRS and transformation the app uses gives the same coordinates.
PROJ_DB_DROP = ("IAU_2015", "NRCAN", "ESRI", "NKG")


def trim_proj_db(db: Path, drop: Sequence[str] = PROJ_DB_DROP) -> StripResult:
    """Delete the registries in ``drop`` from a PROJ database, in place, then VACUUM."""
    import sqlite3

    size = db.stat().st_size
    with tempfile.TemporaryDirectory(prefix="hdf-proj-") as tmp:
        work = Path(tmp) / "proj.db"
        shutil.copyfile(db, work)
        con = sqlite3.connect(work)
        try:
            layout = con.execute(
                "SELECT value FROM metadata WHERE key = 'DATABASE.LAYOUT.VERSION.MAJOR'"
            ).fetchone()
            if layout is None:
                return StripResult(db, size, size, "not a PROJ database")
            marks = ",".join("?" * len(drop))
            tables = [
                r[0]
                for r in con.execute(
                    "SELECT name FROM sqlite_master"
                    " WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                )
            ]
            for table in tables:
                for column in [r[1] for r in con.execute(f'PRAGMA table_info("{table}")')]:
                    if column.endswith("auth_name"):
                        con.execute(f'DELETE FROM "{table}" WHERE "{column}" IN ({marks})', drop)
            con.commit()
            broken = con.execute("PRAGMA foreign_key_check").fetchall()
            if broken:
                raise ValueError(f"{db}: trimming left dangling references: {broken[:3]}")
            con.execute("VACUUM")
        finally:
            con.close()
        new_size = work.stat().st_size
        shutil.copymode(db, work)
        os.replace(work, db)
    return StripResult(db, size, new_size, None)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path, help="a built bundle, e.g. dist/hdf-field")
    ap.add_argument("--dry-run", action="store_true", help="report without changing files")
    ap.add_argument("--strip", default="strip", help="the strip program (default: strip)")
    ap.add_argument("--verbose", action="store_true", help="name each file left unstripped")
    args = ap.parse_args(argv)
    if not args.folder.is_dir():
        print(f"{args.folder}: not a folder", file=sys.stderr)
        return 1
    if shutil.which(args.strip) is None:
        print(f"{args.strip}: not found (install binutils)", file=sys.stderr)
        return 1
    if not args.dry_run:
        for lib in sorted(args.folder.rglob("libicudata.so.*")):
            if lib.is_file() and not lib.is_symlink():
                icu = trim_icu_data(lib)
                print(
                    f"{lib.relative_to(args.folder)}: "
                    + (icu.skipped or f"{icu.saved / 2**20:.1f} MiB saved (fr/en locales)")
                )
        for dat in sorted(args.folder.rglob("icudtl.dat")):
            icu = trim_icu_package(dat)
            print(
                f"{dat.relative_to(args.folder)}: "
                + (icu.skipped or f"{icu.saved / 2**20:.1f} MiB saved (fr/en locales)")
            )
    results = strip_tree(args.folder, strip=args.strip, dry_run=args.dry_run)
    skipped = [r for r in results if r.skipped and "nothing to strip" not in r.skipped]
    for r in skipped if args.verbose else []:
        print(f"kept   {r.path.relative_to(args.folder)}: {r.skipped}")
    saved = sum(r.saved for r in results)
    print(
        f"{'would strip' if args.dry_run else 'stripped'} "
        f"{sum(1 for r in results if r.saved)} of {len(results)} ELF files: "
        f"{saved / 2**20:.1f} MiB saved; {len(skipped)} left as they were"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
