"""A past visit, read-only: everything the report recorded, which the history table cuts."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from hdf_field.domain.needs import NEEDS_BY_KEY
from hdf_field.services.org_card import PARIS, VisitRow
from hdf_field.ui.common import (
    current_language,
    format_date,
    interest_label,
    outcome_label,
    size_to_screen,
    visit_status_label,
)


class VisitDetailsDialog(QDialog):
    def __init__(self, organisation: str, visit: VisitRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("visitDetails")
        self.visit = visit
        self.organisation = organisation
        self.text = QTextBrowser(self)
        self.text.setObjectName("visitDetailsText")
        self.text.setOpenLinks(False)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.buttons)
        self.setWindowTitle(
            self.tr("Visite du %1 — %2")
            .replace("%1", format_date(visit.when))
            .replace("%2", organisation)
        )
        self.text.setHtml(self.html())
        size_to_screen(self, QSize(620, 560))

    def rows(self) -> list[tuple[str, str]]:
        """Label and value of every recorded field; empty ones are said to be empty."""
        v = self.visit
        lang = current_language()
        when = format_date(v.when)
        if v.started_at is not None:
            when = v.started_at.astimezone(PARIS).strftime("%d/%m/%Y %H:%M")
        needs = [
            (NEEDS_BY_KEY[n].label_fr if lang == "fr" else NEEDS_BY_KEY[n].label_en)
            if n in NEEDS_BY_KEY
            else n
            for n in v.needs
        ]
        none = "—"
        return [
            (self.tr("Date et heure"), when),
            (self.tr("État"), visit_status_label(v.status)),
            (self.tr("Chargé de mission"), v.officer_name or none),
            (
                self.tr("Durée"),
                self.tr("%1 min").replace("%1", str(v.duration_min)) if v.duration_min else none,
            ),
            (self.tr("Interlocuteur"), v.contact_name or none),
            (self.tr("Objet"), v.purpose or none),
            (self.tr("Résultat"), outcome_label(v.outcome) if v.outcome else none),
            (self.tr("Intérêt"), interest_label(v.interest) if v.interest is not None else none),
            (self.tr("Besoins et sujets"), ", ".join(needs) or none),
            (self.tr("Pôles recommandés"), ", ".join(v.recommended) or none),
            (self.tr("Prochaine étape"), v.next_step or none),
            (self.tr("Relance le"), format_date(v.follow_up_date) or none),
            (self.tr("Notes"), v.notes or none),
        ]

    def html(self) -> str:
        cells = "".join(
            f"<tr><td style='color:#495057; padding-right:12px' valign='top'>{escape(k)}</td>"
            f"<td>{escape(value).replace(chr(10), '<br>')}</td></tr>"
            for k, value in self.rows()
        )
        return f"<h3>{escape(self.organisation)}</h3><table cellspacing='4'>{cells}</table>"
