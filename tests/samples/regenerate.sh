#!/usr/bin/env bash
# Regenerates the sample workbooks in input/ from the readable sources here.
# Run from the project root: bash tests/samples/regenerate.sh
# tests/fixtures/libreoffice/junshan-2022.* are LibreOffice re-saves of the
# junshan sample: after changing junshan-2022.toml, run
# tests/fixtures/libreoffice/make.sh as well (it needs LibreOffice Calc).
#
# A source whose department has project tables also gives one project
# workbook (项目支出绩效自评表) per project, as the department sends them, in
# input/NAME-projects/PROJECT.xlsx.
set -euo pipefail
cd "$(dirname "$0")/../.."
cargo build --release --quiet
for src in tests/samples/*.toml; do
  name=$(basename "$src" .toml)
  ./target/release/jixiao fill "$src" -o "input/$name.xlsx"
  projects=$(awk '/^\[\[tables\.tbl_projects\]\]/ { p = 1; next }
                  p && /^name = / { sub(/^name = "/, ""); sub(/".*$/, ""); print; p = 0 }' "$src")
  rm -rf "input/$name-projects"
  [ -n "$projects" ] || continue
  mkdir -p "input/$name-projects"
  while IFS= read -r project; do
    ./target/release/jixiao fill --kind project --project "$project" "$src" \
      -o "input/$name-projects/$project.xlsx" 2>/dev/null
  done <<< "$projects"
done
