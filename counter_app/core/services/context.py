"""What every use case needs, built once by the composition root and passed in."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from counter_app.core.domain.passwords import Passwords
from counter_app.core.settings import Settings

if TYPE_CHECKING:  # the GUI imports Clock before the database layer is loaded
    from counter_app.core.store.engine import Database

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Services:
    db: Database
    settings: Settings
    clock: Clock = system_clock
    # Argon2id with the real parameters; tests inject cheap ones.
    passwords: Passwords = field(default_factory=Passwords)
