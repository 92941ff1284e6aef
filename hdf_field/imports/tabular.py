"""Any CSV or XLSX list (cluster members, partners, event attendees) with a column mapping.

The mapping is a JSON file::

    {"columns": {"Raison sociale": "name", "SIRET": "siret", "CP": "postal_code"},
     "defaults": {"kind": "social_economy", "status": "member", "tags": ["pôle-x"]},
     "match": ["siret", "name+postal_code"]}

Each row is matched to an existing organisation by the ``match`` rules in order (SIRET,
Belgian enterprise number, or normalised name + postal code) and updated, or created. An
empty cell never erases what is stored; a matched organisation keeps its name; tags are
added to the existing ones; a funnel status only moves forward (a membership list never
demotes anyone). Every mapped value is checked: a bad one rejects the row, naming the line
and the column.

Rows are applied in file order within one transaction: a row that matches an organisation
created by an earlier row of the same file updates it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from hdf_field.domain.enums import Area, FunnelStatus, GeoPrecision, OrgKind
from hdf_field.domain.error_messages import template_text
from hdf_field.domain.errors import InputFileError, ValidationError
from hdf_field.domain.identifiers import (
    normalize_be_enterprise_number,
    normalize_siren,
    normalize_siret,
)
from hdf_field.domain.naf import naf_table, subclass_code
from hdf_field.domain.progress import CancelToken, Progress
from hdf_field.domain.record_rules import check_field
from hdf_field.domain.regions import area_of_departement
from hdf_field.domain.validation import validate_email, validate_tags, validate_website
from hdf_field.domain.workforce import WORKFORCE_BANDS
from hdf_field.geo.names import strip_accents
from hdf_field.imports.common import Ticker, import_transaction, well_formed
from hdf_field.imports.limits import DEFAULT_LIMITS, MAX_MAPPING_BYTES, ReadLimits
from hdf_field.imports.places import GazetteerPlaces, Places
from hdf_field.imports.reading import CsvSource, Record, XlsxSource
from hdf_field.imports.report import (
    ImportReport,
    default_reject_path,
)
from hdf_field.imports.writer import OrganisationWriter
from hdf_field.storage.database import Database
from hdf_field.storage.ids import uuid7
from hdf_field.storage.import_writer import first_organisation_where, organisations_in_postal_code

MATCH_RULES = ("siret", "be_enterprise_number", "name+postal_code")
_LEGAL_FORMS = {
    "sa",
    "sas",
    "sasu",
    "sarl",
    "eurl",
    "sci",
    "scop",
    "scic",
    "snc",
    "gie",
    "sprl",
    "srl",
    "bv",
    "nv",
    "asbl",
    "vzw",
    "association",
}
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def normalized_name(name: str) -> str:
    """Key for matching organisation names: no accents, case, punctuation or legal form."""
    tokens = _NON_ALNUM.sub(" ", strip_accents(name.replace(".", "")).lower()).split()
    return " ".join(t for t in tokens if t not in _LEGAL_FORMS)


def _refused(code: str, **params: object) -> ValidationError:
    """A cell's verdict with its code, so that the reject file says it in the user's
    language (the column is named by the caller)."""
    return ValidationError("value", code=code, params=params)


def _text(limit: int) -> Callable[[str], str]:
    def parse(value: str) -> str:
        if len(value) > limit:
            raise _refused("text.longer", max=limit)
        return value

    return parse


def _choice(values: dict[str, Any]) -> Callable[[str], Any]:
    def parse(value: str) -> Any:
        key = value.strip().lower()
        if key not in values:
            raise _refused("choice.unknown", value=value, allowed=", ".join(sorted(values)))
        return values[key]

    return parse


def _int_between(lo: int, hi: int) -> Callable[[str], int]:
    def parse(value: str) -> int:
        try:
            n = int(value)
        except ValueError:
            raise _refused("integer.invalid", value=value) from None
        if not lo <= n <= hi:
            raise _refused("number.between", value=n, low=lo, high=hi)
        return n

    return parse


def _float_between(lo: float, hi: float) -> Callable[[str], float]:
    def parse(value: str) -> float:
        try:
            x = float(value.replace(",", "."))
        except ValueError:
            raise _refused("number.decimal", value=value) from None
        if not lo <= x <= hi:
            raise _refused("number.between", value=x, low=f"{lo:g}", high=f"{hi:g}")
        return x

    return parse


def _postal_code(value: str) -> str:
    code = value.strip().replace(" ", "")
    if code.isdigit() and len(code) == 4:  # a Belgian code, or a French one that lost its 0
        return code
    if not (code.isdigit() and len(code) == 5):
        raise _refused("postal_code.invalid", value=value)
    return code


# Identifiers a spreadsheet turns into numbers, dropping their leading zeros: the width
# to restore and the fewest digits a real one keeps (a postcode, an INSEE code or a Belgian
# enterprise number loses at most one zero: no département or number starts with 00).
_ZERO_PADDED: dict[str, tuple[int, int]] = {
    "siret": (14, 1),
    "siren": (9, 1),
    "be_enterprise_number": (10, 9),
    "postal_code": (5, 4),
    "insee_code": (5, 4),
}
_SCIENTIFIC = re.compile(r"[+-]?\d+(?:[.,]\d*)?[eE][+-]?\d+")


def restore_leading_zeros(field: str, digits: str) -> str:
    """The identifier a number cell stood for (``2100`` → ``02100``, ``75675900015`` →
    ``00075675900015``). Only for cells the source held as numbers: text is never padded.
    The check digits still decide: a restored SIRET that fails Luhn is rejected as any other.
    Zero, or fewer digits than a real identifier keeps, is left for the validator to refuse."""
    width, fewest = _ZERO_PADDED[field]
    if not digits.isdigit() or len(digits) < fewest or int(digits) == 0:
        return digits
    return digits.zfill(width)


def _email(value: str) -> str:
    if not _EMAIL.fullmatch(value.strip()):
        raise _refused("email.invalid", value=value)
    # The shared rule too: what is imported must sync (domain.record_rules).
    return validate_email(value) or value.strip()


def _website(value: str) -> str:
    return validate_website(value) or value.strip()


def _notes(value: str) -> str:
    check_field("organisation", "notes", value)
    return value


def _tags(value: str) -> list[str]:
    return validate_tags([t.strip() for t in re.split(r"[;,|]", value) if t.strip()])


def _naf(value: str) -> str:
    code = subclass_code(value)
    if code is None or not naf_table().is_subclass(code):
        raise _refused("naf.invalid", value=value)
    return code


def _insee(value: str) -> str:
    code = value.strip().upper()
    if len(code) != 5 or not code[2:].isdigit():
        raise _refused("insee.invalid", value=value)
    return code


FIELDS: dict[str, Callable[[str], Any]] = {
    "name": _text(300),
    "trade_name": _text(300),
    "siret": normalize_siret,
    "siren": normalize_siren,
    "be_enterprise_number": normalize_be_enterprise_number,
    "kind": _choice({k.value: k for k in OrgKind} | {k.name.lower(): k for k in OrgKind}),
    "legal_form": _text(100),
    "naf_code": _naf,
    "workforce_band": _choice({k.lower(): k for k in WORKFORCE_BANDS}),
    "street": _text(300),
    "address_complement": _text(300),
    "postal_code": _postal_code,
    "city": _text(200),
    "country": _choice(
        {
            "fr": "FR",
            "be": "BE",
            "france": "FR",
            "belgique": "BE",
            "belgium": "BE",
            "belgie": "BE",
            "belgië": "BE",
        }
    ),
    "insee_code": _insee,
    "lat": _float_between(41.0, 52.0),
    "lon": _float_between(-5.5, 10.0),
    "phone": _text(40),
    "email": _email,
    "website": _website,
    "status": _choice(
        {k.value: k for k in FunnelStatus} | {k.name.lower(): k for k in FunnelStatus}
    ),
    "priority": _int_between(0, 3),
    "tags": _tags,
    "notes": _notes,
}


@dataclass(frozen=True)
class Mapping:
    columns: dict[str, str]  # file column → field
    defaults: dict[str, Any] = field(default_factory=dict)  # field → parsed value
    match: tuple[str, ...] = ("siret", "name+postal_code")
    source: str = "mapping"


def load_mapping(path: Path) -> Mapping:
    """Read and check a mapping file; any unknown field or rule is a one-line error."""
    try:
        with Path(path).open("rb") as f:
            content = f.read(MAX_MAPPING_BYTES + 1)
        if len(content) > MAX_MAPPING_BYTES:
            raise InputFileError(
                f"{path}: mapping file larger than {MAX_MAPPING_BYTES:,} bytes, not a mapping"
            )
        data = json.loads(content.decode("utf-8"))
    except FileNotFoundError:
        raise InputFileError(f"{path}: mapping file not found") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise InputFileError(f"{path}: not a JSON mapping ({exc})") from exc
    return parse_mapping(data, str(path))


def parse_mapping(data: Any, source: str = "mapping") -> Mapping:
    if not isinstance(data, dict) or not isinstance(data.get("columns"), dict):
        raise InputFileError(f'{source}: a mapping needs a "columns" object')
    columns: dict[str, str] = {}
    for column, target in data["columns"].items():
        if target not in FIELDS:
            raise InputFileError(f"{source}: unknown field {target!r} for column {column!r}")
        columns[str(column)] = target
    defaults: dict[str, Any] = {}
    for name, value in (data.get("defaults") or {}).items():
        if name not in FIELDS:
            raise InputFileError(f"{source}: unknown field {name!r} in defaults")
        text = ";".join(value) if name == "tags" and isinstance(value, list) else str(value)
        try:
            defaults[name] = FIELDS[name](text)
        except (ValueError, ValidationError) as exc:
            raise InputFileError(f"{source}: default {name}: {exc}") from exc
    match = tuple(data.get("match") or ("siret", "name+postal_code"))
    for rule in match:
        if rule not in MATCH_RULES:
            raise InputFileError(
                f"{source}: unknown match rule {rule!r} (use {', '.join(MATCH_RULES)})"
            )
    return Mapping(columns, defaults, match, source)


class TableImporter:
    def __init__(
        self,
        db: Database,
        path: Path,
        mapping: Mapping,
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
        self.path = Path(path)
        self.mapping = mapping
        self.reject_path = Path(reject_file) if reject_file else default_reject_path(self.path)
        self.places = places
        self.actor = actor
        self.progress = progress
        self.cancel = cancel
        self.report = ImportReport(source="csv")

    def _source(self) -> CsvSource | XlsxSource:
        if self.path.suffix.lower() in (".xlsx", ".xlsm"):
            return XlsxSource(self.path, "a header row", limits=self.limits)
        return CsvSource(self.path, "a CSV list", limits=self.limits)

    def run(self) -> ImportReport:
        report = self.report
        with self._source() as src:
            positions = {h: i for i, h in enumerate(src.header)}
            missing = [c for c in self.mapping.columns if c not in positions]
            if missing:
                raise InputFileError(
                    f"{self.path}: column(s) of the mapping not in the file: {', '.join(missing)}"
                )
            places = self.places or GazetteerPlaces()
            ticker = Ticker(self.progress, self.cancel, lambda: src.bytes_total)
            with import_transaction(
                self.db,
                report,
                str(self.path),
                self.reject_path,
                limits=self.limits,
                lang=self.lang,
            ) as (rejects, conn):
                writer = OrganisationWriter(conn, actor=self.actor, source="csv")
                # Lists exported from spreadsheets often end rows with empty extra columns.
                rows = well_formed(src, len(src.header), report, rejects, extra_columns=True)
                for rec in ticker.paced(rows, lambda: src.bytes_done, 500):
                    try:
                        values = self._parse(rec, positions)
                    except _CellError as exc:
                        rejects.reject(rec.line, exc, rec.raw)
                        continue
                    outcome = self._apply(writer, values, places)
                    if outcome == "created":
                        report.created += 1
                    elif outcome == "updated":
                        report.updated += 1
                    else:
                        rejects.reject(rec.line, outcome, rec.raw)
                ticker.tick(src.bytes_total)
            ticker.finish()
        return report

    def _parse(self, rec: Record, positions: dict[str, int]) -> dict[str, Any]:
        cells = rec.fields
        values: dict[str, Any] = {}
        for column, target in self.mapping.columns.items():
            i = positions[column]
            text = cells[i].strip() if i < len(cells) else ""
            if not text:
                continue
            if target in _ZERO_PADDED:
                if _SCIENTIFIC.fullmatch(text):
                    raise _CellError(
                        "import.scientific", {"column": column, "field": target, "value": text}
                    )
                if i in rec.whole_numbers and not (
                    target == "postal_code" and self._belgian(cells, positions)
                ):
                    text = restore_leading_zeros(target, text)
            try:
                parsed = FIELDS[target](text)
            except (ValueError, ValidationError) as exc:
                raise _CellError(
                    "import.cell", {"column": column, "field": target, "reason": exc}
                ) from None
            if target == "tags":
                values["tags"] = [*values.get("tags", []), *parsed]
            else:
                values[target] = parsed
        return values

    def _belgian(self, cells: list[str], positions: dict[str, int]) -> bool:
        """Whether the row is Belgian, whose four-digit postcodes have no zero to restore; a
        row that does not say is French, as :meth:`_locate` takes it."""
        for column, target in self.mapping.columns.items():
            i = positions[column]
            if target == "country" and i < len(cells) and cells[i].strip():
                try:
                    return bool(FIELDS["country"](cells[i]) == "BE")
                except ValueError:
                    return False  # the country cell rejects the row anyway
        return bool(self.mapping.defaults.get("country") == "BE")

    def _find(self, writer: OrganisationWriter, values: dict[str, Any]) -> dict[str, Any] | None:
        conn = writer.conn
        for rule in self.mapping.match:
            column = None
            if rule == "siret" and values.get("siret"):
                column = "siret"
            elif rule == "be_enterprise_number" and values.get("be_enterprise_number"):
                column = "be_enterprise_number"
            elif rule == "name+postal_code" and values.get("name") and values.get("postal_code"):
                key = normalized_name(values["name"])
                for row in organisations_in_postal_code(conn, postal_code=values["postal_code"]):
                    if normalized_name(row["name"]) == key:
                        return dict(row)
                continue
            if column is not None:
                found = first_organisation_where(conn, column=column, value=values[column])
                if found is not None:
                    return dict(found)
        return None

    def _locate(self, values: dict[str, Any], places: Places) -> None:
        """Commune facts and a centroid for rows that give no coordinates."""
        place = None
        if values.get("insee_code"):
            place = places.commune(values["insee_code"])
        elif values.get("country") != "BE" and (values.get("postal_code") or values.get("city")):
            place = places.locate_commune(values.get("postal_code"), values.get("city"))
        if place is not None:
            values.setdefault("insee_code", place.insee)
            values.setdefault("departement", place.departement)
            values.setdefault("epci_code", place.epci_code)
            if place.area is not None:
                values.setdefault("area", place.area)
            if "lat" not in values and place.lat is not None:
                values.update(lat=place.lat, lon=place.lon, geo_precision=GeoPrecision.COMMUNE)
            values.setdefault("country", "FR")
        elif values.get("country") == "BE" and values.get("postal_code"):
            point = places.belgian(values["postal_code"], values.get("city"))
            values.setdefault("area", Area.BELGIUM)
            if point is not None and "lat" not in values:
                values.update(lat=point.lat, lon=point.lon, geo_precision=GeoPrecision.POSTCODE)
        if "lat" in values and "geo_precision" not in values:
            values["geo_precision"] = GeoPrecision.MANUAL  # typed in the list by a person
        if "area" not in values and values.get("departement"):
            area = area_of_departement(values["departement"])
            if area is not None:
                values["area"] = area

    def _apply(self, writer: OrganisationWriter, values: dict[str, Any], places: Places) -> str:
        defaults = self.mapping.defaults
        tags = [*defaults.get("tags", []), *values.pop("tags", [])]
        if values.get("siret") and "siren" not in values:
            values["siren"] = values["siret"][:9]
        if values.get("naf_code"):
            values["naf_label"] = naf_table().label(values["naf_code"])
        existing = self._find(writer, values)
        if existing is None:
            row = {k: v for k, v in defaults.items() if k != "tags"} | values
            if not row.get("name"):
                return "no name for a new organisation (name column empty)"
            self._locate(row, places)
            row["tags"] = list(dict.fromkeys(tags))
            row["id"] = uuid7()
            writer.upsert([row], key="id", update_fields=())
            return "created"
        changes: dict[str, Any] = {}
        for name, value in values.items():
            # The name identified the match (or the SIRET did): renaming from a list would
            # flip-flop with the next register import.
            if name != "name" and existing.get(name) != value:
                changes[name] = value
        if changes.keys() & {"postal_code", "city", "insee_code"} and "lat" not in values:
            located = dict(values)
            self._locate(located, places)
            if existing.get("geo_precision") != GeoPrecision.MANUAL:
                for name in (
                    "insee_code",
                    "departement",
                    "epci_code",
                    "area",
                    "lat",
                    "lon",
                    "geo_precision",
                ):
                    if name in located and existing.get(name) != located[name]:
                        changes[name] = located[name]
        merged_tags = list(dict.fromkeys([*(existing.get("tags") or []), *tags]))
        if merged_tags != (existing.get("tags") or []):
            changes["tags"] = merged_tags
        status = values.get("status", defaults.get("status"))
        if status is not None and FunnelStatus(status).rank > FunnelStatus(existing["status"]).rank:
            changes["status"] = status
        else:
            changes.pop("status", None)
        for name in ("kind", "priority"):
            if name not in values and name in defaults and existing.get(name) is None:
                changes[name] = defaults[name]
        if changes:
            writer.update_by_id([{"id": existing["id"], **changes}], changes.keys())
            self.report.changed += 1
        return "updated"


class _CellError(ValueError):
    """A cell the field's rule refuses: rendered in the reject file's language, the inner
    error (``reason``) included; ``str()`` is the English line."""

    def __init__(self, code: str, params: dict[str, object]) -> None:
        self.code = code
        self.params = params
        super().__init__(template_text(code, params, "en"))


def import_table(
    db: Database,
    path: Path,
    mapping: Mapping | Path,
    *,
    reject_file: Path | None = None,
    places: Places | None = None,
    actor: str | None = None,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
    limits: ReadLimits = DEFAULT_LIMITS,
    lang: str = "fr",
) -> ImportReport:
    """Import a CSV/XLSX list through its column mapping; see the module docstring."""
    if not isinstance(mapping, Mapping):
        mapping = load_mapping(mapping)
    return TableImporter(
        db,
        path,
        mapping,
        reject_file=reject_file,
        places=places,
        actor=actor,
        progress=progress,
        cancel=cancel,
        limits=limits,
        lang=lang,
    ).run()
