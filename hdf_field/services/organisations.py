"""Looking up and editing one organisation: what ``hdf-field org`` and the GUI's card share.

Edits are checked field by field with :mod:`hdf_field.domain.validation` and written in one
transaction: either every change of a form is stored, or none is (a half-saved card would
leave, say, a new postal code with the old coordinates).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from datetime import date, datetime
from enum import Enum
from typing import TYPE_CHECKING, Any

from hdf_field.domain.enums import Area, GeoPrecision
from hdf_field.domain.errors import NotFoundError, ValidationError
from hdf_field.domain.identifiers import is_valid_siret
from hdf_field.domain.regions import area_of_departement
from hdf_field.domain.validation import validate_country, validate_organisation_field
from hdf_field.storage.database import Database
from hdf_field.storage.orm import Officer, Organisation
from hdf_field.storage.queries import Session
from hdf_field.storage.queries.organisations import (
    live_officers_named,
    organisation_by_siret,
    organisation_column_names,
    siret_holder,
)
from hdf_field.storage.uow import UnitOfWork

if TYPE_CHECKING:
    from hdf_field.geo.gazetteer import Gazetteer

_SIRET_LIKE = re.compile(r"^[\d\s.]{14,20}$")
OFFICER_FIELDS = ("assigned_officer_id", "assigned_officer")
_POSITION_INPUTS = ("postal_code", "insee_code", "city")


def _parse_uuid(ref: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(ref.strip())
    except ValueError:
        return None


def find_organisation(session: Session, ref: str) -> Organisation:
    """``ref`` is an id (UUID, with or without dashes) or a SIRET (spaces allowed).

    When nothing matches, the message says why when it can: a reference that is neither an
    id nor a SIRET, or a SIRET whose check digit is wrong, is a typo to fix rather than an
    organisation to import.
    """
    text = (ref or "").strip()
    org: Organisation | None = None
    siret: str | None = None
    if _SIRET_LIKE.match(text):
        digits = re.sub(r"\D", "", text)
        if len(digits) == 14:
            siret = digits
            org = organisation_by_siret(session, siret=digits)
    ident = _parse_uuid(text) if org is None else None
    if ident is not None:
        org = session.get(Organisation, ident)
    if org is None or org.deleted_at is not None:
        why = ""
        if ident is None and siret is None:
            why = " (neither an id nor a 14-digit SIRET)"
        elif ident is None and siret is not None and not is_valid_siret(siret):
            why = f" (SIRET {siret} fails its check digit)"
        raise NotFoundError(f"no organisation with id or SIRET {text!r}{why}")
    return org


def json_value(value: Any) -> Any:
    """A column value as JSON holds it (the ``--json`` shapes of the CLI)."""
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    return value


def organisation_fields(org: Organisation) -> dict[str, Any]:
    """Every column by name, JSON-ready, plus the assigned officer's name."""
    fields = {key: json_value(getattr(org, key)) for key in organisation_column_names()}
    officer = org.assigned_officer
    fields["assigned_officer_name"] = officer.name if officer is not None else None
    return fields


def _resolve_officer(session: Session, value: Any) -> uuid.UUID | None:
    text = "" if value is None else str(value).strip()
    if not text:
        return None
    ident = _parse_uuid(text)
    if ident is not None:
        officer = session.get(Officer, ident)
    else:
        matches = live_officers_named(session, email=text.lower(), name=text)
        if len(matches) > 1:
            raise ValidationError(
                "assigned_officer_id", code="officer.ambiguous", params={"value": text}
            )
        officer = matches[0] if matches else None
    if officer is None or officer.deleted_at is not None:
        raise ValidationError("assigned_officer_id", code="officer.unknown", params={"value": text})
    return officer.id


def validate_changes(
    session: Session, org: Organisation, changes: Mapping[str, Any]
) -> dict[str, Any]:
    """Checked, normalised values by column name; raises on the first bad field."""
    country = org.country or "FR"
    if "country" in changes:
        country = validate_country(changes["country"])
    values: dict[str, Any] = {}
    for name, raw in changes.items():
        if name in OFFICER_FIELDS:
            values["assigned_officer_id"] = _resolve_officer(session, raw)
        else:
            values[name] = validate_organisation_field(name, raw, country=country)
    if values.get("siret") and "siren" not in values:
        values["siren"] = values["siret"][:9]
    if values.get("siret"):
        clash = siret_holder(session, siret=values["siret"], other_than=org.id)
        if clash is not None:
            raise ValidationError(
                "siret", code="siret.taken", params={"value": values["siret"], "other": clash}
            )
    return values


def _place(org: Organisation, values: dict[str, Any], gazetteer: Gazetteer | None) -> None:
    """Keep position and commune facts consistent with what was just typed.

    Coordinates typed by hand win and are marked manual; otherwise a new INSEE code or postal
    code moves the organisation to its commune's centroid, unless a person placed it on the
    map before (a manual position is never overwritten by a guess).
    """
    if "lat" in values or "lon" in values:
        lat = values.get("lat", org.lat)
        lon = values.get("lon", org.lon)
        if (lat is None) != (lon is None):
            missing = "lon" if lon is None else "lat"
            raise ValidationError(missing, code="latlon.pair")
        values.setdefault(
            "geo_precision", GeoPrecision.NONE if lat is None else GeoPrecision.MANUAL
        )
        return
    if not any(k in values for k in _POSITION_INPUTS) or org.geo_precision is GeoPrecision.MANUAL:
        return
    if gazetteer is None:
        from hdf_field.geo.gazetteer import load_gazetteer

        gazetteer = load_gazetteer()
    from hdf_field.geo.geocoding import locate_commune, locate_insee

    country = values.get("country", org.country)
    insee = values.get("insee_code")
    postal = values.get("postal_code", org.postal_code)
    city = values.get("city", org.city)
    if country == "BE":
        from hdf_field.geo.belgium import locate_belgian

        found = locate_belgian(postal, city) if postal else None
    elif insee:
        found = locate_insee(gazetteer, insee)
        if found is None:
            raise ValidationError("insee_code", code="insee.unknown", params={"value": insee})
    elif "insee_code" in values or not (postal or city):
        found = None  # the commune was cleared
    else:
        found = locate_commune(gazetteer, postal, city)
    if found is None:
        values.setdefault("geo_precision", GeoPrecision.NONE)
        values.setdefault("lat", None)
        values.setdefault("lon", None)
        return
    values.setdefault("lat", found.lat)
    values.setdefault("lon", found.lon)
    values.setdefault("geo_precision", found.precision)
    if country == "BE":  # French commune facts no longer apply
        for key in ("insee_code", "departement", "epci_code"):
            values.setdefault(key, None)
        values.setdefault("area", Area.BELGIUM)
    if found.insee:
        values.setdefault("insee_code", found.insee)
    if found.departement:
        values.setdefault("departement", found.departement)
        values.setdefault("area", area_of_departement(found.departement) or org.area)
    if found.commune:
        values.setdefault("city", found.commune)
    if found.insee and gazetteer is not None and country != "BE":
        commune = gazetteer.commune(found.insee)
        if commune is not None:
            values.setdefault("epci_code", commune.epci_code)


def update_organisation(
    db: Database,
    ref: str,
    changes: Mapping[str, Any],
    actor: str,
    *,
    expected_version: int | None = None,
    gazetteer: Gazetteer | None = None,
) -> dict[str, Any]:
    """Apply ``changes`` (field name → typed text or value) all together; returns the new
    fields. ``expected_version`` lets a form refuse to overwrite someone else's edit."""
    if not changes:
        raise ValidationError("changes", "nothing to change")
    with UnitOfWork(db, actor=actor) as uow:
        org = find_organisation(uow.session, ref)
        if expected_version is not None and org.version != expected_version:
            raise ValidationError(
                "version",
                f"the organisation changed meanwhile (version {org.version}, "
                f"edited from {expected_version}); reload it",
            )
        values = validate_changes(uow.session, org, changes)
        _place(org, values, gazetteer)
        if values.get("departement") and "area" not in values:
            values["area"] = area_of_departement(values["departement"]) or org.area
        for name, value in values.items():
            setattr(org, name, value)
        uow.session.flush()
        uow.session.refresh(org, ["assigned_officer"])
        fields = organisation_fields(org)
        uow.commit()
    return fields
