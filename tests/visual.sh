#!/usr/bin/env bash
# Renders each sample's report.html as a reader sees it: a phone-width
# screenshot (390 px) and an A4 PDF, with its pages as PNGs, in target/visual/;
# the batch summary of all samples as a laptop-width screenshot; and, with
# LibreOffice, the project workbook (blank and filled) printed to PDF, which
# must be one A4 page as the official table is, every completed workbook
# opened, and the completed workbooks' 计算值 formulas recalculated to
# jixiao's figures. First, the hostile-file bench.
# The Word and PDF reports (docs/documents.md), built with the pdf feature:
# each sample's report.docx printed to PDF by LibreOffice and report.pdf,
# both as PNG pages to look at; report.pdf checked by qpdf, its text,
# bookmarks and metadata by the ignored test in tests/cli/documents.rs.
# Look at them after changing a template, the CSS or a workbook layout.
# Needs: apt-get install chromium fonts-noto-cjk poppler-utils qpdf
# (and libreoffice-calc, libreoffice-writer for the workbook and Word checks)
# Last, what people see (docs/templates.md, 目视检查): the blank templates,
# the completed workbooks (one with many findings) and summary.xlsx printed
# by LibreOffice; report.html, report.public.html and index.html in Chromium
# at 390 px, 1280 px and printed to A4; all as PNGs in target/visual/look/
# with a contact sheet (contact-*.png), and axe-core's accessibility check
# (tests/axe.cjs; needs node and npm) of these pages and a problem list.
# Run from the project root: bash tests/visual.sh
# Only the last part: bash tests/visual.sh --look (JIXIAO=path to use a
# jixiao already built, e.g. target/debug/jixiao).
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in chromium pdftoppm pdfinfo pdftotext qpdf; do
  command -v "$tool" > /dev/null || {
    echo "tests/visual.sh needs $tool: apt-get install chromium fonts-noto-cjk poppler-utils qpdf" >&2
    exit 1
  }
done
out=target/visual
chrome=(chromium --headless --no-sandbox --disable-gpu --disable-background-networking
  --disable-component-update --disable-sync --no-first-run --hide-scrollbars
  --user-data-dir="$out/.chromium")
if [ "${1:-}" = --look ]; then
  only_look=yes
else
  only_look=no
  rm -rf "$out" && mkdir -p "$out"
  cargo build --release --quiet --features pdf
fi
look() {
  local bin=${JIXIAO:-./target/release/jixiao} dir=$out/look
  rm -rf "$dir" && mkdir -p "$dir"
  command -v soffice > /dev/null || {
    echo "tests/visual.sh needs LibreOffice: apt-get install libreoffice-calc" >&2
    exit 1
  }
  # LibreOffice prints every sheet of a workbook: $1 the .xlsx, $2 the name.
  print_book() {
    soffice --headless -env:UserInstallation="file://$PWD/$out/.soffice" \
      --convert-to pdf --outdir "$dir/$2.d" "$1" > /dev/null 2>&1
    local pdf="$dir/$2.d/$(basename "${1%.*}").pdf"
    [ -s "$pdf" ] || { echo "$2: LibreOffice could not print $1" >&2; exit 1; }
    pdftoppm -r 50 -png "$pdf" "$dir/$2"
    echo "$2: $(pdfinfo "$pdf" | awk '/^Pages/ {print $2}') page(s) printed by LibreOffice"
  }
  # Chromium: $1 the page, $2 the name; phone, laptop and A4.
  browse() {
    "${chrome[@]}" --window-size=390,4000 --screenshot="$dir/$2-390.png" "file://$PWD/$1" 2> /dev/null
    "${chrome[@]}" --window-size=1280,2400 --screenshot="$dir/$2-1280.png" "file://$PWD/$1" 2> /dev/null
    "${chrome[@]}" --no-pdf-header-footer --print-to-pdf="$dir/$2.pdf" "file://$PWD/$1" 2> /dev/null
    pdftoppm -r 50 -png "$dir/$2.pdf" "$dir/$2-a4"
    echo "$2: $(pdfinfo "$dir/$2.pdf" | awk '/^Pages/ {print $2}') A4 page(s) from Chromium"
  }
  "$bin" template -o "$dir/template.xlsx" > /dev/null
  "$bin" template --kind project -o "$dir/template-project.xlsx" > /dev/null
  print_book "$dir/template.xlsx" template
  print_book "$dir/template-project.xlsx" template-project
  # The samples (qingshanhu-2020 has about 90 findings), and an .xls whose
  # completed workbook is regenerated rather than edited.
  for wb in input/*.xlsx tests/fixtures/libreoffice/junshan-2022.xls; do
    name=$(basename "$wb" | tr . -)
    "$bin" report "$wb" -o "$dir/$name" > /dev/null || true
    print_book "$dir/$name/completed.xlsx" "$name-completed"
    browse "$dir/$name/report.html" "$name-report"
    browse "$dir/$name/report.public.html" "$name-public"
  done
  "$bin" run input -o "$dir/batch" > /dev/null || true
  print_book "$dir/batch/summary.xlsx" summary
  browse "$dir/batch/index.html" index
  # A unit's problem list (问题清单), the page index.html links to.
  findings_page=$(ls "$dir"/batch/*/findings.html | head -n 1)
  browse "$findings_page" findings
  python3 tests/contact_sheet.py "$dir"
  # Accessibility: the report pages, index.html and a problem list must
  # have no serious or critical violation.
  if command -v npm > /dev/null; then
    [ -d "$out/.node/node_modules/axe-core" ] ||
      npm install --prefix "$out/.node" --no-audit --no-fund --silent puppeteer-core@23 axe-core@4
    local pages=()
    for wb in input/*.xlsx; do
      name=$(basename "$wb" | tr . -)
      pages+=(--strict "$dir/$name/report.html" --strict "$dir/$name/report.public.html")
    done
    NODE_PATH="$out/.node/node_modules" node tests/axe.cjs "${pages[@]}" \
      --strict "$dir/batch/index.html" --strict "$findings_page"
  else
    echo "no npm: the accessibility check (tests/axe.cjs) was not run" >&2
  fi
}
if [ "$only_look" = yes ]; then
  look
  exit 0
fi
# The hostile-file bench (docs/limits.md, 恶意文件基准): every crafted file
# within 256 MB and 2 s on the release build, or the script stops here.
cargo run --release --quiet --features pdf --example hostile -- --keep "$out/hostile"
for wb in input/*.xlsx input/*/*.xlsx; do
  name=$(basename "$(dirname "$wb")")-$(basename "$wb" .xlsx)
  name=${name#input-}
  ./target/release/jixiao report "$wb" -o "$out/$name" > /dev/null || true
  page="file://$PWD/$out/$name/report.html"
  "${chrome[@]}" --window-size=390,3000 --screenshot="$out/$name-phone.png" "$page" 2> /dev/null
  "${chrome[@]}" --no-pdf-header-footer --print-to-pdf="$out/$name.pdf" "$page" 2> /dev/null
  pdftoppm -r 60 -png "$out/$name.pdf" "$out/$name-a4"
  echo "$name: $(pdfinfo "$out/$name.pdf" | awk '/^Pages/ {print $2}') A4 pages"
done
# Word and PDF: every page of the samples and of a project report.
for wb in input/*.xlsx "input/qingshanhu-2020-projects/城乡医疗救助.xlsx"; do
  name=doc-$(basename "$wb" .xlsx)
  ./target/release/jixiao report "$wb" -o "$out/$name" --formats md,docx,pdf > /dev/null || true
  qpdf --check "$out/$name/report.pdf" > /dev/null
  pdftoppm -r 50 -png "$out/$name/report.pdf" "$out/$name-pdf"
  if command -v soffice > /dev/null; then
    soffice --headless -env:UserInstallation="file://$PWD/$out/.soffice" \
      --convert-to pdf --outdir "$out/$name/word" "$out/$name/report.docx" > /dev/null 2>&1
    if [ ! -s "$out/$name/word/report.pdf" ]; then
      echo "$name: LibreOffice could not open report.docx" >&2
      exit 1
    fi
    pdftoppm -r 50 -png "$out/$name/word/report.pdf" "$out/$name-docx"
    docx_pages=$(pdfinfo "$out/$name/word/report.pdf" | awk '/^Pages/ {print $2}')
  else
    docx_pages="(no LibreOffice)"
  fi
  echo "$name: report.pdf $(pdfinfo "$out/$name/report.pdf" | awk '/^Pages/ {print $2}') pages, report.docx $docx_pages pages in LibreOffice"
done
cargo test --quiet --features pdf --test cli documents -- --include-ignored
./target/release/jixiao run input -o "$out/batch" > /dev/null || true
"${chrome[@]}" --window-size=1200,2400 --screenshot="$out/summary.png" \
  "file://$PWD/$out/batch/index.html" 2> /dev/null
echo "summary: $out/summary.png"
if command -v soffice > /dev/null; then
  ./target/release/jixiao template --kind project -o "$out/project-blank.xlsx" 2> /dev/null
  cp "input/qingshanhu-2020-projects/城乡医疗救助.xlsx" "$out/project-filled.xlsx"
  for form in project-blank project-filled; do
    soffice --headless -env:UserInstallation="file://$PWD/$out/.soffice" \
      --convert-to pdf --outdir "$out" "$out/$form.xlsx" > /dev/null 2>&1
    pdftoppm -r 60 -png "$out/$form.pdf" "$out/$form"
    pages=$(pdfinfo "$out/$form.pdf" | awk '/^Pages/ {print $2}')
    size=$(pdfinfo "$out/$form.pdf" | awk '/^Page size/ {print $3 "x" $5}')
    echo "$form: $pages page(s), $size pt"
    case "$size" in 595x842 | 595.304x841.89) a4=yes ;; *) a4=no ;; esac
    if [ "$pages" != 1 ] || [ "$a4" != yes ]; then
      echo "$form should print on one A4 portrait page" >&2
      exit 1
    fi
  done
fi
# Each completed workbook (the department's package edited) opens in
# LibreOffice: a package it cannot read fails the conversion.
if command -v soffice > /dev/null; then
  for wb in input/*.xlsx input/*/*.xlsx tests/fixtures/libreoffice/*.xlsx; do
    name=completed-$(basename "$(dirname "$wb")")-$(basename "$wb" .xlsx)
    ./target/release/jixiao report "$wb" -o "$out/$name" > /dev/null || true
    soffice --headless -env:UserInstallation="file://$PWD/$out/.soffice" \
      --convert-to pdf --outdir "$out/$name" "$out/$name/completed.xlsx" > /dev/null 2>&1
    if [ ! -s "$out/$name/completed.pdf" ]; then
      echo "$name: LibreOffice could not open completed.xlsx" >&2
      exit 1
    fi
    echo "$name: completed.xlsx opens in LibreOffice"
  done
  # The 计算值 formulas, their caches planted wrong, recalculated by
  # LibreOffice on load, equal jixiao's figures.
  cargo test --quiet --features pdf --test cli recalc -- --ignored
fi
look
