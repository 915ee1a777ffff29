"""The Receive screen: pick a procedure, fill in the applicant, tick documents, decide.

Everything the clerk sees while typing (procedure filter, validation, fee,
appointment) is computed from in-memory data on the GUI thread in well under a
millisecond; the reception itself runs on the database worker, and the form is
printed only after it has been committed.

The scanner works in any field of the screen (counter_app/ui/receive/wedge.py): a
citizen's chip-ID card fills the applicant, a receipt's code opens its dossier on
the lookup screen (``dossier_scanned``). An ID number the center knows brings an
offer of the person's last details (``known_applicant_requested``, answered on the
database worker, then ``show_known``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from html import escape
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from counter_app.core.domain.calendar import WorkingCalendar
from counter_app.core.domain.catalog import RESULT_OPTIONS, ProcedureInfo
from counter_app.core.domain.chip_id import (
    CardUnreadable,
    ascii_mode_suspected,
    looks_like_card,
    parse_card,
)
from counter_app.core.domain.codes import format_code, parse_code
from counter_app.core.domain.fees import format_vnd, quote_fee
from counter_app.core.domain.reception import Outcome, ReceptionInput
from counter_app.core.domain.roles import Actor
from counter_app.core.domain.text import excerpt
from counter_app.core.errors import ValidationFailed
from counter_app.core.forms.qr import NotOurCode
from counter_app.ui.dossiers.history import limit_label
from counter_app.ui.receive.applicant_form import ApplicantForm
from counter_app.ui.receive.documents_panel import DocumentsPanel
from counter_app.ui.receive.procedure_model import ProcedureModel
from counter_app.ui.receive.wedge import QR_START, WedgeScanCatcher, qr_dossier_code, qr_unreadable
from counter_app.ui.widgets.formatting import moment, named, tr
from counter_app.ui.widgets.messages import ERROR_STYLE

if TYPE_CHECKING:  # the store is imported on the worker thread, after the window is painted
    from counter_app.core.store.applicants import KnownApplicant

CODE_LENGTH = len(format_code("000.00.00.H00", date(2000, 1, 1), 1001))  # all codes alike

NOTICE_STYLE = "background: #fff4cc; border: 1px solid #e0c060; padding: 4px;"


def notice(name: str) -> QLabel:
    """A hidden yellow note, shown when there is something to say."""
    label = named(QLabel(), name)
    label.setWordWrap(True)
    label.setStyleSheet(NOTICE_STYLE)
    label.hide()
    return label


class ReceiveView(QWidget):
    submitted = Signal(object)  # ReceptionInput, validated enough to send to the core
    draft_changed = Signal(dict)
    dossier_scanned = Signal(str)  # a receipt's code scanned here: open it on the lookup screen
    known_applicant_requested = Signal(str)  # an ID number was entered: is it a returning one?
    card_read = Signal()  # a chip-ID card's details are in the form

    def __init__(
        self,
        clock: Callable[[], datetime],
        person: Callable[[], Actor],  # who receives (signed in), asked at each reception
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._clock, self._person = clock, person
        self._calendar: WorkingCalendar | None = None
        self._procedure: ProcedureInfo | None = None
        self._restoring = False
        self._catalog_size = -1  # not loaded yet

        self.search = named(QLineEdit(), "procedure_search")
        self.search.setPlaceholderText(tr("Gõ mã hoặc tên thủ tục (không dấu cũng được)"))
        self.model = ProcedureModel()
        self.list = named(QListView(), "procedures")
        self.list.setModel(self.model)
        # Uniform, elided rows: the view need not measure 2,000 wrapped rows per keystroke.
        self.list.setUniformItemSizes(True)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        # Why the list is empty: no catalog yet (and how to get one), or nothing matches.
        self.procedure_hint = notice("procedure_hint")
        self.draft_notice = notice("draft_notice")  # a draft restored from before
        self.chosen = named(QLabel(tr("Chưa chọn thủ tục")), "chosen_procedure")
        self.chosen.setWordWrap(True)
        self.chosen.setMinimumHeight(48)
        self.applicant = ApplicantForm(lambda: self._clock().date())
        self.documents = DocumentsPanel()
        self.sets = named(QSpinBox(), "sets")
        self.sets.setRange(1, 50)
        self.pages = named(QSpinBox(), "pages")
        self.pages.setRange(1, 10_000)
        self.copies = named(QSpinBox(), "copies")
        self.copies.setRange(1, 1000)
        self.fee = named(QLabel(), "fee")
        self.fee.setWordWrap(True)  # a long exemption note must not widen the window
        self.return_method = named(QComboBox(), "return_method")
        self.return_address = named(QLineEdit(), "return_address")
        self.return_address.setPlaceholderText(tr("Địa chỉ nhận kết quả qua bưu chính"))
        self.reason = named(QPlainTextEdit(), "reason")
        self.reason.setPlaceholderText(tr("Lý do (bắt buộc khi yêu cầu bổ sung hoặc từ chối)"))
        self.reason.setTabChangesFocus(True)
        self.reason.setMaximumHeight(70)
        self.appointment = named(QLabel(), "appointment")
        self.appointment.setStyleSheet("font-size: 15pt; font-weight: bold;")
        self.message = named(QLabel(), "message")
        self.message.setStyleSheet(ERROR_STYLE)
        self.message.setWordWrap(True)
        self.accept_button = named(QPushButton(tr("Tiếp nhận và in phiếu (Ctrl+P)")), "accept")
        self.supplement_button = named(QPushButton(tr("Yêu cầu bổ sung")), "supplement")
        self.refuse_button = named(QPushButton(tr("Từ chối")), "refuse")
        self._layout()
        self._connect()
        self._watch_scans()
        self._draft_timer = QTimer(self)
        self._draft_timer.setSingleShot(True)
        self._draft_timer.setInterval(400)
        self._draft_timer.timeout.connect(lambda: self.draft_changed.emit(self.draft()))

    def _layout(self) -> None:
        picker = QGroupBox(tr("1. Thủ tục"))
        box = QVBoxLayout(picker)
        box.addWidget(self.search)
        box.addWidget(self.procedure_hint)
        box.addWidget(self.list)
        box.addWidget(self.chosen)
        who = QGroupBox(tr("2. Người nộp hồ sơ"))
        QVBoxLayout(who).addWidget(self.applicant)
        docs = QGroupBox(tr("3. Giấy tờ nộp (đánh dấu giấy tờ đã nhận)"))
        QVBoxLayout(docs).addWidget(self.documents)
        details = QGroupBox(tr("4. Số bộ, phí, nhận kết quả"))
        form = QFormLayout(details)
        form.addRow(tr("Số bộ hồ sơ"), self.sets)
        pages = QHBoxLayout()
        pages.addWidget(self.pages)
        pages.addWidget(QLabel(tr("trang ×")))
        pages.addWidget(self.copies)
        pages.addWidget(QLabel(tr("bản")))
        form.addRow(tr("Số trang, số bản"), pages)
        form.addRow(tr("Phí, lệ phí"), self.fee)
        form.addRow(tr("Nhận kết quả"), self.return_method)
        form.addRow(tr("Địa chỉ nhận"), self.return_address)
        form.addRow(tr("Lý do"), self.reason)
        buttons = QHBoxLayout()
        buttons.addWidget(self.accept_button, 2)
        buttons.addWidget(self.supplement_button, 1)
        buttons.addWidget(self.refuse_button, 1)
        right = QVBoxLayout()
        right.addWidget(docs, 2)
        right.addWidget(details, 2)
        right.addWidget(QLabel(tr("Ngày hẹn trả:")))
        right.addWidget(self.appointment)
        right.addWidget(self.message)
        right.addLayout(buttons)
        columns = QHBoxLayout()
        columns.addWidget(picker, 3)
        columns.addWidget(who, 3)
        columns.addLayout(right, 4)
        outer = QVBoxLayout(self)
        outer.addWidget(self.draft_notice)
        outer.addLayout(columns)
        self.accept_button.setDefault(True)

    def _connect(self) -> None:
        self.search.textEdited.connect(self._filter)
        self.search.returnPressed.connect(self._pick_current)
        self.list.activated.connect(lambda index: self._choose(self.model.info(index.row())))
        self.list.clicked.connect(lambda index: self._choose(self.model.info(index.row())))
        for spin in (self.sets, self.pages, self.copies):
            spin.valueChanged.connect(self._refresh)
        self.return_method.currentIndexChanged.connect(self._refresh)
        self.return_address.textEdited.connect(self._refresh)
        self.reason.textChanged.connect(self._refresh)
        self.applicant.changed.connect(self._refresh)
        self.documents.changed.connect(self._refresh)
        self.accept_button.clicked.connect(lambda: self.submit(Outcome.ACCEPTED))
        self.supplement_button.clicked.connect(lambda: self.submit(Outcome.SUPPLEMENT))
        self.refuse_button.clicked.connect(lambda: self.submit(Outcome.REFUSED))
        self.applicant.scan_entered.connect(self._scan_field_entered)
        self.applicant.id_entered.connect(self.known_applicant_requested)
        self.applicant.done.connect(self._to_documents)
        here = Qt.ShortcutContext.WidgetWithChildrenShortcut
        for keys, action in (("F6", self._to_scan_field), ("F7", self.applicant.accept_offer)):
            QShortcut(QKeySequence(keys), self, action, context=here)
        checklist = self.documents.checklist
        checklist.setToolTip(tr("Space: đánh dấu giấy tờ đã nhận; Ctrl+A: đã nhận tất cả"))
        QShortcut(
            QKeySequence.StandardKey.SelectAll,
            checklist,
            self._tick_all_documents,
            context=Qt.ShortcutContext.WidgetShortcut,
        )

    def _watch_scans(self) -> None:
        """Every widget that takes keys on this screen: a scan is caught whichever has focus."""
        is_code: Callable[[str], bool] = lambda text: parse_code(text) is not None  # noqa: E731
        self.catcher = WedgeScanCatcher(is_code, CODE_LENGTH, self)
        for widget in self.findChildren(QWidget):
            if widget.focusPolicy() != Qt.FocusPolicy.NoFocus and widget.focusProxy() is None:
                self.catcher.watch(widget)
        self.catcher.card_scanned.connect(self.read_card)
        self.catcher.code_scanned.connect(self.dossier_scanned)
        self.catcher.qr_scanned.connect(self._paper_scanned)

    # --- data from the core -------------------------------------------------------

    def set_catalog(self, catalog: list[ProcedureInfo], calendar: WorkingCalendar) -> None:
        self._calendar = calendar
        self._catalog_size = len(catalog)
        self.model.set_catalog(catalog)
        self._filter(self.search.text())
        if self._procedure is not None:  # a restored draft named a procedure
            self._choose(next((p for p in catalog if p.code == self._procedure.code), None))
            self._highlight(self._procedure)

    @property
    def catalog_empty(self) -> bool:
        return self._catalog_size == 0

    # --- procedure picking ----------------------------------------------------------

    def _filter(self, text: str) -> None:
        self.model.set_query(text)
        if self.model.rowCount():
            self.list.selectionModel().setCurrentIndex(
                self.model.index(0), QItemSelectionModel.SelectionFlag.ClearAndSelect
            )
        self._show_hint(text)

    def _show_hint(self, text: str) -> None:
        if self._catalog_size == 0:
            self.procedure_hint.setText(
                tr(
                    "Chưa có danh mục thủ tục trên máy này. Danh mục của tỉnh được tải về "
                    "khi quầy đồng bộ với máy chủ tỉnh (Hệ thống → Bảng đồng bộ…, Ctrl+F9; "
                    "cần đăng ký máy chủ trước) và hiện ra ngay. Hoặc bộ phận CNTT nạp từ "
                    "tệp bằng lệnh counter-app catalog load TỆP.json, rồi mở lại chương trình."
                )
            )
        elif self.model.rowCount() == 0:
            self.procedure_hint.setText(
                tr(
                    "Không có thủ tục nào khớp «{text}». Gõ mã thủ tục (ví dụ 1.001193) "
                    "hoặc vài chữ trong tên, không dấu cũng được."
                ).format(text=text.strip())
            )
        self.procedure_hint.setVisible(self._catalog_size == 0 or self.model.rowCount() == 0)

    def _highlight(self, info: ProcedureInfo | None) -> None:
        """Point the list at ``info`` (a restored draft's procedure), not at its first row."""
        if info is None:
            return
        for row in range(self.model.rowCount()):
            shown = self.model.info(row)
            if shown is not None and shown.code == info.code:
                index = self.model.index(row)
                self.list.selectionModel().setCurrentIndex(
                    index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                )
                self.list.scrollTo(index)
                return

    def _pick_current(self) -> None:
        info = self.model.info(self.list.currentIndex().row())
        if info is not None:
            self._choose(info)
            self.applicant.name.setFocus()

    def _choose(self, info: ProcedureInfo | None) -> None:
        self._procedure = info
        self.chosen.setText(
            f"<b>{escape(info.code)}</b> — {escape(info.name)}<br/>"
            f"{tr('Thời hạn giải quyết')}: {escape(limit_label(info.limit))}"
            if info
            else tr("Chưa chọn thủ tục")
        )
        self.documents.set_procedure(info)
        current = self.return_method.currentData()
        self.return_method.blockSignals(True)
        self.return_method.clear()
        for option in info.result_options if info else ("counter",):
            self.return_method.addItem(tr(RESULT_OPTIONS[option]), option)
        self.return_method.setCurrentIndex(max(self.return_method.findData(current), 0))
        self.return_method.blockSignals(False)
        self._refresh()

    # --- the applicant: card, returning applicants, on to the documents ---------------------

    def read_card(self, text: str) -> None:
        """A chip-ID card's QR text: fill the applicant, or say why it cannot be read."""
        try:
            card = parse_card(text, self._clock().date())
        except CardUnreadable as error:
            self.applicant.show_scan_problem(error.message)
            return
        self.applicant.fill_from_card(card, ascii_mode_suspected(card))
        self.card_read.emit()

    def _paper_scanned(self, text: str) -> None:
        """The QR code of one of our papers: open its dossier, as its barcode would."""
        try:
            code = qr_dossier_code(text)
        except NotOurCode:
            self.applicant.show_scan_problem(qr_unreadable())
            return
        if code is not None:
            self.dossier_scanned.emit(code)

    def _scan_field_entered(self, text: str) -> None:
        """Typed or pasted into the scan field, then Enter (a scan never gets that far)."""
        code = parse_code(text)
        if code is not None:
            self.dossier_scanned.emit(text.strip().upper())
        elif text.strip().upper().startswith(QR_START):
            self._paper_scanned(text)
        elif looks_like_card(text):
            self.read_card(text)
        else:
            self.applicant.show_scan_problem(
                tr("Không phải mã QR trên thẻ CCCD, cũng không phải mã hồ sơ:")
                + f" «{excerpt(text, 40)}»"
            )

    def _to_scan_field(self) -> None:
        self.applicant.scan.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def show_known(self, asked: str, known: KnownApplicant | None) -> None:
        self.applicant.offer_known(asked, known)

    def _to_documents(self) -> None:
        if self._procedure is None:  # nothing to tick yet: the procedure comes first
            self.search.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        checklist = self.documents.checklist
        checklist.setFocus(Qt.FocusReason.OtherFocusReason)
        if checklist.currentRow() < 0 and checklist.count():
            checklist.setCurrentRow(0)

    def _tick_all_documents(self) -> None:
        checklist = self.documents.checklist
        for row in range(checklist.count()):
            checklist.item(row).setCheckState(Qt.CheckState.Checked)

    # --- live feedback --------------------------------------------------------------

    def _refresh(self) -> None:
        info = self._procedure
        by_post = self.return_method.currentData() == "post"
        self.return_address.setEnabled(by_post)
        if info is None:
            self.fee.setText("")
            self.appointment.setText("")
        else:
            quote = quote_fee(info.fee_rule, self.pages.value(), self.copies.value())
            amount = (
                tr("Miễn phí")
                if quote.amount == 0
                else (format_vnd(quote.amount) if quote.amount is not None else tr("Theo quy định"))
            )
            self.fee.setText(f"{amount}" + (f" — {quote.note}" if quote.note else ""))
            if self._calendar is not None:
                due = self._calendar.appointment(self._clock(), info.limit)
                self.appointment.setText(moment(due, self._calendar.tz))
        if not self._restoring:
            self._draft_timer.start()

    # --- outcomes -------------------------------------------------------------------

    def request(self, outcome: Outcome) -> ReceptionInput | None:
        """The reception as typed; None (with messages shown) if the form is not ready."""
        problems = []
        person = self._person()
        if not person.name.strip():
            problems.append(
                tr("Chưa đặt tên cán bộ tiếp nhận (mục Cài đặt hoặc counter-app setup --clerk).")
            )
        if self._procedure is None:
            problems.append(tr("Chưa chọn thủ tục."))
        if not self.applicant.check_all():
            problems.append(tr("Thông tin người nộp chưa hợp lệ (xem thông báo bên cạnh từng ô)."))
        if self.applicant.unaccented_pending():
            problems.append(
                tr(
                    "Họ tên, địa chỉ đọc từ thẻ không có dấu (máy quét đang ở chế độ ASCII?). "
                    "Hãy gõ lại họ tên và địa chỉ có dấu như trên thẻ; nếu trên thẻ đúng là như "
                    "vậy, bấm tiếp nhận lần nữa."
                )
            )
            self.applicant.unaccented_confirmed = True
        if outcome is not Outcome.ACCEPTED and not self.reason.toPlainText().strip():
            problems.append(tr("Cần ghi lý do yêu cầu bổ sung hoặc từ chối."))
        if outcome is Outcome.ACCEPTED and self.documents.missing_required(self._procedure):
            problems.append(
                tr("Còn giấy tờ bắt buộc chưa nhận: ")
                + "; ".join(self.documents.missing_required(self._procedure))
                + tr(". Đánh dấu đã nhận, hoặc chọn «Yêu cầu bổ sung».")
            )
        if self.return_method.currentData() == "post" and not self.return_address.text().strip():
            problems.append(tr("Cần ghi địa chỉ nhận kết quả qua bưu chính."))
        self.message.setText("\n".join(problems))
        if problems or self._procedure is None:
            return None
        return ReceptionInput(
            procedure_code=self._procedure.code,
            applicant=self.applicant.value(),
            clerk=person.name,
            clerk_login=person.login,
            outcome=outcome,
            documents=self.documents.documents(),
            sets_count=self.sets.value(),
            return_method=self.return_method.currentData(),
            return_address=self.return_address.text(),
            reason=self.reason.toPlainText(),
            pages=self.pages.value(),
            copies=self.copies.value(),
        )

    def submit(self, outcome: Outcome) -> None:
        request = self.request(outcome)
        if request is not None:
            self.set_busy(True)
            self.submitted.emit(request)

    def set_busy(self, busy: bool) -> None:
        for button in (self.accept_button, self.supplement_button, self.refuse_button):
            button.setEnabled(not busy)

    def show_rejection(self, failure: ValidationFailed | Exception) -> None:
        """The core refused: show why, next to the fields where possible; keep everything typed."""
        self.set_busy(False)
        lines = []
        for error in getattr(failure, "errors", []):
            if error.field in self.applicant.messages:
                self.applicant.show_message(error.field, error.problem)
            lines.append(error.message)
        self.message.setText("\n".join(lines) or str(getattr(failure, "message", failure)))

    # --- new dossier and drafts ---------------------------------------------------------

    def stop_drafts(self) -> None:
        self._draft_timer.stop()

    def clear(self) -> None:
        # Focus first: a field left afterwards would check its emptied value ("chưa nhập").
        self.search.setFocus()
        self._restoring = True
        self.catcher.reset()
        self.search.clear()
        self._filter("")
        self._choose(None)
        self.applicant.clear()
        for spin in (self.sets, self.pages, self.copies):
            spin.setValue(1)
        self.return_address.clear()
        self.reason.clear()
        self.message.clear()
        self.draft_notice.hide()
        self.set_busy(False)
        self._restoring = False
        self.search.setFocus()

    def has_input(self) -> bool:
        """Something typed or ticked that F2 would throw away (a procedure alone is not)."""
        draft = self.draft()
        typed = any(str(v).strip() for k, v in draft["applicant"].items() if k != "type")
        extra = any(d.get("component_position") is None for d in draft["documents"])
        ticked = any(d.get("received") for d in draft["documents"])
        return typed or extra or ticked or bool(draft["reason"].strip() or draft["return_address"])

    def draft(self) -> dict[str, Any]:
        return {
            "procedure": self._procedure.code if self._procedure else None,
            "applicant": self.applicant.draft(),
            "documents": self.documents.draft(),
            "sets": self.sets.value(),
            "pages": self.pages.value(),
            "copies": self.copies.value(),
            "return_method": self.return_method.currentData(),
            "return_address": self.return_address.text(),
            "reason": self.reason.toPlainText(),
            "saved_at": self._clock().isoformat(timespec="minutes"),
        }

    def restore(self, draft: dict[str, Any], catalog: list[ProcedureInfo]) -> None:
        self._restoring = True
        info = next((p for p in catalog if p.code == draft.get("procedure")), None)
        self._choose(info)
        self.documents.restore(draft.get("documents", []))
        self.applicant.restore(draft.get("applicant", {}))
        self.sets.setValue(int(draft.get("sets", 1)))
        self.pages.setValue(int(draft.get("pages", 1)))
        self.copies.setValue(int(draft.get("copies", 1)))
        self.return_method.setCurrentIndex(
            max(self.return_method.findData(draft.get("return_method")), 0)
        )
        self.return_address.setText(draft.get("return_address", ""))
        self.reason.setPlainText(draft.get("reason", ""))
        self._restoring = False
        self._refresh()
        self._highlight(info)
        self._announce(draft.get("saved_at"))

    def _announce(self, saved_at: object) -> None:
        """Say that what is on screen is a draft from before, and how to drop it."""
        try:
            when = datetime.fromisoformat(str(saved_at)).astimezone(self._clock().tzinfo)
        except ValueError:
            when = None
        text = tr("Đã khôi phục hồ sơ đang nhập dở")
        if when is not None:
            text += " " + tr("lúc {time}").format(time=f"{when:%H:%M}")
            if when.date() != self._clock().date():
                text += " " + tr("ngày {day}").format(day=f"{when:%d/%m/%Y}")
        text += ". " + tr("Kiểm tra lại trước khi tiếp nhận; bấm F2 để bỏ và nhập hồ sơ mới.")
        self.draft_notice.setText(text)
        self.draft_notice.show()
