"""Log in to the registry: e-mail and password in, a token in the keyring out.

The password lives only in the line edit and the one request; it is cleared when the dialog
closes and never written anywhere.
"""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from hdf_field.ui.sync.controller import SyncController


class LoginDialog(QDialog):
    def __init__(
        self, controller: SyncController, reason: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.controller = controller
        self.setObjectName("loginDialog")
        self.setWindowTitle(self.tr("Connexion au registre"))
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        server = controller.server_url() or self.tr("(adresse non renseignée)")
        text = self.tr("Registre : %1").replace("%1", server)
        self.intro.setText(
            f"<p>{escape(reason)}</p><p style='color:#5b6776'>{escape(text)}</p>"
            if reason
            else escape(text)
        )
        self.email = QLineEdit(self)
        self.email.setObjectName("loginEmail")
        self.email.setText(
            controller.settings.officer_email
            or (controller.snapshot.account if controller.snapshot else "")
            or ""
        )
        self.password = QLineEdit(self)
        self.password.setObjectName("loginPassword")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.error = QLabel(self)
        self.error.setObjectName("loginError")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b42318;")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(self.tr("Se connecter"))
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Annuler"))
        self.buttons.accepted.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("&E-mail"), self.email)
        form.addRow(self.tr("&Mot de passe"), self.password)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(420)
        (self.password if self.email.text() else self.email).setFocus()

    def submit(self) -> None:
        email, password = self.email.text().strip(), self.password.text()
        if not email or not password:
            self.error.setText(self.tr("Saisissez votre e-mail et votre mot de passe."))
            return
        self.error.setText(self.tr("Connexion…"))
        self.setEnabled(False)
        self.controller.login(email, password, self._done)

    def _done(self, error: str | None) -> None:
        self.setEnabled(True)
        self.password.clear()
        if error is None:
            self.accept()
        else:
            self.error.setText(error)
            self.password.setFocus()

    def done(self, result: int) -> None:
        self.password.clear()
        super().done(result)
