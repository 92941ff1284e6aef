<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="fr_FR">
<context>
    <name>BackupsBox</name>
    <message>
        <source>%1 Mo</source>
        <translation>%1 MB</translation>
    </message>
    <message>
        <source>%1 ko</source>
        <translation>%1 kB</translation>
    </message>
    <message>
        <source>Dossier : %1</source>
        <translation>Folder: %1</translation>
    </message>
    <message>
        <source>Chiffrement : désactivé</source>
        <translation>Encryption: off</translation>
    </message>
    <message>
        <source>Chiffrement : activé — clé dans le trousseau du système</source>
        <translation>Encryption: on — key in the system keyring</translation>
    </message>
    <message>
        <source>Chiffrement : activé — clé dans un fichier</source>
        <translation>Encryption: on — key in a file</translation>
    </message>
    <message>
        <source>Chiffrement : activé</source>
        <translation>Encryption: on</translation>
    </message>
    <message>
        <source>Les données de cet ordinateur ne sont pas chiffrées sur le disque.</source>
        <translation>This computer&apos;s data is not encrypted on disk.</translation>
    </message>
    <message>
        <source>Aucun trousseau système disponible : la clé de la base est dans un fichier lisible par vous seul. Quiconque lit vos fichiers peut lire la base. Gardez une copie de ce fichier en lieu sûr : sans lui, la base et ses sauvegardes sont illisibles.</source>
        <translation>No system keyring is available: the database key is in a file only you can read. Anyone who can read your files can read the database. Keep a copy of that file somewhere safe: without it, the database and its backups cannot be read.</translation>
    </message>
    <message>
        <source>manuelle</source>
        <translation>manual</translation>
    </message>
    <message>
        <source>quotidienne</source>
        <translation>daily</translation>
    </message>
    <message>
        <source>avant mise à jour</source>
        <translation>before update</translation>
    </message>
    <message>
        <source>avant restauration</source>
        <translation>before restore</translation>
    </message>
    <message>
        <source>base endommagée</source>
        <translation>damaged database</translation>
    </message>
    <message>
        <source>Sauvegarde en cours…</source>
        <translation>Backing up…</translation>
    </message>
    <message>
        <source>Sauvegarde créée : %1</source>
        <translation>Backup created: %1</translation>
    </message>
    <message>
        <source>Remettre la base dans l&apos;état de la sauvegarde du %1 ?

Les modifications faites depuis et pas encore synchronisées seront retirées de la base (la base actuelle est d&apos;abord gardée parmi les sauvegardes). La prochaine synchronisation renverra et recevra ce qui manque.</source>
        <translation>Put the database back as it was in the backup of %1?

Changes made since then and not yet synchronised will be taken out of the database (the current database is first kept among the backups). The next synchronisation sends and receives what is missing.</translation>
    </message>
    <message>
        <source>Restauration en cours…</source>
        <translation>Restoring…</translation>
    </message>
    <message>
        <source>Sauvegarde du %1 remise en place.</source>
        <translation>Backup of %1 restored.</translation>
    </message>
    <message>
        <source>Échec : %1</source>
        <translation>Failed: %1</translation>
    </message>
    <message>
        <source>Sauvegardes</source>
        <translation>Backups</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>Motif</source>
        <translation>Reason</translation>
    </message>
    <message>
        <source>Taille</source>
        <translation>Size</translation>
    </message>
    <message>
        <source>&amp;Sauvegarder maintenant</source>
        <translation>&amp;Back up now</translation>
    </message>
    <message>
        <source>Rest&amp;aurer…</source>
        <translation>Rest&amp;ore…</translation>
    </message>
</context>
<context>
    <name>CampaignModels</name>
    <message>
        <source>Non renseigné</source>
        <translation>Not given</translation>
    </message>
    <message>
        <source>Belgique</source>
        <translation>Belgium</translation>
    </message>
    <message>
        <source>Rendez-vous</source>
        <translation>Appointment</translation>
    </message>
    <message>
        <source>Pourquoi il est hors plan</source>
        <translation>Why it is out of the plan</translation>
    </message>
</context>
<context>
    <name>CampaignView</name>
    <message>
        <source>Campagne à planifier</source>
        <translation>Campaign to plan</translation>
    </message>
    <message>
        <source>&amp;Début</source>
        <translation>Start &amp;date</translation>
    </message>
    <message>
        <source>Premier jour de la campagne (un lundi en général)</source>
        <translation>First day of the campaign (usually a Monday)</translation>
    </message>
    <message>
        <source>Se&amp;maines</source>
        <translation>&amp;Weeks</translation>
    </message>
    <message>
        <source>&amp;Politique</source>
        <translation>&amp;Policy</translation>
    </message>
    <message>
        <source>Valeur</source>
        <translation>Value</translation>
    </message>
    <message>
        <source>Compacte</source>
        <translation>Compact</translation>
    </message>
    <message>
        <source>Tous</source>
        <translation>All</translation>
    </message>
    <message>
        <source>Aucun</source>
        <translation>None</translation>
    </message>
    <message>
        <source>Pla&amp;nifier</source>
        <translation>Pla&amp;n</translation>
    </message>
    <message>
        <source>Couverture : aujourd&apos;hui, puis après la campagne</source>
        <translation>Coverage: today, then after the campaign</translation>
    </message>
    <message>
        <source>Par département</source>
        <translation>By department</translation>
    </message>
    <message>
        <source>Par zone historique</source>
        <translation>By historical area</translation>
    </message>
    <message>
        <source>Par type d&apos;organisation</source>
        <translation>By kind of organisation</translation>
    </message>
    <message>
        <source>&amp;Enregistrer la campagne</source>
        <translation>&amp;Save the campaign</translation>
    </message>
    <message>
        <source>Exporter les tournées (PDF)…</source>
        <translation>Export the route plans (PDF)…</translation>
    </message>
    <message>
        <source>Exporter .ics…</source>
        <translation>Export .ics…</translation>
    </message>
    <message>
        <source>Valeur : le plus de prospects prioritaires, quitte à rouler davantage.</source>
        <translation>Value: the most high-priority prospects, even if it means more driving.</translation>
    </message>
    <message>
        <source>Compacte : des journées serrées autour du domicile, environ un quart de route en moins.</source>
        <translation>Compact: tight days around home, about a quarter less driving.</translation>
    </message>
    <message>
        <source>Planification de la campagne</source>
        <translation>Planning the campaign</translation>
    </message>
    <message>
        <source>Vérification des changements…</source>
        <translation>Checking the changes…</translation>
    </message>
    <message>
        <source>Enregistrer la campagne</source>
        <translation>Save the campaign</translation>
    </message>
    <message>
        <source>Campagne non enregistrée.</source>
        <translation>Campaign not saved.</translation>
    </message>
    <message>
        <source>%n rendez-vous fixe hors plan.</source>
        <translation>%n fixed appointment left out of the plan.</translation>
    </message>
    <message>
        <source>%n rendez-vous fixes hors plan.</source>
        <translation>%n fixed appointments left out of the plan.</translation>
    </message>
    <message>
        <source>Campagne enregistrée : {created}, {moved}, {removed}.</source>
        <translation>Campaign saved: {created}, {moved}, {removed}.</translation>
    </message>
    <message>
        <source>%n fichier écrit dans {folder}</source>
        <translation>%n file written to {folder}</translation>
    </message>
    <message>
        <source>%n fichiers écrits dans {folder}</source>
        <translation>%n files written to {folder}</translation>
    </message>
    <message>
        <source>Campagne planifiée : paramètres inchangés.</source>
        <translation>Campaign planned: settings unchanged.</translation>
    </message>
    <message>
        <source>Paramètres modifiés : la campagne affichée ne leur correspond plus. Relancez « Planifier » avant d&apos;enregistrer ou d&apos;exporter.</source>
        <translation>Settings changed: the campaign shown no longer matches them. Run “Plan” again before saving or exporting.</translation>
    </message>
    <message numerus="yes">
        <source>Rendez-vous fixes hors plan (%n)</source>
        <translation>
            <numerusform>Fixed appointment out of the plan (%n)</numerusform>
            <numerusform>Fixed appointments out of the plan (%n)</numerusform>
        </translation>
    </message>
    <message>
        <source>Tous les rendez-vous fixes sont dans le plan.</source>
        <translation>Every fixed appointment is in the plan.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Du {a} au {b}&lt;/b&gt; · {visits} sur {days} · valeur {value} · {km} km · {drive} de route · calcul {secs} s</source>
        <translation>&lt;b&gt;From {a} to {b}&lt;/b&gt; · {visits} over {days} · value {value} · {km} km · {drive} driving · computed in {secs} s</translation>
    </message>
    <message>
        <source>%n visite</source>
        <translation>%n visit</translation>
    </message>
    <message>
        <source>%n visites</source>
        <translation>%n visits</translation>
    </message>
    <message>
        <source>%n journée</source>
        <translation>%n day</translation>
    </message>
    <message>
        <source>%n journées</source>
        <translation>%n days</translation>
    </message>
    <message>
        <source>Plan de référence (plus proche voisin) : {visits} · valeur {value} · {km} km · {drive} de route</source>
        <translation>Baseline plan (nearest neighbour): {visits} · value {value} · {km} km · {drive} driving</translation>
    </message>
    <message>
        <source>Relancez « Planifier » : les paramètres ont changé.</source>
        <translation>Run “Plan” again: the settings have changed.</translation>
    </message>
    <message>
        <source>Enregistrement…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <source>planification des journées</source>
        <translation>planning the days</translation>
    </message>
    <message>
        <source>calcul du plan de référence</source>
        <translation>computing the baseline plan</translation>
    </message>
    <message>
        <source>Chargés de mission</source>
        <translation>Field officers</translation>
    </message>
    <message>
        <source>Répartir les prospects entre les chargés de mission cochés et construire chaque journée ; les rendez-vous fixes restent à leur place</source>
        <translation>Share the prospects among the ticked field officers and build each day; fixed appointments stay where they are</translation>
    </message>
    <message>
        <source>Par chargé de mission</source>
        <translation>Per field officer</translation>
    </message>
    <message>
        <source>Choisissez le début, le nombre de semaines, la politique et les chargés de mission, puis « Planifier ». Rien n&apos;est enregistré avant « Enregistrer la campagne ».</source>
        <translation>Choose the start, the number of weeks, the policy and the field officers, then “Plan”. Nothing is saved before “Save the campaign”.</translation>
    </message>
    <message>
        <source>Cochez au moins un chargé de mission.</source>
        <translation>Tick at least one field officer.</translation>
    </message>
    <message>
        <source>Enregistrer la campagne ?

{created}, {moved}, {removed} de l&apos;agenda ; {fixed}.</source>
        <translation>Save the campaign?

{created}, {moved}, {removed} from the diary; {fixed}.</translation>
    </message>
    <message>
        <source>%n visite créée</source>
        <translation>%n visit created</translation>
    </message>
    <message>
        <source>%n visites créées</source>
        <translation>%n visits created</translation>
    </message>
    <message>
        <source>%n déplacée</source>
        <translation>%n moved</translation>
    </message>
    <message>
        <source>%n déplacées</source>
        <translation>%n moved</translation>
    </message>
    <message>
        <source>%n retirée</source>
        <translation>%n removed</translation>
    </message>
    <message>
        <source>%n retirées</source>
        <translation>%n removed</translation>
    </message>
    <message>
        <source>%n rendez-vous fixe inchangé</source>
        <translation>%n fixed appointment unchanged</translation>
    </message>
    <message>
        <source>%n rendez-vous fixes inchangés</source>
        <translation>%n fixed appointments unchanged</translation>
    </message>
    <message>
        <source>Dossier des tournées</source>
        <translation>Folder for the route plans</translation>
    </message>
    <message>
        <source>écriture des fichiers</source>
        <translation>writing the files</translation>
    </message>
    <message>
        <source>Tournées de la campagne (PDF)</source>
        <translation>Campaign route plans (PDF)</translation>
    </message>
    <message>
        <source>Exporter le calendrier de la campagne</source>
        <translation>Export the campaign calendar</translation>
    </message>
    <message>
        <source>Calendrier iCalendar (*.ics)</source>
        <translation>iCalendar file (*.ics)</translation>
    </message>
    <message>
        <source>Calendrier de la campagne</source>
        <translation>Campaign calendar</translation>
    </message>
    <message>
        <source>Campagne planifiée : rien n&apos;est enregistré tant que vous ne l&apos;enregistrez pas.</source>
        <translation>Campaign planned: nothing is saved until you save it.</translation>
    </message>
    <message>
        <source>Planification annulée : rien n&apos;a changé.</source>
        <translation>Planning cancelled: nothing changed.</translation>
    </message>
    <message>
        <source>Export annulé : aucun fichier écrit.</source>
        <translation>Export cancelled: no file written.</translation>
    </message>
    <message>
        <source>Erreur : {error}</source>
        <translation>Error: {error}</translation>
    </message>
</context>
<context>
    <name>ChaseModel</name>
    <message>
        <source>Organisation</source>
        <translation>Organisation</translation>
    </message>
    <message>
        <source>Pôle</source>
        <translation>Cluster</translation>
    </message>
    <message>
        <source>Chargé de mission</source>
        <translation>Field officer</translation>
    </message>
    <message>
        <source>Envoyée le</source>
        <translation>Sent on</translation>
    </message>
    <message>
        <source>Jours d&apos;attente</source>
        <translation>Days waiting</translation>
    </message>
</context>
<context>
    <name>ClusterReferralsModel</name>
    <message>
        <source>Transmise</source>
        <translation>Sent</translation>
    </message>
    <message>
        <source>Prise en compte</source>
        <translation>Acknowledged</translation>
    </message>
    <message>
        <source>RDV prévu</source>
        <translation>Meeting</translation>
    </message>
    <message>
        <source>Adhérent</source>
        <translation>Member</translation>
    </message>
    <message>
        <source>Déclinée</source>
        <translation>Declined</translation>
    </message>
    <message>
        <source>Pôle</source>
        <translation>Cluster</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>Conversion</source>
        <translation>Conversion</translation>
    </message>
    <message>
        <source>Délai médian</source>
        <translation>Median delay</translation>
    </message>
    <message>
        <source>À relancer</source>
        <translation>To chase</translation>
    </message>
    <message>
        <source>Adhérents ÷ transmissions tranchées (adhérent ou déclinée) ; les transmissions en cours n&apos;y entrent pas</source>
        <translation>Members ÷ decided referrals (member or declined); referrals still in progress are left out</translation>
    </message>
    <message>
        <source>Jours entre l&apos;envoi et la première réponse du pôle (premier changement de statut ou premier commentaire), médiane des transmissions qui ont une réponse</source>
        <translation>Days from sending to the cluster&apos;s first answer (first status change or first comment), median of the answered referrals</translation>
    </message>
    <message>
        <source>Transmissions sans aucune réponse depuis plus de %1 jours</source>
        <translation>Referrals without any answer for more than %1 days</translation>
    </message>
    <message>
        <source>Fédération</source>
        <translation>Federation</translation>
    </message>
    <message>
        <source>%1 j</source>
        <translation>%1 d</translation>
    </message>
</context>
<context>
    <name>ConflictModel</name>
    <message>
        <source>%1 — %2 : « %3 » ici, « %4 » au registre</source>
        <translation>%1 — %2: “%3” here, “%4” at the registry</translation>
    </message>
    <message>
        <source>Fiche</source>
        <translation>Record</translation>
    </message>
    <message>
        <source>Champ</source>
        <translation>Field</translation>
    </message>
    <message>
        <source>Quand</source>
        <translation>When</translation>
    </message>
    <message>
        <source>Auteur</source>
        <translation>Author</translation>
    </message>
</context>
<context>
    <name>ConflictPanel</name>
    <message>
        <source>Le registre a refusé cette modification (hors de votre périmètre) : abandonnez-la, ou demandez à un responsable de la faire.</source>
        <translation>The registry refused this change (outside your area): drop it, or ask a manager to make it.</translation>
    </message>
    <message>
        <source>Modifié ici et au registre depuis la dernière synchronisation. Choisissez la valeur à garder ; elle partira à la prochaine synchronisation.</source>
        <translation>Changed here and at the registry since the last sync. Choose the value to keep; it will be sent with the next sync.</translation>
    </message>
    <message>
        <source>par %1</source>
        <translation>by %1</translation>
    </message>
    <message>
        <source>sur ce poste</source>
        <translation>on this laptop</translation>
    </message>
    <message>
        <source>au registre, constaté %1</source>
        <translation>at the registry, found %1</translation>
    </message>
    <message>
        <source>Le registre a refusé cette modification : elle ne peut pas être gardée.</source>
        <translation>The registry refused this change: it cannot be kept.</translation>
    </message>
    <message>
        <source>Ma modification</source>
        <translation>My change</translation>
    </message>
    <message>
        <source>Réponse du registre</source>
        <translation>Registry&apos;s answer</translation>
    </message>
    <message>
        <source>Abandonner ma modification</source>
        <translation>Drop my change</translation>
    </message>
    <message>
        <source>Ma valeur</source>
        <translation>My value</translation>
    </message>
    <message>
        <source>Leur valeur</source>
        <translation>Their value</translation>
    </message>
    <message>
        <source>Garder la leur</source>
        <translation>Keep theirs</translation>
    </message>
    <message>
        <source>%1 : %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>ce champ ne peut pas être vide.</source>
        <translation>this field cannot be empty.</translation>
    </message>
    <message>
        <source>saisissez un nombre entier.</source>
        <translation>enter a whole number.</translation>
    </message>
    <message>
        <source>saisissez un nombre.</source>
        <translation>enter a number.</translation>
    </message>
    <message>
        <source>répondez oui ou non.</source>
        <translation>answer yes or no.</translation>
    </message>
    <message>
        <source>saisissez une date valide (JJ/MM/AAAA).</source>
        <translation>enter a valid date (DD/MM/YYYY).</translation>
    </message>
    <message>
        <source>saisissez une date et heure ISO 8601 avec fuseau.</source>
        <translation>enter an ISO 8601 date and time with a time zone.</translation>
    </message>
    <message>
        <source>saisissez une valeur JSON valide.</source>
        <translation>enter a valid JSON value.</translation>
    </message>
    <message>
        <source>texte trop long.</source>
        <translation>text too long.</translation>
    </message>
    <message>
        <source>valeur refusée (%1).</source>
        <translation>value refused (%1).</translation>
    </message>
    <message>
        <source>Valeur d&apos;origine</source>
        <translation>Original value</translation>
    </message>
    <message>
        <source>avant les deux modifications</source>
        <translation>before both changes</translation>
    </message>
    <message>
        <source>Garder la mienne</source>
        <translation>Keep mine</translation>
    </message>
    <message>
        <source>Ou saisissez la valeur fusionnée :</source>
        <translation>Or type the merged value:</translation>
    </message>
    <message>
        <source>Garder cette valeur</source>
        <translation>Keep this value</translation>
    </message>
    <message>
        <source>Aucun conflit : tout est cohérent avec le registre.</source>
        <translation>No conflicts: everything agrees with the registry.</translation>
    </message>
</context>
<context>
    <name>ContactDialog</name>
    <message>
        <source>Nouveau contact</source>
        <translation>New contact</translation>
    </message>
    <message>
        <source>Modifier le contact</source>
        <translation>Edit contact</translation>
    </message>
    <message>
        <source>&amp;Prénom</source>
        <translation>&amp;First name</translation>
    </message>
    <message>
        <source>&amp;Nom</source>
        <translation>&amp;Name</translation>
    </message>
    <message>
        <source>&amp;Fonction</source>
        <translation>&amp;Job title</translation>
    </message>
    <message>
        <source>&amp;Téléphone</source>
        <translation>&amp;Phone</translation>
    </message>
    <message>
        <source>E-&amp;mail</source>
        <translation>E-&amp;mail</translation>
    </message>
    <message>
        <source>&amp;Base légale</source>
        <translation>Legal &amp;basis</translation>
    </message>
    <message>
        <source>Date du &amp;consentement</source>
        <translation>&amp;Consent date</translation>
    </message>
    <message>
        <source>&amp;Origine des données</source>
        <translation>Data &amp;source</translation>
    </message>
    <message>
        <source>Précision sur l&apos;ori&amp;gine</source>
        <translation>Source &amp;detail</translation>
    </message>
    <message>
        <source>Personne &amp;informée le</source>
        <translation>&amp;Informed on</translation>
    </message>
    <message>
        <source>Opposition</source>
        <translation>Objection</translation>
    </message>
    <message>
        <source>Opposition &amp;le</source>
        <translation>Objection da&amp;te</translation>
    </message>
    <message>
        <source>Ne plus contacter</source>
        <translation>Do not contact</translation>
    </message>
    <message>
        <source>E&amp;xporter ses données…</source>
        <translation>E&amp;xport their data…</translation>
    </message>
    <message>
        <source>Tout ce que ce poste détient sur la personne, en PDF et JSON dans un ZIP chiffré (RGPD, art. 15)</source>
        <translation>Everything this laptop holds on the person, as PDF and JSON in an encrypted ZIP (GDPR, art. 15)</translation>
    </message>
    <message>
        <source>Données exportées (chiffrées) : %1</source>
        <translation>Data exported (encrypted): %1</translation>
    </message>
    <message>
        <source>&amp;Effacer la personne…</source>
        <translation>&amp;Erase this person…</translation>
    </message>
    <message>
        <source>Effacer la personne de ce poste et, à la synchronisation, partout</source>
        <translation>Erase the person from this laptop and, at the next sync, everywhere</translation>
    </message>
    <message>
        <source>la date ne peut pas être dans le futur</source>
        <translation>the date cannot be in the future</translation>
    </message>
    <message>
        <source>Effacer définitivement %1 ?

La fiche, ses mentions dans les comptes rendus et les brouillons, et ses modifications en attente sont effacées de ce poste ; à la prochaine synchronisation, de la base centrale et de tous les postes. Cette action est irréversible.</source>
        <translation>Erase %1 for good?

The record, their mentions in visit reports and drafts, and their pending changes are erased from this laptop; at the next sync, from the registry and every laptop. This cannot be undone.</translation>
    </message>
    <message>
        <source>Effacer %1</source>
        <translation>Erase %1</translation>
    </message>
    <message>
        <source>Effacer définitivement</source>
        <translation>Erase for good</translation>
    </message>
    <message>
        <source>Exporter les données de %1</source>
        <translation>Export the data of %1</translation>
    </message>
</context>
<context>
    <name>CoverageModel</name>
    <message>
        <source>Département</source>
        <translation>Department</translation>
    </message>
    <message>
        <source>Zone</source>
        <translation>Area</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>Visitées</source>
        <translation>Visited</translation>
    </message>
    <message>
        <source>Campagne</source>
        <translation>Campaign</translation>
    </message>
    <message>
        <source>Couverture</source>
        <translation>Coverage</translation>
    </message>
    <message>
        <source>Organisations déjà visitées à ce jour / organisations du groupe</source>
        <translation>Organisations visited so far / organisations in the group</translation>
    </message>
    <message>
        <source>Visites que la campagne planifie / prospects à visiter</source>
        <translation>Visits the campaign plans / prospects to visit</translation>
    </message>
    <message>
        <source>Part des organisations visitées : aujourd&apos;hui → après la campagne</source>
        <translation>Share of organisations visited: today → after the campaign</translation>
    </message>
</context>
<context>
    <name>DashboardView</name>
    <message>
        <source>Tableau de bord de la campagne</source>
        <translation>Campaign dashboard</translation>
    </message>
    <message>
        <source>Semaines :</source>
        <translation>Weeks:</translation>
    </message>
    <message>
        <source>Nombre de semaines du graphique des visites</source>
        <translation>Number of weeks in the visits chart</translation>
    </message>
    <message>
        <source>Actualiser</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <source>Exporter PNG…</source>
        <translation>Export PNG…</translation>
    </message>
    <message>
        <source>Exporter PDF…</source>
        <translation>Export PDF…</translation>
    </message>
    <message>
        <source>Exporter CSV…</source>
        <translation>Export CSV…</translation>
    </message>
    <message>
        <source>Visitées au moins une fois</source>
        <translation>Visited at least once</translation>
    </message>
    <message>
        <source>Orientées vers un pôle</source>
        <translation>Oriented to a cluster</translation>
    </message>
    <message>
        <source>Adhérents</source>
        <translation>Members</translation>
    </message>
    <message>
        <source>Visites réalisées</source>
        <translation>Visits done</translation>
    </message>
    <message>
        <source>Prospects</source>
        <translation>Prospects</translation>
    </message>
    <message>
        <source>Territoires</source>
        <translation>Territories</translation>
    </message>
    <message>
        <source>Départements</source>
        <translation>Departments</translation>
    </message>
    <message>
        <source>EPCI</source>
        <translation>EPCI</translation>
    </message>
    <message>
        <source>Zone</source>
        <translation>Area</translation>
    </message>
    <message>
        <source>Visités</source>
        <translation>Visited</translation>
    </message>
    <message>
        <source>Couverture</source>
        <translation>Coverage</translation>
    </message>
    <message>
        <source>au %1</source>
        <translation>as of %1</translation>
    </message>
    <message>
        <source>%1 de l&apos;objectif de %2</source>
        <translation>%1 of the %2 target</translation>
    </message>
    <message>
        <source>%1 planifiées</source>
        <translation>%1 planned</translation>
    </message>
    <message>
        <source>dans la base</source>
        <translation>in the database</translation>
    </message>
    <message>
        <source>Objectif %1 organisations : %2 visitées (%3)</source>
        <translation>Target %1 organisations: %2 visited (%3)</translation>
    </message>
    <message>
        <source>Part des prospects visités par EPCI</source>
        <translation>Share of prospects visited by EPCI</translation>
    </message>
    <message>
        <source>sans prospect</source>
        <translation>no prospect</translation>
    </message>
    <message>
        <source>Entonnoir : organisations par statut</source>
        <translation>Funnel: organisations by status</translation>
    </message>
    <message>
        <source>%1 : %2 la semaine du %3</source>
        <translation>%1: %2 in the week of %3</translation>
    </message>
    <message>
        <source>%n visite</source>
        <translation>%n visit</translation>
    </message>
    <message>
        <source>%n visites</source>
        <translation>%n visits</translation>
    </message>
    <message>
        <source>Visites réalisées par chargé de mission et par semaine</source>
        <translation>Visits done per officer and week</translation>
    </message>
    <message>
        <source>Chargé de mission</source>
        <translation>Officer</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>Couverture : part des prospects visités</source>
        <translation>Coverage: share of prospects visited</translation>
    </message>
    <message>
        <source>Organisations orientées par pôle</source>
        <translation>Organisations oriented per cluster</translation>
    </message>
    <message>
        <source>Dossier des fichiers CSV</source>
        <translation>Folder for the CSV files</translation>
    </message>
    <message>
        <source>Aucune donnée à exporter</source>
        <translation>No data to export</translation>
    </message>
    <message>
        <source>Exporter en PNG</source>
        <translation>Export as PNG</translation>
    </message>
    <message>
        <source>Image PNG (*.png)</source>
        <translation>PNG image (*.png)</translation>
    </message>
    <message>
        <source>Exporter en PDF</source>
        <translation>Export as PDF</translation>
    </message>
    <message>
        <source>Document PDF (*.pdf)</source>
        <translation>PDF document (*.pdf)</translation>
    </message>
</context>
<context>
    <name>ElidedLabel</name>
    <message>
        <source>Copier</source>
        <translation>Copy</translation>
    </message>
</context>
<context>
    <name>FederationSection</name>
    <message>
        <source>Fédération des pôles</source>
        <translation>Federation of the clusters</translation>
    </message>
    <message>
        <source>Transmissions par pôle</source>
        <translation>Referrals per cluster</translation>
    </message>
    <message>
        <source>Adhérents par territoire</source>
        <translation>Members by area</translation>
    </message>
    <message>
        <source>Conversion : adhérents ÷ transmissions tranchées (adhérent ou déclinée) ; les transmissions en cours n&apos;y entrent pas. Délai médian : jours entre l&apos;envoi et la première réponse du pôle (premier changement de statut ou premier commentaire).</source>
        <translation>Conversion: members ÷ decided referrals (member or declined); referrals still in progress are left out. Median delay: days from sending to the cluster&apos;s first answer (first status change or first comment).</translation>
    </message>
    <message>
        <source>Relances à faire (%1)</source>
        <translation>To chase (%1)</translation>
    </message>
    <message>
        <source>%1 j</source>
        <translation>%1 d</translation>
    </message>
    <message>
        <source>%1 transmissions, conversion %2, délai médian de première réponse %3, %4 sans réponse depuis plus de %5 jours.</source>
        <translation>%1 referrals, conversion %2, median time to the first answer %3, %4 unanswered for more than %5 days.</translation>
    </message>
</context>
<context>
    <name>FilterBar</name>
    <message>
        <source>Tous</source>
        <translation>All</translation>
    </message>
    <message>
        <source>Non attribué</source>
        <translation>Unassigned</translation>
    </message>
    <message>
        <source>Rechercher : nom, enseigne, SIRET, commune, contact…  (Ctrl+F)</source>
        <translation>Search: name, trade name, SIRET, town, contact…  (Ctrl+F)</translation>
    </message>
    <message>
        <source>&amp;Département</source>
        <translation>&amp;Department</translation>
    </message>
    <message>
        <source>&amp;Zone historique</source>
        <translation>Historical &amp;area</translation>
    </message>
    <message>
        <source>&amp;EPCI</source>
        <translation>&amp;EPCI</translation>
    </message>
    <message>
        <source>&amp;Secteur (NAF)</source>
        <translation>&amp;Sector (NAF)</translation>
    </message>
    <message>
        <source>&amp;Pôle pertinent</source>
        <translation>Relevant cl&amp;uster</translation>
    </message>
    <message>
        <source>Statu&amp;t</source>
        <translation>Sta&amp;tus</translation>
    </message>
    <message>
        <source>C&amp;hargé de mission</source>
        <translation>Field off&amp;icer</translation>
    </message>
    <message>
        <source>Priorit&amp;é</source>
        <translation>&amp;Priority</translation>
    </message>
    <message>
        <source>&amp;Jamais visité</source>
        <translation>&amp;Never visited</translation>
    </message>
    <message>
        <source>&amp;Relance échue</source>
        <translation>&amp;Follow-up due</translation>
    </message>
    <message>
        <source>Tout effacer</source>
        <translation>Clear all</translation>
    </message>
</context>
<context>
    <name>IdentityDialog</name>
    <message>
        <source>Qui êtes-vous ?</source>
        <translation>Who are you?</translation>
    </message>
    <message>
        <source>Vos comptes rendus de visite sont signés de votre nom et de votre e-mail, et vos tournées partent de votre commune. Vous pourrez tout changer dans les Paramètres.</source>
        <translation>Your visit reports are signed with your name and e-mail, and your rounds start from your home town. You can change all of this later in Settings.</translation>
    </message>
    <message>
        <source>&amp;Nom et prénom</source>
        <translation>&amp;Full name</translation>
    </message>
    <message>
        <source>E-&amp;mail</source>
        <translation>E-&amp;mail</translation>
    </message>
    <message>
        <source>&amp;Commune de départ</source>
        <translation>&amp;Home base (town)</translation>
    </message>
    <message>
        <source>&amp;Début de journée</source>
        <translation>Day s&amp;tarts</translation>
    </message>
    <message>
        <source>&amp;Fin de journée</source>
        <translation>Day en&amp;ds</translation>
    </message>
    <message>
        <source>&amp;Pause déjeuner (min)</source>
        <translation>&amp;Lunch break (min)</translation>
    </message>
    <message>
        <source>ex. Camille Durand</source>
        <translation>e.g. Camille Durand</translation>
    </message>
    <message>
        <source>ex. camille.durand@exemple.fr</source>
        <translation>e.g. camille.durand@example.org</translation>
    </message>
    <message>
        <source>Tapez les premières lettres…</source>
        <translation>Type the first letters…</translation>
    </message>
    <message>
        <source>Enregistrer</source>
        <translation>Save</translation>
    </message>
    <message>
        <source>Plus tard</source>
        <translation>Later</translation>
    </message>
    <message>
        <source>Indiquez votre nom.</source>
        <translation>Enter your name.</translation>
    </message>
    <message>
        <source>Adresse e-mail invalide : %1</source>
        <translation>Invalid e-mail address: %1</translation>
    </message>
    <message>
        <source>La fin de journée doit suivre le début.</source>
        <translation>The end of the day must come after its start.</translation>
    </message>
    <message>
        <source>Commune de départ introuvable : %1</source>
        <translation>Home town not found: %1</translation>
    </message>
    <message>
        <source>Enregistrement impossible : %1</source>
        <translation>Cannot save: %1</translation>
    </message>
</context>
<context>
    <name>ImportFields</name>
    <message>
        <source>— ignorée —</source>
        <translation>— ignored —</translation>
    </message>
    <message>
        <source>Nom</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Enseigne</source>
        <translation>Trade name</translation>
    </message>
    <message>
        <source>SIRET</source>
        <translation>SIRET</translation>
    </message>
    <message>
        <source>SIREN</source>
        <translation>SIREN</translation>
    </message>
    <message>
        <source>N° d&apos;entreprise (Belgique)</source>
        <translation>Enterprise number (Belgium)</translation>
    </message>
    <message>
        <source>Type d&apos;organisation</source>
        <translation>Kind of organisation</translation>
    </message>
    <message>
        <source>Forme juridique</source>
        <translation>Legal form</translation>
    </message>
    <message>
        <source>Code NAF</source>
        <translation>NAF code</translation>
    </message>
    <message>
        <source>Tranche d&apos;effectif</source>
        <translation>Workforce band</translation>
    </message>
    <message>
        <source>Adresse</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>Complément d&apos;adresse</source>
        <translation>Address complement</translation>
    </message>
    <message>
        <source>Code postal</source>
        <translation>Postal code</translation>
    </message>
    <message>
        <source>Commune</source>
        <translation>Municipality</translation>
    </message>
    <message>
        <source>Pays</source>
        <translation>Country</translation>
    </message>
    <message>
        <source>Code INSEE</source>
        <translation>INSEE code</translation>
    </message>
    <message>
        <source>Latitude</source>
        <translation>Latitude</translation>
    </message>
    <message>
        <source>Longitude</source>
        <translation>Longitude</translation>
    </message>
    <message>
        <source>Téléphone</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>Site web</source>
        <translation>Website</translation>
    </message>
    <message>
        <source>Statut</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Priorité</source>
        <translation>Priority</translation>
    </message>
    <message>
        <source>Étiquettes</source>
        <translation>Tags</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Notes</translation>
    </message>
</context>
<context>
    <name>ImportPage</name>
    <message>
        <source>Colonnes illisibles : %1</source>
        <translation>Cannot read the columns: %1</translation>
    </message>
    <message>
        <source>%1 Mo sur %2 Mo</source>
        <translation>%1 MB of %2 MB</translation>
    </message>
    <message>
        <source>Import interrompu : %1. Les lots déjà enregistrés (%2) restent ; relancez l&apos;import pour le terminer.</source>
        <translation>Import interrupted: %1. The batches already saved (%2) stay; run the import again to finish it.</translation>
    </message>
    <message>
        <source>%n fiche</source>
        <translation>%n record</translation>
    </message>
    <message>
        <source>%n fiches</source>
        <translation>%n records</translation>
    </message>
    <message>
        <source>Import interrompu : %1 ; relancez l&apos;import pour le terminer.</source>
        <translation>Import interrupted: %1; run the import again to finish it.</translation>
    </message>
    <message>
        <source>%n fiche déjà enregistrée reste</source>
        <translation>%n record already saved stays</translation>
    </message>
    <message>
        <source>%n fiches déjà enregistrées restent</source>
        <translation>%n records already saved stay</translation>
    </message>
    <message>
        <source>Liste</source>
        <translation>List</translation>
    </message>
    <message>
        <source>Derniers imports</source>
        <translation>Latest imports</translation>
    </message>
    <message>
        <source>Aucun import pour l&apos;instant sur cette base.</source>
        <translation>No import into this database yet.</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>Fichier</source>
        <translation>File</translation>
    </message>
    <message>
        <source>Lues</source>
        <translation>Read</translation>
    </message>
    <message>
        <source>Créées</source>
        <translation>Created</translation>
    </message>
    <message>
        <source>Mises à jour</source>
        <translation>Updated</translation>
    </message>
    <message>
        <source>Ignorées</source>
        <translation>Skipped</translation>
    </message>
    <message>
        <source>Rejetées</source>
        <translation>Rejected</translation>
    </message>
    <message>
        <source>Choisissez le fichier StockEtablissement.</source>
        <translation>Choose the StockEtablissement file.</translation>
    </message>
    <message>
        <source>Choisissez le dossier ou l&apos;archive des données KBO.</source>
        <translation>Choose the KBO data folder or archive.</translation>
    </message>
    <message>
        <source>Indiquez les codes postaux belges à garder.</source>
        <translation>Enter the Belgian postal codes to keep.</translation>
    </message>
    <message>
        <source>Choisissez la liste à importer.</source>
        <translation>Choose the list to import.</translation>
    </message>
    <message>
        <source>Choisissez le fichier de correspondance (JSON).</source>
        <translation>Choose the mapping file (JSON).</translation>
    </message>
    <message>
        <source>Lecture des colonnes de la liste…</source>
        <translation>Reading the list&apos;s columns…</translation>
    </message>
    <message>
        <source>Associez une colonne au nom, au SIRET ou au numéro d&apos;entreprise belge, et chaque champ à une seule colonne.</source>
        <translation>Map a column to the name, the SIRET or the Belgian enterprise number, and each field to one column only.</translation>
    </message>
    <message>
        <source>Ouverture du fichier…</source>
        <translation>Opening the file…</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>Import</translation>
    </message>
    <message>
        <source>Import impossible : %1. Rien n&apos;a été modifié.</source>
        <translation>Import failed: %1. Nothing was changed.</translation>
    </message>
    <message>
        <source>Import annulé : rien n&apos;a été modifié.</source>
        <translation>Import cancelled: nothing was changed.</translation>
    </message>
    <message>
        <source>Import terminé en %1 s.</source>
        <translation>Import finished in %1 s.</translation>
    </message>
    <message>
        <source>Import terminé.</source>
        <translation>Import finished.</translation>
    </message>
    <message>
        <source>Les %1 organisations de démonstration ont été retirées.</source>
        <translation>The %1 demo organisations were removed.</translation>
    </message>
    <message>
        <source>Lignes rejetées : %1</source>
        <translation>Rejected rows: %1</translation>
    </message>
    <message>
        <source>%1, ligne %2 : %3</source>
        <translation>%1, line %2: %3</translation>
    </message>
    <message>
        <source>Importer des données</source>
        <translation>Import data</translation>
    </message>
    <message>
        <source>Les registres publics et vos listes deviennent des prospects. Un import relancé met à jour sans créer de doublons ; les lignes invalides sont écrites dans un fichier de rejets, et un import annulé ne change rien.</source>
        <translation>Public registers and your own lists become prospects. Running an import again updates without creating duplicates; invalid rows are written to a reject file, and a cancelled import changes nothing.</translation>
    </message>
    <message>
        <source>SIRENE (France)</source>
        <translation>SIRENE (France)</translation>
    </message>
    <message>
        <source>KBO/BCE (Belgique)</source>
        <translation>KBO/BCE (Belgium)</translation>
    </message>
    <message>
        <source>Liste CSV ou XLSX</source>
        <translation>CSV or XLSX list</translation>
    </message>
    <message>
        <source>&amp;Fichier StockEtablissement</source>
        <translation>&amp;Stock file (StockEtablissement)</translation>
    </message>
    <message>
        <source>Fichier &amp;géolocalisé (facultatif)</source>
        <translation>&amp;Geolocated file (optional)</translation>
    </message>
    <message>
        <source>Le stock des établissements de l&apos;INSEE (data.gouv.fr). Seuls les établissements actifs des cinq départements sont gardés ; le fichier géolocalisé place ceux dont le stock n&apos;a pas de coordonnées.</source>
        <translation>INSEE&apos;s establishment stock (data.gouv.fr). Only active establishments of the five departments are kept; the geolocated file places those the stock gives no coordinates for.</translation>
    </message>
    <message>
        <source>&amp;Dossier ou archive KBO</source>
        <translation>KBO &amp;folder or archive</translation>
    </message>
    <message>
        <source>&amp;Codes postaux</source>
        <translation>&amp;Postal codes</translation>
    </message>
    <message>
        <source>Provinces frontalières</source>
        <translation>Border provinces</translation>
    </message>
    <message>
        <source>Les données ouvertes de la Banque-Carrefour des Entreprises (dossier décompressé ou archive zip). Par défaut : le Hainaut (6000-6599, 7000-7999) et la Flandre-Occidentale (8000-8999), le long de la frontière.</source>
        <translation>The Crossroads Bank for Enterprises open data (unzipped folder or zip archive). By default: Hainaut (6000-6599, 7000-7999) and West Flanders (8000-8999), along the border.</translation>
    </message>
    <message>
        <source>&amp;Fichier</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <source>Associer les &amp;colonnes aux champs :</source>
        <translation>Map the &amp;columns to fields:</translation>
    </message>
    <message>
        <source>ou utiliser un fichier de co&amp;rrespondance</source>
        <translation>or use a &amp;mapping file</translation>
    </message>
    <message>
        <source>É&amp;tiquettes ajoutées</source>
        <translation>&amp;Tags added</translation>
    </message>
    <message>
        <source>par exemple : adhérents-2025; pôle-matikem</source>
        <translation>for example: members-2025; matikem-cluster</translation>
    </message>
    <message>
        <source>Colonne du fichier</source>
        <translation>Column of the file</translation>
    </message>
    <message>
        <source>Champ</source>
        <translation>Field</translation>
    </message>
    <message>
        <source>Parcourir…</source>
        <translation>Browse…</translation>
    </message>
    <message>
        <source>Dossier…</source>
        <translation>Folder…</translation>
    </message>
    <message>
        <source>Archive zip…</source>
        <translation>Zip archive…</translation>
    </message>
    <message>
        <source>Retirer les données de dé&amp;monstration après l&apos;import</source>
        <translation>Remove the &amp;demo data after the import</translation>
    </message>
    <message>
        <source>&amp;Importer</source>
        <translation>&amp;Import</translation>
    </message>
    <message>
        <source>Résultat</source>
        <translation>Result</translation>
    </message>
    <message>
        <source>lues</source>
        <translation>read</translation>
    </message>
    <message>
        <source>créées</source>
        <translation>created</translation>
    </message>
    <message>
        <source>mises à jour</source>
        <translation>updated</translation>
    </message>
    <message>
        <source>ignorées</source>
        <translation>skipped</translation>
    </message>
    <message>
        <source>rejetées</source>
        <translation>rejected</translation>
    </message>
    <message>
        <source>&amp;Ouvrir le dossier</source>
        <translation>&amp;Open folder</translation>
    </message>
</context>
<context>
    <name>LoginDialog</name>
    <message>
        <source>Connexion au registre</source>
        <translation>Log in to the registry</translation>
    </message>
    <message>
        <source>(adresse non renseignée)</source>
        <translation>(no address set)</translation>
    </message>
    <message>
        <source>Registre : %1</source>
        <translation>Registry: %1</translation>
    </message>
    <message>
        <source>Se connecter</source>
        <translation>Log in</translation>
    </message>
    <message>
        <source>Annuler</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>&amp;E-mail</source>
        <translation>&amp;E-mail</translation>
    </message>
    <message>
        <source>&amp;Mot de passe</source>
        <translation>&amp;Password</translation>
    </message>
    <message>
        <source>Saisissez votre e-mail et votre mot de passe.</source>
        <translation>Enter your e-mail and password.</translation>
    </message>
    <message>
        <source>Connexion…</source>
        <translation>Logging in…</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Import en cours</source>
        <translation>Import running</translation>
    </message>
    <message>
        <source>Un import est en cours. L&apos;annuler (rien ne sera importé) et quitter ?</source>
        <translation>An import is running. Cancel it (nothing will be imported) and quit?</translation>
    </message>
    <message>
        <source>Importer</source>
        <translation>Import</translation>
    </message>
    <message>
        <source>Importer des données…</source>
        <translation>Import data…</translation>
    </message>
    <message>
        <source>Import enregistré.</source>
        <translation>Import saved.</translation>
    </message>
    <message>
        <source>en mémoire</source>
        <translation>in memory</translation>
    </message>
    <message>
        <source>Bienvenue, %1.</source>
        <translation>Welcome, %1.</translation>
    </message>
    <message>
        <source>Aucune organisation sélectionnée : choisissez-la dans la liste (↓ depuis la recherche), puis Ctrl+L.</source>
        <translation>No organisation selected: pick it in the list (↓ from the search box), then Ctrl+L.</translation>
    </message>
    <message>
        <source>Visite enregistrée.</source>
        <translation>Visit saved.</translation>
    </message>
    <message>
        <source>Brouillon illisible (autre clé ou fichier abîmé), mis de côté : %1</source>
        <translation>Unreadable draft (another key or a damaged file), set aside: %1</translation>
    </message>
    <message>
        <source>Un compte rendu de visite non enregistré a été retrouvé : %1.</source>
        <translation>An unsaved visit report was found: %1.</translation>
    </message>
    <message>
        <source>Reprendre</source>
        <translation>Resume</translation>
    </message>
    <message>
        <source>HDF Field — campagne pôles de compétitivité Hauts-de-France</source>
        <translation>HDF Field — Hauts-de-France cluster campaign</translation>
    </message>
    <message>
        <source>Prospects</source>
        <translation>Prospects</translation>
    </message>
    <message>
        <source>Carte</source>
        <translation>Map</translation>
    </message>
    <message>
        <source>Tableau de bord</source>
        <translation>Dashboard</translation>
    </message>
    <message>
        <source>Planning</source>
        <translation>Planning</translation>
    </message>
    <message>
        <source>Paramètres</source>
        <translation>Settings</translation>
    </message>
    <message>
        <source>Raccourcis clavier (F1)</source>
        <translation>Keyboard shortcuts (F1)</translation>
    </message>
    <message>
        <source>Le parcours au clavier et tous les raccourcis</source>
        <translation>The keyboard path and every shortcut</translation>
    </message>
    <message>
        <source>&lt;b&gt;Données de démonstration.&lt;/b&gt; Ces organisations sont fictives : elles servent à découvrir l&apos;outil. Importez le fichier SIRENE pour travailler sur les vraies.</source>
        <translation>&lt;b&gt;Demo data.&lt;/b&gt; These organisations are fictitious and only there to discover the tool. Import the SIRENE file to work on real ones.</translation>
    </message>
    <message>
        <source>Base : %1 · version %2</source>
        <translation>Database: %1 · version %2</translation>
    </message>
    <message>
        <source> · ⚠ clé de chiffrement dans un fichier (voir Paramètres)</source>
        <translation> · ⚠ encryption key in a file (see Settings)</translation>
    </message>
    <message>
        <source> · ⚠ base non chiffrée</source>
        <translation> · ⚠ database not encrypted</translation>
    </message>
    <message>
        <source>Région de démonstration créée.</source>
        <translation>Demo region created.</translation>
    </message>
    <message>
        <source>Création de la région de démonstration</source>
        <translation>Creating the demo region</translation>
    </message>
    <message>
        <source>La base de données est endommagée : elle est ouverte en lecture seule et rien ne peut y être enregistré. Restaurez une sauvegarde, ou exportez vos modifications (Synchronisation → Exporter un paquet) et contactez le support.</source>
        <translation>The database is damaged: it is opened read-only and nothing can be saved in it. Restore a backup, or export your changes (Synchronisation → Export a bundle) and contact support.</translation>
    </message>
    <message>
        <source>Restaurer la sauvegarde du %1</source>
        <translation>Restore the backup of %1</translation>
    </message>
    <message>
        <source>Vos modifications non synchronisées (%1) ont été enregistrées dans le paquet scellé %2 (à importer au bureau).</source>
        <translation>Your unsynced changes (%1) were saved to the sealed bundle %2 (to import at the office).</translation>
    </message>
    <message>
        <source>Modifications non synchronisées non enregistrées : %1</source>
        <translation>Unsynchronised changes not saved: %1</translation>
    </message>
    <message>
        <source>Aucune sauvegarde saine n&apos;a été trouvée.</source>
        <translation>No sound backup was found.</translation>
    </message>
    <message>
        <source>Sauvegarde remise en place.</source>
        <translation>Backup restored.</translation>
    </message>
    <message>
        <source>Synchronisation</source>
        <translation>Sync</translation>
    </message>
</context>
<context>
    <name>MapView</name>
    <message>
        <source>Cantons (Belgique)</source>
        <translation>Cantons (Belgium)</translation>
    </message>
    <message>
        <source>Provinces (Belgique)</source>
        <translation>Provinces (Belgium)</translation>
    </message>
    <message>
        <source>Le fond de carte MBTiles « %1 » est introuvable ou illisible : la carte montre les contours seuls. Choisissez-en un autre avec « Fond de carte… ».</source>
        <translation>The MBTiles basemap “%1” is missing or unreadable: the map shows the outlines only. Choose another one with “Basemap…”.</translation>
    </message>
    <message>
        <source>Sélection rectangle</source>
        <translation>Rectangle selection</translation>
    </message>
    <message>
        <source>Tracer un rectangle pour sélectionner (ou Maj + glisser)</source>
        <translation>Draw a rectangle to select (or Shift + drag)</translation>
    </message>
    <message>
        <source>Sélection par rayon</source>
        <translation>Radius selection</translation>
    </message>
    <message>
        <source>Cliquer un point : prospects à moins de N km (ou clic droit)</source>
        <translation>Click a point: prospects within N km (or right-click)</translation>
    </message>
    <message>
        <source>Effacer la sélection</source>
        <translation>Clear selection</translation>
    </message>
    <message>
        <source>Aucune sélection</source>
        <translation>Nothing selected</translation>
    </message>
    <message>
        <source>Ajouter au plan du jour</source>
        <translation>Add to today&apos;s plan</translation>
    </message>
    <message>
        <source>Fond de carte…</source>
        <translation>Basemap…</translation>
    </message>
    <message>
        <source>Choisir un fichier MBTiles hors ligne</source>
        <translation>Choose an offline MBTiles file</translation>
    </message>
    <message>
        <source>Fond de carte MBTiles</source>
        <translation>MBTiles basemap</translation>
    </message>
    <message>
        <source>MBTiles (*.mbtiles)</source>
        <translation>MBTiles (*.mbtiles)</translation>
    </message>
    <message>
        <source>Carte indisponible : %1</source>
        <translation>Map unavailable: %1</translation>
    </message>
    <message>
        <source>Statut des prospects</source>
        <translation>Prospect status</translation>
    </message>
    <message>
        <source>Sites des pôles</source>
        <translation>Cluster sites</translation>
    </message>
    <message>
        <source>Site secondaire proposé</source>
        <translation>Proposed secondary site</translation>
    </message>
    <message>
        <source>Communes</source>
        <translation>Communes</translation>
    </message>
    <message>
        <source>EPCI</source>
        <translation>EPCI</translation>
    </message>
    <message>
        <source>Départements</source>
        <translation>Departments</translation>
    </message>
    <message>
        <source>%n sélectionnée</source>
        <translation>%n selected</translation>
    </message>
    <message>
        <source>%n sélectionnées</source>
        <translation>%n selected</translation>
    </message>
</context>
<context>
    <name>MembersByAreaModel</name>
    <message>
        <source>Inconnu</source>
        <translation>Unknown</translation>
    </message>
    <message>
        <source>Pôle</source>
        <translation>Cluster</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>Une organisation adhérente de deux pôles compte une fois dans la ligne Fédération</source>
        <translation>An organisation member of two clusters counts once in the Federation row</translation>
    </message>
    <message>
        <source>Fédération</source>
        <translation>Federation</translation>
    </message>
</context>
<context>
    <name>OfficerLinesModel</name>
    <message>
        <source>Chargé de mission</source>
        <translation>Field officer</translation>
    </message>
    <message>
        <source>Jours</source>
        <translation>Days</translation>
    </message>
    <message>
        <source>Visites</source>
        <translation>Visits</translation>
    </message>
    <message>
        <source>Valeur</source>
        <translation>Value</translation>
    </message>
    <message>
        <source>Km</source>
        <translation>Km</translation>
    </message>
    <message>
        <source>Route</source>
        <translation>Driving</translation>
    </message>
    <message>
        <source>Charge</source>
        <translation>Workload</translation>
    </message>
    <message>
        <source>Temps de route et de visite rapporté aux heures de travail</source>
        <translation>Driving and visiting time as a share of working hours</translation>
    </message>
    <message>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <source>{busy} occupées sur {available}</source>
        <translation>{busy} busy out of {available}</translation>
    </message>
</context>
<context>
    <name>OperationProgress</name>
    <message>
        <source>Annuler</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <source>Annulation…</source>
        <translation>Cancelling…</translation>
    </message>
</context>
<context>
    <name>OrganisationEditDialog</name>
    <message>
        <source>Modifier — %1</source>
        <translation>Edit — %1</translation>
    </message>
    <message>
        <source>&amp;Raison sociale</source>
        <translation>&amp;Legal name</translation>
    </message>
    <message>
        <source>&amp;Enseigne</source>
        <translation>&amp;Trade name</translation>
    </message>
    <message>
        <source>&amp;SIRET</source>
        <translation>&amp;SIRET</translation>
    </message>
    <message>
        <source>&amp;Adresse</source>
        <translation>&amp;Address</translation>
    </message>
    <message>
        <source>Code &amp;postal</source>
        <translation>&amp;Postcode</translation>
    </message>
    <message>
        <source>&amp;Commune</source>
        <translation>T&amp;own</translation>
    </message>
    <message>
        <source>&amp;Téléphone</source>
        <translation>P&amp;hone</translation>
    </message>
    <message>
        <source>E-&amp;mail</source>
        <translation>E-&amp;mail</translation>
    </message>
    <message>
        <source>Site &amp;web</source>
        <translation>&amp;Website</translation>
    </message>
    <message>
        <source>Priorit&amp;é (0–3)</source>
        <translation>Priorit&amp;y (0–3)</translation>
    </message>
    <message>
        <source>&amp;Notes</source>
        <translation>&amp;Notes</translation>
    </message>
</context>
<context>
    <name>OrganisationPanel</name>
    <message>
        <source>Impossible d&apos;afficher cette organisation : %1</source>
        <translation>Cannot show this organisation: %1</translation>
    </message>
    <message>
        <source>Dépt %1</source>
        <translation>Dept %1</translation>
    </message>
    <message>
        <source>EPCI %1</source>
        <translation>EPCI %1</translation>
    </message>
    <message>
        <source>non attribué</source>
        <translation>unassigned</translation>
    </message>
    <message>
        <source>Position inconnue</source>
        <translation>Position unknown</translation>
    </message>
    <message>
        <source>Nom</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Fonction</source>
        <translation>Job title</translation>
    </message>
    <message>
        <source>Téléphone</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Date</translation>
    </message>
    <message>
        <source>Résultat</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <source>Intérêt</source>
        <translation>Interest</translation>
    </message>
    <message>
        <source>C&amp;ontacts</source>
        <translation>C&amp;ontacts</translation>
    </message>
    <message>
        <source>&amp;Visites</source>
        <translation>&amp;Visits</translation>
    </message>
    <message>
        <source>Orientation indisponible (référentiel des pôles absent)</source>
        <translation>Orientation unavailable (cluster reference data missing)</translation>
    </message>
    <message>
        <source>Échéance</source>
        <translation>Due</translation>
    </message>
    <message>
        <source>Détails</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>%1 — ne plus contacter</source>
        <translation>%1 — do not contact</translation>
    </message>
    <message>
        <source>Ne plus contacter depuis le %1</source>
        <translation>Do not contact since %1</translation>
    </message>
    <message>
        <source>Pôles : %1</source>
        <translation>Clusters: %1</translation>
    </message>
    <message>
        <source>Double-clic ou Entrée : tout le compte rendu</source>
        <translation>Double-click or Enter: the whole report</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>État</source>
        <translation>State</translation>
    </message>
    <message>
        <source>Aucun pôle ne correspond à cette organisation.</source>
        <translation>No cluster matches this organisation.</translation>
    </message>
    <message>
        <source>site le plus proche : %1</source>
        <translation>nearest site: %1</translation>
    </message>
    <message>
        <source>&amp;Fiche</source>
        <translation>&amp;Card</translation>
    </message>
    <message>
        <source>Pô&amp;les</source>
        <translation>C&amp;lusters</translation>
    </message>
    <message>
        <source>Relan&amp;ces</source>
        <translation>Follo&amp;w-ups</translation>
    </message>
    <message>
        <source>Sélectionnez une organisation dans la liste pour afficher sa fiche.</source>
        <translation>Select an organisation in the list to see its card.</translation>
    </message>
    <message>
        <source>Modifier</source>
        <translation>Edit</translation>
    </message>
    <message>
        <source>Transmise le</source>
        <translation>Sent on</translation>
    </message>
    <message>
        <source>Pôle</source>
        <translation>Cluster</translation>
    </message>
    <message>
        <source>Statut</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Réponses du pôle</source>
        <translation>Cluster&apos;s answers</translation>
    </message>
    <message>
        <source>Rendez-vous le %1</source>
        <translation>Meeting on %1</translation>
    </message>
    <message>
        <source>Motif : %1</source>
        <translation>Reason: %1</translation>
    </message>
    <message>
        <source>pas encore de réponse</source>
        <translation>no answer yet</translation>
    </message>
    <message>
        <source>Tra&amp;nsmissions</source>
        <translation>&amp;Referrals</translation>
    </message>
    <message>
        <source>Modifier la fiche (Ctrl+E)</source>
        <translation>Edit the card (Ctrl+E)</translation>
    </message>
    <message>
        <source>Transmettre au pôle…</source>
        <translation>Refer to a cluster…</translation>
    </message>
    <message>
        <source>Présenter cette organisation à un pôle, avec l&apos;accord de la personne</source>
        <translation>Introduce this organisation to a cluster, with the person&apos;s consent</translation>
    </message>
    <message>
        <source>Consigner une visite</source>
        <translation>Log a visit</translation>
    </message>
    <message>
        <source>Saisir le compte rendu d&apos;une visite (Ctrl+L)</source>
        <translation>Write a visit report (Ctrl+L)</translation>
    </message>
    <message>
        <source>Ajouter un contact</source>
        <translation>Add a contact</translation>
    </message>
    <message>
        <source>Modifier le contact</source>
        <translation>Edit contact</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <source>SIRET</source>
        <translation>SIRET</translation>
    </message>
    <message>
        <source>Activité</source>
        <translation>Activity</translation>
    </message>
    <message>
        <source>Adresse</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>Territoire</source>
        <translation>Territory</translation>
    </message>
    <message>
        <source>Site web</source>
        <translation>Website</translation>
    </message>
    <message>
        <source>Chargé de mission</source>
        <translation>Field officer</translation>
    </message>
    <message>
        <source>Priorité</source>
        <translation>Priority</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Source</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Notes</translation>
    </message>
</context>
<context>
    <name>PassphraseDialog</name>
    <message>
        <source>Export chiffré</source>
        <translation>Encrypted export</translation>
    </message>
    <message>
        <source>Les données sont dans &lt;b&gt;%1&lt;/b&gt;, chiffrées (AES-256).&lt;br&gt;&lt;br&gt;Notez la phrase de passe : elle n&apos;est affichée qu&apos;une fois et n&apos;est enregistrée nulle part. Transmettez-la par un autre canal que le fichier (téléphone, SMS), jamais dans le même courriel.</source>
        <translation>The data is in &lt;b&gt;%1&lt;/b&gt;, encrypted (AES-256).&lt;br&gt;&lt;br&gt;Write down the passphrase: it is shown only once and stored nowhere. Send it by another channel than the file (phone, text message), never in the same e-mail.</translation>
    </message>
    <message>
        <source>Le fichier s&apos;ouvre avec 7-Zip (Windows), Keka ou The Unarchiver (macOS), WinZip ou 7z, avec cette phrase de passe. L&apos;explorateur de Windows ne sait pas ouvrir les ZIP chiffrés en AES.</source>
        <translation>The file opens with 7-Zip (Windows), Keka or The Unarchiver (macOS), WinZip or 7z, with this passphrase. Windows Explorer cannot open AES-encrypted ZIP files.</translation>
    </message>
    <message>
        <source>&amp;Copier la phrase de passe</source>
        <translation>&amp;Copy the passphrase</translation>
    </message>
</context>
<context>
    <name>PlannerView</name>
    <message>
        <source>Chargé de mission</source>
        <translation>Field officer</translation>
    </message>
    <message>
        <source>Jour</source>
        <translation>Day</translation>
    </message>
    <message>
        <source>Journée</source>
        <translation>Day</translation>
    </message>
    <message>
        <source>Semaine</source>
        <translation>Week</translation>
    </message>
    <message>
        <source>Tous les chargés de mission sur plusieurs semaines : planifier, enregistrer, imprimer</source>
        <translation>All field officers over several weeks: plan, save, print</translation>
    </message>
    <message>
        <source>Optimiser</source>
        <translation>Optimise</translation>
    </message>
    <message>
        <source>Choisir l&apos;ordre et les heures des visites (et celles qui tiennent dans la journée) ; les visites verrouillées gardent leur heure</source>
        <translation>Choose the order and times of the visits (and which ones fit in the day); locked visits keep their time</translation>
    </message>
    <message>
        <source>Enregistrer le plan</source>
        <translation>Save plan</translation>
    </message>
    <message>
        <source>Aperçu / Imprimer</source>
        <translation>Preview / Print</translation>
    </message>
    <message>
        <source>Enregistrer le PDF…</source>
        <translation>Save PDF…</translation>
    </message>
    <message>
        <source>Exporter .ics</source>
        <translation>Export .ics</translation>
    </message>
    <message>
        <source>Ajouter… (nom, ville, SIRET)</source>
        <translation>Add… (name, town, SIRET)</translation>
    </message>
    <message>
        <source>Retirer</source>
        <translation>Remove</translation>
    </message>
    <message>
        <source>Verrouiller</source>
        <translation>Lock</translation>
    </message>
    <message>
        <source>Remettre dans la journée</source>
        <translation>Put back in the day</translation>
    </message>
    <message>
        <source>Non retenues</source>
        <translation>Left out</translation>
    </message>
    <message>
        <source>Itinéraire</source>
        <translation>Route</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:#263238&apos;&gt;■&lt;/span&gt; domicile · &lt;span style=&apos;color:#1565c0&apos;&gt;●&lt;/span&gt; visite · &lt;span style=&apos;color:#0d3c78&apos;&gt;●&lt;/span&gt; verrouillée · &lt;span style=&apos;color:#c62828&apos;&gt;●&lt;/span&gt; règle non respectée · trajets à vol d&apos;oiseau</source>
        <translation>&lt;span style=&apos;color:#263238&apos;&gt;■&lt;/span&gt; home · &lt;span style=&apos;color:#1565c0&apos;&gt;●&lt;/span&gt; visit · &lt;span style=&apos;color:#0d3c78&apos;&gt;●&lt;/span&gt; locked · &lt;span style=&apos;color:#c62828&apos;&gt;●&lt;/span&gt; rule broken · straight-line legs</translation>
    </message>
    <message>
        <source>Aucun chargé de mission avec un domicile connu.</source>
        <translation>No field officer with a known home base.</translation>
    </message>
    <message>
        <source>%n visite enregistrée ce jour.</source>
        <translation>%n visit saved for this day.</translation>
    </message>
    <message>
        <source>%n visites enregistrées ce jour.</source>
        <translation>%n visits saved for this day.</translation>
    </message>
    <message>
        <source>%n organisation ajoutée à la journée.</source>
        <translation>%n organisation added to the day.</translation>
    </message>
    <message>
        <source>%n organisations ajoutées à la journée.</source>
        <translation>%n organisations added to the day.</translation>
    </message>
    <message>
        <source>Sans position connue, non ajoutées : {names}</source>
        <translation>No known position, not added: {names}</translation>
    </message>
    <message>
        <source>Journée optimisée : {n}, {k}.</source>
        <translation>Day optimised: {n}, {k}.</translation>
    </message>
    <message>
        <source>%n visite</source>
        <translation>%n visit</translation>
    </message>
    <message>
        <source>%n visites</source>
        <translation>%n visits</translation>
    </message>
    <message>
        <source>%n non retenue</source>
        <translation>%n left out</translation>
    </message>
    <message>
        <source>%n non retenues</source>
        <translation>%n left out</translation>
    </message>
    <message>
        <source>{s} pour remplir la journée : {names}.</source>
        <translation>{s} to fill the day: {names}.</translation>
    </message>
    <message>
        <source>%n suggestion proche ajoutée</source>
        <translation>%n nearby suggestion added</translation>
    </message>
    <message>
        <source>%n suggestions proches ajoutées</source>
        <translation>%n nearby suggestions added</translation>
    </message>
    <message>
        <source>Plan enregistré : {created}, {updated}, {replaced}.</source>
        <translation>Plan saved: {created}, {updated}, {replaced}.</translation>
    </message>
    <message>
        <source>%n visite créée</source>
        <translation>%n visit created</translation>
    </message>
    <message>
        <source>%n visites créées</source>
        <translation>%n visits created</translation>
    </message>
    <message>
        <source>%n mise à jour</source>
        <translation>%n updated</translation>
    </message>
    <message>
        <source>%n mises à jour</source>
        <translation>%n updated</translation>
    </message>
    <message>
        <source>%n retirée</source>
        <translation>%n removed</translation>
    </message>
    <message>
        <source>%n retirées</source>
        <translation>%n removed</translation>
    </message>
    <message>
        <source>Attention : %n visite en infraction.</source>
        <translation>Warning: %n visit breaks a rule.</translation>
    </message>
    <message>
        <source>Attention : %n visites en infraction.</source>
        <translation>Warning: %n visits break a rule.</translation>
    </message>
    <message>
        <source>%n visite en infraction (en rouge ; survolez pour la raison)</source>
        <translation>%n visit breaks a rule (in red; hover for the reason)</translation>
    </message>
    <message>
        <source>%n visites en infraction (en rouge ; survolez pour la raison)</source>
        <translation>%n visits break a rule (in red; hover for the reason)</translation>
    </message>
    <message>
        <source>Aucune visite enregistrée ce jour : ajoutez des organisations.</source>
        <translation>No visit saved for this day: add organisations.</translation>
    </message>
    <message>
        <source>Déjà dans la journée.</source>
        <translation>Already in the day.</translation>
    </message>
    <message>
        <source>Rien à optimiser : ajoutez des organisations.</source>
        <translation>Nothing to optimise: add organisations.</translation>
    </message>
    <message>
        <source>Optimisation de la journée</source>
        <translation>Optimising the day</translation>
    </message>
    <message>
        <source>Optimisation en cours…</source>
        <translation>Optimising…</translation>
    </message>
    <message>
        <source>Annulation…</source>
        <translation>Cancelling…</translation>
    </message>
    <message>
        <source>Optimisation annulée : la journée n&apos;a pas changé.</source>
        <translation>Optimisation cancelled: the day is unchanged.</translation>
    </message>
    <message>
        <source>Aucune visite à imprimer.</source>
        <translation>No visit to print.</translation>
    </message>
    <message>
        <source>Mise en page du PDF…</source>
        <translation>Laying out the PDF…</translation>
    </message>
    <message>
        <source>Impression du plan</source>
        <translation>Printing the plan</translation>
    </message>
    <message>
        <source>Aperçu avant impression</source>
        <translation>Print preview</translation>
    </message>
    <message>
        <source>Enregistrer le PDF</source>
        <translation>Save PDF</translation>
    </message>
    <message>
        <source>Documents PDF (*.pdf)</source>
        <translation>PDF documents (*.pdf)</translation>
    </message>
    <message>
        <source>Aucune visite à exporter.</source>
        <translation>No visit to export.</translation>
    </message>
    <message>
        <source>Exporter le calendrier</source>
        <translation>Export calendar</translation>
    </message>
    <message>
        <source>Calendrier iCalendar (*.ics)</source>
        <translation>iCalendar files (*.ics)</translation>
    </message>
    <message>
        <source>Impossible d&apos;écrire {path} : {error}</source>
        <translation>Cannot write {path}: {error}</translation>
    </message>
    <message>
        <source>Enregistré : {path}</source>
        <translation>Saved: {path}</translation>
    </message>
    <message>
        <source>Aucune visite ce jour.</source>
        <translation>No visit this day.</translation>
    </message>
    <message>
        <source>{km} km</source>
        <translation>{km} km</translation>
    </message>
    <message>
        <source>{time} de route</source>
        <translation>{time} driving</translation>
    </message>
    <message>
        <source>départ {t}</source>
        <translation>leave {t}</translation>
    </message>
    <message>
        <source>déjeuner {t}</source>
        <translation>lunch {t}</translation>
    </message>
    <message>
        <source>retour {t}</source>
        <translation>back {t}</translation>
    </message>
    <message>
        <source>Déverrouiller</source>
        <translation>Unlock</translation>
    </message>
    <message>
        <source>Erreur : {error}</source>
        <translation>Error: {error}</translation>
    </message>
    <message>
        <source>Plan non enregistré</source>
        <translation>Plan not saved</translation>
    </message>
    <message>
        <source>La journée a été modifiée. Abandonner les modifications ?</source>
        <translation>The day was changed. Discard the changes?</translation>
    </message>
    <message>
        <source>Campagne</source>
        <translation>Campaign</translation>
    </message>
</context>
<context>
    <name>ProspectTableModel</name>
    <message>
        <source>Nom</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Commune</source>
        <translation>Town</translation>
    </message>
    <message>
        <source>Dépt</source>
        <translation>Dept</translation>
    </message>
    <message>
        <source>NAF</source>
        <translation>NAF</translation>
    </message>
    <message>
        <source>Statut</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Priorité</source>
        <translation>Priority</translation>
    </message>
    <message>
        <source>Chargé de mission</source>
        <translation>Field officer</translation>
    </message>
    <message>
        <source>Visité le</source>
        <translation>Visited</translation>
    </message>
    <message>
        <source>Relance</source>
        <translation>Follow-up</translation>
    </message>
</context>
<context>
    <name>ProspectsPage</name>
    <message>
        <source>◂ Fiche</source>
        <translation>◂ Card</translation>
    </message>
    <message>
        <source>Fiche ▸</source>
        <translation>Card ▸</translation>
    </message>
    <message>
        <source>Masquer la fiche pour élargir la liste (Ctrl+Maj+F)</source>
        <translation>Hide the card to widen the list (Ctrl+Shift+F)</translation>
    </message>
    <message>
        <source>Afficher la fiche de l&apos;organisation (Ctrl+Maj+F)</source>
        <translation>Show the organisation&apos;s card (Ctrl+Shift+F)</translation>
    </message>
    <message>
        <source>comptage…</source>
        <translation>counting…</translation>
    </message>
    <message>
        <source>%n organisation</source>
        <translation>%n organisation</translation>
    </message>
    <message>
        <source>%n organisations</source>
        <translation>%n organisations</translation>
    </message>
    <message>
        <source>plus de %1 organisations</source>
        <translation>more than %1 organisations</translation>
    </message>
</context>
<context>
    <name>ReferralDialog</name>
    <message>
        <source>la personne</source>
        <translation>the person</translation>
    </message>
    <message>
        <source>%1 a donné son accord pour que ces informations soient transmises au pôle</source>
        <translation>%1 agreed that this information be shared with the cluster</translation>
    </message>
    <message>
        <source>Transmission impossible : %1</source>
        <translation>Could not refer: %1</translation>
    </message>
    <message>
        <source>Transmettre au pôle</source>
        <translation>Refer to a cluster</translation>
    </message>
    <message>
        <source>Transmettre %1 à un pôle</source>
        <translation>Refer %1 to a cluster</translation>
    </message>
    <message>
        <source>Pôles</source>
        <translation>Clusters</translation>
    </message>
    <message>
        <source>Message au pôle</source>
        <translation>Message for the cluster</translation>
    </message>
    <message>
        <source>Personne à présenter</source>
        <translation>Person to introduce</translation>
    </message>
    <message>
        <source>Accord donné par</source>
        <translation>Consent given by</translation>
    </message>
    <message>
        <source>Les pôles recommandés sont cochés</source>
        <translation>The recommended clusters are ticked</translation>
    </message>
    <message>
        <source>Ce que le pôle doit savoir : besoins, projet, meilleur moment pour appeler</source>
        <translation>What the cluster should know: needs, project, best time to call</translation>
    </message>
    <message>
        <source>Les personnes qui ne veulent plus être contactées ne sont pas proposées</source>
        <translation>People who asked not to be contacted again are not offered</translation>
    </message>
    <message>
        <source>Transmettre</source>
        <translation>Refer</translation>
    </message>
    <message>
        <source>Annuler</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>Paramètres enregistrés. Renseignez votre e-mail pour que le planning parte de votre commune.</source>
        <translation>Settings saved. Enter your e-mail so that planning starts from your town.</translation>
    </message>
    <message>
        <source>Enregistrement…</source>
        <translation>Saving…</translation>
    </message>
    <message>
        <source>Paramètres enregistrés. Départ des tournées : %1 (%2, %3).</source>
        <translation>Settings saved. Rounds start from %1 (%2, %3).</translation>
    </message>
    <message>
        <source>Commune de départ introuvable : %1</source>
        <translation>Home town not found: %1</translation>
    </message>
    <message>
        <source>Enregistrement impossible : %1</source>
        <translation>Cannot save: %1</translation>
    </message>
    <message>
        <source>Adresse e-mail invalide : %1</source>
        <translation>Invalid e-mail address: %1</translation>
    </message>
    <message>
        <source>L&apos;adresse du registre doit commencer par https:// ou http://</source>
        <translation>The registry address must start with https:// or http://</translation>
    </message>
    <message>
        <source>La fin de journée doit suivre le début.</source>
        <translation>The end of the day must come after its start.</translation>
    </message>
    <message>
        <source>Paramètres enregistrés.</source>
        <translation>Settings saved.</translation>
    </message>
    <message>
        <source>Chargé de mission</source>
        <translation>Field officer</translation>
    </message>
    <message>
        <source>Horaires de travail</source>
        <translation>Working hours</translation>
    </message>
    <message>
        <source>Synchronisation et langue</source>
        <translation>Sync and language</translation>
    </message>
    <message>
        <source>&amp;Nom</source>
        <translation>&amp;Name</translation>
    </message>
    <message>
        <source>E-&amp;mail</source>
        <translation>E-&amp;mail</translation>
    </message>
    <message>
        <source>&amp;Commune de départ</source>
        <translation>&amp;Home base (town)</translation>
    </message>
    <message>
        <source>&amp;Début de journée</source>
        <translation>Day s&amp;tarts</translation>
    </message>
    <message>
        <source>&amp;Fin de journée</source>
        <translation>Day en&amp;ds</translation>
    </message>
    <message>
        <source>&amp;Pause déjeuner (min)</source>
        <translation>&amp;Lunch break (min)</translation>
    </message>
    <message>
        <source>Départ au plus &amp;tôt pour un rendez-vous fixe (min avant)</source>
        <translation>&amp;Earliest departure for a fixed appointment (min before)</translation>
    </message>
    <message>
        <source>Adresse du &amp;registre</source>
        <translation>&amp;Registry address</translation>
    </message>
    <message>
        <source>&amp;Langue</source>
        <translation>Lan&amp;guage</translation>
    </message>
    <message>
        <source>Tapez les premières lettres…</source>
        <translation>Type the first letters…</translation>
    </message>
    <message>
        <source>&amp;Enregistrer</source>
        <translation>&amp;Save</translation>
    </message>
</context>
<context>
    <name>Shortcuts</name>
    <message>
        <source>Rechercher une organisation (nom, SIRET, commune, contact…)</source>
        <translation>Search for an organisation (name, SIRET, town, contact…)</translation>
    </message>
    <message>
        <source>↓ / Entrée</source>
        <translation>↓ / Enter</translation>
    </message>
    <message>
        <source>Passer à la liste, première ligne sélectionnée</source>
        <translation>Go to the list, first row selected</translation>
    </message>
    <message>
        <source>Choisir l&apos;organisation : sa fiche s&apos;affiche à droite</source>
        <translation>Pick the organisation: its card shows on the right</translation>
    </message>
    <message>
        <source>Consigner une visite pour l&apos;organisation sélectionnée</source>
        <translation>Log a visit for the selected organisation</translation>
    </message>
    <message>
        <source>Tab / Maj+Tab</source>
        <translation>Tab / Shift+Tab</translation>
    </message>
    <message>
        <source>Champ suivant / précédent du compte rendu</source>
        <translation>Next / previous field of the report</translation>
    </message>
    <message>
        <source>Date et heure de la visite (← → entre jour, mois, heure)</source>
        <translation>Date and time of the visit (← → between day, month, hour)</translation>
    </message>
    <message>
        <source>Alt+lettre soulignée</source>
        <translation>Alt+underlined letter</translation>
    </message>
    <message>
        <source>Aller à un champ, choisir un résultat</source>
        <translation>Go to a field, pick an outcome</translation>
    </message>
    <message>
        <source>Intérêt (hors des champs de texte)</source>
        <translation>Interest (outside text fields)</translation>
    </message>
    <message>
        <source>Espace</source>
        <translation>Space</translation>
    </message>
    <message>
        <source>Cocher le besoin sous le curseur</source>
        <translation>Tick the need under the cursor</translation>
    </message>
    <message>
        <source>Ctrl+Entrée</source>
        <translation>Ctrl+Enter</translation>
    </message>
    <message>
        <source>Enregistrer la visite</source>
        <translation>Save the visit</translation>
    </message>
    <message>
        <source>Échap</source>
        <translation>Esc</translation>
    </message>
    <message>
        <source>Fermer (le brouillon est gardé tant que vous ne l&apos;abandonnez pas)</source>
        <translation>Close (the draft is kept unless you drop it)</translation>
    </message>
    <message>
        <source>Modifier la fiche de l&apos;organisation</source>
        <translation>Edit the organisation&apos;s card</translation>
    </message>
    <message>
        <source>Ctrl+Maj+F</source>
        <translation>Ctrl+Shift+F</translation>
    </message>
    <message>
        <source>Masquer / afficher la fiche à côté de la liste</source>
        <translation>Hide / show the card beside the list</translation>
    </message>
    <message>
        <source>Entrée</source>
        <translation>Enter</translation>
    </message>
    <message>
        <source>Dans l&apos;historique des visites : ouvrir le compte rendu</source>
        <translation>In the visit history: open the report</translation>
    </message>
    <message>
        <source>Cette aide</source>
        <translation>This help</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source>Raccourcis clavier</source>
        <translation>Keyboard shortcuts</translation>
    </message>
    <message>
        <source>Consigner une visite au clavier</source>
        <translation>Logging a visit with the keyboard</translation>
    </message>
    <message>
        <source>Partout</source>
        <translation>Everywhere</translation>
    </message>
</context>
<context>
    <name>StopsModel</name>
    <message>
        <source>N°</source>
        <translation>No.</translation>
    </message>
    <message>
        <source>Heure</source>
        <translation>Time</translation>
    </message>
    <message>
        <source>Organisation</source>
        <translation>Organisation</translation>
    </message>
    <message>
        <source>Adresse</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>Attente</source>
        <translation>Wait</translation>
    </message>
    <message>
        <source>Verrou</source>
        <translation>Lock</translation>
    </message>
    <message>
        <source>Verrouillée : l&apos;optimisation garde cette visite à cette heure</source>
        <translation>Locked: optimising keeps this visit at this time</translation>
    </message>
    <message>
        <source>Arrivée à {arrival}, début à {start}</source>
        <translation>Arrives at {arrival}, starts at {start}</translation>
    </message>
    <message numerus="yes">
        <source>%n min</source>
        <translation>
            <numerusform>%n min</numerusform>
            <numerusform>%n min</numerusform>
        </translation>
    </message>
    <message>
        <source>{h} h {m:02d}</source>
        <translation>{h} h {m:02d}</translation>
    </message>
</context>
<context>
    <name>SyncController</name>
    <message>
        <source>Indiquez d&apos;abord l&apos;adresse du registre dans les Paramètres.</source>
        <translation>First enter the registry address in Settings.</translation>
    </message>
    <message>
        <source>Envoi des modifications : %1 / %2</source>
        <translation>Sending changes: %1 / %2</translation>
    </message>
    <message>
        <source>Synchronisation</source>
        <translation>Sync</translation>
    </message>
    <message>
        <source>Le registre ne reconnaît pas ce poste : connectez-vous pour synchroniser.</source>
        <translation>The registry does not recognise this laptop: log in to sync.</translation>
    </message>
    <message>
        <source>Cette base appartient à un autre compte du registre : %1</source>
        <translation>This database belongs to another registry account: %1</translation>
    </message>
    <message>
        <source>La synchronisation a échoué : %1</source>
        <translation>Sync failed: %1</translation>
    </message>
    <message>
        <source>Serveur injoignable — vos modifications restent en attente (%1).</source>
        <translation>Server unreachable — your changes are still waiting (%1).</translation>
    </message>
    <message>
        <source>Le registre a rencontré une erreur ; réessayez plus tard. Vos modifications restent en attente (%1).</source>
        <translation>The registry ran into an error; try again later. Your changes are still waiting (%1).</translation>
    </message>
    <message>
        <source>Le registre refuse cette opération pour votre compte.</source>
        <translation>The registry refuses this for your account.</translation>
    </message>
    <message>
        <source>Connexion refusée : reconnectez-vous.</source>
        <translation>Access refused: log in again.</translation>
    </message>
    <message>
        <source>Le registre et cette application ne parlent pas la même version du protocole de synchronisation : il faut mettre à jour l&apos;application (ou le registre). Vos modifications restent en attente (%1).</source>
        <translation>The registry and this application speak different versions of the sync protocol: the application (or the registry) must be updated. Your changes are still pending (%1).</translation>
    </message>
    <message>
        <source>Le registre a refusé les données envoyées : %1</source>
        <translation>The registry refused the data sent: %1</translation>
    </message>
    <message>
        <source>E-mail ou mot de passe incorrect.</source>
        <translation>Wrong e-mail or password.</translation>
    </message>
    <message>
        <source>Serveur injoignable : vérifiez la connexion et l&apos;adresse du registre.</source>
        <translation>Server unreachable: check the connection and the registry address.</translation>
    </message>
    <message>
        <source>Trop de tentatives : patientez une minute avant de réessayer.</source>
        <translation>Too many attempts: wait a minute before trying again.</translation>
    </message>
    <message>
        <source>Connexion impossible : %1</source>
        <translation>Cannot log in: %1</translation>
    </message>
    <message>
        <source>%1 dans %2. Portez ce fichier au bureau ; elles restent en attente ici jusqu&apos;à l&apos;import de la réponse.</source>
        <translation>%1 to %2. Take this file to the office; they stay pending here until the answer is imported.</translation>
    </message>
    <message>
        <source>%n modification écrite</source>
        <translation>%n change written</translation>
    </message>
    <message>
        <source>%n modifications écrites</source>
        <translation>%n changes written</translation>
    </message>
    <message>
        <source>Réponse importée : %1, %2, %3.</source>
        <translation>Answer imported: %1, %2, %3.</translation>
    </message>
    <message>
        <source>%n modification confirmée</source>
        <translation>%n change confirmed</translation>
    </message>
    <message>
        <source>%n modifications confirmées</source>
        <translation>%n changes confirmed</translation>
    </message>
    <message>
        <source>%n fiche reçue</source>
        <translation>%n record received</translation>
    </message>
    <message>
        <source>%n fiches reçues</source>
        <translation>%n records received</translation>
    </message>
    <message>
        <source>%n conflit</source>
        <translation>%n conflict</translation>
    </message>
    <message>
        <source>%n conflits</source>
        <translation>%n conflicts</translation>
    </message>
    <message>
        <source>Ce portable n&apos;a pas de jeton du registre : demandez-en un au bureau, puis synchronisez une première fois (le paquet est scellé avec ce jeton).</source>
        <translation>This laptop has no registry token: ask the office for one, then sync once first (the bundle is sealed with that token).</translation>
    </message>
    <message>
        <source>%n fiche</source>
        <translation>%n record</translation>
    </message>
    <message>
        <source>%n fiches</source>
        <translation>%n records</translation>
    </message>
    <message>
        <source>Réception : %1</source>
        <translation>Receiving: %1</translation>
    </message>
    <message>
        <source>Export impossible : %1</source>
        <translation>Cannot export: %1</translation>
    </message>
    <message>
        <source>Import impossible : %1</source>
        <translation>Cannot import: %1</translation>
    </message>
    <message>
        <source>Impossible d&apos;enregistrer ce choix : %1</source>
        <translation>Cannot save this choice: %1</translation>
    </message>
</context>
<context>
    <name>SyncLabels</name>
    <message>
        <source>Organisation</source>
        <translation>Organisation</translation>
    </message>
    <message>
        <source>Contact</source>
        <translation>Contact</translation>
    </message>
    <message>
        <source>Visite</source>
        <translation>Visit</translation>
    </message>
    <message>
        <source>Relance</source>
        <translation>Follow-up</translation>
    </message>
    <message>
        <source>Chargé de mission</source>
        <translation>Officer</translation>
    </message>
    <message>
        <source>Pôle</source>
        <translation>Cluster</translation>
    </message>
    <message>
        <source>Site de pôle</source>
        <translation>Cluster site</translation>
    </message>
    <message>
        <source>Transmission au pôle</source>
        <translation>Referral to a cluster</translation>
    </message>
    <message>
        <source>Personne transmise</source>
        <translation>Person shared</translation>
    </message>
    <message>
        <source>Date d&apos;envoi</source>
        <translation>Sent on</translation>
    </message>
    <message>
        <source>Message au pôle</source>
        <translation>Message to the cluster</translation>
    </message>
    <message>
        <source>Consentement donné par</source>
        <translation>Consent given by</translation>
    </message>
    <message>
        <source>Consentement donné le</source>
        <translation>Consent given on</translation>
    </message>
    <message>
        <source>Consentement recueilli par</source>
        <translation>Consent recorded by</translation>
    </message>
    <message>
        <source>Statut de la transmission</source>
        <translation>Referral status</translation>
    </message>
    <message>
        <source>Motif du pôle</source>
        <translation>Cluster&apos;s reason</translation>
    </message>
    <message>
        <source>Date du rendez-vous</source>
        <translation>Meeting date</translation>
    </message>
    <message>
        <source>Statut changé le</source>
        <translation>Status changed on</translation>
    </message>
    <message>
        <source>Commentaires du pôle</source>
        <translation>Cluster&apos;s comments</translation>
    </message>
    <message>
        <source>Historique des statuts</source>
        <translation>Status history</translation>
    </message>
    <message>
        <source>Fiche entière</source>
        <translation>Whole record</translation>
    </message>
    <message>
        <source>Nom</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Fonction</source>
        <translation>Job title</translation>
    </message>
    <message>
        <source>État de la visite</source>
        <translation>Visit status</translation>
    </message>
    <message>
        <source>Enseigne</source>
        <translation>Trade name</translation>
    </message>
    <message>
        <source>Prénom</source>
        <translation>First name</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>Kind</translation>
    </message>
    <message>
        <source>Commune</source>
        <translation>Municipality</translation>
    </message>
    <message>
        <source>Adresse</source>
        <translation>Address</translation>
    </message>
    <message>
        <source>Complément d&apos;adresse</source>
        <translation>Address line 2</translation>
    </message>
    <message>
        <source>Code postal</source>
        <translation>Postcode</translation>
    </message>
    <message>
        <source>Téléphone</source>
        <translation>Phone</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>Site web</source>
        <translation>Website</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Notes</translation>
    </message>
    <message>
        <source>Statut</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Priorité</source>
        <translation>Priority</translation>
    </message>
    <message>
        <source>Étiquettes</source>
        <translation>Tags</translation>
    </message>
    <message>
        <source>Code NAF</source>
        <translation>NAF code</translation>
    </message>
    <message>
        <source>Forme juridique</source>
        <translation>Legal form</translation>
    </message>
    <message>
        <source>Date de création</source>
        <translation>Founded on</translation>
    </message>
    <message>
        <source>Département</source>
        <translation>Department</translation>
    </message>
    <message>
        <source>Résultat</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <source>Intérêt</source>
        <translation>Interest</translation>
    </message>
    <message>
        <source>Objet</source>
        <translation>Purpose</translation>
    </message>
    <message>
        <source>Prochaine étape</source>
        <translation>Next step</translation>
    </message>
    <message>
        <source>Début prévu</source>
        <translation>Planned start</translation>
    </message>
    <message>
        <source>Début réel</source>
        <translation>Actual start</translation>
    </message>
    <message>
        <source>Durée (min)</source>
        <translation>Duration (min)</translation>
    </message>
    <message>
        <source>Date de relance</source>
        <translation>Follow-up date</translation>
    </message>
    <message>
        <source>Besoins</source>
        <translation>Needs</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>Action</translation>
    </message>
    <message>
        <source>Échéance</source>
        <translation>Due date</translation>
    </message>
    <message>
        <source>Suppression</source>
        <translation>Deletion</translation>
    </message>
    <message>
        <source>Latitude</source>
        <translation>Latitude</translation>
    </message>
    <message>
        <source>Longitude</source>
        <translation>Longitude</translation>
    </message>
    <message>
        <source>{label} : {value}</source>
        <translation>{label}: {value}</translation>
    </message>
    <message>
        <source>(vide)</source>
        <translation>(empty)</translation>
    </message>
    <message>
        <source>Oui</source>
        <translation>Yes</translation>
    </message>
    <message>
        <source>Non</source>
        <translation>No</translation>
    </message>
    <message>
        <source>oui</source>
        <translation>yes</translation>
    </message>
    <message>
        <source>non</source>
        <translation>no</translation>
    </message>
    <message>
        <source>jamais</source>
        <translation>never</translation>
    </message>
    <message>
        <source>à l&apos;instant</source>
        <translation>just now</translation>
    </message>
    <message>
        <source>aujourd&apos;hui à %1</source>
        <translation>today at %1</translation>
    </message>
    <message>
        <source>hier à %1</source>
        <translation>yesterday at %1</translation>
    </message>
    <message>
        <source>le %1 à %2</source>
        <translation>on %1 at %2</translation>
    </message>
</context>
<context>
    <name>SyncStatusWidget</name>
    <message>
        <source>Annuler la synchro</source>
        <translation>Cancel sync</translation>
    </message>
    <message>
        <source>Synchroniser</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <source>%n modification en attente d&apos;envoi</source>
        <translation>%n change waiting to be sent</translation>
    </message>
    <message>
        <source>%n modifications en attente d&apos;envoi</source>
        <translation>%n changes waiting to be sent</translation>
    </message>
    <message>
        <source>%n conflit à régler</source>
        <translation>%n conflict to settle</translation>
    </message>
    <message>
        <source>%n conflits à régler</source>
        <translation>%n conflicts to settle</translation>
    </message>
    <message>
        <source>%n réponse des pôles</source>
        <translation>%n answer from the clusters</translation>
    </message>
    <message>
        <source>%n réponses des pôles</source>
        <translation>%n answers from the clusters</translation>
    </message>
    <message>
        <source>Des pôles ont répondu à vos transmissions depuis la synchro précédente</source>
        <translation>Clusters answered your referrals since the previous sync</translation>
    </message>
    <message>
        <source>synchronisation en cours…</source>
        <translation>syncing…</translation>
    </message>
    <message>
        <source>jamais synchronisé</source>
        <translation>never synced</translation>
    </message>
    <message>
        <source>dernière synchro : %1</source>
        <translation>last sync: %1</translation>
    </message>
    <message>
        <source>Envoyer mes modifications au registre et recevoir celles des collègues</source>
        <translation>Send my changes to the registry and receive my colleagues&apos;</translation>
    </message>
</context>
<context>
    <name>SyncView</name>
    <message>
        <source>Registre : %1</source>
        <translation>Registry: %1</translation>
    </message>
    <message>
        <source>Registre : non renseigné (voir Paramètres)</source>
        <translation>Registry: not set (see Settings)</translation>
    </message>
    <message>
        <source>Compte : %1</source>
        <translation>Account: %1</translation>
    </message>
    <message>
        <source>Compte : pas encore synchronisé</source>
        <translation>Account: not synced yet</translation>
    </message>
    <message>
        <source>Dernière synchronisation : %1</source>
        <translation>Last sync: %1</translation>
    </message>
    <message>
        <source>Connexion au registre…</source>
        <translation>Connecting to the registry…</translation>
    </message>
    <message>
        <source>%n modification en attente d&apos;envoi</source>
        <translation>%n change waiting to be sent</translation>
    </message>
    <message>
        <source>%n modifications en attente d&apos;envoi</source>
        <translation>%n changes waiting to be sent</translation>
    </message>
    <message>
        <source>Synchronisation terminée : %1, %2.</source>
        <translation>Sync finished: %1, %2.</translation>
    </message>
    <message>
        <source>%n envoyée</source>
        <translation>%n sent</translation>
    </message>
    <message>
        <source>%n envoyées</source>
        <translation>%n sent</translation>
    </message>
    <message>
        <source>%n reçue</source>
        <translation>%n received</translation>
    </message>
    <message>
        <source>%n reçues</source>
        <translation>%n received</translation>
    </message>
    <message>
        <source>%n nouveau conflit à régler ci-dessous.</source>
        <translation>%n new conflict to settle below.</translation>
    </message>
    <message>
        <source>%n nouveaux conflits à régler ci-dessous.</source>
        <translation>%n new conflicts to settle below.</translation>
    </message>
    <message>
        <source>%n contact effacé à la demande de la base centrale (RGPD).</source>
        <translation>%n contact erased at the registry&apos;s request (GDPR).</translation>
    </message>
    <message>
        <source>%n contacts effacés à la demande de la base centrale (RGPD).</source>
        <translation>%n contacts erased at the registry&apos;s request (GDPR).</translation>
    </message>
    <message>
        <source>%n modification d&apos;un contact effacé abandonnée : l&apos;effacement l&apos;emporte.</source>
        <translation>%n change to an erased contact dropped: erasure wins.</translation>
    </message>
    <message>
        <source>%n modifications d&apos;un contact effacé abandonnées : l&apos;effacement l&apos;emporte.</source>
        <translation>%n changes to an erased contact dropped: erasure wins.</translation>
    </message>
    <message>
        <source>Synchronisation annulée : ce qui était déjà échangé est conservé, le reste partira la prochaine fois.</source>
        <translation>Sync cancelled: what was already exchanged is kept, the rest goes next time.</translation>
    </message>
    <message>
        <source>Changer de compte ?</source>
        <translation>Change account?</translation>
    </message>
    <message>
        <source>Rattacher cette base au compte connecté ? Ses fiches seront de nouveau reçues du registre pour ce compte.</source>
        <translation>Attach this database to the logged-in account? Its records will be received again from the registry for that account.</translation>
    </message>
    <message>
        <source>Connecté en tant que %1.</source>
        <translation>Logged in as %1.</translation>
    </message>
    <message>
        <source>Exporter mes modifications</source>
        <translation>Export my changes</translation>
    </message>
    <message>
        <source>Importer la réponse du registre</source>
        <translation>Import the registry&apos;s reply</translation>
    </message>
    <message>
        <source>Synchronisation avec le registre</source>
        <translation>Sync with the registry</translation>
    </message>
    <message>
        <source>État</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Se connecter…</source>
        <translation>Log in…</translation>
    </message>
    <message>
        <source>Synchroniser</source>
        <translation>Sync now</translation>
    </message>
    <message>
        <source>Sans réseau</source>
        <translation>No network</translation>
    </message>
    <message>
        <source>Pas de connexion ? Exportez vos modifications dans un paquet, faites-le importer au bureau, puis importez ici le paquet de réponse.</source>
        <translation>No connection? Export your changes to a bundle, have it imported at the office, then import the reply bundle here.</translation>
    </message>
    <message>
        <source>Exporter un paquet…</source>
        <translation>Export a bundle…</translation>
    </message>
    <message>
        <source>Importer la réponse…</source>
        <translation>Import the reply…</translation>
    </message>
    <message>
        <source>Conflits</source>
        <translation>Conflicts</translation>
    </message>
    <message>
        <source>Champs modifiés des deux côtés</source>
        <translation>Fields changed on both sides</translation>
    </message>
</context>
<context>
    <name>UnservedModel</name>
    <message>
        <source>Organisation</source>
        <translation>Organisation</translation>
    </message>
    <message>
        <source>Pourquoi elle n&apos;est pas dans la journée</source>
        <translation>Why it is not in the day</translation>
    </message>
    <message>
        <source>{name} (RDV fixe)</source>
        <translation>{name} (fixed appt.)</translation>
    </message>
</context>
<context>
    <name>VisitDetailsDialog</name>
    <message>
        <source>Visite du %1 — %2</source>
        <translation>Visit of %1 — %2</translation>
    </message>
    <message>
        <source>Date et heure</source>
        <translation>Date and time</translation>
    </message>
    <message>
        <source>État</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Chargé de mission</source>
        <translation>Field officer</translation>
    </message>
    <message>
        <source>Durée</source>
        <translation>Duration</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>Interlocuteur</source>
        <translation>Contact person</translation>
    </message>
    <message>
        <source>Objet</source>
        <translation>Purpose</translation>
    </message>
    <message>
        <source>Résultat</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <source>Intérêt</source>
        <translation>Interest</translation>
    </message>
    <message>
        <source>Besoins et sujets</source>
        <translation>Needs and topics</translation>
    </message>
    <message>
        <source>Pôles recommandés</source>
        <translation>Recommended clusters</translation>
    </message>
    <message>
        <source>Prochaine étape</source>
        <translation>Next step</translation>
    </message>
    <message>
        <source>Relance le</source>
        <translation>Follow up on</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Notes</translation>
    </message>
</context>
<context>
    <name>VisitDialog</name>
    <message>
        <source>Brouillon enregistré à %1</source>
        <translation>Draft saved at %1</translation>
    </message>
    <message>
        <source>Brouillon illisible (autre clé ou fichier abîmé), mis de côté : %1</source>
        <translation>Unreadable draft (another key or a damaged file), set aside: %1</translation>
    </message>
    <message>
        <source>Brouillon repris</source>
        <translation>Draft resumed</translation>
    </message>
    <message>
        <source>votre nom et votre e-mail manquent pour signer le compte rendu ; le brouillon est conservé.</source>
        <translation>your name and e-mail are needed to sign the report; the draft is kept.</translation>
    </message>
    <message>
        <source>la date est dans le futur : une visite à venir se planifie, elle n&apos;est pas encore faite. Corrigez la date et l&apos;heure.</source>
        <translation>the date is in the future: a visit to come is planned, not done yet. Correct the date and time.</translation>
    </message>
    <message>
        <source>La date de relance précède la visite.</source>
        <translation>The follow-up date is before the visit.</translation>
    </message>
    <message>
        <source>Visite non enregistrée : %1</source>
        <translation>Visit not saved: %1</translation>
    </message>
    <message>
        <source>Abandonner le compte rendu ?</source>
        <translation>Discard the report?</translation>
    </message>
    <message>
        <source>Le compte rendu de visite n&apos;est pas enregistré. L&apos;abandonner ?</source>
        <translation>The visit report is not saved. Discard it?</translation>
    </message>
    <message>
        <source>Compte rendu de visite — %1</source>
        <translation>Visit report — %1</translation>
    </message>
    <message>
        <source>&amp;Date et heure</source>
        <translation>&amp;Date and time</translation>
    </message>
    <message>
        <source>D&amp;urée (min)</source>
        <translation>D&amp;uration (min)</translation>
    </message>
    <message>
        <source>&amp;Interlocuteur</source>
        <translation>&amp;Interlocutor</translation>
    </message>
    <message>
        <source>&amp;Prochaine étape</source>
        <translation>Ne&amp;xt step</translation>
    </message>
    <message>
        <source>&amp;Notes</source>
        <translation>&amp;Notes</translation>
    </message>
    <message>
        <source>Résultat</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <source>Transmettre ensuite au pôle</source>
        <translation>Then refer to the cluster</translation>
    </message>
    <message>
        <source>Après l&apos;enregistrement, ouvrir « Transmettre au pôle » avec ces pôles cochés</source>
        <translation>Once saved, open « Refer to a cluster » with these clusters ticked</translation>
    </message>
    <message>
        <source>R&amp;encontré</source>
        <translation>M&amp;et</translation>
    </message>
    <message>
        <source>In&amp;téressé</source>
        <translation>In&amp;terested</translation>
    </message>
    <message>
        <source>P&amp;as intéressé</source>
        <translation>N&amp;ot interested</translation>
    </message>
    <message>
        <source>À &amp;recontacter</source>
        <translation>To &amp;recontact</translation>
    </message>
    <message>
        <source>&amp;Mauvais interlocuteur</source>
        <translation>&amp;Wrong person</translation>
    </message>
    <message>
        <source>Établissement &amp;fermé</source>
        <translation>Establishment &amp;closed</translation>
    </message>
    <message>
        <source>Intérêt (touches 0 à 3)</source>
        <translation>Interest (keys 0 to 3)</translation>
    </message>
    <message>
        <source>&amp;Besoins et sujets (Espace pour cocher)</source>
        <translation>Needs and to&amp;pics (Space to tick)</translation>
    </message>
    <message>
        <source>Pôles re&amp;commandés</source>
        <translation>Recommended clu&amp;sters</translation>
    </message>
    <message>
        <source>Pas d&apos;orientation disponible</source>
        <translation>No orientation available</translation>
    </message>
    <message>
        <source>Re&amp;lance le</source>
        <translation>Fo&amp;llow up on</translation>
    </message>
    <message>
        <source>ex. envoyer la plaquette, présenter au pôle…</source>
        <translation>e.g. send the brochure, introduce to the cluster…</translation>
    </message>
    <message>
        <source>Renseigner mon identité…</source>
        <translation>Fill in my identity…</translation>
    </message>
    <message>
        <source>Enregistrer (Ctrl+Entrée)</source>
        <translation>Save (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Annuler</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>WeekModel</name>
    <message>
        <source>aucune visite</source>
        <translation>no visits</translation>
    </message>
    <message>
        <source>%n visite</source>
        <translation>%n visit</translation>
    </message>
    <message>
        <source>%n visites</source>
        <translation>%n visits</translation>
    </message>
    <message>
        <source>{km} km</source>
        <translation>{km} km</translation>
    </message>
    <message>
        <source>{time} de route</source>
        <translation>{time} driving</translation>
    </message>
    <message>
        <source>Rendez-vous fixe</source>
        <translation>Fixed appointment</translation>
    </message>
    <message>
        <source>Cliquer pour ouvrir la journée</source>
        <translation>Click to open the day</translation>
    </message>
    <message>
        <source>Cliquer pour ouvrir la journée dans le planificateur</source>
        <translation>Click to open the day in the planner</translation>
    </message>
</context>
<context>
    <name>WeekView</name>
    <message>
        <source>&lt;span style=&apos;background:#e3ecf7&apos;&gt;&lt;b&gt;En gras&lt;/b&gt;&lt;/span&gt; : rendez-vous fixe · cliquer sur un jour pour l&apos;ouvrir</source>
        <translation>&lt;span style=&apos;background:#e3ecf7&apos;&gt;&lt;b&gt;In bold&lt;/b&gt;&lt;/span&gt;: fixed appointment · click a day to open it</translation>
    </message>
    <message>
        <source>Semaine du</source>
        <translation>Week of</translation>
    </message>
    <message>
        <source>Chargé de mission</source>
        <translation>Field officer</translation>
    </message>
    <message>
        <source>Semaine précédente</source>
        <translation>Previous week</translation>
    </message>
    <message>
        <source>Semaine suivante</source>
        <translation>Next week</translation>
    </message>
    <message>
        <source>Dossier de la semaine (PDF)…</source>
        <translation>Week pack (PDF)…</translation>
    </message>
    <message>
        <source>Exporter la semaine (.ics)…</source>
        <translation>Export the week (.ics)…</translation>
    </message>
    <message>
        <source>Aucune visite enregistrée cette semaine. Ouvrez un jour pour la planifier.</source>
        <translation>No visits saved this week. Open a day to plan it.</translation>
    </message>
    <message>
        <source>Aucune visite à exporter cette semaine.</source>
        <translation>No visits to export this week.</translation>
    </message>
    <message>
        <source>Enregistrer le dossier de la semaine</source>
        <translation>Save the week pack</translation>
    </message>
    <message>
        <source>Documents PDF (*.pdf)</source>
        <translation>PDF documents (*.pdf)</translation>
    </message>
    <message>
        <source>mise en page</source>
        <translation>laying out</translation>
    </message>
    <message>
        <source>Dossier de la semaine</source>
        <translation>Week pack</translation>
    </message>
    <message>
        <source>Exporter le calendrier de la semaine</source>
        <translation>Export the week&apos;s calendar</translation>
    </message>
    <message>
        <source>Calendrier iCalendar (*.ics)</source>
        <translation>iCalendar files (*.ics)</translation>
    </message>
    <message>
        <source>Calendrier de la semaine</source>
        <translation>Week calendar</translation>
    </message>
    <message>
        <source>Annulation…</source>
        <translation>Cancelling…</translation>
    </message>
    <message>
        <source>Enregistré : {path}</source>
        <translation>Saved: {path}</translation>
    </message>
    <message>
        <source>Export annulé : aucun fichier écrit.</source>
        <translation>Export cancelled: no file written.</translation>
    </message>
    <message>
        <source>Semaine {n} — du {a} au {b}</source>
        <translation>Week {n} — {a} to {b}</translation>
    </message>
    <message>
        <source>%n visite</source>
        <translation>%n visit</translation>
    </message>
    <message>
        <source>%n visites</source>
        <translation>%n visits</translation>
    </message>
    <message>
        <source>{km} km</source>
        <translation>{km} km</translation>
    </message>
    <message>
        <source>{time} de route</source>
        <translation>{time} driving</translation>
    </message>
    <message>
        <source>Erreur : {error}</source>
        <translation>Error: {error}</translation>
    </message>
</context>
<context>
    <name>_FormDialog</name>
    <message>
        <source>%1 : %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>Enregistrement impossible : %1</source>
        <translation>Cannot save: %1</translation>
    </message>
</context>
</TS>
