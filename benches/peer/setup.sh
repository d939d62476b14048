#!/usr/bin/env bash
# Creates benches/peer/.venv with the pinned peer dependencies.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
python3 -m venv "$here/.venv"
"$here/.venv/bin/python" -m pip install --quiet --upgrade pip
"$here/.venv/bin/python" -m pip install --quiet -r "$here/requirements.txt"
"$here/.venv/bin/python" -c "import openpyxl, python_calamine, xlsxwriter, jinja2; print('peer venv ready:', '$here/.venv')"
