"""Scanned renders of a report: the degradations of real 图片版 publications.

A rendered PDF is rasterised and each page degraded the way printing,
stamping and scanning degrade it: skew, speckle, a red official seal
stamped over table cells (or a grey one, from a greyscale scanner), grey
or yellowed paper, blur and JPEG artefacts.  The pages then become an
image-only PDF, a DOCX of page pictures, or a flipbook (an HTML page of
``<img>`` plus the image bytes by URL).  Deterministic in ``seed``.
"""

from __future__ import annotations

import io
import math
import random
from dataclasses import dataclass

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

_FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"


@dataclass(frozen=True)
class Degradation:
    rotate: float = 0.8  # degrees, either way
    noise: bool = True
    seal: str | None = "red"  # "red", "grey" or None: an official seal over the tables
    paper: int = 255  # the paper's grey level (235: grey recycled paper)
    jpeg: int = 45  # JPEG quality of the page image (0: lossless PNG)
    blur: float = 0.5


def rasterise(pdf: bytes, *, dpi: int = 150) -> list[Image.Image]:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        return [page.render(scale=dpi / 72).to_pil().convert("RGB") for page in doc]
    finally:
        doc.close()


def _seal(size: int, colour: tuple[int, int, int]) -> Image.Image:
    """A round official seal: ring, star and the agency's name around it."""
    seal = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(seal)
    w = max(3, size // 30)
    d.ellipse((w, w, size - w, size - w), outline=(*colour, 200), width=w)
    c, r = size / 2, size * 0.12
    star = [
        (
            c + (r if k % 2 == 0 else r / 2.4) * math.sin(k * math.pi / 5),
            c - (r if k % 2 == 0 else r / 2.4) * math.cos(k * math.pi / 5),
        )
        for k in range(10)
    ]
    d.polygon(star, fill=(*colour, 190))
    font = ImageFont.truetype(_FONT, size // 9)
    text = "政务公开专用章政府信息公开"
    for k, ch in enumerate(text):
        angle = -150 + k * 300 / (len(text) - 1)
        x = c + size * 0.36 * math.sin(math.radians(angle))
        y = c - size * 0.36 * math.cos(math.radians(angle))
        d.text((x, y), ch, font=font, fill=(*colour, 190), anchor="mm")
    return seal


def _specks(size: tuple[int, int], rng: random.Random) -> Image.Image:
    """Scanner speckle: about 0.4% of the pixels dark (0 where a speck is), drawn from
    ``rng`` so a render is the same on every run (Pillow's own noise is not seeded)."""
    import numpy as np

    dark = np.random.default_rng(rng.getrandbits(64)).random((size[1], size[0])) < 0.004
    return Image.fromarray(np.where(dark, 0, 255).astype(np.uint8), mode="L")


def degrade(page: Image.Image, d: Degradation, rng: random.Random) -> Image.Image:
    img = page.convert("RGB")
    if d.paper < 255:  # grey or yellowed paper: the white becomes the paper's tone
        paper = Image.new("RGB", img.size, (d.paper, d.paper, max(0, d.paper - 12)))
        img = Image.composite(img, paper, img.convert("L").point(lambda v: 255 if v < 200 else 0))
    if d.seal:
        size = img.width // 5
        colour = (220, 30, 40) if d.seal == "red" else (110, 110, 110)
        x = rng.randint(img.width // 2, img.width - size - img.width // 10)
        y = rng.randint(img.height // 5, img.height // 2)
        # ink on paper multiplies: the seal reddens the white, and print under it stays dark
        layer = Image.new("RGB", img.size, (255, 255, 255))
        seal = _seal(size, colour)
        layer.paste(seal, (x, y), seal)
        img = ImageChops.multiply(img, layer)
    if d.noise:
        img = Image.composite(img, Image.new("RGB", img.size, (60, 60, 60)), _specks(img.size, rng))
    if d.rotate:
        img = img.rotate(
            rng.uniform(-d.rotate, d.rotate),
            resample=Image.BICUBIC,
            fillcolor=(d.paper, d.paper, d.paper),
            expand=False,
        )
    if d.blur:
        img = img.filter(ImageFilter.GaussianBlur(d.blur))
    if d.jpeg:
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=d.jpeg)
        img = Image.open(io.BytesIO(buf.getvalue())).convert("RGB")
    return img


def scanned_pages(pdf: bytes, d: Degradation = Degradation(), *, dpi: int = 150, seed: int = 0) -> list[Image.Image]:
    rng = random.Random(seed)
    return [degrade(page, d, rng) for page in rasterise(pdf, dpi=dpi)]


def image_bytes(page: Image.Image, d: Degradation = Degradation()) -> bytes:
    buf = io.BytesIO()
    if d.jpeg:
        page.save(buf, "JPEG", quality=max(d.jpeg, 75))
    else:
        page.save(buf, "PNG")
    return buf.getvalue()


def image_pdf(pages: list[Image.Image], *, dpi: int = 150) -> bytes:
    """An image-only PDF of the pages (what a scanner's PDF is)."""
    buf = io.BytesIO()
    pages[0].save(buf, "PDF", resolution=dpi, save_all=True, append_images=pages[1:], quality=80)
    return buf.getvalue()


def image_docx(pages: list[Image.Image]) -> bytes:
    """A DOCX whose body is one picture per page (a scan pasted into Word)."""
    from docx import Document
    from docx.shared import Cm

    doc = Document()
    for page in pages:
        doc.add_picture(io.BytesIO(image_bytes(page)), width=Cm(17))
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def flipbook(
    pages: list[Image.Image],
    title: str,
    *,
    base: str = "https://www.example.gov.cn/art/2024/3/15/",
) -> tuple[bytes, dict[str, bytes]]:
    """A report page that shows the report as page images: the HTML and its images by URL."""
    images = {f"{base}files/page{n}.jpg": image_bytes(p) for n, p in enumerate(pages, start=1)}
    imgs = "\n".join(
        f'<p style="text-align:center"><img src="files/page{n}.jpg" width="800"></p>' for n in range(1, len(pages) + 1)
    )
    html = (
        f"<html><head><meta charset='utf-8'><title>{title}</title>"
        f"<meta name='ArticleTitle' content='{title}'></head><body>"
        f"<div class='nav'><a href='/'>首页</a> &gt; 政府信息公开年报</div>"
        f"<div id='zoom'><h1>{title}</h1>{imgs}</div></body></html>"
    )
    return html.encode("utf-8"), images
