#!/usr/bin/env bash
# Regenerates the sample workbooks in input/ from the readable sources here.
# Run from the project root: bash tests/samples/regenerate.sh
# tests/fixtures/libreoffice/junshan-2022.* are LibreOffice re-saves of the
# junshan sample: after changing junshan-2022.toml, run
# tests/fixtures/libreoffice/make.sh as well (it needs LibreOffice Calc).
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo build --release --quiet
for src in tests/samples/*.toml; do
  name=$(basename "$src" .toml)
  ./target/release/jixiao fill "$src" -o "input/$name.xlsx"
done
