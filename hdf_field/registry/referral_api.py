"""The referral API for the clusters' own CRMs: ``/api/referrals`` with a cluster account's token.

Every answer is written by :mod:`hdf_field.registry.referrals` in one transaction, audited; a
refused one is audited too. Another cluster's referral is "not found" (404), a move the
referral's life does not allow is 409, a malformed body 422.
(No ``from __future__ import annotations``: FastAPI reads these annotations at run time.)
"""

import uuid
from collections.abc import Callable, Iterator
from datetime import date
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Query, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from hdf_field.domain.enums import Area, ReferralStatus
from hdf_field.domain.errors import NotFoundError, ValidationError
from hdf_field.domain.referrals import COMMENT_MAX, REASON_MAX, TransitionRefused
from hdf_field.registry import referrals
from hdf_field.registry.apply import audit_refusal
from hdf_field.registry.auth import AccessDenied, Principal
from hdf_field.storage.database import Database


class StatusIn(BaseModel):
    """A cluster's answer: a new status and/or a comment (``reason`` for declining, else the
    comment is taken as the reason; ``meeting_on`` for a meeting)."""

    model_config = ConfigDict(extra="forbid")

    status: ReferralStatus | None = None
    comment: str | None = Field(default=None, max_length=COMMENT_MAX)
    reason: str | None = Field(default=None, max_length=REASON_MAX)
    meeting_on: date | None = None


def install_referral_api(
    app: FastAPI,
    db: Database,
    session_dep: Callable[[], Iterator[Session]],
    principal_dep: Callable[..., Principal],
) -> None:
    SessionDep = Annotated[Session, Depends(session_dep)]
    Me = Annotated[Principal, Depends(principal_dep)]

    @app.exception_handler(TransitionRefused)
    def _refused_move(_r: Request, exc: TransitionRefused) -> JSONResponse:
        return JSONResponse({"detail": str(exc), "field": exc.field}, status_code=409)

    errors: dict[int | str, dict[str, Any]] = {
        401: {"description": "missing, unknown or revoked token"},
        403: {"description": "not a cluster account"},
    }

    @app.get(
        "/api/referrals",
        response_model=list[referrals.ReferralOut],
        tags=["referrals"],
        responses=errors,
        summary="The referrals made to the caller's cluster, newest first",
    )
    def list_referrals(
        principal: Me,
        session: SessionDep,
        status: ReferralStatus | None = None,
        area: Area | None = None,
        departement: Annotated[str | None, Query(max_length=3, pattern="^[0-9AB]{2,3}$")] = None,
        limit: Annotated[int, Query(ge=1, le=referrals.MAX_LIST)] = referrals.MAX_LIST,
    ) -> list[referrals.ReferralOut]:
        filters = referrals.Filters(status=status, area=area, departement=departement)
        return referrals.list_referrals(session, principal, filters, limit)

    @app.get(
        "/api/referrals/{referral_id}",
        response_model=referrals.ReferralOut,
        tags=["referrals"],
        responses={**errors, 404: {"description": "no such referral for this cluster"}},
    )
    def get_referral(
        referral_id: uuid.UUID, principal: Me, session: SessionDep
    ) -> referrals.ReferralOut:
        return referrals.get_referral(session, principal, referral_id)

    @app.post(
        "/api/referrals/{referral_id}/status",
        response_model=referrals.ReferralOut,
        tags=["referrals"],
        responses={
            **errors,
            404: {"description": "no such referral for this cluster"},
            409: {"description": "the referral's status cannot move that way"},
            422: {"description": "a malformed answer (declined without a reason...)"},
        },
        summary="Move a referral along (acknowledged, meeting, member, declined) and/or comment",
    )
    def set_status(
        referral_id: uuid.UUID, body: StatusIn, principal: Me, session: SessionDep
    ) -> referrals.ReferralOut:
        try:
            out = referrals.answer(
                session,
                principal,
                referral_id,
                body.status,
                comment=body.comment,
                reason=body.reason,
                meeting_on=body.meeting_on,
            )
            session.commit()
        except (AccessDenied, ValidationError, NotFoundError) as exc:
            session.rollback()
            code = {NotFoundError: 404, TransitionRefused: 409}.get(type(exc))
            extra: dict[str, Any] = {"status": code} if code else {}
            audit_refusal(
                db, principal, "referral.refused", [], exc, referral_id=str(referral_id), **extra
            )
            raise
        except BaseException:
            session.rollback()
            raise
        return out
