"""Typed errors raised by the core. Each carries a message a clerk can act on.

The UI (or CLI) decides how to show them; core code never opens dialogs.
Messages are Vietnamese because that is what the people at the counter read.
"""

from __future__ import annotations

from pathlib import Path


class CounterError(Exception):
    """Base for every error the core expects and can explain to a person."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class FieldError(CounterError):
    """One rejected input field: ``field`` is the machine name, ``label`` the shown one."""

    def __init__(self, field: str, label: str, problem: str) -> None:
        super().__init__(f"{label}: {problem}")
        self.field = field
        self.label = label
        self.problem = problem


class ValidationFailed(CounterError):
    """A whole input (form, JSON file) rejected; lists every bad field at once."""

    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__("\n".join(e.message for e in errors))
        self.errors = errors


class SettingsError(CounterError):
    """The settings file is missing, unreadable or has invalid values."""


class IllegalTransition(CounterError):
    """A dossier status change the one-stop rules do not allow."""

    def __init__(self, current: int, target: int, message: str) -> None:
        super().__init__(message)
        self.current = current
        self.target = target


class SequenceExhausted(CounterError):
    """This counter has used every dossier number it owns for the day."""


class NotFound(CounterError):
    """A looked-up record (dossier, procedure, …) does not exist."""


class StorageError(CounterError):
    """Base for database problems."""


class StorageEnvironmentError(StorageError):
    """The machine's fault, not the program's: disk full, locked, read-only, corrupt.

    ``kind`` is one of ``full``, ``locked``, ``readonly``, ``corrupt``, ``io``.
    """

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


class DatabaseDamaged(StorageEnvironmentError):
    """The database failed its integrity check; ``backup`` is the newest sound copy, if any."""

    def __init__(self, message: str, database: Path, backup: Path | None) -> None:
        super().__init__("corrupt", message)
        self.database = database
        self.backup = backup


class BackupFailed(StorageError):
    """The automatic backup could not be written; the live database is untouched."""


class DatabaseTooNew(StorageError):
    """The database was written by a newer program version than this one."""


class IdentityMismatch(StorageError):
    """The database belongs to another agency or counter than the settings say."""


class ClockBehind(CounterError):
    """The computer's clock is earlier than this counter's latest recorded event."""


class SyncError(CounterError):
    """Base for synchronisation problems; the queue stays intact whatever happens."""


class NotEnrolled(SyncError):
    """This counter has no device token for a provincial server yet."""


class SyncOffline(SyncError):
    """No usable link: refused, timed out, reset, or a reply cut short. Retried later."""


class SyncServerError(SyncError):
    """The server answered with an error of its own (5xx). Retried later."""

    def __init__(self, message: str, status: int = 500, *, from_province: bool = True) -> None:
        super().__init__(message)
        self.status = status
        # The province's own error answer; else a gateway's or proxy's page on the way.
        self.from_province = from_province


class SyncRefused(SyncError):
    """The server refused the request itself (4xx other than 401), with its reason.

    Sending the same request again cannot help: the engine splits a refused batch
    until the event at fault is alone, then sets that event aside (quarantine).
    """

    def __init__(self, message: str, status: int, reason: str) -> None:
        super().__init__(message)
        self.status = status
        self.reason = reason


class SyncAuthError(SyncError):
    """The server refused this device's token: the counter must enrol again."""

    def __init__(self, message: str, reason: str = "") -> None:
        super().__init__(message)
        self.reason = reason  # the server's own words


class SyncProtocolError(SyncError):
    """The reply is not what the protocol promises (malformed, unknown fields, too big).

    Nothing of it is applied.
    """


class NotAllowed(CounterError):
    """The signed-in person's role may not do this; ``permission`` names what was refused."""

    def __init__(self, message: str, permission: str) -> None:
        super().__init__(message)
        self.permission = permission


class SignInFailed(CounterError):
    """Sign-in refused: wrong login or password (one message for both), locked, or disabled.

    ``kind`` is ``wrong``, ``locked``, ``disabled`` or ``no_accounts``.
    """

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind
