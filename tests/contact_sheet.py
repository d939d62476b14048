"""Contact sheets of tests/visual.sh: every PNG of a folder as a labelled
thumbnail, in name order, one sheet for the printed workbooks
(contact-workbooks.png) and one for the HTML pages (contact-pages.png).

    python3 tests/contact_sheet.py target/visual/look

Needs Pillow (python3-pil).
"""

import sys
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

TILE_W = 260
TILE_H = 360
LABEL_H = 18
COLUMNS = 8


def font():
    for name in (
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    ):
        if Path(name).exists():
            return ImageFont.truetype(name, 12)
    return ImageFont.load_default()


def sheet(pngs, target):
    if not pngs:
        return
    rows = (len(pngs) + COLUMNS - 1) // COLUMNS
    out = Image.new("RGB", (COLUMNS * TILE_W, rows * (TILE_H + LABEL_H)), "white")
    draw = ImageDraw.Draw(out)
    f = font()
    for i, png in enumerate(pngs):
        x = (i % COLUMNS) * TILE_W
        y = (i // COLUMNS) * (TILE_H + LABEL_H)
        with Image.open(png) as im:
            im = im.convert("RGB")
            # Tall screenshots: the top of the page, at the tile's width.
            scale = (TILE_W - 8) / im.width
            h = min(int(im.height * scale), TILE_H - 4)
            top = im.crop((0, 0, im.width, int(h / scale)))
            thumb = top.resize((TILE_W - 8, h))
            out.paste(thumb, (x + 4, y + LABEL_H))
            draw.rectangle(
                (x + 3, y + LABEL_H - 1, x + TILE_W - 4, y + LABEL_H + h), outline="#999"
            )
        draw.text((x + 4, y + 2), png.stem[-40:], fill="black", font=f)
    out.save(target)
    print(f"{target}: {len(pngs)} page(s)")


def main():
    folder = Path(sys.argv[1])
    pngs = sorted(p for p in folder.glob("*.png") if not p.name.startswith("contact-"))
    pages = [p for p in pngs if any(k in p.stem for k in ("-report", "-public", "index"))]
    books = [p for p in pngs if p not in pages]
    sheet(books, folder / "contact-workbooks.png")
    sheet(pages, folder / "contact-pages.png")


if __name__ == "__main__":
    main()
