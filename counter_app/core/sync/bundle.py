"""Signed files carried on a USB stick when a counter has no link for days.

A *bundle* carries a counter's pending events to the province; an *acknowledgement*
carries the province's answers (and the agency's changes since the counter's
cursor) back. Both are gzip-compressed JSON ``{"body": "<json text>", "hmac": "…"}``:
the HMAC is computed over the exact body text, with a key derived from the device
token that both sides know (the server keeps the derived key from enrolment, never
the token itself). Importing either file is idempotent.
"""

from __future__ import annotations

import gzip
import hashlib
import hmac
import json
from dataclasses import dataclass
from typing import Any

BUNDLE, ACK = "quay-mot-cua/bundle", "quay-mot-cua/ack"
FORMAT_VERSION = 1
MAX_FILE_BYTES = 64 * 1024 * 1024


class BundleError(Exception):
    """The file is not a bundle of this kind, is damaged or was altered."""


def signing_key(token: str) -> str:
    return hashlib.sha256(b"quay-mot-cua bundle key\0" + token.encode()).hexdigest()


def _mac(key: str, body: str) -> str:
    return hmac.new(bytes.fromhex(key), body.encode(), hashlib.sha256).hexdigest()


def seal(kind: str, body: dict[str, Any], key: str) -> bytes:
    text = json.dumps({"format": kind, "v": FORMAT_VERSION, **body}, ensure_ascii=False)
    return gzip.compress(json.dumps({"body": text, "hmac": _mac(key, text)}).encode())


@dataclass(frozen=True)
class Sealed:
    """A file read and parsed once, its signature not yet checked."""

    body: dict[str, Any]
    text: str  # the exact body text the HMAC covers
    mac: object


def unseal(data: bytes, kind: str) -> Sealed:
    """Parse without verifying: the body says whose key to check it with."""
    if len(data) > MAX_FILE_BYTES:
        raise BundleError("Tệp quá lớn.")
    try:
        outer = json.loads(gzip.decompress(data))
        text = outer["body"]
        body = json.loads(text)
    except (OSError, EOFError, ValueError, KeyError, TypeError) as error:
        raise BundleError(f"Tệp không đọc được hoặc bị hỏng ({error}).") from error
    if not isinstance(body, dict) or body.get("format") != kind:
        raise BundleError("Tệp không phải loại cần nhập.")
    if body.get("v") != FORMAT_VERSION:
        raise BundleError(f"Phiên bản tệp {body.get('v')!r} không được hỗ trợ.")
    return Sealed(body, text, outer.get("hmac"))


def verified(sealed: Sealed, key: str) -> dict[str, Any]:
    """The body, if the signature matches; ``BundleError`` otherwise."""
    if not isinstance(sealed.mac, str) or not hmac.compare_digest(
        sealed.mac, _mac(key, sealed.text)
    ):
        raise BundleError(
            "Chữ ký của tệp không đúng: tệp đã bị sửa hoặc không do thiết bị này tạo."
        )
    return sealed.body


def open_sealed(data: bytes, kind: str, key: str) -> dict[str, Any]:
    return verified(unseal(data, kind), key)
