"""Accounts, passwords and bearer tokens of the registry.

Passwords are hashed with argon2; tokens are random strings of which only a SHA-256 is kept,
so revoking one is deleting nothing but stamping ``revoked_at``.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from hdf_field.domain.enums import Role
from hdf_field.domain.errors import HdfFieldError, NotFoundError, ValidationError
from hdf_field.registry.tables import Account, ApiToken, LoginAttempt
from hdf_field.storage.database import Database
from hdf_field.storage.orm import Officer
from hdf_field.storage.types import utcnow
from hdf_field.sync.sealed import bundle_key

_hasher = PasswordHasher()
MIN_PASSWORD = 8


class AuthError(HdfFieldError):
    """Missing, unknown or revoked credentials (HTTP 401)."""


class AccessDenied(HdfFieldError):
    """Known caller, but outside their scope (HTTP 403)."""


@dataclass(frozen=True)
class Principal:
    """Who is calling, as the authorisation rules need it."""

    account_id: uuid.UUID
    email: str
    role: Role
    officer_id: uuid.UUID | None
    territory: frozenset[str]
    # A cluster account's cluster: it reaches the referrals made to it, and nothing else.
    cluster_id: uuid.UUID | None = None

    @property
    def is_manager(self) -> bool:
        return self.role in (Role.MANAGER, Role.ADMIN)

    @property
    def is_cluster(self) -> bool:
        return self.role is Role.CLUSTER


def normalise_email(email: str) -> str:
    """The one form of an e-mail for finding an account and for counting login attempts:
    "  Chef@HDF.fr " and "chef@hdf.fr" are the same person, and must share one limit."""
    return email.strip().casefold()


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def hash_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise ValidationError("password", code="password.too_short", params={"min": MIN_PASSWORD})
    return _hasher.hash(password)


def create_account(
    session: Session, email: str, role: Role, password: str | None, officer_id: uuid.UUID | None
) -> Account:
    email = normalise_email(email)
    if "@" not in email or len(email) > 254:
        raise ValidationError("email", code="account.bad_email", params={"value": email})
    if session.scalar(select(Account).where(Account.email == email)) is not None:
        raise ValidationError("email", code="account.exists", params={"email": email})
    account = Account(
        email=email,
        role=role,
        password_hash=hash_password(password) if password else None,
        officer_id=officer_id,
    )
    session.add(account)
    session.flush()
    return account


def account_by_email(session: Session, email: str) -> Account:
    account = session.scalar(select(Account).where(Account.email == normalise_email(email)))
    if account is None:
        raise NotFoundError(code="account.not_found", params={"email": email})
    return account


def issue_token(session: Session, account: Account) -> str:
    token = "hdf_" + secrets.token_urlsafe(32)
    session.add(
        ApiToken(
            account_id=account.id, token_hash=hash_token(token), bundle_key=bundle_key(token).hex()
        )
    )
    session.flush()
    return token


def revoke_token(session: Session, token: str) -> ApiToken:
    row = session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(token.strip())))
    if row is None:
        raise NotFoundError(code="token.not_found")
    if row.revoked_at is None:
        row.revoked_at = utcnow()
    return row


def check_password(session: Session, email: str, password: str) -> Account:
    account = session.scalar(select(Account).where(Account.email == normalise_email(email)))
    if account is None or not account.active or not account.password_hash:
        _hasher.hash("x" * MIN_PASSWORD)  # same cost whether the account exists or not
        raise AuthError(code="auth.wrong_login")
    try:
        _hasher.verify(account.password_hash, password)
    except (VerificationError, InvalidHashError) as exc:
        raise AuthError(code="auth.wrong_login") from exc
    return account


def principal_for_token(session: Session, token: str) -> Principal:
    row = session.execute(
        select(ApiToken, Account)
        .join(Account, Account.id == ApiToken.account_id)
        .where(ApiToken.token_hash == hash_token(token))
    ).one_or_none()
    if row is None:
        raise AuthError(code="auth.unknown_token")
    tok, account = row
    if tok.revoked_at is not None:
        raise AuthError(code="auth.revoked_token")
    if not account.active:
        raise AuthError(code="auth.disabled_account")
    return principal_of_account(session, account)


def principal_of_account(session: Session, account: Account) -> Principal:
    """What the authorisation rules need of an account (officers: their territory)."""
    territory: frozenset[str] = frozenset()
    if account.officer_id is not None:
        officer = session.get(Officer, account.officer_id)
        if officer is not None:
            territory = frozenset(str(t) for t in officer.territory or [])
    return Principal(
        account.id,
        account.email,
        account.role,
        account.officer_id,
        territory,
        account.cluster_id if account.role is Role.CLUSTER else None,
    )


class RateLimiter:
    """At most ``limit`` attempts per key in a sliding ``window`` (seconds), counted in the
    registry's database (``registry_login_attempt``), so several registry processes share
    the count. Each check is its own short transaction: an attempt counts even when the
    login it guards fails and rolls back. Two processes checking at the same instant may
    each let one attempt more through; the limit is for guessing, not for exact quotas."""

    def __init__(self, db: Database, limit: int = 5, window: float = 60.0) -> None:
        self.db = db
        self.limit = limit
        self.window = window

    def allow(self, key: str) -> bool:
        now = utcnow()
        since = now - timedelta(seconds=self.window)
        with self.db.session_factory() as session:
            session.execute(delete(LoginAttempt).where(LoginAttempt.at < since))
            recent = (
                session.scalar(
                    select(func.count())
                    .select_from(LoginAttempt)
                    .where(LoginAttempt.key == key, LoginAttempt.at >= since)
                )
                or 0
            )
            if recent >= self.limit:
                session.commit()
                return False
            session.add(LoginAttempt(key=key[:300], at=now))
            session.commit()
            return True
