#!/usr/bin/env python3
"""Peer 1: what a finance office would script with openpyxl.

Reads every workbook with openpyxl (`load_workbook(data_only=True)`, defined
names from `wb.defined_names`), runs the shared checks, scores and reports
(common.py), and writes the completed workbook with openpyxl: every input
sheet copied cell by cell (values and styles) with the template's rules laid
over it (input cells and table rows unlocked, the rest locked, sheet protection
without a password, dropdowns and input prompts, column widths, print setup),
the 评分表's 计算值/系统得分 and a 合计 row with SUM formulas, the 三公 合计 as
SUM formulas, marked cells with notes, and the 项目计分, 校验结果 and 图表
sheets. openpyxl writes a formula without its cached result: a spreadsheet
computes it on opening.

    python peer_openpyxl.py INPUT_DIR OUTPUT_DIR [--jobs 1]
"""

from __future__ import annotations

import datetime as dt
import sys
from copy import copy
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from openpyxl import Workbook, load_workbook  # noqa: E402
from openpyxl.chart import BarChart, PieChart, Reference  # noqa: E402
from openpyxl.chart.label import DataLabelList  # noqa: E402
from openpyxl.comments import Comment  # noqa: E402
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side  # noqa: E402
from openpyxl.utils import get_column_letter  # noqa: E402
from openpyxl.workbook.defined_name import DefinedName  # noqa: E402
from openpyxl.worksheet.datavalidation import DataValidation  # noqa: E402
from openpyxl.worksheet.hyperlink import Hyperlink  # noqa: E402
from openpyxl.worksheet.page import PageMargins  # noqa: E402
from openpyxl.worksheet.properties import PageSetupProperties  # noqa: E402
from openpyxl.worksheet.protection import SheetProtection  # noqa: E402

import common  # noqa: E402

THIN = Side(style="thin")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
FONT = Font(name="宋体", size=11)
BOLD = Font(name="宋体", size=11, bold=True)
TITLE_FONT = Font(name="黑体", size=16, bold=True)
CELL_ALIGN = Alignment(vertical="center", wrap_text=True)
HEADER_ALIGN = Alignment(horizontal="center", vertical="center", wrap_text=True)
HEADER_FILL = PatternFill("solid", fgColor="FF" + common.HEADER_FILL)
GIVEN_FILL = PatternFill("solid", fgColor="FF" + common.LABEL_FILL)
MARK_FILLS = {sev: PatternFill("solid", fgColor="FF" + color) for sev, color in common.MARK_FILL.items()}
CATEGORY_FILLS = dict(MARK_FILLS, note=GIVEN_FILL)
LINK_FONT = Font(name="宋体", size=11, color="0563C1", underline="single")
UNLOCKED = Protection(locked=False)
LOCKED = Protection(locked=True)
EPOCH = dt.date(1899, 12, 30)            # day 0 of Excel's date serials
_VALIDATIONS = None


def validations():
    """DataValidation keyword arguments of every rule, built once per process
    (a DataValidation object belongs to one sheet, so each workbook makes its own)."""
    global _VALIDATIONS
    if _VALIDATIONS is None:
        _VALIDATIONS = {}
        for key, rule in common.validation_rules().items():
            kw = {"allow_blank": True, "showInputMessage": True, "showErrorMessage": True,
                  "promptTitle": rule["title"], "prompt": rule["prompt"]}
            kind, values = rule["type"], rule.get("values")
            if kind == "list":
                kw.update(type="list", formula1='"' + ",".join(values) + '"')
            elif kind != "any":
                if kind == "date":
                    values = tuple(str((d - EPOCH).days) for d in values)
                kw["type"] = kind
                if rule["operator"] == "between":
                    kw.update(formula1=str(values[0]), formula2=str(values[1]))
                else:
                    kw.update(operator="greaterThanOrEqual", formula1=str(values[0]))
            if "error" in rule:
                kw.update(errorTitle=rule["error_title"], error=rule["error"])
            _VALIDATIONS[key] = kw
    return _VALIDATIONS


def _width(w):
    """A column width as Excel stores it (with its 5-pixel padding), as
    XlsxWriter and jixiao write it."""
    return int((w * 7 + 5) / 7 * 256) / 256


def _protect(ws):
    ws.protection = SheetProtection(sheet=True, objects=True, scenarios=True, formatColumns=False,
                                    formatRows=False, insertRows=False, deleteRows=False)


def _print_setup(ws, landscape, one_page=False):
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "landscape" if landscape else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 1 if one_page else 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_margins = PageMargins(**common.PRINT_MARGINS)
    ws.oddHeader.center.text = "&A"
    ws.oddHeader.center.font = "黑体"
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    ws.print_options.horizontalCentered = True


def read_book(path, workbook_xml=None) -> common.Book:
    wb = load_workbook(path, data_only=True)
    names = [(name, None, dn.attr_text) for name, dn in wb.defined_names.items()]
    for idx, ws in enumerate(wb.worksheets):
        for name, dn in ws.defined_names.items():
            names.append((name, idx, dn.attr_text))
    grids = {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}
    return common.Book(str(path), wb.sheetnames, names, grids, wb)


def _put(cell, value):
    if isinstance(value, Decimal):
        value = float(value)
    cell.value = value
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"   # user text is never a formula


def _copy_sheet(src, dst, styles, setup):
    """Values and styles, cell by cell. `styles` maps a source style (its
    index tuple) and the cell's protection to the destination's style, so each
    distinct style is copied once: the template styles thousands of empty
    input cells with a handful of styles. In the template's sheets input
    cells are unlocked and every other cell locked, as jixiao's template has them."""
    unlocked = setup.unlocked if setup else None
    for row in src.iter_rows():
        for c in row:
            if c.value is None and not c.has_style:
                continue
            n = dst.cell(row=c.row, column=c.column)
            _put(n, c.value)
            if c.has_style or unlocked:
                lock = unlocked(c.row - 1, c.column - 1) if unlocked else None
                key = (tuple(c._style), lock)
                style = styles.get(key)
                if style is None:
                    n.font = copy(c.font)
                    n.fill = copy(c.fill)
                    n.border = copy(c.border)
                    n.alignment = copy(c.alignment)
                    n.protection = copy(c.protection) if lock is None else UNLOCKED if lock else LOCKED
                    n.number_format = c.number_format
                    styles[key] = copy(n._style)
                else:
                    n._style = copy(style)
    if setup is None:
        for key, dim in src.column_dimensions.items():
            if dim.width:
                dst.column_dimensions[key].width = dim.width
        dst.freeze_panes = src.freeze_panes
    for key, dim in src.row_dimensions.items():
        if dim.height:
            dst.row_dimensions[key].height = dim.height
    for rng in src.merged_cells.ranges:
        dst.merge_cells(str(rng))


def _set_up(ws, setup, dvs):
    """The template's rules over a copied input sheet: input cells the file
    left unstyled unlocked, locked table columns drawn, table rows unlocked
    (rows can be inserted and deleted), dropdowns and prompts, widths, print
    setup and protection."""
    cells = ws._cells
    for (r, c), _kind in setup.inputs.items():
        if (r + 1, c + 1) not in cells:
            ws.cell(row=r + 1, column=c + 1).protection = UNLOCKED
    unlocked_row = None
    for r, (locked, _kinds) in setup.table_rows.items():
        for c in locked:
            if (r + 1, c + 1) not in cells:
                cell = ws.cell(row=r + 1, column=c + 1)
                cell.fill, cell.border = GIVEN_FILL, BORDER
        dim = ws.row_dimensions[r + 1]
        if unlocked_row is None:
            dim.protection = UNLOCKED
            unlocked_row = dim._style
        else:
            dim._style = copy(unlocked_row)
    for r1, c1, r2, c2, key in setup.validations:
        ref = common.a1(r1, c1) if (r1, c1) == (r2, c2) else f"{common.a1(r1, c1)}:{common.a1(r2, c2)}"
        ws.add_data_validation(DataValidation(sqref=ref, **dvs[key]))
    for c, w in setup.widths.items():
        ws.column_dimensions[get_column_letter(c + 1)].width = _width(w)
    if setup.header_row is not None:
        h = setup.header_row + 1
        ws.print_title_rows = f"{h}:{h}"
        ws.freeze_panes = f"A{h + 1}"
    _protect(ws)
    _print_setup(ws, setup.landscape, setup.one_page)


class Styles:
    """The styles of the cells the completed workbook adds, each built once
    per workbook and then copied (assigning fonts, fills and borders cell by
    cell costs more than the rest of those sheets)."""

    def __init__(self):
        self.made = {}

    def put(self, cell, style="cell", fill=None):
        key = (style, fill)
        made = self.made.get(key)
        if made is not None:
            cell._style = copy(made)
            return
        font, alignment, number_format, base_fill = STYLES[style]
        cell.font, cell.alignment, cell.border = font, alignment, BORDER
        if fill or base_fill:
            cell.fill = fill or base_fill
        if number_format:
            cell.number_format = number_format
        self.made[key] = copy(cell._style)


# style -> (font, alignment, number format, fill)
STYLES = {
    "cell": (FONT, CELL_ALIGN, None, None),
    "header": (BOLD, HEADER_ALIGN, None, HEADER_FILL),
    "number": (FONT, CELL_ALIGN, "#,##0.00", None),
    "rate": (FONT, CELL_ALIGN, "0.00%", None),
    "link": (LINK_FONT, CELL_ALIGN, None, None),
    "total": (BOLD, CELL_ALIGN, None, None),
    "total_number": (BOLD, CELL_ALIGN, "0.00", None),
    "given_text": (FONT, CELL_ALIGN, None, GIVEN_FILL),
    "given_points": (FONT, CELL_ALIGN, "0.##;-0.##;0", GIVEN_FILL),
    "sum_money": (FONT, CELL_ALIGN, "#,##0.00", GIVEN_FILL),
}


def _write_projects(ws, result, styles):
    ws.cell(row=1, column=1, value=common.PROJECTS_TITLE).font = TITLE_FONT
    for c, h in enumerate(common.PROJECTS_HEADER, start=1):
        styles.put(ws.cell(row=3, column=c, value=h), "header")
    rows = common.project_rows(result)
    kinds = ("cell", "number", "number", "rate", "number", "number", "total_number", "number", "cell")
    for i, (name, budget, executed, rate, exec_score, ind_score, _total, own, grade) in enumerate(rows):
        n = 4 + i
        values = (name, budget, executed, f'=IF(B{n}>0,C{n}/B{n},"")', exec_score, ind_score, f"=E{n}+F{n}",
                  own, grade)
        for c, (v, kind) in enumerate(zip(values, kinds), start=1):
            cell = ws.cell(row=n, column=c)
            if c in (4, 7):
                cell.value = v                 # the formulas
            else:
                _put(cell, v)                  # a project's name is text, never a formula
            styles.put(cell, kind)
    if not rows:
        ws.cell(row=4, column=1, value=common.NO_PROJECTS)
    for c, w in enumerate(common.projects_widths(rows), start=1):
        ws.column_dimensions[get_column_letter(c)].width = _width(w)
    ws.freeze_panes = "B4"
    _print_setup(ws, True)


def _write_findings(ws, result, styles):
    summary, rows, widths = common.findings_sheet(result)
    ws.cell(row=1, column=1, value=common.FINDINGS_TITLE).font = TITLE_FONT
    ws.cell(row=2, column=1, value=summary)
    for c, h in enumerate(common.FINDINGS_HEADER, start=1):
        styles.put(ws.cell(row=4, column=c, value=h), "header")
    for i, (n, category, code, shown, link, *texts) in enumerate(rows):
        r = 5 + i
        for c, v in enumerate((n, category, code, shown, *texts), start=1):
            cell = ws.cell(row=r, column=c)
            _put(cell, v if v != "" else None)     # an empty text as a formatted blank
            if c == 2:
                styles.put(cell, "cell", CATEGORY_FILLS[result.findings[i]["severity"]])
            elif c == 4 and link:
                cell.hyperlink = Hyperlink(ref=cell.coordinate, location=f"'{link[0]}'!{link[1]}", display=shown)
                styles.put(cell, "link")
            else:
                styles.put(cell)
    for c, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(c)].width = _width(w)
    if rows:
        last = get_column_letter(len(common.FINDINGS_HEADER))
        ws.auto_filter.ref = f"A4:{last}{4 + len(rows)}"
    ws.freeze_panes = "A5"
    _print_setup(ws, True)


def _write_charts(ws, result, styles):
    title, parts, levels = common.chart_data(result)
    ws.cell(row=1, column=1, value="图表").font = TITLE_FONT
    for c, h in enumerate(("支出构成", "金额（万元）"), start=1):
        styles.put(ws.cell(row=3, column=c, value=h), "header")
    for i, (label, v) in enumerate(parts):
        styles.put(ws.cell(row=4 + i, column=1, value=label))
        styles.put(ws.cell(row=4 + i, column=2, value=float(v)), "number")
    if parts:
        pie = PieChart()
        pie.title = title
        pie.add_data(Reference(ws, min_col=2, min_row=4, max_row=3 + len(parts)))
        pie.set_categories(Reference(ws, min_col=1, min_row=4, max_row=3 + len(parts)))
        pie.dataLabels = DataLabelList(showPercent=True, showCatName=True)
        ws.add_chart(pie, "E3")
    top = common.CHARTS_LEVELS_ROW + 1
    for c, h in enumerate(("一级指标", "分值", "系统得分"), start=1):
        styles.put(ws.cell(row=top, column=c, value=h), "header")
    for i, (label, points, score) in enumerate(levels, start=1):
        styles.put(ws.cell(row=top + i, column=1, value=label))
        styles.put(ws.cell(row=top + i, column=2, value=float(points)), "number")
        styles.put(ws.cell(row=top + i, column=3, value=float(score)), "number")
    if levels:
        bar = BarChart()
        bar.type = "col"
        bar.title = "各一级指标得分"
        bar.add_data(Reference(ws, min_col=2, max_col=3, min_row=top, max_row=top + len(levels)),
                     titles_from_data=True)
        bar.set_categories(Reference(ws, min_col=1, min_row=top + 1, max_row=top + len(levels)))
        ws.add_chart(bar, f"E{top}")
    for c, w in enumerate(common.CHARTS_WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(c)].width = _width(w)
    _print_setup(ws, True)


def write_workbook(book: common.Book, result: common.Result, out: Path):
    src = book.raw
    wb = Workbook()
    wb.remove(wb.active)
    setups = common.sheet_setups(src.sheetnames, result)
    dvs = validations()
    sheets = {}
    styles = {}
    for ws in src.worksheets:
        nws = wb.create_sheet(ws.title)
        setup = setups.get(ws.title)
        _copy_sheet(ws, nws, styles, setup)
        if setup is not None:
            _set_up(nws, setup, dvs)
        sheets[ws.title] = nws
        for name, dn in ws.defined_names.items():
            nws.defined_names[name] = DefinedName(name, attr_text=dn.attr_text)
    for name, dn in src.defined_names.items():
        wb.defined_names[name] = DefinedName(name, attr_text=dn.attr_text)

    # Computed cells and formulas (openpyxl writes a formula without its result).
    added = Styles()
    for sheet, r, c, value, style, formula in common.completed_cells(result):
        cell = sheets[sheet].cell(row=r + 1, column=c + 1)
        if formula:
            cell.value = formula
        else:
            _put(cell, value)
        if style in ("total", "total_number") or (style != "input" and not cell.has_style):
            added.put(cell, style)             # the template styles the others

    # Marked cells: every finding in the note; input cells with an error or a
    # warning filled in its colour.
    for (sheet, r, c), (sev, text) in common.cell_marks(result).items():
        if sheet not in sheets:
            continue
        cell = sheets[sheet].cell(row=r + 1, column=c + 1)
        if sev in MARK_FILLS and common.fills_mark(setups.get(sheet), r, c):
            cell.fill = MARK_FILLS[sev]
        cell.comment = Comment(text, "绩效自评校验", width=360, height=140)

    _write_projects(wb.create_sheet(common.extra_sheet_name(src.sheetnames, common.PROJECTS_SHEET)), result, added)
    _write_findings(wb.create_sheet(common.extra_sheet_name(src.sheetnames, common.FINDINGS_SHEET)), result, added)
    _write_charts(wb.create_sheet(common.extra_sheet_name(src.sheetnames, common.CHARTS_SHEET)), result, added)
    wb.save(out)


def write_summary_xlsx(rows, path):
    wb = Workbook()
    ws = wb.active
    ws.title = "汇总"
    ws.append(("文件", "单位", "年度", "状态", "总分", "等次", "错误", "警告", "提示"))
    for r in rows:
        ws.append((r["file"], r["unit"], r["year"], common.STATUS_LABEL[r["status"]],
                   float(r["total"]) if r["total"] else None, r["grade"], r["errors"], r["warnings"], r["notes"]))
    wb.save(path)


if __name__ == "__main__":
    sys.exit(common.run(sys.argv[1:], "openpyxl", "peer_openpyxl", read_book, write_workbook, write_summary_xlsx))
