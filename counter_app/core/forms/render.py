"""The six one-stop forms as PDF bytes. Captions come from resources/forms/forms.json."""

from __future__ import annotations

from datetime import datetime

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Spacer

from counter_app.core.forms.data import DocumentLine, DossierSheet, LedgerLine, Letterhead
from counter_app.core.forms.layout import (
    PAGES,
    Page,
    Styles,
    build_copies_pdf,
    build_pdf,
    captions,
    clock_text,
    date_text,
    grid,
    letterhead,
    signatures,
    text,
    title_block,
)
from counter_app.core.forms.paper import Paper

NO_DEADLINE = "Không có ngày hẹn trả cụ thể theo quy định"


def _para(styles: Styles, markup: str) -> Paragraph:
    return Paragraph(markup, styles.body)


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
    width = page.size[0] - 2 * page.margin
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
    sheet: DossierSheet, head: Letterhead, page: Page, styles: Styles
) -> list[Flowable]:
    due = clock_text(sheet.appointment_at) if sheet.appointment_at else NO_DEADLINE
    where = sheet.return_method + (f" ({sheet.return_address})" if sheet.return_address else "")
    received = [d for d in sheet.documents if d.received]
    story: list[Flowable] = [
        *letterhead(head, page, styles, sheet.received_at),
        *title_block("receipt", sheet.code, head, page, styles),
        _para(styles, f"{text(captions()['unit_caption'].capitalize())}: {text(head.agency_name)}"),
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


def receipt_pdf(sheet: DossierSheet, head: Letterhead, paper: Paper) -> bytes:
    """Form 01: two copies on A4 (citizen's and the dossier's), one on A5 or 80 mm."""
    page, styles = PAGES[paper], Styles(PAGES[paper].font_size)
    labels = captions()["copies"] if page.copies == 2 else [""]
    return build_copies_pdf(
        page,
        _receipt_copy(sheet, head, page, styles),
        [Paragraph(text(label), styles.italic_center) for label in labels],
        f"Giấy tiếp nhận {sheet.code}",
    )


def supplement_pdf(sheet: DossierSheet, head: Letterhead, paper: Paper) -> bytes:
    """Form 02: what is missing and why; the dossier is not accepted yet."""
    page, styles = PAGES[paper], Styles(PAGES[paper].font_size)
    missing = tuple(d for d in sheet.documents if not d.received)
    story: list[Flowable] = [
        *letterhead(head, page, styles, sheet.received_at),
        *title_block("supplement", sheet.code, head, page, styles),
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
    return build_pdf(page, [story], f"Phiếu yêu cầu bổ sung {sheet.code}")


def refusal_pdf(sheet: DossierSheet, head: Letterhead, paper: Paper) -> bytes:
    """Form 03: the dossier is refused, with the reason."""
    page, styles = PAGES[paper], Styles(PAGES[paper].font_size)
    story: list[Flowable] = [
        *letterhead(head, page, styles, sheet.received_at),
        *title_block("refusal", sheet.code, head, page, styles),
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
    return build_pdf(page, [story], f"Phiếu từ chối {sheet.code}")


def apology_pdf(
    sheet: DossierSheet,
    head: Letterhead,
    *,
    paper: Paper,
    new_date: datetime,
    reason: str,
    signer: str,
) -> bytes:
    """Form 04: apology for a late result, with the reason and the new date."""
    page, styles = PAGES[paper], Styles(PAGES[paper].font_size)
    due = clock_text(sheet.appointment_at) if sheet.appointment_at else NO_DEADLINE
    story: list[Flowable] = [
        *letterhead(head, page, styles, new_date),
        *title_block("apology", sheet.code, head, page, styles),
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
            "Sự chậm trễ này đã gây phiền hà cho Ông/Bà. Chúng tôi thành thật xin lỗi "
            "và hẹn trả kết quả giải quyết hồ sơ vào: "
            f"<b>{clock_text(new_date)}</b>.",
        ),
        _para(styles, "Xin trân trọng cảm ơn sự hợp tác của Ông/Bà."),
        Spacer(0, 3 * mm),
        signatures(styles, page, [("THỦ TRƯỞNG CƠ QUAN GIẢI QUYẾT", signer)]),
    ]
    return build_pdf(page, [story], f"Phiếu xin lỗi {sheet.code}")


def control_slip_pdf(sheet: DossierSheet, head: Letterhead, paper: Paper) -> bytes:
    """Form 05: the dossier's trail between bodies (always A4, it travels with the dossier)."""
    page = PAGES[Paper.A4 if paper is Paper.RECEIPT_80 else paper]
    styles = Styles(page.font_size)
    width = page.size[0] - 2 * page.margin
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
    for step in sheet.progress:
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
    story: list[Flowable] = [
        *letterhead(head, page, styles, sheet.received_at),
        *title_block("control", sheet.code, head, page, styles),
        _para(
            styles,
            f"(Kèm theo hồ sơ của Ông/Bà <b>{text(sheet.applicant_name)}</b>; "
            f"thủ tục: {text(sheet.procedure_name)})",
        ),
        _para(styles, f"Cơ quan giải quyết: {text(sheet.processing_body)}. Hẹn trả: {text(due)}."),
        Spacer(0, 2 * mm),
        grid(rows, [width * 0.25, width * 0.3, width * 0.2, width * 0.25]),
    ]
    return build_pdf(page, [story], f"Phiếu kiểm soát {sheet.code}")


def ledger_pdf(
    lines: list[LedgerLine], head: Letterhead, period: str, printed: datetime, filters: str = ""
) -> bytes:
    """Form 06: the ledger for a period, A4 landscape, header repeated on every page.

    ``filters`` names what the lines were chosen by besides the period ("" for none).
    """
    page = PAGES[Paper.A4]
    styles = Styles(7.5)
    width = page.size[1] - 2 * page.margin
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
                    line.code,
                    line.procedure_name,
                    line.applicant_name,
                    line.address_phone,
                    line.processing_body,
                    when(line.received_at),
                    when(line.appointment_at) or "Không có hạn",
                    when(line.returned_at),
                    line.return_method,
                    line.collected_by,
                )
            ]
        )
    story: list[Flowable] = [
        *letterhead(head, page, Styles(9), printed),
        Paragraph(text(captions()["ledger"]["number"]), Styles(9).right_italic),
        Paragraph(text(captions()["ledger"]["title"]), Styles(11).title),
        Paragraph(text(period), Styles(9).center),
        *([Paragraph(text(filters), Styles(9).center)] if filters else []),
        Spacer(0, 2 * mm),
        grid(rows, [width * s for s in shares]),
        Spacer(0, 2 * mm),
        Paragraph(f"Tổng số: {len(lines)} hồ sơ. In {date_text(printed)}.", Styles(9).body),
    ]
    return build_pdf(page, [story], f"Sổ theo dõi hồ sơ {period}", landscape_page=True)
