"""Portal sessions: an opaque random cookie, its SHA-256 and expiry kept in the database.

The cookie is ``Secure``, ``HttpOnly`` and ``SameSite=Strict``; expiry is the server's
(``expires_at``), so a copied cookie dies on time whatever the browser does, and signing out
deletes the row. Each session carries its own CSRF token, which every form must send back.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid
from datetime import timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from hdf_field.registry.tables import Account, PortalSession
from hdf_field.storage.types import utcnow

COOKIE = "hdf_portal"
LOGIN_CSRF_COOKIE = "hdf_portal_login"
LANG_COOKIE = "hdf_portal_lang"
LIFETIME = timedelta(hours=8)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def open_session(session: Session, account_id: uuid.UUID) -> str:
    """A new session for the account; returns the cookie value. Expired rows go."""
    now = utcnow()
    session.execute(delete(PortalSession).where(PortalSession.expires_at < now))
    token = secrets.token_urlsafe(32)
    session.add(
        PortalSession(
            token_hash=_hash(token),
            account_id=account_id,
            csrf=secrets.token_urlsafe(32),
            created_at=now,
            expires_at=now + LIFETIME,
        )
    )
    session.flush()
    return token


def find_session(session: Session, token: str | None) -> tuple[PortalSession, Account] | None:
    if not token or len(token) > 100:
        return None
    row = session.execute(
        select(PortalSession, Account)
        .join(Account, Account.id == PortalSession.account_id)
        .where(PortalSession.token_hash == _hash(token))
    ).first()
    if row is None:
        return None
    portal, account = row
    if portal.expires_at <= utcnow() or not account.active:
        return None
    return portal, account


def close_session(session: Session, token: str | None) -> None:
    if token:
        session.execute(delete(PortalSession).where(PortalSession.token_hash == _hash(token)))


def same_token(expected: str | None, given: str | None) -> bool:
    return bool(expected) and bool(given) and hmac.compare_digest(str(expected), str(given))
