"""Reading generated PDFs back: text with pypdf, barcodes with poppler + zbar."""

from __future__ import annotations

import io
import subprocess
from pathlib import Path

from pypdf import PdfReader


def pdf_text(data: bytes) -> list[str]:
    """Text of each page, whitespace collapsed."""
    reader = PdfReader(io.BytesIO(data))
    return [" ".join((page.extract_text() or "").split()) for page in reader.pages]


def decode_barcodes(data: bytes, tmp_path: Path) -> list[str]:
    """Rasterise page 1 and decode every barcode on it (Code128 and QR).

    Tests use it through the ``barcode_reader`` fixture, which requires the tools
    before the test starts; here a missing tool is an error, never a skip.
    """
    pdf = tmp_path / "form.pdf"
    pdf.write_bytes(data)
    subprocess.run(
        ["pdftoppm", "-r", "300", "-f", "1", "-l", "1", "-png", str(pdf), str(tmp_path / "page")],
        check=True,
    )
    image = next(tmp_path.glob("page*.png"))
    done = subprocess.run(
        ["zbarimg", "--quiet", str(image)], capture_output=True, text=True, check=False
    )
    return [line.split(":", 1)[1] for line in done.stdout.splitlines() if ":" in line]
