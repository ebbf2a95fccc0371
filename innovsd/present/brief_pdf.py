"""The brief drawn as PDF pages with matplotlib, for machines without LibreOffice (brief_docx
converts the Word document when it is there): the same blocks, not tagged."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Sequence

from innovsd.writing import output

from .brief import Block
from .words import word


def draw_pdf(blocks: Sequence[Block], path: Path, lang: str, title: str) -> Path:
    """The blocks on A4 pages; fonts embedded as TrueType (Type 42) so text copies out intact."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.backends.backend_pdf import PdfPages
    import numpy as np
    from PIL import Image

    width_in, height_in = 8.27, 11.69
    left, usable = 2.5 / 2.54 / width_in, 16 / 2.54 / width_in
    with plt.rc_context({"pdf.fonttype": 42, "font.family": "DejaVu Sans", "text.parse_math": False}), \
            output(path), PdfPages(path, metadata={"Title": title}) as pdf:
        state = {"fig": None, "y": 0.0, "page": 0}

        def new_page():
            if state["fig"] is not None:
                finish()
            state["fig"] = plt.figure(figsize=(width_in, height_in))
            state["y"], state["page"] = 1 - 2.0 / 29.7, state["page"] + 1

        def finish():
            state["fig"].text(0.5, 0.025, f"{title} · {word('page', lang)} {state['page']}",
                              ha="center", fontsize=7, color="#666666")
            pdf.savefig(state["fig"])
            plt.close(state["fig"])

        def room(height):
            if state["y"] - height < 0.06:
                new_page()

        def write(body, size, bold=False, gap=0.006):
            lines = []
            for paragraph in body.split("\n"):
                lines += textwrap.wrap(paragraph, width=int(453 / (0.5 * size))) or [""]  # 16 cm in points
            height = len(lines) * size * 1.4 / 72 / height_in
            room(height)
            state["fig"].text(left, state["y"], "\n".join(lines), fontsize=size, va="top",
                              fontweight="bold" if bold else "normal", linespacing=1.3)
            state["y"] -= height + gap

        def cells(block):
            share = [w / sum(block.widths) for w in block.widths] if block.widths else None
            return [["\n".join(textwrap.fill(line, int(100 * share[c]) if share else ((26, 17)[c] if c < 2 else 15))
                               for line in v.split("\n"))
                     for c, v in enumerate(row)] for row in [block.header] + block.rows]

        def table_height(block):
            rows = cells(block)
            return sum(max(v.count("\n") + 1 for v in row) for row in rows) * 0.0125 + 0.004 * len(rows)

        def figure_height(block):
            with Image.open(block.path) as picture:  # reads the size from the header only
                width, height = picture.size
            return usable * height / width * width_in / height_in

        new_page()
        for i, block in enumerate(blocks):
            if block.kind == "pagebreak":
                new_page()
            elif block.kind == "title":
                write(block.text, 15, bold=True, gap=0.012)
            elif block.kind == "heading":
                after = blocks[i + 1] if i + 1 < len(blocks) else None
                if after is not None and after.kind in ("table", "figure"):  # keep a heading with what follows
                    room(0.03 + (table_height(after) if after.kind == "table" else figure_height(after)))
                write(block.text, 12, bold=True, gap=0.006)
            elif block.kind in ("paragraph", "bullet"):
                write(("– " if block.kind == "bullet" else "") + block.text, 10)
            elif block.kind in ("small", "note", "caption", "masthead", "signature"):
                write(block.text, 8)
            elif block.kind == "figure":
                height = figure_height(block)
                room(height)
                ax = state["fig"].add_axes((left, state["y"] - height, usable, height))
                with Image.open(block.path) as picture:  # 8-bit RGBA: no float copy of a 300-dpi image
                    ax.imshow(np.asarray(picture.convert("RGBA")))
                ax.axis("off")
                state["y"] -= height + 0.008
            elif block.kind == "table":
                wrapped = cells(block)
                heights = [max(v.count("\n") + 1 for v in row) for row in wrapped]
                height = table_height(block)
                room(height)
                ax = state["fig"].add_axes((left, state["y"] - height, usable, height))
                ax.axis("off")
                rest = (1 - 0.48) / max(1, len(block.header) - 2)
                widths = [w / sum(block.widths) for w in block.widths] if block.widths else \
                    [0.3, 0.18] + [rest] * (len(block.header) - 2)
                table = ax.table(cellText=wrapped[1:], colLabels=wrapped[0], bbox=(0, 0, 1, 1), cellLoc="center",
                                 colWidths=widths)
                table.auto_set_font_size(False)
                table.set_fontsize(7)
                for (r, c), cell in table.get_celld().items():
                    cell.set_linewidth(0.3)
                    cell.set_height(heights[r] / sum(heights))
                    if r == 0:
                        cell.set_text_props(fontweight="bold")
                        cell.set_facecolor("#eeeeee")
                    elif block.met and block.met[r - 1][c]:
                        cell.set_facecolor("#dff0d8")
                state["y"] -= height + 0.01
        finish()
    return Path(path)
