"""Every form rendered for real and read back."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from counter_app.core.forms.barcode import QUIET_ZONE, code128
from counter_app.core.forms.data import (
    DocumentLine,
    DossierSheet,
    LedgerLine,
    Letterhead,
    ProgressLine,
)
from counter_app.core.forms.paper import Paper
from counter_app.core.forms.render import (
    NO_DEADLINE,
    apology_pdf,
    control_slip_pdf,
    ledger_pdf,
    receipt_pdf,
    refusal_pdf,
    supplement_pdf,
)
from tests.pdf_tools import pdf_text

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
CODE = "000.17.22.H56-260310-1001"
HEAD = Letterhead(
    "Trung tâm Phục vụ hành chính công đặc khu Cô Tô",
    "Cô Tô",
    "https://dichvucong.example.vn/tra-cuu?ma=",
)
SHEET = DossierSheet(
    code=CODE,
    procedure_code="1.001193",
    procedure_name="Đăng ký khai sinh",
    applicant_name="Nguyễn Văn Đức",
    applicant_address="Thôn Hải Tiến, đặc khu Cô Tô",
    phone="0912345678",
    email="duc@example.vn",
    id_number="022090001234",
    documents=(
        DocumentLine("Tờ khai đăng ký khai sinh", "Bản chính", 1),
        DocumentLine("Giấy chứng sinh", "Bản chính", 1, received=False),
    ),
    sets_count=1,
    limit_text="Trong ngày",
    received_at=datetime(2026, 3, 10, 9, 30, tzinfo=TZ),
    appointment_at=datetime(2026, 3, 10, 17, 0, tzinfo=TZ),
    return_method="Tại quầy",
    return_address="",
    fee_text="Miễn phí",
    ledger_book="2026",
    ledger_number=17,
    received_by="Lê Thị Hoa",
    processing_body="UBND đặc khu Cô Tô",
    reason="Thiếu giấy chứng sinh <bản chính> & bản sao",
    progress=(
        ProgressLine(
            "Bộ phận tiếp nhận và trả kết quả",
            datetime(2026, 3, 10, 9, 30, tzinfo=TZ),
            "Được tiếp nhận (Lê Thị Hoa)",
            "",
            "",
        ),
        ProgressLine(
            "UBND đặc khu Cô Tô",
            datetime(2026, 3, 10, 16, 0, tzinfo=TZ),
            "Đã xử lý xong (Trần Văn Bình)",
            "Đúng hạn",
            "",
        ),
    ),
)


def test_barcode_runs_cover_the_pattern() -> None:
    bars = code128(CODE)
    assert bars.runs[0][0] == QUIET_ZONE
    last_start, last_width = bars.runs[-1]
    assert last_start + last_width == bars.modules - QUIET_ZONE


@pytest.mark.parametrize("paper", list(Paper))
def test_receipt_text_and_barcode(
    paper: Paper, barcode_reader: Callable[[bytes], list[str]]
) -> None:
    data = receipt_pdf(SHEET, HEAD, paper)
    pages = pdf_text(data)
    first = pages[0]
    for needle in (
        CODE,
        "Nguyễn Văn Đức",
        "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
        "17 giờ 00 phút, ngày 10 tháng 03 năm 2026",
        "09 giờ 30 phút",
        "Quyển số: 2026, Số thứ tự: 17",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Cô Tô, ngày 10 tháng 03 năm 2026",
    ):
        assert needle in first, needle
    assert "Giấy chứng sinh" not in first  # not received: not listed on the receipt
    if paper is Paper.A4:
        assert len(pages) == 2 and "Liên 2" in pages[1] and CODE in pages[1]
    decoded = barcode_reader(data)
    assert CODE in decoded
    assert HEAD.lookup_url + CODE in decoded  # the QR code


def test_receipt_without_deadline_or_optional_fields() -> None:
    bare = replace(SHEET, appointment_at=None, phone="", email="", id_number="")
    text = pdf_text(receipt_pdf(bare, replace(HEAD, lookup_url="", place=""), Paper.A5))[0]
    assert NO_DEADLINE in text
    assert "Số điện thoại" not in text and "Email" not in text
    assert text.count("ngày 10 tháng 03 năm 2026") >= 1


@pytest.mark.parametrize("paper", [Paper.A5, Paper.A4])
def test_long_names_and_many_documents_flow_onto_more_pages(paper: Paper) -> None:
    long_name = "Công ty Trách nhiệm hữu hạn Thương mại Dịch vụ Thủy sản Đặc khu Cô Tô " * 2
    many = tuple(
        DocumentLine(
            f"Giấy tờ kèm theo số {n}: bản sao sổ đỏ, hợp đồng và phụ lục", "Bản sao chứng thực", n
        )
        for n in range(1, 61)
    )
    data = receipt_pdf(
        replace(SHEET, applicant_name=long_name.strip(), documents=many), HEAD, paper
    )
    pages = pdf_text(data)
    assert len(pages) > 1
    joined = " ".join(pages)
    assert "Giấy tờ kèm theo số 60" in joined
    if paper is Paper.A5:
        assert "Quyển số: 2026" in pages[-1]
    else:  # each liên in full, its label after its own last line
        assert joined.count("Giấy tờ kèm theo số 60") == joined.count("Quyển số: 2026") == 2
        assert "Liên 2" in pages[-1]
        assert joined.index("Quyển số") < joined.index("Liên 1") < joined.rindex("Quyển số")


def test_supplement_lists_what_is_missing() -> None:
    text = " ".join(pdf_text(supplement_pdf(SHEET, HEAD, Paper.A4)))
    assert "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ" in text
    assert "Giấy chứng sinh" in text
    assert "Thiếu giấy chứng sinh <bản chính> & bản sao" in text  # escaped, not eaten


def test_refusal_has_the_reason() -> None:
    text = " ".join(pdf_text(refusal_pdf(SHEET, HEAD, Paper.RECEIPT_80)))
    assert "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ" in text and "Thiếu giấy chứng sinh" in text


def test_apology_has_reason_and_new_date() -> None:
    new = datetime(2026, 3, 13, 16, 0, tzinfo=TZ)
    text = " ".join(
        pdf_text(
            apology_pdf(
                SHEET,
                HEAD,
                paper=Paper.A4,
                new_date=new,
                reason="Chờ xác minh",
                signer="Phạm Văn Long",
            )
        )
    )
    assert "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ" in text
    assert "16 giờ 00 phút, ngày 13 tháng 03 năm 2026" in text and "Chờ xác minh" in text


def test_control_slip_lists_the_trail() -> None:
    text = " ".join(pdf_text(control_slip_pdf(SHEET, HEAD, Paper.RECEIPT_80)))
    assert "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ" in text
    assert "Đúng hạn" in text and "Trần Văn Bình" in text


def test_ledger_repeats_its_header_on_every_page() -> None:
    lines = [
        LedgerLine(
            n,
            f"000.17.22.H56-260310-{1000 + n}",
            "Đăng ký khai sinh",
            f"Người nộp {n}",
            "Cô Tô, 0912345678",
            "UBND",
            SHEET.received_at,
            None if n % 2 else SHEET.appointment_at,
            None,
            "Tại quầy",
            "",
        )
        for n in range(1, 121)
    ]
    pages = pdf_text(ledger_pdf(lines, HEAD, "Từ 01/03/2026 đến 10/03/2026", SHEET.received_at))
    assert len(pages) > 2
    assert all("Mã hồ sơ" in page for page in pages)
    assert "SỔ THEO DÕI HỒ SƠ" in pages[0] and "Tổng số: 120 hồ sơ" in pages[-1]
    assert "Không có hạn" in pages[0]
