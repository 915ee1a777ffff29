"""HTTP client for the provincial server: timeouts, TLS, size limits, strict replies.

Every request has a connect timeout, a read timeout and an overall deadline, so a
reply that stalls or trickles never hangs the engine. Replies are decoded against
the protocol's structs before anything is returned: a wrong type, an unknown field
or an oversized body raises ``SyncProtocolError`` and nothing of it is used.

A reply that is not JSON at all (cut mid-body, mangled on the way, a captive
portal's login page) says nothing about the server: it is a failed transfer,
``SyncOffline``, and is retried like a lost link.
"""

from __future__ import annotations

import gzip
import http.client
import logging
import ssl
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypeVar
from urllib.parse import urlencode, urlsplit

import msgspec
import requests
import urllib3

from counter_app.core.errors import (
    SyncAuthError,
    SyncError,
    SyncOffline,
    SyncProtocolError,
    SyncRefused,
    SyncServerError,
)
from counter_app.core.services.context import Clock, system_clock
from counter_app.core.sync.protocol import (
    DEVICE_REPLACED,
    Answer,
    Change,
    ChangesReply,
    EnrolReply,
    EnrolRequest,
    ErrorReply,
    EventsReply,
    HealthReply,
    explain,
)
from counter_app.core.sync.protocol_records import DossiersReply, RecordsPart
from counter_app.core.sync.wire_audit import AUDIT_PATH, AuditBatch, AuditEntry, AuditReply

log = logging.getLogger("counter_app.sync")

MAX_REPLY_BYTES = 16 * 1024 * 1024
GZIP_ABOVE = 512  # bytes of JSON
LOOPBACK = ("127.0.0.1", "localhost", "::1")
# The province refused the request's content: sending it again unchanged cannot help.
VERDICTS = (400, 413, 422)

Reply = TypeVar(
    "Reply", EventsReply, ChangesReply, DossiersReply, HealthReply, EnrolReply, AuditReply
)


@dataclass(frozen=True)
class Timeouts:
    connect: float = 5.0
    read: float = 30.0
    total: float = 120.0  # the whole exchange, however slowly the bytes trickle


DEFAULT_TIMEOUTS = Timeouts()


def check_server_url(url: str) -> str:
    """HTTPS, or plain HTTP to this machine only (a test or a local relay)."""
    url = url.strip().rstrip("/")
    parts = urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return url
    if parts.scheme == "http" and parts.hostname in LOOPBACK:
        return url
    raise SyncError(
        f"Địa chỉ máy chủ «{url[:80]}» không hợp lệ: phải bắt đầu bằng https:// "
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
        *,
        clock: Clock = system_clock,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.base = check_server_url(server_url)
        self.token, self.verify, self.timeouts = token, verify, timeouts
        self._clock, self._monotonic = clock, monotonic
        self._http = requests.Session()
        # Server time minus ours, taken as each reply arrives (error replies too).
        self.clock_offset: float | None = None

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> SyncClient:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # --- endpoints -------------------------------------------------------------------

    def health(self) -> datetime:
        return self._call("GET", "/v1/health", HealthReply).server_time

    def enrol(self, code: str) -> EnrolReply:
        return self._call("POST", "/v1/enrol", EnrolReply, EnrolRequest(code))

    def push(self, events: list[dict[str, Any]]) -> list[Answer]:
        reply = self._call("POST", "/v1/events", EventsReply, {"events": events})
        if [a.id for a in reply.results] != [e["id"] for e in events]:
            raise SyncProtocolError(
                "Máy chủ trả lời không khớp các sự kiện đã gửi; chưa ghi nhận gì."
            )
        return reply.results

    def push_audit(self, entries: list[AuditEntry]) -> AuditReply:
        """The next entries of this device's audit chain; how far the province holds it."""
        reply = self._call("POST", AUDIT_PATH, AuditReply, AuditBatch(entries))
        if reply.acked > entries[-1].seq:
            raise SyncProtocolError(
                "Máy chủ xác nhận nhật ký thao tác quá số mục đã gửi; chưa ghi nhận gì."
            )
        return reply

    def changes(self, after: int, limit: int, dossiers_after: int = 0) -> tuple[list[Change], int]:
        query = f"after={after}&limit={limit}&dossiers_after={dossiers_after}"
        reply = self._call("GET", f"/v1/changes?{query}", ChangesReply)
        last = after
        for change in reply.changes:
            if change.seq <= last:
                raise SyncProtocolError("Máy chủ trả lời thay đổi sai thứ tự.")
            last = change.seq
        # Past the last change sent, the cursor may skip rows the counter does not need:
        # a dossier's row superseded while the page was read, records the pages gave.
        if len(reply.changes) > limit or reply.cursor < last:
            raise SyncProtocolError("Vị trí đồng bộ máy chủ trả về không khớp các thay đổi.")
        return reply.changes, reply.cursor

    def dossiers(self, part: RecordsPart, since: date, after: str, limit: int) -> DossiersReply:
        """A page of the center's dossiers (``after``: the previous page's ``next``)."""
        query = urlencode({"part": part.value, "since": since.isoformat(), "after": after})
        reply = self._call("GET", f"/v1/dossiers?{query}&limit={limit}", DossiersReply)
        if len(reply.records) > limit or (reply.next is not None and not reply.records):
            raise SyncProtocolError("Máy chủ trả về trang hồ sơ không hợp lệ.")
        return reply

    # --- transport --------------------------------------------------------------------

    def _call(self, method: str, path: str, expected: type[Reply], body: Any = None) -> Reply:
        headers = {"Accept-Encoding": "gzip", "Accept": "application/json"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        data = None
        if body is not None:
            data = msgspec.json.encode(body)
            headers["Content-Type"] = "application/json"
            if len(data) > GZIP_ABOVE:  # event batches; the enrolment request stays plain
                data = gzip.compress(data, compresslevel=6, mtime=0)
                headers["Content-Encoding"] = "gzip"
        deadline = self._monotonic() + self.timeouts.total
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
            if any(isinstance(e, ssl.SSLCertVerificationError) for e in _chain(error)):
                raise SyncError(
                    "Không xác minh được chứng chỉ của máy chủ tỉnh. Nếu tỉnh dùng chứng chỉ "
                    "riêng, hãy đăng ký lại kèm tệp chứng chỉ gốc (--ca-bundle)."
                ) from error
            # Anything else on TLS (a link cut in the handshake) is a lost link.
            log.info("TLS transfer failed: %s", error)
            raise SyncOffline(
                f"Không kết nối được máy chủ tỉnh: {offline_reason(error)}"
            ) from error
        except (
            requests.RequestException,
            urllib3.exceptions.HTTPError,
            http.client.HTTPException,
            OSError,
        ) as error:
            log.info("transfer failed: %s: %s", type(error).__name__, error)
            raise SyncOffline(
                f"Không kết nối được máy chủ tỉnh: {offline_reason(error)}"
            ) from error
        if status >= 400:
            raise self._refusal(status, content)
        return self._decode(content, expected)

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
            if self._monotonic() > deadline:
                raise SyncOffline("Máy chủ trả lời quá chậm (quá thời gian chờ); sẽ thử lại.")
            chunks.append(chunk)
        return b"".join(chunks)

    def _decode(self, content: bytes, expected: type[Reply]) -> Reply:
        try:
            reply = msgspec.json.decode(content, type=expected)
        except msgspec.ValidationError as error:
            raise SyncProtocolError(f"Máy chủ trả lời sai giao thức ({explain(error)}).") from error
        except (msgspec.DecodeError, RecursionError) as error:
            raise SyncOffline(
                "Trả lời của máy chủ tỉnh bị cắt ngang hoặc hỏng trên đường truyền; sẽ thử lại."
            ) from error
        self._observe(reply.server_time)
        return reply

    def _refusal(self, status: int, content: bytes) -> SyncError:
        """What an error status means, by who said it.

        Only the province's own answer (an ``ErrorReply``) can refuse content or the
        device; a portal, a proxy or a gateway on the way says nothing about either.
        """
        try:
            reply = msgspec.json.decode(content, type=ErrorReply)
        except (msgspec.DecodeError, RecursionError):
            return self._not_the_province(status)
        self._observe(reply.server_time)
        detail = reply.error[:500] or f"mã lỗi HTTP {status}"
        if status == 401:
            what_now = (
                "Đồng bộ đã dừng trên máy này."
                if DEVICE_REPLACED in detail  # the detail says what to do instead
                else "Đồng bộ đã dừng: hãy xin Sở mã đăng ký mới rồi đăng ký lại quầy (Bảng "
                "đồng bộ › Đăng ký máy chủ…, hoặc lệnh counter-app enroll)."
            )
            return SyncAuthError(f"Máy chủ tỉnh từ chối thiết bị này: {detail} {what_now}", detail)
        if status >= 500:
            message = f"Máy chủ tỉnh đang gặp lỗi ({detail}); sẽ thử lại sau."
            return SyncServerError(message, status, from_province=True)
        if status in VERDICTS:
            return SyncRefused(f"Máy chủ tỉnh không nhận yêu cầu: {detail}", status, detail)
        return SyncProtocolError(f"Máy chủ tỉnh trả lời mã HTTP {status}: {detail}")

    @staticmethod
    def _not_the_province(status: int) -> SyncError:
        if status >= 500:
            message = f"Máy chủ tỉnh tạm thời không phục vụ (mã HTTP {status}); sẽ thử lại sau."
            return SyncServerError(message, status, from_province=False)
        return SyncOffline(
            f"Chưa đến được máy chủ tỉnh: một thiết bị trên đường truyền trả lời mã HTTP "
            f"{status} (mạng cần đăng nhập, proxy, hoặc địa chỉ máy chủ sai). Sẽ tự thử lại."
        )

    def _observe(self, server_time: datetime) -> None:
        self.clock_offset = (server_time - self._clock()).total_seconds()


def offline_reason(error: BaseException) -> str:
    """What went wrong on the way, in words a clerk can act on (the raw text goes to the log)."""
    causes = _chain(error)
    if any(isinstance(e, requests.exceptions.ConnectTimeout) for e in causes):
        return "hết thời gian chờ kết nối (mạng yếu hoặc mất mạng). Sẽ tự thử lại."
    if any(isinstance(e, urllib3.exceptions.NameResolutionError) for e in causes):
        return (
            "không tìm thấy máy chủ (mất mạng, hoặc địa chỉ máy chủ sai). "
            "Kiểm tra kết nối Internet; sẽ tự thử lại."
        )
    if any(isinstance(e, ConnectionRefusedError) for e in causes):
        return "máy chủ không nhận kết nối (máy chủ đang tắt hoặc bảo trì). Sẽ tự thử lại."
    if any(isinstance(e, requests.exceptions.ReadTimeout | TimeoutError) for e in causes):
        return "máy chủ không trả lời trong thời gian chờ (mạng chậm). Sẽ tự thử lại."
    return "kết nối bị ngắt giữa chừng (mạng chập chờn). Sẽ tự thử lại."


def _chain(error: BaseException) -> list[BaseException]:
    """The error, its causes and contexts, and the reasons urllib3 wraps inside them."""
    seen: list[BaseException] = []
    pending: list[BaseException | None] = [error]
    while pending:
        current = pending.pop()
        if current is None or any(current is e for e in seen) or len(seen) > 20:
            continue
        seen.append(current)
        linked = (current.__cause__, current.__context__, getattr(current, "reason", None))
        pending += [e for e in (*linked, *current.args) if isinstance(e, BaseException)]
    return seen
