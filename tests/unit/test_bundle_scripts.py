"""The build-time helpers of the desktop bundle: one version, icon containers, notices.

The bundle itself is exercised by scripts/bundle_smoke.py (minutes); these check the parts
that can go wrong silently — a version resource that disagrees with ``--version``, an ICO a
Windows shell cannot read, notices that miss a shipped package's licence.
"""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import sqlite3
import struct
import subprocess
import sys
import tomllib
from pathlib import Path
from types import ModuleType

import pytest

import hdf_field

ROOT = Path(__file__).resolve().parents[2]


def _script(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, ROOT / "scripts" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


assets = _script("bundle_assets")
notices = _script("build_notices")


def _png(size: int) -> bytes:
    """A minimal valid PNG header of the given size (only the header is read)."""
    ihdr = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return assets.PNG_MAGIC + struct.pack(">I", 13) + b"IHDR" + ihdr + b"\0" * 4


def test_version_has_one_source() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert "version" not in project and "version" in project["dynamic"]
    dynamic = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert dynamic["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "hdf_field.__version__"}
    assert assets.app_version() == hdf_field.__version__
    assert notices.app_version() == hdf_field.__version__


def test_cli_prints_the_version() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "hdf_field", "--version"],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        timeout=120,
    )
    assert out.stdout.strip() == f"hdf-field {hdf_field.__version__}"


@pytest.mark.parametrize(
    ("version", "expected"),
    [
        ("0.1.0", (0, 1, 0, 0)),
        ("1.2.3.4", (1, 2, 3, 4)),
        ("2.0rc1", (2, 0, 0, 0)),
        ("3.1.0+local.7", (3, 1, 0, 0)),
    ],
)
def test_windows_version_numbers(version: str, expected: tuple[int, ...]) -> None:
    assert assets.version_tuple(version) == expected


def test_windows_version_rejects_what_does_not_fit() -> None:
    with pytest.raises(ValueError, match="does not fit"):
        assets.version_tuple("70000.0")
    with pytest.raises(ValueError):
        assets.version_tuple("dev")


def test_version_resource_names_the_version() -> None:
    text = assets.version_info_text("1.4.2")
    assert "filevers=(1, 4, 2, 0)" in text and "StringStruct('ProductVersion', '1.4.2')" in text
    compile(text, "version_info.txt", "eval")  # PyInstaller evaluates it as an expression


def test_ico_directory_points_at_each_png() -> None:
    pngs = {16: _png(16), 48: _png(48), 256: _png(256)}
    data = assets.ico_bytes(pngs)
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    assert (reserved, kind, count) == (0, 1, 3)
    for k, size in enumerate(sorted(pngs)):
        w, h, _, _, planes, bpp, length, offset = struct.unpack(
            "<BBBBHHII", data[6 + 16 * k : 22 + 16 * k]
        )
        assert (w, h) == ((0, 0) if size == 256 else (size, size))
        assert (planes, bpp) == (1, 32)
        assert data[offset : offset + length] == pngs[size]


def test_icns_entries_and_total_length() -> None:
    pngs = {16: _png(16), 128: _png(128), 24: _png(24)}  # 24 has no ICNS type: skipped
    data = assets.icns_bytes(pngs)
    assert data[:4] == b"icns" and struct.unpack(">I", data[4:8])[0] == len(data)
    kinds, pos = [], 8
    while pos < len(data):
        kind, length = data[pos : pos + 4], struct.unpack(">I", data[pos + 4 : pos + 8])[0]
        assert data[pos + 8 : pos + length].startswith(assets.PNG_MAGIC)
        kinds.append(kind)
        pos += length
    assert kinds == [b"icp4", b"ic07"]


def test_icon_container_refuses_a_png_of_the_wrong_size() -> None:
    with pytest.raises(ValueError, match="ICO entry 32"):
        assets.ico_bytes({32: _png(16)})
    with pytest.raises(ValueError, match="not a PNG"):
        assets.icns_bytes({16: b"GIF89a" + b"\0" * 30})


def test_desktop_entry_launches_the_gui() -> None:
    entry = assets.desktop_entry("/opt/hdf-field/hdf-field")
    lines = entry.splitlines()
    assert lines[0] == "[Desktop Entry]"
    assert "Exec=/opt/hdf-field/hdf-field gui" in lines and "Type=Application" in lines
    assert all("=" in line for line in lines[1:])


def test_notices_cover_licences_and_data(tmp_path: Path) -> None:
    modules = tmp_path / "modules.txt"
    modules.write_text("ortools\npsycopg\nPySide6\njson\nnot_a_real_module_xyz\n")
    system = tmp_path / "system.txt"
    system.write_text("libfreetype.so.6\n")
    out = tmp_path / "NOTICES.txt"
    assert (
        notices.main(
            ["--out", str(out), "--modules", str(modules), "--system-libraries", str(system)]
        )
        == 0
    )
    text = out.read_text(encoding="utf-8")
    # each shipped distribution with its licence, and its licence file's text
    assert "psycopg" in text and "LGPL-3.0" in text
    assert "GNU LESSER GENERAL PUBLIC LICENSE" in text
    assert "ortools" in text and "Apache" in text
    assert "PySide6_Essentials" in text or "pyside6-essentials" in text.lower()
    # the data sources
    for licence in ("ODbL", "CC BY 4.0", "Licence Ouverte", "Apache-2.0", "Statbel"):
        assert licence in text
    # a module without metadata is named, stdlib modules are not
    assert "not_a_real_module_xyz" in text
    assert "\n  json" not in text
    assert "libfreetype.so.6" in text


def test_licence_is_read_from_expression_then_classifiers() -> None:
    import importlib.metadata as md

    assert notices.licence_of(md.distribution("psycopg")) == "LGPL-3.0-only"
    assert "Apache" in notices.licence_of(md.distribution("ortools"))


# --- scripts/bundle_prune.py: strip only what still loads, drop only what the desktop has -------
prune = _script("bundle_prune")


def _elf(loads: list[tuple[int, int, int]], *, trailer: bytes = b"") -> bytes:
    """A minimal 64-bit little-endian ELF image: a header, PT_LOAD headers (offset, vaddr,
    size) and an empty section header table at the end, then ``trailer``."""
    phoff, phnum = 64, len(loads)
    body_end = phoff + 56 * phnum
    shoff = body_end
    header = bytearray(64)
    header[:6] = b"\x7fELF\x02\x01"
    struct.pack_into("<QQ", header, 32, phoff, shoff)
    struct.pack_into("<HHHH", header, 54, 56, phnum, 64, 0)
    table = b"".join(
        struct.pack("<IIQQQQQQ", prune.PT_LOAD, 5, off, vaddr, vaddr, size, size, 4096)
        for off, vaddr, size in loads
    )
    return bytes(header) + table + trailer


def test_load_segments_are_read_from_the_program_headers(tmp_path: Path) -> None:
    lib = tmp_path / "lib.so"
    lib.write_bytes(_elf([(0, 0, 100), (0x1000, 0x201000, 50)]))
    segments = prune.load_segments(lib)
    assert [(s.offset, s.vaddr, s.filesz) for s in segments] == [
        (0, 0, 100),
        (0x1000, 0x201000, 50),
    ]
    assert prune.misaligned(segments) == []


def test_a_segment_moved_within_a_page_is_caught(tmp_path: Path) -> None:
    """What strip does to a patchelf-modified library (numpy's OpenBLAS): glibc refuses it."""
    lib = tmp_path / "lib.so"
    lib.write_bytes(_elf([(0, 0, 100), (0x1621098, 0x166B000, 50)]))
    bad = prune.misaligned(prune.load_segments(lib))
    assert [s.vaddr for s in bad] == [0x166B000]


def test_same_image_ignores_offsets_but_not_sizes() -> None:
    seg = prune.Segment
    before = [seg(0, 0, 100, 100, 5, 4096), seg(0x2000, 0x3000, 40, 80, 6, 4096)]
    moved = [seg(0, 0, 100, 100, 5, 4096), seg(0x1000, 0x3000, 40, 80, 6, 4096)]
    shrunk = [seg(0, 0, 100, 100, 5, 4096), seg(0x1000, 0x3000, 20, 80, 6, 4096)]
    assert prune.same_image(before, moved)
    assert not prune.same_image(before, shrunk)
    assert not prune.same_image(before, before[:1])


def test_refuses_what_is_not_a_plain_elf_library(tmp_path: Path) -> None:
    text = tmp_path / "notes.txt"
    text.write_bytes(b"hello, not an ELF file at all" * 4)
    with pytest.raises(ValueError, match="not an ELF file"):
        prune.load_segments(text)
    archive = tmp_path / "hdf-field"  # PyInstaller's executable: the archive follows the image
    archive.write_bytes(_elf([(0, 0, 100)], trailer=b"MEI\x0c\x0b\x0a\x0b\x0e" * 100))
    with pytest.raises(ValueError, match="appended"):
        prune.load_segments(archive)
    big = bytearray(_elf([(0, 0, 100)]))
    struct.pack_into("<H", big, 56, prune.MAX_PROGRAM_HEADERS + 1)
    hostile = tmp_path / "hostile.so"
    hostile.write_bytes(bytes(big))
    with pytest.raises(ValueError, match="unexpected program header table"):
        prune.load_segments(hostile)


def test_strip_file_leaves_an_archive_carrying_executable_alone(tmp_path: Path) -> None:
    exe = tmp_path / "hdf-field"
    data = _elf([(0, 0, 100)], trailer=b"PYZ" * 1000)
    exe.write_bytes(data)
    result = prune.strip_file(exe)
    assert result.skipped is not None and result.saved == 0
    assert exe.read_bytes() == data


@pytest.mark.skipif(
    not sys.platform.startswith("linux")
    or shutil.which("strip") is None
    or shutil.which("cc") is None,
    reason="needs a Linux C compiler and strip",
)
def test_strip_file_shrinks_a_real_library_that_still_loads(tmp_path: Path) -> None:
    import ctypes

    source = tmp_path / "answer.c"
    source.write_text("int answer(void) { return 42; }\n", encoding="ascii")
    lib = tmp_path / "libanswer.so"
    subprocess.run(["cc", "-g", "-shared", "-fPIC", "-o", str(lib), str(source)], check=True)
    before = lib.stat().st_size
    result = prune.strip_file(lib)
    assert result.skipped is None and 0 < result.after < before == result.before
    assert lib.stat().st_size == result.after
    assert ctypes.CDLL(str(lib)).answer() == 42
    again = prune.strip_file(lib)
    assert again.saved == 0 and again.skipped == "nothing to strip"


def test_system_libraries_left_to_the_desktop() -> None:
    # top-level copies of documented packages' libraries go; a wheel's own copy stays
    assert prune.is_provided_by_system("libnss3.so")
    assert prune.is_provided_by_system("libstdc++.so.6")
    assert prune.is_provided_by_system("libcairo.so.2")  # GTK theme plugin only
    # GTK itself and what only it links: optional on the desktop, never bundled
    for gtk in ("libgtk-3.so.0", "libgdk-3.so.0", "libepoxy.so.0", "libatk-bridge-2.0.so.0"):
        assert prune.is_provided_by_system(gtk), gtk
    assert not prune.is_provided_by_system("pillow.libs/libxcb-9065bb12.so.1.1.0")
    assert not prune.is_provided_by_system("PySide6/Qt/lib/libQt6Core.so.6")
    assert prune.is_provided_by_system("libssl.so.3") and prune.is_provided_by_system(
        "libglib-2.0.so.0"
    )
    # kept: the interpreter, and what the documented packages do not pull in
    for kept in (
        "libpython3.11.so.1.0",
        "libxcb-shape.so.0",
        "libuuid.so.1",
        "_cffi_backend.cpython-311-x86_64-linux-gnu.so",
        "psycopg_binary.libs/libssl-6a9b88ec.so.3",
    ):
        assert not prune.is_provided_by_system(kept), kept
    assert not set(prune.PROVIDED_BY_SYSTEM) & set(prune.GTK_THEME_ONLY)


def test_icu_keeps_french_english_and_everything_not_per_locale() -> None:
    items = [
        "root.res",
        "fr.res",
        "fr_CA.res",
        "en_GB.res",
        "de.res",
        "de_AT.res",
        "sr_Latn.res",
        "res_index.res",
        "pool.res",
        "supplementalData.res",
        "zoneinfo64.res",
        "coll/de.res",
        "coll/de_.res",
        "coll/fr.res",
        "coll/ucadata.icu",
        "coll/res_index.res",
        "curr/ja.res",
        "zone/en.res",
        "brkitr/de.res",
        "brkitr/thaidict.dict",
        "translit/de_ASCII.res",
        "ibm-1252_P100-2000.cnv",
        "uprops.icu",
    ]
    assert prune.icu_items_to_remove(items) == [
        "de.res",
        "de_AT.res",
        "sr_Latn.res",
        "coll/de.res",
        "coll/de_.res",
        "curr/ja.res",
    ]
    assert "fr.res" in prune.icu_items_to_remove(["fr.res"], keep=("root", "en"))


_ICU_CHECK = """
from PySide6.QtCore import QCollator, QLocale, QStringDecoder
words = ["zèbre", "été", "Ecole", "étage", "abricot", "Œuvre", "oeuf"]
print(sorted(words, key=QCollator(QLocale("fr_FR")).sortKey))
print(QStringDecoder("windows-1252").isValid())
print(any(line.endswith("{lib}") for line in open("/proc/self/maps").read().splitlines()))
"""


@pytest.mark.skipif(
    not sys.platform.startswith("linux")
    or any(shutil.which(t) is None for t in ("icupkg", "genccode", "cc", "nm")),
    reason="needs Linux, icu-devtools, a C compiler and binutils",
)
def test_trimmed_icu_data_still_collates_french(tmp_path: Path) -> None:
    qtcore = pytest.importorskip("PySide6.QtCore")
    found = sorted((Path(qtcore.__file__).parent / "Qt" / "lib").glob("libicudata.so.*"))
    if not found:
        pytest.skip("this PySide6 wheel does not ship ICU")
    lib = tmp_path / found[0].name
    shutil.copyfile(found[0], lib)
    result = prune.trim_icu_data(lib)
    assert result.skipped is None and result.after < result.before * 0.6
    env = {"LD_PRELOAD": str(lib), "PATH": "/usr/bin:/bin"}
    out = subprocess.run(
        [sys.executable, "-c", _ICU_CHECK.format(lib=lib)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout
    assert out.splitlines() == [
        "['abricot', 'Ecole', 'étage', 'été', 'oeuf', 'Œuvre', 'zèbre']",
        "True",
        "True",
    ]


def test_compaction_leaves_an_archive_carrying_executable_alone(tmp_path: Path) -> None:
    exe = tmp_path / "hdf-field"
    data = _elf([(0, 0, 100)], trailer=b"PYZ" * 3000)
    exe.write_bytes(data)
    result = prune.compact_file(exe)
    assert result.skipped is not None and result.saved == 0
    assert exe.read_bytes() == data


@pytest.mark.skipif(
    not sys.platform.startswith("linux")
    or shutil.which("cc") is None
    or shutil.which("patchelf") is None
    or shutil.which("readelf") is None,
    reason="needs a Linux C compiler, patchelf and readelf",
)
def test_a_library_patchelf_rewrote_loses_its_symbols_and_still_loads(tmp_path: Path) -> None:
    """auditwheel's layout: patchelf appends the dynamic tables after the debug information,
    which strip then cannot remove without misaligning a segment; the cut can."""
    import ctypes

    functions = "\n".join(
        f"static int table{k}[64] = {{{k}}};\nint f{k}(int x) {{ return x + table{k}[x % 64]; }}"
        for k in range(300)
    )
    source = tmp_path / "many.c"
    source.write_text(functions + "\nint answer(void) { return f7(0) * 6; }\n", encoding="ascii")
    lib = tmp_path / "libmany.so"
    subprocess.run(["cc", "-g", "-shared", "-fPIC", "-o", str(lib), str(source)], check=True)
    # A long RPATH no longer fits in .dynstr: patchelf moves it to a segment at the end.
    subprocess.run(
        ["patchelf", "--force-rpath", "--set-rpath", "$ORIGIN/" + "x" * 3000, str(lib)],
        check=True,
    )
    before = lib.stat().st_size
    sections = subprocess.run(
        ["readelf", "-SW", str(lib)], capture_output=True, text=True, check=True
    ).stdout
    assert ".debug_info" in sections and ".symtab" in sections
    result = prune.compact_file(lib)
    assert result.skipped is None, result.skipped
    assert result.after == lib.stat().st_size < before - 4096
    assert ctypes.CDLL(str(lib)).answer() == 42
    after = subprocess.run(
        ["readelf", "-SW", "-d", str(lib)], capture_output=True, text=True, check=True
    ).stdout
    kinds = {name: kind for name, kind in re.findall(r"\]\s+(\.\S+)\s+(\S+)", after)}
    assert kinds[".debug_info"] == kinds[".symtab"] == "NULL"  # emptied, names kept
    assert kinds[".dynsym"] == "DYNSYM" and kinds[".text"] == "PROGBITS"
    assert "$ORIGIN/xxx" in after  # the dynamic section patchelf wrote is intact
    assert all(s.vaddr % 4096 == s.offset % 4096 for s in prune.load_segments(lib))
    again = prune.compact_file(lib)
    assert again.saved == 0 and again.skipped == "no whole page of symbols to cut"


@pytest.mark.skipif(shutil.which("icupkg") is None, reason="needs icupkg (icu-devtools)")
def test_chromium_icu_data_keeps_french_english_and_shared_data(tmp_path: Path) -> None:
    qtcore = pytest.importorskip("PySide6.QtCore")
    found = Path(qtcore.__file__).parent / "Qt" / "resources" / "icudtl.dat"
    if not found.is_file():
        pytest.skip("this PySide6 wheel does not ship Qt WebEngine's ICU data")
    dat = tmp_path / "icudtl.dat"  # the name Qt WebEngine looks for, not the package's
    shutil.copyfile(found, dat)
    result = prune.trim_icu_package(dat)
    assert result.skipped is None and result.after == dat.stat().st_size < result.before * 0.7
    work = tmp_path / "list"
    work.mkdir()
    package = re.search(rb"(icudt\d+[lbe])/", found.read_bytes()[: 1 << 20])
    assert package is not None
    shutil.copyfile(dat, work / f"{package.group(1).decode()}.dat")
    items = set(
        subprocess.run(
            ["icupkg", "--ignore-deps", "-l", f"{package.group(1).decode()}.dat"],
            cwd=work,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.split()
    )
    assert {"root.res", "fr.res", "fr_BE.res", "en.res", "en_GB.res", "res_index.res"} <= items
    assert not {"de.res", "ja.res", "coll/de.res"} & items
    assert any(i.startswith("brkitr/") for i in items) and "cnvalias.icu" in items
    assert prune.trim_icu_package(dat).skipped == "no other locale to remove"


def test_qt_icu_loses_dictionaries_transliteration_and_multibyte_code_pages() -> None:
    sizes = {
        "brkitr/cjdict.dict": 2_000_000,
        "brkitr/line.brk": 80_000,  # break rules stay
        "brkitr/root.res": 1_000,
        "translit/root.res": 1_000_000,
        "ibm-5348_P100-1997.cnv": 1_500,  # windows-1252
        "ibm-943_P15A-2003.cnv": 130_000,  # Shift-JIS
        "gb18030.cnv": 230_000,
        "icu-internal-compound-t.cnv": 320_000,
        "coll/ucadata.icu": 570_000,
        "unames.icu": 296_000,
    }
    assert prune.qt_unused_icu_items(sizes) == [
        "brkitr/cjdict.dict",
        "gb18030.cnv",
        "ibm-943_P15A-2003.cnv",
        "translit/root.res",
    ]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux wheels")
def test_a_wheels_patched_extension_loses_its_debug_info_and_still_loads(tmp_path: Path) -> None:
    """The case the cut exists for: pyproj's extension modules carry 8 MiB of debug info that
    strip cannot remove (auditwheel moved their dynamic tables after it)."""
    import ctypes

    pyproj = pytest.importorskip("pyproj")
    package = Path(pyproj.__file__).parent
    found = sorted(package.glob("_crs.cpython-*.so"))
    libs = package.parent / "pyproj.libs"
    if not found or not libs.is_dir():
        pytest.skip("not an auditwheel-repaired pyproj wheel")
    (tmp_path / "pyproj").mkdir()
    (tmp_path / "pyproj.libs").symlink_to(libs)  # its RPATH is $ORIGIN/../pyproj.libs
    ext = tmp_path / "pyproj" / found[0].name
    shutil.copyfile(found[0], ext)
    assert prune.strip_file(ext, dry_run=True).skipped  # what strip cannot do
    result = prune.compact_file(ext)
    assert result.skipped is None and result.saved > 2**20
    ctypes.CDLL(str(ext))  # the loader accepts every segment and resolves every library


# The CRSs the app transforms from (SIRENE's geolocation files: metropolitan France and the
# overseas departments and collectivities), and WGS 84 / Web Mercator.
APP_CRS = (2154, 32620, 5490, 2972, 2975, 4471, 4467, 3857, 4326, 27572, 32631)
PROJ_PROBE = """
import json, sys
import pyproj
pyproj.datadir.set_data_dir(sys.argv[1])
out = {}
for code in json.loads(sys.argv[2]):
    crs = pyproj.CRS.from_epsg(code)
    a = crs.area_of_use
    lon, lat = (a.west + a.east) / 2, (a.south + a.north) / 2
    x, y = pyproj.Transformer.from_crs(4326, crs, always_xy=True).transform(lon, lat)
    back = pyproj.Transformer.from_crs(crs, 4326, always_xy=True).transform(x, y)
    out[code] = [crs.name, round(x, 6), round(y, 6), round(back[0], 9), round(back[1], 9)]
print(json.dumps(out))
"""


def _probe_proj(data_dir: Path) -> dict[str, list[object]]:
    done = subprocess.run(
        [sys.executable, "-c", PROJ_PROBE, str(data_dir), json.dumps(APP_CRS)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return dict(json.loads(done.stdout))


def test_trimmed_proj_db_gives_the_apps_transformations_unchanged(tmp_path: Path) -> None:
    pyproj = pytest.importorskip("pyproj")
    full = Path(pyproj.datadir.get_data_dir())
    trimmed = tmp_path / "proj"
    shutil.copytree(full, trimmed)
    result = prune.trim_proj_db(trimmed / "proj.db")
    assert result.skipped is None and result.saved > 1.5 * 2**20
    con = sqlite3.connect(trimmed / "proj.db")
    try:
        authorities = {r[0] for r in con.execute("SELECT auth_name FROM projected_crs")}
        assert "EPSG" in authorities and "IGNF" in authorities
        assert authorities.isdisjoint(prune.PROJ_DB_DROP)
    finally:
        con.close()
    assert _probe_proj(trimmed) == _probe_proj(full)
