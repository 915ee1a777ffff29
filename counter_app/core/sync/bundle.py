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


def peek(data: bytes, kind: str) -> dict[str, Any]:
    """The body, unverified: to find out whose key to check it with."""
    if len(data) > MAX_FILE_BYTES:
        raise BundleError("Tệp quá lớn.")
    try:
        inflated = gzip.decompress(data)
        outer = json.loads(inflated)
        body = json.loads(outer["body"])
    except (OSError, EOFError, ValueError, KeyError, TypeError) as error:
        raise BundleError(f"Tệp không đọc được hoặc bị hỏng ({error}).") from error
    if not isinstance(body, dict) or body.get("format") != kind:
        raise BundleError("Tệp không phải loại cần nhập.")
    if body.get("v") != FORMAT_VERSION:
        raise BundleError(f"Phiên bản tệp {body.get('v')!r} không được hỗ trợ.")
    return body


def open_sealed(data: bytes, kind: str, key: str) -> dict[str, Any]:
    """The verified body; ``BundleError`` if the signature does not match."""
    body = peek(data, kind)
    outer = json.loads(gzip.decompress(data))
    if not isinstance(outer.get("hmac"), str) or not hmac.compare_digest(
        outer["hmac"], _mac(key, outer["body"])
    ):
        raise BundleError(
            "Chữ ký của tệp không đúng: tệp đã bị sửa hoặc không do thiết bị này tạo."
        )
    return body
