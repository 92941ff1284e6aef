"""Showing, once, the passphrase of an encrypted export.

The passphrase is stored nowhere: this dialog is the only time the officer sees it, so it
says so, lets them copy it, and tells them to send it by another way than the file (a file
and its passphrase in the same e-mail protect nothing).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


class PassphraseDialog(QDialog):
    """Where the encrypted file is, its passphrase (selectable, copyable) and what to do."""

    def __init__(self, path: Path, passphrase: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("passphraseDialog")
        self.setWindowTitle(self.tr("Export chiffré"))
        layout = QVBoxLayout(self)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setText(
            self.tr(
                "Les données sont dans <b>%1</b>, chiffrées (AES-256).<br><br>"
                "Notez la phrase de passe : elle n'est affichée qu'une fois et n'est "
                "enregistrée nulle part. Transmettez-la par un autre canal que le fichier "
                "(téléphone, SMS), jamais dans le même courriel."
            ).replace("%1", path.name)
        )
        layout.addWidget(self.message)
        self.field = QLineEdit(passphrase, self)
        self.field.setObjectName("passphrase")
        self.field.setReadOnly(True)
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPointSizeF(font.pointSizeF() * 1.3)  # read aloud, copied by hand
        self.field.setFont(font)
        self.field.selectAll()
        layout.addWidget(self.field)
        self.how = QLabel(self)
        self.how.setWordWrap(True)
        self.how.setText(
            self.tr(
                "Le fichier s'ouvre avec 7-Zip (Windows), Keka ou The Unarchiver (macOS), "
                "WinZip ou 7z, avec cette phrase de passe. L'explorateur de Windows ne sait "
                "pas ouvrir les ZIP chiffrés en AES."
            )
        )
        layout.addWidget(self.how)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.copy_button = QPushButton(self.tr("&Copier la phrase de passe"), self)
        self.copy_button.setObjectName("copyPassphrase")
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy_button.clicked.connect(self.copy)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.setMinimumWidth(440)

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.field.text())
