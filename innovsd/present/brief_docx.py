"""The brief as an administrative document (Decree 30/2020/NĐ-CP): A4, Times New Roman 13 pt,
margins 2 cm top and bottom, 3 cm left, 2 cm right, the page number centred in the header from
page 2, the issuing body and the place and date at the top, the signature block at the end; the
document language set (vi-VN or en-GB) so Word checks the spelling of the right language; every
figure with alternative text and no taller than 22 cm; table headers repeated on every page.

The PDF is this document converted by LibreOffice, tagged, with the title as its metadata."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Sequence

from innovsd.writing import output

from .brief import Block
from .words import spaced, word

FONT = "Times New Roman"
BODY_PT, TABLE_PT, ANNEX_PT, NOTE_PT = 13, 10, 10, 9.5  # tables, annex and its notes smaller
TEXT_WIDTH_CM = 16.0  # 21 cm less 3 cm left and 2 cm right
MAX_FIGURE_CM = 22.0
LANGUAGE = {"vi": "vi-VN", "en": "en-GB"}


def _lang_element(lang: str):
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    element = OxmlElement("w:lang")
    for attribute in ("w:val", "w:eastAsia", "w:bidi"):
        element.set(qn(attribute), LANGUAGE.get(lang, lang))
    return element


def _set_fonts(document, lang: str) -> None:
    """Times New Roman for every script and style, and the language on the defaults and styles."""
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    defaults = document.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for existing in defaults.findall(qn("w:lang")):
        defaults.remove(existing)
    defaults.append(_lang_element(lang))
    for style in document.styles:
        if not hasattr(style, "font"):
            continue
        style.font.name = FONT
        fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
            fonts.set(qn(attribute), FONT)
        for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(theme), None)
        if style.name.startswith(("Heading", "Title")):
            style.font.color.rgb = RGBColor(0, 0, 0)
    normal = document.styles["Normal"]
    normal.font.size = Pt(BODY_PT)
    # The template's defaults are 1.15 lines and 10 pt after each paragraph: single spacing instead.
    normal.paragraph_format.line_spacing = 1.0
    normal.paragraph_format.space_after = Pt(0)


def _page_number_header(section) -> None:
    """A centred PAGE field in the header, none on the first page (Decree 30)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        run._r.append(element)


def _borderless(table) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def _cell_text(cell, text: str, size: float, bold: bool = False, italic: bool = False, align=None,
               underline: bool = False) -> None:
    from docx.shared import Pt

    lines = text.split("\n")
    cell.text = ""
    for i, line in enumerate(lines):
        paragraph = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(0)
        paragraph.paragraph_format.first_line_indent = Pt(0)
        if align is not None:
            paragraph.alignment = align
        run = paragraph.add_run(spaced(line))
        run.font.size, run.font.bold, run.font.italic = Pt(size), bold, italic
        run.font.underline = underline and i == len(lines) - 1


def _masthead(document, block: Block, lang: str) -> None:
    """Issuing body left, national title right; the reference left, place and date right."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm

    table = document.add_table(rows=2, cols=2)
    _borderless(table)
    for row in table.rows:
        row.cells[0].width, row.cells[1].width = Cm(6.5), Cm(9.5)
    centre = WD_ALIGN_PARAGRAPH.CENTER
    _cell_text(table.cell(0, 0), word("issuing parent", lang) + "\n" + word("issuing body", lang), 12, align=centre,
               underline=True)
    table.cell(0, 0).paragraphs[1].runs[0].font.bold = True
    _cell_text(table.cell(0, 1), word("national title", lang) + "\n" + word("national motto", lang), 12, bold=True,
               align=centre, underline=True)
    _cell_text(table.cell(1, 0), word("reference number", lang), 12, align=centre)
    _cell_text(table.cell(1, 1), block.text, 13, italic=True, align=centre)


def _signature(document, block: Block, lang: str) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    table = document.add_table(rows=1, cols=2)
    _borderless(table)
    _cell_text(table.cell(0, 0), word("recipients", lang), 11, align=WD_ALIGN_PARAGRAPH.LEFT)
    table.cell(0, 0).paragraphs[0].runs[0].font.bold = True
    table.cell(0, 0).paragraphs[0].runs[0].font.italic = True
    _cell_text(table.cell(0, 1), block.text, 13, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)


def _picture(document, block: Block) -> None:
    """At the text width, or narrower so it is no taller than 22 cm; alt text on the drawing."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Cm
    from PIL import Image

    with Image.open(block.path) as picture:
        width, height = picture.size
    width_cm = min(TEXT_WIDTH_CM, MAX_FIGURE_CM * width / height)
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.first_line_indent = Cm(0)
    shape = paragraph.add_run().add_picture(str(block.path), width=Cm(width_cm))
    properties = shape._inline.find(qn("wp:docPr"))
    properties.set("descr", block.alt)
    properties.set("title", block.alt[:120])


def _table(document, block: Block, size: float) -> None:
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm

    table = document.add_table(rows=1 + len(block.rows), cols=len(block.header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    if block.widths:  # the grid is what LibreOffice and Word lay the columns out by
        for column, width in zip(table.columns, block.widths):
            column.width = Cm(width)
    for r, (row, table_row) in enumerate(zip([block.header] + block.rows, table.rows)):
        properties = table_row._tr.get_or_add_trPr()
        properties.append(OxmlElement("w:cantSplit"))
        if r == 0:  # repeated at the top of every page the table runs onto
            properties.append(OxmlElement("w:tblHeader"))
        cells = table_row.cells  # a row's cells at once: table.cell(r, c) walks the whole table each time
        for c, value in enumerate(row):
            cell = cells[c]
            if block.widths:
                cell.width = Cm(block.widths[c])
            _cell_text(cell, value, size, bold=r == 0,
                       align=WD_ALIGN_PARAGRAPH.LEFT if c == 0 or r == 0 else None)
            met = block.met[r - 1][c] if r and block.met else None
            if r == 0 or met:
                shade = OxmlElement("w:shd")
                shade.set(qn("w:val"), "clear")
                shade.set(qn("w:fill"), "E7E6E6" if r == 0 else "DFF0D8")
                cell._tc.get_or_add_tcPr().append(shade)


def write_docx(blocks: Sequence[Block], path: Path, lang: str, title: str) -> Path:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.top_margin = section.bottom_margin = Cm(2.0)
    section.left_margin, section.right_margin = Cm(3.0), Cm(2.0)
    section.header_distance = Cm(1.0)
    _set_fonts(document, lang)
    _page_number_header(section)
    properties = document.core_properties
    properties.title, properties.language = title, LANGUAGE.get(lang, lang)
    properties.subject, properties.author = word("brief subject", lang), "innovsd"
    annex = False  # after the page break: the annex, in smaller type
    break_next = False  # the next paragraph starts a page (no empty paragraph left at its top)
    for block in blocks:
        if block.kind == "masthead":
            _masthead(document, block, lang)
        elif block.kind == "title":
            paragraph = document.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
            paragraph.paragraph_format.space_before, paragraph.paragraph_format.space_after = Pt(8), Pt(6)
            run = paragraph.add_run(spaced(block.text))
            run.font.bold, run.font.size = True, Pt(14)
            paragraph.paragraph_format.keep_with_next = True
            paragraph.paragraph_format.page_break_before, break_next = break_next, False
        elif block.kind == "heading":
            paragraph = document.add_paragraph()
            paragraph.paragraph_format.space_before, paragraph.paragraph_format.space_after = Pt(4), Pt(2)
            paragraph.paragraph_format.keep_with_next = True
            run = paragraph.add_run(spaced(block.text))
            run.font.bold = True
            if annex:
                run.font.size = Pt(ANNEX_PT + 1)
                paragraph.paragraph_format.space_before = Pt(4)
        elif block.kind in ("paragraph", "bullet"):
            paragraph = document.add_paragraph()
            run = paragraph.add_run(spaced(("– " if block.kind == "bullet" else "") + block.text))
            if block.size:  # the method's fine print
                run.font.size = Pt(block.size)
            paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            paragraph.paragraph_format.first_line_indent = Cm(1.0)
            paragraph.paragraph_format.space_after = Pt(2)
        elif block.kind in ("small", "note", "caption"):
            for line in block.text.split("\n"):
                paragraph = document.add_paragraph()
                paragraph.paragraph_format.space_after = Pt(0.5 if annex else 2)  # the annex's lists run close
                if block.kind == "caption":
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
                run = paragraph.add_run(spaced(line))
                run.font.size = Pt(NOTE_PT if annex or block.kind == "note" else TABLE_PT)
                run.font.italic = block.kind == "caption"
        elif block.kind == "figure":
            _picture(document, block)
        elif block.kind == "table":
            _table(document, block, block.size or (ANNEX_PT if annex else TABLE_PT))
        elif block.kind == "signature":
            _signature(document, block, lang)
        elif block.kind == "pagebreak":
            annex = break_next = True
    with output(path):
        document.save(str(path))
    return Path(path)


def office() -> str | None:
    """LibreOffice's command, when installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def write_pdf(blocks: Sequence[Block], path: Path, lang: str, title: str) -> Path:
    """The Word document converted by LibreOffice into a tagged PDF (its title from the document's
    properties); without LibreOffice, or when it fails, the same blocks drawn page by page (untagged)."""
    from .brief_pdf import draw_pdf

    path = Path(path)
    command = office()
    if command is None:
        return draw_pdf(blocks, path, lang, title)
    with tempfile.TemporaryDirectory(prefix="innovsd-brief-") as scratch:
        source = write_docx(blocks, Path(scratch) / f"{path.stem}.docx", lang, title)
        export = 'pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"}}'
        profile = Path(scratch, "profile").as_uri()  # its own profile: runs beside an open LibreOffice
        try:
            subprocess.run([command, f"-env:UserInstallation={profile}", "--headless", "--convert-to", export,
                            "--outdir", scratch, str(source)], check=True, capture_output=True, timeout=300,
                           env={**os.environ, "HOME": scratch})
        except (OSError, subprocess.SubprocessError):
            return draw_pdf(blocks, path, lang, title)
        converted = Path(scratch) / f"{path.stem}.pdf"
        if not converted.is_file():  # LibreOffice can exit 0 without writing
            return draw_pdf(blocks, path, lang, title)
        with output(path):
            shutil.move(str(converted), path)
    return path
