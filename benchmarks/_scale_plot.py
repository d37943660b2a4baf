"""The growth plot of ``scale.py`` (drawn with Pillow, written to a PNG)."""

from __future__ import annotations

from pathlib import Path


def plot(rows: list[dict], path: Path) -> None:
    """Two small panels with Pillow (matplotlib is not installed): retrieval
    latency and disk size against the number of chunks, log-scaled x."""
    import math

    from PIL import Image, ImageDraw, ImageFont

    w, h = 760, 300
    img = Image.new("RGB", (w, h), "white")
    draw = ImageDraw.Draw(img)
    font = ImageFont.load_default()
    xs = [math.log10(r["chunks"]) for r in rows]
    x_lo, x_hi = min(xs) - 0.15, max(xs) + 0.15
    panels = [
        (
            "retrieval latency, ms (search = dense+BM25+fusion)",
            [
                ("search p50", "search_p50", (31, 119, 180)),
                ("search p95", "search_p95", (214, 39, 40)),
                ("with query embedding p95", "retrieval_p95", (127, 127, 127)),
            ],
        ),
        (
            "index on disk, MB / serving RSS, MB",
            [("disk", "disk_mb", (44, 160, 44)), ("RSS", "rss_mb", (148, 103, 189))],
        ),
    ]
    for p, (title, series) in enumerate(panels):
        x0, y0, pw, ph = 50 + p * 380, 30, 320, 220
        top = max(r[k] for _, k, _ in series for r in rows) * 1.15 or 1
        draw.rectangle([x0, y0, x0 + pw, y0 + ph], outline=(0, 0, 0))
        draw.text((x0, 8), title, fill=(0, 0, 0), font=font)
        for frac in (0, 0.5, 1):
            y = y0 + ph - frac * ph
            draw.text((x0 - 45, y - 6), f"{top * frac:.0f}", fill=(0, 0, 0), font=font)
        for r, x in zip(rows, xs, strict=True):
            px = x0 + (x - x_lo) / (x_hi - x_lo) * pw
            draw.text(
                (px - 14, y0 + ph + 6), f"{r['chunks'] / 1000:.0f}k", fill=(0, 0, 0), font=font
            )
        for i, (label, key, color) in enumerate(series):
            pts = [
                (x0 + (x - x_lo) / (x_hi - x_lo) * pw, y0 + ph - r[key] / top * ph)
                for r, x in zip(rows, xs, strict=True)
            ]
            draw.line(pts, fill=color, width=2)
            for px, py in pts:
                draw.ellipse([px - 3, py - 3, px + 3, py + 3], fill=color)
            draw.text((x0 + 8, y0 + 6 + 12 * i), label, fill=color, font=font)
    draw.text((50, h - 18), "chunks in the index (log scale)", fill=(0, 0, 0), font=font)
    path.parent.mkdir(parents=True, exist_ok=True)
    img.convert("P", palette=Image.Palette.ADAPTIVE, colors=32).save(path, optimize=True)
