#!/usr/bin/env python3
"""Times jixiao against the two Python peers on the same folder.

    python benches/peer/compare.py --input DIR [--jixiao CMD] [--peers openpyxl,fast] [--limit N] [--rounds N]

Each tool runs single-process, into its own fresh temporary output folder;
wall time is measured around the child and peak RSS comes from the child's
own rusage (os.wait4), so the tools never share a measurement. `--jixiao` is
a command template with {input} and {output}, or just the path of a jixiao
binary (run as the default command is); it runs from the repository root.
`--limit N` times the peers on the first N workbooks only (sorted, as the
peers order them) while jixiao takes the whole folder; the comparison is
then per workbook. `--rounds N` runs the tools N times, one after the
other in turn, and reports each tool's median time and largest peak, so
that a drift in the machine's speed falls on every tool alike. Outputs are
removed only after the last run. Standard library only.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from inputs import find_inputs  # noqa: E402  (small on purpose: see inputs.py)
REPO = HERE.parent.parent
DEFAULT_JIXIAO = "./target/release/jixiao run {input} -o {output} --jobs 1 --force --quiet"


def limited_copy(root: Path, files, n: int, dest: Path) -> Path:
    """A folder with the first `n` inputs, keeping their relative paths: hard
    links where the file system allows (tools that skip symlinks see them as
    ordinary files), copies otherwise."""
    for f in files[:n]:
        target = dest / f.relative_to(root)
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(f.resolve(), target)
        except OSError:
            shutil.copy2(f, target)
    return dest


def timed(argv, cwd, log: Path):
    """(seconds, peak RSS in MiB, exit code) of one child."""
    with open(log, "wb") as out:
        t0 = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        _pid, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    return seconds, usage.ru_maxrss / 1024.0, proc.returncode


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--input", required=True, help="folder of workbooks")
    ap.add_argument("--jixiao", default=DEFAULT_JIXIAO,
                    help=f"command template (default: {DEFAULT_JIXIAO!r}), or the path of a jixiao binary, "
                         "run with the default's arguments")
    ap.add_argument("--peers", default="openpyxl,fast", help="comma-separated: openpyxl, fast (empty for none)")
    ap.add_argument("--limit", type=int, default=None, help="time the peers on the first N workbooks only")
    ap.add_argument("--no-jixiao", action="store_true", help="time the peers only")
    ap.add_argument("--python", default=None, help="interpreter for the peers (default: benches/peer/.venv)")
    ap.add_argument("--rounds", type=int, default=1,
                    help="run every tool this many times, alternating, and report each tool's median "
                         "(the machine's speed drifts between runs)")
    ap.add_argument("--keep", action="store_true", help="keep the output folders")
    ap.add_argument("--json", help="also write the results to this file")
    args = ap.parse_args(argv)
    if "{input}" not in args.jixiao:
        # A binary's path: the default command with that binary.
        args.jixiao = shlex.quote(args.jixiao) + " " + DEFAULT_JIXIAO.split(" ", 1)[1]

    root = Path(args.input).resolve()
    files = find_inputs(root)
    if not files:
        print(f"no .xlsx under {root}", file=sys.stderr)
        return 2
    python = args.python or (str(HERE / ".venv/bin/python") if (HERE / ".venv/bin/python").exists() else sys.executable)
    peers = [p for p in args.peers.split(",") if p.strip()]
    for p in peers:
        if p not in ("openpyxl", "fast"):
            print(f"unknown peer {p!r}", file=sys.stderr)
            return 2
    work = Path(tempfile.mkdtemp(prefix="jixiao-compare-"))
    results = []
    try:
        runs = []
        if not args.no_jixiao:
            runs.append(("jixiao", root, len(files),
                         lambda inp, out: shlex.split(args.jixiao.format(input=shlex.quote(str(inp)), output=shlex.quote(str(out))))))
        peer_root, peer_n = root, len(files)
        if args.limit is not None and args.limit < len(files):
            peer_root = limited_copy(root, files, args.limit, work / "limited-input")
            peer_n = args.limit
        for p in peers:
            script = HERE / f"peer_{p}.py"
            runs.append((f"peer_{p}", peer_root, peer_n,
                         lambda inp, out, script=script: [python, str(script), str(inp), str(out), "--jobs", "1"]))
        # Outputs stay until every run is done: on a file system that is
        # slow to reuse the inodes of files just deleted (ext4 without a
        # journal), removing one tool's outputs would slow the next tool.
        samples = {}
        for round_no in range(max(args.rounds, 1)):
            for name, inp, n, make in runs:
                out = work / f"out-{name}-{round_no}"
                out.mkdir()
                log = work / f"{name}-{round_no}.log"
                print(f"running {name} on {n} workbooks (round {round_no + 1}) …", file=sys.stderr, flush=True)
                seconds, rss, code = timed(make(inp, out), REPO, log)
                tail = log.read_text(errors="replace").strip().splitlines()[-3:]
                if code not in (0, 1):
                    print(f"  {name} exited {code}:\n    " + "\n    ".join(tail), file=sys.stderr)
                samples.setdefault(name, []).append((seconds, rss, code, tail, n))
        for name, runs_of in samples.items():
            seconds = statistics.median(r[0] for r in runs_of)
            n = runs_of[0][4]
            codes = [r[2] for r in runs_of]
            results.append({"tool": name, "files": n, "seconds": seconds, "ms_per_workbook": seconds * 1000 / n,
                            "peak_rss_mb": max(r[1] for r in runs_of),
                            "exit_code": next((c for c in codes if c not in (0, 1)), max(codes)),
                            "log_tail": runs_of[-1][3], "rounds": [r[0] for r in runs_of]})
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
        else:
            print(f"outputs kept in {work}", file=sys.stderr)

    base = next((r for r in results if r["tool"] == "jixiao"), None)
    head = f"{'tool':<16}{'files':>8}{'total s':>11}{'ms/workbook':>13}{'peak RSS MB':>13}{'× jixiao time':>15}{'× jixiao RSS':>14}  exit"
    print(head)
    print("-" * len(head))
    for r in results:
        if base and r is not base and base["ms_per_workbook"] > 0:
            rt = f"{r['ms_per_workbook'] / base['ms_per_workbook']:.1f}×"
            rm = f"{r['peak_rss_mb'] / base['peak_rss_mb']:.1f}×" if base["peak_rss_mb"] else "—"
        else:
            rt = rm = "—"
        print(f"{r['tool']:<16}{r['files']:>8}{r['seconds']:>11.2f}{r['ms_per_workbook']:>13.1f}{r['peak_rss_mb']:>13.1f}{rt:>15}{rm:>14}  {r['exit_code']}")
    if args.json:
        Path(args.json).write_text(json.dumps({"input": str(root), "jixiao_command": args.jixiao, "results": results},
                                              ensure_ascii=False, indent=2), encoding="utf-8")
    return 0 if all(r["exit_code"] in (0, 1) for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
