"""Staff passwords: the policy, and Argon2id hashing with parameters built once.

The composition root builds one ``Passwords`` object with the real parameters
(``REAL``); tests inject cheap ones. One verification with ``REAL`` takes about a
quarter of a second on the reference machine (``benchmarks/bench_accounts.py``): slow
enough that guessing from a stolen database is costly, fast enough for a clerk.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING

from counter_app.core.domain.text import clean, fold

if TYPE_CHECKING:  # argon2 loads with the first Passwords (~8 ms): not before the first paint
    from argon2 import PasswordHasher

MIN_LENGTH = 8
MAX_LENGTH = 128  # Argon2 takes any length; a bound keeps a pasted novel out


@dataclass(frozen=True)
class Argon2Parameters:
    time_cost: int
    memory_cost: int  # KiB
    parallelism: int


# Argon2id, 4 passes over 64 MiB, one lane: ~0.26 s per verification (see README).
REAL = Argon2Parameters(time_cost=4, memory_cost=64 * 1024, parallelism=1)
# For unit tests only: a hash in the same format, in well under a millisecond.
CHEAP = Argon2Parameters(time_cost=1, memory_cost=8, parallelism=1)


class Passwords:
    """Hashes and verifies passwords (Argon2id, PHC string form)."""

    def __init__(self, parameters: Argon2Parameters = REAL) -> None:
        self.parameters = parameters
        self._made: PasswordHasher | None = None
        self._dummy_hash: str | None = None

    @property
    def _hasher(self) -> PasswordHasher:
        if self._made is None:
            from argon2 import PasswordHasher  # noqa: PLC0415 (see TYPE_CHECKING)

            self._made = PasswordHasher(
                time_cost=self.parameters.time_cost,
                memory_cost=self.parameters.memory_cost,
                parallelism=self.parameters.parallelism,
            )
        return self._made

    def hash(self, password: str) -> str:
        return self._hasher.hash(password)

    def verify(self, password_hash: str, password: str) -> bool:
        """True when ``password`` matches; False for a mismatch or a hash that is not ours."""
        from argon2.exceptions import InvalidHashError, VerificationError  # noqa: PLC0415

        hasher = self._hasher
        try:
            return hasher.verify(password_hash, password)
        except (VerificationError, InvalidHashError):  # a mismatch is a VerificationError
            return False

    def dummy_verify(self, password: str) -> None:
        """Spend the time of one verification, so an unknown login answers no faster."""
        if self._dummy_hash is None:
            self._dummy_hash = self.hash(secrets.token_hex(16))
        self.verify(self._dummy_hash, password)


def password_problem(login: str, name: str, password: str) -> str | None:
    """Why ``password`` may not be used (a phrase after "Mật khẩu: "), or None."""
    if len(password) < MIN_LENGTH:
        return f"cần ít nhất {MIN_LENGTH} ký tự."
    if len(password) > MAX_LENGTH:
        return f"dài quá {MAX_LENGTH} ký tự."
    if not password.strip():
        return "không được chỉ gồm khoảng trắng."
    folded = fold(clean(password)).replace(" ", "")
    if folded == fold(login).replace(" ", ""):
        return "không được trùng tên đăng nhập (kể cả khác chữ hoa, dấu)."
    if name and folded == fold(name).replace(" ", ""):
        return "không được trùng họ tên."
    return None


_OTP_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: read out on the phone


def one_time_password() -> str:
    """A password an admin hands over once (12 characters, e.g. "k7pq-3mzr-x9ta")."""
    groups = ["".join(secrets.choice(_OTP_ALPHABET) for _ in range(4)) for _ in range(3)]
    return "-".join(groups)
