"""Register and list imports as the desktop client asks for them: one request, one report.

The importers (``hdf_field.imports``) already stream, run in one transaction per file and honour
a cancel check; this module only gathers what a screen collects (which kind, which files, which
postal codes or column mapping) into one call, and adds what a screen needs around it: the
header of a list to build a mapping from, a first guess of that mapping, and taking the
synthetic demo region away once real data has arrived, so fictional and real prospects do not
mix on the map and the dashboard.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from hdf_field.domain.errors import InputFileError
from hdf_field.domain.progress import Cancelled, CancelToken, Progress
from hdf_field.geo.names import strip_accents
from hdf_field.imports.report import ImportReport as ImportReport  # re-exported to the UI
from hdf_field.storage.database import Database
from hdf_field.storage.uow import UnitOfWork

# The two Belgian provinces along Hauts-de-France: Hainaut (6000–6599 and 7000–7999, Mons,
# Tournai, Mouscron, Chimay) and West Flanders (8000–8999, Kortrijk, Ieper, Menen, Veurne).
BORDER_POSTCODES = "6000-6599,7000-7999,8000-8999"

IGNORED = ""  # a list column that feeds no field
HISTORY_KEY = "imports"  # AppMeta entry: the last imports, newest first
HISTORY_SIZE = 10


@dataclass(frozen=True)
class SireneRequest:
    file: Path
    geoloc: Path | None = None


@dataclass(frozen=True)
class KboRequest:
    source: Path
    postcodes: str = BORDER_POSTCODES


@dataclass(frozen=True)
class ListRequest:
    """Either a mapping file or columns picked on screen (file column → field)."""

    file: Path
    mapping_file: Path | None = None
    columns: dict[str, str] = field(default_factory=dict)
    tags: tuple[str, ...] = ()


ImportRequest = SireneRequest | KboRequest | ListRequest


@dataclass
class ImportOutcome:
    """What the screen shows: the report, or that the person cancelled. A cancelled import
    keeps the batches it had already committed: ``report`` then counts them (None when
    nothing was committed)."""

    report: ImportReport | None
    cancelled: bool = False
    demo_removed: int = 0


def committed_part(exc: BaseException) -> ImportReport | None:
    """What an interrupted import had already saved (see ``imports.common.committed_part``);
    here so that screens need not reach into the importers."""
    from hdf_field.imports.common import committed_part as found

    return found(exc)


@contextmanager
def recording_interruption(db: Database, source: Path, actor: str | None = None) -> Iterator[None]:
    """An import that fails, is cancelled or interrupted (Ctrl-C) after committing some
    batches leaves them in the database; the import history says so, with what they hold,
    so that nobody takes a half-loaded register for a complete one."""
    try:
        yield
    except BaseException as exc:
        partial = committed_part(exc)
        if partial is not None:
            text = str(exc).strip()
            reason = text.splitlines()[0] if text else type(exc).__name__
            why = (
                "cancelled"
                if isinstance(exc, Cancelled | KeyboardInterrupt)
                else f"failed: {reason}"
            )
            # The database may be what failed: the original error is what matters.
            with suppress(Exception):
                record_import(db, source, partial, actor, interrupted=why[:300])
        raise


def run_import(
    db: Database,
    request: ImportRequest,
    *,
    actor: str | None = None,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
    remove_demo: bool = False,
    lang: str = "fr",
) -> ImportOutcome:
    """Run one import; a cancel gives ``cancelled=True`` (batches already committed stay,
    see :class:`ImportOutcome`).

    ``remove_demo``: once the import has committed real organisations, the demo region is
    deleted in a second transaction (a cancelled or failed import keeps it). ``lang``: the
    language of the reject file's reasons (the user's).
    """
    try:
        with recording_interruption(db, _source_of(request), actor):
            report = _dispatch(db, request, actor, progress, cancel, lang)
    except Cancelled as exc:
        return ImportOutcome(committed_part(exc), cancelled=True)
    outcome = ImportOutcome(report)
    if remove_demo and report.created + report.updated > 0:
        outcome.demo_removed = remove_demo_region(db, actor)
    record_import(db, _source_of(request), report, actor)
    return outcome


def _source_of(request: ImportRequest) -> Path:
    return request.source if isinstance(request, KboRequest) else request.file


@dataclass(frozen=True)
class ImportRecord:
    """One past import as the Import screen lists it."""

    kind: str  # "sirene", "kbo", "csv"
    source: str
    finished_at: datetime
    read: int
    created: int
    updated: int
    skipped: int
    rejected: int
    reject_file: str | None
    interrupted: str | None = None  # "cancelled" or "failed: why": only some batches are in


def record_import(
    db: Database,
    source: Path,
    report: ImportReport,
    actor: str | None = None,
    *,
    interrupted: str | None = None,
) -> None:
    """Keep the last :data:`HISTORY_SIZE` imports: when the register was last loaded is the
    first thing a manager asks before trusting the prospect list."""
    from hdf_field.storage.orm import AppMeta

    entry = {
        "kind": report.source,
        "source": str(source),
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        **{
            k: int(getattr(report, k))
            for k in ("read", "created", "updated", "skipped", "rejected")
        },
        "reject_file": str(report.reject_file) if report.reject_file else None,
    }
    if interrupted:
        entry["interrupted"] = interrupted
    with UnitOfWork(db, actor=actor) as uow:
        meta = uow.session.get(AppMeta, HISTORY_KEY)
        history = list((meta.value or {}).get("history", [])) if meta is not None else []
        value = {"history": [entry, *history][:HISTORY_SIZE]}
        if meta is None:
            uow.session.add(AppMeta(key=HISTORY_KEY, value=value))
        else:
            meta.value = value
        uow.commit()


def import_history(db: Database) -> list[ImportRecord]:
    from hdf_field.storage.orm import AppMeta

    with db.session() as s:
        meta = s.get(AppMeta, HISTORY_KEY)
        entries = (meta.value or {}).get("history", []) if meta is not None else []
    records = []
    for e in entries:
        try:
            records.append(
                ImportRecord(
                    kind=str(e["kind"]),
                    source=str(e["source"]),
                    finished_at=datetime.fromisoformat(e["finished_at"]),
                    read=int(e["read"]),
                    created=int(e["created"]),
                    updated=int(e["updated"]),
                    skipped=int(e["skipped"]),
                    rejected=int(e["rejected"]),
                    reject_file=e.get("reject_file"),
                    interrupted=str(e["interrupted"]) if e.get("interrupted") else None,
                )
            )
        except (KeyError, TypeError, ValueError):
            continue  # an entry written by another version: not worth failing the screen
    return records


def _dispatch(
    db: Database,
    request: ImportRequest,
    actor: str | None,
    progress: Progress | None,
    cancel: CancelToken | None,
    lang: str = "fr",
) -> ImportReport:
    if isinstance(request, SireneRequest):
        from hdf_field.imports.sirene import import_sirene

        return import_sirene(
            db,
            request.file,
            geoloc=request.geoloc,
            actor=actor,
            progress=progress,
            cancel=cancel,
            lang=lang,
        )
    if isinstance(request, KboRequest):
        from hdf_field.imports.kbo import import_kbo, parse_postcodes

        postcodes = parse_postcodes(request.postcodes)  # a ValidationError names "postcodes"
        report = import_kbo(
            db, request.source, postcodes, actor=actor, progress=progress, cancel=cancel, lang=lang
        )
        return report
    from hdf_field.imports.tabular import import_table, load_mapping, parse_mapping

    if request.mapping_file is not None:
        mapping = load_mapping(request.mapping_file)
        if request.tags:
            tags = [*mapping.defaults.get("tags", []), *request.tags]
            mapping = replace(mapping, defaults={**mapping.defaults, "tags": tags})
    else:
        data: dict[str, Any] = {
            "columns": {c: f for c, f in request.columns.items() if f != IGNORED}
        }
        if request.tags:
            data["defaults"] = {"tags": list(request.tags)}
        mapping = parse_mapping(data, "column choices")
    return import_table(
        db, request.file, mapping, actor=actor, progress=progress, cancel=cancel, lang=lang
    )


def load_importers() -> None:
    """Import the importers' modules now (pyproj, code tables: about 100 ms holding the GIL),
    so that a screen can do it before the first import rather than during it."""
    import hdf_field.imports.kbo
    import hdf_field.imports.sirene
    import hdf_field.imports.tabular  # noqa: F401


def check_columns(columns: dict[str, str]) -> str | None:
    """Why picked columns cannot make a mapping (None when they can)."""
    used = [f for f in columns.values() if f != IGNORED]
    if not used:
        return "no column is mapped to a field"
    if not {"name", "siret", "be_enterprise_number"} & set(used):
        return "map a column to the name, the SIRET or the Belgian enterprise number"
    twice = sorted({f for f in used if f != "tags" and used.count(f) > 1})
    if twice:
        return f"several columns feed the same field: {', '.join(twice)}"
    return None


def remove_demo_region(db: Database, actor: str | None = None) -> int:
    """Delete the synthetic demo campaign (organisations, their visits, the demo officers);
    returns how many demo organisations went."""
    from hdf_field.services.demo import DEMO_SOURCE, remove_demo_data
    from hdf_field.storage.queries.demo import organisation_count

    with UnitOfWork(db, actor=actor) as uow:
        count = organisation_count(uow.session, source=DEMO_SOURCE)
        remove_demo_data(uow.session)
        uow.commit()
    return count


def database_is_empty(db: Database) -> bool:
    """No organisation at all: a first start, where the demo region is offered."""
    from hdf_field.storage.queries.demo import organisation_count

    with db.session() as s:
        return not organisation_count(s)


def has_demo_region(db: Database) -> bool:
    from hdf_field.services.demo import DEMO_META_KEY
    from hdf_field.storage.orm import AppMeta

    with db.session() as s:
        meta = s.get(AppMeta, DEMO_META_KEY)
        return bool(meta and meta.value)


def list_header(path: Path) -> list[str]:
    """The column names of a CSV or XLSX list, read without loading the file."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _xlsx_header(path)
    from hdf_field.imports.reading import CsvSource

    with CsvSource(path, "a CSV list") as src:
        header = [h for h in src.header if h]
    if not header:
        raise InputFileError(f"{path}: no column names on the first line")
    return header


def _xlsx_header(path: Path) -> list[str]:
    if not path.is_file():
        raise InputFileError(f"{path}: file not found")
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise InputFileError(f"{path}: not a readable XLSX workbook ({exc})") from exc
    try:
        for values in book.worksheets[0].iter_rows(values_only=True):
            cells = ["" if v is None else str(v).strip() for v in values]
            if any(cells):
                return [c for c in cells if c]
    finally:
        book.close()
    raise InputFileError(f"{path}: empty workbook, expected a header row")


_NON_ALNUM = re.compile(r"[^a-z0-9]+")

# Column titles seen in partner and membership lists, by field (compared without case,
# accents or punctuation).
_SYNONYMS: dict[str, tuple[str, ...]] = {
    "name": (
        "name",
        "nom",
        "raison sociale",
        "denomination",
        "organisation",
        "organisme",
        "entreprise",
        "societe",
        "structure",
        "company",
    ),
    "trade_name": ("trade name", "enseigne", "nom commercial"),
    "siret": ("siret", "n siret", "numero siret"),
    "siren": ("siren", "n siren", "numero siren"),
    "be_enterprise_number": (
        "be enterprise number",
        "bce",
        "kbo",
        "numero bce",
        "numero d entreprise",
        "enterprise number",
        "ondernemingsnummer",
    ),
    "kind": ("kind", "type", "type d organisation"),
    "legal_form": ("legal form", "forme juridique"),
    "naf_code": ("naf code", "naf", "code naf", "ape", "code ape", "nace"),
    "workforce_band": ("workforce band", "tranche d effectif", "tranche effectif", "effectif"),
    "street": ("street", "adresse", "rue", "voie", "address"),
    "address_complement": ("address complement", "complement", "complement d adresse"),
    "postal_code": ("postal code", "cp", "code postal", "zip", "postcode"),
    "city": ("city", "ville", "commune", "localite"),
    "country": ("country", "pays"),
    "insee_code": ("insee code", "insee", "code insee", "code commune"),
    "lat": ("lat", "latitude"),
    "lon": ("lon", "lng", "longitude"),
    "phone": ("phone", "telephone", "tel"),
    "email": ("email", "e mail", "courriel", "mail", "adresse e mail"),
    "website": ("website", "site", "site web", "site internet", "web", "url"),
    "status": ("status", "statut"),
    "priority": ("priority", "priorite"),
    "tags": ("tags", "etiquettes", "mots cles"),
    "notes": ("notes", "note", "commentaire", "commentaires", "remarques", "observations"),
}
_BY_TITLE = {title: name for name, titles in _SYNONYMS.items() for title in titles}


def _title_key(title: str) -> str:
    return " ".join(_NON_ALNUM.sub(" ", strip_accents(title).lower()).split())


def guess_mapping(header: list[str]) -> dict[str, str]:
    """A first choice of field per column, from its title; unknown titles are ignored, and a
    field goes to the first column that names it (tags excepted)."""
    taken: set[str] = set()
    guess: dict[str, str] = {}
    for column in header:
        target = _BY_TITLE.get(_title_key(column), IGNORED)
        if target in taken and target != "tags":
            target = IGNORED
        if target:
            taken.add(target)
        guess[column] = target
    return guess
