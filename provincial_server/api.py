"""The HTTP JSON API counters talk to (OpenAPI at /docs and /openapi.json).

Requests and replies are the structs of ``counter_app.core.sync.protocol``, the one
declaration both sides use; the OpenAPI document is generated from them. Every
reply, refusals included, carries ``server_time`` so that counters can notice a
wrong clock. A batch of events is answered event by event wherever it can be
parsed at all: one bad event is rejected with its reason, never the batch. Event
batches may be gzip-compressed (``Content-Encoding: gzip``); bodies are
size-limited before and after decompression.
"""

from __future__ import annotations

import logging
import zlib
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime
from typing import Annotated, Any, TypeVar

import anyio
import msgspec
from fastapi import Depends, FastAPI, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.openapi.utils import get_openapi
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect

from counter_app.core.sync.protocol import (
    MAX_BODY_BYTES,
    MAX_CHANGES_PER_PAGE,
    MAX_EVENT_BYTES,
    MAX_EVENTS_PER_BATCH,
    REPLIES,
    Answer,
    Change,
    ChangesReply,
    EnrolReply,
    EnrolRequest,
    ErrorReply,
    EventBatch,
    EventsReply,
    HealthReply,
    explain,
)
from counter_app.core.sync.protocol_records import (
    MAX_RECORDS_PER_PAGE,
    DossiersReply,
    RecordsPart,
)
from counter_app.core.sync.wire_audit import (
    AUDIT_PATH,
    MAX_AUDIT_PER_BATCH,
    AuditBatch,
    AuditReply,
)
from provincial_server import feed, service
from provincial_server.audit import store_chain
from provincial_server.db import ServerDatabase

log = logging.getLogger("provincial_server.api")

Clock = Callable[[], datetime]
T = TypeVar("T")
MAX_ENROL_BYTES = 4096  # a one-time code in JSON is under 100 bytes; no login guards it
BODY_SECONDS = 120.0  # to upload one request (a counter's batch takes ~2 s on its link)
MAX_CURSOR = 2**63 - 1  # change numbers are 64-bit, on the wire and in the database

LIMITS = f"""
Limits (a request over them is refused with 413 and the reason):
- body: {MAX_BODY_BYTES // (1024 * 1024)} MiB, before and after gzip decompression;
- events per batch: {MAX_EVENTS_PER_BATCH};
- one event: {MAX_EVENT_BYTES // 1024} KiB of JSON (a larger event is rejected alone, with
  its reason, and the rest of its batch is answered as usual);
- changes per page: {MAX_CHANGES_PER_PAGE}; dossier records per page: {MAX_RECORDS_PER_PAGE}.
"""


class _RawBatch(msgspec.Struct, forbid_unknown_fields=True):
    """The batch as read: each event kept as raw JSON, decoded and answered on its own."""

    events: list[msgspec.Raw]


def _json(
    reply: msgspec.Struct, status: int = 200, headers: Mapping[str, str] | None = None
) -> Response:
    encoded = msgspec.json.encode(reply)
    return Response(encoded, status, dict(headers or {}), media_type="application/json")


def _json_of(struct: type[msgspec.Struct]) -> dict[str, Any]:
    """OpenAPI's content entry for a protocol struct (its schema is in the components)."""
    return {"application/json": {"schema": {"$ref": f"#/components/schemas/{struct.__name__}"}}}


def _doc(struct: type[msgspec.Struct], description: str) -> dict[str, Any]:
    return {"description": description, "content": _json_of(struct)}


def _refusals(*statuses: int) -> dict[int | str, dict[str, Any]]:
    meaning = {
        400: "The request is malformed (not JSON, wrong shape, nested too deep).",
        401: "No valid device token (or enrolment code).",
        413: "Over a stated limit (body size, events per batch).",
        422: "A query parameter is out of range.",
    }
    return {status: _doc(ErrorReply, meaning[status]) for status in statuses}


_BEARER = HTTPBearer(auto_error=False, description="Mã truy cập của thiết bị")


def _device(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_BEARER)],
) -> service.DeviceInfo:
    return _authenticate(request, credentials, delivering=False)


def _delivering_device(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_BEARER)],
) -> service.DeviceInfo:
    """A replaced PC may still deliver what it did before (``service.authenticate``)."""
    return _authenticate(request, credentials, delivering=True)


def _authenticate(
    request: Request, credentials: HTTPAuthorizationCredentials | None, *, delivering: bool
) -> service.DeviceInfo:
    if credentials is None or not credentials.credentials:
        raise service.AccessDenied("Thiếu mã truy cập (Authorization: Bearer …).")
    state = request.app.state
    token = credentials.credentials
    return service.authenticate(state.db, token, state.clock(), delivering=delivering)


Authorized = Annotated[service.DeviceInfo, Depends(_device)]
Delivering = Annotated[service.DeviceInfo, Depends(_delivering_device)]


def create_app(db: ServerDatabase, clock: Clock = lambda: datetime.now(UTC)) -> FastAPI:
    app = FastAPI(title="Quầy Một Cửa — máy chủ đồng bộ cấp tỉnh", version="1", description=LIMITS)
    # Answers repeat the event ids: on a 64 kbit/s island link every byte counts.
    app.add_middleware(GZipMiddleware, minimum_size=512)
    _handle_refusals(app, clock)
    app.state.db, app.state.clock = db, clock

    @app.get("/v1/health", responses={200: _doc(HealthReply, "The server is up.")})
    def health() -> Response:
        return _json(HealthReply(ok=True, server_time=clock()))

    @app.post(
        "/v1/enrol",
        responses={
            200: _doc(
                EnrolReply,
                "A device token, shown once; the counter's highest issued numbers of "
                "recent days. The counter number's previous device is revoked (replaced).",
            ),
            **_refusals(400, 401, 413),
        },
        openapi_extra=_body(EnrolRequest),
    )
    async def enrol(request: Request) -> Response:
        asked = _decode(await _read_body(request, MAX_ENROL_BYTES), EnrolRequest)
        enrolment = await run_in_threadpool(service.enrol, db, asked.code, clock())
        info = enrolment.device
        return _json(
            EnrolReply(
                token=enrolment.token,
                agency=info.agency,
                counter=info.counter,
                device=info.id,
                server_time=clock(),
                issued=enrolment.issued,
            )
        )

    @app.post(
        "/v1/events",
        description="Each event is answered in order: applied, duplicate or rejected (with "
        "the reason). A resent event is answered 'duplicate'." + LIMITS,
        responses={200: _doc(EventsReply, "One answer per event."), **_refusals(400, 401, 413)},
        openapi_extra=_body(EventBatch),
    )
    async def events(request: Request, who: Delivering) -> Response:
        body = await _read_body(request)
        answers = await run_in_threadpool(_answer_batch, db, who, body, clock())
        return _json(EventsReply(results=answers, server_time=clock()))

    @app.post(
        AUDIT_PATH,
        description="The next entries of this device's audit chain, in order. Stored while "
        "they continue the chain the province holds (seq follows, prev_hash is the last "
        "hash, the hash recomputes); the reply says how far it holds the chain and, if an "
        "entry does not continue it, which one and why. Resent entries are acknowledged "
        f"again. At most {MAX_AUDIT_PER_BATCH} entries; gzip and body limits as for events.",
        responses={200: _doc(AuditReply, "How far the chain is held."), **_refusals(400, 401, 413)},
        openapi_extra=_body(AuditBatch),
    )
    async def audit_entries(request: Request, who: Delivering) -> Response:
        batch = _audit_batch(await _read_body(request))
        verdict = await run_in_threadpool(store_chain, db, who, batch.entries, clock())
        reply = AuditReply(
            acked=verdict.acked,
            server_time=clock(),
            refused_seq=verdict.refused_seq,
            problem=verdict.problem,
        )
        return _json(reply)

    @app.get(
        "/v1/changes",
        responses={200: _doc(ChangesReply, "The next changes."), **_refusals(401, 422)},
    )
    def changes(
        who: Authorized,
        after: Annotated[int, Query(ge=0, le=MAX_CURSOR)] = 0,
        limit: Annotated[int, Query(ge=1, le=MAX_CHANGES_PER_PAGE)] = 500,
        dossiers_after: Annotated[int, Query(ge=0, le=MAX_CURSOR)] = 0,
    ) -> Response:
        items, cursor = service.changes_since(db, who, after, limit, dossiers_after)
        found = [Change(seq=c["seq"], kind=c["kind"], payload=c["payload"]) for c in items]
        return _json(ChangesReply(changes=found, cursor=cursor, server_time=clock()))

    @app.get(
        "/v1/dossiers",
        description="The agency's dossiers, newest first, in keyset pages: part 'current' "
        "(not yet closed, or received on or after 'since'), then 'history' (before it). "
        "'after' is the previous page's 'next'; 'head' is the feed's number when read.",
        responses={200: _doc(DossiersReply, "One page of records."), **_refusals(400, 401, 422)},
    )
    def dossiers(
        who: Authorized,
        part: RecordsPart,
        since: date,
        after: Annotated[str, Query(max_length=100, pattern=feed.KEY_PATTERN)] = "",
        limit: Annotated[int, Query(ge=1, le=MAX_RECORDS_PER_PAGE)] = MAX_RECORDS_PER_PAGE,
    ) -> Response:
        records, following, head = service.dossier_records(
            db, who, part, key=after, since=since, limit=limit
        )
        reply = DossiersReply(records=records, next=following, head=head, server_time=clock())
        return _json(reply)

    app.openapi = lambda: _openapi(app)  # type: ignore[method-assign]
    return app


def _answer_batch(
    db: ServerDatabase, who: service.DeviceInfo, body: bytes, now: datetime
) -> list[Answer]:
    batch = _decode(body, _RawBatch)
    incoming = [service.read_event(bytes(raw)) for raw in batch.events]
    return service.apply_events(db, who, incoming, now)


def _handle_refusals(app: FastAPI, clock: Clock) -> None:
    """Every refusal is an ``ErrorReply`` with the server's time, never a bare framework reply."""

    def refuse(status: int, message: str, headers: Mapping[str, str] | None = None) -> Response:
        return _json(ErrorReply(error=message, server_time=clock()), status, headers)

    @app.exception_handler(service.AccessDenied)
    def denied(_request: Request, error: service.AccessDenied) -> Response:
        return refuse(401, str(error), {"WWW-Authenticate": "Bearer"})

    @app.exception_handler(service.BadRequest)
    def bad(_request: Request, error: service.BadRequest) -> Response:
        status = 413 if isinstance(error, service.TooLarge) else 400
        return refuse(409 if isinstance(error, service.Conflict) else status, str(error))

    @app.exception_handler(ClientDisconnect)
    def gone(_request: Request, _gone: ClientDisconnect) -> Response:
        # The link dropped mid-upload: nothing was applied, and nobody hears this reply.
        return refuse(400, "Kết nối bị ngắt khi đang gửi.")

    @app.exception_handler(RequestValidationError)
    def invalid(_request: Request, error: RequestValidationError) -> Response:
        problems = [
            f"«{'.'.join(str(p) for p in e.get('loc', ())[1:]) or 'yêu cầu'}»: {e.get('msg', '')}"
            for e in error.errors()[:5]
        ]
        return refuse(422, "Tham số không hợp lệ: " + "; ".join(problems))

    @app.exception_handler(HTTPException)
    def framework(_request: Request, error: HTTPException) -> Response:
        return refuse(error.status_code, str(error.detail), error.headers)

    @app.exception_handler(Exception)
    def bug(_request: Request, error: Exception) -> Response:
        # Never expected (the fuzzing in CI finds none), but a counter still reads the
        # reply's shape and time, and retries later as after any server error.
        log.exception("unexpected error", exc_info=error)
        return refuse(500, "Lỗi máy chủ; đã ghi nhật ký, hãy thử lại sau.")


async def _read_body(request: Request, limit: int = MAX_BODY_BYTES) -> bytes:
    """The body, within ``limit`` bytes (before and after gzip) and ``BODY_SECONDS``."""
    raw = bytearray()
    try:
        with anyio.fail_after(BODY_SECONDS):  # a trickling upload must not hold a worker
            async for chunk in request.stream():
                raw += chunk
                if len(raw) > limit:
                    raise service.TooLarge(f"Nội dung quá lớn (tối đa {_size(limit)}).")
    except TimeoutError as error:
        raise service.BadRequest("Gửi quá chậm; kết nối bị ngắt.") from error
    encoding = request.headers.get("content-encoding", "identity").strip().lower()
    if encoding in ("", "identity"):
        return bytes(raw)
    if encoding != "gzip":
        raise service.BadRequest(f"Cách nén «{encoding[:20]}» không được hỗ trợ (chỉ gzip).")
    try:
        inflater = zlib.decompressobj(wbits=31)
        data = inflater.decompress(bytes(raw), limit)
    except zlib.error as error:
        raise service.BadRequest(f"Nội dung gzip hỏng: {error}") from error
    if inflater.unconsumed_tail:
        raise service.TooLarge(f"Nội dung giải nén quá lớn (tối đa {_size(limit)}).")
    if not inflater.eof or inflater.unused_data:
        raise service.BadRequest("Nội dung gzip hỏng: thiếu phần cuối hoặc có dữ liệu thừa.")
    return data


def _size(limit: int) -> str:
    return f"{limit // 2**20} MB" if limit >= 2**20 else f"{limit // 1024} KB"


def _decode(body: bytes, kind: type[T]) -> T:
    try:
        return msgspec.json.decode(body, type=kind)
    except msgspec.ValidationError as error:
        raise service.BadRequest(f"Nội dung sai định dạng: {explain(error)}") from error
    except msgspec.DecodeError as error:
        raise service.BadRequest(f"Nội dung không phải JSON hợp lệ ({error}).") from error
    except RecursionError as error:
        raise service.BadRequest("Nội dung lồng nhau quá sâu.") from error


def _audit_batch(body: bytes) -> AuditBatch:
    """Strictly typed, but 5.0 is the integer 5 (JSON Schema says so, and so do clients)."""
    raw = _decode(body, dict[str, Any])
    entries = raw.get("entries")
    for entry in entries if isinstance(entries, list) else ():
        for key in ("seq", "counter"):
            value = entry.get(key) if isinstance(entry, dict) else None
            if isinstance(value, float) and value.is_integer():
                entry[key] = int(value)
    try:
        return msgspec.convert(raw, AuditBatch)
    except msgspec.ValidationError as error:
        raise service.BadRequest(f"Nội dung sai định dạng: {explain(error)}") from error


def _body(struct: type[msgspec.Struct]) -> dict[str, Any]:
    return {"requestBody": {"required": True, "content": _json_of(struct)}}


def _openapi(app: FastAPI) -> dict[str, Any]:
    """FastAPI's document, with the protocol's structs as its schemas."""
    if app.openapi_schema is None:
        document = get_openapi(
            title=app.title, version=app.version, description=app.description, routes=app.routes
        )
        _, schemas = msgspec.json.schema_components(
            (*REPLIES, EventBatch, EnrolRequest, AuditBatch, AuditReply),
            ref_template="#/components/schemas/{name}",
        )
        document.setdefault("components", {}).setdefault("schemas", {}).update(schemas)
        app.openapi_schema = document
    return app.openapi_schema
