"""Who acted, in which role, on whose behalf, when, and why: carried by every event."""

from __future__ import annotations

from dataclasses import InitVar, dataclass, field
from datetime import datetime, timedelta, timezone

from domain.errors import ImplausibleValueError, InvalidValueError
from domain.values import limited_text
from domain.vocabulary import Role


# A client's clock may run a little ahead of ours; beyond this an act "in the future" is refused.
CLOCK_SKEW = timedelta(minutes=5)
# Nothing in a Wijkdossier happened before this (the Wmo itself dates from 2007; 2000 leaves room
# for older signals entered afterwards). Year 0001 or 1900 is a typing or client error.
EARLIEST_OCCURRENCE = datetime(2000, 1, 1, tzinfo=timezone.utc)


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _dutch(moment: datetime) -> str:
    # In the zone it was given in: converting year 1 or 9999 to UTC can overflow.
    return f"{moment.day:02d}-{moment.month:02d}-{moment.year:04d} {moment.hour:02d}:{moment.minute:02d}"


@dataclass(frozen=True)
class Attribution:
    """The provenance of one act on a dossier.

    `occurred_at` is when it happened in the world (a contact yesterday may be recorded
    today); the event's own `timestamp` is when it was recorded.
    """

    actor_id: str
    actor_role: Role
    reason: str
    on_behalf_of: str | None = None
    organisation: str = "wijkteam"
    occurred_at: datetime = field(default_factory=_now)
    # The municipality's previous system this act was carried over from (`wijkdossier import`), or
    # None when it was recorded here. An imported act was on record there from when it happened;
    # rules that ask since when something is on record count from `occurred_at` for it
    # (`domain.recording.entered_record_at`).
    imported_from: str | None = None
    # False when read back from a stored event: what was stored stays readable, even if it was
    # stored before today's limits and plausibility checks existed.
    new: InitVar[bool] = True

    def __post_init__(self, new: bool = True) -> None:
        if not self.actor_id or not str(self.actor_id).strip():
            raise InvalidValueError("actor_id: every act needs the id of who acted", field="actor_id")
        try:
            object.__setattr__(self, "actor_role", Role(self.actor_role))
        except ValueError:
            raise InvalidValueError(
                f"actor_role: {self.actor_role!r} is not a role; use one of "
                + ", ".join(r.value for r in Role),
                field="actor_role",
            ) from None
        if not self.reason or not self.reason.strip():
            raise InvalidValueError(
                "reason: every act needs a reason or legal basis; say why this is done",
                field="reason",
            )
        if new:
            limited_text(self.reason, "reason")
        if self.occurred_at.tzinfo is None:
            raise InvalidValueError(
                "occurred_at: give a time with a time zone (for example 2026-03-01T10:00:00+01:00)",
                field="occurred_at",
            )
        if new:
            self._check_plausible_time()
        if self.imported_from is not None and not str(self.imported_from).strip():
            raise InvalidValueError("imported_from: name the system the history comes from", field="imported_from",
                                    message_nl="Het veld imported_from is leeg. Noem het systeem waar de "
                                               "geschiedenis vandaan komt.")
        if self.actor_role == Role.SYSTEM and not self.on_behalf_of:
            raise InvalidValueError(
                "on_behalf_of: a system act must name the person it acts for",
                field="on_behalf_of",
            )

    def _check_plausible_time(self) -> None:
        """Checked when an act is made, not when its event is read back."""
        if self.occurred_at > _now() + CLOCK_SKEW:
            raise ImplausibleValueError(
                "occurred_at: lies in the future; record what happened when it has happened",
                field="occurred_at",
                message_nl=f"Het veld occurred_at ligt in de toekomst ({_dutch(self.occurred_at)}). "
                           "Leg vast wat al gebeurd is, met de tijd waarop het gebeurde.")
        if self.occurred_at < EARLIEST_OCCURRENCE:
            raise ImplausibleValueError(
                f"occurred_at: before {EARLIEST_OCCURRENCE.date().isoformat()}; check the year",
                field="occurred_at",
                message_nl=f"Het veld occurred_at ligt vóór 2000 ({_dutch(self.occurred_at)}). Controleer het jaartal.")

    def as_dict(self) -> dict[str, object]:
        data: dict[str, object] = {
            "actor_id": self.actor_id,
            "actor_role": self.actor_role.value,
            "reason": self.reason,
            "on_behalf_of": self.on_behalf_of,
            "organisation": self.organisation,
            "occurred_at": self.occurred_at.isoformat(),
        }
        if self.imported_from is not None:  # absent otherwise: acts recorded here are stored as before
            data["imported_from"] = self.imported_from
        return data

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> Attribution:
        return cls(
            actor_id=str(data["actor_id"]),
            actor_role=Role(str(data["actor_role"])),
            reason=str(data["reason"]),
            on_behalf_of=data.get("on_behalf_of"),  # type: ignore[arg-type]
            organisation=str(data.get("organisation") or "wijkteam"),
            occurred_at=datetime.fromisoformat(str(data["occurred_at"])),
            imported_from=data.get("imported_from"),  # type: ignore[arg-type]
            new=False,
        )
