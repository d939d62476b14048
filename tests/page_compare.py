"""The self-check page's results against the command line's (tests/page.sh).

For each workbook folder in OUT (written by tests/page.cjs and by the
command line): the page's findings and scores must be the documents of
`jixiao check --format json` and `jixiao score --format json` on the same
file; the completed workbook the page hands back must hold what the
command line's does (every sheet's cells, formulas, notes, merged ranges
and dropdowns; the bytes differ, since the browser keeps every sheet in
memory where the command line streams it); the page's report must be the
command line's report.html; the blank template the page hands out must
hold what `jixiao template` writes.

    python3 tests/page_compare.py OUT
"""
import json
import sys
from pathlib import Path

import openpyxl


def workbook_contents(path):
    wb = openpyxl.load_workbook(path, data_only=False)
    out = {"sheets": wb.sheetnames}
    for ws in wb.worksheets:
        cells = {}
        for row in ws.iter_rows():
            for c in row:
                if c.value is not None or c.comment is not None:
                    cells[c.coordinate] = (
                        str(c.value) if c.value is not None else None,
                        c.comment.text if c.comment else None,
                    )
        out[ws.title] = {
            "cells": cells,
            "merged": sorted(str(r) for r in ws.merged_cells.ranges),
            "validations": sorted(
                (str(v.sqref), v.type or "", v.formula1 or "")
                for v in ws.data_validations.dataValidation
            ),
        }
    return out


def differences(a, b, where=""):
    """Where two JSON-like values differ, as readable lines."""
    if type(a) is not type(b):
        return [f"{where}: {a!r} ≠ {b!r}"]
    if isinstance(a, dict):
        out = []
        for k in sorted(set(a) | set(b), key=str):
            if k not in a or k not in b:
                out.append(f"{where}/{k}: only in {'page' if k in a else 'command line'}")
            else:
                out += differences(a[k], b[k], f"{where}/{k}")
        return out
    if isinstance(a, (list, tuple)):
        if len(a) != len(b):
            return [f"{where}: {len(a)} items ≠ {len(b)}"]
        out = []
        for i, (x, y) in enumerate(zip(a, b)):
            out += differences(x, y, f"{where}[{i}]")
        return out
    return [] if a == b else [f"{where}: {a!r} ≠ {b!r}"]


def main():
    out = Path(sys.argv[1])
    page = json.loads((out / "page.json").read_text())
    failed = False
    checked = 0
    for entry in page["files"]:
        d = out / entry["file"]
        problems = []
        for kind in ("check", "score"):
            mine = json.loads((d / f"page-{kind}.json").read_text())
            theirs = json.loads((d / f"cli-{kind}.json").read_text())
            problems += [f"{kind}: {p}" for p in differences(mine, theirs)]
        cli_findings = json.loads((d / "cli-check.json").read_text())["files"][0]["findings"]
        first = cli_findings[0]["cell"] if cli_findings else None
        downloads = entry.get("downloads", {})
        if (d / "cli" / "completed.xlsx").exists():
            if "completed" not in downloads:
                problems.append("the page gave no completed workbook")
            else:
                problems += [
                    f"completed workbook: {p}"
                    for p in differences(
                        workbook_contents(d / downloads["completed"]),
                        workbook_contents(d / "cli" / "completed.xlsx"),
                    )
                ]
        if (d / "cli" / "report.html").exists():
            if "report" not in downloads:
                problems.append("the page gave no report")
            elif (d / downloads["report"]).read_bytes() != (d / "cli" / "report.html").read_bytes():
                problems.append("report.html differs from the command line's")
        status = "same" if not problems else "DIFFERENT"
        print(
            f"{entry['file']}: {len(cli_findings)} findings, first at {first}; "
            f"check {entry['check_ms']} ms in the page; {status}"
        )
        for p in problems[:15]:
            print("   ", p)
        failed |= bool(problems)
        checked += 1
    # The blank template the page hands out, against `jixiao template`.
    blank = out / "cli-blank.xlsx"
    if blank.exists():
        if not page.get("blank"):
            print("the page gave no blank template")
            failed = True
        else:
            problems = differences(
                workbook_contents(out / "blank" / page["blank"]), workbook_contents(blank)
            )
            print(f"blank template: {'same' if not problems else 'DIFFERENT'}")
            for p in problems[:15]:
                print("   ", p)
            failed |= bool(problems)
    if checked == 0:
        print("no workbook was compared")
        failed = True
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
