"""OCR of scanned PDF pages with rapidocr (models ship in the wheel, runs offline).

The engine takes a few seconds to build, so it is built on first use and kept
(never at import). A scanned page is one or more embedded images; we read the
images pypdf extracts instead of rendering the page, which needs no renderer.
"""

from __future__ import annotations

import logging
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pypdf import PageObject

log = logging.getLogger(__name__)

# Images smaller than this (in pixels per side) are logos or rules, not text.
_MIN_SIDE = 32


@cache
def _engine() -> Any:
    from rapidocr import RapidOCR

    return RapidOCR()


def ocr_image(image: Any) -> str:
    """Text of one PIL image, lines top to bottom."""
    import numpy as np

    result = _engine()(np.array(image.convert("RGB")))
    texts = list(result.txts or ())
    boxes = result.boxes
    if boxes is None or len(texts) != len(boxes):
        return "\n".join(texts)
    # rapidocr already orders lines, but sort by top edge then left edge to be sure.
    order = sorted(range(len(texts)), key=lambda i: (round(boxes[i][0][1] / 10), boxes[i][0][0]))
    return "\n".join(texts[i] for i in order)


def ocr_page(page: PageObject) -> str:
    """OCR every sizeable image embedded in a PDF page, in document order."""
    parts = []
    for image_file in page.images:
        image = image_file.image
        if image is None or min(image.size) < _MIN_SIDE:
            continue
        text = ocr_image(image).strip()
        if text:
            parts.append(text)
    return "\n".join(parts)
