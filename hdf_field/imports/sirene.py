"""INSEE SIRENE establishment stock (``StockEtablissement``) → organisations, upserted by SIRET.

What is kept: establishments of the five départements (by ``codeCommuneEtablissement``).
Active ones are created or updated; closed ones only flag an organisation we already have
(``register_active = False``) — a closed establishment we never knew is skipped. Rows of other
départements (Corsica's 2A/2B included) and abroad are skipped.

A row of another département is skipped *before* its values are checked (we store none of
them): its SIRET, dates and codes are not validated, so a national file does not fill the
reject file with rows that do not concern the region. A row whose *structure* is broken (too
few or too many columns, an unreadable or over-long line) is rejected wherever it is.
Such rows are recognised before CSV parsing (:mod:`hdf_field.imports.prefilter`): the national
stock is read at a fraction of what parsing it costs, with the same outcome row for row.

Input: the CSV, or the zip INSEE publishes (``StockEtablissement_utf8.zip``), whose one CSV
member is streamed without being extracted; the geolocated file likewise.

Accounting: ``read == created + updated + skipped + rejected``. A SIRET met again later in
the same file: the later row wins (it is the one written), the SIRET is counted once, as
created or updated, by its first occurrence, and every further occurrence is counted in
``skipped`` (and in ``duplicates``).

Transactions: one per file. A cancel, an I/O or encoding error half-way, or any database error
rolls everything back: the database is as before and the reject file is removed. Rows are
streamed and written in batches (a background thread writes batch N while batch N + 1 is
parsed), and SIRETs already met are kept in a temporary table, so memory does not grow with
the file.

Coordinates, best first: the register's Lambert-93 columns when present, not masked, inside
the region's bounding box and within 20 km of their commune; else the optional geolocated
file; else the commune centroid.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from datetime import date
from operator import itemgetter
from pathlib import Path
from typing import Any

from hdf_field.domain.enums import GeoPrecision
from hdf_field.domain.errors import InputFileError
from hdf_field.domain.identifiers import is_valid_siret
from hdf_field.domain.naf import NAF_REV2, kind_for_naf, naf_label
from hdf_field.domain.progress import CancelToken, Progress
from hdf_field.domain.regions import DEPARTEMENTS, area_of_departement
from hdf_field.domain.workforce import WORKFORCE_BANDS
from hdf_field.imports.common import DEFAULT_BATCH, Ticker, import_transaction, well_formed
from hdf_field.imports.limits import DEFAULT_LIMITS, ReadLimits
from hdf_field.imports.places import (
    LAMBERT93,
    WGS84,
    GazetteerPlaces,
    Places,
    in_region_bbox,
)
from hdf_field.imports.prefilter import PrefixTest
from hdf_field.imports.reading import CsvSource, csv_source
from hdf_field.imports.report import (
    ImportReport,
    RejectSink,
    default_reject_path,
)
from hdf_field.imports.sirene_layout import REPETITION_INDICES, STREET_TYPES
from hdf_field.imports.writer import OrganisationWriter
from hdf_field.storage.database import Database
from hdf_field.storage.import_writer import Connection, GeolocTable, KeyLedger

WHAT = "a SIRENE StockEtablissement CSV"
MASKED = "[ND]"

REQUIRED_COLUMNS = (
    "siren",
    "nic",
    "siret",
    "statutDiffusionEtablissement",
    "dateCreationEtablissement",
    "trancheEffectifsEtablissement",
    "etablissementSiege",
    "complementAdresseEtablissement",
    "numeroVoieEtablissement",
    "indiceRepetitionEtablissement",
    "typeVoieEtablissement",
    "libelleVoieEtablissement",
    "codePostalEtablissement",
    "libelleCommuneEtablissement",
    "codeCommuneEtablissement",
    "coordonneeLambertAbscisseEtablissement",
    "coordonneeLambertOrdonneeEtablissement",
    "etatAdministratifEtablissement",
    "enseigne1Etablissement",
    "denominationUsuelleEtablissement",
    "activitePrincipaleEtablissement",
    "nomenclatureActivitePrincipaleEtablissement",
)

# Register fields a re-import may rewrite; campaign fields and ``kind`` are never touched.
REGISTER_FIELDS = (
    "siren",
    "name",
    "trade_name",
    "naf_code",
    "naf_label",
    "workforce_band",
    "head_office",
    "founded_on",
    "register_active",
    "street",
    "address_complement",
    "postal_code",
    "city",
    "country",
    "insee_code",
    "lat",
    "lon",
    "geo_precision",
    "departement",
    "epci_code",
    "area",
)

_REGION_PREFIXES = frozenset(DEPARTEMENTS)
_BOOLEANS = {"true": True, "false": False}


class RowError(ValueError):
    """A value of one row cannot be used: the row is rejected with this reason."""


@dataclass(slots=True)
class _Pending:
    line: int
    active: bool
    register: dict[str, Any] | None = None
    kind: Any = None
    xy: tuple[float, float] | None = None
    centroid: tuple[float, float] | None = None


class _Columns:
    """Positions of the columns we read, found by header name."""

    def __init__(self, path: Path, header: Sequence[str]) -> None:
        positions = {name: i for i, name in enumerate(header)}
        missing = [c for c in REQUIRED_COLUMNS if c not in positions]
        if "siret" not in positions:
            raise InputFileError(code="sirene.no_siret", params={"path": path, "what": WHAT})
        if missing:
            raise InputFileError(
                code="sirene.missing_columns",
                params={"path": path, "what": WHAT, "columns": ", ".join(missing)},
            )
        self.count = len(header)
        for name in REQUIRED_COLUMNS:
            setattr(self, name, positions[name])

    def __getattr__(self, name: str) -> int:  # pragma: no cover - only for type checkers
        raise AttributeError(name)


class _RowParser:
    """Turns an active in-region row into register fields; raises :class:`RowError`.

    This runs for every kept row of a 600,000-row file, so positions are resolved once and
    masked/empty values are mapped to ``None`` in one pass over the row.
    """

    def __init__(self, c: _Columns, places: Places) -> None:
        self.places = places
        self.i_created = c.dateCreationEtablissement
        self.i_siege = c.etablissementSiege
        self.i_band = c.trancheEffectifsEtablissement
        self.i_x = c.coordonneeLambertAbscisseEtablissement
        self.i_y = c.coordonneeLambertOrdonneeEtablissement
        self.i_naf = c.activitePrincipaleEtablissement
        self.i_nomenclature = c.nomenclatureActivitePrincipaleEtablissement
        self.i_sign = c.enseigne1Etablissement
        self.i_denomination = c.denominationUsuelleEtablissement
        self.i_number = c.numeroVoieEtablissement
        self.i_index = c.indiceRepetitionEtablissement
        self.i_street_type = c.typeVoieEtablissement
        self.i_street = c.libelleVoieEtablissement
        self.i_complement = c.complementAdresseEtablissement
        self.i_postcode = c.codePostalEtablissement
        self.i_city = c.libelleCommuneEtablissement
        # Only the columns read here are cleaned, picked in one C-level call.
        names = [n for n in vars(self) if n.startswith("i_")]
        sources = [getattr(self, n) for n in names]
        self._pick = itemgetter(*sources)
        for compact, name in enumerate(names):
            setattr(self, name, compact)
        self._activity: dict[tuple[str | None, str], tuple[str | None, Any]] = {}

    def street(self, g: list[str | None]) -> str | None:
        parts: list[str] = []
        number = g[self.i_number]
        if number:
            parts.append(number)
            index = g[self.i_index]
            if index:
                parts.append(REPETITION_INDICES.get(index.upper(), index.lower()))
        kind = g[self.i_street_type]
        if kind:
            parts.append(STREET_TYPES.get(kind.upper(), kind))
        label = g[self.i_street]
        if label:
            parts.append(label)
        return " ".join(parts) if label or kind else None

    def activity(self, naf: str | None, nomenclature: str) -> tuple[str | None, Any]:
        key = (naf, nomenclature)
        found = self._activity.get(key)
        if found is None:
            found = self._activity[key] = (
                naf_label(naf, nomenclature),
                kind_for_naf(naf, nomenclature),
            )
        return found

    def parse(self, f: list[str], insee: str, siret: str) -> _Pending:
        g: list[str | None] = [
            None if not x or x == MASKED else x.strip() or None for x in self._pick(f)
        ]
        created_on = g[self.i_created]
        try:
            founded = date.fromisoformat(created_on) if created_on else None
        except ValueError:
            raise RowError(f"dateCreationEtablissement: not an ISO date {created_on!r}") from None
        siege = g[self.i_siege]
        if siege is not None and siege.lower() not in _BOOLEANS:
            raise RowError(f"etablissementSiege: expected true/false, got {siege!r}")
        band = g[self.i_band]
        if band is not None and band not in WORKFORCE_BANDS:
            raise RowError(f"trancheEffectifsEtablissement: unknown band {band!r}")
        if len(insee) != 5 or not insee[2:].isdigit():
            raise RowError(f"codeCommuneEtablissement: malformed commune code {insee!r}")
        xy = None
        x_text, y_text = g[self.i_x], g[self.i_y]
        if x_text and y_text:
            try:
                xy = (float(x_text), float(y_text))
            except ValueError:
                raise RowError(
                    f"coordonneeLambert: not a number ({x_text!r}, {y_text!r})"
                ) from None
        naf = g[self.i_naf]
        nomenclature = g[self.i_nomenclature] or NAF_REV2
        label, kind = self.activity(naf, nomenclature)
        trade = g[self.i_sign]
        name = g[self.i_denomination] or trade or f"Établissement {siret}"
        place = self.places.commune(insee)
        dep = place.departement if place else insee[:2]
        register = {
            "siret": siret,
            "siren": siret[:9],
            "name": name[:300],
            "trade_name": trade[:300] if trade else None,
            "naf_code": naf[:10] if naf else None,
            "naf_label": label,
            "workforce_band": band,
            "head_office": _BOOLEANS[siege.lower()] if siege is not None else None,
            "founded_on": founded,
            "register_active": True,
            "street": self.street(g),
            "address_complement": g[self.i_complement],
            "postal_code": g[self.i_postcode],
            "city": g[self.i_city] or (place.name if place else None),
            "country": "FR",
            "insee_code": insee,
            "lat": None,
            "lon": None,
            "geo_precision": GeoPrecision.NONE,
            "departement": dep,
            "epci_code": place.epci_code if place else None,
            "area": place.area if place and place.area else area_of_departement(dep),
        }
        centroid = None
        if place is not None and place.lat is not None and place.lon is not None:
            centroid = (place.lat, place.lon)
        return _Pending(0, True, register, kind, xy, centroid)


class _Geoloc:
    """The optional geolocated file, loaded once into a temporary table keyed by SIRET."""

    X_NAMES = ("x", "x_lambert", "coordonnee_x", "xlambert")
    Y_NAMES = ("y", "y_lambert", "coordonnee_y", "ylambert")
    LON_NAMES = ("x_longitude", "longitude", "lon", "lng")
    LAT_NAMES = ("y_latitude", "latitude", "lat")
    EPSG_NAMES = ("epsg", "code_epsg", "srid")
    QUALITY_NAMES = ("qualite_xy", "qualite", "quality", "score")
    # INSEE quality 33: street unknown, point placed at random in the commune: no better
    # than the centroid, so not used as an address position.
    COMMUNE_LEVEL_QUALITY = frozenset({"33"})

    def __init__(self, conn: Connection) -> None:
        self.positions = GeolocTable(conn)
        self.loaded = 0
        self.ignored = 0

    @staticmethod
    def _find(positions: dict[str, int], names: Sequence[str]) -> int | None:
        for n in names:
            if n in positions:
                return positions[n]
        return None

    def load(
        self,
        path: Path,
        epsg: int | None,
        ticker: Ticker,
        offset: int,
        batch_size: int,
        limits: ReadLimits = DEFAULT_LIMITS,
    ) -> int:
        with csv_source(path, "a geolocated SIRENE file", limits=limits) as src:
            positions = {h.lower(): i for i, h in enumerate(src.header)}
            i_siret = positions.get("siret")
            i_lon = self._find(positions, self.LON_NAMES)
            i_lat = self._find(positions, self.LAT_NAMES)
            i_x, i_y = self._find(positions, self.X_NAMES), self._find(positions, self.Y_NAMES)
            i_epsg = self._find(positions, self.EPSG_NAMES)
            i_quality = self._find(positions, self.QUALITY_NAMES)
            if i_siret is None:
                raise InputFileError(code="sirene.geo_no_siret", params={"path": path})
            if i_lon is not None and i_lat is not None:
                i_x, i_y, i_epsg, epsg = i_lon, i_lat, None, WGS84
            elif i_x is None or i_y is None:
                raise InputFileError(code="sirene.geo_no_xy", params={"path": path})
            elif i_epsg is None and epsg is None:
                raise InputFileError(code="sirene.geo_no_epsg", params={"path": path})
            groups: dict[int, list[tuple[str, float, float]]] = {}
            pending = 0
            for rec in src:
                f = rec.fields
                try:
                    siret = f[i_siret].strip()
                    if i_quality is not None and f[i_quality].strip() in self.COMMUNE_LEVEL_QUALITY:
                        raise ValueError("commune-level quality")
                    code = int(f[i_epsg]) if i_epsg is not None else epsg
                    x, y = float(f[i_x]), float(f[i_y])
                except (IndexError, ValueError, TypeError):
                    self.ignored += 1
                    continue
                if len(siret) != 14 or code is None:
                    self.ignored += 1
                    continue
                groups.setdefault(code, []).append((siret, x, y))
                pending += 1
                if pending >= batch_size:
                    self._flush(groups)
                    groups, pending = {}, 0
                    ticker.tick(offset + src.bytes_done)
            self._flush(groups)
            return src.bytes_total

    def _flush(self, groups: dict[int, list[tuple[str, float, float]]]) -> None:
        from hdf_field.imports.places import project_to_wgs84

        rows = []
        for code, items in groups.items():
            try:
                points = project_to_wgs84(code, [i[1] for i in items], [i[2] for i in items])
            except Exception:  # an EPSG code pyproj does not know: the rows are unusable
                self.ignored += len(items)
                continue
            for (siret, _, _), (lat, lon) in zip(items, points, strict=True):
                if in_region_bbox(lat, lon):
                    rows.append({"siret": siret, "lat": lat, "lon": lon})
                else:
                    self.ignored += 1
        if rows:
            self.positions.add(rows)
            self.loaded += len(rows)

    def lookup(self, sirets: Sequence[str]) -> dict[str, tuple[float, float]]:
        return self.positions.lookup(sirets)

    def drop(self) -> None:
        self.positions.drop()


# Register points farther than this from their commune's centre are typing errors (the
# largest communes of the region are about 10 km across).
MAX_KM_FROM_COMMUNE = 20.0


def _near(centroid: tuple[float, float] | None, lat: float, lon: float) -> bool:
    if centroid is None:
        return True
    dy = (lat - centroid[0]) * 111.2
    dx = (lon - centroid[1]) * 111.2 * math.cos(math.radians(lat))
    return dx * dx + dy * dy <= MAX_KM_FROM_COMMUNE**2


class _Batch:
    """In-region rows waiting to be written; a SIRET appears once (the latest row wins)."""

    def __init__(self) -> None:
        self.items: dict[str, _Pending] = {}
        self.superseded = 0

    def add(self, siret: str, item: _Pending) -> None:
        if siret in self.items:
            self.superseded += 1
            del self.items[siret]  # re-inserted last: dict order stays file order
        self.items[siret] = item

    def __len__(self) -> int:
        return len(self.items)


class _WriterPipeline:
    """Writes batch N on one background thread while the main thread parses batch N + 1.

    SQLite and the projection library release the GIL while they work, so on two cores the
    database work overlaps the parsing. One batch at most is in flight: memory stays bounded,
    and the connection is used by one thread at a time (the main thread waits for the writer
    before it commits or rolls back). Counts come back as a delta merged on the main thread.
    """

    def __init__(self, report: ImportReport, flush: Callable[[_Batch], ImportReport]) -> None:
        self._report = report
        self._flush = flush
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sirene-writer")
        self._pending: Future[ImportReport] | None = None

    def __enter__(self) -> _WriterPipeline:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, *rest: object) -> None:
        try:
            if exc_type is not None and self._pending is not None:
                wait([self._pending])  # let the writer finish before the rollback
        finally:
            self._pool.shutdown(wait=True)

    def submit(self, batch: _Batch) -> None:
        self.drain()
        self._pending = self._pool.submit(self._flush, batch)

    def drain(self) -> None:
        if self._pending is None:
            return
        delta = self._pending.result()
        self._pending = None
        r = self._report
        r.created += delta.created
        r.updated += delta.updated
        r.skipped += delta.skipped
        r.changed += delta.changed
        r.duplicates += delta.duplicates
        r.closed_unknown += delta.closed_unknown


class SireneImporter:
    def __init__(
        self,
        db: Database,
        path: Path,
        *,
        geoloc: Path | None = None,
        geoloc_epsg: int | None = None,
        reject_file: Path | None = None,
        places: Places | None = None,
        actor: str | None = None,
        batch_size: int = DEFAULT_BATCH,
        progress: Progress | None = None,
        cancel: CancelToken | None = None,
        limits: ReadLimits = DEFAULT_LIMITS,
        lang: str = "fr",
        prefilter: bool = True,
    ) -> None:
        self.db = db
        self.prefilter = prefilter
        self.limits = limits
        self.lang = lang  # of the reject file's reasons
        self.path = Path(path)
        self.geoloc_path = Path(geoloc) if geoloc else None
        self.geoloc_epsg = geoloc_epsg
        self.reject_path = Path(reject_file) if reject_file else default_reject_path(self.path)
        self.places = places
        self.actor = actor
        self.batch_size = batch_size
        self.progress = progress
        self.cancel = cancel
        self.report = ImportReport(source="sirene")

    def run(self) -> ImportReport:
        report = self.report
        src = csv_source(self.path, WHAT, limits=self.limits)
        with src:
            columns = _Columns(self.path, src.header)  # wrong format: fails before any write
            if self.geoloc_path is not None and not self.geoloc_path.is_file():
                raise InputFileError(f"{self.geoloc_path}: file not found")
            geoloc_size = self.geoloc_path.stat().st_size if self.geoloc_path else 0
            places = self.places or GazetteerPlaces()
            ticker = Ticker(self.progress, self.cancel, lambda: src.bytes_total + geoloc_size)
            if self.prefilter:
                # Rows of other départements never reach the CSV parser (see the module
                # docstring); the geolocated file, read first, is counted before them.
                src.prefilter(
                    columns.codeCommuneEtablissement,
                    PrefixTest(_REGION_PREFIXES),
                    on_pause=lambda: ticker.tick(geoloc_size + src.bytes_done),
                )
            with import_transaction(
                self.db,
                report,
                str(self.path),
                self.reject_path,
                bulk=True,
                limits=self.limits,
                lang=self.lang,
            ) as (rejects, conn):
                writer = OrganisationWriter(conn, actor=self.actor, source="sirene")
                ledger = KeyLedger(conn)
                geoloc = None
                if self.geoloc_path is not None:
                    geoloc = _Geoloc(conn)
                    geoloc.load(
                        self.geoloc_path,
                        self.geoloc_epsg,
                        ticker,
                        0,
                        self.batch_size,
                        self.limits,
                    )
                self._stream(
                    src, columns, places, writer, ledger, geoloc, rejects, ticker, geoloc_size
                )
                ledger.drop()
                if geoloc is not None:
                    geoloc.drop()
            ticker.finish()
        return report

    def _stream(
        self,
        src: CsvSource,
        c: _Columns,
        places: Places,
        writer: OrganisationWriter,
        ledger: KeyLedger,
        geoloc: _Geoloc | None,
        rejects: RejectSink,
        ticker: Ticker,
        offset: int,
    ) -> None:
        parser = _RowParser(c, places)
        with _WriterPipeline(
            self.report, lambda b: self._flush(b, writer, ledger, geoloc, places)
        ) as pipeline:
            self._read(src, c, parser, _Batch(), pipeline, rejects, ticker, offset)

    def _read(
        self,
        src: CsvSource,
        c: _Columns,
        parser: _RowParser,
        batch: _Batch,
        pipeline: _WriterPipeline,
        rejects: RejectSink,
        ticker: Ticker,
        offset: int,
    ) -> None:
        report = self.report
        ncols = c.count
        i_siret, i_siren, i_nic = c.siret, c.siren, c.nic
        i_commune, i_state = c.codeCommuneEtablissement, c.etatAdministratifEtablissement
        regions = _REGION_PREFIXES
        since_tick = 0
        for rec in well_formed(src, ncols, report, rejects):
            since_tick += 1
            if since_tick >= self.batch_size:
                since_tick = 0
                ticker.tick(offset + src.bytes_done)
            f = rec.fields
            insee = f[i_commune].strip().upper()
            if insee[:2] not in regions:  # the prefilter's very test: both paths agree
                report.skipped += 1
                continue
            siret = f[i_siret].strip()
            if not siret:
                rejects.reject(rec.line, "missing SIRET", rec.raw)
                continue
            if not is_valid_siret(siret) or len(siret) != 14:
                reason = (
                    f"SIRET {siret} fails its check digit"
                    if len(siret) == 14 and siret.isdigit()
                    else f"SIRET {siret!r} is not 14 digits"
                )
                rejects.reject(rec.line, reason, rec.raw)
                continue
            if f[i_siren].strip() + f[i_nic].strip() != siret:
                rejects.reject(
                    rec.line,
                    f"siren {f[i_siren]!r} + nic {f[i_nic]!r} do not make SIRET {siret}",
                    rec.raw,
                )
                continue
            state = f[i_state].strip()
            if state == "A":
                try:
                    item = parser.parse(f, insee, siret)
                except RowError as exc:
                    rejects.reject(rec.line, exc, rec.raw)
                    continue
                item.line = rec.line
                batch.add(siret, item)
            elif state == "F":
                batch.add(siret, _Pending(rec.line, False))
            else:
                rejects.reject(
                    rec.line,
                    f"etatAdministratifEtablissement: unknown state {state!r}",
                    rec.raw,
                )
                continue
            if len(batch) >= self.batch_size:
                pipeline.submit(batch)
                batch = _Batch()
        # Prefiltered rows were read and skipped, like the parsed rows of other départements.
        report.read += src.prefiltered
        report.skipped += src.prefiltered
        pipeline.submit(batch)
        pipeline.drain()
        ticker.tick(offset + src.bytes_total)

    def _flush(
        self,
        batch: _Batch,
        writer: OrganisationWriter,
        ledger: KeyLedger,
        geoloc: _Geoloc | None,
        places: Places,
    ) -> ImportReport:
        """Write one batch; runs on the writer thread, so it counts into its own report."""
        report = ImportReport(source="sirene")
        report.skipped += batch.superseded
        report.duplicates += batch.superseded
        if not batch.items:
            return report
        first = ledger.first_seen(list(batch.items))
        active = [(s, p) for s, p in batch.items.items() if p.active]
        closed = [s for s, p in batch.items.items() if not p.active]

        self._locate([p for _, p in active], [s for s, _ in active], geoloc, places)
        rows = []
        for _, p in active:
            assert p.register is not None
            p.register["kind"] = p.kind
            rows.append(p.register)
        result = writer.upsert(rows, key="siret", update_fields=REGISTER_FIELDS)
        report.changed += result.changed
        for siret, _ in active:
            if siret not in first:
                report.skipped += 1
                report.duplicates += 1
            elif siret in result.created:
                report.created += 1
            else:
                report.updated += 1

        found, closed_now = writer.mark_closed("siret", closed)
        for siret in closed:
            if siret not in first:
                report.skipped += 1
                report.duplicates += 1
            elif siret in found:
                report.updated += 1
                report.changed += siret in closed_now
            else:
                report.skipped += 1
                report.closed_unknown += 1
        return report

    @staticmethod
    def _locate(
        items: list[_Pending], sirets: list[str], geoloc: _Geoloc | None, places: Places
    ) -> None:
        """Register Lambert-93 first (one projection call per batch), then the geolocated
        file, then the commune centroid."""
        with_xy = [i for i, p in enumerate(items) if p.xy is not None]
        xys = [xy for p in items if (xy := p.xy) is not None]
        points = places.to_wgs84(LAMBERT93, [x for x, _ in xys], [y for _, y in xys])
        located: set[int] = set()
        for i, (lat, lon) in zip(with_xy, points, strict=True):
            if in_region_bbox(lat, lon) and _near(items[i].centroid, lat, lon):
                reg = items[i].register
                assert reg is not None
                reg["lat"], reg["lon"], reg["geo_precision"] = lat, lon, GeoPrecision.ADDRESS
                located.add(i)
        if geoloc is not None:
            missing = [i for i in range(len(items)) if i not in located]
            found = geoloc.lookup([sirets[i] for i in missing])
            for i in missing:
                point = found.get(sirets[i])
                if point is not None:
                    reg = items[i].register
                    assert reg is not None
                    reg["lat"], reg["lon"], reg["geo_precision"] = (*point, GeoPrecision.ADDRESS)
                    located.add(i)
        for i, p in enumerate(items):
            if i not in located and p.centroid is not None:
                reg = p.register
                assert reg is not None
                reg["lat"], reg["lon"], reg["geo_precision"] = (*p.centroid, GeoPrecision.COMMUNE)


def import_sirene(
    db: Database,
    path: Path,
    *,
    geoloc: Path | None = None,
    geoloc_epsg: int | None = None,
    reject_file: Path | None = None,
    places: Places | None = None,
    actor: str | None = None,
    batch_size: int = DEFAULT_BATCH,
    progress: Progress | None = None,
    cancel: CancelToken | None = None,
    limits: ReadLimits = DEFAULT_LIMITS,
    lang: str = "fr",
    prefilter: bool = True,
) -> ImportReport:
    """Import one SIRENE stock file (CSV, or the zip INSEE publishes); see the module
    docstring for what is kept and counted. ``prefilter=False`` parses every row (the
    reference the prefilter is tested and measured against)."""
    return SireneImporter(
        db,
        path,
        geoloc=geoloc,
        geoloc_epsg=geoloc_epsg,
        reject_file=reject_file,
        places=places,
        actor=actor,
        batch_size=batch_size,
        progress=progress,
        cancel=cancel,
        limits=limits,
        lang=lang,
        prefilter=prefilter,
    ).run()
