"""Wording and number/date formats of the printed documents, in French and English.

Reports run outside Qt (CLI, tests, a worker thread), so they cannot use Qt's translator; this
small table keeps every printed word in one place. French is the campaign's working language and
the default; English exists for the Belgian partners.
"""

from __future__ import annotations

from datetime import date, datetime

from hdf_field.domain import formatting
from hdf_field.domain.errors import ValidationError
from hdf_field.domain.glossary import Lang

__all__ = ["Lang", "check_lang", "count", "km", "number", "percent", "tr"]

_MESSAGES: dict[str, dict[str, str]] = {
    "app": {"fr": "HDF Field", "en": "HDF Field"},
    "route_plan": {"fr": "Plan de tournée", "en": "Route plan"},
    "week_pack": {"fr": "Tournées de la semaine", "en": "Week's routes"},
    "manager_summary": {"fr": "Synthèse des tournées", "en": "Route summary"},
    "page": {"fr": "Page {n}/{total}", "en": "Page {n}/{total}"},
    "officer": {"fr": "Chargé de mission", "en": "Field officer"},
    "officers": {"fr": "Chargés de mission", "en": "Field officers"},
    "week": {"fr": "Semaine {n}", "en": "Week {n}"},
    "from_to": {"fr": "du {a} au {b}", "en": "from {a} to {b}"},
    "start_place": {"fr": "Départ", "en": "Start"},
    "end_place": {"fr": "Retour", "en": "End"},
    "start_end_place": {"fr": "Départ et retour", "en": "Start and end"},
    "no_stop": {"fr": "Aucune visite planifiée ce jour.", "en": "No visit planned this day."},
    # visit table
    "col_no": {"fr": "N°", "en": "No."},
    "col_time": {"fr": "Heure", "en": "Time"},
    "col_org": {"fr": "Organisation et adresse", "en": "Organisation and address"},
    "col_about": {"fr": "Objet de la visite", "en": "Purpose of the visit"},
    "col_outcome": {"fr": "Résultat et notes", "en": "Outcome and notes"},
    "contact": {"fr": "Contact", "en": "Contact"},
    "phone": {"fr": "Tél.", "en": "Tel."},
    "purpose": {"fr": "Objet", "en": "Purpose"},
    "orientation": {"fr": "Orientation", "en": "Orientation"},
    "last_visit": {"fr": "Dernière visite", "en": "Last visit"},
    "fixed": {"fr": "RDV fixe", "en": "Fixed appt."},
    "wait": {"fr": "attente {d}", "en": "wait {d}"},
    "starts_at": {"fr": "début {t}", "en": "starts {t}"},
    "leaves_at": {"fr": "fin {t}", "en": "ends {t}"},
    "drive": {"fr": "trajet {km} · {d}", "en": "drive {km} · {d}"},
    "notes": {"fr": "Notes", "en": "Notes"},
    # totals
    "day_totals": {"fr": "Bilan de la journée", "en": "Day totals"},
    "total_km": {"fr": "Distance totale", "en": "Total distance"},
    "total_drive": {"fr": "Temps de conduite", "en": "Driving time"},
    "total_wait": {"fr": "Temps d'attente", "en": "Waiting time"},
    "visits": {"fr": "Visites", "en": "Visits"},
    "leave_at": {"fr": "Départ", "en": "Leave"},
    "back_at": {"fr": "Retour", "en": "Back"},
    "unserved": {"fr": "Visites non planifiées", "en": "Visits not planned"},
    "not_kept": {"fr": "Non retenues", "en": "Left out"},
    "programme": {"fr": "Programme de la journée", "en": "The day at a glance"},
    "lunch_break": {"fr": "Pause déjeuner", "en": "Lunch break"},
    "arrives_at": {"fr": "arrivée {t}", "en": "arrives {t}"},
    "fixed_left_out": {"fr": "RDV fixe non tenu", "en": "Fixed appt. left out"},
    "reason": {"fr": "Motif", "en": "Reason"},
    "organisation": {"fr": "Organisation", "en": "Organisation"},
    "summary_line": {
        "fr": "{visits} · {km} · {drive} de conduite · départ {leave} · retour {back}",
        "en": "{visits} · {km} · {drive} driving · leave {leave} · back {back}",
    },
    "visit_one": {"fr": "visite", "en": "visit"},
    "visit_many": {"fr": "visites", "en": "visits"},
    # map
    "legend_start": {"fr": "départ", "en": "start"},
    "legend_end": {"fr": "arrivée", "en": "end"},
    "legend_stop": {"fr": "visite", "en": "visit"},
    "legend_fixed": {"fr": "rendez-vous fixe", "en": "fixed appointment"},
    # week / manager
    "day": {"fr": "Jour", "en": "Day"},
    "km": {"fr": "km", "en": "km"},
    "drive_time": {"fr": "Conduite", "en": "Driving"},
    "first_stop": {"fr": "Première visite", "en": "First visit"},
    "last_stop": {"fr": "Dernière visite", "en": "Last visit"},
    "total": {"fr": "Total", "en": "Total"},
    "per_officer_day": {
        "fr": "Visites et kilomètres par chargé de mission et par jour",
        "en": "Visits and kilometres per officer and day",
    },
    "officer_totals": {
        "fr": "Totaux par chargé de mission",
        "en": "Totals per field officer",
    },
    "days": {"fr": "Jours", "en": "Days"},
    "per_day": {"fr": "Visites par jour", "en": "Visits per day"},
    "coverage": {"fr": "Couverture du territoire", "en": "Coverage of the region"},
    "departement": {"fr": "Département", "en": "Department"},
    "area": {"fr": "Territoire", "en": "Area"},
    "other": {"fr": "Autre / inconnu", "en": "Other / unknown"},
    "planned_visits": {"fr": "Visites planifiées", "en": "Planned visits"},
    "coverage_kind": {
        "fr": "Couverture par type d'organisation",
        "en": "Coverage by kind of organisation",
    },
    "kind": {"fr": "Type", "en": "Kind"},
    "prospects": {"fr": "Prospects", "en": "Prospects"},
    "share_visited": {"fr": "Part visitée", "en": "Share visited"},
    "overview_map": {"fr": "Carte d'ensemble des tournées", "en": "Overview map of the routes"},
    "campaign_period": {"fr": "Période : {a} – {b}", "en": "Period: {a} – {b}"},
    "week_map": {"fr": "Les tournées de la semaine", "en": "The week's routes"},
    # managers' dashboard
    "dash_title": {
        "fr": "Campagne Hauts-de-France — tableau de bord",
        "en": "Hauts-de-France campaign — dashboard",
    },
    "dash_as_of": {"fr": "Situation au {day}", "en": "As of {day}"},
    "dash_running_head": {
        "fr": "{title} — situation au {day}",
        "en": "{title} — as of {day}",
    },
    "dash_page": {"fr": "page {n}", "en": "page {n}"},
    "dash_visited": {"fr": "Visitées au moins une fois", "en": "Visited at least once"},
    "dash_of_target": {
        "fr": "{share} de l'objectif de {target}",
        "en": "{share} of the {target} target",
    },
    "dash_oriented": {"fr": "Orientées vers un pôle", "en": "Referred to a cluster"},
    "dash_members": {"fr": "Adhérents", "en": "Members"},
    "dash_visits_done": {"fr": "Visites réalisées", "en": "Visits done"},
    "dash_planned": {"fr": "{n} planifiées", "en": "{n} planned"},
    "dash_in_base": {"fr": "dans la base", "en": "in the database"},
    "dash_funnel": {
        "fr": "Entonnoir de la campagne (organisations par statut)",
        "en": "Campaign funnel (organisations by status)",
    },
    "dash_no_data": {"fr": "Aucune donnée", "en": "No data"},
    "dash_officer_weeks": {
        "fr": "Visites réalisées par chargé de mission ({n} dernières semaines)",
        "en": "Visits done per field officer (last {n} weeks)",
    },
    "dash_no_visit": {"fr": "Aucune visite sur la période", "en": "No visit in the period"},
    "dash_epci_map": {
        "fr": "Part des prospects visités par EPCI",
        "en": "Share of prospects visited per EPCI",
    },
    "dash_no_prospect": {"fr": "sans prospect", "en": "no prospect"},
    "dash_visited_col": {"fr": "Visités", "en": "Visited"},
    "dash_coverage_col": {"fr": "Couverture", "en": "Coverage"},
    "dash_cov_departement_chart": {
        "fr": "Couverture par département (part des prospects visités)",
        "en": "Coverage per department (share of prospects visited)",
    },
    "dash_oriented_per_cluster": {
        "fr": "Organisations orientées par pôle",
        "en": "Organisations referred per cluster",
    },
    "dash_cov_area": {
        "fr": "Couverture : ex-Nord-Pas-de-Calais et ex-Picardie",
        "en": "Coverage: former Nord-Pas-de-Calais and former Picardy",
    },
    "dash_cov_departement": {"fr": "Couverture par département", "en": "Coverage per department"},
    "dash_cov_epci": {"fr": "Couverture par EPCI", "en": "Coverage per EPCI"},
    "epci": {"fr": "EPCI", "en": "EPCI"},
    # federation of the clusters (dashboard)
    "fed_title": {"fr": "Fédération des pôles", "en": "Federation of the clusters"},
    "fed_intro": {
        "fr": "Transmissions aux pôles au {day} : {total}, conversion {conversion}, "
        "délai médian de première réponse {median}.",
        "en": "Referrals to the clusters as of {day}: {total}, conversion {conversion}, "
        "median time to the first answer {median}.",
    },
    "fed_by_cluster": {
        "fr": "Transmissions par pôle et par statut",
        "en": "Referrals per cluster and status",
    },
    "fed_cluster": {"fr": "Pôle", "en": "Cluster"},
    "fed_total": {"fr": "Total", "en": "Total"},
    "fed_conversion": {"fr": "Conversion", "en": "Conversion"},
    "fed_median": {"fr": "Délai médian", "en": "Median delay"},
    "fed_to_chase": {"fr": "À relancer", "en": "To chase"},
    "fed_all_clusters": {"fr": "Fédération", "en": "Federation"},
    "fed_days": {"fr": "{n} j", "en": "{n} d"},
    "fed_none": {"fr": "–", "en": "–"},
    "fed_conversion_note": {
        "fr": "Conversion : adhérents ÷ transmissions tranchées (adhérent ou déclinée) ; "
        "les transmissions en cours n'y entrent pas. Délai médian : jours entre l'envoi et la "
        "première réponse du pôle (premier changement de statut ou premier commentaire), "
        "sur les transmissions qui ont reçu une réponse.",
        "en": "Conversion: members ÷ decided referrals (member or declined); referrals still "
        "in progress are left out. Median delay: days from sending to the cluster's first "
        "answer (first status change or first comment), over the answered referrals.",
    },
    "fed_chase_title": {
        "fr": "Sans réponse depuis plus de {n} jours (à relancer)",
        "en": "Unanswered for more than {n} days (to chase)",
    },
    "fed_chase_none": {
        "fr": "Aucune transmission sans réponse depuis plus de {n} jours.",
        "en": "No referral unanswered for more than {n} days.",
    },
    "fed_sent_on": {"fr": "Envoyée le", "en": "Sent on"},
    "fed_days_waiting": {"fr": "Jours d'attente", "en": "Days waiting"},
    "fed_members_title": {
        "fr": "Adhérents issus des transmissions, par pôle et par territoire",
        "en": "Members from referrals, per cluster and area",
    },
    "fed_members_note": {
        "fr": "Une organisation adhérente de deux pôles compte une fois dans la ligne Fédération.",
        "en": "An organisation member of two clusters counts once in the Federation row.",
    },
    "fed_unknown_area": {"fr": "Inconnu", "en": "Unknown"},
}

_DAYS = {
    "fr": ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"],
    "en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
}
_MONTHS = {
    "fr": [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ],
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
}


def check_lang(lang: str) -> Lang:
    if lang not in ("fr", "en"):
        raise ValidationError("lang", code="lang.unsupported", params={"value": lang})
    return lang  # type: ignore[return-value]


def tr(lang: Lang, key: str, **values: object) -> str:
    text = _MESSAGES[key][lang]
    return text.format(**values) if values else text


def long_date(day: date, lang: Lang) -> str:
    """'mardi 1er décembre 2026' / 'Tuesday 1 December 2026' (French writes the 1st as 1er)."""
    weekday = _DAYS[lang][day.weekday()]
    month = _MONTHS[lang][day.month - 1]
    number = "1er" if lang == "fr" and day.day == 1 else str(day.day)
    return f"{weekday} {number} {month} {day.year}"


def short_date(day: date, lang: Lang) -> str:
    """'mar. 01/12' / 'Tue 01/12': fits a table column header."""
    weekday = _DAYS[lang][day.weekday()][:3]
    return f"{weekday}{'.' if lang == 'fr' else ''} {day:%d/%m}"


def day_and_month(day: date, lang: Lang) -> str:
    weekday = _DAYS[lang][day.weekday()]
    number = "1er" if lang == "fr" and day.day == 1 else str(day.day)
    return f"{weekday} {number} {_MONTHS[lang][day.month - 1]}"


def clock(moment: datetime | None) -> str:
    return "–" if moment is None else f"{moment:%H:%M}"


def duration(minutes: float) -> str:
    """'2 h 05' / '45 min': rounded to the minute, as people read a planning."""
    total = round(minutes)
    if total < 60:
        return f"{total} min"
    return f"{total // 60} h {total % 60:02d}"


def number(value: float, lang: Lang, decimals: int = 1) -> str:
    """The core's number format (:mod:`hdf_field.domain.formatting`), one decimal by default
    as printed distances have."""
    return formatting.number(value, lang, decimals)


def km(value: float, lang: Lang) -> str:
    return formatting.with_unit(value, "km", lang, 1)


def percent(share: float, lang: Lang) -> str:
    """'46 %' in French (spaced, no-break), '46%' in English."""
    return formatting.percent(share, lang)


def count(n: int, key: str, lang: Lang) -> str:
    """'1 visite', '3 visites', '0 visite' / '0 visits': ``key`` names the ``_one``/``_many``
    pair of the table."""
    return formatting.count(n, tr(lang, f"{key}_one"), tr(lang, f"{key}_many"), lang)
