"""One look for every figure: readable at A4 size, with units, sources and the model named."""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

import matplotlib

matplotlib.use("Agg")  # files only: no screen on servers and CI
# Titles, legends and captions carry user text (scenario titles): never read as math ("$x$").
matplotlib.rcParams["text.parse_math"] = False
import matplotlib.pyplot as plt  # noqa: E402

from innovsd.writing import output  # noqa: E402

from .words import word  # noqa: E402

A4_WIDTH_CM = 16.0  # text width of an A4 page with 2.5 cm margins
A4_WIDTH_IN = A4_WIDTH_CM / 2.54
SMALLEST_PT = 8  # every text at least this size when the figure is placed at 16 cm in Word
# DejaVu Sans ships with matplotlib and has every Vietnamese diacritic.
STYLE = {
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.titlesize": 9.5,
    "axes.labelsize": 9,
    "xtick.labelsize": 8,
    "ytick.labelsize": 8,
    "legend.fontsize": SMALLEST_PT,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "figure.dpi": 100,
    "text.parse_math": False,
}
HISTORY_COLOUR = "#7a0019"  # observations, in every figure
SCENARIO_COLOURS = ["#1b1b1b", "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#7f3c8d", "#999999"]


def figure(rows: int = 1, cols: int = 1, height_per_row: float = 2.6, width: float = A4_WIDTH_IN):
    plt.rcParams.update(STYLE)
    fig, axes = plt.subplots(rows, cols, figsize=(width, height_per_row * rows + 0.6), squeeze=False)
    return fig, axes


def footer(fig, lang: str, sources: str = "", note: str = "") -> float:
    """Model name, ``note`` and every source at the foot of the figure, as a caption would carry
    them, wrapped (never cut) to the figure's width; returns the share of the figure's height it
    takes, which the caller keeps free (``tight_layout(rect=(0, share, 1, 1))``)."""
    import textwrap

    text = word("model note", lang) + (f". {note}" if note else "")
    if sources:
        text += f". {word('source', lang)}: {sources}"
    per_line = int(fig.get_figwidth() * 72 / (0.56 * SMALLEST_PT))  # DejaVu Sans' mean advance is ~0.56 em
    lines = textwrap.wrap(text, per_line) or [""]
    fig.text(0.01, 0.005, "\n".join(lines), fontsize=SMALLEST_PT, color="#555555", ha="left", va="bottom",
             linespacing=1.25)
    return (len(lines) * SMALLEST_PT * 1.25 / 72 + 0.08) / fig.get_figheight()


def document_sources(codes, lang: str, limit: int | None = None) -> str:
    """Titles of the cited source documents (innovsd/present/documents.csv), not their file codes;
    all of them unless ``limit``."""
    from innovsd.present.brief import document_titles

    titles = document_titles()
    names = [titles[c][lang] if c in titles else c for c in dict.fromkeys(codes)]
    if not names:
        return ""
    shown = names if limit is None else names[:limit]
    return "; ".join(shown) + ("; …" if len(names) > len(shown) else "")


def save(fig, folder: Path, stem: str, formats: Iterable[str] = ("png",), dpi: int = 300) -> list[Path]:
    """The figure once in each format asked for. The full canvas, not a tight box: the figure stays
    exactly 16 cm wide, so Word places it at 100 % and its text keeps its point size. With both PDF
    and PNG, matplotlib draws once (the PDF) and the PNG is that page rasterised: the same picture
    for a third less work than a second drawing."""
    folder.mkdir(parents=True, exist_ok=True)
    formats = list(formats)
    written = []
    try:
        page = _pdf_bytes(fig) if "pdf" in formats and "png" in formats and _rasteriser() else None
        for fmt in formats:
            with output(folder / f"{stem}.{fmt}") as path:
                if fmt == "pdf" and page is not None:
                    path.write_bytes(page)
                elif fmt == "png" and page is not None:
                    raster_png(page, path, dpi)
                elif fmt == "png":
                    save_png(fig, path, dpi)
                else:
                    fig.savefig(path, dpi=dpi)
            written.append(path)
    finally:
        plt.close(fig)
    return written


def _rasteriser():
    """pypdfium2 (PDFium), when installed; without it each format is drawn by matplotlib."""
    try:
        import pypdfium2
    except ImportError:
        return None
    return pypdfium2


def _pdf_bytes(fig) -> bytes:
    from io import BytesIO

    page = BytesIO()
    fig.savefig(page, format="pdf")
    return page.getvalue()


def raster_png(page: bytes, path: Path, dpi: int = 300) -> Path:
    """A one-page PDF as an RGB PNG at ``dpi``, lightly compressed (see save_png)."""
    document = _rasteriser().PdfDocument(page)
    try:
        image = document[0].render(scale=dpi / 72).to_pil().convert("RGB")
    finally:
        document.close()
    image.save(path, format="png", dpi=(dpi, dpi), compress_level=1)
    return Path(path)


def save_png(fig, path: Path, dpi: int = 300) -> Path:
    """The pixels ``savefig`` draws, stored as RGB (the canvas is opaque: its alpha is all 255)
    with light compression, which takes about half of savefig's RGBA encoding time for a file of
    the same size."""
    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from PIL import Image

    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    screen = fig.dpi
    fig.set_dpi(dpi)
    try:
        canvas.draw()
        pixels = np.asarray(canvas.buffer_rgba())[..., :3]
        Image.fromarray(pixels).save(path, format="png", dpi=(dpi, dpi), compress_level=1)
    finally:
        fig.set_dpi(screen)
    return Path(path)


def draw_observed(ax, observation, **style) -> bool:
    """A history row as it was observed: a year's value as a marker, a period mean as a bar
    over its years, a period total as its yearly average over the period. A growth rate has
    no level to draw: False, the caller decides."""
    o = observation
    if o.kind == "sum":
        average = o.value / (o.end - o.start + 1)
        ax.plot([o.start, o.end + 1], [average, average], lw=2.4, solid_capstyle="butt", zorder=4, **style)
        return True
    if o.kind == "point":
        ax.plot([o.start], [o.value], marker="o", ms=4.5, ls="none", zorder=4, **style)
        return True
    if o.kind == "mean":
        ax.plot([o.start, o.end], [o.value, o.value], lw=2.4, solid_capstyle="butt", zorder=4, **style)
        ax.plot([o.start, o.end], [o.value, o.value], marker="|", ms=7, ls="none", zorder=4, **style)
        return True
    return False
