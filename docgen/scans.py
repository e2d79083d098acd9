"""Scanned renders of a report: the degradations of real 图片版 publications.

A rendered PDF is rasterised and each page degraded the way printing,
stamping and scanning degrade it: a page fed any way round, skew, speckle, a red official seal
stamped over table cells (or a grey one, from a greyscale scanner; or a
dark grey one, from a photocopy), grey or yellowed paper, blur and JPEG
artefacts, a black-and-white scan's single bit, and the keystone and bulge of a page photographed by phone.
The seal falls anywhere over the upper tables (``seal_at="random"``, the
first renders) or where real seals sit (``"end"``): over the agency and
date that end the report, and over the table's last rows when they are
near, with the uneven ink of a hand stamp.  The pages then become an
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
    seal: str | None = "red"  # "red", "grey", "dark" (a photocopy's) or None: an official seal
    seal_at: str = "random"  # "random": over the upper tables of every page; "end": over the signature
    uneven: bool = False  # a hand stamp's ink: patchy, the ring fading in places
    warp: float = 0.0  # a phone photo: keystone and page bulge, as a share of the page's width
    paper: int = 255  # the paper's grey level (235: grey recycled paper)
    jpeg: int = 45  # JPEG quality of the page image (0: lossless PNG)
    blur: float = 0.5
    bitonal: bool = False  # a black-and-white scan: one bit a pixel, a red seal as black as print
    dpi: int = 150  # the scan's resolution (black-and-white scanners work at 200 or 300)
    turn: bool = False  # each page fed the scanner any way round: upright, a quarter turn, upside down


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


def degrade(page: Image.Image, d: Degradation, rng: random.Random, *, last: bool = True) -> Image.Image:
    """One page degraded; ``last``: the report's last page (where a seal ``"end"`` is stamped)."""
    img = page.convert("RGB")
    if d.paper < 255:  # grey or yellowed paper: the white becomes the paper's tone
        paper = Image.new("RGB", img.size, (d.paper, d.paper, max(0, d.paper - 12)))
        img = Image.composite(img, paper, img.convert("L").point(lambda v: 255 if v < 200 else 0))
    if d.seal and (d.seal_at == "random" or last):
        img = _stamp(img, page, d, rng)
    if d.noise:
        img = Image.composite(img, Image.new("RGB", img.size, (60, 60, 60)), _specks(img.size, rng))
    if d.warp:
        img = _photographed(img, d, rng)
    if d.rotate:
        img = img.rotate(
            rng.uniform(-d.rotate, d.rotate),
            resample=Image.BICUBIC,
            fillcolor=(d.paper, d.paper, d.paper),
            expand=False,
        )
    if d.blur:
        img = img.filter(ImageFilter.GaussianBlur(d.blur))
    if d.turn:  # drawn last, so the other degradations draw what they drew before
        img = img.rotate(rng.choice((0, 90, 180, 270)), expand=True)
    if d.bitonal:  # a scanner's fixed cut: red (luminance ~90) falls on the black side
        return img.convert("L").point(lambda v: 255 if v >= 140 else 0).convert("1")
    if d.jpeg:
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=d.jpeg)
        img = Image.open(io.BytesIO(buf.getvalue())).convert("RGB")
    return img


_SEAL_COLOURS = {"red": (220, 30, 40), "grey": (110, 110, 110), "dark": (75, 75, 75)}


def _stamp(img: Image.Image, page: Image.Image, d: Degradation, rng: random.Random) -> Image.Image:
    """The seal stamped on the page: ink on paper multiplies, so the seal reddens (or greys)
    the white and print under it stays dark."""
    size = img.width // 5  # about 4.2 cm on an A4 page, the size of an agency's seal
    seal = _seal(size, _SEAL_COLOURS[d.seal or "red"])
    if d.seal_at == "end":
        cx, cy = _signature(page, size)
        x, y = cx - size // 2 + rng.randint(-size // 8, size // 8), cy - size // 2 + rng.randint(-size // 8, size // 8)
        seal = seal.rotate(rng.uniform(-30, 30), resample=Image.BICUBIC)
    else:
        x = rng.randint(img.width // 2, img.width - size - img.width // 10)
        y = rng.randint(img.height // 5, img.height // 2)
    if d.uneven:
        seal.putalpha(ImageChops.multiply(seal.getchannel("A"), _patchy(seal.size, rng)))
    layer = Image.new("RGB", img.size, (255, 255, 255))
    layer.paste(seal, (x, y), seal)
    return ImageChops.multiply(img, layer)


def _signature(page: Image.Image, size: int) -> tuple[int, int]:
    """Where a seal sits on a report's last page: centred over the agency's name and the date
    that end it (the lowest lines of print right of the middle), so its lower half covers
    the date and, when the signature follows a table closely, the table's last rows."""
    import numpy as np

    dark = np.asarray(page.convert("L")) < 128
    h, w = dark.shape
    right = dark[: int(h * 0.93), int(w * 0.55) :]  # the page number sits lower, and centred
    rows = np.flatnonzero(right.any(axis=1))
    if rows.size == 0:
        return int(w * 0.72), int(h * 0.75)
    bottom = int(rows[-1])
    cols = np.flatnonzero(right[max(0, bottom - size // 2) : bottom + 1].any(axis=0))
    return int(w * 0.55) + int((cols[0] + cols[-1]) / 2), bottom - size // 5


def _patchy(size: tuple[int, int], rng: random.Random) -> Image.Image:
    """A hand stamp's uneven ink: a smooth random field from a third to all of the ink."""
    import numpy as np

    coarse = np.random.default_rng(rng.getrandbits(64)).uniform(0.25, 1.3, (6, 6)).clip(0.35, 1.0)
    field = Image.fromarray((coarse * 255).astype(np.uint8), mode="L")
    return field.resize(size, Image.BICUBIC)


def _photographed(img: Image.Image, d: Degradation, rng: random.Random) -> Image.Image:
    """A page photographed by phone: its corners pulled (keystone) and its middle bulged
    (a bound page that does not lie flat), the edges filled with the paper's tone."""
    import cv2
    import numpy as np

    w, h = img.size
    k = d.warp * w
    src = np.float32([[0, 0], [w, 0], [w, h], [0, h]])
    dst = src + np.float32([[rng.uniform(-k, k), rng.uniform(-k, k)] for _ in range(4)])
    fill = (d.paper, d.paper, d.paper)
    arr = cv2.warpPerspective(
        np.asarray(img), cv2.getPerspectiveTransform(src, dst), (w, h), borderValue=fill, flags=cv2.INTER_CUBIC
    )
    ys, xs = np.mgrid[0:h, 0:w].astype(np.float32)
    bulge = rng.uniform(0.3, 0.6) * k * np.sin(np.pi * xs / w)  # lines sag most mid-page
    arr = cv2.remap(arr, xs, ys - bulge, cv2.INTER_CUBIC, borderValue=fill)
    return Image.fromarray(arr)


def scanned_pages(pdf: bytes, d: Degradation = Degradation(), *, seed: int = 0) -> list[Image.Image]:
    rng = random.Random(seed)
    pages = rasterise(pdf, dpi=d.dpi)
    return [degrade(page, d, rng, last=n == len(pages) - 1) for n, page in enumerate(pages)]


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
    # a black-and-white page is stored as CCITT G4, as a scanner's PDF stores it; JPEG has no quality for it
    options = {} if pages[0].mode == "1" else {"quality": 80}
    pages[0].save(buf, "PDF", resolution=dpi, save_all=True, append_images=pages[1:], **options)
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
