#!/usr/bin/env bash
# The self-check page in headless Chromium (slow lane; `bash .ci/slow` runs
# it with the other slow checks). Builds the page (web/build.sh) and the
# command line, then for every sample workbook in input/ and the
# LibreOffice-saved .xls/.ods/.xlsx fixtures:
#   - the command line's `check --format json`, `score --format json` and
#     `report --formats html` on the file;
#   - the page, opened from disk in Chromium at a phone's width, picks the
#     file with its button, shows the findings and downloads the completed
#     workbook and the report (tests/page.cjs);
#   - the two compared (tests/page_compare.py): the same findings and
#     scores, a completed workbook holding the same cells, notes, merged
#     ranges and dropdowns, the same report.html, the same blank template;
# then the same for two workbooks with a finance office's own framework
# (tests/fixtures/frameworks/local-table.toml), chosen in the page with its
# file picker and given to the command line as --framework. Fails when the
# page makes any request but for itself, or when axe-core finds a serious
# accessibility problem on it. Results, timings and screenshots in
# target/page-test/.
#
# Needs chromium, node and npm (puppeteer-core is installed under
# target/visual/.node), python3 with openpyxl:
#   apt-get install chromium nodejs npm python3-openpyxl fonts-noto-cjk
set -euo pipefail
cd "$(dirname "$0")/.."

for tool in chromium node npm python3; do
  if ! command -v "$tool" > /dev/null; then
    echo "tests/page.sh needs $tool: apt-get install chromium nodejs npm python3-openpyxl" >&2
    exit 2
  fi
done
python3 -c "import openpyxl" 2> /dev/null || {
  echo "tests/page.sh needs openpyxl: apt-get install python3-openpyxl" >&2
  exit 2
}

bash web/build.sh
cargo build --release --locked
jixiao=$PWD/target/release/jixiao

node_dir=target/visual/.node
[ -d "$node_dir/node_modules/puppeteer-core" ] ||
  npm install --prefix "$node_dir" --no-audit --no-fund --silent puppeteer-core@23 axe-core@4

out=target/page-test
rm -rf "$out"
mkdir -p "$out"

# Runs the command line on each workbook into OUT/NAME/cli-*.json and
# OUT/NAME/cli/, and `template` into OUT/cli-blank.xlsx, with FRAMEWORK
# (a file) when given; then the page on the same workbooks (with the same
# framework chosen with its picker), and compares.
compare() {
  local out=$1 framework=$2
  shift 2
  local chosen=()
  [ -n "$framework" ] && chosen=(--framework "$PWD/$framework")
  mkdir -p "$out"
  "$jixiao" template "${chosen[@]}" -o "$out/cli-blank.xlsx" 2> /dev/null
  local names=() book name dir
  for book in "$@"; do
    name=$(basename "$book")
    # Two files of one name (junshan-2022.xlsx in input/ and as a
    # fixture): the first is the one compared.
    [ -d "$out/$name" ] && continue
    names+=("$book")
    mkdir -p "$out/$name"
    # Checked from its own folder, so that findings name the file as the
    # page names a picked file: by its name alone.
    dir=$(dirname "$book")
    (cd "$dir" && "$jixiao" check --format json --no-isolation "${chosen[@]}" "$name" > "$OLDPWD/$out/$name/cli-check.json") || [ $? -eq 1 ]
    (cd "$dir" && "$jixiao" score --format json --no-isolation "${chosen[@]}" "$name" > "$OLDPWD/$out/$name/cli-score.json") || [ $? -eq 1 ]
    (cd "$dir" && "$jixiao" report "$name" "${chosen[@]}" -o "$OLDPWD/$out/$name/cli" --formats html > /dev/null) || [ $? -eq 1 ]
  done
  local picker=()
  [ -n "$framework" ] && picker=(--framework "$framework")
  NODE_PATH="$node_dir/node_modules" node tests/page.cjs target/page/jixiao.html "$out" "${picker[@]}" "${names[@]}"
  python3 tests/page_compare.py "$out"
  echo "${#names[@]} workbooks compared in $out"
}

books=()
while IFS= read -r -d '' f; do books+=("$f"); done < <(
  find input tests/fixtures/libreoffice -type f \( -name '*.xlsx' -o -name '*.xls' -o -name '*.ods' \) -print0 | sort -z)

compare "$out/builtin" "" "${books[@]}"
# A finance office's own framework, chosen with the page's file picker.
compare "$out/framework" tests/fixtures/frameworks/local-table.toml \
  input/junshan-2022.xlsx tests/fixtures/libreoffice/clean.ods
echo "page test passed; results in $out"
