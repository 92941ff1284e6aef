"""« Transmettre au pôle… »: hand an organisation to a cluster, with the consent to share.

The send button stays disabled until the consent box is ticked and someone is named as
having given it: the referral hands data to a third party (GDPR), and the service refuses it
without that consent anyway (:class:`hdf_field.services.referrals.ConsentMissing`).
"""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from hdf_field.domain.errors import HdfFieldError
from hdf_field.services.database import Database
from hdf_field.services.referrals import (
    Consent,
    ReferralForm,
    ReferralRow,
    SendReferral,
    send_referral,
)
from hdf_field.ui.common import error_text
from hdf_field.ui.tasks import TaskRunner


class ReferralDialog(QDialog):
    """One referral per ticked cluster, all with the same message, person and consent."""

    sent = Signal(list)  # the ReferralRows created

    def __init__(
        self,
        db: Database,
        runner: TaskRunner,
        form: ReferralForm,
        officer_email: str,
        officer_name: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("referralDialog")
        self._db = db
        self._runner = runner
        self.form = form
        self._officer_email = officer_email
        self._officer_name = officer_name
        self.sending = False

        self.header = QLabel(self)
        self.header.setStyleSheet("font-size: 13pt; font-weight: 600;")
        self.header.setWordWrap(True)
        self.clusters = QListWidget(self)
        self.clusters.setObjectName("referralClusters")
        # The recommended clusters first, ticked, where the eye lands; then the others.
        others = [n for n in form.clusters if n not in form.recommended]
        for name in (*form.recommended, *others):
            item = QListWidgetItem(name, self.clusters)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(
                Qt.CheckState.Checked if name in form.recommended else Qt.CheckState.Unchecked
            )
        self.clusters.setMaximumHeight(150)
        self.message = QPlainTextEdit(self)
        self.message.setObjectName("referralMessage")
        self.message.setMaximumHeight(90)
        self.contact = QComboBox(self)
        self.contact.setObjectName("referralContact")
        self.contact.addItem("—", None)
        for cid, name in form.contacts:
            self.contact.addItem(name, cid)
        self.given_by = QLineEdit(self)
        self.given_by.setObjectName("consentGivenBy")
        self.given_by.setMaxLength(200)
        self.consent = QCheckBox(self)
        self.consent.setObjectName("consentBox")
        self.error = QLabel(self)
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #c92a2a;")
        self.error.hide()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.send_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.send_button.setObjectName("sendReferral")
        self.buttons.accepted.connect(self.send)
        self.buttons.rejected.connect(self.reject)

        self.fields = QFormLayout()
        self.labels = {key: QLabel(self) for key in ("clusters", "message", "contact", "given_by")}
        self.fields.addRow(self.labels["clusters"], self.clusters)
        self.fields.addRow(self.labels["message"], self.message)
        self.fields.addRow(self.labels["contact"], self.contact)
        self.fields.addRow(self.labels["given_by"], self.given_by)
        layout = QVBoxLayout(self)
        layout.addWidget(self.header)
        layout.addLayout(self.fields)
        layout.addWidget(self.consent)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

        self.contact.currentIndexChanged.connect(self._contact_changed)
        for signal in (self.consent.toggled, self.given_by.textChanged):
            signal.connect(self._update)
        self.clusters.itemChanged.connect(lambda _i: self._update())
        if len(form.contacts) == 1:
            self.contact.setCurrentIndex(1)
        self.retranslate()
        self._update()

    # --- state --------------------------------------------------------------------------------

    def chosen_clusters(self) -> list[str]:
        return [
            self.clusters.item(i).text()
            for i in range(self.clusters.count())
            if self.clusters.item(i).checkState() == Qt.CheckState.Checked
        ]

    def _contact_changed(self, _index: int) -> None:
        """The person shared is, by default, who gave the consent (it can be changed)."""
        if self.contact.currentData() is not None:
            self.given_by.setText(self.contact.currentText())
        self.consent.setChecked(False)  # the consent was for someone else
        self._update()

    def _update(self, *_args: object) -> None:
        who = self.given_by.text().strip() or self.tr("la personne")
        self.consent.setText(
            self.tr(
                "%1 a donné son accord pour que ces informations soient transmises au pôle"
            ).replace("%1", who)
        )
        ready = (
            self.consent.isChecked()
            and bool(self.given_by.text().strip())
            and bool(self.chosen_clusters())
            and not self.sending
        )
        self.send_button.setEnabled(ready)

    # --- sending ------------------------------------------------------------------------------

    def commands(self) -> list[SendReferral]:
        consent = Consent(
            given_by=self.given_by.text().strip(),
            given_at=datetime.now(UTC),
            recorded_by=self._officer_name.strip() or self._officer_email,
        )
        return [
            SendReferral(
                organisation=self.form.organisation_id,
                cluster=cluster,
                officer_email=self._officer_email,
                message=self.message.toPlainText(),
                contact_id=self.contact.currentData(),
                consent=consent if self.consent.isChecked() else None,
            )
            for cluster in self.chosen_clusters()
        ]

    def send(self) -> None:
        if self.sending or not self.send_button.isEnabled():
            return
        cmds = self.commands()
        db = self._db
        self.sending = True
        self._update()
        self.error.hide()

        def work() -> list[ReferralRow]:
            return [send_referral(db, cmd) for cmd in cmds]

        self._runner.run(work, self._sent, self._failed)

    def _sent(self, rows: list[ReferralRow]) -> None:
        self.sending = False
        self.sent.emit(rows)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.sending = False
        text = error_text(exc) if isinstance(exc, HdfFieldError) else str(exc)
        self.error.setText(self.tr("Transmission impossible : %1").replace("%1", text))
        self.error.show()
        self._update()

    # --- translation --------------------------------------------------------------------------

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Transmettre au pôle"))
        self.header.setText(
            self.tr("Transmettre %1 à un pôle").replace("%1", self.form.organisation)
        )
        self.labels["clusters"].setText(self.tr("Pôles"))
        self.labels["message"].setText(self.tr("Message au pôle"))
        self.labels["contact"].setText(self.tr("Personne à présenter"))
        self.labels["given_by"].setText(self.tr("Accord donné par"))
        self.clusters.setToolTip(self.tr("Les pôles recommandés sont cochés"))
        self.message.setPlaceholderText(
            self.tr("Ce que le pôle doit savoir : besoins, projet, meilleur moment pour appeler")
        )
        self.contact.setToolTip(
            self.tr("Les personnes qui ne veulent plus être contactées ne sont pas proposées")
        )
        self.send_button.setText(self.tr("Transmettre"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Annuler"))
        self._update()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
