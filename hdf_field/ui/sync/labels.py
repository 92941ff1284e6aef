"""Human words for sync facts: field names, wire values, "il y a 5 min"."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

from PySide6.QtCore import QCoreApplication

from hdf_field.domain.enums import (
    FollowUpStatus,
    FunnelStatus,
    OrgKind,
    VisitOutcome,
    VisitStatus,
)
from hdf_field.services.sync_conflicts import WHOLE_RECORD, ConflictItem, FieldKind
from hdf_field.ui.common import (
    follow_up_status_label,
    interest_label,
    kind_label,
    outcome_label,
    priority_label,
    status_label,
    visit_status_label,
)


def _t(text: str, n: int = -1) -> str:
    return QCoreApplication.translate("SyncLabels", text, None, n)


def entity_label(entity: str) -> str:
    return {
        "organisation": _t("Organisation"),
        "contact": _t("Contact"),
        "visit": _t("Visite"),
        "follow_up": _t("Relance"),
        "officer": _t("Chargé de mission"),
        "cluster": _t("Pôle"),
        "cluster_site": _t("Site de pôle"),
    }.get(entity, entity)


def field_label(entity: str, field: str) -> str:
    if field == WHOLE_RECORD:
        return _t("Fiche entière")
    if entity == "contact" and field == "last_name":
        return _t("Nom")
    if entity == "contact" and field == "role":
        return _t("Fonction")
    if entity == "visit" and field == "status":
        return _t("État de la visite")
    labels = {
        "name": _t("Nom"),
        "trade_name": _t("Enseigne"),
        "first_name": _t("Prénom"),
        "kind": _t("Type"),
        "city": _t("Commune"),
        "street": _t("Adresse"),
        "address_complement": _t("Complément d'adresse"),
        "postal_code": _t("Code postal"),
        "phone": _t("Téléphone"),
        "email": _t("E-mail"),
        "website": _t("Site web"),
        "notes": _t("Notes"),
        "status": _t("Statut"),
        "priority": _t("Priorité"),
        "tags": _t("Étiquettes"),
        "assigned_officer_id": _t("Chargé de mission"),
        "naf_code": _t("Code NAF"),
        "legal_form": _t("Forme juridique"),
        "founded_on": _t("Date de création"),
        "departement": _t("Département"),
        "outcome": _t("Résultat"),
        "interest": _t("Intérêt"),
        "purpose": _t("Objet"),
        "next_step": _t("Prochaine étape"),
        "planned_start": _t("Début prévu"),
        "actual_start": _t("Début réel"),
        "duration_min": _t("Durée (min)"),
        "follow_up_date": _t("Date de relance"),
        "needs": _t("Besoins"),
        "action": _t("Action"),
        "due_date": _t("Échéance"),
        "deleted_at": _t("Suppression"),
        "lat": _t("Latitude"),
        "lon": _t("Longitude"),
    }
    return labels.get(field, field)


_ENUM_LABELS: dict[tuple[str, str], Any] = {
    ("organisation", "status"): lambda v: status_label(FunnelStatus(v)),
    ("organisation", "kind"): lambda v: kind_label(OrgKind(v)),
    ("organisation", "priority"): priority_label,
    ("visit", "outcome"): lambda v: outcome_label(VisitOutcome(v)),
    ("visit", "status"): lambda v: visit_status_label(VisitStatus(v)),
    ("visit", "interest"): interest_label,
    ("follow_up", "status"): lambda v: follow_up_status_label(FollowUpStatus(v)),
}


def empty_text() -> str:
    return _t("(vide)")


def value_text(item: ConflictItem, value: Any) -> str:
    """A wire value as the person would have typed or read it."""
    if value is None or value == "":
        return empty_text()
    if item.kind is FieldKind.RECORD:
        if isinstance(value, dict):
            return "\n".join(f"{field_label(item.entity, k)} : {_plain(v)}"
                             for k, v in value.items())
        return str(value)
    labeller = _ENUM_LABELS.get((item.entity, item.field))
    if labeller is not None:
        try:
            return str(labeller(value))
        except (ValueError, KeyError):
            return str(value)
    if item.kind is FieldKind.BOOLEAN:
        return _t("Oui") if value else _t("Non")
    if item.kind is FieldKind.DATE and isinstance(value, str):
        try:
            return date.fromisoformat(value).strftime("%d/%m/%Y")
        except ValueError:
            return value
    if item.kind is FieldKind.DATETIME and isinstance(value, str):
        try:
            return datetime.fromisoformat(value).astimezone().strftime("%d/%m/%Y %H:%M")
        except ValueError:
            return value
    return _plain(value)


def _plain(value: Any) -> str:
    if value is None:
        return empty_text()
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def edit_text(item: ConflictItem, value: Any) -> str:
    """The text put in the merge editor: what :func:`parse_value` reads back unchanged."""
    if value is None:
        return ""
    if item.kind is FieldKind.BOOLEAN:
        return _t("oui") if value else _t("non")
    if item.kind is FieldKind.DATE and isinstance(value, str):
        try:
            return date.fromisoformat(value).strftime("%d/%m/%Y")
        except ValueError:
            return value
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def when_text(moment: datetime | None, now: datetime | None = None) -> str:
    """"il y a 5 min", "hier à 14:05", "le 03/11/2026 à 09:12"."""
    if moment is None:
        return _t("jamais")
    now = now or datetime.now(UTC)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    seconds = (now - moment).total_seconds()
    if seconds < 60:
        return _t("à l'instant")
    if seconds < 3600:
        return _t("il y a %n min", int(seconds // 60))
    if seconds < 6 * 3600:
        return _t("il y a %n h", int(seconds // 3600))
    local = moment.astimezone()
    today = now.astimezone().date()
    if local.date() == today:
        return _t("aujourd'hui à %1").replace("%1", local.strftime("%H:%M"))
    if (today - local.date()).days == 1:
        return _t("hier à %1").replace("%1", local.strftime("%H:%M"))
    return (_t("le %1 à %2").replace("%1", local.strftime("%d/%m/%Y"))
            .replace("%2", local.strftime("%H:%M")))
