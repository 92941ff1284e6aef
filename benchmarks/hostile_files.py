"""Run the real import commands on hostile files and print what each one costs.

Each case builds its file(s) in a temporary folder (cheaply: big members are deflated as they
are streamed, never held in memory), runs ``python -m hdf_field import ...`` in a fresh
process on a fresh database and prints the input size, the peak resident memory of that
process (``os.wait4``'s own ``ru_maxrss``), the wall time, the exit code, the size of the
reject file and the one-line error. The target is a peak below 300 MB for every case, whatever
the file.

    PYTHONPATH=. python benchmarks/hostile_files.py              # full size (~1 GB written)
    PYTHONPATH=. python benchmarks/hostile_files.py --scale 0.01 # a quick run
    PYTHONPATH=. python benchmarks/hostile_files.py --only xlsx_huge_cell,kbo_zip_bomb

To add a case (a sync bundle bomb, say), write ``def build(folder, scale) -> list[str]`` that
creates its files in ``folder`` and returns the CLI arguments after ``hdf_field``, and append
``Case(name, what, build)`` to :data:`CASES`.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from hdf_field.domain.identifiers import luhn_complete  # noqa: E402
from hdf_field.imports.sirene_layout import SIRENE_COLUMNS, layout_row  # noqa: E402

MIB = 1024 * 1024
CHUNK = 4 * MIB
TARGET_PEAK_MB = 300


@dataclass(frozen=True)
class Case:
    name: str
    what: str
    build: Callable[[Path, float], list[str]]  # (folder, scale) -> CLI arguments


def _repeat(f: object, block: bytes, total: int) -> None:
    """Write ``total`` bytes of ``block`` repeated, a chunk at a time."""
    chunk = block * max(1, CHUNK // len(block))
    left = total
    while left > 0:
        piece = chunk[:left]
        f.write(piece)  # type: ignore[attr-defined]
        left -= len(piece)


def _mapping(folder: Path, columns: dict[str, str]) -> Path:
    path = folder / "mapping.json"
    path.write_text(json.dumps({"columns": columns}), encoding="utf-8")
    return path


# -- XLSX: one 700 MiB shared string in a workbook of under 1 MB -------------------------------

_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
        'package/2006/content-types"><Default Extension="rels" ContentType="application/'
        'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
        'ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType='
        '"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override '
        'PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
    ),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="'
        f'{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        f'<?xml version="1.0" encoding="UTF-8"?><workbook {_NS} xmlns:r="{_REL}"><sheets>'
        '<sheet name="Liste" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="'
        f'{_REL}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="'
        f'{_REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>'
    ),
    "xl/worksheets/sheet1.xml": (
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet {_NS}><sheetData>'
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
        '<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2" t="s"><v>3</v></c></row>'
        "</sheetData></worksheet>"
    ),
}


def build_xlsx_huge_cell(folder: Path, scale: float) -> list[str]:
    path = folder / "list.xlsx"
    cell = int(700 * MIB * scale)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for name, text in _PARTS.items():
            zf.writestr(name, text)
        with zf.open("xl/sharedStrings.xml", "w", force_zip64=True) as f:
            f.write(
                f'<?xml version="1.0" encoding="UTF-8"?><sst {_NS} count="4" uniqueCount="4">'
                "<si><t>Nom</t></si><si><t>Notes</t></si><si><t>Alpha</t></si><si><t>".encode()
            )
            _repeat(f, b"x", cell)
            f.write(b"</t></si></sst>")
    mapping = _mapping(folder, {"Nom": "name", "Notes": "notes"})
    return ["import", "csv", str(path), "--mapping", str(mapping)]


# -- SIRENE --------------------------------------------------------------------------------------


def _sirene_row(n: int) -> str:
    siren = luhn_complete(f"{40_000_000 + n:08d}")
    siret = luhn_complete(siren + "0001")
    values = {
        "siren": siren,
        "nic": siret[9:],
        "siret": siret,
        "statutDiffusionEtablissement": "O",
        "codePostalEtablissement": "59000",
        "libelleCommuneEtablissement": "LILLE",
        "codeCommuneEtablissement": "59350",
        "etatAdministratifEtablissement": "A",
        "denominationUsuelleEtablissement": f"ENTREPRISE {n}",
        "activitePrincipaleEtablissement": "62.01Z",
        "nomenclatureActivitePrincipaleEtablissement": "NAFRev2",
    }
    return ",".join(layout_row(values)) + "\n"


def build_sirene_one_line(folder: Path, scale: float) -> list[str]:
    """The whole file is one line: its header never ends."""
    path = folder / "StockEtablissement_utf8.csv"
    with path.open("wb") as f:
        f.write(",".join(SIRENE_COLUMNS).encode())
        _repeat(f, b",x", int(400 * MIB * scale))
    return ["import", "sirene", str(path)]


def build_sirene_huge_row(folder: Path, scale: float) -> list[str]:
    """A true header, a good row, a 400 MB row, a good row: the huge one is skipped."""
    path = folder / "StockEtablissement_utf8.csv"
    with path.open("wb") as f:
        f.write((",".join(SIRENE_COLUMNS) + "\n").encode())
        f.write(_sirene_row(1).encode())
        f.write(_sirene_row(2).rstrip("\n").encode())
        _repeat(f, b"y", int(400 * MIB * scale))
        f.write(b"\n" + _sirene_row(3).encode())
    return ["import", "sirene", str(path)]


# -- CSV lists -----------------------------------------------------------------------------------


def build_csv_one_line(folder: Path, scale: float) -> list[str]:
    path = folder / "list.csv"
    with path.open("wb") as f:
        f.write(b"Nom;CP;Notes")
        _repeat(f, b";abcdefgh", int(400 * MIB * scale))
    mapping = _mapping(folder, {"Nom": "name", "CP": "postal_code", "Notes": "notes"})
    return ["import", "csv", str(path), "--mapping", str(mapping)]


_MALFORMED = [
    b'Alpha;59000;"an unclosed quote\n',
    b"Beta;59000;" + b";" * 20_000 + b"\n",
    b'Gamma;59000;a "quote" inside\n',
    b"Delta;59000;" + b"n" * 70_000 + b"\n",
    b"\r",
    b"Epsilon;not a postcode;x\r\n",
    b'"Zeta";"59000";"' + b'""' * 5000 + b'"\n',
    b"\xc3\xa9t\xc3\xa9;80000;" + "é".encode() * 30_000 + b"\n",
    b"Eta;not a postcode;x\n" * 200,  # many small rejects: the reject file's row limit
]


def build_csv_malformed(folder: Path, scale: float) -> list[str]:
    """Every kind of broken row, repeated: stray quotes, 20,000 delimiters, huge cells, lone
    carriage returns, an escaped-quote storm, long accented cells, and many small bad rows
    (past the reject file's row limit)."""
    path = folder / "malformed.csv"
    block = b"".join(_MALFORMED)
    with path.open("wb") as f:
        f.write(b"Nom;CP;Notes\n")
        _repeat(f, block, int(200 * MIB * scale))
        f.write(b"\nOmega;59000;fin\n")
    mapping = _mapping(folder, {"Nom": "name", "CP": "postal_code", "Notes": "notes"})
    return ["import", "csv", str(path), "--mapping", str(mapping)]


# -- KBO -----------------------------------------------------------------------------------------

_KBO_HEADERS = {
    "enterprise.csv": "EnterpriseNumber,Status,JuridicalSituation,TypeOfEnterprise,"
    "JuridicalForm,JuridicalFormCAC,StartDate",
    "establishment.csv": "EstablishmentNumber,StartDate,EnterpriseNumber",
    "denomination.csv": "EntityNumber,Language,TypeOfDenomination,Denomination",
    "address.csv": "EntityNumber,TypeOfAddress,CountryNL,CountryFR,Zipcode,MunicipalityNL,"
    "MunicipalityFR,StreetNL,StreetFR,HouseNumber,Box,ExtraAddressInfo,DateStrikingOff",
    "activity.csv": "EntityNumber,ActivityGroup,NaceVersion,NaceCode,Classification",
}


def _kbo_zip(path: Path, bomb: int) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for name, header in _KBO_HEADERS.items():
            if name != "activity.csv":
                zf.writestr(name, header + "\n")
                continue
            with zf.open(name, "w", force_zip64=True) as f:
                f.write(header.encode() + b"\n")
                _repeat(f, b'"0201.234.567","001","2008","62010","MAIN"\n', bomb)


def build_kbo_zip_bomb(folder: Path, scale: float) -> list[str]:
    """activity.csv inflates to 4 GiB from a few MB (honestly declared)."""
    path = folder / "KboOpenData_0001_2026_01_Full.zip"
    _kbo_zip(path, int(4096 * MIB * scale))
    return ["import", "kbo", str(path), "--postcodes", "7500"]


def build_kbo_lying_zip(folder: Path, scale: float) -> list[str]:
    """activity.csv declares 2,000 bytes in the central directory but inflates to 1 GiB."""
    path = folder / "KboOpenData_0001_2026_01_Full.zip"
    _kbo_zip(path, int(1024 * MIB * scale))
    data = bytearray(path.read_bytes())
    name = b"activity.csv"
    at = data.rfind(b"PK\x01\x02")
    while at >= 0:
        name_len = int.from_bytes(data[at + 28 : at + 30], "little")
        if data[at + 46 : at + 46 + name_len] == name:
            data[at + 24 : at + 28] = (2000).to_bytes(4, "little")
            extra_len = int.from_bytes(data[at + 30 : at + 32], "little")
            extra = at + 46 + name_len
            if extra_len and data[extra : extra + 2] == b"\x01\x00":  # zip64: drop the sizes
                data[extra : extra + 4 + 16] = b"\x99\x99" + data[extra + 2 : extra + 4 + 16]
            break
        at = data.rfind(b"PK\x01\x02", 0, at)
    path.write_bytes(bytes(data))
    return ["import", "kbo", str(path), "--postcodes", "7500"]


CASES: list[Case] = [
    Case("xlsx_huge_cell", "XLSX list, one 700 MiB shared string", build_xlsx_huge_cell),
    Case("sirene_one_line", "SIRENE stock that is one 400 MB line", build_sirene_one_line),
    Case(
        "sirene_huge_row", "SIRENE stock, one 400 MB row between good ones", build_sirene_huge_row
    ),
    Case("csv_one_line", "CSV list that is one 400 MB line", build_csv_one_line),
    Case("csv_malformed", "CSV list, 200 MB of every broken row", build_csv_malformed),
    Case("kbo_zip_bomb", "KBO zip, activity.csv inflating to 4 GiB", build_kbo_zip_bomb),
    Case("kbo_lying_zip", "KBO zip, activity.csv lying about its size", build_kbo_lying_zip),
]


@dataclass
class Outcome:
    case: Case
    input_bytes: int
    build_s: float
    peak_mb: float
    wall_s: float
    exit_code: int
    reject_bytes: int | None
    message: str


def run_case(case: Case, folder: Path, scale: float) -> Outcome:
    folder.mkdir(parents=True)
    started = time.perf_counter()
    args = case.build(folder, scale)
    built = time.perf_counter() - started
    inputs = [p for p in folder.iterdir() if p.suffix != ".json"]
    input_bytes = sum(p.stat().st_size for p in inputs)
    reject = folder / "rejects.csv"
    command = [
        sys.executable,
        "-m",
        "hdf_field",
        *args,
        "--db",
        str(folder / "field.db"),
        "--reject-file",
        str(reject),
        "--json",
    ]
    env = dict(os.environ, PYTHONPATH=str(ROOT), QT_QPA_PLATFORM="offscreen")
    started = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(command, stdout=out, stderr=err, env=env, cwd=folder)
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        wall = time.perf_counter() - started
        err.seek(0)
        out.seek(0)
        lines = [ln for ln in err.read().decode("utf-8", "replace").splitlines() if ln.strip()]
        if not lines:
            lines = [_summary(out.read())]
    return Outcome(
        case=case,
        input_bytes=input_bytes,
        build_s=built,
        peak_mb=usage.ru_maxrss / 1024,  # kilobytes on Linux
        wall_s=wall,
        exit_code=proc.returncode,
        reject_bytes=reject.stat().st_size if reject.exists() else None,
        message=lines[-1] if lines else "",
    )


def _summary(output: bytes) -> str:
    """One line from the ``--json`` report of an import that finished."""
    try:
        r = json.loads(output)
    except ValueError:
        return output.decode("utf-8", "replace")[-200:]
    first = r["rejects"][0] if r["rejects"] else None
    line = (
        f"read {r['read']:,}, created {r['created']:,}, updated {r['updated']:,},"
        f" rejected {r['rejected']:,}"
        f" ({r.get('rejects_not_written', 0):,} not written to the reject file)"
    )
    if first:
        line += f"; first reject: line {first['line']}: {first['reason']}"
    return line


def _size(n: int | None) -> str:
    if n is None:
        return "-"
    return f"{n / MIB:,.1f} MiB" if n >= MIB else f"{n / 1024:,.1f} KiB"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--scale",
        type=float,
        default=1.0,
        help="size factor of every hostile file (1.0: full size, ~1 GB written)",
    )
    parser.add_argument("--only", default="", help="comma-separated case names")
    parser.add_argument("--workdir", type=Path, default=None, help="keep the files here")
    args = parser.parse_args()
    wanted = {n.strip() for n in args.only.split(",") if n.strip()}
    unknown = wanted - {c.name for c in CASES}
    if unknown:
        parser.error(f"unknown case(s): {', '.join(sorted(unknown))}")
    cases = [c for c in CASES if not wanted or c.name in wanted]

    base = args.workdir or Path(tempfile.mkdtemp(prefix="hostile_"))
    print(f"scale {args.scale}; files in {base}; target peak < {TARGET_PEAK_MB} MB")
    worst = 0.0
    try:
        for case in cases:
            folder = base / case.name
            if folder.exists():
                shutil.rmtree(folder)
            o = run_case(case, folder, args.scale)
            worst = max(worst, o.peak_mb)
            print(f"\n== {case.name}: {case.what}")
            print(
                f"   input {_size(o.input_bytes)} (built in {o.build_s:.1f} s)"
                f"   peak RSS {o.peak_mb:,.0f} MB   time {o.wall_s:.1f} s"
                f"   exit {o.exit_code}   reject file {_size(o.reject_bytes)}"
            )
            print(f"   {o.message}")
            shutil.rmtree(folder, ignore_errors=args.workdir is None)
    finally:
        if args.workdir is None:
            shutil.rmtree(base, ignore_errors=True)
    verdict = "within" if worst < TARGET_PEAK_MB else "OVER"
    print(f"\nworst peak {worst:,.0f} MB: {verdict} the {TARGET_PEAK_MB} MB target")
    return 0 if worst < TARGET_PEAK_MB else 1


if __name__ == "__main__":
    sys.exit(main())
