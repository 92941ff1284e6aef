"""Every French string of the GUI has its English translation in the shipped .ts.

The check refreshes a copy of the .ts from the sources with ``pyside6-lupdate``, so a string
added to the code without its translation is caught, not only an empty entry.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TS = ROOT / "resources" / "translations" / "hdf_field_en.ts"


def _untranslated(ts: Path) -> list[tuple[str | None, str | None]]:
    root = ET.parse(ts).getroot()
    return [
        (context.findtext("name"), message.findtext("source"))
        for context in root.iter("context")
        for message in context.iter("message")
        if (t := message.find("translation")) is not None
        and t.get("type") == "unfinished"
        and not (t.text or "").strip()
    ]


def test_no_english_translation_is_missing(tmp_path: Path) -> None:
    lupdate = Path(sys.executable).parent / "pyside6-lupdate"
    if not lupdate.exists():
        found = shutil.which("pyside6-lupdate")
        if found is None:
            pytest.skip("pyside6-lupdate not installed")
        lupdate = Path(found)
    copy = tmp_path / TS.name
    shutil.copyfile(TS, copy)
    sources = sorted(str(p) for p in (ROOT / "hdf_field" / "ui").rglob("*.py"))
    subprocess.run(
        [str(lupdate), *sources, "-ts", str(copy)], check=True, capture_output=True, timeout=120
    )
    missing = _untranslated(copy)
    assert missing == [], f"untranslated (scripts/build_translations.py --update): {missing}"
