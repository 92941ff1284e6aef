"""Belgian KBO/BCE open data → organisations of the border area, filtered by postal code.

Units: an organisation per *establishment* whose establishment address (``BAET``) is in the
postal-code filter, and an organisation per *enterprise* whose registered office (``REGO``)
is in the filter when none of its establishments is. Only active enterprises (``Status AC``)
are kept. Names: the enterprise's name (type 001) in French, else Dutch, else any language;
the trade name is the entity's commercial name (type 003). Activity: the MAIN NACE-BEL 2008
code, whose first four digits are the NAF rev. 2 class (``62010`` → ``62.01``).

Accounting: the rows that define organisations are those of ``enterprise.csv`` and
``establishment.csv``; each is created, updated, skipped (inactive, outside the filter, or an
enterprise represented by its establishments) or rejected (bad number, bad date, broken
line), so ``read == created + updated + skipped + rejected``. Unusable rows of the auxiliary
files (addresses, names, activities) are ignored and counted in ``ignored``.

Memory holds only the entities inside the filter (a few thousand for the border), never a
whole file; one transaction per import, as for SIRENE.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from hdf_field.domain.enums import Area, GeoPrecision
from hdf_field.domain.errors import InputFileError, ValidationError
from hdf_field.domain.identifiers import normalize_be_enterprise_number
from hdf_field.domain.naf import kind_for_naf, nace_to_naf_class, naf_table
from hdf_field.domain.progress import CancelToken, Progress
from hdf_field.imports.archives import check_member, open_zip
from hdf_field.imports.common import Ticker, import_transaction, well_formed
from hdf_field.imports.limits import DEFAULT_LIMITS, ReadLimits
from hdf_field.imports.places import GazetteerPlaces, Places
from hdf_field.imports.prefilter import PostcodeTest
from hdf_field.imports.reading import CsvSource, Record
from hdf_field.imports.report import (
    ImportReport,
    RejectSink,
    default_reject_path,
)
from hdf_field.imports.writer import OrganisationWriter
from hdf_field.storage.database import Database
from hdf_field.storage.ids import uuid7
from hdf_field.storage.import_writer import enterprise_ids_without_establishment

FILES: dict[str, tuple[str, ...]] = {
    "address.csv": (
        "EntityNumber",
        "TypeOfAddress",
        "Zipcode",
        "MunicipalityNL",
        "MunicipalityFR",
        "StreetNL",
        "StreetFR",
        "HouseNumber",
        "Box",
        "DateStrikingOff",
    ),
    "establishment.csv": ("EstablishmentNumber", "StartDate", "EnterpriseNumber"),
    "enterprise.csv": ("EnterpriseNumber", "Status", "JuridicalForm", "StartDate"),
    "denomination.csv": ("EntityNumber", "Language", "TypeOfDenomination", "Denomination"),
    "activity.csv": ("EntityNumber", "NaceVersion", "NaceCode", "Classification"),
}
LANGUAGE_RANK = {"1": 0, "2": 1}  # French, then Dutch, then the others
REGISTER_FIELDS = (
    "be_enterprise_number",
    "name",
    "trade_name",
    "legal_form",
    "naf_code",
    "naf_label",
    "founded_on",
    "register_active",
    "street",
    "postal_code",
    "city",
    "country",
    "lat",
    "lon",
    "geo_precision",
    "area",
)
_ESTABLISHMENT = re.compile(r"\d\.\d{3}\.\d{3}\.\d{3}")


class PostcodeFilter:
    """``7500,7700,8500-8999``: single codes and inclusive ranges."""

    def __init__(self, ranges: list[tuple[int, int]]) -> None:
        self.ranges = ranges

    def __contains__(self, code: object) -> bool:
        text = str(code).strip()
        if not text.isdigit():
            return False
        n = int(text)
        return any(lo <= n <= hi for lo, hi in self.ranges)

    def __str__(self) -> str:
        return ",".join(str(lo) if lo == hi else f"{lo}-{hi}" for lo, hi in self.ranges)


def parse_postcodes(text: str) -> PostcodeFilter:
    ranges: list[tuple[int, int]] = []
    for part in (p.strip() for p in text.split(",")):
        if not part:
            continue
        lo, sep, hi = part.partition("-")
        if not lo.strip().isdigit() or (sep and not hi.strip().isdigit()):
            raise ValidationError("postcodes", code="kbo.postcode", params={"value": part})
        a, b = int(lo), int(hi) if sep else int(lo)
        if a > b or not 1000 <= a <= 9999 or not 1000 <= b <= 9999:
            raise ValidationError("postcodes", code="kbo.postcode_range", params={"value": part})
        ranges.append((a, b))
    if not ranges:
        raise ValidationError("postcodes", code="kbo.no_postcode")
    return PostcodeFilter(ranges)


def _date(text: str, column: str) -> date | None:
    text = text.strip()
    if not text:
        return None
    try:
        return datetime.strptime(text, "%d-%m-%Y").date()
    except ValueError:
        raise ValidationError(column, code="kbo.date", params={"value": text}) from None


@dataclass(slots=True)
class _Address:
    street: str | None
    postal_code: str
    city: str | None


@dataclass(slots=True)
class _Unit:
    """An organisation to write: an establishment, or an enterprise without one."""

    line: int
    enterprise: str
    establishment: str | None
    address: _Address
    founded: date | None = None
    names: dict[str, list[tuple[int, str]]] = field(default_factory=dict)


@dataclass(slots=True)
class _Enterprise:
    line: int
    status: str
    legal_form: str | None
    founded: date | None


class KboImporter:
    def __init__(
        self,
        db: Database,
        source: Path,
        postcodes: PostcodeFilter,
        *,
        reject_file: Path | None = None,
        places: Places | None = None,
        actor: str | None = None,
        progress: Progress | None = None,
        cancel: CancelToken | None = None,
        limits: ReadLimits = DEFAULT_LIMITS,
        lang: str = "fr",
    ) -> None:
        self.db = db
        self.limits = limits
        self.lang = lang  # of the reject file's reasons
        self.source = Path(source)
        self.postcodes = postcodes
        self.reject_path = Path(reject_file) if reject_file else default_reject_path(self.source)
        self.places = places
        self.actor = actor
        self.report = ImportReport(source="kbo")
        self.ignored = 0
        self._sizes: dict[str, int] = {}
        self._done = 0
        self.ticker = Ticker(progress, cancel, lambda: sum(self._sizes.values()))

    # -- files ---------------------------------------------------------------------------
    def _check_source(self) -> None:
        if not self.source.exists():
            raise InputFileError(code="kbo.source_missing", params={"path": self.source})
        if self.source.is_dir():
            missing = [n for n in FILES if not (self.source / n).is_file()]
            if missing:
                raise InputFileError(
                    code="kbo.not_folder",
                    params={"path": self.source, "missing": ", ".join(missing)},
                )
            self._sizes = {n: (self.source / n).stat().st_size for n in FILES}
            return
        # Member sizes and ratios are checked here, before the first row is read: a zip bomb
        # is refused in one line rather than found half-way through the import.
        with open_zip(
            self.source, self.limits, "a KBO archive", unreadable="neither a KBO folder nor a zip"
        ) as zf:
            names = {Path(n).name: n for n in zf.namelist()}
            missing = [n for n in FILES if n not in names]
            if missing:
                raise InputFileError(
                    code="kbo.not_archive",
                    params={"path": self.source, "missing": ", ".join(missing)},
                )
            self._members = names
            infos = {n: zf.getinfo(names[n]) for n in FILES}
            for info in infos.values():
                check_member(self.source, info, self.limits.zip_member_bytes, self.limits)
            self._sizes = {n: info.file_size for n, info in infos.items()}

    @contextmanager
    def _open(self, name: str) -> Iterator[tuple[CsvSource, dict[str, int]]]:
        if self.source.is_dir():
            src = CsvSource(self.source / name, f"KBO {name}", delimiter=",", limits=self.limits)
        else:
            src = CsvSource(
                self.source,
                f"KBO {name}",
                delimiter=",",
                member=self._members[name],
                limits=self.limits,
            )
        with src:
            positions = {h: i for i, h in enumerate(src.header)}
            missing = [c for c in FILES[name] if c not in positions]
            if missing:
                raise InputFileError(
                    code="kbo.missing_columns",
                    params={"path": src.name, "name": name, "missing": ", ".join(missing)},
                )
            yield src, positions
            self._done += src.bytes_total

    def _records(self, src: CsvSource) -> Iterator[Record]:
        return self.ticker.paced(src, lambda: self._done + src.bytes_done, 20_000)

    def _counted_records(self, src: CsvSource, rejects: RejectSink) -> Iterator[Record]:
        """Rows of a file whose rows are counted as read: malformed ones are rejected."""
        return well_formed(self._records(src), len(src.header), self.report, rejects, file=src.name)

    def _auxiliary_records(self, src: CsvSource) -> Iterator[Record]:
        """Rows of an auxiliary file: only describe entities, so malformed ones are ignored
        (and counted in ``ignored``) rather than rejected."""
        width = len(src.header)
        for rec in self._records(src):
            if rec.error is not None or len(rec.fields) != width:
                self.ignored += 1
                continue
            yield rec

    # -- passes --------------------------------------------------------------------------
    def _addresses(self) -> dict[tuple[str, str], _Address]:
        """(entity, BAET|REGO) → address, for addresses inside the filter only."""
        found: dict[tuple[str, str], _Address] = {}
        with self._open("address.csv") as (src, c):
            # Addresses outside the postal codes never reach the CSV parser (an address row
            # is auxiliary: dropping it changes no count).
            src.prefilter(
                c["Zipcode"],
                PostcodeTest(self.postcodes.ranges),
                on_pause=lambda: self.ticker.tick(self._done + src.bytes_done),
            )
            for rec in self._auxiliary_records(src):
                f = rec.fields
                kind = f[c["TypeOfAddress"]]
                if kind not in ("BAET", "REGO") or f[c["DateStrikingOff"]].strip():
                    continue
                zipcode = f[c["Zipcode"]].strip()
                if zipcode not in self.postcodes:
                    continue
                street = f[c["StreetFR"]].strip() or f[c["StreetNL"]].strip()
                number = f[c["HouseNumber"]].strip()
                box = f[c["Box"]].strip()
                line = " ".join(p for p in (street, number, f"bte {box}" if box else "") if p)
                city = f[c["MunicipalityFR"]].strip() or f[c["MunicipalityNL"]].strip()
                found[(f[c["EntityNumber"]].strip(), kind)] = _Address(
                    line or None, zipcode, city or None
                )
        return found

    def run(self) -> ImportReport:
        self._check_source()
        report = self.report
        places = self.places or GazetteerPlaces()
        with import_transaction(
            self.db,
            report,
            str(self.source),
            self.reject_path,
            bulk=True,
            limits=self.limits,
            lang=self.lang,
        ) as (rejects, conn):
            addresses = self._addresses()
            units = self._establishments(addresses, rejects)
            enterprises = self._enterprises(addresses, units, rejects)
            self._names_and_activities(units, enterprises)
            writer = OrganisationWriter(conn, actor=self.actor, source="kbo")
            self._write(writer, units, enterprises, places)
            self.ticker.tick(self._done)
        self.ticker.finish()
        report.source = "kbo"
        return report

    def _establishments(
        self, addresses: dict[tuple[str, str], _Address], rejects: RejectSink
    ) -> dict[str, _Unit]:
        units: dict[str, _Unit] = {}
        report = self.report
        with self._open("establishment.csv") as (src, c):
            for rec in self._counted_records(src, rejects):
                f = rec.fields
                number = f[c["EstablishmentNumber"]].strip()
                try:
                    if not _ESTABLISHMENT.fullmatch(number):
                        raise ValidationError(
                            "EstablishmentNumber",
                            code="kbo.establishment",
                            params={"value": number},
                        )
                    enterprise = normalize_be_enterprise_number(
                        f[c["EnterpriseNumber"]], "EnterpriseNumber"
                    )
                    founded = _date(f[c["StartDate"]], "StartDate")
                except ValidationError as exc:
                    rejects.reject(rec.line, exc, rec.raw, src.name)
                    continue
                address = addresses.get((number, "BAET"))
                if address is None:
                    report.skipped += 1
                    continue
                if number in units:  # the later row wins, counted once
                    report.skipped += 1
                    report.duplicates += 1
                units[number] = _Unit(rec.line, enterprise, number, address, founded)
        return units

    def _enterprises(
        self,
        addresses: dict[tuple[str, str], _Address],
        units: dict[str, _Unit],
        rejects: RejectSink,
    ) -> dict[str, _Enterprise]:
        """Enterprises the kept establishments belong to, plus enterprises without an
        establishment in the filter whose registered office is in it (added to ``units``)."""
        report = self.report
        with_establishment = {u.enterprise for u in units.values()}
        kept: dict[str, _Enterprise] = {}
        with self._open("enterprise.csv") as (src, c):
            for rec in self._counted_records(src, rejects):
                f = rec.fields
                raw_number = f[c["EnterpriseNumber"]].strip()
                try:
                    number = normalize_be_enterprise_number(raw_number, "EnterpriseNumber")
                    founded = _date(f[c["StartDate"]], "StartDate")
                except ValidationError as exc:
                    rejects.reject(rec.line, exc, rec.raw, src.name)
                    continue
                office = addresses.get((raw_number, "REGO")) or addresses.get((number, "REGO"))
                if number not in with_establishment and office is None:
                    report.skipped += 1
                    continue
                status = f[c["Status"]].strip()
                kept[number] = _Enterprise(
                    rec.line, status, f[c["JuridicalForm"]].strip() or None, founded
                )
                if status != "AC" or number in with_establishment or office is None:
                    report.skipped += 1  # inactive, or represented by its establishments
                    continue
                units[number] = _Unit(rec.line, number, None, office, founded)
        # Establishments of an enterprise that is not active (or not in the file) are skipped.
        for key in [k for k, u in units.items() if u.establishment is not None]:
            ent = kept.get(units[key].enterprise)
            if ent is None or ent.status != "AC":
                del units[key]
                report.skipped += 1
        return kept

    def _names_and_activities(
        self, units: dict[str, _Unit], enterprises: dict[str, _Enterprise]
    ) -> None:
        wanted = set(units) | set(enterprises)
        self.names: dict[str, tuple[int, str]] = {}
        self.trade_names: dict[str, tuple[int, str]] = {}
        with self._open("denomination.csv") as (src, c):
            for rec in self._auxiliary_records(src):
                f = rec.fields
                entity = f[c["EntityNumber"]].strip()
                if entity not in wanted:
                    continue
                kind = f[c["TypeOfDenomination"]].strip()
                rank = LANGUAGE_RANK.get(f[c["Language"]].strip(), 2)
                text = f[c["Denomination"]].strip()
                target = {"001": self.names, "003": self.trade_names}.get(kind)
                if target is None or not text:
                    continue
                if entity not in target or rank < target[entity][0]:
                    target[entity] = (rank, text)
        self.activities: dict[str, str] = {}
        with self._open("activity.csv") as (src, c):
            for rec in self._auxiliary_records(src):
                f = rec.fields
                entity = f[c["EntityNumber"]].strip()
                if (
                    entity in wanted
                    and entity not in self.activities
                    and f[c["Classification"]].strip() == "MAIN"
                    and f[c["NaceVersion"]].strip() == "2008"
                ):
                    self.activities[entity] = f[c["NaceCode"]].strip()

    def _write(
        self,
        writer: OrganisationWriter,
        units: dict[str, _Unit],
        enterprises: dict[str, _Enterprise],
        places: Places,
    ) -> None:
        report = self.report
        table = naf_table()
        by_establishment: list[dict[str, Any]] = []
        by_enterprise: list[dict[str, Any]] = []
        for key, unit in units.items():
            ent = enterprises[unit.enterprise]
            name = self.names.get(unit.enterprise) or self.names.get(key)
            trade = self.trade_names.get(key) or self.trade_names.get(unit.enterprise)
            nace = self.activities.get(key) or self.activities.get(unit.enterprise)
            naf = nace_to_naf_class(nace) if nace else None
            point = places.belgian(unit.address.postal_code, unit.address.city)
            row: dict[str, Any] = {
                "be_enterprise_number": unit.enterprise,
                "name": (
                    name[1] if name else trade[1] if trade else f"Entreprise {unit.enterprise}"
                )[:300],
                "trade_name": trade[1][:300] if trade else None,
                "legal_form": ent.legal_form,
                "naf_code": naf,
                "naf_label": table.label(naf) if naf else None,
                "founded_on": unit.founded or ent.founded,
                "register_active": True,
                "street": unit.address.street,
                "postal_code": unit.address.postal_code,
                "city": unit.address.city or (point.commune if point else None),
                "country": "BE",
                "lat": point.lat if point else None,
                "lon": point.lon if point else None,
                "geo_precision": GeoPrecision.POSTCODE if point else GeoPrecision.NONE,
                "area": Area.BELGIUM,
                "kind": kind_for_naf(naf),
            }
            if unit.establishment is not None:
                row["be_establishment_number"] = unit.establishment
                by_establishment.append(row)
            else:
                by_enterprise.append(row)

        result = writer.upsert(
            by_establishment, key="be_establishment_number", update_fields=REGISTER_FIELDS
        )
        report.created += len(result.created)
        report.updated += len(result.existing)
        report.changed += result.changed

        # An enterprise without establishment matches the organisation that has its enterprise
        # number and no establishment number.
        numbers = [r["be_enterprise_number"] for r in by_enterprise]
        existing = enterprise_ids_without_establishment(writer.conn, numbers=numbers)
        for row in by_enterprise:
            row["id"] = existing.get(row["be_enterprise_number"]) or uuid7()
        result = writer.upsert(by_enterprise, key="id", update_fields=REGISTER_FIELDS)
        report.created += len(result.created)
        report.updated += len(result.existing)
        report.changed += result.changed


def import_kbo(
    db: Database,
    source: Path,
    postcodes: PostcodeFilter | str,
    *,
    reject_file: Path | None = None,
    places: Places | None = None,
    actor: str | None = None,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
    limits: ReadLimits = DEFAULT_LIMITS,
    lang: str = "fr",
) -> ImportReport:
    """Import the KBO/BCE open data (folder or zip) for the postal codes given."""
    if isinstance(postcodes, str):
        postcodes = parse_postcodes(postcodes)
    importer = KboImporter(
        db,
        source,
        postcodes,
        reject_file=reject_file,
        places=places,
        actor=actor,
        progress=progress,
        cancel=cancel,
        limits=limits,
        lang=lang,
    )
    report = importer.run()
    report.ignored = importer.ignored
    return report
