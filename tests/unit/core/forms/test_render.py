"""Every form of both sets rendered for real and read back: text, barcode and QR code."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from counter_app.core.domain.status import Status
from counter_app.core.forms.barcode import QUIET_ZONE, code128
from counter_app.core.forms.data import (
    DocumentLine,
    DossierSheet,
    Issue,
    LedgerLine,
    Letterhead,
    ProgressLine,
)
from counter_app.core.forms.formset import FORM_SETS, caption, kinds
from counter_app.core.forms.paper import Paper
from counter_app.core.forms.qr import parse_qr
from counter_app.core.forms.render import (
    NO_DEADLINE,
    WITHDRAWN_TEXT,
    apology_pdf,
    control_slip_pdf,
    ledger_pdf,
    receipt_pdf,
    refusal_pdf,
    stop_notice_pdf,
    supplement_pdf,
)
from tests.pdf_tools import pdf_text

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
CODE = "000.17.22.H56-260310-1001"
HEAD = Letterhead(
    "Trung tâm Phục vụ hành chính công đặc khu Cô Tô",
    "Cô Tô",
    "https://dichvucong.example.vn/tra-cuu?ma=",
    "Quầy Một Cửa 000.17.22.H56 quầy 1",
    "2025",
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


ISSUE = Issue(datetime(2026, 3, 10, 9, 31, tzinfo=TZ))  # the first print, at reception
REPRINT = Issue(ISSUE.issued_at, reprinted_at=datetime(2026, 3, 12, 14, 5, tzinfo=TZ))
NEW_DATE = datetime(2026, 3, 13, 16, 0, tzinfo=TZ)


def our_qr(decoded: list[str]) -> dict[str, str]:
    """The fields of the one QR code this program printed, among what zbar read."""
    ours = [text for text in decoded if text.startswith("QMC1|")]
    assert len(ours) == 1, decoded
    return parse_qr(ours[0])


def test_barcode_runs_cover_the_pattern() -> None:
    bars = code128(CODE)
    assert bars.runs[0][0] == QUIET_ZONE
    last_start, last_width = bars.runs[-1]
    assert last_start + last_width == bars.modules - QUIET_ZONE


@pytest.mark.parametrize("paper", list(Paper))
def test_receipt_text_and_barcode(
    paper: Paper, barcode_reader: Callable[[bytes], list[str]]
) -> None:
    data = receipt_pdf(SHEET, HEAD, paper, ISSUE)
    pages = pdf_text(data)
    first = pages[0]
    for needle in (
        CODE,
        "Nguyễn Văn Đức",
        "Mẫu số 01",
        "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
        "17 giờ 00 phút, ngày 10 tháng 03 năm 2026",
        "09 giờ 30 phút",
        "Quyển số: 2026, Số thứ tự: 17",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Cô Tô, ngày 10 tháng 03 năm 2026",
    ):
        assert needle in first, needle
    assert "Giấy chứng sinh" not in first  # not received: not listed on the receipt
    assert "Bản in lại" not in first and "ĐÃ HỦY" not in first
    if paper is Paper.A4:
        assert len(pages) == 2 and "Liên 2" in pages[1] and CODE in pages[1]
    decoded = barcode_reader(data)
    assert CODE in decoded
    assert our_qr(decoded) == {
        "MaHoSo": CODE,
        "MaTTHC": "1.001193",
        "SoDinhDanh": "022090001234",
        "TenGiayTo": "Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
        "MauSo": "01/2025",
        "HeThong": "Quầy Một Cửa 000.17.22.H56 quầy 1",
        "ThoiDiemCap": "20260310093100",
        "NgayHenTra": "20260310170000",
        "TraCuu": HEAD.lookup_url + CODE,
    }


def test_receipt_without_deadline_or_optional_fields() -> None:
    bare = replace(SHEET, appointment_at=None, phone="", email="", id_number="")
    text = pdf_text(receipt_pdf(bare, replace(HEAD, lookup_url="", place=""), Paper.A5, ISSUE))[0]
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
        replace(SHEET, applicant_name=long_name.strip(), documents=many), HEAD, paper, ISSUE
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
    text = " ".join(pdf_text(supplement_pdf(SHEET, HEAD, Paper.A4, ISSUE)))
    assert "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ" in text
    assert "Giấy chứng sinh" in text
    assert "Thiếu giấy chứng sinh <bản chính> & bản sao" in text  # escaped, not eaten


def test_refusal_has_the_reason() -> None:
    text = " ".join(pdf_text(refusal_pdf(SHEET, HEAD, Paper.RECEIPT_80, ISSUE)))
    assert "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ" in text and "Thiếu giấy chứng sinh" in text


def test_apology_has_reason_and_new_date() -> None:
    text = " ".join(
        pdf_text(
            apology_pdf(
                replace(SHEET, applicant_name="Phạm Thị Lan"),
                replace(HEAD, form_set="2018"),
                paper=Paper.A4,
                issue=ISSUE,
                new_date=NEW_DATE,
                reason="Chờ xác minh",
                signer="Phạm Văn Long",
            )
        )
    )
    assert "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ" in text
    assert "16 giờ 00 phút, ngày 13 tháng 03 năm 2026" in text and "Chờ xác minh" in text


@pytest.mark.parametrize("paper", list(Paper))
def test_apology_is_dated_the_day_it_is_issued(paper: Paper) -> None:
    """Item 1 of issue 12: it was dated with the new appointment (05/12 printed on 01/12)."""
    issued = Issue(datetime(2026, 12, 1, 10, 15, tzinfo=TZ))
    new_date = datetime(2026, 12, 5, 16, 0, tzinfo=TZ)
    text = " ".join(
        pdf_text(
            apology_pdf(
                SHEET,
                HEAD,
                paper=paper,
                issue=issued,
                new_date=new_date,
                reason="Chờ xác minh",
                signer="",
            )
        )
    )
    assert "Cô Tô, ngày 01 tháng 12 năm 2026" in text
    assert "Cô Tô, ngày 05 tháng 12 năm 2026" not in text
    assert "16 giờ 00 phút, ngày 05 tháng 12 năm 2026" in text  # the new date, in the body


def test_control_slip_lists_the_trail() -> None:
    text = " ".join(pdf_text(control_slip_pdf(SHEET, HEAD, Paper.RECEIPT_80, ISSUE)))
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
    assert "Mẫu số 07" in pages[0]  # the 2025 set's number
    assert "Không có hạn" in pages[0]


STOPPED = replace(
    SHEET,
    status=int(Status.STOPPED),
    status_label=Status.STOPPED.label,
    stopped_at=datetime(2026, 3, 15, 10, 0, tzinfo=TZ),
    stop_reason="Hồ sơ không đủ điều kiện",
)


def render_kind(
    kind: str, sheet: DossierSheet, head: Letterhead, paper: Paper, issue: Issue
) -> bytes:
    """Any dossier form of a set by its kind (the ledger is tested on its own)."""
    if kind == "apology":
        return apology_pdf(
            sheet, head, paper=paper, issue=issue, new_date=NEW_DATE, reason="Chờ", signer=""
        )
    if kind == "stop":
        return stop_notice_pdf(sheet, head, paper, issue, reason="Hồ sơ không đủ", signer="Hoa")
    renderers = {
        "receipt": receipt_pdf,
        "supplement": supplement_pdf,
        "refusal": refusal_pdf,
        "control": control_slip_pdf,
    }
    return renderers[kind](sheet, head, paper, issue)


EXPECTED_NUMBERS = {
    "2018": {
        "receipt": "01",
        "supplement": "02",
        "refusal": "03",
        "apology": "04",
        "control": "05",
        "ledger": "06",
    },
    "2025": {
        "receipt": "01",
        "supplement": "02",
        "refusal": "03",
        "apology": "04",
        "stop": "05",
        "control": "06",
        "ledger": "07",
    },
}


def test_both_sets_are_numbered_as_their_circulars() -> None:
    assert tuple(EXPECTED_NUMBERS) == FORM_SETS
    for form_set, numbers in EXPECTED_NUMBERS.items():
        assert {kind: caption(form_set, kind).number for kind in kinds(form_set)} == numbers
    assert caption("2025", "stop").title == "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ"
    assert caption("2018", "ledger").number_line == "Mẫu số 06"


@pytest.mark.parametrize("form_set", FORM_SETS)
@pytest.mark.parametrize("paper", list(Paper))
def test_every_form_of_a_set_prints_its_number_and_title(form_set: str, paper: Paper) -> None:
    head = replace(HEAD, form_set=form_set)
    for kind in kinds(form_set):
        if kind == "ledger":
            data = ledger_pdf([], head, "Từ 10/03/2026 đến 10/03/2026", ISSUE.issued_at)
        else:
            data = render_kind(kind, STOPPED, head, paper, ISSUE)
        text = " ".join(pdf_text(data))
        form = caption(form_set, kind)
        assert f"Mẫu số {form.number}" in text, (form_set, kind)
        assert form.title in text, (form_set, kind)
        assert "Cô Tô, ngày 10 tháng 03 năm 2026" in text  # the day of issue
        other = {caption(s, kind).number for s in FORM_SETS if kind in kinds(s)} - {form.number}
        assert not any(f"Mẫu số {number}" in text for number in other), (form_set, kind)


@pytest.mark.parametrize("paper", list(Paper))
def test_a_reprint_keeps_the_issue_day_and_says_when_it_was_reprinted(paper: Paper) -> None:
    for kind in kinds("2025"):
        if kind == "ledger":
            continue
        pages = pdf_text(render_kind(kind, STOPPED, HEAD, paper, REPRINT))
        assert "Cô Tô, ngày 10 tháng 03 năm 2026" in pages[0], kind
        assert "Bản in lại ngày 12/03/2026" in pages[0], kind
        assert "ngày 12 tháng 03 năm 2026" not in pages[0], kind
    receipt = pdf_text(receipt_pdf(SHEET, HEAD, paper, REPRINT))
    assert all("Bản in lại ngày 12/03/2026" in page for page in receipt)  # both liên on A4


@pytest.mark.parametrize("paper", list(Paper))
def test_a_voided_dossier_prints_void_on_every_page(
    paper: Paper, barcode_reader: Callable[[bytes], list[str]]
) -> None:
    voided = replace(SHEET, voided=True, void_reason="Nhập nhầm thủ tục")
    data = receipt_pdf(voided, HEAD, paper, REPRINT)
    pages = pdf_text(data)
    assert all("ĐÃ HỦY" in page for page in pages)
    assert "Hồ sơ đã bị hủy: Nhập nhầm thủ tục" in pages[0]
    assert "Bản in lại ngày 12/03/2026" in pages[0]
    fields = our_qr(barcode_reader(data))  # still readable under the watermark
    assert fields["DaHuy"] == "1" and fields["InLai"] == "20260312140500"
    for kind in ("control", "refusal"):
        assert "ĐÃ HỦY" in pdf_text(render_kind(kind, voided, HEAD, paper, REPRINT))[0]


@pytest.mark.parametrize("paper", list(Paper))
def test_stop_notice_has_the_reason(
    paper: Paper, barcode_reader: Callable[[bytes], list[str]]
) -> None:
    data = stop_notice_pdf(
        STOPPED, HEAD, paper, ISSUE, reason="Hồ sơ không đủ điều kiện | mục 3", signer="Lê Thị Hoa"
    )
    text = " ".join(pdf_text(data))
    assert "Mẫu số 05" in text and "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ" in text
    assert "Lý do: Hồ sơ không đủ điều kiện | mục 3" in text
    assert "UBND đặc khu Cô Tô dừng giải quyết hồ sơ từ ngày 15/03/2026" in text
    assert "Nguyễn Văn Đức" in text and "Lê Thị Hoa" in text
    fields = our_qr(barcode_reader(data))
    assert fields["TenGiayTo"] == "Thông báo dừng giải quyết hồ sơ"
    assert fields["MauSo"] == "05/2025" and "NgayHenTra" not in fields
    withdrawn = replace(STOPPED, status=int(Status.WITHDRAWN))
    text = " ".join(pdf_text(stop_notice_pdf(withdrawn, HEAD, paper, ISSUE, reason="x", signer="")))
    assert f"{WITHDRAWN_TEXT} từ ngày 15/03/2026" in text


@pytest.mark.parametrize("form_set", FORM_SETS)
def test_apology_qr_carries_the_new_date(
    form_set: str, barcode_reader: Callable[[bytes], list[str]]
) -> None:
    head = replace(HEAD, form_set=form_set, lookup_url="")
    data = apology_pdf(
        replace(SHEET, id_number=""),
        head,
        paper=Paper.A5,
        issue=ISSUE,
        new_date=NEW_DATE,
        reason="Chờ xác minh",
        signer="",
    )
    fields = our_qr(barcode_reader(data))
    assert fields["NgayHenTra"] == "20260313160000"
    assert fields["MauSo"] == f"04/{form_set}"
    assert fields["TenGiayTo"] == caption(form_set, "apology").name
    assert fields["SoDinhDanh"] == ""  # present, empty: the applicant has no ID number
    assert "TraCuu" not in fields  # no lookup address set: no link, the code is still there


def test_the_ledger_gives_a_dossier_not_taken_in_no_appointment() -> None:
    """Refused: "—"; accepted without a legal deadline: "Không có hạn"."""
    line = LedgerLine(
        1, "000.17.22.H56-260310-1001", "Đăng ký khai sinh", "Nguyễn Văn Đức", "Cô Tô",
        "UBND", SHEET.received_at, None, None, "Tại quầy", "", status=int(Status.NOT_ACCEPTED),
    )  # fmt: skip
    refused = " ".join(pdf_text(ledger_pdf([line], HEAD, "Hôm nay", SHEET.received_at)))
    assert "—" in refused and "Không có hạn" not in refused
    accepted = replace(line, status=int(Status.ACCEPTED))
    shown = " ".join(pdf_text(ledger_pdf([accepted], HEAD, "Hôm nay", SHEET.received_at)))
    assert "Không có hạn" in shown
