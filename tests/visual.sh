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
# Run from the project root: bash tests/visual.sh
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in chromium pdftoppm pdfinfo pdftotext qpdf; do
  command -v "$tool" > /dev/null || {
    echo "tests/visual.sh needs $tool: apt-get install chromium fonts-noto-cjk poppler-utils qpdf" >&2
    exit 1
  }
done
out=target/visual
rm -rf "$out" && mkdir -p "$out"
cargo build --release --quiet --features pdf
# The hostile-file bench (docs/limits.md, 恶意文件基准): every crafted file
# within 256 MB and 2 s on the release build, or the script stops here.
cargo run --release --quiet --features pdf --example hostile -- --keep "$out/hostile"
chrome=(chromium --headless --no-sandbox --disable-gpu --disable-background-networking
  --disable-component-update --disable-sync --no-first-run --hide-scrollbars
  --user-data-dir="$out/.chromium")
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
