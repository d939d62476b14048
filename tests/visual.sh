#!/usr/bin/env bash
# Renders each sample's report.html as a reader sees it: a phone-width
# screenshot (390 px) and an A4 PDF, with its pages as PNGs, in target/visual/.
# Look at them after changing a template or the CSS.
# Needs: apt-get install chromium fonts-noto-cjk poppler-utils
# Run from the project root: bash tests/visual.sh
set -euo pipefail
cd "$(dirname "$0")/.."
out=target/visual
rm -rf "$out" && mkdir -p "$out"
cargo build --release --quiet
chrome=(chromium --headless --no-sandbox --disable-gpu --disable-background-networking
  --disable-component-update --disable-sync --no-first-run --hide-scrollbars
  --user-data-dir="$out/.chromium")
for wb in input/*.xlsx; do
  name=$(basename "$wb" .xlsx)
  ./target/release/jixiao report "$wb" -o "$out/$name" > /dev/null || true
  page="file://$PWD/$out/$name/report.html"
  "${chrome[@]}" --window-size=390,3000 --screenshot="$out/$name-phone.png" "$page" 2> /dev/null
  "${chrome[@]}" --no-pdf-header-footer --print-to-pdf="$out/$name.pdf" "$page" 2> /dev/null
  pdftoppm -r 60 -png "$out/$name.pdf" "$out/$name-a4"
  echo "$name: $(pdfinfo "$out/$name.pdf" | awk '/^Pages/ {print $2}') A4 pages"
done
