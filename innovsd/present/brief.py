"""The brief a planner attaches to a proposal: an editable A4 Word document (python-docx) and
the same content as a PDF with embedded TrueType fonts, in one language throughout.

Content is built once as blocks (heading, paragraph, table, figure) from results already
computed (the scorecard, costs, figure files), then rendered to either format.
"""

from __future__ import annotations

import csv
import re
import textwrap
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping, Sequence

from innovsd.resources import data_file
from innovsd.writing import output

from .words import joined, number, word

DOCUMENTS = data_file("innovsd.present", "documents.csv")
COSTS = data_file("innovsd.present", "costs.csv")
FILE_CODE = re.compile(r"\d{3}_[0-9a-f]{16}\.txt")
FIGURE_WIDTH_CM = 16.0  # A4 text width with 2.5 cm margins


@dataclass
class Block:
    kind: str  # title, heading, paragraph, small, table, figure
    text: str = ""
    header: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    met: list[list[bool | None]] = field(default_factory=list)  # per table cell: shade when met
    path: Path | None = None


def document_titles(path: Path = DOCUMENTS) -> dict[str, dict[str, str]]:
    with Path(path).open(encoding="utf-8", newline="") as handle:
        return {row["code"]: {"en": row["title_en"], "vi": row["title_vi"]} for row in csv.DictReader(handle)}


def cost_items(path: Path = COSTS) -> list[dict[str, str]]:
    with Path(path).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def cited(source: str, titles: Mapping[str, dict[str, str]], lang: str) -> list[str]:
    """Document titles for every file code a source text cites, in order."""
    return [titles[c][lang] if c in titles else c for c in dict.fromkeys(FILE_CODE.findall(source))]


def _cell(score: Mapping, lang: str) -> str:
    if score.get("met") is None:
        return "–"
    cell = f"{number(score['value'], lang)} {'✓' if score['met'] else '✗'}"
    if score.get("probability") is not None:
        cell += f"\nP = {number(100 * score['probability'], lang, 0)} %"
    return cell


def conclusions(card: Mapping, targets: Sequence[Mapping], scenarios: Sequence[Mapping], costs: Mapping[str, float],
                year: int, lang: str) -> list[str]:
    """Sentences from the scorecard: what each scenario meets (with probability), the headline
    target against current trends, what it costs, and what no scenario meets."""
    names = [s["name"] for s in scenarios]
    label = {s["name"]: s["title"][lang] for s in scenarios}
    out = []
    headline = targets[0]
    scores = card[headline["id"]]
    best = max(names, key=lambda n: scores[n]["value"] if scores[n].get("met") is not None else float("-inf"))
    baseline = scores.get("baseline", scores[names[0]])
    out.append(word("headline", lang, title=headline["title"][lang], value=number(scores[best]["value"], lang),
                    unit=headline["unit"][lang], year=year, scenario=label[best], target=headline["text"][lang],
                    baseline=number(baseline["value"], lang)))
    for name in names:
        met = []
        for t in targets:
            score = card[t["id"]][name]
            if score.get("met"):
                if score.get("probability") is not None:
                    met.append(word("with probability", lang, title=t["title"][lang],
                                    p=number(100 * score["probability"], lang, 0)))
                else:
                    met.append(t["title"][lang])
        out.append(word("meets", lang, scenario=label[name], targets=joined(met, lang)) if met
                   else word("meets none", lang, scenario=label[name], year=year))
        if costs.get(name, 0) > 0.5:
            out.append(word("cost", lang, scenario=label[name], cost=number(costs[name], lang, 0), year=year))
    never = [t["title"][lang] for t in targets if not any(card[t["id"]][n].get("met") for n in names)]
    if never:
        out.append(word("no one", lang, targets=joined(never, lang)))
    return out


def brief_blocks(scenarios: Sequence[Mapping], targets: Sequence[Mapping], card: Mapping, costs: Mapping[str, float],
                 figures: Sequence[tuple[Path, str]], meta: Mapping[str, str], question: str, year: int,
                 members: int, lang: str, titles: Mapping[str, dict[str, str]] | None = None) -> list[Block]:
    """The brief's content. ``scenarios``: name, title, description, source; ``targets``: id, title,
    text (bound), unit, source, section; ``card``: target id -> scenario -> value, met, probability."""
    titles = titles if titles is not None else document_titles()
    names = [s["name"] for s in scenarios]
    blocks = [Block("title", word("brief title", lang)), Block("heading", word("question", lang)),
              Block("paragraph", question), Block("heading", word("conclusions", lang))]
    blocks += [Block("paragraph", sentence) for sentence in conclusions(card, targets, scenarios, costs, year, lang)]
    blocks.append(Block("heading", word("scorecard", lang, year=year)))
    blocks.append(Block(
        "table",
        header=[word("indicator", lang), word("target value", lang)] + [s["title"][lang] for s in scenarios],
        rows=[[t["title"][lang], t["text"][lang]] + [_cell(card[t["id"]][n], lang) for n in names] for t in targets],
        met=[[None, None] + [card[t["id"]][n].get("met") for n in names] for t in targets],
    ))
    blocks.append(Block("small", word("legend", lang, n=members)))
    blocks.append(Block("heading", word("scenarios", lang)))
    for s in scenarios:
        blocks.append(Block("paragraph", f"{s['title'][lang]}: {s['description'][lang].strip()}"))
        sources = cited(s["source"], titles, lang)
        if sources:
            blocks.append(Block("small", f"{word('sources', lang)}: " + "; ".join(sources)))
    blocks.append(Block("heading", word("figures", lang)))
    for i, (path, caption) in enumerate(figures, start=1):
        blocks.append(Block("figure", path=Path(path)))
        blocks.append(Block("small", f"{word('figure', lang)} {i}. {caption}"))
    blocks.append(Block("heading", word("sources", lang)))
    for t in targets:
        documents = cited(t["source"], titles, lang)
        blocks.append(Block("small", f"{t['title'][lang]}: " + "; ".join(documents)))
    blocks.append(Block("heading", word("provenance", lang)))
    blocks.append(Block("small", "\n".join([
        f"{word('date', lang)}: {meta['date']}",
        f"{word('version', lang)}: {meta['version']}",
        f"{word('model file', lang)}: {meta['model']} (sha256 {meta['model_sha256']})",
        f"{word('parameter set', lang)}: {meta['parameter_set']}, {word('calibrated on', lang)}",
        f"{word('ensemble', lang)}: {word('members', lang, n=members)}",
        f"{word('command', lang)}: {meta['command']}",
    ])))
    return blocks


def write_docx(blocks: Sequence[Block], path: Path, lang: str) -> Path:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(2.5))
    section.top_margin = section.bottom_margin = Cm(2.0)
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = "Arial", Pt(10.5)
    document.core_properties.title = blocks[0].text
    document.core_properties.language = "vi-VN" if lang == "vi" else "en-GB"
    for block in blocks:
        if block.kind == "title":
            document.add_heading(block.text, level=0)
        elif block.kind == "heading":
            document.add_heading(block.text, level=1)
        elif block.kind == "paragraph":
            document.add_paragraph(block.text)
        elif block.kind == "small":
            for line in block.text.split("\n"):
                run = document.add_paragraph().add_run(line)
                run.font.size = Pt(8.5)
        elif block.kind == "figure":
            document.add_picture(str(block.path), width=Cm(FIGURE_WIDTH_CM))
        elif block.kind == "table":
            table = document.add_table(rows=1 + len(block.rows), cols=len(block.header))
            table.style = "Table Grid"
            for r, row in enumerate([block.header] + block.rows):
                for c, value in enumerate(row):
                    cell = table.cell(r, c)
                    cell.text = value
                    for paragraph in cell.paragraphs:
                        for run in paragraph.runs:
                            run.font.size = Pt(8.5)
                            run.font.bold = r == 0
                    met = block.met[r - 1][c] if r else None
                    if r == 0 or met:
                        shade = OxmlElement("w:shd")
                        shade.set(qn("w:val"), "clear")
                        shade.set(qn("w:fill"), "EEEEEE" if r == 0 else "DFF0D8")
                        cell._tc.get_or_add_tcPr().append(shade)
    with output(path):
        document.save(str(path))
    return Path(path)


def write_pdf(blocks: Sequence[Block], path: Path, lang: str) -> Path:
    """The same blocks on A4 pages; fonts embedded as TrueType (Type 42) so text copies out intact."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.backends.backend_pdf import PdfPages
    import numpy as np
    from PIL import Image

    width_in, height_in = 8.27, 11.69
    left, usable = 2.5 / 2.54 / width_in, 16 / 2.54 / width_in
    with plt.rc_context({"pdf.fonttype": 42, "font.family": "DejaVu Sans", "text.parse_math": False}), \
            output(path), PdfPages(path) as pdf:
        state = {"fig": None, "y": 0.0, "page": 0}

        def new_page():
            if state["fig"] is not None:
                finish()
            state["fig"] = plt.figure(figsize=(width_in, height_in))
            state["y"], state["page"] = 1 - 2.0 / 29.7, state["page"] + 1

        def finish():
            state["fig"].text(0.5, 0.025, f"{blocks[0].text} · {word('page', lang)} {state['page']}",
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
            return [["\n".join(textwrap.fill(line, (26, 17)[c] if c < 2 else 15) for line in v.split("\n"))
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
            if block.kind == "title":
                write(block.text, 15, bold=True, gap=0.012)
            elif block.kind == "heading":
                after = blocks[i + 1] if i + 1 < len(blocks) else None
                if after is not None and after.kind in ("table", "figure"):  # keep a heading with what follows
                    room(0.03 + (table_height(after) if after.kind == "table" else figure_height(after)))
                write(block.text, 12, bold=True, gap=0.006)
            elif block.kind == "paragraph":
                write(block.text, 10)
            elif block.kind == "small":
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
                table = ax.table(cellText=wrapped[1:], colLabels=wrapped[0], bbox=(0, 0, 1, 1), cellLoc="center",
                                 colWidths=[0.3, 0.18] + [rest] * (len(block.header) - 2))
                table.auto_set_font_size(False)
                table.set_fontsize(7)
                for (r, c), cell in table.get_celld().items():
                    cell.set_linewidth(0.3)
                    cell.set_height(heights[r] / sum(heights))
                    if r == 0:
                        cell.set_text_props(fontweight="bold")
                        cell.set_facecolor("#eeeeee")
                    elif block.met[r - 1][c]:
                        cell.set_facecolor("#dff0d8")
                state["y"] -= height + 0.01
        finish()
    return Path(path)
