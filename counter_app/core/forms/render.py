"""The one-stop forms as PDF bytes.

Numbers and names come from the chosen form set (``Letterhead.form_set``, see
formset.py and resources/forms/forms.json). Every paper of a dossier is dated
with its day of issue (``Issue``), marked «Bản in lại ngày …» when reprinted,
stamped ĐÃ HỦY when its dossier was voided, and carries a QR code (qr.py).
"""

from __future__ import annotations

from datetime import datetime

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer

from counter_app.core.domain.status import Status, no_appointment
from counter_app.core.forms.data import (
    DocumentLine,
    DossierSheet,
    Issue,
    LedgerLine,
    Letterhead,
)
from counter_app.core.forms.formset import LEDGER, FormCaption, caption, common
from counter_app.core.forms.layout import (
    PAGES,
    Decoration,
    Page,
    Styles,
    build_copies_pdf,
    build_pdf,
    clock_text,
    content_width,
    date_text,
    grid,
    letterhead,
    signatures,
    text,
    title_block,
    void_watermark,
)
from counter_app.core.forms.paper import Paper
from counter_app.core.forms.qr import paper_fields, portal_time, qr_text

NO_DEADLINE = "Không có ngày hẹn trả cụ thể theo quy định"


def _para(styles: Styles, markup: str) -> Paragraph:
    return Paragraph(markup, styles.body)


def _heading(
    sheet: DossierSheet,
    head: Letterhead,
    page: Page,
    styles: Styles,
    issue: Issue,
    *,
    form: FormCaption,
    appointment: str | None = None,
) -> list[Flowable]:
    """The top of a dossier's paper: letterhead with the QR code, title, dossier code."""
    qr = qr_text(paper_fields(sheet, form, head, issue, appointment))
    void_reason = sheet.void_reason if sheet.voided else None
    return [
        *letterhead(head, page, styles, issue),
        *title_block(form, sheet.code, page, styles, qr=qr, void_reason=void_reason),
    ]


def _decoration(sheet: DossierSheet, page: Page) -> Decoration | None:
    """What is drawn across every page: ĐÃ HỦY on a voided dossier's paper."""
    return void_watermark(page) if sheet.voided else None


def _due(moment: datetime | None) -> str:
    """The appointment as the QR code writes it ("" for no fixed deadline)."""
    return portal_time(moment) if moment else ""


def _applicant(sheet: DossierSheet, styles: Styles) -> list[Flowable]:
    contact = []
    if sheet.phone:
        contact.append(f"Số điện thoại: {text(sheet.phone)}")
    if sheet.email:
        contact.append(f"Email: {text(sheet.email)}")
    lines = [
        f"Ông/Bà: <b>{text(sheet.applicant_name)}</b>",
        f"Địa chỉ: {text(sheet.applicant_address)}",
    ]
    if contact:
        lines.append("; ".join(contact))
    if sheet.id_number:
        lines.append(f"Số định danh cá nhân/CCCD: {text(sheet.id_number)}")
    lines.append(f"Nội dung yêu cầu giải quyết: <b>{text(sheet.procedure_name)}</b>")
    return [_para(styles, line) for line in lines]


def _documents_table(documents: tuple[DocumentLine, ...], page: Page, styles: Styles) -> Flowable:
    width = content_width(page)
    rows: list[list[object]] = [
        [
            Paragraph("<b>TT</b>", styles.center),
            Paragraph("<b>Tên giấy tờ</b>", styles.center),
            Paragraph("<b>Loại bản</b>", styles.center),
            Paragraph("<b>SL</b>", styles.center),
        ]
    ]
    for n, doc in enumerate(documents, start=1):
        rows.append(
            [
                Paragraph(str(n), styles.center),
                Paragraph(text(doc.name), styles.body),
                Paragraph(text(doc.kind), styles.body),
                Paragraph(str(doc.count), styles.center),
            ]
        )
    first = 0.1 if page.narrow else 0.07
    return grid(rows, [width * first, width * (0.62 - first), width * 0.26, width * 0.12])


def _submitter_and_receiver(sheet: DossierSheet, page: Page, styles: Styles) -> Flowable:
    return signatures(
        styles,
        page,
        [("NGƯỜI NỘP HỒ SƠ", sheet.applicant_name), ("NGƯỜI TIẾP NHẬN HỒ SƠ", sheet.received_by)],
    )


def _receipt_copy(
    sheet: DossierSheet, head: Letterhead, top: list[Flowable], page: Page, styles: Styles
) -> list[Flowable]:
    due = clock_text(sheet.appointment_at) if sheet.appointment_at else NO_DEADLINE
    where = sheet.return_method + (f" ({sheet.return_address})" if sheet.return_address else "")
    received = [d for d in sheet.documents if d.received]
    story: list[Flowable] = [
        *top,
        _para(styles, f"{text(common()['unit_caption'].capitalize())}: {text(head.agency_name)}"),
        _para(styles, "Tiếp nhận hồ sơ của:"),
        *_applicant(sheet, styles),
        _para(styles, "<b>1. Thành phần hồ sơ nộp gồm:</b>"),
        _documents_table(tuple(received), page, styles),
        _para(styles, f"<b>2. Số lượng hồ sơ:</b> {sheet.sets_count} (bộ)"),
        _para(
            styles,
            f"<b>3. Thời gian giải quyết hồ sơ theo quy định là:</b> {text(sheet.limit_text)}",
        ),
        _para(styles, f"<b>4. Thời gian nhận hồ sơ:</b> {clock_text(sheet.received_at)}"),
        _para(styles, f"<b>5. Thời gian trả kết quả giải quyết hồ sơ:</b> {text(due)}"),
        _para(styles, f"<b>6. Nhận kết quả tại:</b> {text(where)}"),
        _para(styles, f"Phí, lệ phí: {text(sheet.fee_text)}"),
        _para(
            styles,
            f"Vào Sổ theo dõi hồ sơ, Quyển số: {text(sheet.ledger_book)}, "
            f"Số thứ tự: {sheet.ledger_number}",
        ),
        Spacer(0, 3 * mm),
        _submitter_and_receiver(sheet, page, styles),
    ]
    return story


def receipt_pdf(sheet: DossierSheet, head: Letterhead, paper: Paper, issue: Issue) -> bytes:
    """Form 01: two copies on A4 (citizen's and the dossier's), one on A5 or 80 mm."""
    page, styles = PAGES[paper], Styles(PAGES[paper].font_size)
    labels = common()["copies"] if page.copies == 2 else [""]
    form, due = caption(head.form_set, "receipt"), _due(sheet.appointment_at)

    def copy() -> list[Flowable]:
        top = _heading(sheet, head, page, styles, issue, form=form, appointment=due)
        return _receipt_copy(sheet, head, top, page, styles)

    return build_copies_pdf(
        page,
        copy,
        [Paragraph(text(label), styles.italic_center) for label in labels],
        f"{form.name} {sheet.code}",
        _decoration(sheet, page),
    )


def supplement_pdf(sheet: DossierSheet, head: Letterhead, paper: Paper, issue: Issue) -> bytes:
    """Form 02: what is missing and why; the dossier is not accepted yet."""
    page, styles = PAGES[paper], Styles(PAGES[paper].font_size)
    missing = tuple(d for d in sheet.documents if not d.received)
    form = caption(head.form_set, "supplement")
    top = _heading(sheet, head, page, styles, issue, form=form)
    story: list[Flowable] = [
        *top,
        _para(
            styles,
            f"Ngày {sheet.received_at:%d/%m/%Y}, {text(head.agency_name)} đã tiếp nhận hồ sơ của:",
        ),
        *_applicant(sheet, styles),
        _para(
            styles,
            "Sau khi kiểm tra thành phần hồ sơ, đề nghị Ông/Bà bổ sung, hoàn thiện hồ "
            "sơ gồm những nội dung sau:",
        ),
    ]
    if missing:
        story.append(_documents_table(missing, page, styles))
    story += [
        _para(styles, f"<b>Lý do:</b> {text(sheet.reason)}"),
        _para(
            styles,
            "Trong quá trình hoàn thiện hồ sơ, nếu có vướng mắc, Ông/Bà liên hệ với "
            f"{text(sheet.received_by)} tại {text(head.agency_name)} để được hướng dẫn.",
        ),
        Spacer(0, 3 * mm),
        signatures(
            styles,
            page,
            [("NGƯỜI NỘP HỒ SƠ", sheet.applicant_name), ("NGƯỜI HƯỚNG DẪN", sheet.received_by)],
        ),
    ]
    return build_pdf(page, [story], f"{form.name} {sheet.code}", decorate=_decoration(sheet, page))


def refusal_pdf(sheet: DossierSheet, head: Letterhead, paper: Paper, issue: Issue) -> bytes:
    """Form 03: the dossier is refused, with the reason."""
    page, styles = PAGES[paper], Styles(PAGES[paper].font_size)
    form = caption(head.form_set, "refusal")
    top = _heading(sheet, head, page, styles, issue, form=form)
    story: list[Flowable] = [
        *top,
        _para(styles, f"{text(head.agency_name)} nhận được hồ sơ của:"),
        *_applicant(sheet, styles),
        _para(
            styles,
            "Qua nghiên cứu, xem xét hồ sơ và đối chiếu với các quy định hiện hành, "
            "Bộ phận tiếp nhận và trả kết quả thông báo không tiếp nhận, giải quyết hồ sơ "
            "này với lý do cụ thể như sau:",
        ),
        _para(styles, f"<b>{text(sheet.reason)}</b>"),
        _para(styles, "Xin thông báo để Ông/Bà được biết và thực hiện."),
        Spacer(0, 3 * mm),
        _submitter_and_receiver(sheet, page, styles),
    ]
    return build_pdf(page, [story], f"{form.name} {sheet.code}", decorate=_decoration(sheet, page))


def apology_pdf(
    sheet: DossierSheet,
    head: Letterhead,
    *,
    paper: Paper,
    issue: Issue,
    new_date: datetime,
    reason: str,
    signer: str,
) -> bytes:
    """Form 04: apology for a late result, with the reason and the new date.

    ``sheet`` holds the appointment before the change; the paper is dated the day
    it is issued (``issue``), never the new appointment.
    """
    page, styles = PAGES[paper], Styles(PAGES[paper].font_size)
    due = clock_text(sheet.appointment_at) if sheet.appointment_at else NO_DEADLINE
    form = caption(head.form_set, "apology")
    top = _heading(sheet, head, page, styles, issue, form=form, appointment=_due(new_date))
    story: list[Flowable] = [
        *top,
        _para(
            styles,
            f"Ngày {sheet.received_at:%d/%m/%Y}, {text(head.agency_name)} tiếp nhận hồ "
            f"sơ đề nghị {text(sheet.procedure_name)} của Ông/Bà "
            f"<b>{text(sheet.applicant_name)}</b>.",
        ),
        _para(styles, f"Thời gian hẹn trả kết quả giải quyết hồ sơ: {text(due)}."),
        _para(
            styles,
            "Tuy nhiên đến nay, cơ quan giải quyết chưa trả kết quả giải quyết hồ sơ "
            f"cho Ông/Bà. Lý do: {text(reason)}",
        ),
        _para(
            styles,
            f"Sự chậm trễ này đã gây phiền hà cho Ông/Bà. {text(form.promise)} "
            f"<b>{clock_text(new_date)}</b>.",
        ),
        _para(styles, "Xin trân trọng cảm ơn sự hợp tác của Ông/Bà."),
        Spacer(0, 3 * mm),
        signatures(styles, page, [("THỦ TRƯỞNG CƠ QUAN GIẢI QUYẾT", signer)]),
    ]
    return build_pdf(page, [story], f"{form.name} {sheet.code}", decorate=_decoration(sheet, page))


WITHDRAWN_TEXT = "Theo yêu cầu rút hồ sơ của Ông/Bà, việc giải quyết hồ sơ được dừng lại"


def stop_notice_pdf(
    sheet: DossierSheet,
    head: Letterhead,
    paper: Paper,
    issue: Issue,
    *,
    reason: str,
    signer: str,
) -> bytes:
    """Notice of stopping processing (form 05 of the 2025 set): the citizen withdrew
    the dossier (status 7) or the processing body stopped it (status 8), with the reason."""
    page, styles = PAGES[paper], Styles(PAGES[paper].font_size)
    form = caption(head.form_set, "stop")
    top = _heading(sheet, head, page, styles, issue, form=form)
    since = f" từ ngày {sheet.stopped_at:%d/%m/%Y}" if sheet.stopped_at else ""
    if sheet.status == Status.WITHDRAWN:
        what = f"{WITHDRAWN_TEXT}{since}."
    else:
        body = sheet.processing_body or "Cơ quan giải quyết"
        what = f"{body} dừng giải quyết hồ sơ{since}."
    story: list[Flowable] = [
        *top,
        _para(
            styles,
            f"Ngày {sheet.received_at:%d/%m/%Y}, {text(head.agency_name)} tiếp nhận hồ sơ của:",
        ),
        *_applicant(sheet, styles),
        _para(styles, text(what)),
        _para(styles, f"<b>Lý do:</b> {text(reason)}"),
        _para(
            styles,
            "Ông/Bà liên hệ Bộ phận tiếp nhận và trả kết quả để nhận lại hồ sơ đã nộp "
            "(nếu có) và được hướng dẫn.",
        ),
        _para(styles, "Xin thông báo để Ông/Bà được biết."),
        Spacer(0, 3 * mm),
        signatures(
            styles,
            page,
            [("NGƯỜI NHẬN THÔNG BÁO", sheet.applicant_name), ("NGƯỜI THÔNG BÁO", signer)],
        ),
    ]
    return build_pdf(page, [story], f"{form.name} {sheet.code}", decorate=_decoration(sheet, page))


def control_slip_pdf(sheet: DossierSheet, head: Letterhead, paper: Paper, issue: Issue) -> bytes:
    """The control slip: the dossier's trail between bodies (always A4: it travels with
    the dossier)."""
    page = PAGES[Paper.A4 if paper is Paper.RECEIPT_80 else paper]
    styles = Styles(page.font_size)
    width = content_width(page)
    rows: list[list[object]] = [
        [
            Paragraph(f"<b>{h}</b>", styles.center)
            for h in (
                "TÊN CƠ QUAN",
                "THỜI GIAN GIAO, NHẬN HỒ SƠ",
                "KẾT QUẢ GIẢI QUYẾT HỒ SƠ",
                "GHI CHÚ",
            )
        ]
    ]
    for step in (step for step in sheet.progress if step.handover):  # the trail, no notes
        rows.append(
            [
                Paragraph(text(step.body), styles.body),
                Paragraph(
                    f"{text(step.action)}<br/>{step.at:%H giờ %M phút, ngày %d/%m/%Y}", styles.body
                ),
                Paragraph(text(step.timeliness), styles.center),
                Paragraph(text(step.note), styles.body),
            ]
        )
    due = clock_text(sheet.appointment_at) if sheet.appointment_at else NO_DEADLINE
    form = caption(head.form_set, "control")
    top = _heading(sheet, head, page, styles, issue, form=form)
    story: list[Flowable] = [
        *top,
        _para(
            styles,
            f"(Kèm theo hồ sơ của Ông/Bà <b>{text(sheet.applicant_name)}</b>; "
            f"thủ tục: {text(sheet.procedure_name)})",
        ),
        _para(styles, f"Cơ quan giải quyết: {text(sheet.processing_body)}. Hẹn trả: {text(due)}."),
        Spacer(0, 2 * mm),
        grid(rows, [width * 0.25, width * 0.3, width * 0.2, width * 0.25]),
    ]
    return build_pdf(page, [story], f"{form.name} {sheet.code}", decorate=_decoration(sheet, page))


def ledger_pdf(
    lines: list[LedgerLine], head: Letterhead, period: str, printed: datetime, filters: str = ""
) -> bytes:
    """Form 06: the ledger for a period, A4 landscape, header repeated on every page.

    ``filters`` names what the lines were chosen by besides the period ("" for none).
    """
    page = PAGES[Paper.A4]
    styles = Styles(7.5)
    width = content_width(page, landscape_page=True)
    headers = (
        "STT",
        "Mã hồ sơ",
        "Tên thủ tục hành chính",
        "Tên tổ chức, cá nhân",
        "Địa chỉ, số điện thoại",
        "Cơ quan chủ trì giải quyết",
        "Ngày nhận",
        "Ngày hẹn trả",
        "Ngày trả kết quả",
        "Phương thức nhận kết quả",
        "Ký nhận",
    )
    shares = (0.04, 0.12, 0.15, 0.1, 0.13, 0.1, 0.07, 0.07, 0.07, 0.07, 0.08)
    rows: list[list[object]] = [[Paragraph(f"<b>{h}</b>", styles.center) for h in headers]]

    def when(moment: datetime | None) -> str:
        return f"{moment:%H:%M %d/%m/%Y}" if moment else ""

    for line in lines:
        rows.append(
            [
                Paragraph(text(v), styles.small)
                for v in (
                    line.number,
                    f"{line.code} (ĐÃ HỦY)" if line.voided else line.code,
                    line.procedure_name,
                    line.applicant_name,
                    line.address_phone,
                    line.processing_body,
                    when(line.received_at),
                    "—"
                    if no_appointment(line.status, line.appointment_at)
                    else when(line.appointment_at) or "Không có hạn",
                    when(line.returned_at),
                    line.return_method,
                    line.collected_by,
                )
            ]
        )
    form = caption(head.form_set, LEDGER)
    story: list[Flowable] = [
        *letterhead(head, page, Styles(9), Issue(printed)),
        Paragraph(text(form.number_line), Styles(9).right_italic),
        Paragraph(text(form.title), Styles(11).title),
        Paragraph(text(period), Styles(9).center),
        *([Paragraph(text(filters), Styles(9).center)] if filters else []),
        Spacer(0, 2 * mm),
        grid(rows, [width * s for s in shares]),
        Spacer(0, 2 * mm),
        Paragraph(f"Tổng số: {len(lines)} hồ sơ. In {date_text(printed)}.", Styles(9).body),
    ]
    return build_pdf(page, [story], f"{form.name} {period}", landscape_page=True)
