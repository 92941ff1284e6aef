"""The build-time helpers of the desktop bundle: one version, icon containers, notices.

The bundle itself is exercised by scripts/bundle_smoke.py (minutes); these check the parts
that can go wrong silently — a version resource that disagrees with ``--version``, an ICO a
Windows shell cannot read, notices that miss a shipped package's licence.
"""

from __future__ import annotations

import importlib.util
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
    assert dynamic["tool"]["setuptools"]["dynamic"]["version"] == {
        "attr": "hdf_field.__version__"
    }
    assert assets.app_version() == hdf_field.__version__
    assert notices.app_version() == hdf_field.__version__


def test_cli_prints_the_version() -> None:
    out = subprocess.run([sys.executable, "-m", "hdf_field", "--version"], capture_output=True,
                         text=True, check=True, cwd=ROOT, timeout=120)
    assert out.stdout.strip() == f"hdf-field {hdf_field.__version__}"


@pytest.mark.parametrize(
    ("version", "expected"),
    [("0.1.0", (0, 1, 0, 0)), ("1.2.3.4", (1, 2, 3, 4)), ("2.0rc1", (2, 0, 0, 0)),
     ("3.1.0+local.7", (3, 1, 0, 0))],
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
            "<BBBBHHII", data[6 + 16 * k: 22 + 16 * k]
        )
        assert (w, h) == ((0, 0) if size == 256 else (size, size))
        assert (planes, bpp) == (1, 32)
        assert data[offset: offset + length] == pngs[size]


def test_icns_entries_and_total_length() -> None:
    pngs = {16: _png(16), 128: _png(128), 24: _png(24)}  # 24 has no ICNS type: skipped
    data = assets.icns_bytes(pngs)
    assert data[:4] == b"icns" and struct.unpack(">I", data[4:8])[0] == len(data)
    kinds, pos = [], 8
    while pos < len(data):
        kind, length = data[pos: pos + 4], struct.unpack(">I", data[pos + 4: pos + 8])[0]
        assert data[pos + 8: pos + length].startswith(assets.PNG_MAGIC)
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
    assert notices.main(["--out", str(out), "--modules", str(modules),
                         "--system-libraries", str(system)]) == 0
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
