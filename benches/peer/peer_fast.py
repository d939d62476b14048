#!/usr/bin/env python3
"""Peer 2: the fastest straightforward Python for the same job.

Reads with python-calamine (values only, Rust underneath). python-calamine does
not expose defined names, so they are parsed from xl/workbook.xml (already read
from the zip by the shared file check) with ElementTree. Writes the completed
workbook with XlsxWriter (in memory for ordinary workbooks, constant_memory for
very large ones), rows written in order. Templates are compiled once per
process (common.py).

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


def _kinds(result: common.Result):
    """{(sheet, row, col): kind} of every cell the model read."""
    kinds = {}
    dept = result.dept
    for key, _label, kind, _req, _hint in common.FIELDS:
        spot = dept.entry(key).spot
        if spot:
            kinds[spot] = kind
    for t in common.TABLES:
        data = dept.tables.get(t.key)
        if not data or not data.area:
            continue
        sheet, r0, c0 = data.area[:3]
        for j, col in enumerate(t.columns):
            kinds[(sheet, r0, c0 + j)] = "header"
        for row in data.rows:
            for j, col in enumerate(t.columns):
                kinds[(sheet, row.sheet_row, c0 + j)] = col[2]
    return kinds


class Formats:
    """Every format the writer uses, created once per workbook; a fill per
    severity is layered on demand."""

    BASE = {
        "header": {"bold": True, "bg_color": "#D9D9D9", "border": 1, "text_wrap": True, "valign": "top"},
        "money": {"num_format": "#,##0.00", "border": 1},
        "score": {"num_format": "0.00", "border": 1},
        "percent": {"num_format": "0.00", "border": 1},
        "date": {"num_format": "yyyy-mm-dd", "border": 1},
        "text": {"text_wrap": True, "valign": "top", "border": 1},
        "plain": {},
        "link": {"font_color": "blue", "underline": 1},
    }
    FILL = {"error": "#FFC7CE", "warning": "#FFEB9C", "note": "#DDEBF7"}

    def __init__(self, wb):
        self.wb = wb
        self.cache = {}

    def get(self, style, sev=None):
        key = (style, sev)
        f = self.cache.get(key)
        if f is None:
            props = dict(self.BASE[style])
            if sev:
                props["bg_color"] = self.FILL[sev]
            f = self.cache[key] = self.wb.add_format(props)
        return f


STYLE_OF_KIND = {"money": "money", "points": "score", "percent": "percent", "count": "plain", "year": "plain",
                 "date": "date", "long": "text", "header": "header"}


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


def write_workbook(book: common.Book, result: common.Result, out: Path):
    cells = sum(len(g) * (len(g[0]) if g else 0) for g in book.grids.values())
    big = cells > BIG_WORKBOOK_CELLS
    opts = {"strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False}
    opts.update({"constant_memory": True} if big else {"in_memory": True})
    wb = xlsxwriter.Workbook(str(out), opts)
    fmts = Formats(wb)
    kinds = _kinds(result)
    overlay = {}
    for sheet, r, c, value, style in common.completed_cells(result):
        overlay.setdefault(sheet, {})[(r, c)] = (value, style)
    marks = common.cell_marks(result)

    for sheet in book.sheet_names:
        ws = wb.add_worksheet(sheet)
        ws.set_column(0, 0, 2)
        ws.set_column(1, 1, 30)
        ws.set_column(2, 20, 16)
        grid = book.grids.get(sheet, [])
        extra = overlay.get(sheet, {})
        mine = {(r, c): m for (s, r, c), m in marks.items() if s == sheet}
        by_row = {}
        for r, c in list(extra) + list(mine):
            by_row.setdefault(r, set()).add(c)
        last = max(len(grid) - 1, max(by_row, default=-1))
        # Row by row, left to right: what constant_memory mode requires.
        for r in range(last + 1):
            row = grid[r] if r < len(grid) else ()
            cols = [c for c, v in enumerate(row) if v is not None and v != ""]
            if r in by_row:
                cols = sorted(by_row[r].union(cols))
            for c in cols:
                if (r, c) in extra:
                    value, style = extra[(r, c)]
                else:
                    value = row[c] if c < len(row) else None
                    style = STYLE_OF_KIND.get(kinds.get((sheet, r, c)), "plain")
                mark = mine.get((r, c))
                _write(ws, r, c, value, fmts.get(style, mark[0] if mark else None))
                if mark:
                    ws.write_comment(r, c, mark[1], {"author": "绩效自评校验", "x_scale": 2, "y_scale": 2})

    # 校验结果
    ws = wb.add_worksheet(common.extra_sheet_name(book.sheet_names, "校验结果"))
    head = fmts.get("header")
    for c, h in enumerate(common.FINDINGS_HEADER):
        ws.write_string(0, c, h, head)
    for i, row in enumerate(common.findings_rows(result), start=1):
        sev = result.findings[i - 1]["severity"]
        ws.write_number(i, 0, row[0], fmts.get("plain", sev))
        for c in (1, 2, 3, 5, 6, 7, 8, 9):
            ws.write_string(i, c, str(row[c]))
        if row[3] and row[4]:
            ws.write_url(i, 4, f"internal:'{row[3]}'!{row[4]}", fmts.get("link"), string=row[4])
        else:
            ws.write_string(i, 4, row[4])
    for c, width in enumerate((6, 8, 24, 14, 8, 28, 70, 16, 24, 40)):
        ws.set_column(c, c, width)
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, max(len(result.findings), 1), len(common.FINDINGS_HEADER) - 1)

    # 图表
    comp, levels = common.chart_data(result)
    chart_sheet = common.extra_sheet_name(book.sheet_names, "图表")
    ws = wb.add_worksheet(chart_sheet)
    ws.write_row(0, 0, ("支出构成", "金额（万元）"), head)
    for i, (label, v) in enumerate(comp, start=1):
        ws.write_string(i, 0, label)
        ws.write_number(i, 1, v)
    base = len(comp) + 2
    ws.write_row(base, 0, ("一级指标", "分值", "系统得分", "自评得分"), head)
    for i, (name, points, score, own) in enumerate(levels, start=1):
        ws.write_string(base + i, 0, name)
        ws.write_number(base + i, 1, points)
        ws.write_number(base + i, 2, score)
        ws.write_number(base + i, 3, own)
    if comp:
        pie = wb.add_chart({"type": "pie"})
        pie.add_series({"name": "支出构成", "categories": [chart_sheet, 1, 0, len(comp), 0],
                        "values": [chart_sheet, 1, 1, len(comp), 1], "data_labels": {"percentage": True}})
        pie.set_title({"name": "支出构成"})
        ws.insert_chart("F2", pie)
    bar = wb.add_chart({"type": "column"})
    for j, name in ((1, "分值"), (2, "系统得分"), (3, "自评得分")):
        bar.add_series({"name": name, "categories": [chart_sheet, base + 1, 0, base + len(levels), 0],
                        "values": [chart_sheet, base + 1, j, base + len(levels), j]})
    bar.set_title({"name": "各一级指标得分"})
    ws.insert_chart("F20", bar)

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
