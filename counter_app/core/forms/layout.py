"""Building blocks shared by the forms: fonts, paper layouts, letterhead, codes, signatures."""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache, lru_cache
from typing import Any
from xml.sax.saxutils import escape

import segno
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, A5, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import registerFontFamily
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
from counter_app.core.forms.data import Letterhead
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


PAGES = {
    Paper.A4: Page(A4, 18 * mm, 11, 2, False),
    Paper.A5: Page(A5, 10 * mm, 9, 1, False),
    Paper.RECEIPT_80: Page((80 * mm, 297 * mm), 4 * mm, 7.5, 1, True),
}


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


@cache
def captions() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(resource("forms", "forms.json").read_text("utf-8"))
    return loaded


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


def text(value: object) -> str:
    """User text made safe for ReportLab's mini-markup."""
    return escape(str(value))


def clock_text(moment: datetime) -> str:
    return f"{moment:%H} giờ {moment:%M} phút, ngày {moment:%d} tháng {moment:%m} năm {moment:%Y}"


def date_text(moment: datetime) -> str:
    return f"ngày {moment:%d} tháng {moment:%m} năm {moment:%Y}"


Box = tuple[float, float, float, float]  # x, y, width, height


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


def letterhead(head: Letterhead, page: Page, styles: Styles, when: datetime) -> list[Flowable]:
    caps = captions()
    left = [
        Paragraph(text(head.agency_name.upper()), styles.center),
        Paragraph(text(caps["unit_caption"]), styles.center_bold),
    ]
    right = [
        Paragraph(text(caps["motto"][0]), styles.center_bold),
        Paragraph(f"<u>{text(caps['motto'][1])}</u>", styles.center_bold),
    ]
    place = f"{head.place}, " if head.place else ""
    dated = Paragraph(text(place + date_text(when)), styles.right_italic)
    if page.narrow:
        return [*right, Spacer(0, 2 * mm), *left, dated]
    width = page.size[0] - 2 * page.margin
    table = Table([[left, right]], colWidths=[width * 0.42, width * 0.58])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    return [table, Spacer(0, 2 * mm), dated]


def title_block(
    kind: str, code: str, head: Letterhead, page: Page, styles: Styles
) -> list[Flowable]:
    """Form number, title, dossier code with its barcode and (if configured) QR code."""
    caps = captions()[kind]
    width = page.size[0] - 2 * page.margin
    blocks: list[Flowable] = [
        Paragraph(text(caps["number"]), styles.right_italic),
        Paragraph(text(caps["title"]), styles.title),
    ]
    if not code:
        return blocks
    bar_width = min(width * (0.9 if page.narrow else 0.6), 95 * mm)
    code_cell = [
        Paragraph(f"Mã hồ sơ: <b>{text(code)}</b>", styles.center),
        barcode_flowable(code, bar_width, 12 * mm if not page.narrow else 10 * mm),
        Paragraph(text(code), styles.italic_center),
    ]
    if head.lookup_url:
        side = 22 * mm if not page.narrow else 18 * mm
        qr = qr_flowable(head.lookup_url + code, side)
        if page.narrow:
            centered = Table(
                [[qr]], colWidths=[width], style=[("ALIGN", (0, 0), (-1, -1), "CENTER")]
            )
            return [*blocks, *code_cell, Spacer(0, 1 * mm), centered]
        table = Table([[code_cell, qr]], colWidths=[width - side - 4 * mm, side + 4 * mm])
        table.setStyle(
            TableStyle(
                [("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("ALIGN", (0, 0), (0, 0), "CENTER")]
            )
        )
        return [*blocks, table]
    return [*blocks, *code_cell]


def signatures(styles: Styles, page: Page, cells: Sequence[tuple[str, str]]) -> Table:
    """Signature columns: (role, name printed under the space for the signature)."""
    width = page.size[0] - 2 * page.margin
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
    page: Page, copies: list[list[Flowable]], title: str, landscape_page: bool = False
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
    doc.build(story)
    return buffer.getvalue()


class _EndMark(Flowable):
    """Draws nothing; remembers where the content above it ended."""

    y = 0.0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:  # noqa: N802, N803
        self.y = y


def build_copies_pdf(
    page: Page, copy: list[Flowable], labels: Sequence[Paragraph], title: str
) -> bytes:
    """One page per label, each the same ``copy`` with its label underneath.

    The copy is laid out and drawn once, as a PDF form that each page places: the
    second liên of an A4 receipt costs nothing. A copy longer than a page (dozens
    of documents) falls back to laying out every copy in full.
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
    remaining = [*copy, end]
    canvas.beginForm("copy")
    frame.addFromList(remaining, canvas)
    canvas.endForm()
    if remaining:
        return build_pdf(page, [[*copy, label] for label in labels], title)
    for label in labels:
        canvas.doForm("copy")
        _, label_height = label.wrapOn(canvas, width - 2 * FRAME_PADDING, end.y)
        label.drawOn(canvas, page.margin + FRAME_PADDING, end.y - label_height)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()
