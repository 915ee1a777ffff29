"""The HTTP JSON API counters talk to (OpenAPI at /docs and /openapi.json).

Every reply carries ``server_time`` so that counters can notice a wrong clock.
Event batches may be gzip-compressed (``Content-Encoding: gzip``); bodies are
size-limited before and after decompression.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Header, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.requests import ClientDisconnect

from provincial_server import service
from provincial_server.db import ServerDatabase

MAX_BODY = 8 * 1024 * 1024  # a full batch of large dossiers is well under 2 MB

Clock = Callable[[], datetime]


class EnrolRequest(BaseModel):
    code: str


class EnrolReply(BaseModel):
    token: str
    agency: str
    counter: int
    device: int
    server_time: datetime


class EventAnswer(BaseModel):
    id: str
    result: str  # applied / duplicate / rejected
    reason: str


class EventsReply(BaseModel):
    results: list[EventAnswer]
    server_time: datetime


class ChangeItem(BaseModel):
    seq: int
    kind: str  # status / catalog / calendar
    payload: dict[str, Any]


class ChangesReply(BaseModel):
    changes: list[ChangeItem]
    cursor: int
    server_time: datetime


class HealthReply(BaseModel):
    ok: bool
    server_time: datetime


def _error(status: int, message: str, now: datetime) -> JSONResponse:
    return JSONResponse({"error": message, "server_time": now.isoformat()}, status_code=status)


def _device(
    request: Request, authorization: Annotated[str | None, Header()] = None
) -> service.DeviceInfo:
    scheme, _, token = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise service.AccessDenied("Thiếu mã truy cập (Authorization: Bearer …).")
    state = request.app.state
    return service.authenticate(state.db, token, state.clock())


Authorized = Annotated[service.DeviceInfo, Depends(_device)]


def create_app(db: ServerDatabase, clock: Clock = lambda: datetime.now(UTC)) -> FastAPI:
    app = FastAPI(title="Quầy Một Cửa — máy chủ đồng bộ cấp tỉnh", version="1")
    # Answers repeat the event ids: on a 64 kbit/s island link every byte counts.
    app.add_middleware(GZipMiddleware, minimum_size=512)
    app.state.db, app.state.clock = db, clock

    @app.exception_handler(service.AccessDenied)
    def denied(_request: Request, error: service.AccessDenied) -> JSONResponse:
        return _error(401, str(error), clock())

    @app.exception_handler(ClientDisconnect)
    def gone(_request: Request, _gone: ClientDisconnect) -> JSONResponse:
        # The link dropped mid-upload: nothing was applied, and nobody hears this reply.
        return _error(400, "Kết nối bị ngắt khi đang gửi.", clock())

    @app.exception_handler(service.BadRequest)
    def bad(_request: Request, error: service.BadRequest) -> JSONResponse:
        return _error(400, str(error), clock())

    @app.get("/v1/health")
    def health() -> HealthReply:
        return HealthReply(ok=True, server_time=clock())

    @app.post("/v1/enrol")
    def enrol(request: EnrolRequest) -> EnrolReply:
        token, info = service.enrol(db, request.code, clock())
        return EnrolReply(
            token=token,
            agency=info.agency,
            counter=info.counter,
            device=info.id,
            server_time=clock(),
        )

    @app.post("/v1/events", response_model=EventsReply)
    async def events(request: Request, who: Authorized) -> JSONResponse:
        body = await _read_json(request)
        if not isinstance(body, dict):
            raise service.BadRequest("Nội dung phải là một đối tượng JSON có 'events'.")
        answers = await run_in_threadpool(
            service.apply_events, db, who, body.get("events"), clock()
        )
        # Answers are plain strings already: validating a thousand of them again
        # through pydantic would cost more than applying them (the schema is declared).
        return JSONResponse({"results": answers, "server_time": clock().isoformat()})

    @app.get("/v1/changes")
    def changes(
        who: Authorized,
        after: Annotated[int, Query(ge=0)] = 0,
        limit: Annotated[int, Query(ge=1, le=1000)] = 500,
    ) -> ChangesReply:
        items, cursor = service.changes_since(db, who, after, limit)
        return ChangesReply(
            changes=[ChangeItem(**c) for c in items], cursor=cursor, server_time=clock()
        )

    return app


async def _read_json(request: Request) -> Any:
    raw = bytearray()
    async for chunk in request.stream():
        raw += chunk
        if len(raw) > MAX_BODY:
            raise service.BadRequest("Nội dung quá lớn.")
    if request.headers.get("content-encoding", "").lower() == "gzip":
        try:
            inflater = zlib.decompressobj(wbits=31)
            data = inflater.decompress(bytes(raw), MAX_BODY)
            if inflater.unconsumed_tail:
                raise service.BadRequest("Nội dung giải nén quá lớn.")
        except zlib.error as error:
            raise service.BadRequest(f"Nội dung gzip hỏng: {error}") from error
    else:
        data = bytes(raw)
    try:
        return json.loads(data)
    except (ValueError, UnicodeDecodeError) as error:
        raise service.BadRequest(f"Nội dung không phải JSON hợp lệ: {error}") from error
