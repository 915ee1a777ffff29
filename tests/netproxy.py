"""A userspace TCP proxy that makes a weak link (the kernel here has no netem).

Between the counter and the server it can add delay each way, cap bandwidth each
way, drop (reset) a share of connections at a random point, cut every reply after
some bytes, stall replies, or answer in the server's place with HTTP 500 after the
server has applied the request (the nastiest case: done, but reported failed).
The profile can be changed while connections are open; ``stats`` counts the bytes
that crossed, for "bytes on the wire" figures.
"""

from __future__ import annotations

import asyncio
import random
import threading
import time
from dataclasses import dataclass, field

CHUNK = 1024  # small chunks so that a bandwidth cap paces smoothly
FAKE_500 = (
    b"HTTP/1.1 500 Internal Server Error\r\nContent-Type: application/json\r\n"
    b"Content-Length: 19\r\nConnection: close\r\n\r\n"
    b'{"error": "proxy"}\n'
)


@dataclass
class LinkProfile:
    delay: float = 0.0  # seconds, each way
    bandwidth: float | None = None  # bytes per second, each way
    drop_rate: float = 0.0  # share of connections reset at a random point
    drop_within: int = 20_000  # ... somewhere in their first this many bytes
    cut_replies_after: int | None = None  # close after this many reply bytes
    stall_replies_after: int | None = None  # stop forwarding replies, keep the socket
    fail_rate: float = 0.0  # share of connections whose reply is replaced by a 500
    refuse: bool = False  # the link is down: connections are closed at once


@dataclass
class Stats:
    connections: int = 0
    dropped: int = 0
    bytes_up: int = 0  # counter → server
    bytes_down: int = 0  # server → counter


@dataclass
class _Conn:
    drop_at: int | None
    fail: bool
    up: int = 0
    down: int = 0
    cut: bool = False
    tasks: list[asyncio.Task[None]] = field(default_factory=list)
    writers: list[asyncio.StreamWriter] = field(default_factory=list)

    def reset(self) -> None:
        """Both sockets closed at once, as a reset or a cut line does."""
        for writer in self.writers:
            writer.transport.abort()


class TcpProxy:
    def __init__(self, target_port: int, profile: LinkProfile | None = None, seed: int = 7) -> None:
        self.target_port = target_port
        self.profile = profile or LinkProfile()
        self.stats = Stats()
        self._random = random.Random(seed)
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._server: asyncio.Server | None = None
        self.port = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> TcpProxy:
        self._thread.start()
        self._server = asyncio.run_coroutine_threadsafe(
            asyncio.start_server(self._handle, "127.0.0.1", 0), self._loop
        ).result(10)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    def stop(self) -> None:
        async def close() -> None:
            assert self._server is not None
            self._server.close()
            tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

        asyncio.run_coroutine_threadsafe(close(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
        self._loop.close()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        profile = self.profile
        self.stats.connections += 1
        if profile.refuse:
            writer.transport.abort()
            return
        try:
            up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.target_port)
        except OSError:
            writer.transport.abort()  # the server is down: so is the link, for the counter
            return
        if profile.delay:  # the TCP handshake's round trip, which the kernel here skips
            await asyncio.sleep(2 * profile.delay)
        dropped = self._random.random() < profile.drop_rate
        conn = _Conn(
            drop_at=self._random.randrange(profile.drop_within) if dropped else None,
            fail=self._random.random() < profile.fail_rate,
        )
        pumps = [
            self._pump(reader, up_writer, conn, upstream=True),
            self._pump(up_reader, writer, conn, upstream=False),
        ]
        conn.writers = [writer, up_writer]
        conn.tasks = [asyncio.ensure_future(p) for p in pumps]
        try:
            await asyncio.gather(*conn.tasks, return_exceptions=True)
        except asyncio.CancelledError:
            pass  # the proxy is stopping
        finally:
            conn.reset()

    async def _pump(
        self,
        source: asyncio.StreamReader,
        sink: asyncio.StreamWriter,
        conn: _Conn,
        *,
        upstream: bool,
    ) -> None:
        """One direction through the link model: a serialising bottleneck, then the delay.

        A reader stamps each chunk with its arrival time and a writer delivers it then,
        so the delay applies once per byte (pipelined), not once per chunk.
        """
        queue: asyncio.Queue[tuple[float, bytes] | None] = asyncio.Queue(maxsize=256)
        writer = asyncio.ensure_future(self._deliver(queue, sink, conn, upstream))
        free_at = time.monotonic()  # when the bottleneck has sent everything so far
        try:
            while chunk := await source.read(CHUNK):
                profile = self.profile
                now = time.monotonic()
                bandwidth = profile.bandwidth
                free_at = max(free_at, now) + len(chunk) / bandwidth if bandwidth else now
                await queue.put((free_at + profile.delay, chunk))
                if writer.done():
                    break
            await queue.put(None)
            await writer
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            # One side is done or broken: the whole connection goes, as a reset does.
            writer.cancel()
            for task in conn.tasks:
                if task is not asyncio.current_task():
                    task.cancel()
            conn.reset()

    async def _deliver(
        self,
        queue: asyncio.Queue[tuple[float, bytes] | None],
        sink: asyncio.StreamWriter,
        conn: _Conn,
        upstream: bool,
    ) -> None:
        while (item := await queue.get()) is not None:
            arrival, chunk = item
            wait = arrival - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            if not upstream and conn.fail:
                sink.write(FAKE_500)  # the server did the work; the counter hears "500"
                await sink.drain()
                conn.reset()
                return
            passed = self._limit(chunk, conn, upstream)
            if passed is None:
                conn.reset()
                return
            sink.write(passed)
            await sink.drain()
            if conn.cut:
                conn.reset()
                return
            if upstream:
                self.stats.bytes_up += len(passed)
            else:
                self.stats.bytes_down += len(passed)
            stall = self.profile.stall_replies_after
            if not upstream and stall is not None and conn.down >= stall:
                await asyncio.Event().wait()  # hold the socket open, send nothing

    def _limit(self, chunk: bytes, conn: _Conn, upstream: bool) -> bytes | None:
        """Apply drops and cuts; None ends the connection."""
        profile = self.profile
        if conn.drop_at is not None and conn.up + conn.down + len(chunk) > conn.drop_at:
            self.stats.dropped += 1
            conn.drop_at = None
            return None
        if upstream:
            conn.up += len(chunk)
            return chunk
        if profile.cut_replies_after is not None:
            room = profile.cut_replies_after - conn.down
            if room < len(chunk):
                conn.cut = True  # this part goes out, then the line is cut
                chunk = chunk[: max(0, room)]
        conn.down += len(chunk)
        return chunk
