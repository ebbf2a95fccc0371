"""A finished figure written to its files: PDF, PNG at 300 dpi, SVG; each drawn once."""

from __future__ import annotations

import struct
import zlib
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable

import numpy as np

from innovsd.writing import output

PNG_ROWS_PER_BLOCK = 256  # rows deflated per call: a few MB of memory at a time, not the whole image


@contextmanager
def ticks_worked_out_once():
    """Within one layout or drawing pass nothing moves an axis's ticks, yet matplotlib works them
    out again (locations, labels and the labels' extents) for the axis, its label, its title and its
    spines: some seven times per axis. Inside this, once per axis (and renderer) in the pass."""
    from matplotlib.axis import Axis

    update, extents = Axis._update_ticks, Axis._get_ticklabel_bboxes
    ticks: dict = {}
    boxes: dict = {}

    def update_once(axis):
        if axis not in ticks:
            ticks[axis] = update(axis)
        return ticks[axis]

    def extents_once(axis, drawn, renderer):
        key = (axis, renderer)
        if key not in boxes or boxes[key][0] is not drawn:
            boxes[key] = (drawn, extents(axis, drawn, renderer))
        return boxes[key][1]

    Axis._update_ticks, Axis._get_ticklabel_bboxes = update_once, extents_once
    try:
        yield
    finally:
        Axis._update_ticks, Axis._get_ticklabel_bboxes = update, extents


def save(fig, folder: Path, stem: str, formats: Iterable[str] = ("png",), dpi: int = 300) -> list[Path]:
    """The figure once in each format asked for. The full canvas, not a tight box: the figure stays
    exactly 16 cm wide, so Word places it at 100 % and its text keeps its point size. With both PDF
    and PNG, matplotlib draws once (the PDF) and the PNG is that page rasterised: the same picture
    for a third less work than a second drawing."""
    import matplotlib.pyplot as plt

    from matplotlib.layout_engine import PlaceHolderLayoutEngine

    folder.mkdir(parents=True, exist_ok=True)
    formats = list(formats)
    written = []
    if isinstance(fig.get_layout_engine(), PlaceHolderLayoutEngine):
        # What ``fig.tight_layout()`` leaves: the layout is done, yet savefig would draw the whole
        # figure once more before drawing it, for a layout engine to run.
        fig.set_layout_engine(None)
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
                    with ticks_worked_out_once():
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
    with ticks_worked_out_once():
        fig.savefig(page, format="pdf")
    return page.getvalue()


def raster_png(page: bytes, path: Path, dpi: int = 300) -> Path:
    """A one-page PDF as an RGB PNG at ``dpi`` (see write_png), rendered straight to RGB."""
    document = _rasteriser().PdfDocument(page)
    try:
        bitmap = document[0].render(scale=dpi / 72, rev_byteorder=True, draw_annots=False, may_draw_forms=False)
        return write_png(bitmap.to_numpy(), path, dpi)
    finally:
        document.close()


def save_png(fig, path: Path, dpi: int = 300) -> Path:
    """The pixels ``savefig`` draws, stored as RGB (the canvas is opaque: its alpha is all 255), see write_png."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    screen = fig.dpi
    fig.set_dpi(dpi)
    try:
        with ticks_worked_out_once():
            canvas.draw()
        return write_png(np.asarray(canvas.buffer_rgba())[..., :3], path, dpi)
    finally:
        fig.set_dpi(screen)


def write_png(pixels: np.ndarray, path: Path, dpi: int) -> Path:
    """RGB pixels (rows × columns × 3 bytes) as a PNG stating ``dpi``. Rows unfiltered, deflated at
    level 1: on a figure's white space as small as PIL's PNG (which tries every filter on every row)
    and about twice as fast."""
    height, width, _ = pixels.shape
    deflate = zlib.compressobj(1)
    rows = np.zeros((min(PNG_ROWS_PER_BLOCK, height), width * 3 + 1), np.uint8)  # column 0: filter "none"
    data = []
    for start in range(0, height, PNG_ROWS_PER_BLOCK):
        block = pixels[start:start + PNG_ROWS_PER_BLOCK]
        rows[:len(block), 1:] = block.reshape(len(block), width * 3)
        data.append(deflate.compress(rows[:len(block)]))
    data.append(deflate.flush())
    per_metre = round(dpi / 0.0254)
    with open(path, "wb") as file:
        file.write(b"\x89PNG\r\n\x1a\n")
        file.write(_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)))  # 8-bit RGB
        file.write(_chunk(b"pHYs", struct.pack(">IIB", per_metre, per_metre, 1)))
        file.write(_chunk(b"IDAT", b"".join(data)))
        file.write(_chunk(b"IEND", b""))
    return Path(path)


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
