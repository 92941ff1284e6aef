"""*Raccourcis* (F1): the keyboard path through the day's work, on one screen.

The table is built from the same list the sidebar uses for its tooltips, so a shortcut shown in
one place cannot differ from the other.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QCoreApplication, QSize
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from hdf_field.ui.common import size_to_screen


def day_path() -> list[tuple[str, str]]:
    """The steps of logging a visit, in the order they are done."""
    return [
        (
            "Ctrl+F",
            QCoreApplication.translate(
                "Shortcuts", "Rechercher une organisation (nom, SIRET, commune, contact…)"
            ),
        ),
        (
            QCoreApplication.translate("Shortcuts", "↓ / Entrée"),
            QCoreApplication.translate(
                "Shortcuts", "Passer à la liste, première ligne sélectionnée"
            ),
        ),
        (
            "↑ ↓",
            QCoreApplication.translate(
                "Shortcuts", "Choisir l'organisation : sa fiche s'affiche à droite"
            ),
        ),
        (
            "Ctrl+L",
            QCoreApplication.translate(
                "Shortcuts", "Consigner une visite pour l'organisation sélectionnée"
            ),
        ),
        (
            QCoreApplication.translate("Shortcuts", "Tab / Maj+Tab"),
            QCoreApplication.translate("Shortcuts", "Champ suivant / précédent du compte rendu"),
        ),
        (
            "Alt+D",
            QCoreApplication.translate(
                "Shortcuts", "Date et heure de la visite (← → entre jour, mois, heure)"
            ),
        ),
        (
            QCoreApplication.translate("Shortcuts", "Alt+lettre soulignée"),
            QCoreApplication.translate("Shortcuts", "Aller à un champ, choisir un résultat"),
        ),
        ("0 1 2 3", QCoreApplication.translate("Shortcuts", "Intérêt (hors des champs de texte)")),
        (
            QCoreApplication.translate("Shortcuts", "Espace"),
            QCoreApplication.translate("Shortcuts", "Cocher le besoin sous le curseur"),
        ),
        (
            QCoreApplication.translate("Shortcuts", "Ctrl+Entrée"),
            QCoreApplication.translate("Shortcuts", "Enregistrer la visite"),
        ),
        (
            QCoreApplication.translate("Shortcuts", "Échap"),
            QCoreApplication.translate(
                "Shortcuts", "Fermer (le brouillon est gardé tant que vous ne l'abandonnez pas)"
            ),
        ),
    ]


def general_keys(pages: list[str]) -> list[tuple[str, str]]:
    """Screens by number, then the keys that work everywhere."""
    keys = [(f"Ctrl+{i + 1}", name) for i, name in enumerate(pages[:9])]
    keys += [
        ("Ctrl+E", QCoreApplication.translate("Shortcuts", "Modifier la fiche de l'organisation")),
        (
            QCoreApplication.translate("Shortcuts", "Ctrl+Maj+F"),
            QCoreApplication.translate(
                "Shortcuts", "Masquer / afficher la fiche à côté de la liste"
            ),
        ),
        (
            QCoreApplication.translate("Shortcuts", "Entrée"),
            QCoreApplication.translate(
                "Shortcuts", "Dans l'historique des visites : ouvrir le compte rendu"
            ),
        ),
        ("F1", QCoreApplication.translate("Shortcuts", "Cette aide")),
    ]
    return keys


class ShortcutsDialog(QDialog):
    def __init__(self, pages: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shortcutsHelp")
        self.setWindowTitle(self.tr("Raccourcis clavier"))
        self.text = QTextBrowser(self)
        self.text.setObjectName("shortcutsText")
        self.text.setHtml(self.html(pages))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.buttons)
        size_to_screen(self, QSize(640, 560))

    def html(self, pages: list[str]) -> str:
        def table(rows: list[tuple[str, str]]) -> str:
            cells = "".join(
                f"<tr><td style='padding-right:16px'><b>{escape(k)}</b></td>"
                f"<td>{escape(v)}</td></tr>"
                for k, v in rows
            )
            return f"<table cellspacing='3'>{cells}</table>"

        path_title = self.tr("Consigner une visite au clavier")
        everywhere = self.tr("Partout")
        return (
            f"<h3>{escape(path_title)}</h3>{table(day_path())}"
            f"<h3>{escape(everywhere)}</h3>{table(general_keys(pages))}"
        )
