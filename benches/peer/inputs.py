"""The workbooks a peer processes: shared by the peers (through common.py) and
compare.py. Standard library only and small on purpose: compare.py stays a
small process, because a child's peak RSS (os.wait4) counts the copy of the
parent it starts as before it runs the tool.
"""

from __future__ import annotations

import os
from pathlib import Path


def find_inputs(root: Path):
    """The .xlsx files the peers process, in their order (lock and hidden files skipped)."""
    files = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for n in filenames:
            if n.startswith(("~$", ".~lock", ".")) or not n.lower().endswith(".xlsx"):
                continue
            files.append(Path(dirpath) / n)
    return sorted(files)
