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
    # visit reports and the officer's profile (services/visits.py, services/officer_profile.py)
    "visit.naive_time": (
        "l'heure de la visite doit porter un fuseau horaire",
        "the visit time must be timezone-aware",
    ),
    "visit.future": (
        "une visite à venir se planifie, elle n'est pas encore faite : planifiez-la",
        "a visit in the future is planned, not done: plan it instead",
    ),
    "visit.unknown_needs": ("besoins inconnus : {needs}", "unknown needs: {needs}"),
    "visit.duration": (
        "une visite dure de {low} à {high} minutes",
        "a visit lasts between {low} and {high} minutes",
    ),
    "visit.follow_up_before": (
        "la date de relance précède la visite",
        "the follow-up date is before the visit",
    ),
    "visit.not_found": (
        "aucune visite {id} pour cette organisation",
        "no visit {id} for this organisation",
    ),
    "organisation.not_found": ("aucune organisation {id}", "no organisation {id}"),
    "officer.identity_missing": (
        "indiquez d'abord votre nom et votre e-mail dans les Paramètres",
        "set your name and e-mail in the settings first",
    ),
    "officer.email_needed": (
        "un e-mail est nécessaire pour retrouver votre fiche de chargé de mission",
        "an e-mail is needed to find your officer record",
    ),
    "commune.not_found": ("commune introuvable : {value!r}", "commune not found: {value!r}"),
    "hhmm.invalid": (
        "une heure HH:MM est attendue, pas {value!r}",
        "expected HH:MM, got {value!r}",
    ),
    "day.end_before_start": (
        "la journée doit finir après avoir commencé",
        "the day must end after it starts",
    ),
    "lunch.range": (
        "une pause déjeuner dure de {low} à {high} minutes",
        "a lunch break lasts {low} to {high} minutes",
    ),
    "early_departure.range": (
        "un départ anticipé se situe de 0 à {max} minutes avant le début de la journée",
        "an earlier departure is 0 to {max} minutes before the day starts",
    ),
    # planning inputs (planning/, services/planning.py)
    "solver.exact_limit": (
        "le solveur exact prend au plus {max} visites ({given} demandées)",
        "the exact solver takes at most {max} visits, got {given}",
    ),
    "solver.unknown": (
        "solveur inconnu {value!r} ; choisissez parmi {allowed}",
        "unknown solver {value!r}; choose among {allowed}",
    ),
    "solver.needs_package": (
        "le solveur {solver} a besoin du paquet Python {package!r}",
        "the {solver} solver needs the {package!r} package",
    ),
    "datetime.naive_moment": (
        "{value} n'a pas de fuseau horaire : indiquez-en un",
        "naive datetime {value}: give a time zone",
    ),
    "hours.pair": (
        "un créneau [ouverture, fermeture] est attendu, pas {value!r}",
        "expected [open, close], got {value!r}",
    ),
    "day.end_not_after": ("{end} n'est pas après {start}", "{end} is not after {start}"),
    "officer.no_home": (
        "le chargé de mission {email} n'a pas de coordonnées de domicile",
        "officer {email} has no home coordinates",
    ),
    "officer.not_found": (
        "chargé de mission {value!r} introuvable",
        "officer {value!r} not found",
    ),
    "integer.at_least": ("au moins {min}", "must be at least {min}"),
    "planning.no_officer": (
        "aucun chargé de mission actif avec des coordonnées de domicile à planifier",
        "no active officer with home coordinates to plan for",
    ),
    # what travels between a laptop and the registry (sync/records.py, sync/codec.py)
    "record.no_field": ("{entity} n'a pas de champ {name!r}", "{entity} has no field {name!r}"),
    "record.no_changeable_field": (
        "{entity} n'a pas de champ modifiable {name!r}",
        "{entity} has no field {name!r} that can be changed",
    ),
    "value.missing": ("valeur obligatoire", "may not be empty"),
    "value.blank": ("ne peut pas être vide ni ne contenir que des espaces", "may not be blank"),
    "entity.unknown": (
        "type d'enregistrement inconnu {value!r}",
        "unknown entity {value!r}",
    ),
    "wire.expected": ("attendu : {what} ; reçu : {type}", "expected {what}, got {type}"),
    "wire.expected_one_of": (
        "attendu : l'une des valeurs {allowed} ; reçu : {type}",
        "expected one of {allowed}, got {type}",
    ),
    "text.nul": ("contient un caractère NUL", "contains a NUL character"),
    "integer.out_of_range": ("entier hors limites", "integer out of range"),
    "number.not_finite": ("ce n'est pas un nombre fini", "not a finite number"),
    "number.beyond": ("au-delà de ±{limit}", "beyond ±{limit}"),
    "uuid.too_long": ("UUID invalide : trop long", "not a UUID: too long"),
    "uuid.invalid": ("UUID invalide : {value!r}", "not a UUID: {value!r}"),
    "date.iso": (
        "une date ISO (AAAA-MM-JJ) est attendue, pas {value!r}",
        "not an ISO date (YYYY-MM-DD): {value!r}",
    ),
    "datetime.iso": (
        "une date-heure ISO 8601 est attendue, pas {value!r}{more}",
        "not an ISO 8601 date-time: {value!r}{more}",
    ),
    "datetime.naive": (
        "une date-heure doit porter un fuseau horaire (UTC)",
        "date-times must carry a time zone (UTC)",
    ),
    "datetime.range": ("date-heure hors limites : {value!r}", "date-time out of range: {value!r}"),
    "json.not_carried": (
        "contient une valeur que JSON ne peut pas transporter (NaN ?)",
        "holds a value JSON cannot carry (NaN?)",
    ),
    "json.too_deep": ("imbriqué trop profondément", "nested too deeply"),
    "json.too_large": ("plus de {max} ko", "larger than {max} kB"),
    "json.fraction": (
        "contient un nombre à virgule (seuls les entiers sont admis ici)",
        "holds a fractional number (only whole numbers here)",
    ),
    "batch.twice": ("figure deux fois dans le lot", "appears twice in the batch"),
    "batch.erase_only": (
        "seul un contact s'efface, et sans autre modification",
        "only a contact is erased, with no changes",
    ),
    # the laptop's side of sync (sync/client.py, sync/service.py)
    "sync.failed": (
        "échec de la synchronisation ({kind}) : {error}",
        "sync failed ({kind}): {error}",
    ),
    "sync.no_server": ("aucune adresse de registre indiquée", "no registry address given"),
    "sync.network": ("registre injoignable ({detail})", "{detail}"),
    "sync.http": ("HTTP {status} : {error}", "HTTP {status}: {error}"),
    "sync.bad_answer": (
        "réponse inattendue de {path} : {where} : {detail}",
        "unexpected answer from {path}: {where}: {detail}",
    ),
    "sync.bad_health": (
        "réponse inattendue : /health n'est pas du JSON ou ne donne pas de numéro de protocole",
        "unexpected answer: /health is not JSON or names no protocol number",
    ),
    "sync.other_account": (
        "cette base appartient à {owner} sur {server}, pas au compte {other} : synchronisez "
        "avec le jeton de {owner}, ou lancez hdf-field sync --rebind pour la confier à "
        "{other} (ses enregistrements sont alors tirés à nouveau du registre)",
        "this database belongs to {owner} at {server}, not to account {other}: sync with "
        "{owner}'s token, or run hdf-field sync --rebind to make it {other}'s (its records "
        "are then pulled again)",
    ),
    "sync.other_registry": (
        "cette base appartient à {owner} sur {server}, pas au registre {other_server} : "
        "synchronisez avec le jeton de {owner}, ou lancez hdf-field sync --rebind pour la "
        "confier à {other} (ses enregistrements sont alors tirés à nouveau du registre)",
        "this database belongs to {owner} at {server}, not to registry {other_server}: sync "
        "with {owner}'s token, or run hdf-field sync --rebind to make it {other}'s (its "
        "records are then pulled again)",
    ),
    "conflict.none_open": (
        "aucun conflit ouvert sur {record}, champ {name}",
        "no open conflict on {record} field {name}",
    ),
    "record.not_here": (
        "aucun enregistrement {entity} {id} sur ce poste",
        "no {entity} {id} on this laptop",
    ),
    # the sync protocol's version (sync/protocol.py)
    "protocol.request_update_app": (
        "ce registre ne parle que le protocole de synchronisation {ours}, la requête le "
        "protocole {theirs} : mettez à jour l'application",
        "this registry speaks sync protocol {ours} only, the request protocol {theirs}: "
        "update the application",
    ),
    "protocol.request_update_registry": (
        "ce registre ne parle que le protocole de synchronisation {ours}, la requête le "
        "protocole {theirs} : le registre doit d'abord être mis à jour",
        "this registry speaks sync protocol {ours} only, the request protocol {theirs}: "
        "the registry must be updated first",
    ),
    "protocol.registry_update_app": (
        "le registre parle le protocole de synchronisation {theirs}, cette application le "
        "protocole {ours} : mettez à jour l'application",
        "the registry speaks sync protocol {theirs}, this application protocol {ours}: "
        "update the application",
    ),
    "protocol.registry_update_registry": (
        "le registre parle le protocole de synchronisation {theirs}, cette application le "
        "protocole {ours} : le registre doit être mis à jour (demandez au bureau)",
        "the registry speaks sync protocol {theirs}, this application protocol {ours}: "
        "the registry must be updated (ask the office)",
    ),
    "protocol.bundle_app_newer": (
        "paquet de synchronisation du protocole {theirs}, cette application parle le "
        "protocole {ours} : mettez à jour l'application ; rien n'a été appliqué",
        "sync bundle of protocol {theirs}, this application speaks protocol {ours}: "
        "update the application; nothing was applied",
    ),
    "protocol.bundle_app_older": (
        "paquet de synchronisation du protocole {theirs}, cette application parle le "
        "protocole {ours} : mettez à jour le registre qui l'a produit ; rien n'a été appliqué",
        "sync bundle of protocol {theirs}, this application speaks protocol {ours}: "
        "update the registry that made it; nothing was applied",
    ),
    "protocol.bundle_registry_newer": (
        "paquet de synchronisation du protocole {theirs}, ce registre parle le "
        "protocole {ours} : mettez à jour le registre ; rien n'a été appliqué",
        "sync bundle of protocol {theirs}, this registry speaks protocol {ours}: "
        "update the registry; nothing was applied",
    ),
    "protocol.bundle_registry_older": (
        "paquet de synchronisation du protocole {theirs}, ce registre parle le "
        "protocole {ours} : mettez à jour l'application qui l'a produit ; rien n'a été "
        "appliqué",
        "sync bundle of protocol {theirs}, this registry speaks protocol {ours}: "
        "update the application that made it; nothing was applied",
    ),
    "file.refused": ("{path} : {error}", "{path}: {error}"),
    # sync bundles, the files that carry sync where there is no network (sync/sealed.py,
    # sync/bundle.py, registry/bundles.py)
    "bundle.too_short": (
        "{path} : ce n'est pas un paquet de synchronisation (trop court)",
        "{path}: not a sync bundle (too short)",
    ),
    "bundle.unknown_format": (
        "{path} : ce n'est pas un paquet de synchronisation (format inconnu ; les paquets "
        "antérieurs à la version 1 ne sont plus acceptés, exportez à nouveau)",
        "{path}: not a sync bundle (unknown format; bundles made before version 1 are no "
        "longer accepted, export again)",
    ),
    "bundle.unknown_kind": (
        "{path} : ce n'est pas un paquet de synchronisation (type {kind} inconnu)",
        "{path}: not a sync bundle (unknown kind {kind})",
    ),
    "bundle.too_large": (
        "{path} : le paquet de synchronisation fait {size} octets, au-delà de la limite de "
        "{max} octets",
        "{path}: sync bundle of {size} bytes is over the limit of {max} bytes",
    ),
    "bundle.unreadable": (
        "{path} : lecture du paquet de synchronisation impossible ({detail})",
        "{path}: cannot read the sync bundle ({detail})",
    ),
    "bundle.cut_short": (
        "{path} : le paquet de synchronisation est tronqué (bloc {chunk})",
        "{path}: sync bundle is cut short (chunk {chunk})",
    ),
    "bundle.tampered": (
        "{path} : paquet de synchronisation refusé : il a été modifié, tronqué ou n'a pas été "
        "scellé pour ce compte (le bloc {chunk} sur {count} échoue à l'authentification)",
        "{path}: sync bundle refused: it was changed, cut short or not sealed for this "
        "account (chunk {chunk} of {count} fails authentication)",
    ),
    "bundle.payload_too_large": (
        "{path} : une fois décompressé, le paquet de synchronisation dépasse la limite de "
        "{max} octets ; refusé",
        "{path}: sync bundle decompresses to more than the limit of {max} bytes; refused",
    ),
    "bundle.payload_incomplete": (
        "{path} : le contenu du paquet de synchronisation est incomplet",
        "{path}: sync bundle payload is incomplete",
    ),
    "bundle.trailing_data": (
        "{path} : le contenu du paquet de synchronisation est suivi de données en trop",
        "{path}: sync bundle payload has trailing data",
    ),
    "bundle.not_gzip": (
        "{path} : le contenu du paquet de synchronisation n'est pas du gzip valide ({detail})",
        "{path}: sync bundle payload is not valid gzip ({detail})",
    ),
    "bundle.not_json": (
        "{path} : le contenu du paquet de synchronisation n'est pas du JSON valide ({detail})",
        "{path}: sync bundle payload is not valid JSON ({detail})",
    ),
    "bundle.field": ("{path} : {where} : {detail}", "{path}: {where}: {detail}"),
    "bundle.for_registry": (
        "{path} : ce paquet est destiné au registre, pas à un poste",
        "{path}: this bundle goes to the registry, not to a laptop",
    ),
    "bundle.for_laptop": (
        "{path} : c'est une réponse destinée à un poste, pas un paquet pour le registre",
        "{path}: this is a reply for a laptop, not a bundle for the registry",
    ),
    "bundle.other_laptop": (
        "{path} : cette réponse n'a pas été faite pour le compte du registre de ce poste "
        "(scellée avec un autre jeton) ; rien n'a été appliqué",
        "{path}: this reply was not made for this laptop's registry account (sealed with "
        "another token); nothing was applied",
    ),
    "bundle.older_reply": (
        "{path} : cette réponse est antérieure à la dernière synchronisation de ce poste "
        "(position {theirs} < {ours}) ; rien n'a été appliqué",
        "{path}: this reply is older than this laptop's last sync (feed position {theirs} < "
        "{ours}); nothing was applied",
    ),
    "bundle.no_token": (
        "ce poste n'a pas de jeton du registre : demandez-en un au bureau, puis donnez-le une "
        "fois avec --server URL --token JETON",
        "this laptop has no registry token: ask the office for one, then pass it once with "
        "--server URL --token TOKEN",
    ),
    "bundle.unknown_token": (
        "{path} : paquet de synchronisation refusé : scellé avec un jeton que ce registre ne "
        "connaît pas",
        "{path}: sync bundle refused: sealed with a token this registry does not know",
    ),
    "bundle.revoked_token": (
        "{path} : paquet de synchronisation refusé : scellé avec un jeton révoqué de "
        "{email} ; le poste a besoin d'un nouveau jeton",
        "{path}: sync bundle refused: sealed with a revoked token of {email}; the laptop "
        "needs a new token",
    ),
    "bundle.disabled_account": (
        "{path} : paquet de synchronisation refusé : le compte {email} est désactivé",
        "{path}: sync bundle refused: the account {email} is disabled",
    ),
    "bundle.old_token": (
        "{path} : paquet de synchronisation refusé : le jeton de {email} date d'avant le "
        "scellement des paquets ; créez-en un nouveau (hdf-field registry token create "
        "{email}), donnez-le au poste et exportez à nouveau",
        "{path}: sync bundle refused: the token of {email} was created before bundles were "
        "sealed; create a new one (hdf-field registry token create {email}), give it to the "
        "laptop and export again",
    ),
    "bundle.cluster_account": (
        "{path} : paquet de synchronisation refusé : {email} est un compte de pôle ; les pôles "
        "passent par le portail ou l'API des transmissions, pas par le protocole de "
        "synchronisation",
        "{path}: sync bundle refused: {email} is a cluster account; clusters use the portal "
        "or the referral API, not the sync protocol",
    ),
    "bundle.wrong_author": (
        "{path} : paquet de synchronisation refusé : il se dit de {author!r} mais a été "
        "scellé avec le jeton de {email}",
        "{path}: sync bundle refused: it names {author!r} as its author but was sealed with "
        "the token of {email}",
    ),
    "bundle.mutation_twice": (
        "{path} : mutations[{index}].mutation_id : figure deux fois",
        "{path}: mutations[{index}].mutation_id: appears twice",
    ),
    "bundle.refused": (
        "{path} : paquet de synchronisation refusé : {error}",
        "{path}: sync bundle refused: {error}",
    ),
    # the registry (registry/, hdf-field registry …)
    "auth.token_required": ("un jeton « bearer » est requis", "a bearer token is required"),
    "auth.wrong_login": ("e-mail ou mot de passe incorrect", "wrong e-mail or password"),
    "auth.unknown_token": ("jeton inconnu", "unknown token"),
    "auth.revoked_token": ("ce jeton a été révoqué", "this token was revoked"),
    "auth.disabled_account": ("ce compte est désactivé", "this account is disabled"),
    "auth.too_many_attempts": (
        "trop de tentatives de connexion ; patientez une minute",
        "too many login attempts; wait a minute",
    ),
    "password.too_short": ("{min} caractères au moins", "at least {min} characters"),
    "account.bad_email": (
        "ce n'est pas une adresse e-mail : {value!r}",
        "not an e-mail address: {value!r}",
    ),
    "account.exists": ("un compte {email} existe déjà", "an account {email} already exists"),
    "account.not_found": ("aucun compte {email}", "no account {email}"),
    "token.not_found": ("jeton introuvable", "no such token"),
    "cluster.account_only": (
        "seul un compte de pôle est rattaché à un pôle",
        "only a cluster account is bound to a cluster",
    ),
    "cluster.name_needed": (
        "un compte de pôle a besoin de --cluster NOM",
        "a cluster account needs --cluster NAME",
    ),
    "cluster.unknown": (
        "pôle inconnu {value!r} (pôles connus : {known})",
        "unknown cluster {value!r} (known: {known})",
    ),
    "cluster.accounts_only": (
        "l'API des transmissions et le portail sont réservés aux comptes de pôle",
        "the referral API and the portal are for cluster accounts",
    ),
    "registry.no_record": ("aucun enregistrement {entity} {id}", "no {entity} {id}"),
    "registry.out_of_scope": (
        "{entity} {id} est hors de votre périmètre",
        "{entity} {id} is outside your scope",
    ),
    "registry.no_conflict": ("aucun conflit {id}", "no conflict {id}"),
    "registry.conflict_not_yours": (
        "seul le chargé de mission concerné ou un responsable résout ce conflit",
        "only the officer concerned or a manager resolves this conflict",
    ),
    "registry.record_changed": (
        "l'enregistrement a changé entre-temps ; tirez les changements et réessayez",
        "the record changed meanwhile; pull and try again",
    ),
    "registry.no_contact": (
        "aucun contact d'identifiant {id} au registre",
        "no contact with id {id} at the registry",
    ),
    "registry.no_referral": ("aucune transmission {id}", "no referral {id}"),
    "registry.change_refused": (
        "le registre a refusé la modification",
        "the registry refused the change",
    ),
    # the registry's answer to one pushed change (registry/apply.py); the English is the
    # ``message`` every registry sent before codes, word for word
    "push.out_of_scope": ("hors de votre périmètre", "outside your scope"),
    "push.erased": (
        "personne effacée au registre : la modification a été abandonnée",
        "erased at the registry: the change was dropped",
    ),
    "push.erased_now": ("effacé", "erased"),
    "push.already_erased": ("déjà effacé", "already erased"),
    "push.integrity": ("refusée par le registre : {detail}", "refused by the registry: {detail}"),
    "push.incomplete": (
        "{entity} {id} inconnu du registre, et pas un nouvel enregistrement complet "
        "(manque : {missing})",
        "unknown {entity} {id} and not a complete new record (missing {missing})",
    ),
    "retention.range": (
        "entre 1 et {max}, pas {value}",
        "between 1 and {max}, not {value}",
    ),
    # the CLI's one-line prefixes (stderr); the message after them is already in ``lang``
    # Database failures a person can act on (storage/errors.py); {where} is " PATH" or "".
    "database.locked": (
        "un autre programme écrit dans la base{where} et n'a pas fini en {seconds}\u00a0s "
        "(un import ou une synchronisation\u00a0?)\u00a0: réessayez quand il aura fini",
        "another program is writing to the database{where} and did not finish within "
        "{seconds} s (an import or a sync?): try again when it has finished",
    ),
    "database.full": (
        "le disque de la base{where} est plein\u00a0: libérez de la place et réessayez (rien de "
        "ce qui était déjà enregistré n'est perdu)",
        "the disk holding the database{where} is full: free some space and try again "
        "(nothing already saved was lost)",
    ),
    "database.read_only": (
        "la base{where} est en lecture seule (droits du fichier ou du dossier, support en "
        "lecture seule, ou ouverte en lecture seule car abîmée)\u00a0: rien ne peut être "
        "enregistré",
        "the database{where} is read-only (file or folder permissions, read-only media, "
        "or opened read-only because it is damaged): nothing can be saved",
    ),
    "database.damaged": (
        "la base{where} est abîmée ({detail})\u00a0: restaurez une sauvegarde de la base, ou "
        "exportez vos changements en attente (hdf-field bundle export) et contactez "
        "l'assistance",
        "the database{where} is damaged ({detail}): restore a backup of the database, or "
        "export your pending changes (hdf-field bundle export) and contact support",
    ),
    "database.unreadable": (
        "la base{where} ne peut pas être ouverte ({detail})\u00a0: vérifiez que le fichier et "
        "son dossier existent et sont lisibles",
        "the database{where} cannot be opened ({detail}): check that the file and its "
        "folder exist and can be read",
    ),
    "database.opened_read_only": (
        "la base{where} est abîmée ({detail})\u00a0: elle est ouverte en lecture seule\u00a0; "
        "restaurez une sauvegarde de la base, ou exportez vos changements en attente "
        "(hdf-field bundle export) et contactez l'assistance",
        "the database{where} is damaged ({detail}): it is opened read-only; restore a backup "
        "of the database, or export your pending changes (hdf-field bundle export) and "
        "contact support",
    ),
    "database.wrong_key": (
        "la base{where} ne peut pas être déchiffrée avec la clé de ce poste (une base d'un "
        "autre poste ou utilisateur, une clé perdue, ou une base abîmée)\u00a0: restaurez une "
        "sauvegarde de la base, ou exportez vos changements en attente (hdf-field bundle "
        "export) et contactez l'assistance",
        "the database{where} cannot be decrypted with this laptop's key (a database from "
        "another laptop or user, a lost key, or damage): restore a backup of the database, "
        "or export your pending changes (hdf-field bundle export) and contact support",
    ),
    "cli.backup_of_damaged": (
        "{damage}\u00a0; une sauvegarde de cette base ne serait pas fiable",
        "{damage}; a backup of it would not be a good one",
    ),
    # Encrypted exports of a person's data (cli/protected_export.py, services/protected_files.py).
    "cli.protection_needs_pdf": (
        "--plain, --passphrase-file et --show-passphrase vont avec --pdf SORTIE",
        "--plain, --passphrase-file and --show-passphrase go with --pdf OUT",
    ),
    "cli.show_passphrase_needs_json": (
        "--show-passphrase ajoute seulement la phrase de passe à la sortie --json",
        "--show-passphrase only adds the passphrase to the --json output",
    ),
    "cli.cannot_write": (
        "{path}\u00a0: écriture impossible ({detail})",
        "{path}: cannot write ({detail})",
    ),
    "cli.export_not_encrypted": (
        "{path} n'est PAS chiffré et contient les données d'une personne\u00a0: remettez-le en "
        "main propre, jamais par e-mail, et supprimez-le ensuite",
        "{path} is NOT encrypted and holds a person's data: hand it over directly, never by "
        "e-mail, and delete it afterwards",
    ),
    "cli.passphrase_notice": (
        "Phrase de passe de {path} (affichée une seule fois, à transmettre par un autre canal "
        "que le fichier)\u00a0: {passphrase}",
        "Passphrase of {path} (shown once only; send it by another channel than the "
        "file): {passphrase}",
    ),
    "cli.plain_export_written": (
        "PDF écrit (NON chiffré)\u00a0: {path}",
        "PDF written (NOT encrypted): {path}",
    ),
    "cli.encrypted_export_written": (
        "Export chiffré (AES-256) écrit\u00a0: {path} ({members})",
        "Encrypted export (AES-256) written: {path} ({members})",
    ),
    "passphrase.empty": (
        "{where}\u00a0: la phrase de passe est vide",
        "{where}: the passphrase is empty",
    ),
    "passphrase.too_short": (
        "{where}\u00a0: la phrase de passe compte {length} caractères\u00a0; il en faut au moins "
        "{min} (ou laissez l'export en créer une)",
        "{where}: the passphrase has {length} characters; at least {min} are needed (or let "
        "the export generate one)",
    ),
    "passphrase.too_long": (
        "{where}\u00a0: la phrase de passe dépasse {max} octets",
        "{where}: the passphrase is longer than {max} bytes",
    ),
    "passphrase.unreadable": (
        "{path}\u00a0: lecture de la phrase de passe impossible ({detail})",
        "{path}: cannot read the passphrase ({detail})",
    ),
    "passphrase.not_utf8": (
        "{path}\u00a0: la phrase de passe n'est pas du texte UTF-8",
        "{path}: the passphrase is not UTF-8 text",
    ),
    "cli.error": ("hdf-field\u00a0: erreur\u00a0: {message}", "hdf-field: error: {message}"),
    "cli.warning": (
        "hdf-field\u00a0: attention\u00a0: {message}",
        "hdf-field: warning: {message}",
    ),
    "cli.interrupted": ("interrompu", "interrupted"),
    "cli.registry_url": (
        "--db URL est requis (postgresql+psycopg://… ou un chemin SQLite)",
        "--db URL is required (postgresql+psycopg://... or a SQLite path)",
    ),
    "cli.cert_pair": (
        "--certfile et --keyfile vont ensemble",
        "--certfile and --keyfile go together",
    ),
    "cli.not_contact_id": (
        "{value!r} n'est pas un identifiant de contact",
        "{value!r} is not a contact id",
    ),
    "cli.confirm_erasure": (
        "l'effacement est définitif : relancez avec --yes pour confirmer",
        "erasure cannot be undone: run again with --yes to confirm",
    ),
    "cli.confirm_apply": (
        "--apply efface pour de bon chaque contact listé : ajoutez --yes pour confirmer",
        "--apply erases every contact listed, for good: add --yes to confirm",
    ),
    "cli.server_needed": (
        "--server URL est requis pour la première synchronisation",
        "--server URL is required for the first sync",
    ),
    "cli.first_token": (
        "cette base n'a jamais été synchronisée : donnez --token pour {server} (le compte de "
        "sa première synchronisation en devient le propriétaire)",
        "this database has never synced: pass --token for {server} (the account of its "
        "first sync becomes its owner)",
    ),
    "cli.no_token": (
        "aucun jeton pour {email} sur {server} : donnez --token (demandez-en un au bureau)",
        "no token for {email} at {server}: pass --token (ask the office for one)",
    ),
    "cli.not_record_id": (
        "{value!r} n'est pas un identifiant d'enregistrement",
        "not a record id: {value!r}",
    ),
    "cli.weeks_range": (
        "--weeks va de {low} à {high}",
        "--weeks must be between {low} and {high}",
    ),
    "cli.no_pdf": (
        "les plans de tournée en PDF ne sont pas disponibles dans cette version "
        "(hdf_field.reports.day_sheet : {detail})",
        "PDF route plans are not available in this build (hdf_field.reports.day_sheet: {detail})",
    ),
    "cli.trusted_proxy": (
        "--trusted-proxy : ce n'est pas une adresse IP : {value!r}",
        "--trusted-proxy: not an IP address: {value!r}",
    ),
    # KBO/BCE import and archive reading (imports/kbo.py, imports/archives.py,
    # imports/reading.py)
    "kbo.date": (
        "une date JJ-MM-AAAA est attendue, pas {value!r}",
        "not a DD-MM-YYYY date: {value!r}",
    ),
    "kbo.establishment": (
        "numéro d'établissement mal formé : {value!r}",
        "malformed {value!r}",
    ),
    "kbo.source_missing": ("{path} : introuvable", "{path}: not found"),
    "kbo.not_folder": (
        "{path} : ce n'est pas un dossier KBO/BCE, il manque {missing}",
        "{path}: not a KBO folder, missing {missing}",
    ),
    "kbo.not_archive": (
        "{path} : ce n'est pas une archive KBO/BCE, il manque {missing}",
        "{path}: not a KBO archive, missing {missing}",
    ),
    "kbo.missing_columns": (
        "{path} : ce n'est pas un fichier KBO/BCE {name}, il manque {missing}",
        "{path}: not a KBO {name}, missing {missing}",
    ),
    "kbo.postcode": (
        "ce n'est pas un code postal ni une plage : {value!r}",
        "not a postal code or range: {value!r}",
    ),
    "kbo.postcode_range": (
        "ce n'est pas une plage de codes postaux belges : {value!r}",
        "not a Belgian postal code range: {value!r}",
    ),
    "kbo.no_postcode": ("aucun code postal donné", "no postal code given"),
    "archive.unreadable": (
        "{path} : lecture impossible ({detail})",
        "{path}: cannot read ({detail})",
    ),
    "archive.directory_too_large": (
        "{path} : répertoire zip de {size} octets, au-delà des {max} permis pour {what}",
        "{path}: zip directory of {size} bytes, more than the {max} allowed for {what}",
    ),
    "archive.too_many_entries": (
        "{path} : archive zip de {count} entrées, au-delà des {max} permises pour {what}",
        "{path}: zip archive with {count} entries, more than the {max} allowed for {what}",
    ),
    "archive.not_zip": ("{path} : {what} ({detail})", "{path}: {what} ({detail})"),
    "archive.not_readable_zip": (
        "{path} : ce n'est pas une archive zip lisible, on attendait {what} ({detail})",
        "{path}: not a readable zip archive, expected {what} ({detail})",
    ),
    "archive.member_too_large": (
        "{path} : le membre {member} se décompresse en {size} octets, au-delà des {max} permis",
        "{path}: member {member} inflates to {size} bytes, more than the {max} allowed",
    ),
    "archive.ratio": (
        "{path} : le membre {member} a un taux de compression de {ratio}:1, au-delà des "
        "{max}:1 permis (une bombe zip ?)",
        "{path}: member {member} has a compression ratio of {ratio}:1, more than the "
        "{max}:1 allowed (a zip bomb?)",
    ),
    "archive.damaged_member": (
        "{path} : membre zip endommagé ({detail})",
        "{path}: damaged zip member ({detail})",
    ),
    "archive.inflates_over": (
        "{path} : se décompresse au-delà des {max} octets permis",
        "{path}: inflates to more than the {max} bytes allowed",
    ),
    "archive.unreadable_member": (
        "{path} : membre zip illisible ({detail})",
        "{path}: unreadable zip member ({detail})",
    ),
    "archive.huge_cell": (
        "{path} : contient une valeur de plus de {max} octets (une cellule trop grande pour "
        "être lue)",
        "{path}: holds a value of more than {max} bytes (a cell too large to read)",
    ),
    "archive.one_csv": (
        "{path} : un zip contenant exactement un fichier CSV était attendu, {what} (trouvé : "
        "{found})",
        "{path}: a zip holding exactly one CSV file was expected, {what} (found: {found})",
    ),
    "archive.no_member": (
        "{path} : pas de {member} dans l'archive",
        "{path}: no {member} in the archive",
    ),
    "file.long_header": (
        "{path} : ligne d'en-tête de plus de {max} caractères, on attendait {what}",
        "{path}: header line longer than {max} characters, expected {what}",
    ),
    "file.changed": (
        "{path} : le fichier a changé pendant sa lecture",
        "{path}: the file changed while it was read",
    ),
    "file.not_utf8_near": (
        "{path} : texte non UTF-8 vers la ligne {line}",
        "{path}: not UTF-8 text near line {line}",
    ),
    "xlsx.unreadable": (
        "{path} : ce n'est pas un classeur XLSX lisible ({detail})",
        "{path}: not a readable XLSX workbook ({detail})",
    ),
    "xlsx.empty": (
        "{path} : classeur vide, on attendait {what}",
        "{path}: empty workbook, expected {what}",
    ),
    "xlsx.too_large": (
        "{path} : le classeur se décompresse en {size} octets, au-delà des {max} permis",
        "{path}: workbook inflates to {size} bytes, more than the {max} allowed",
    ),
    "xlsx.bad_sheet": (
        "{path} : feuille illisible après la ligne {row} ({detail})",
        "{path}: unreadable sheet after row {row} ({detail})",
    ),
}

# What a file was expected to be, for the ``{what}`` of file errors: the readers name it in
# English (it also ends other, English-only messages); French gets its own words here.
FILE_KINDS: Final[dict[str, str]] = {
    "a SIRENE StockEtablissement CSV": "un CSV SIRENE StockEtablissement",
    "a geolocated SIRENE file": "un fichier SIRENE géolocalisé",
    "a CSV list": "une liste CSV",
    "a KBO archive": "une archive KBO/BCE",
    "a header row": "une ligne d'en-tête",
    "neither a KBO folder nor a zip": "ni un dossier KBO/BCE ni une archive zip",
    "not a readable XLSX workbook": "ce n'est pas un classeur XLSX lisible",
    # what a synced value should have been (sync/codec.py)
    "a string": "du texte",
    "an integer": "un entier",
    "a number": "un nombre",
    "true or false": "vrai ou faux",
    "a UUID string": "un UUID (texte)",
    "an ISO date": "une date ISO",
    "an ISO 8601 date-time": "une date-heure ISO 8601",
    "a list or an object": "une liste ou un objet",
}


def file_kind(what: str, lang: str) -> str:
    if lang == "en":
        return what
    return FILE_KINDS.get(what, what)


def _shown(key: str, value: object, lang: str) -> object:
    if isinstance(value, BaseException):  # an inner error: its sentence, same language
        # ``error`` keeps the inner error's field name (a refusal relayed whole, e.g. the
        # registry's); ``reason`` is the sentence alone, its field named by the template.
        return render(value, lang) if key == "error" else reason(value, lang)
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
