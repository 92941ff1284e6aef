"""The rules of a referral to a cluster (« transmission au pôle »), for the laptop and the registry.

A referral hands an organisation (and, if one is chosen, a contact person) to a cluster: personal
data given to a third party, so it exists only with the consent to share recorded (who gave it,
when, who recorded it). The cluster then moves its status forward — ``sent → acknowledged →
meeting → member | declined`` — and may skip a step (a cluster can plan the meeting straight
away) but never go back; ``member`` and ``declined`` are final, and ``declined`` needs a reason.

Comments and the status history travel inside the referral as short JSON lists; both are
checked here, item by item, because a laptop or a cluster's CRM may send anything.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from hdf_field.domain.enums import FunnelStatus, ReferralStatus
from hdf_field.domain.errors import ValidationError
from hdf_field.domain.validation import check_plain_text

ORDER = (
    ReferralStatus.SENT,
    ReferralStatus.ACKNOWLEDGED,
    ReferralStatus.MEETING,
    ReferralStatus.MEMBER,
)
FINAL = frozenset({ReferralStatus.MEMBER, ReferralStatus.DECLINED})
MAX_COMMENTS = 200
MAX_HISTORY = 100
COMMENT_MAX = 2000
BY_MAX = 254
REASON_MAX = 1000
# The fields only the cluster (or a manager) moves; an officer's laptop leaves them alone.
CLUSTER_FIELDS = frozenset(
    {"status", "status_reason", "meeting_on", "comments", "history", "status_changed_at"}
)
# What the organisation becomes when a referral is sent, and when the cluster takes it in.
FUNNEL_ON_SEND = FunnelStatus.ORIENTED
FUNNEL_ON_MEMBER = FunnelStatus.MEMBER


class TransitionRefused(ValidationError):
    """A status move the rules refuse (HTTP 409: the referral is not where the caller thinks)."""


def check_transition(
    current: ReferralStatus,
    new: ReferralStatus,
    *,
    reason: str | None = None,
    meeting_on: date | None = None,
) -> None:
    """Refuse a move the referral's life does not allow, with a message for the cluster's
    staff. The same status again is allowed only for a meeting (to move its date)."""
    if new is ReferralStatus.DECLINED and not (reason and reason.strip()):
        raise ValidationError("reason", "a reason is required to decline a referral")
    if new is ReferralStatus.MEETING and meeting_on is None:
        raise ValidationError("meeting_on", "a meeting needs its date")
    if current in FINAL:
        raise TransitionRefused(
            "status", f"the referral is already {current.value}: its status no longer changes"
        )
    if new is ReferralStatus.DECLINED:
        return
    if new is ReferralStatus.SENT:
        raise TransitionRefused("status", "a referral cannot go back to sent")
    if new is current and new is ReferralStatus.MEETING:
        return
    if ORDER.index(new) <= ORDER.index(current):
        raise TransitionRefused(
            "status", f"a referral cannot go from {current.value} back to {new.value}"
        )


def next_statuses(current: ReferralStatus) -> list[ReferralStatus]:
    """What the cluster may choose next (the portal's buttons)."""
    if current in FINAL:
        return []
    out = [s for s in ORDER if ORDER.index(s) > ORDER.index(current)]
    if current is ReferralStatus.MEETING:
        out.insert(0, ReferralStatus.MEETING)
    return [*out, ReferralStatus.DECLINED]


def _iso_datetime(field: str, value: Any) -> None:
    if not isinstance(value, str) or len(value) > 40:
        raise ValidationError(field, "expected an ISO 8601 date-time")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError as exc:
        raise ValidationError(field, f"not an ISO 8601 date-time: {value!r}") from exc
    if parsed.tzinfo is None:
        raise ValidationError(field, "date-times must carry a time zone (UTC)")


def _entries(
    field: str, value: Any, most: int, keys: dict[str, bool], extra: Any = None
) -> list[dict[str, Any]]:
    """A JSON list of objects with exactly ``keys`` (name → required), ``at`` a date-time
    and ``by`` a short text."""
    if not isinstance(value, list):
        raise ValidationError(field, f"expected a list, got {type(value).__name__}")
    if len(value) > most:
        raise ValidationError(field, f"at most {most} items ({len(value)} given)")
    for i, item in enumerate(value):
        where = f"{field}[{i}]"
        if not isinstance(item, dict):
            raise ValidationError(where, f"expected an object, got {type(item).__name__}")
        unknown = sorted(set(item) - set(keys))
        if unknown:
            raise ValidationError(where, f"unknown key {unknown[0]!r}")
        for key, required in keys.items():
            if required and item.get(key) is None:
                raise ValidationError(f"{where}.{key}", "is required")
        _iso_datetime(f"{where}.at", item["at"])
        if not isinstance(item["by"], str):
            raise ValidationError(f"{where}.by", "expected text")
        check_plain_text(f"{where}.by", item["by"], BY_MAX)
        if extra is not None:
            extra(where, item)
    return value


def check_comments(value: Any) -> None:
    def text(where: str, item: dict[str, Any]) -> None:
        if not isinstance(item["text"], str) or not item["text"].strip():
            raise ValidationError(f"{where}.text", "expected a non-empty text")
        check_plain_text(f"{where}.text", item["text"], COMMENT_MAX)

    _entries("comments", value, MAX_COMMENTS, {"at": True, "by": True, "text": True}, text)


def check_history(value: Any) -> None:
    def entry(where: str, item: dict[str, Any]) -> None:
        try:
            ReferralStatus(item["status"])
        except (ValueError, TypeError) as exc:
            allowed = ", ".join(s.value for s in ReferralStatus)
            raise ValidationError(f"{where}.status", f"one of {allowed}") from exc
        reason = item.get("reason")
        if reason is not None:
            if not isinstance(reason, str):
                raise ValidationError(f"{where}.reason", "expected text")
            check_plain_text(f"{where}.reason", reason, REASON_MAX)
        meeting = item.get("meeting_on")
        if meeting is not None:
            try:
                date.fromisoformat(meeting)
            except (TypeError, ValueError) as exc:
                raise ValidationError(f"{where}.meeting_on", "expected an ISO date") from exc

    _entries(
        "history",
        value,
        MAX_HISTORY,
        {"at": True, "by": True, "status": True, "reason": False, "meeting_on": False},
        entry,
    )


def now_iso() -> str:
    return datetime.now(UTC).isoformat()


def history_entry(
    status: ReferralStatus,
    by: str,
    *,
    reason: str | None = None,
    meeting_on: date | None = None,
    at: str | None = None,
) -> dict[str, Any]:
    entry: dict[str, Any] = {"at": at or now_iso(), "by": by[:BY_MAX], "status": status.value}
    if reason:
        entry["reason"] = reason.strip()[:REASON_MAX]
    if meeting_on is not None:
        entry["meeting_on"] = meeting_on.isoformat()
    return entry


def comment_entry(text: str, by: str, at: str | None = None) -> dict[str, Any]:
    text = text.strip()
    check_plain_text("comment", text, COMMENT_MAX)
    if not text:
        raise ValidationError("comment", "an empty comment")
    return {"at": at or now_iso(), "by": by[:BY_MAX], "text": text}
