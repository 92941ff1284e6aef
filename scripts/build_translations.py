"""Extract and compile the GUI's translations.

    python scripts/build_translations.py            # compile resources/translations/*.ts → .qm
    python scripts/build_translations.py --update   # first refresh the .ts from the sources

Source strings are French (the app's first language); hdf_field_en.ts holds English. Uses
``pyside6-lupdate`` / ``pyside6-lrelease`` from the running Python's environment. Called by
build.spec before bundling; a checkout compiles on the fly at start-up (hdf_field/ui/i18n.py).
Each ``.qm`` gets a ``.qm.sha256`` stamp naming the ``.ts`` it came from, which is how the app
knows a shipped ``.qm`` is current (hdf_field/ui/qm_files.py).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

from hdf_field.ui.qm_files import write_stamp

ROOT = Path(__file__).resolve().parent.parent
TS_DIR = ROOT / "resources" / "translations"
LANGUAGES = ("en",)


def tool(name: str) -> str:
    candidate = Path(sys.executable).parent / name
    if candidate.exists():
        return str(candidate)
    found = shutil.which(name)
    if not found:
        raise SystemExit(f"{name} not found: install PySide6 in this environment")
    return found


def sources() -> list[str]:
    return sorted(str(p.relative_to(ROOT)) for p in (ROOT / "hdf_field" / "ui").rglob("*.py"))


def update() -> None:
    TS_DIR.mkdir(parents=True, exist_ok=True)
    for lang in LANGUAGES:
        ts = TS_DIR / f"hdf_field_{lang}.ts"
        subprocess.run(
            [
                tool("pyside6-lupdate"),
                *sources(),
                "-source-language",
                "fr_FR",
                "-target-language",
                lang,
                "-no-obsolete",
                "-locations",
                "none",
                "-ts",
                str(ts),
            ],
            cwd=ROOT,
            check=True,
        )


def compile_all() -> list[Path]:
    out = []
    for ts in sorted(TS_DIR.glob("hdf_field_*.ts")):
        qm = ts.with_suffix(".qm")  # git-ignored: a build product
        subprocess.run([tool("pyside6-lrelease"), str(ts), "-qm", str(qm)], check=True)
        write_stamp(qm, ts)  # git-ignored too
        out.append(qm)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--update", action="store_true", help="re-extract strings into the .ts files")
    args = ap.parse_args()
    if args.update:
        update()
    for qm in compile_all():
        print(qm.relative_to(ROOT))


if __name__ == "__main__":
    main()
