#!/usr/bin/env python3
"""Compares what the Windows build (run under wine) wrote with what the
Linux build wrote for the same inputs, for tests/windows.sh.

    python3 tests/windows/compare.py LINUX WINDOWS

LINUX and WINDOWS are two folders of the same layout. Every file must be in
both and have the same content. Workbooks and Word documents (.xlsx, .docx)
are compared part by part, so that the zip's own time stamps do not count.
Only what must differ between two runs on two systems is normalised, and
nothing else:

- the time of the run: docProps/core.xml of every .xlsx and .docx (its
  creation time) is skipped; in summary.json (and its copy
  first-run.summary.json) "generated" and counts.seconds, and in
  history.json each run's "at", are blanked; in index.html the date and
  time of the run and "用时 N 秒" are blanked; in summary.xlsx the runs'
  times on the 历史 sheet are blanked (each shared-string cell compared by
  its text); in a console log (*.out) "用时 N 秒" is blanked;
- the path separator: in a check's JSON (check/*.json) the value of every
  "file" key, and in a console log (*.out) the line "汇总：…" (the summary's
  path), have "\\" replaced by "/" (a path given on Windows as
  单位 报送\\x.xlsx is 单位 报送/x.xlsx on Linux).

Prints each difference and the number of files compared; exits 1 if any
file differs.
"""

import json
import re
import sys
import zipfile
from pathlib import Path

RUN_TIME = re.compile(r"20\d\d-\d\d-\d\d[ T]\d\d:\d\d(:\d\d)?([+-]\d\d:\d\d|Z)?")
SECONDS = re.compile(r"用时 [0-9.]+ 秒")


def blank_keys(value, keys):
    """The JSON value with the values of `keys` (at any depth) blanked."""
    if isinstance(value, dict):
        return {k: ("*" if k in keys else blank_keys(v, keys)) for k, v in value.items()}
    if isinstance(value, list):
        return [blank_keys(v, keys) for v in value]
    return value


def slashes(value):
    """The JSON value with "\\" replaced by "/" in the value of every "file" key."""
    if isinstance(value, dict):
        return {
            k: (v.replace("\\", "/") if k == "file" and isinstance(v, str) else slashes(v))
            for k, v in value.items()
        }
    if isinstance(value, list):
        return [slashes(v) for v in value]
    return value


def normalise(rel: str, data: bytes):
    """The content of the file at `rel` with what must differ normalised;
    a file that is not what its name says is compared as it is."""
    try:
        return normalised(rel, data)
    except (ValueError, KeyError, TypeError, AttributeError):
        return data


def normalised(rel: str, data: bytes):
    name = rel.rsplit("/", 1)[-1]
    if "check" in rel.split("/")[:-1] and name.endswith(".json"):
        return slashes(json.loads(data))
    if name.endswith("summary.json"):
        doc = json.loads(data)
        doc["generated"] = "*"
        doc.get("counts", {})["seconds"] = "*"
        return doc
    if name == "history.json":
        return blank_keys(json.loads(data), {"at"})
    if name == "index.html":
        text = data.decode("utf-8")
        return SECONDS.sub("用时 * 秒", RUN_TIME.sub("*", text))
    if name.endswith(".out"):
        lines = SECONDS.sub("用时 * 秒", data.decode("utf-8")).split("\n")
        return "\n".join(l.replace("\\", "/") if l.startswith("汇总：") else l for l in lines)
    return data


SHARED_CELL = re.compile(r'(<c [^>]*t="s"[^>]*>)<v>(\d+)</v>')
SHARED_ITEM = re.compile(r"<si>(.*?)</si>", re.S)


def parts(path: Path):
    """The parts of a zip package, by name, except its creation time. In
    summary.xlsx each shared-string cell holds its text, with the run's time
    blanked, in place of its index, and xl/sharedStrings.xml is left out:
    the table's order depends on whether two runs fell in the same second."""
    with zipfile.ZipFile(path) as z:
        out = {n: z.read(n) for n in z.namelist() if n != "docProps/core.xml"}
    if path.name == "summary.xlsx" and "xl/sharedStrings.xml" in out:
        table = SHARED_ITEM.findall(out.pop("xl/sharedStrings.xml").decode("utf-8"))
        table = [RUN_TIME.sub("*", t) for t in table]
        for n in out:
            if n.startswith("xl/worksheets/") and n.endswith(".xml"):
                xml = out[n].decode("utf-8")
                xml = SHARED_CELL.sub(lambda m: m.group(1) + "<is>" + table[int(m.group(2))] + "</is>", xml)
                out[n] = xml.encode("utf-8")
    return out


def files(root: Path):
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}


def main() -> int:
    linux, windows = Path(sys.argv[1]), Path(sys.argv[2])
    a, b = files(linux), files(windows)
    problems = [f"only in the Linux build's output: {f}" for f in sorted(a - b)]
    problems += [f"only in the Windows build's output: {f}" for f in sorted(b - a)]
    for rel in sorted(a & b):
        la, wa = linux / rel, windows / rel
        if rel.endswith((".xlsx", ".docx")):
            pa, pb = parts(la), parts(wa)
            if pa.keys() != pb.keys():
                problems.append(f"{rel}: parts differ: {sorted(pa.keys() ^ pb.keys())}")
            for n in sorted(pa.keys() & pb.keys()):
                if pa[n] != pb[n]:
                    problems.append(f"{rel}: part {n} differs")
        elif normalise(rel, la.read_bytes()) != normalise(rel, wa.read_bytes()):
            problems.append(f"{rel} differs")
    for p in problems:
        print(f"  {p}")
    print(f"{len(a | b)} files compared, {len(problems)} difference(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
