"""The portal's words, French first, English on request (``?lang=en``, kept in a cookie)."""

from __future__ import annotations

LANGS = ("fr", "en")

TEXTS: dict[str, tuple[str, str]] = {
    "title": ("Portail des pôles — HDF Field", "Clusters' portal — HDF Field"),
    "brand": ("Campagne pôles Hauts-de-France", "Hauts-de-France cluster campaign"),
    "login": ("Connexion", "Sign in"),
    "email": ("Adresse e-mail", "E-mail address"),
    "password": ("Mot de passe", "Password"),
    "sign_in": ("Se connecter", "Sign in"),
    "sign_out": ("Se déconnecter", "Sign out"),
    "wrong_login": ("E-mail ou mot de passe incorrect.", "Wrong e-mail or password."),
    "not_cluster": (
        "Ce portail est réservé aux équipes des pôles.",
        "This portal is for the clusters' staff.",
    ),
    "too_many": (
        "Trop de tentatives : réessayez dans une minute.",
        "Too many attempts: try again in a minute.",
    ),
    "expired": (
        "Formulaire expiré : rechargez la page et recommencez.",
        "This form has expired: reload the page and try again.",
    ),
    "referrals": ("Transmissions", "Referrals"),
    "referrals_of": ("Transmissions reçues par", "Referrals received by"),
    "filter": ("Filtrer", "Filter"),
    "all": ("Tous", "All"),
    "status": ("Statut", "Status"),
    "area": ("Territoire", "Area"),
    "departement": ("Département", "Département"),
    "sent_at": ("Transmis le", "Sent on"),
    "organisation": ("Organisation", "Organisation"),
    "city": ("Commune", "Town"),
    "officer": ("Chargé de mission", "Officer"),
    "export_csv": ("Exporter en CSV", "Export as CSV"),
    "none": ("Aucune transmission.", "No referrals."),
    "back": ("← Toutes les transmissions", "← All referrals"),
    "card": ("Fiche de l'organisation", "Organisation card"),
    "message": ("Message du chargé de mission", "The officer's message"),
    "contact": ("Personne à contacter", "Contact person"),
    "no_contact": ("Aucune personne partagée.", "No person shared."),
    "consent": ("Consentement au partage", "Consent to share"),
    "consent_text": (
        "donné par {by} le {at}, recueilli par {rec}",
        "given by {by} on {at}, recorded by {rec}",
    ),
    "history": ("Historique", "History"),
    "comments": ("Commentaires", "Comments"),
    "answer": ("Répondre", "Answer"),
    "acknowledge": ("Accuser réception", "Acknowledge"),
    "plan_meeting": ("Planifier un rendez-vous", "Plan a meeting"),
    "meeting_on": ("Date du rendez-vous", "Meeting date"),
    "mark_member": ("Marquer adhérent", "Mark as member"),
    "decline": ("Décliner", "Decline"),
    "reason": ("Motif (obligatoire pour décliner)", "Reason (required to decline)"),
    "comment": ("Commentaire", "Comment"),
    "add_comment": ("Ajouter le commentaire", "Add the comment"),
    "saved": ("Enregistré.", "Saved."),
    "not_found": (
        "Transmission introuvable pour votre pôle.",
        "No such referral for your cluster.",
    ),
    "final": ("Cette transmission est close.", "This referral is closed."),
    "siret": ("SIRET", "SIRET"),
    "naf": ("Activité (NAF)", "Activity (NAF)"),
    "workforce": ("Tranche d'effectif", "Workforce band"),
    "address": ("Adresse", "Address"),
    "website": ("Site web", "Website"),
    "phone": ("Téléphone", "Phone"),
    "language": ("English", "Français"),
    "s_sent": ("Transmis", "Sent"),
    "s_acknowledged": ("Pris en compte", "Acknowledged"),
    "s_meeting": ("Rendez-vous", "Meeting"),
    "s_member": ("Adhérent", "Member"),
    "s_declined": ("Décliné", "Declined"),
    "a_ex-Nord-Pas-de-Calais": ("ex-Nord-Pas-de-Calais", "former Nord-Pas-de-Calais"),
    "a_ex-Picardie": ("ex-Picardie", "former Picardie"),
    "a_Belgium": ("Belgique", "Belgium"),
}


def translate(lang: str, key: str, **values: str) -> str:
    fr, en = TEXTS.get(key, (key, key))
    text = en if lang == "en" else fr
    return text.format(**values) if values else text


def pick_lang(query: str | None, cookie: str | None) -> str:
    for candidate in (query, cookie):
        if candidate in LANGS:
            return str(candidate)
    return "fr"
