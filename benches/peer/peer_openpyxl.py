#!/usr/bin/env python3
"""Peer 1: what a finance office would script with openpyxl.

Reads every workbook with openpyxl (`load_workbook(data_only=True)`, defined
names from `wb.defined_names`), runs the shared checks, scores and reports
(common.py), and writes the completed workbook with openpyxl: every input
sheet copied cell by cell (values and styles), the computed 计算值/系统得分
columns, highlighted cells with comments, a 校验结果 sheet and a 图表 sheet.

    python peer_openpyxl.py INPUT_DIR OUTPUT_DIR [--jobs 1]
"""

from __future__ import annotations

import sys
from copy import copy
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from openpyxl import Workbook, load_workbook  # noqa: E402
from openpyxl.chart import BarChart, PieChart, Reference  # noqa: E402
from openpyxl.comments import Comment  # noqa: E402
from openpyxl.styles import Alignment, Font, PatternFill  # noqa: E402
from openpyxl.workbook.defined_name import DefinedName  # noqa: E402
from openpyxl.worksheet.hyperlink import Hyperlink  # noqa: E402

import common  # noqa: E402

FILLS = {
    "error": PatternFill("solid", fgColor="FFC7CE"),
    "warning": PatternFill("solid", fgColor="FFEB9C"),
    "note": PatternFill("solid", fgColor="DDEBF7"),
}
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
WRAP = Alignment(wrap_text=True, vertical="top")


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


def _copy_sheet(src, dst, styles):
    """Values and styles, cell by cell. `styles` maps a source style (its
    index tuple) to the destination's, so each distinct style is copied once:
    the template styles thousands of empty input cells with a handful of styles."""
    for row in src.iter_rows():
        for c in row:
            if c.value is None and not c.has_style:
                continue
            n = dst.cell(row=c.row, column=c.column)
            _put(n, c.value)
            if c.has_style:
                key = tuple(c._style)
                style = styles.get(key)
                if style is None:
                    n.font = copy(c.font)
                    n.fill = copy(c.fill)
                    n.border = copy(c.border)
                    n.alignment = copy(c.alignment)
                    n.protection = copy(c.protection)
                    n.number_format = c.number_format
                    styles[key] = copy(n._style)
                else:
                    n._style = copy(style)
    for key, dim in src.column_dimensions.items():
        if dim.width:
            dst.column_dimensions[key].width = dim.width
    for key, dim in src.row_dimensions.items():
        if dim.height:
            dst.row_dimensions[key].height = dim.height
    for rng in src.merged_cells.ranges:
        dst.merge_cells(str(rng))
    dst.freeze_panes = src.freeze_panes


def write_workbook(book: common.Book, result: common.Result, out: Path):
    src = book.raw
    wb = Workbook()
    wb.remove(wb.active)
    sheets = {}
    styles = {}
    for ws in src.worksheets:
        nws = wb.create_sheet(ws.title)
        _copy_sheet(ws, nws, styles)
        sheets[ws.title] = nws
        for name, dn in ws.defined_names.items():
            nws.defined_names[name] = DefinedName(name, attr_text=dn.attr_text)
    for name, dn in src.defined_names.items():
        wb.defined_names[name] = DefinedName(name, attr_text=dn.attr_text)

    # Computed columns, total and grade.
    for sheet, r, c, value, style in common.completed_cells(result):
        cell = sheets[sheet].cell(row=r + 1, column=c + 1)
        _put(cell, value)
        if style == "header":
            cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        elif style == "score":
            cell.number_format = "0.00"
        else:
            cell.alignment = WRAP

    # Offending cells: highlighted, with the findings as a note.
    for (sheet, r, c), (sev, text) in common.cell_marks(result).items():
        if sheet not in sheets:
            continue
        cell = sheets[sheet].cell(row=r + 1, column=c + 1)
        cell.fill = FILLS[sev]
        cell.comment = Comment(text, "绩效自评校验", width=320, height=120)

    # 校验结果
    ws = wb.create_sheet(common.extra_sheet_name(src.sheetnames, "校验结果"))
    ws.append(common.FINDINGS_HEADER)
    for cell in ws[1]:
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
    for row in common.findings_rows(result):
        ws.append(row)
        for cell in ws[ws.max_row]:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"
        sheet, ref = row[3], row[4]
        if sheet and ref:
            link = ws.cell(row=ws.max_row, column=5)
            link.hyperlink = Hyperlink(ref=link.coordinate, location=f"'{sheet}'!{ref}")
            link.style = "Hyperlink"
        ws.cell(row=ws.max_row, column=1).fill = FILLS[result.findings[row[0] - 1]["severity"]]
    for col, width in zip("ABCDEFGHIJ", (6, 8, 24, 14, 8, 28, 70, 16, 24, 40)):
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:J{max(ws.max_row, 1)}"

    # 图表
    comp, levels = common.chart_data(result)
    ws = wb.create_sheet(common.extra_sheet_name(src.sheetnames, "图表"))
    ws.append(("支出构成", "金额（万元）"))
    for label, v in comp:
        ws.append((label, v))
    base = len(comp) + 3
    ws.cell(row=base, column=1, value="一级指标")
    ws.cell(row=base, column=2, value="分值")
    ws.cell(row=base, column=3, value="系统得分")
    ws.cell(row=base, column=4, value="自评得分")
    for i, (name, points, score, own) in enumerate(levels, start=1):
        for j, v in enumerate((name, points, score, own), start=1):
            ws.cell(row=base + i, column=j, value=v)
    if comp:
        pie = PieChart()
        pie.title = "支出构成"
        pie.add_data(Reference(ws, min_col=2, min_row=1, max_row=len(comp) + 1), titles_from_data=True)
        pie.set_categories(Reference(ws, min_col=1, min_row=2, max_row=len(comp) + 1))
        ws.add_chart(pie, "F2")
    bar = BarChart()
    bar.type = "col"
    bar.title = "各一级指标得分"
    bar.add_data(Reference(ws, min_col=2, max_col=4, min_row=base, max_row=base + len(levels)), titles_from_data=True)
    bar.set_categories(Reference(ws, min_col=1, min_row=base + 1, max_row=base + len(levels)))
    ws.add_chart(bar, "F20")
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
