"""A short PDF brief for a proposal (A4 pages, matplotlib PdfPages; DejaVu Sans has Vietnamese glyphs)."""

from __future__ import annotations

import textwrap
from pathlib import Path

import matplotlib.pyplot as plt
from matplotlib.backends.backend_pdf import PdfPages

from innovsd.model import figures
from innovsd.model.labels import word

from . import plots
from .compare import target_text
from .pipeline import Prepared, provenance

A4 = (8.27, 11.69)
# Assumptions the scenario results lean on most (beyond the levers): the chains from money to
# knowledge, knowledge and absorption to TFP, disbursement, venture money to startups, and researchers. See model/parameters.csv.
KEY_ASSUMPTIONS = (
    "cofunding leverage", "rate of return to research", "knowledge depreciation rate",
    "knowledge application delay", "initial technology gap", "half speed capacity",
    "disbursement adjustment time", "cost per talent position", "investment per startup",
    "private coinvestment ratio", "research job elasticity", "base brain drain rate",
)


class _Page:
    """Text flowing down an A4 page; a new page when it is full."""

    def __init__(self, pdf: PdfPages, lang: str):
        self.pdf, self.lang, self.fig, self.y, self.number = pdf, lang, None, 0.0, 0
        self.new()

    def new(self):
        if self.fig is not None:
            self.close()
        plt.rcParams.update(figures.STYLE)
        self.fig = plt.figure(figsize=A4)
        self.y = 0.95
        self.number += 1

    def close(self):
        self.fig.text(0.5, 0.02, f"{word('report title', self.lang)} · {word('page', self.lang)} {self.number}",
                      ha="center", fontsize=7, color="#666666")
        self.pdf.savefig(self.fig)
        plt.close(self.fig)
        self.fig = None

    def text(self, text: str, size: float = 9, bold: bool = False, width: int = 105, gap: float = 0.004,
             indent: float = 0.0, colour: str = "black"):
        lines = []
        for paragraph in str(text).split("\n"):
            lines += textwrap.wrap(paragraph, width=int(width * 9 / size)) or [""]
        height = len(lines) * size * 1.45 / 72 / A4[1]
        if self.y - height < 0.05:
            self.new()
        self.fig.text(0.08 + indent, self.y, "\n".join(lines), fontsize=size, va="top",
                      fontweight="bold" if bold else "normal", color=colour, linespacing=1.3)
        self.y -= height + gap

    def heading(self, text: str):
        self.y -= 0.008
        self.text(text, size=12, bold=True, gap=0.008)

    def image(self, fig, height_fraction: float):
        """Place a figure rendered elsewhere as an image, full text width."""
        import io

        import matplotlib.image as mpimg

        if self.y - height_fraction < 0.05:
            self.new()
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=200, bbox_inches="tight")
        plt.close(fig)
        buffer.seek(0)
        picture = mpimg.imread(buffer)
        aspect = picture.shape[0] / picture.shape[1]
        width = min(0.84, height_fraction / aspect * A4[1] / A4[0])
        height = width * aspect * A4[0] / A4[1]
        ax = self.fig.add_axes((0.08, self.y - height, width, height))
        ax.imshow(picture)
        ax.axis("off")
        self.y -= height + 0.01


def _scorecard_page(page: _Page, run: Prepared, lang: str):
    names = [s.name for s in run.scenarios]
    heads = [n if len(n) <= 10 else n.replace("-", "-\n", 1) for n in names]
    rows, first_rows = [], []
    for t in run.targets:
        cells = []
        for n in names:
            sc = run.card[t.id][n]
            if sc.met is None:
                cells.append(word("n/a", lang))
                continue
            cell = f"{sc.value:,.1f} {'✓' if sc.met else '✗'}"
            if sc.probability is not None:
                cell += f"\nP={sc.probability:.0%}"
            cells.append(cell)
        name = textwrap.fill(t.title[lang], 30)
        rows.append([name, textwrap.fill(target_text(t, lang), 16)] + cells)
        first_rows.append([name] + [str(run.card[t.id][n].first_year or "—") for n in names])
    tables = (
        (word("scorecard", lang).format(year=run.year), rows,
         [word("indicator", lang), word("target value", lang)] + heads, [0.24, 0.14]),
        (word("first year met", lang) + f" (— = {word('never', lang)})", first_rows,
         [word("indicator", lang)] + heads, [0.24]),
    )
    for caption, body, header, widths in tables:
        height = 0.034 * (len(body) + 1)
        if page.y - height - 0.06 < 0.05:  # heading, table and legend must share a page
            page.new()
        page.heading(caption)
        ax = page.fig.add_axes((0.04, page.y - height, 0.92, height))
        ax.axis("off")
        rest = (0.92 - sum(widths)) / len(names)
        table = ax.table(cellText=body, colLabels=header, bbox=(0, 0, 1, 1), cellLoc="center",
                         colWidths=widths + [rest] * len(names))
        table.auto_set_font_size(False)
        table.set_fontsize(6.3)
        for (r, c), cell in table.get_celld().items():
            cell.set_linewidth(0.3)
            if r == 0:
                cell.set_text_props(fontweight="bold")
                cell.set_facecolor("#eeeeee")
            elif "✓" in cell.get_text().get_text():
                cell.set_facecolor("#dff0d8")
        page.y -= height + 0.02
        if caption.startswith(word("scorecard", lang)[:5]):
            page.text(word("met legend", lang).split(";")[0], size=7.5, colour="#444444")


def _fit_summary(run: Prepared, lang: str) -> str:
    fit = run.parameter_set.provenance.get("fit")
    if not run.parameter_set.path or not fit:
        return word("uncalibrated", lang)
    if isinstance(fit, dict):
        parts = []
        for key, value in fit.items():
            if isinstance(value, float):
                value = f"{value:.4g}"
            elif isinstance(value, (list, dict)):
                continue
            parts.append(f"{key}: {value}")
        return f"{run.parameter_set.path.name}: " + "; ".join(parts)
    return f"{run.parameter_set.path.name}: {fit}"


def write_report(run: Prepared, path: Path, lang: str) -> Path:
    comparison = run.comparison
    with PdfPages(path) as pdf:
        page = _Page(pdf, lang)
        page.text(word("report title", lang), size=16, bold=True, gap=0.012)
        page.heading(word("question", lang))
        page.text(word("question text", lang))
        page.heading(word("scenarios", lang))
        for s in run.scenarios:
            page.text(f"{s.label(lang)} ({s.name})", size=9, bold=True, gap=0.001)
            page.text(s.describe(lang), size=8, indent=0.02, gap=0.001)
            settings = ", ".join(f"{k} = {v:g}" for k, v in s.params.items())
            if settings:
                page.text(f"{word('settings', lang)}: {settings}", size=7.5, indent=0.02, gap=0.001)
            page.text(f"{word('source document', lang)}: {s.source}", size=7.5, indent=0.02, colour="#444444")
        page.image(plots.lever_figure(comparison, run.engine.levers, lang), 0.26)

        _scorecard_page(page, run, lang)

        page.new()
        page.image(plots.overview_figure(comparison, run.targets, run.history, lang), 0.85)

        page.new()
        page.heading(word("calibration fit", lang))
        page.text(_fit_summary(run, lang), size=8.5)
        page.heading(word("assumptions", lang))
        names = [p.name for p in run.table if p.basis == "lever"] + list(KEY_ASSUMPTIONS)
        for name in dict.fromkeys(names):
            p = run.table[name]
            page.text(f"{p.name} = {p.value:g} {p.unit} [{p.low:g}–{p.high:g}] ({p.basis})", size=8, bold=True, gap=0.0)
            page.text(f"{word('source', lang)}: {p.source}" + (f". {p.note}" if p.note else ""), size=7.2,
                      indent=0.02, colour="#333333", gap=0.003)
        page.heading(word("provenance", lang))
        prov = provenance(run)
        ps = prov["parameter_set"]
        lines = [
            f"{word('date', lang)}: {prov['date']}",
            f"{word('model file', lang)}: {prov['model']['file']} sha256 {prov['model']['sha256'][:16]}",
            f"{word('data files', lang)}: history.csv sha256 {prov['history']['sha256'][:16]}; "
            f"targets.csv sha256 {prov['targets']['sha256'][:16]}; parameters.csv sha256 {prov['parameter_table']['sha256'][:16]}",
            f"{word('parameter set', lang)}: " + (f"{ps['file']} sha256 {ps['sha256'][:16]}" if ps.get("file")
                                                  else word("model defaults", lang)),
            f"{word('scenario files', lang)}: sha256 {prov['scenarios']['sha256'][:16]}",
        ]
        if comparison.ensemble:
            lines.append(word("members", lang).format(n=comparison.ensemble_size))
        page.text("\n".join(lines), size=7.5)
        page.close()
    return path

