"""Code128 of a dossier code: one encoder (python-barcode), thin renderers elsewhere.

python-barcode's SVG output is drawn wrongly by QtSvg, so we take only its encoding
(the module pattern) and let ReportLab (PDF) and QPainter (screen) draw the bars.
"""

from __future__ import annotations

from dataclasses import dataclass

QUIET_ZONE = 10  # modules of white space each side, as Code128 requires


@dataclass(frozen=True)
class Bars:
    modules: int  # total width in modules, quiet zones included
    runs: tuple[tuple[int, int], ...]  # (first module, width) of each dark bar


def code128(text: str) -> Bars:
    # python-barcode loads Pillow for its image writer (~15 ms): not before the first paint.
    import barcode  # noqa: PLC0415

    pattern = barcode.get("code128", text).build()[0]
    runs: list[tuple[int, int]] = []
    start = None
    for index, module in enumerate(pattern + "0"):
        if module == "1" and start is None:
            start = index
        elif module != "1" and start is not None:
            runs.append((QUIET_ZONE + start, index - start))
            start = None
    return Bars(len(pattern) + 2 * QUIET_ZONE, tuple(runs))
