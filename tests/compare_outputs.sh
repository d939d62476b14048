#!/usr/bin/env bash
# Compares every output of two versions of jixiao, for changes that must not
# change what users get (a refactor, a speed-up):
#
#   bash tests/compare_outputs.sh OLD [NEW]
#
# OLD and NEW are git revisions (NEW defaults to the working tree, "."). Each
# is built (debug profile; the target folder is shared, so only jixiao itself
# is rebuilt) and run on the same inputs: the samples in input/, 400 + 60
# synthetic workbooks made by each version's own generator, the LibreOffice
# fixtures, and every command (run, check, score, report, fill, template,
# templates eject, --help). Completed workbooks are unzipped and compared
# part by part; run times and time stamps are blanked. Prints the differences
# and exits 1 if there are any.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=${COMPARE_DIR:-$root/target/compare}
old=${1:?usage: compare_outputs.sh OLD [NEW]}
new=${2:-.}
mkdir -p "$work"

# build REV NAME: the binaries of REV in $work/bin-NAME.
build() {
  local rev=$1 name=$2 src
  if [ "$rev" = "." ]; then
    src=$root
  else
    src=$work/src-$name
    rm -rf "$src"
    git -C "$root" worktree prune
    git -C "$root" worktree add --quiet --detach "$src" "$rev"
  fi
  (cd "$src" && CARGO_TARGET_DIR=$root/target cargo build --quiet --bins --examples)
  mkdir -p "$work/bin-$name"
  cp "$root/target/debug/jixiao" "$root/target/debug/examples/synth" "$work/bin-$name/"
  if [ "$rev" != "." ]; then
    git -C "$root" worktree remove --force "$src"
  fi
}

# outputs NAME: every output of $work/bin-NAME in $work/out-NAME.
outputs() {
  local bin=$work/bin-$1/jixiao synth=$work/bin-$1/synth out=$work/out-$1
  rm -rf "$out"
  mkdir -p "$out/cli"
  "$synth" --count 400 --seed 1 --out "$out/synth" > /dev/null 2>&1
  "$synth" --count 60 --seed 7 --out "$out/synth7" > /dev/null 2>&1
  {
    "$bin" run "$out/synth" -o "$out/run" --jobs 2 --quiet; echo "run rc=$?"
    "$bin" run "$out/synth7" -o "$out/run7" --jobs 2 --quiet --no-public --framework yueyang-2015; echo "run7 rc=$?"
    "$bin" run "$root/input" -o "$out/samples" --quiet; echo "samples rc=$?"
  } > "$out/rc.txt" 2>&1 || true
  local f n
  for f in "$root"/input/*.xlsx "$out"/synth7/unit-0000{0..9}.xlsx "$root"/tests/fixtures/libreoffice/*; do
    n=$(basename "$f")
    for cmd in "check" "check --format json" "score" "score --format json" "score --framework yueyang-2015"; do
      (cd "$root" && $bin $cmd "$f" > "$out/cli/$n.${cmd// /_}.txt" 2>&1; echo "rc=$?" >> "$out/cli/$n.${cmd// /_}.txt") || true
    done
  done
  for f in "$root"/input/*.xlsx; do
    n=$(basename "$f" .xlsx)
    ("$bin" report "$f" -o "$out/report-$n" > "$out/cli/$n.report.txt" 2>&1; echo "rc=$?" >> "$out/cli/$n.report.txt") || true
  done
  for f in "$root"/tests/samples/*.toml "$root"/tests/fixtures/clean.toml; do
    n=$(basename "$f" .toml)
    ("$bin" fill "$f" -o "$out/fill-$n.xlsx" > "$out/cli/$n.fill.txt" 2>&1; echo "rc=$?" >> "$out/cli/$n.fill.txt") || true
  done
  "$bin" template -o "$out/template.xlsx" > "$out/cli/template.txt" 2>&1 || true
  "$bin" templates eject "$out/ejected" > "$out/cli/eject.txt" 2>&1 || true
  ("$bin" check /nonexistent.xlsx > "$out/cli/missing.txt" 2>&1; echo "rc=$?" >> "$out/cli/missing.txt") || true
  ("$bin" check "$root/Cargo.toml" > "$out/cli/not-a-workbook.txt" 2>&1; echo "rc=$?" >> "$out/cli/not-a-workbook.txt") || true
  for c in "" check score report run fill template templates; do
    "$bin" $c --help > "$out/cli/help-$c.txt" 2>&1 || true
  done
  # Unzip every workbook; blank what changes from run to run.
  find "$out" -name '*.xlsx' -print0 | while IFS= read -r -d '' x; do
    mkdir -p "$x.d"
    unzip -q -o "$x" -d "$x.d" 2> /dev/null || true
    rm -f "$x" "$x.d/docProps/core.xml"
  done
  find "$out" -type f \( -name '*.json' -o -name '*.html' -o -name '*.txt' -o -name '*.jsonl' -o -name '*.xml' -o -name '*.md' \) -print0 |
    xargs -0 sed -i -E -e "s#$out#OUT#g" \
      -e 's/20[0-9]{2}-[0-9]{2}-[0-9]{2}[ T][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]+)?Z?)?/TIME/g' \
      -e 's/"seconds": "[0-9.]+"/"seconds": X/g; s/[0-9]+(\.[0-9]+)? ?(s|秒)\b/Xs/g; s/"modified":[0-9]+/"modified":X/g'
}

build "$old" old
build "$new" new
outputs old
outputs new
if diff -r "$work/out-old" "$work/out-new" > "$work/diff.txt"; then
  echo "no differences ($(find "$work/out-new" -type f | wc -l) files compared)"
else
  echo "differences: $(grep -c '^[<>]' "$work/diff.txt") lines in $(grep -c '^diff ' "$work/diff.txt") files; see $work/diff.txt"
  head -n 40 "$work/diff.txt"
  exit 1
fi
