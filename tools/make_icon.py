"""Draw the program's icon (resources/icons/) from the bundled font.

The icon is generated, not drawn by hand, so anyone can change it and rebuild:
    .venv/bin/python tools/make_icon.py
Windows wants a multi-size .ico for the executable; Qt uses the PNG for windows.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parents[1]
ICONS = ROOT / "resources" / "icons"
BLUE, RED, WHITE = (21, 72, 140), (200, 32, 38), (255, 255, 255)
ICO_SIZES = [(16, 16), (24, 24), (32, 32), (48, 48), (64, 64), (128, 128), (256, 256)]


def draw(size: int = 256) -> Image.Image:
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    pen.rounded_rectangle((8, 8, size - 8, size - 8), radius=size // 6, fill=BLUE)
    # A red band along the bottom: the counter's desk.
    pen.rounded_rectangle((8, size * 3 // 4, size - 8, size - 8), radius=size // 6, fill=RED)
    pen.rectangle((8, size * 3 // 4, size - 8, size * 3 // 4 + size // 8), fill=RED)
    font = ImageFont.truetype(str(ROOT / "resources" / "fonts" / "DejaVuSans-Bold.ttf"), size // 2)
    pen.text((size / 2, size * 0.42), "1", font=font, fill=WHITE, anchor="mm")
    return image


def main() -> None:
    ICONS.mkdir(parents=True, exist_ok=True)
    image = draw()
    image.save(ICONS / "counter-app.png")
    image.save(ICONS / "counter-app.ico", sizes=ICO_SIZES)


if __name__ == "__main__":
    main()
