#!/usr/bin/env python3
"""Peer 2: the fastest straightforward Python for the same job.

Reads with python-calamine (values only, Rust underneath). python-calamine does
not expose defined names, so they are parsed from xl/workbook.xml (already read
from the zip by the shared file check) with ElementTree. Writes the completed
workbook with XlsxWriter (in memory for ordinary workbooks, constant_memory for
very large ones), rows written in order, from the values read and its own
formats (python-calamine gives no styles): the template's rules over the input
sheets (input cells and table rows unlocked, the rest locked, sheet protection
without a password, dropdowns and input prompts, column widths, print setup),
formulas with their cached results (the 三公 合计, the 评分表's 合计 row, the
项目计分 sheet), marked cells with notes, and the 项目计分, 校验结果 and 图表
sheets. Formats are made once per workbook, validation options once per
process; templates are compiled once per process (common.py).

    python peer_fast.py INPUT_DIR OUTPUT_DIR [--jobs 1]
"""

from __future__ import annotations

import datetime as dt
import sys
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import xlsxwriter  # noqa: E402
from python_calamine import CalamineWorkbook  # noqa: E402

import common  # noqa: E402

NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
BIG_WORKBOOK_CELLS = 200_000


def workbook_names(workbook_xml: bytes):
    """(sheet names in order, [(name, local sheet index or None, formula)])."""
    root = ET.fromstring(workbook_xml)
    sheets = [s.get("name") for s in root.iter(f"{NS}sheet")]
    names = []
    for dn in root.iter(f"{NS}definedName"):
        local = dn.get("localSheetId")
        names.append((dn.get("name"), int(local) if local is not None else None, dn.text or ""))
    return sheets, names


def read_book(path, workbook_xml: bytes) -> common.Book:
    sheets, names = workbook_names(workbook_xml)
    wb = CalamineWorkbook.from_path(str(path))
    grids = {}
    for name in wb.sheet_names:
        grids[name] = wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
    wb.close()
    return common.Book(str(path), list(wb.sheet_names), names, grids)


def _headers(result: common.Result):
    """{sheet: {row: {col}}} of every table's header cells."""
    cells = {}
    for t in common.TABLES:
        data = result.dept.tables.get(t.key)
        if data and data.area:
            sheet, r0, c0 = data.area[:3]
            cells.setdefault(sheet, {}).setdefault(r0, set()).update(c0 + j for j in range(len(t.columns)))
    return cells


class Formats:
    """Every format the writer uses, created once per workbook on first use:
    a style, optionally unlocked (an input cell: unlocked and filled) and
    optionally filled in a mark's colour."""

    BASE = {"font_name": "宋体", "font_size": 11, "valign": "vcenter"}
    STYLES = {
        "plain": {},
        "text": {"border": 1, "text_wrap": True},
        "long": {"border": 1, "text_wrap": True, "valign": "top"},
        "money": {"border": 1, "num_format": "#,##0.00"},
        "count": {"border": 1, "num_format": "0"},
        "percent": {"border": 1, "num_format": "0.00%"},
        "points": {"border": 1, "num_format": "0.##;-0.##;0"},
        "date": {"border": 1, "num_format": "yyyy-mm-dd", "align": "left"},
        "header": {"border": 1, "bold": True, "text_wrap": True, "align": "center",
                   "bg_color": "#" + common.HEADER_FILL},
        "given_text": {"border": 1, "text_wrap": True, "bg_color": "#" + common.LABEL_FILL},
        "given_points": {"border": 1, "bg_color": "#" + common.LABEL_FILL, "num_format": "0.##;-0.##;0"},
        "sum_money": {"border": 1, "bg_color": "#" + common.LABEL_FILL, "num_format": "#,##0.00"},
        "total": {"border": 1, "text_wrap": True, "bold": True},
        "total_number": {"border": 1, "bold": True, "num_format": "0.00"},
        "title": {"bold": True, "font_size": 16, "font_name": "黑体"},
        "cell": {"border": 1, "text_wrap": True},
        "number": {"border": 1, "text_wrap": True, "num_format": "#,##0.00"},
        "rate": {"border": 1, "text_wrap": True, "num_format": "0.00%"},
        "link": {"border": 1, "text_wrap": True, "font_color": "#0563C1", "underline": 1},
    }

    def __init__(self, wb):
        self.wb = wb
        self.cache = {}
        self.unlocked_row = wb.add_format({"locked": False})

    def get(self, style, fill=None, unlocked=False):
        key = (style, fill, unlocked)
        f = self.cache.get(key)
        if f is None:
            props = dict(self.BASE)
            props.update(self.STYLES[style])
            if unlocked:
                props["locked"] = False
                if style != "plain":
                    props["bg_color"] = "#" + common.INPUT_FILL
            if fill:
                props["bg_color"] = "#" + fill
            f = self.cache[key] = self.wb.add_format(props)
        return f


STYLE_OF_KIND = {"text": "text", "phone": "text", "choice": "text", "framework": "text", "long": "long",
                 "money": "money", "count": "count", "year": "count", "percent": "percent", "points": "points",
                 "date": "date"}
GIVEN_OF_KIND = {"money": "given_points", "points": "given_points", "count": "given_points",
                 "percent": "given_points"}
CATEGORY_FILL = {"error": common.MARK_FILL["error"], "warning": common.MARK_FILL["warning"], "note": common.LABEL_FILL}
PROTECTION = {"format_columns": True, "format_rows": True, "insert_rows": True, "delete_rows": True}
_VALIDATIONS = None


def validations():
    """XlsxWriter's data_validation options of every rule, built once per process."""
    global _VALIDATIONS
    if _VALIDATIONS is None:
        _VALIDATIONS = {}
        for key, rule in common.validation_rules().items():
            o = {"input_title": rule["title"], "input_message": rule["prompt"], "ignore_blank": True}
            kind, values = rule["type"], rule.get("values")
            if kind == "any":
                o["validate"] = "any"
            elif kind == "list":
                o.update(validate="list", source=list(values))
            elif rule["operator"] == "between":
                o.update(validate=kind, criteria="between", minimum=values[0], maximum=values[1])
            else:
                o.update(validate=kind, criteria=rule["operator"], value=values[0])
            if "error" in rule:
                o.update(error_title=rule["error_title"], error_message=rule["error"])
            _VALIDATIONS[key] = o
    return _VALIDATIONS


def print_setup(ws, landscape, one_page=False):
    m = common.PRINT_MARGINS
    ws.set_paper(9)                      # A4
    if landscape:
        ws.set_landscape()
    ws.fit_to_pages(1, 1 if one_page else 0)
    ws.set_margins(m["left"], m["right"], m["top"], m["bottom"])
    ws.set_header(common.PRINT_HEADER, {"margin": m["header"]})
    ws.set_footer(common.PRINT_FOOTER, {"margin": m["footer"]})
    ws.center_horizontally()


def _write(ws, r, c, value, fmt):
    if value is None or value == "":
        if fmt is not None:
            ws.write_blank(r, c, None, fmt)
    elif isinstance(value, str):
        ws.write_string(r, c, value, fmt)          # user text is never a formula
    elif isinstance(value, bool):
        ws.write_boolean(r, c, value, fmt)
    elif isinstance(value, (int, float, Decimal)):
        ws.write_number(r, c, float(value), fmt)
    elif isinstance(value, (dt.date, dt.datetime)):
        ws.write_datetime(r, c, value, fmt)
    else:
        ws.write_string(r, c, str(value), fmt)


def _write_input_sheet(ws, grid, setup, extra, marks, headers, fmts, dvs, streamed):
    """One input sheet, row by row and left to right (what constant_memory
    mode requires): the values read, the completed cells over them, the
    template's protection, dropdowns and prompts, widths and print setup.
    `headers` is {row: {col}} of this sheet's table headers."""
    # Cells to write even when empty: scalar inputs (unlocked) and the locked
    # columns of table rows (their rows are unlocked).
    by_row = {}
    for r, c in list(extra) + list(marks):
        by_row.setdefault(r, set()).add(c)
    table_rows = setup.table_rows if setup else {}
    inputs = setup.inputs if setup else {}
    for r, c in inputs:
        by_row.setdefault(r, set()).add(c)
    for r, (locked, _kinds) in table_rows.items():
        if locked:
            by_row.setdefault(r, set()).update(locked)
    last = max(len(grid) - 1, max(by_row, default=-1), max(table_rows, default=-1))
    get, unlocked_row = fmts.get, fmts.unlocked_row
    # Unmarked cells of a table row take their column's format, worked out
    # once per table and column (the rows of one table share `table_row`).
    column_fmts = {}

    def column_fmt(table_row, c, fill=None):
        locked, kinds = table_row
        kind = kinds.get(c)
        if kind is None:                           # beside the table, in its unlocked row
            return get("plain", fill, True)
        if c in locked:
            return get(GIVEN_OF_KIND.get(kind, "given_text"), fill)
        return get(STYLE_OF_KIND[kind], fill, True)

    def cell_fmt(table_row, header, c, fill):
        """The format of a cell that is neither an input nor completed."""
        if table_row is not None:
            if fill is not None:
                return column_fmt(table_row, c, fill)
            fmt_of = column_fmts.setdefault(id(table_row), {})
            fmt = fmt_of.get(c)
            if fmt is None:
                fmt = fmt_of[c] = column_fmt(table_row, c)
            return fmt
        return get("header" if c in header else "plain", fill)

    for r in range(last + 1):
        row = grid[r] if r < len(grid) else ()
        table_row = table_rows.get(r)
        if table_row is not None:
            ws.set_row(r, None, unlocked_row)      # rows can be inserted and deleted
        forced = by_row.get(r, ())
        cols = [c for c, v in enumerate(row) if v is not None and v != ""]
        if forced:
            cols = sorted(forced.union(cols))
        if not cols:
            if table_row is not None and streamed:
                # constant_memory mode writes out a row only with a cell in it
                ws.write_blank(r, min(table_row[1]), None, unlocked_row)
            continue
        header = headers.get(r, ())
        for c in cols:
            if c not in forced:
                # Most cells: a value of the file's, unmarked, not an input.
                _write(ws, r, c, row[c], cell_fmt(table_row, header, c, None))
                continue
            key = (r, c)
            mark = marks.get(key)
            fill = common.MARK_FILL.get(mark[0]) if mark and common.fills_mark(setup, r, c) else None
            formula, style = None, None
            if key in extra:
                value, style, formula = extra[key]
            else:
                value = row[c] if c < len(row) else None
            if style is not None and style != "input":
                fmt = get(style, fill)
            elif key in inputs:
                fmt = get(STYLE_OF_KIND[inputs[key]], fill, True)
            else:
                fmt = cell_fmt(table_row, header, c, fill)
            if formula:
                ws.write_formula(r, c, formula, fmt, value)
            else:
                _write(ws, r, c, value, fmt)
            if mark:
                ws.write_comment(r, c, mark[1], {"author": "绩效自评校验", "width": 360, "height": 140})
    if setup is None:
        ws.set_column(0, 0, 2)
        ws.set_column(1, 1, 30)
        ws.set_column(2, 20, 16)
        return
    for r1, c1, r2, c2, key in setup.validations:
        ws.data_validation(r1, c1, r2, c2, dvs[key])
    for c, w in setup.widths.items():
        ws.set_column(c, c, w)
    if setup.header_row is not None:
        ws.repeat_rows(setup.header_row)
        ws.freeze_panes(setup.header_row + 1, 0)
    ws.protect("", PROTECTION)
    print_setup(ws, setup.landscape, setup.one_page)


def _write_projects(ws, result, fmts):
    ws.write_string(0, 0, common.PROJECTS_TITLE, fmts.get("title"))
    header = fmts.get("header")
    for c, h in enumerate(common.PROJECTS_HEADER):
        ws.write_string(2, c, h, header)
    rows = common.project_rows(result)
    number, text = fmts.get("number"), fmts.get("cell")
    for i, (name, budget, executed, rate, exec_score, ind_score, total, own, grade) in enumerate(rows):
        r, n = 3 + i, 4 + i
        ws.write_string(r, 0, name, text)
        _write(ws, r, 1, budget, number)
        _write(ws, r, 2, executed, number)
        ws.write_formula(r, 3, f'=IF(B{n}>0,C{n}/B{n},"")', fmts.get("rate"), rate)
        ws.write_number(r, 4, float(exec_score), number)
        ws.write_number(r, 5, float(ind_score), number)
        ws.write_formula(r, 6, f"=E{n}+F{n}", fmts.get("total_number"), total)
        _write(ws, r, 7, own, number)
        ws.write_string(r, 8, grade, text)
    if not rows:
        ws.write_string(3, 0, common.NO_PROJECTS)
    for c, w in enumerate(common.projects_widths(rows)):
        ws.set_column(c, c, w)
    ws.freeze_panes(3, 1)
    print_setup(ws, True)


def _write_findings(ws, result, fmts):
    summary, rows, widths = common.findings_sheet(result)
    ws.write_string(0, 0, common.FINDINGS_TITLE, fmts.get("title"))
    ws.write_string(1, 0, summary)
    header = fmts.get("header")
    for c, h in enumerate(common.FINDINGS_HEADER):
        ws.write_string(3, c, h, header)
    text, link_fmt = fmts.get("cell"), fmts.get("link")
    for i, (n, category, code, shown, link, *texts) in enumerate(rows):
        r = 4 + i
        ws.write_number(r, 0, n, text)
        ws.write_string(r, 1, category, fmts.get("cell", CATEGORY_FILL[result.findings[i]["severity"]]))
        ws.write_string(r, 2, code, text)
        if link:
            ws.write_url(r, 3, f"internal:'{link[0]}'!{link[1]}", link_fmt, string=shown)
        else:
            ws.write_string(r, 3, shown, text)
        for c, value in enumerate(texts, start=4):
            _write(ws, r, c, value, text)          # an empty text as a formatted blank
    for c, w in enumerate(widths):
        ws.set_column(c, c, w)
    if rows:
        ws.autofilter(3, 0, 3 + len(rows), len(common.FINDINGS_HEADER) - 1)
    ws.freeze_panes(4, 0)
    print_setup(ws, True)


def _write_charts(wb, ws, name, result, fmts):
    title, parts, levels = common.chart_data(result)
    ws.write_string(0, 0, "图表", fmts.get("title"))
    header, text, number = fmts.get("header"), fmts.get("cell"), fmts.get("number")
    ws.write_string(2, 0, "支出构成", header)
    ws.write_string(2, 1, "金额（万元）", header)
    for i, (label, v) in enumerate(parts):
        ws.write_string(3 + i, 0, label, text)
        ws.write_number(3 + i, 1, float(v), number)
    if parts:
        last = 2 + len(parts)
        pie = wb.add_chart({"type": "pie"})
        pie.add_series({"categories": [name, 3, 0, last, 0], "values": [name, 3, 1, last, 1],
                        "data_labels": {"percentage": True, "category": True}})
        pie.set_title({"name": title})
        ws.insert_chart(2, 4, pie)
    top = common.CHARTS_LEVELS_ROW
    for c, h in enumerate(("一级指标", "分值", "系统得分")):
        ws.write_string(top, c, h, header)
    for i, (label, points, score) in enumerate(levels, start=1):
        ws.write_string(top + i, 0, label, text)
        ws.write_number(top + i, 1, float(points), number)
        ws.write_number(top + i, 2, float(score), number)
    if levels:
        last = top + len(levels)
        bar = wb.add_chart({"type": "column"})
        for c, series in ((1, "分值"), (2, "系统得分")):
            bar.add_series({"name": series, "categories": [name, top + 1, 0, last, 0],
                            "values": [name, top + 1, c, last, c]})
        bar.set_title({"name": "各一级指标得分"})
        ws.insert_chart(top, 4, bar)
    for c, w in enumerate(common.CHARTS_WIDTHS):
        ws.set_column(c, c, w)
    print_setup(ws, True)


def write_workbook(book: common.Book, result: common.Result, out: Path):
    cells = sum(len(g) * (len(g[0]) if g else 0) for g in book.grids.values())
    big = cells > BIG_WORKBOOK_CELLS
    opts = {"strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False}
    opts.update({"constant_memory": True} if big else {"in_memory": True})
    wb = xlsxwriter.Workbook(str(out), opts)
    fmts = Formats(wb)
    dvs = validations()
    headers = _headers(result)
    setups = common.sheet_setups(book.sheet_names, result)
    overlay = {}
    for sheet, r, c, value, style, formula in common.completed_cells(result):
        overlay.setdefault(sheet, {})[(r, c)] = (value, style, formula)
    marks = {}
    for (sheet, r, c), mark in common.cell_marks(result).items():
        marks.setdefault(sheet, {})[(r, c)] = mark

    for sheet in book.sheet_names:
        _write_input_sheet(wb.add_worksheet(sheet), book.grids.get(sheet, []), setups.get(sheet),
                           overlay.get(sheet, {}), marks.get(sheet, {}), headers.get(sheet, {}), fmts, dvs, big)
    _write_projects(wb.add_worksheet(common.extra_sheet_name(book.sheet_names, common.PROJECTS_SHEET)),
                    result, fmts)
    _write_findings(wb.add_worksheet(common.extra_sheet_name(book.sheet_names, common.FINDINGS_SHEET)),
                    result, fmts)
    name = common.extra_sheet_name(book.sheet_names, common.CHARTS_SHEET)
    _write_charts(wb, wb.add_worksheet(name), name, result, fmts)

    for name, local, formula in book.names:
        if name.startswith("_xlnm.") or not formula:
            continue                  # print areas and filters are the writer's own
        if local is not None:
            scoped = f"'{book.sheet_names[local]}'!{name}"
            wb.define_name(scoped, "=" + formula)
        else:
            wb.define_name(name, "=" + formula)
    wb.close()


def write_summary_xlsx(rows, path):
    wb = xlsxwriter.Workbook(str(path), {"in_memory": True})
    ws = wb.add_worksheet("汇总")
    ws.write_row(0, 0, ("文件", "单位", "年度", "状态", "总分", "等次", "错误", "警告", "提示"))
    for i, r in enumerate(rows, start=1):
        ws.write_string(i, 0, r["file"])
        ws.write_string(i, 1, r["unit"] or "")
        if r["year"] is not None:
            ws.write_number(i, 2, r["year"])
        ws.write_string(i, 3, common.STATUS_LABEL[r["status"]])
        if r["total"]:
            ws.write_number(i, 4, float(r["total"]))
        ws.write_string(i, 5, r["grade"] or "")
        ws.write_row(i, 6, (r["errors"], r["warnings"], r["notes"]))
    wb.close()


if __name__ == "__main__":
    sys.exit(common.run(sys.argv[1:], "fast", "peer_fast", read_book, write_workbook, write_summary_xlsx))
