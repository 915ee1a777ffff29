"""HTTP client for the provincial server: timeouts, TLS, size limits, strict replies.

Every request has a connect timeout, a read timeout and an overall deadline, so a
reply that stalls or trickles never hangs the engine. Replies are checked against
the protocol before anything is returned: a wrong type, an unknown field or an
oversized body raises ``SyncProtocolError`` and nothing of it is used.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import time
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast
from urllib.parse import urlsplit

import requests
import urllib3

from counter_app.core.errors import (
    SyncAuthError,
    SyncError,
    SyncOffline,
    SyncProtocolError,
    SyncServerError,
)
from counter_app.core.services.context import Clock, system_clock
from counter_app.core.sync.protocol import Answer, ServerChange

RESULTS = ("applied", "duplicate", "rejected")
CHANGE_KINDS = ("status", "catalog", "calendar")
MAX_REPLY_BYTES = 16 * 1024 * 1024
GZIP_ABOVE = 512  # bytes of JSON
LOOPBACK = ("127.0.0.1", "localhost", "::1")


@dataclass(frozen=True)
class Timeouts:
    connect: float = 5.0
    read: float = 30.0
    total: float = 120.0  # the whole exchange, however slowly the bytes trickle


DEFAULT_TIMEOUTS = Timeouts()


@dataclass(frozen=True)
class Enrolment:
    token: str
    agency: str
    counter: int
    device: int


def check_server_url(url: str) -> str:
    """HTTPS, or plain HTTP to this machine only (a test or a local relay)."""
    url = url.strip().rstrip("/")
    parts = urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return url
    if parts.scheme == "http" and parts.hostname in LOOPBACK:
        return url
    raise SyncError(
        f"Địa chỉ máy chủ «{url}» không hợp lệ: phải bắt đầu bằng https:// "
        "(kết nối được mã hóa và xác minh chứng chỉ)."
    )


class SyncClient:
    """One provincial server, one device token; keeps its connection alive between calls."""

    def __init__(
        self,
        server_url: str,
        token: str | None,
        verify: str | bool = True,
        timeouts: Timeouts = DEFAULT_TIMEOUTS,
        clock: Clock = system_clock,
    ) -> None:
        self.base = check_server_url(server_url)
        self.token, self.verify, self.timeouts = token, verify, timeouts
        self._clock = clock
        self._http = requests.Session()
        # Server time minus ours, taken as each reply arrives (error replies too).
        self.clock_offset: float | None = None

    def close(self) -> None:
        self._http.close()

    # --- endpoints -------------------------------------------------------------------

    def health(self) -> datetime:
        reply = _exact(self._call("GET", "/v1/health"), {"ok", "server_time"})
        return _time(reply["server_time"])

    def enrol(self, code: str) -> Enrolment:
        reply = _exact(
            self._call("POST", "/v1/enrol", {"code": code}),
            {"token", "agency", "counter", "device", "server_time"},
        )
        return Enrolment(
            _typed(reply, "token", str),
            _typed(reply, "agency", str),
            _typed(reply, "counter", int),
            _typed(reply, "device", int),
        )

    def push(self, events: list[dict[str, Any]]) -> list[Answer]:
        reply = _exact(
            self._call("POST", "/v1/events", {"events": events}), {"results", "server_time"}
        )
        results = reply["results"]
        if not isinstance(results, list):
            raise SyncProtocolError(
                "Máy chủ trả lời sai định dạng: 'results' không phải danh sách."
            )
        answers = []
        for raw in results:
            item = _exact(raw, {"id", "result", "reason"})
            answer = Answer(
                _typed(item, "id", str), _typed(item, "result", str), _typed(item, "reason", str)
            )
            if answer.result not in RESULTS:
                raise SyncProtocolError(f"Máy chủ trả lời kết quả lạ: {answer.result!r}.")
            answers.append(answer)
        sent = [e["id"] for e in events]
        if [a.id for a in answers] != sent:
            raise SyncProtocolError(
                "Máy chủ trả lời không khớp các sự kiện đã gửi; chưa ghi nhận gì."
            )
        return answers

    def changes(self, after: int, limit: int) -> tuple[list[ServerChange], int]:
        reply = _exact(
            self._call("GET", f"/v1/changes?after={after}&limit={limit}"),
            {"changes", "cursor", "server_time"},
        )
        items = reply["changes"]
        if not isinstance(items, list) or len(items) > limit:
            raise SyncProtocolError("Máy chủ trả lời sai định dạng: danh sách thay đổi.")
        changes, last = [], after
        for raw in items:
            item = _exact(raw, {"seq", "kind", "payload"})
            change = ServerChange(
                _typed(item, "seq", int), _typed(item, "kind", str), _typed(item, "payload", dict)
            )
            if change.seq <= last or change.kind not in CHANGE_KINDS:
                raise SyncProtocolError("Máy chủ trả lời thay đổi sai thứ tự hoặc loại lạ.")
            changes.append(change)
            last = change.seq
        cursor = _typed(reply, "cursor", int)
        if cursor != last:
            raise SyncProtocolError("Vị trí đồng bộ máy chủ trả về không khớp các thay đổi.")
        return changes, cursor

    # --- transport --------------------------------------------------------------------

    def _call(self, method: str, path: str, body: Any = None) -> dict[str, Any]:
        headers = {"Accept-Encoding": "gzip", "Accept": "application/json"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        data = None
        if body is not None:
            data = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()
            headers["Content-Type"] = "application/json"
            if len(data) > GZIP_ABOVE:  # event batches; the enrolment request stays plain
                data = gzip.compress(data, compresslevel=6, mtime=0)
                headers["Content-Encoding"] = "gzip"
        deadline = time.monotonic() + self.timeouts.total
        try:
            with self._http.request(
                method,
                self.base + path,
                data=data,
                headers=headers,
                timeout=(self.timeouts.connect, self.timeouts.read),
                verify=self.verify,
                stream=True,
            ) as reply:
                content = self._read(reply, deadline)
                status = reply.status_code
        except requests.exceptions.SSLError as error:
            raise SyncError(
                "Không xác minh được chứng chỉ của máy chủ tỉnh. Nếu tỉnh dùng chứng chỉ "
                "riêng, hãy đăng ký lại kèm tệp chứng chỉ gốc (--ca-bundle). "
                f"Chi tiết: {error}"
            ) from error
        except (requests.RequestException, urllib3.exceptions.HTTPError) as error:
            raise SyncOffline(f"Không kết nối được máy chủ tỉnh: {_short(error)}") from error
        return self._decode(status, content)

    def _read(self, reply: requests.Response, deadline: float) -> bytes:
        """The body, decoded, checked against the size cap and the deadline as it comes.

        ``read1`` returns after at most one receive, so a reply that trickles in a
        byte at a time (never tripping the read timeout) still meets the deadline;
        decoding is bounded too, so a small gzip bomb cannot inflate past the cap.
        """
        chunks, size = [], 0
        while chunk := reply.raw.read1(64 * 1024, decode_content=True):
            size += len(chunk)
            if size > MAX_REPLY_BYTES:
                raise SyncProtocolError("Máy chủ trả lời quá lớn; chưa ghi nhận gì.")
            if time.monotonic() > deadline:
                raise SyncOffline("Máy chủ trả lời quá chậm (quá thời gian chờ).")
            chunks.append(chunk)
        return b"".join(chunks)

    def _decode(self, status: int, content: bytes) -> dict[str, Any]:
        try:
            reply = json.loads(content)
        except (ValueError, UnicodeDecodeError):
            reply = None
        if isinstance(reply, dict) and isinstance(reply.get("server_time"), str):
            with contextlib.suppress(SyncProtocolError):  # an error reply's time, if it has one
                self._observe(_time(reply["server_time"]))
        message = reply.get("error") if isinstance(reply, dict) else None
        detail = message if isinstance(message, str) else f"mã lỗi HTTP {status}"
        if status == 401:
            raise SyncAuthError(f"Máy chủ tỉnh từ chối thiết bị này: {detail}")
        if status >= 500:
            raise SyncServerError(f"Máy chủ tỉnh đang gặp lỗi ({detail}); sẽ thử lại sau.")
        if status >= 400:
            raise SyncServerError(f"Máy chủ tỉnh không nhận yêu cầu: {detail}")
        if reply is None:
            raise SyncProtocolError("Máy chủ trả lời không phải JSON hợp lệ; chưa ghi nhận gì.")
        # Every reply must be an object carrying the server's time.
        self._observe(_time(_object(reply).get("server_time")))
        return cast(dict[str, Any], reply)

    def _observe(self, server_time: datetime) -> None:
        self.clock_offset = (server_time - self._clock()).total_seconds()


def _short(error: Exception) -> str:
    text = str(error)
    return text if len(text) <= 200 else text[:200] + "…"


def _object(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise SyncProtocolError("Máy chủ trả lời sai định dạng (cần một đối tượng JSON).")
    return value


def _exact(value: Any, keys: set[str]) -> dict[str, Any]:
    """A JSON object with exactly these keys: an unknown field is a protocol breach."""
    found = _object(value)
    if set(found) != keys:
        odd = sorted(set(found) ^ keys)
        raise SyncProtocolError(f"Máy chủ trả lời sai định dạng: trường {', '.join(odd)}.")
    return found


def _typed(reply: dict[str, Any], key: str, kind: type) -> Any:
    value = reply[key]
    if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
        raise SyncProtocolError(f"Máy chủ trả lời sai kiểu dữ liệu ở trường {key}.")
    return value


def _time(text: Any) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except (TypeError, ValueError) as error:
        raise SyncProtocolError("Máy chủ trả lời sai giờ (server_time).") from error
    if moment.tzinfo is None:
        raise SyncProtocolError("Máy chủ trả lời giờ không có múi giờ (server_time).")
    return moment
