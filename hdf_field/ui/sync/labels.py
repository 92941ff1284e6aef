"""Human words for sync facts: field names, wire values, "il y a 5 min"."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime
from typing import Any

from PySide6.QtCore import QCoreApplication

from hdf_field.domain.enums import (
    FollowUpStatus,
    FunnelStatus,
    OrgKind,
    ReferralStatus,
    VisitOutcome,
    VisitStatus,
)
from hdf_field.services.sync_conflicts import WHOLE_RECORD, ConflictItem, FieldKind
from hdf_field.ui.common import (
    enum_label,
    follow_up_status_label,
    interest_label,
    kind_label,
    outcome_label,
    priority_label,
    status_label,
    visit_status_label,
)


def entity_label(entity: str) -> str:
    return {
        "organisation": QCoreApplication.translate("SyncLabels", "Organisation"),
        "contact": QCoreApplication.translate("SyncLabels", "Contact"),
        "visit": QCoreApplication.translate("SyncLabels", "Visite"),
        "follow_up": QCoreApplication.translate("SyncLabels", "Relance"),
        "officer": QCoreApplication.translate("SyncLabels", "Chargé de mission"),
        "cluster": QCoreApplication.translate("SyncLabels", "Pôle"),
        "cluster_site": QCoreApplication.translate("SyncLabels", "Site de pôle"),
        "referral": QCoreApplication.translate("SyncLabels", "Transmission au pôle"),
    }.get(entity, entity)


def _referral_field_label(field: str) -> str | None:
    """A referral's own fields: its status and dates are the cluster's, its consent the
    person's, so they are named as the « Transmettre au pôle » form and the portal name them."""
    return {
        "organisation_id": QCoreApplication.translate("SyncLabels", "Organisation"),
        "cluster_id": QCoreApplication.translate("SyncLabels", "Pôle"),
        "officer_id": QCoreApplication.translate("SyncLabels", "Chargé de mission"),
        "contact_id": QCoreApplication.translate("SyncLabels", "Personne transmise"),
        "sent_at": QCoreApplication.translate("SyncLabels", "Date d'envoi"),
        "message": QCoreApplication.translate("SyncLabels", "Message au pôle"),
        "consent_given_by": QCoreApplication.translate("SyncLabels", "Consentement donné par"),
        "consent_given_at": QCoreApplication.translate("SyncLabels", "Consentement donné le"),
        "consent_recorded_by": QCoreApplication.translate(
            "SyncLabels", "Consentement recueilli par"
        ),
        "status": QCoreApplication.translate("SyncLabels", "Statut de la transmission"),
        "status_reason": QCoreApplication.translate("SyncLabels", "Motif du pôle"),
        "meeting_on": QCoreApplication.translate("SyncLabels", "Date du rendez-vous"),
        "status_changed_at": QCoreApplication.translate("SyncLabels", "Statut changé le"),
        "comments": QCoreApplication.translate("SyncLabels", "Commentaires du pôle"),
        "history": QCoreApplication.translate("SyncLabels", "Historique des statuts"),
    }.get(field)


def field_label(entity: str, field: str) -> str:
    if field == WHOLE_RECORD:
        return QCoreApplication.translate("SyncLabels", "Fiche entière")
    if entity == "contact" and field == "last_name":
        return QCoreApplication.translate("SyncLabels", "Nom")
    if entity == "contact" and field == "role":
        return QCoreApplication.translate("SyncLabels", "Fonction")
    if entity == "visit" and field == "status":
        return QCoreApplication.translate("SyncLabels", "État de la visite")
    if entity == "referral" and (named := _referral_field_label(field)) is not None:
        return named
    labels = {
        "name": QCoreApplication.translate("SyncLabels", "Nom"),
        "trade_name": QCoreApplication.translate("SyncLabels", "Enseigne"),
        "first_name": QCoreApplication.translate("SyncLabels", "Prénom"),
        "kind": QCoreApplication.translate("SyncLabels", "Type"),
        "city": QCoreApplication.translate("SyncLabels", "Commune"),
        "street": QCoreApplication.translate("SyncLabels", "Adresse"),
        "address_complement": QCoreApplication.translate("SyncLabels", "Complément d'adresse"),
        "postal_code": QCoreApplication.translate("SyncLabels", "Code postal"),
        "phone": QCoreApplication.translate("SyncLabels", "Téléphone"),
        "email": QCoreApplication.translate("SyncLabels", "E-mail"),
        "website": QCoreApplication.translate("SyncLabels", "Site web"),
        "notes": QCoreApplication.translate("SyncLabels", "Notes"),
        "status": QCoreApplication.translate("SyncLabels", "Statut"),
        "priority": QCoreApplication.translate("SyncLabels", "Priorité"),
        "tags": QCoreApplication.translate("SyncLabels", "Étiquettes"),
        "assigned_officer_id": QCoreApplication.translate("SyncLabels", "Chargé de mission"),
        "naf_code": QCoreApplication.translate("SyncLabels", "Code NAF"),
        "legal_form": QCoreApplication.translate("SyncLabels", "Forme juridique"),
        "founded_on": QCoreApplication.translate("SyncLabels", "Date de création"),
        "departement": QCoreApplication.translate("SyncLabels", "Département"),
        "outcome": QCoreApplication.translate("SyncLabels", "Résultat"),
        "interest": QCoreApplication.translate("SyncLabels", "Intérêt"),
        "purpose": QCoreApplication.translate("SyncLabels", "Objet"),
        "next_step": QCoreApplication.translate("SyncLabels", "Prochaine étape"),
        "planned_start": QCoreApplication.translate("SyncLabels", "Début prévu"),
        "actual_start": QCoreApplication.translate("SyncLabels", "Début réel"),
        "duration_min": QCoreApplication.translate("SyncLabels", "Durée (min)"),
        "follow_up_date": QCoreApplication.translate("SyncLabels", "Date de relance"),
        "needs": QCoreApplication.translate("SyncLabels", "Besoins"),
        "action": QCoreApplication.translate("SyncLabels", "Action"),
        "due_date": QCoreApplication.translate("SyncLabels", "Échéance"),
        "deleted_at": QCoreApplication.translate("SyncLabels", "Suppression"),
        "lat": QCoreApplication.translate("SyncLabels", "Latitude"),
        "lon": QCoreApplication.translate("SyncLabels", "Longitude"),
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
    ("referral", "status"): lambda v: enum_label(ReferralStatus(v)),
}


def _moment(at: Any) -> str:
    try:
        return datetime.fromisoformat(str(at)).astimezone().strftime("%d/%m/%Y %H:%M")
    except ValueError:
        return str(at)


def _referral_entries(field: str, value: Any) -> str | None:
    """A referral's comments and status history, one line per entry, as the portal shows
    them, rather than their JSON."""
    if not isinstance(value, list) or not all(isinstance(e, dict) for e in value):
        return None
    lines = []
    for entry in value:
        head = f"{_moment(entry.get('at'))} — {entry.get('by', '')}"
        if field == "comments":
            lines.append(_pair(head, str(entry.get("text", ""))))
            continue
        try:
            status = enum_label(ReferralStatus(str(entry.get("status"))))
        except ValueError:
            status = str(entry.get("status"))
        extra = entry.get("reason") or entry.get("meeting_on")
        lines.append(_pair(head, status + (f" ({extra})" if extra else "")))
    return "\n".join(lines) if lines else empty_text()


def _pair(label: str, value: str) -> str:
    """« Libellé : valeur » in French, "Label: value" in English (typography differs)."""
    return (
        QCoreApplication.translate("SyncLabels", "{label} : {value}")
        .replace("{label}", label)
        .replace("{value}", value)
    )


def empty_text() -> str:
    return QCoreApplication.translate("SyncLabels", "(vide)")


def value_text(item: ConflictItem, value: Any) -> str:
    """A wire value as the person would have typed or read it."""
    if value is None or value == "":
        return empty_text()
    if item.kind is FieldKind.RECORD:
        if isinstance(value, dict):
            return "\n".join(
                _pair(field_label(item.entity, k), _plain(v)) for k, v in value.items()
            )
        return re.sub(r"^HTTP \d{3}: ", "", str(value))  # the registry's reason
    if item.entity == "referral" and item.field in ("comments", "history"):
        shown = _referral_entries(item.field, value)
        if shown is not None:
            return shown
    labeller = _ENUM_LABELS.get((item.entity, item.field))
    if labeller is not None:
        try:
            return str(labeller(value))
        except (ValueError, KeyError):
            return str(value)
    if item.kind is FieldKind.BOOLEAN:
        if value:
            return QCoreApplication.translate("SyncLabels", "Oui")
        return QCoreApplication.translate("SyncLabels", "Non")
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
        if value:
            return QCoreApplication.translate("SyncLabels", "oui")
        return QCoreApplication.translate("SyncLabels", "non")
    if item.kind is FieldKind.DATE and isinstance(value, str):
        try:
            return date.fromisoformat(value).strftime("%d/%m/%Y")
        except ValueError:
            return value
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def when_text(moment: datetime | None, now: datetime | None = None) -> str:
    """ "il y a 5 min", "hier à 14:05", "le 03/11/2026 à 09:12"."""
    if moment is None:
        return QCoreApplication.translate("SyncLabels", "jamais")
    now = now or datetime.now(UTC)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    seconds = (now - moment).total_seconds()
    if seconds < 60:
        return QCoreApplication.translate("SyncLabels", "à l'instant")
    if seconds < 3600:
        return QCoreApplication.translate("SyncLabels", "il y a %n min", None, int(seconds // 60))
    if seconds < 6 * 3600:
        return QCoreApplication.translate("SyncLabels", "il y a %n h", None, int(seconds // 3600))
    local = moment.astimezone()
    today = now.astimezone().date()
    hour = local.strftime("%H:%M")
    if local.date() == today:
        return QCoreApplication.translate("SyncLabels", "aujourd'hui à %1").replace("%1", hour)
    if (today - local.date()).days == 1:
        return QCoreApplication.translate("SyncLabels", "hier à %1").replace("%1", hour)
    text = QCoreApplication.translate("SyncLabels", "le %1 à %2")
    return text.replace("%1", local.strftime("%d/%m/%Y")).replace("%2", hour)
