"""One sync cycle: push the outbox in order, then pull the province's changes.

Safe to interrupt anywhere (power cut, SIGKILL, a cut reply): an event leaves the
queue only after the server's answer for it is committed, and the server answers
a resent event "duplicate"; pulled changes and the cursor commit together.
Runs on its own worker thread, never the GUI's.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from counter_app.core.domain.roles import Actor, Permission, require
from counter_app.core.errors import SyncAuthError, SyncError, SyncOffline
from counter_app.core.services.context import Clock, system_clock
from counter_app.core.store.codes_repo import skip_through
from counter_app.core.store.engine import Database
from counter_app.core.sync import credentials as credentials_file
from counter_app.core.sync import outbox
from counter_app.core.sync.audit_push import push_audit
from counter_app.core.sync.client import DEFAULT_TIMEOUTS, SyncClient, Timeouts
from counter_app.core.sync.credentials import Credentials
from counter_app.core.sync.fetch import RecordsFetch
from counter_app.core.sync.protocol import EnrolReply
from counter_app.core.sync.pull import apply_changes, skipped_changes, skipped_count
from counter_app.core.sync.push import BatchSizer, Progress, Push
from counter_app.core.sync.status import (
    PENDING,
    QUARANTINED,
    CycleReport,
    OutboxItem,
    SkippedItem,
    SyncStatus,
)

log = logging.getLogger("counter_app.sync")

PULL_PAGE = 500
ISSUED_ELSEWHERE = "đã cấp trên máy cũ của quầy"  # why a number is skipped at enrolment


class SyncEngine:
    def __init__(
        self,
        db: Database,
        credentials_path: Path,
        clock: Clock = system_clock,
        timeouts: Timeouts = DEFAULT_TIMEOUTS,
    ) -> None:
        self.db, self.credentials_path, self.clock, self.timeouts = (
            db,
            credentials_path,
            clock,
            timeouts,
        )
        self.sizer = BatchSizer()
        self._client: SyncClient | None = None
        self._credentials_seen: tuple[int, int] | None = None

    # --- enrolment ----------------------------------------------------------------------

    def enrol(
        self, server_url: str, code: str, agency: str, counter: int, ca_bundle: str | None
    ) -> Credentials:
        """Exchange the province's one-time code for a token and keep it (0600 file)."""
        if ca_bundle and not Path(ca_bundle).is_file():
            raise SyncError(f"Không tìm thấy tệp chứng chỉ gốc {ca_bundle}.")
        client = SyncClient(server_url, None, ca_bundle or True, self.timeouts)
        try:
            granted = client.enrol(code.strip())
        except SyncAuthError as refused:
            raise SyncError(
                f"Sở không nhận mã đăng ký này: {refused.reason} Hãy xin Sở một mã mới "
                "(mỗi mã chỉ dùng một lần, trong thời hạn Sở ghi)."
            ) from refused
        finally:
            client.close()
        if (granted.agency, granted.counter) != (agency, counter):
            raise SyncError(
                f"Mã đăng ký này dành cho cơ quan {granted.agency}, quầy {granted.counter}; "
                f"quầy này là {agency}, quầy {counter}. Hãy xin mã đúng từ Sở."
            )
        self._skip_issued_elsewhere(granted)  # before the token is kept: never a number twice
        creds = Credentials(
            client.base, granted.token, granted.agency, granted.counter, granted.device, ca_bundle
        )
        credentials_file.save(creds, self.credentials_path)
        self.reset()
        return creds

    def _skip_issued_elsewhere(self, granted: EnrolReply) -> list[str]:
        """Numbers the province holds for this counter (issued on a replaced or wiped PC)
        are marked skipped here, so this PC's next code comes after them."""
        now = self.clock()
        skipped: list[str] = []
        with self.db.write() as session:
            for day, highest in sorted(granted.issued.items()):
                skipped += skip_through(
                    session,
                    agency=granted.agency,
                    counter=granted.counter,
                    local_day=day,
                    last_skipped=highest,
                    reason=ISSUED_ELSEWHERE,
                    now=now,
                )
        if skipped:
            log.info("enrolment: %d numbers issued on the counter's previous PC", len(skipped))
        return skipped

    def reset(self) -> None:
        """Forget the open connection (after enrolment or a change of server)."""
        if self._client is not None:
            self._client.close()
        self._client = None

    def client(self) -> SyncClient:
        """The client for the credentials file as it is now: an enrolment made meanwhile
        (``counter-app enroll`` beside the window, say) takes effect at the next call."""
        if self._client is None or self.credentials_changed():
            self.reset()
            self._credentials_seen = _stamp(self.credentials_path)
            creds = credentials_file.load(self.credentials_path)
            self._client = SyncClient(
                creds.server_url, creds.token, creds.verify, self.timeouts, clock=self.clock
            )
        return self._client

    def credentials_changed(self) -> bool:
        """Has the credentials file changed since the client was last built?"""
        return _stamp(self.credentials_path) != self._credentials_seen

    # --- the cycle ------------------------------------------------------------------------

    def run_cycle(self, progress: Progress | None = None) -> CycleReport:
        """Push everything pending, then pull; the state row records how it went."""
        started = self.clock()
        try:
            client = self.client()
            pushed = Push(self.db, client, self.sizer, self.clock, progress).run()
            push_audit(self.db, client)
            fetch = RecordsFetch(self.db, client, self.clock)
            skipped = fetch.current().skipped  # what a clerk needs first, first
            pulled, skipped_in_feed = self._pull(client, fetch.head())
            history = fetch.history(between=lambda: self._push_more(client, progress))
            skipped += skipped_in_feed + history.skipped
            if held := pushed.held_error():
                raise held
        except SyncError as error:
            log.warning("sync failed (%s): %s", type(error).__name__, error.message)
            self._finish(started, error)
            raise
        self._finish(started, None)
        with self.db.read() as session:
            pending = outbox.counts(session).get(PENDING, 0)
        log.info(
            "sync: %d delivered, %d refused, %d changes pulled, %d skipped, %d pending",
            pushed.delivered, pushed.quarantined, pulled, len(skipped), pending,
        )  # fmt: skip
        return CycleReport(
            pushed.delivered, pushed.quarantined, pulled, skipped, pending, more=history.more
        )

    def probe(self) -> bool:
        """Is the server reachable now? (cheap: used while backing off after a lost link)."""
        try:
            self.client().health()
        except SyncError:
            return False
        return True

    def _push_more(self, client: SyncClient, progress: Progress | None) -> None:
        """What the clerks did while the history was coming: sent now, not an hour on."""
        with self.db.read() as session:
            waiting = outbox.counts(session).get(PENDING, 0)
        if waiting:
            Push(self.db, client, self.sizer, self.clock, progress).run()

    def _pull(self, client: SyncClient, dossiers_after: int) -> tuple[int, list[str]]:
        pulled, skipped = 0, list[str]()
        while True:
            with self.db.read() as session:
                cursor = outbox.sync_state(session).cursor
            changes, new_cursor = client.changes(cursor, PULL_PAGE, dossiers_after)
            if not changes and new_cursor == cursor:
                return pulled, skipped
            with self.db.write() as session:
                state = outbox.sync_state(session)
                if state.cursor != cursor:  # another process pulled meanwhile: start over
                    continue
                skipped += apply_changes(session, changes, self.clock())
                state.cursor = new_cursor  # in the same transaction as the changes
            pulled += len(changes)
            if len(changes) < PULL_PAGE:
                return pulled, skipped

    def _finish(self, started: datetime, error: SyncError | None) -> None:
        with self.db.write() as session:
            state = outbox.sync_state(session)
            state.last_attempt_at = started
            offset = self._client.clock_offset if self._client else None
            if offset is not None:
                state.clock_offset_seconds = offset
            if error is None:
                state.last_success_at, state.offline_since = self.clock(), None
                state.last_error = None
            else:
                state.last_error = error.message
                if isinstance(error, SyncOffline) and state.offline_since is None:
                    state.offline_since = started

    # --- what the window shows, and the sync console's actions ----------------------------

    def items(self) -> list[OutboxItem]:
        with self.db.read() as session:
            return outbox.items(session, [QUARANTINED, PENDING])

    def skipped(self) -> list[SkippedItem]:
        with self.db.read() as session:
            return [
                SkippedItem(row.seq, row.kind, row.reason, row.skipped_at)
                for row in skipped_changes(session)
            ]

    def retry(self, row_ids: Sequence[int]) -> int:
        with self.db.write() as session:
            return outbox.retry(session, row_ids)

    def discard(self, row_ids: Sequence[int], reason: str, supervisor: Actor) -> int:
        """Give up on refused events: a supervisor's decision, kept with their name and why."""
        require(supervisor, Permission.DISCARD_EVENT)
        with self.db.write() as session:
            return outbox.discard(session, row_ids, reason, supervisor.name, self.clock())

    def status(self) -> SyncStatus:
        try:
            creds: Credentials | None = credentials_file.load(self.credentials_path)
        except SyncError:
            creds = None
        with self.db.read() as session:
            numbers = outbox.counts(session)
            state = outbox.sync_state(session)
            return SyncStatus(
                enrolled=creds is not None,
                server=creds.server_url if creds else None,
                pending=numbers.get(PENDING, 0),
                quarantined=numbers.get(QUARANTINED, 0),
                last_success_at=state.last_success_at,
                last_attempt_at=state.last_attempt_at,
                offline_since=state.offline_since,
                last_error=state.last_error,
                clock_offset_seconds=state.clock_offset_seconds,
                skipped_changes=skipped_count(session),
                records_phase=state.records_phase,
                records_count=state.records_count,
            )


def _stamp(path: Path) -> tuple[int, int] | None:
    """When and how big the file was last written; None if there is none."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size
