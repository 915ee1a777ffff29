"""Building blocks shared by the forms: fonts, paper layouts, letterhead, codes, signatures."""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any
from xml.sax.saxutils import escape

import segno
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, A5, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import registerFontFamily, stringWidth
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    Frame,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from counter_app.core.forms.barcode import code128
from counter_app.core.forms.data import Issue, Letterhead
from counter_app.core.forms.formset import FormCaption, common
from counter_app.core.forms.paper import Paper
from counter_app.core.resources import resource

FONT, BOLD, ITALIC = "DejaVuSans", "DejaVuSans-Bold", "DejaVuSans-Oblique"
AUTHOR = "Quầy Một Cửa"  # the PDFs' metadata
FRAME_PADDING = 6  # points inside the page margins, as SimpleDocTemplate's frame has


@dataclass(frozen=True)
class Page:
    size: tuple[float, float]
    margin: float
    font_size: float
    copies: int
    narrow: bool  # stack the letterhead instead of two columns
    qr_side: float  # the QR code's side, quiet zone included


PAGES = {
    Paper.A4: Page(A4, 18 * mm, 11, 2, False, 30 * mm),
    Paper.A5: Page(A5, 10 * mm, 9, 1, False, 25 * mm),
    # A receipt printer's dots are coarse (8 per mm): a larger symbol keeps modules readable.
    Paper.RECEIPT_80: Page((80 * mm, 297 * mm), 4 * mm, 7.5, 1, True, 32 * mm),
}


def content_width(page: Page, landscape_page: bool = False) -> float:
    """The width a flowable may take: the page inside its margins and the frame's padding.

    A table as wide as the margins alone fits while the page has room, but cannot
    move to the next page (ReportLab refuses it there as too wide).
    """
    return page.size[1 if landscape_page else 0] - 2 * page.margin - 2 * FRAME_PADDING


def register_fonts() -> None:
    """Embed DejaVu Sans: ReportLab's built-in fonts have no Vietnamese glyphs."""
    registered = pdfmetrics.getRegisteredFontNames()
    for name, file in (
        (FONT, "DejaVuSans.ttf"),
        (BOLD, "DejaVuSans-Bold.ttf"),
        (ITALIC, "DejaVuSans-Oblique.ttf"),
    ):
        if name not in registered:
            pdfmetrics.registerFont(TTFont(name, str(resource("fonts", file))))
    # Lets <b> and <i> in paragraphs pick the bold and oblique faces.
    registerFontFamily(FONT, normal=FONT, bold=BOLD, italic=ITALIC, boldItalic=BOLD)


class Styles:
    def __init__(self, size: float) -> None:
        register_fonts()  # paragraphs resolve their fonts when they are built
        lead = size * 1.35
        self.body = ParagraphStyle("body", fontName=FONT, fontSize=size, leading=lead)
        self.bold = ParagraphStyle("bold", parent=self.body, fontName=BOLD)
        self.center = ParagraphStyle("center", parent=self.body, alignment=TA_CENTER)
        self.center_bold = ParagraphStyle("cbold", parent=self.bold, alignment=TA_CENTER)
        self.right_italic = ParagraphStyle(
            "rit", parent=self.body, fontName=ITALIC, alignment=TA_RIGHT
        )
        self.italic_center = ParagraphStyle(
            "itc", parent=self.body, fontName=ITALIC, alignment=TA_CENTER, fontSize=size * 0.9
        )
        self.title = ParagraphStyle(
            "title",
            parent=self.bold,
            alignment=TA_CENTER,
            fontSize=size * 1.25,
            leading=size * 1.6,
            spaceBefore=size * 0.6,
            spaceAfter=size * 0.4,
        )
        self.small = ParagraphStyle(
            "small", parent=self.body, fontSize=size * 0.85, leading=size * 1.1, alignment=TA_LEFT
        )
        self.reprint = ParagraphStyle("reprint", parent=self.right_italic, fontName=BOLD)
        self.reprint_left = ParagraphStyle("reprint_left", parent=self.reprint, alignment=TA_LEFT)
        self.stamp = ParagraphStyle(
            "stamp",
            parent=self.center_bold,
            fontSize=size * 2.2,
            leading=size * 2.6,
            textColor=colors.HexColor("#b00000"),
        )


def text(value: object) -> str:
    """User text made safe for ReportLab's mini-markup."""
    return escape(str(value))


def clock_text(moment: datetime) -> str:
    return f"{moment:%H} giờ {moment:%M} phút, ngày {moment:%d} tháng {moment:%m} năm {moment:%Y}"


def date_text(moment: datetime) -> str:
    return f"ngày {moment:%d} tháng {moment:%m} năm {moment:%Y}"


def reprint_text(moment: datetime) -> str:
    return f"Bản in lại ngày {moment:%d/%m/%Y}"


VOID_MARK = "ĐÃ HỦY"


Box = tuple[float, float, float, float]  # x, y, width, height
NO_PADDING = TableStyle(
    [(f"{side}PADDING", (0, 0), (-1, -1), 0) for side in ("LEFT", "RIGHT", "TOP", "BOTTOM")]
)


class BoxesFlowable(Flowable):
    """Black rectangles filled as one PDF path: a barcode or QR code in a few hundred bytes.

    One path instead of a graphics Drawing of Rect shapes: ReportLab renders each
    shape with its own state changes, which made the QR code most of a receipt's time.
    """

    def __init__(self, boxes: Sequence[Box], width: float, height: float) -> None:
        super().__init__()
        self.boxes = boxes
        self.width, self.height = width, height

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        path = self.canv.beginPath()
        for box in self.boxes:
            path.rect(*box)
        self.canv.setFillColor(colors.black)
        self.canv.drawPath(path, stroke=0, fill=1)


def barcode_flowable(value: str, width: float, height: float) -> BoxesFlowable:
    """Code128 bars drawn as vector rectangles."""
    bars = code128(value)
    module = width / bars.modules
    boxes = [(start * module, 0.0, run * module, height) for start, run in bars.runs]
    return BoxesFlowable(boxes, width, height)


QR_QUIET_ZONE = 4  # modules of white around the symbol, as the QR standard requires
# A fixed data mask: scoring all eight (segno's default) costs 2.5 ms per receipt, and
# every reader decodes any mask; the scoring only fine-tunes contrast patterns.
MASK = 0


@lru_cache(maxsize=32)
def _qr_boxes(url: str, side: float) -> tuple[Box, ...]:
    """Dark runs of each row; segno encodes 3x faster than ReportLab's own QR code.

    Cached: both copies of a receipt (and its reprints) share one encoding.
    """
    matrix = segno.make_qr(url, error="m", mask=MASK).matrix
    module = side / (len(matrix) + 2 * QR_QUIET_ZONE)
    boxes: list[Box] = []
    for row_number, row in enumerate(matrix):
        y = side - (row_number + QR_QUIET_ZONE + 1) * module
        start = None
        for column, dark in enumerate([*row, 0]):
            if dark and start is None:
                start = column
            elif not dark and start is not None:
                x = (start + QR_QUIET_ZONE) * module
                boxes.append((x, y, (column - start) * module, module))
                start = None
    return tuple(boxes)


def qr_flowable(url: str, side: float) -> BoxesFlowable:
    return BoxesFlowable(_qr_boxes(url, side), side, side)


def letterhead(head: Letterhead, page: Page, styles: Styles, issue: Issue) -> list[Flowable]:
    """Agency and motto, the place-and-date line (the day of issue), a reprint's mark."""
    caps = common()
    left = [
        Paragraph(text(head.agency_name.upper()), styles.center),
        Paragraph(text(caps["unit_caption"]), styles.center_bold),
    ]
    right = [
        Paragraph(text(caps["motto"][0]), styles.center_bold),
        Paragraph(f"<u>{text(caps['motto'][1])}</u>", styles.center_bold),
    ]
    place = f"{head.place}, " if head.place else ""
    dated: list[Flowable] = [
        Paragraph(text(place + date_text(issue.issued_at)), styles.right_italic)
    ]
    width = content_width(page)
    if issue.reprinted_at is not None:
        mark = text(reprint_text(issue.reprinted_at))
        if page.narrow:
            dated.append(Paragraph(mark, styles.reprint))
        else:  # on the date's line, at the left: a reprint takes no more paper
            row = [Paragraph(mark, styles.reprint_left), dated[0]]
            dated = [Table([row], colWidths=[width * 0.4, width * 0.6], style=NO_PADDING)]
    if page.narrow:
        return [*right, Spacer(0, 2 * mm), *left, *dated]
    # The motto keeps to one line, as on the official forms; the agency's name wraps.
    motto = stringWidth(caps["motto"][0], BOLD, styles.center_bold.fontSize) + 2 * mm
    right_width = max(width * 0.58, motto)
    table = Table([[left, right]], colWidths=[width - right_width, right_width])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return [table, Spacer(0, 1 * mm), *dated]


def centered(flowable: Flowable, width: float) -> Table:
    return Table([[flowable]], colWidths=[width], style=[("ALIGN", (0, 0), (-1, -1), "CENTER")])


def title_block(
    caption: FormCaption,
    code: str,
    page: Page,
    styles: Styles,
    *,
    qr: str = "",
    void_reason: str | None = None,
) -> list[Flowable]:
    """Form number and title; ``ĐÃ HỦY`` if voided; the dossier code with its barcode,
    and the QR code (``qr``, its text) at its left, the upper left of the paper
    (Circular 01/2023/TT-VPCP); on a roll, under the barcode.

    ``void_reason``: None for a dossier in force; the reason (maybe "") for a voided one.
    """
    width = content_width(page)
    blocks: list[Flowable] = [
        Paragraph(text(caption.number_line), styles.right_italic),
        Paragraph(text(caption.title), styles.title),
    ]
    if void_reason is not None:
        blocks.append(void_banner(void_reason, width, styles))
    if not code:
        return blocks
    bar_width = min(width * (0.9 if page.narrow else 0.6), 95 * mm)
    bars = barcode_flowable(code, bar_width, 12 * mm if not page.narrow else 10 * mm)
    side = page.qr_side if qr and not page.narrow else 0.0
    # Beside a QR code the code stays centred on the page: an empty column as wide
    # as the symbol balances it.
    middle = width - 2 * side
    code_cell: list[Flowable] = [
        Paragraph(f"Mã hồ sơ: <b>{text(code)}</b>", styles.center),
        centered(bars, middle),
        Paragraph(text(code), styles.italic_center),
    ]
    if not qr:
        return [*blocks, *code_cell]
    symbol = qr_flowable(qr, page.qr_side)
    if page.narrow:
        return [*blocks, *code_cell, Spacer(0, 1 * mm), centered(symbol, width)]
    table = Table([[symbol, code_cell, ""]], colWidths=[side, middle, side])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return [*blocks, table]


def void_banner(reason: str, width: float, styles: Styles) -> Table:
    """A framed ``ĐÃ HỦY`` under the title: the paper is no longer valid."""
    why = f"Hồ sơ đã bị hủy{': ' + reason if reason else ''}. Phiếu này không còn giá trị."
    table = Table(
        [[[Paragraph(VOID_MARK, styles.stamp), Paragraph(text(why), styles.center)]]],
        colWidths=[width * 0.8],
    )
    table.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 2, colors.HexColor("#b00000")),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5 * mm),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2 * mm),
            ]
        )
    )
    return table


Decoration = Callable[[Canvas], None]


def void_watermark(page: Page) -> Decoration:
    """``ĐÃ HỦY`` across each page, light enough to read the form through it."""
    width, height = page.size
    size = min(width, height) / 5

    def draw(canvas: Canvas) -> None:
        canvas.saveState()
        canvas.setFillColor(colors.Color(0.7, 0, 0, alpha=0.18))
        canvas.setFont(BOLD, size)
        canvas.translate(width / 2, height * (0.75 if page.narrow else 0.5))
        canvas.rotate(40 if not page.narrow else 60)
        canvas.drawCentredString(0, -size / 3, VOID_MARK)
        canvas.restoreState()

    return draw


def signatures(styles: Styles, page: Page, cells: Sequence[tuple[str, str]]) -> Table:
    """Signature columns: (role, name printed under the space for the signature)."""
    width = content_width(page)
    row = []
    for role, name in cells:
        row.append(
            [
                Paragraph(f"<b>{text(role)}</b>", styles.center),
                Paragraph("(Ký và ghi rõ họ tên)", styles.italic_center),
                Spacer(0, 16 * mm if not page.narrow else 12 * mm),
                Paragraph(text(name), styles.center_bold),
            ]
        )
    table = Table([row], colWidths=[width / len(cells)] * len(cells))
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return table


def grid(rows: list[list[Any]], widths: list[float], header_rows: int = 1) -> Table:
    table = Table(rows, colWidths=widths, repeatRows=header_rows)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BACKGROUND", (0, 0), (-1, header_rows - 1), colors.HexColor("#eeeeee")),
            ]
        )
    )
    return table


def build_pdf(
    page: Page,
    copies: list[list[Flowable]],
    title: str,
    landscape_page: bool = False,
    decorate: Decoration | None = None,
) -> bytes:
    """Lay out each copy from a fresh page; returns the PDF bytes."""
    buffer = io.BytesIO()
    size = landscape(page.size) if landscape_page else page.size
    doc = SimpleDocTemplate(
        buffer,
        pagesize=size,
        leftMargin=page.margin,
        rightMargin=page.margin,
        topMargin=page.margin,
        bottomMargin=page.margin,
        title=title,
        author=AUTHOR,
    )
    story: list[Flowable] = []
    for index, flowables in enumerate(copies):
        if index:
            story.append(PageBreak())
        story += flowables
    if decorate is None:
        doc.build(story)
    else:
        doc.build(story, onFirstPage=_on_page(decorate), onLaterPages=_on_page(decorate))
    return buffer.getvalue()


def _on_page(decorate: Decoration) -> Callable[[Canvas, Any], None]:
    return lambda canvas, _doc: decorate(canvas)


class _EndMark(Flowable):
    """Draws nothing; remembers where the content above it ended."""

    y = 0.0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802, N803
        self.y = y


def build_copies_pdf(
    page: Page,
    make_copy: Callable[[], list[Flowable]],
    labels: Sequence[Paragraph],
    title: str,
    decorate: Decoration | None = None,
) -> bytes:
    """One page per label, each the same copy (``make_copy()``) with its label underneath.

    The copy is laid out and drawn once, as a PDF form that each page places: the
    second liên of an A4 receipt costs nothing. A copy longer than a page (dozens
    of documents) falls back to laying out every copy in full, each from its own
    flowables (ReportLab's are not reusable: a table laid out twice in one story is
    refused as too large).
    """
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=page.size)
    canvas.setTitle(title)
    canvas.setAuthor(AUTHOR)
    width, height = page.size[0] - 2 * page.margin, page.size[1] - 2 * page.margin
    pad = FRAME_PADDING
    frame = Frame(
        page.margin,
        page.margin,
        width,
        height,
        leftPadding=pad,
        rightPadding=pad,
        topPadding=pad,
        bottomPadding=pad,
    )
    end = _EndMark()
    remaining = [*make_copy(), end]
    canvas.beginForm("copy")
    frame.addFromList(remaining, canvas)
    canvas.endForm()
    if remaining:
        copies = [[*make_copy(), label] for label in labels]
        return build_pdf(page, copies, title, decorate=decorate)
    for label in labels:
        canvas.doForm("copy")
        if decorate is not None:
            decorate(canvas)
        _, label_height = label.wrapOn(canvas, width - 2 * FRAME_PADDING, end.y)
        label.drawOn(canvas, page.margin + FRAME_PADDING, end.y - label_height)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()
