"""The words of the core's errors, in French and English, and the one function that renders
an error for a person.

Errors carry a ``code`` and ``params`` (:mod:`hdf_field.domain.errors`); this table turns them
into a sentence in the user's language, with field names from the glossary, so that a French
sentence never ends in English (issue 12: "Raison sociale : must not be empty"). The GUI, the
CLI and the import reject files all call :func:`render`. A template may use ``{value!r}`` and
any ``str.format`` field; numbers go through :func:`hdf_field.domain.formatting.number` when
given as ``int``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from hdf_field.domain.formatting import number

# code → (French, English)
TEMPLATES: Final[dict[str, tuple[str, str]]] = {
    # plain text
    "text.empty": ("ne doit pas être vide", "must not be empty"),
    "text.too_long": (
        "{max} caractères au plus ({given} saisis)",
        "at most {max} characters ({given} given)",
    ),
    "text.control_char": (
        "contient le caractère de contrôle U+{char} (position {pos})",
        "contains the control character U+{char} at {pos}",
    ),
    "text.expected": ("du texte est attendu, pas {type}", "expected text, got {type}"),
    # contact details
    "email.invalid": (
        "adresse e-mail invalide : {value!r}",
        "not a valid e-mail address: {value!r}",
    ),
    "website.spaces": (
        "une adresse web ne contient pas d'espace : {value!r}",
        "a web address has no spaces: {value!r}",
    ),
    "website.invalid": ("adresse web invalide : {value!r}", "not a web address: {value!r}"),
    "website.scheme": (
        "seules les adresses http:// ou https:// sont acceptées, pas {scheme}:",
        "only http:// or https:// addresses, got {scheme}:",
    ),
    "phone.not_fr": (
        "numéro de téléphone français invalide : {value!r}",
        "not a French phone number: {value!r}",
    ),
    "phone.not_be": (
        "numéro de téléphone belge invalide : {value!r}",
        "not a Belgian phone number: {value!r}",
    ),
    "phone.foreign": (
        "seuls les numéros français (+33) et belges (+32) sont acceptés : {value!r}",
        "only French (+33) and Belgian (+32) numbers: {value!r}",
    ),
    "phone.invalid": (
        "numéro de téléphone invalide : {value!r}",
        "not a phone number: {value!r}",
    ),
    "phone.fr_digits": (
        "un numéro français compte 10 chiffres (0X XX XX XX XX) : {value!r}",
        "a French number has 10 digits (0X XX XX XX XX): {value!r}",
    ),
    # identifiers
    "siret.digits": (
        "un SIRET compte 14 chiffres : {value!r}",
        "a SIRET has 14 digits, got {value!r}",
    ),
    "siret.check": (
        "SIRET {value} invalide (la clé de contrôle ne correspond pas)",
        "SIRET {value} fails its check digit",
    ),
    "siren.digits": (
        "un SIREN compte 9 chiffres : {value!r}",
        "a SIREN has 9 digits, got {value!r}",
    ),
    "siren.check": (
        "SIREN {value} invalide (la clé de contrôle ne correspond pas)",
        "SIREN {value} fails its check digit",
    ),
    "be_enterprise.digits": (
        "un numéro d'entreprise belge compte 10 chiffres : {value!r}",
        "a Belgian enterprise number has 10 digits, got {value!r}",
    ),
    "be_enterprise.check": (
        "numéro d'entreprise {value} invalide (contrôle modulo 97)",
        "enterprise number {value} fails its mod-97 check",
    ),
    "be_establishment.digits": (
        "un numéro d'établissement compte 10 chiffres, le premier de 2 à 8 : {value!r}",
        "an establishment number has 10 digits from 2–8: {value!r}",
    ),
    # codes and closed lists
    "enum.unknown": (
        "valeur inconnue {value!r} (valeurs possibles : {allowed})",
        "unknown value {value!r} (allowed: {allowed})",
    ),
    "priority.range": (
        "un entier de 0 à 3 est attendu, pas {value!r}",
        "an integer from 0 to 3, got {value!r}",
    ),
    "integer.range": (
        "un entier de {low} à {high} est attendu, pas {value!r}",
        "an integer from {low} to {high}, got {value!r}",
    ),
    "number.decimal": (
        "un nombre décimal est attendu, pas {value!r}",
        "a decimal number, got {value!r}",
    ),
    "number.range": (
        "doit être compris entre -{bound} et {bound} ({value} saisi)",
        "must lie between -{bound} and {bound}, got {value}",
    ),
    "number.between": (
        "{value} n'est pas compris entre {low} et {high}",
        "{value} is not between {low} and {high}",
    ),
    "integer.invalid": (
        "un nombre entier est attendu, pas {value!r}",
        "a whole number expected, got {value!r}",
    ),
    "choice.unknown": (
        "{value!r} n'est pas l'une des valeurs : {allowed}",
        "{value!r} is not one of {allowed}",
    ),
    "text.longer": ("plus de {max} caractères", "longer than {max} characters"),
    "postal_code.invalid": ("code postal invalide : {value!r}", "not a postal code: {value!r}"),
    "number.expected": ("un nombre est attendu, pas {type}", "expected a number, got {type}"),
    "postal_code.fr": (
        "un code postal français compte 5 chiffres : {value!r}",
        "a French postal code has 5 digits: {value!r}",
    ),
    "postal_code.be": (
        "un code postal belge compte 4 chiffres : {value!r}",
        "a Belgian postal code has 4 digits: {value!r}",
    ),
    "insee.invalid": (
        "un code commune INSEE compte 5 caractères : {value!r}",
        "an INSEE commune code has 5 characters: {value!r}",
    ),
    "departement.invalid": (
        "code de département invalide : {value!r}",
        "not a department code: {value!r}",
    ),
    "country.invalid": ("FR ou BE est attendu, pas {value!r}", "FR or BE, got {value!r}"),
    "naf.invalid": (
        "un code NAF rév. 2 s'écrit comme 29.10Z, pas {value!r}",
        "a NAF rev. 2 code looks like 29.10Z, got {value!r}",
    ),
    "workforce.invalid": (
        "une tranche d'effectif INSEE est attendue ({allowed})",
        "an INSEE workforce band ({allowed})",
    ),
    "bool.invalid": ("oui ou non est attendu, pas {value!r}", "yes/no expected, got {value!r}"),
    "bool.expected": (
        "vrai ou faux est attendu, pas {type}",
        "expected true or false, got {type}",
    ),
    "date.invalid": (
        "une date AAAA-MM-JJ est attendue, pas {value!r}",
        "a date as YYYY-MM-DD, got {value!r}",
    ),
    "date.expected": ("une date est attendue, pas {type}", "expected a date, got {type}"),
    "date.future": ("le {value} est dans le futur", "{value} is in the future"),
    "time.invalid": (
        "une heure HH:MM est attendue, pas {value!r}",
        "a time as HH:MM, got {value!r}",
    ),
    # lists
    "tags.object": ("une liste d'étiquettes, pas un objet", "a list of tags, not an object"),
    "tags.type": ("chaque étiquette est du texte, pas {type}", "each tag is text, got {type}"),
    "tags.too_long": (
        "une étiquette compte {max} caractères au plus : {value!r}",
        "a tag has at most {max} characters: {value!r}",
    ),
    "tags.too_many": (
        "{max} étiquettes au plus ({given} saisies)",
        "at most {max} tags ({given} given)",
    ),
    "list.expected": ("une liste est attendue, pas {type}", "expected a list, got {type}"),
    "list.too_long": (
        "{max} éléments au plus ({given} donnés)",
        "at most {max} items ({given} given)",
    ),
    # opening hours and working days
    "hours.json": ("JSON invalide : {detail}", "invalid JSON: {detail}"),
    "hours.no_interval": (
        "aucun créneau d'ouverture après {value!r}",
        "no opening interval after {value!r}",
    ),
    "hours.weekday": (
        "les jours vont de 1 (lundi) à 7, pas {value!r}",
        "weekdays are 1 (Monday) to 7, got {value!r}",
    ),
    "hours.interval": (
        "un créneau s'écrit comme 08:30-12:00, pas {value!r}",
        "an interval looks like 08:30-12:00, got {value!r}",
    ),
    "hours.day_list": (
        "jour {value} : une liste de créneaux [début, fin] est attendue",
        "day {value}: a list of [start, end] intervals",
    ),
    "hours.object": (
        "un objet jour → créneaux est attendu",
        "expected an object of weekday → intervals",
    ),
    "days.list": (
        "une liste de 7 jours de la semaine au plus",
        "a list of at most 7 ISO weekdays",
    ),
    "days.twice": ("un jour de la semaine apparaît deux fois", "a weekday appears twice"),
    "language.invalid": (
        "un code de langue à deux lettres est attendu, pas {value!r}",
        "a two-letter language code, got {value!r}",
    ),
    # contacts (GDPR)
    "consent.undated": (
        "un consentement doit être daté",
        "consent needs the date it was given",
    ),
    "source.detail": (
        "précisez l'origine des données (origine = autre)",
        "say where the data came from (source = other)",
    ),
    "objection.undated": ("une opposition doit être datée", "an objection needs its date"),
    "objection.not_objected": (
        "seulement si la personne s'est opposée",
        "set only when the person objected",
    ),
    # services
    "officer.ambiguous": (
        "plusieurs chargés de mission correspondent à {value!r}",
        "several officers match {value!r}",
    ),
    "officer.unknown": ("aucun chargé de mission {value!r}", "no officer {value!r}"),
    "siret.taken": (
        "le SIRET {value} appartient déjà à {other}",
        "SIRET {value} already belongs to {other}",
    ),
    "latlon.pair": ("latitude et longitude vont ensemble", "latitude and longitude go together"),
    "insee.unknown": (
        "aucune commune {value} dans les Hauts-de-France",
        "no commune {value} in Hauts-de-France",
    ),
    "contact.no_last_name": ("un contact doit avoir un nom", "a contact needs a last name"),
    # fields
    "field.read_only": ("champ en lecture seule", "read-only field"),
    "field.unknown": ("champ inconnu", "unknown field"),
    "lang.unsupported": (
        "langue {value!r} non prise en charge (fr ou en)",
        "unsupported language {value!r} (expected 'fr' or 'en')",
    ),
    # rows of an imported list
    "import.cell": (
        "colonne {column!r} ({field}) : {reason}",
        "column {column!r} ({field}): {reason}",
    ),
    "import.scientific": (
        "colonne {column!r} ({field}) : {value!r} est un nombre en notation scientifique, ses "
        "chiffres sont perdus ; mettez la colonne au format texte dans le tableur et exportez "
        "à nouveau",
        "column {column!r} ({field}): {value!r} is a number in scientific notation, its digits "
        "are lost; format the column as text in the spreadsheet and export again",
    ),
    # whole files
    "file.not_found": ("{path} : fichier introuvable", "{path}: file not found"),
    "file.not_a_file": ("{path} : ce n'est pas un fichier", "{path}: not a file"),
    "file.unreadable": ("{path} : lecture impossible ({detail})", "{path}: cannot read ({detail})"),
    "file.empty": ("{path} : fichier vide, {what} attendu", "{path}: empty file, expected {what}"),
    "file.binary": (
        "{path} : fichier binaire, {what} attendu",
        "{path}: binary file, expected {what}",
    ),
    "file.not_utf8": (
        "{path} : texte non UTF-8, {what} attendu",
        "{path}: not UTF-8 text, expected {what}",
    ),
    "sirene.no_siret": (
        "{path} : ce n'est pas {what} (pas de colonne « siret » dans l'en-tête)",
        "{path}: not {what} (no 'siret' column in the header)",
    ),
    "sirene.missing_columns": (
        "{path} : ce n'est pas {what}, colonnes manquantes : {columns}",
        "{path}: not {what}: missing columns {columns}",
    ),
    "sirene.geo_no_siret": (
        "{path} : ce n'est pas un fichier SIRENE géolocalisé (pas de colonne « siret »)",
        "{path}: not a geolocated SIRENE file (no 'siret' column)",
    ),
    "sirene.geo_no_xy": (
        "{path} : pas de colonnes x/y ni longitude/latitude",
        "{path}: no x/y or longitude/latitude columns",
    ),
    "sirene.geo_no_epsg": (
        "{path} : pas de colonne « epsg » : indiquez l'EPSG de x/y",
        "{path}: no 'epsg' column: state the EPSG of x/y",
    ),
}

# What a file was expected to be, for the ``{what}`` of file errors: the readers name it in
# English (it also ends other, English-only messages); French gets its own words here.
FILE_KINDS: Final[dict[str, str]] = {
    "a SIRENE StockEtablissement CSV": "un CSV SIRENE StockEtablissement",
    "a geolocated SIRENE file": "un fichier SIRENE géolocalisé",
    "a CSV list": "une liste CSV",
}


def file_kind(what: str, lang: str) -> str:
    if lang == "en":
        return what
    return FILE_KINDS.get(what, what)


def _shown(key: str, value: object, lang: str) -> object:
    if isinstance(value, BaseException):  # an inner error: its sentence, same language
        return reason(value, lang)
    if key == "field" and isinstance(value, str) and lang != "en":
        # French names the field; English keeps the code people map columns to.
        from hdf_field.domain.glossary import field_label

        return field_label(value, lang)
    if key == "what" and isinstance(value, str):
        return file_kind(value, lang)
    if (
        isinstance(value, int)
        and not isinstance(value, bool)
        and key not in ("value", "pos", "char")
    ):
        return number(value, lang)
    return value


def template_text(code: str, params: Mapping[str, object], lang: str) -> str:
    """The sentence for ``code`` in ``lang``; an unknown code (a newer peer's) shows itself
    with its parameters rather than failing while reporting a failure."""
    words = TEMPLATES.get(code)
    if words is None:
        details = ", ".join(f"{k}={v!r}" for k, v in params.items())
        return f"{code} ({details})" if details else code
    template = words[1] if lang == "en" else words[0]
    return template.format(**{k: _shown(k, v, lang) for k, v in params.items()})


def render(exc: BaseException, lang: str = "fr") -> str:
    """One line for a person: the field's name and the sentence, both in ``lang``.

    Errors without a code (older English-only ones) keep their English text, under a field
    name that is at least in the right language."""
    from hdf_field.domain.errors import ValidationError
    from hdf_field.domain.glossary import field_label

    code = getattr(exc, "code", None)
    if isinstance(exc, ValidationError):
        sentence = template_text(code, exc.params, lang) if code else exc.message
        return f"{field_label(exc.field, lang)}{_colon(lang)}{sentence}"
    if code:
        return template_text(code, getattr(exc, "params", {}), lang)
    return str(exc)


def reason(exc: BaseException, lang: str = "fr") -> str:
    """The sentence alone, without the field's name: for a form that shows the name itself."""
    from hdf_field.domain.errors import ValidationError

    code = getattr(exc, "code", None)
    if code:
        return template_text(code, getattr(exc, "params", {}), lang)
    if isinstance(exc, ValidationError):
        return exc.message
    return str(exc)


def _colon(lang: str) -> str:
    """French typography puts a (no-break) space before a colon."""
    return "\u00a0: " if lang == "fr" else ": "
