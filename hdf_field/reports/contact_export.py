"""The right-of-access report on one person, in French: a pure function of the exported data.

It is handed to the person themselves, so it names every field in words rather than column
names, and shows every value this laptop holds, even empty ones (an empty field is an answer).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from hdf_field.reports.pdf_base import (
    HEAD_BG,
    RULE,
    Chrome,
    build_pdf,
    frame_width,
    para,
    styles,
)

TITLE = "Données personnelles détenues"
FIELD_FR = {
    "id": "Identifiant",
    "first_name": "Prénom",
    "last_name": "Nom",
    "role": "Fonction",
    "phone": "Téléphone",
    "email": "Courriel",
    "language": "Langue",
    "legal_basis": "Base légale",
    "consent_date": "Date du consentement",
    "source": "Origine des données",
    "source_detail": "Précision sur l'origine",
    "informed_at": "Personne informée le",
    "objection": "Ne plus contacter",
    "objection_date": "Opposition le",
    "notes": "Notes",
    "organisation_id": "Organisation",
    "created_at": "Créé le",
    "updated_at": "Modifié le",
    "updated_by": "Modifié par",
    "version": "Version",
    "deleted_at": "Supprimé le",
    # visits, follow-ups, outbox and conflicts
    "officer_id": "Chargé de mission",
    "contact_id": "Interlocuteur",
    "planned_start": "Prévue le",
    "actual_start": "Effectuée le",
    "status": "Statut",
    "cluster": "Pôle destinataire",
    "sent_at": "Transmis le",
    "message": "Message au pôle",
    "consent_given_by": "Consentement donné par",
    "consent_given_at": "Consentement donné le",
    "consent_recorded_by": "Consentement recueilli par",
    "outcome": "Issue",
    "interest": "Intérêt (0–3)",
    "needs": "Besoins",
    "purpose": "Objet",
    "next_step": "Suite prévue",
    "follow_up_date": "Relance le",
    "visit_id": "Visite",
    "due_date": "Échéance",
    "action": "Action",
    "done_at": "Faite le",
    "mutation_id": "Modification",
    "base_version": "Version de départ",
    "changes": "Changements (avant, après)",
    "field": "Champ",
    "mine": "Valeur de ce poste",
    "theirs": "Valeur reçue",
    "base": "Valeur d'origine",
    "author": "Auteur",
    "file": "Fichier",
    "draft": "Brouillon",
    # the registry's audit and erasure
    "at": "Date",
    "actor": "Par",
    "detail": "Détail",
    "record_id": "Fiche",
    "entity": "Type de fiche",
    "erased_at": "Effacée le",
    "erased_by": "Effacée par",
}
VALUE_FR = {
    "legitimate_interest": "intérêt légitime",
    "consent": "consentement",
    "contract": "contrat",
    "public_task": "mission d'intérêt public",
    "register": "registre public",
    "business_card": "carte de visite",
    "website": "site internet",
    "event": "événement",
    "referral": "recommandation",
    "other": "autre",
}
# What the registry's audit calls each action, in words.
ACTION_FR = {
    "create": "création",
    "applied": "modification",
    "merged": "modification fusionnée",
    "conflict": "modification en conflit",
    "no-op": "modification sans effet",
    "rejected": "modification refusée",
    "resolve": "conflit résolu",
    "erase": "effacement (RGPD, art. 17)",
    "dropped": "modification abandonnée (personne effacée)",
}
SECTIONS = (
    ("visits", "Visites où la personne était l'interlocuteur"),
    ("follow_ups", "Relances liées à ces visites"),
    ("drafts", "Brouillons de compte rendu la mentionnant"),
    ("referrals", "Transmissions à un pôle (tiers destinataires)"),
    ("outbox", "Modifications en attente de synchronisation"),
    ("conflicts", "Conflits de synchronisation"),
    ("audit", "Journal de la base centrale (qui a fait quoi, quand)"),
)
# A value longer than this is cut in the PDF (the JSON export keeps it whole).
MAX_CELL_CHARS = 4_000


def _text(key: str, value: Any) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, dict | list):
        value = json.dumps(value, ensure_ascii=False)
    text = str(value)
    if key in ("legal_basis", "source"):
        text = VALUE_FR.get(text, text)
    elif key == "action":
        text = ACTION_FR.get(text, text)
    return text if len(text) <= MAX_CELL_CHARS else text[:MAX_CELL_CHARS] + " […]"


def _table(record: Mapping[str, Any]) -> Table:
    s = styles()
    rows = [
        [para(FIELD_FR.get(k, k), s.cell_head), para(_text(k, v), s.cell)]
        for k, v in record.items()
    ]
    width = frame_width()
    table = Table(rows, colWidths=[width * 0.3, width * 0.7])
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (0, -1), HEAD_BG),
                ("GRID", (0, 0), (-1, -1), 0.3, RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def contact_export_pdf(data: Mapping[str, Any]) -> bytes:
    """``data`` as :func:`hdf_field.services.contacts.export_contact` (a laptop) or
    :func:`hdf_field.registry.erasure.export_contact` (the registry) returns it."""
    s = styles()
    contact = data["contact"]
    at_registry = data.get("held_by") == "registry"
    who = " ".join(x for x in (contact.get("first_name"), contact.get("last_name")) if x)
    story: list[Flowable] = [para(f"{TITLE} : {who}", s.title)]
    org = data.get("organisation")
    if org:
        story.append(
            para(
                f"Organisation : {org.get('name')}"
                + (f" (SIRET {org['siret']})" if org.get("siret") else ""),
                s.subtitle,
            )
        )
    holder = "la base centrale (registre)" if at_registry else "ce poste"
    story.append(
        para(
            f"Ce document rassemble tout ce que {holder} HDF Field détient sur la personne "
            "(RGPD, article 15).",
            s.small,
        )
    )
    erased = data.get("erased")
    if erased:
        story += [
            para("Personne effacée (RGPD, article 17)", s.heading),
            para("Seule cette trace, sans donnée personnelle, subsiste.", s.body),
            _table(erased),
        ]
    story += [para("Fiche contact", s.heading), _table(contact)]
    for key, heading in SECTIONS:
        if key not in data:
            continue  # a section the holder does not keep (a laptop has no audit)
        items = data.get(key) or []
        story.append(para(f"{heading} ({len(items)})", s.heading))
        if not items:
            story.append(para("Aucun élément.", s.body))
        for item in items:
            story += [_table(item), Spacer(1, 4)]
    return build_pdf(story, Chrome(title=TITLE, lang="fr"))
