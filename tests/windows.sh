#!/usr/bin/env bash
# The Windows build (x86_64-pc-windows-gnu) run under wine next to the Linux
# build, on the same inputs, with the same results expected:
#
# - jixiao.exe and jixiao (release) are built as the README says;
# - the sample workbooks of input/ are copied into a folder whose name has
#   Chinese characters and spaces ("报送 材料 2026/单位 报送/"), one renamed
#   "青山湖 区 自评.xlsx", with a jixiao.toml written with CRLF line endings
#   (input, output, font_dirs, and public_despite_errors = true, whose effect
#   is checked in summary.json) and a CJK font in "字体 文件夹/";
# - each build runs `check --format json` on each workbook (jixiao.exe given
#   the path with "\", as typed on Windows), then `run` (from jixiao.toml),
#   then `run` again (nothing changed: every workbook skipped);
# - the exit codes must be 0 or 1 and equal between the builds, and every
#   output file must be the same (tests/windows/compare.py says exactly what
#   is normalised: the time of the run and path separators);
# - index.html, summary.xlsx, summary.json and each completed workbook must
#   exist; Chinese text must reach a console intact and coloured (under a
#   pseudo-terminal, which wine treats as a console), and be UTF-8 without
#   escape codes when redirected;
# - `run` on the samples is timed for both builds (median of 3, fresh output).
#
# wine before 9.0 lacks bcryptprimitives.dll!ProcessPrng, which Rust's
# standard library (1.78 and later) needs: there a stand-in DLL built from
# tests/windows/bcryptprimitives.c is put beside jixiao.exe in the test's
# temporary folder, never anywhere else (Windows 10 and later have it).
#
# Needs: apt-get install gcc-mingw-w64-x86-64 wine wine64 util-linux python3
# (and fonts-noto-cjk), rustup target add x86_64-pc-windows-gnu.
# Run from anywhere: bash tests/windows.sh. Logs and outputs: target/windows/.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
logs=$root/target/windows
target_dir=${CARGO_TARGET_DIR:-target}
case $target_dir in /*) ;; *) target_dir=$root/$target_dir ;; esac
font=/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc

missing=()
command -v cargo > /dev/null || missing+=("cargo (https://rustup.rs)")
command -v x86_64-w64-mingw32-gcc > /dev/null || missing+=("mingw-w64: apt-get install gcc-mingw-w64-x86-64")
command -v wine > /dev/null || missing+=("wine: apt-get install wine wine64")
command -v script > /dev/null || missing+=("script: apt-get install util-linux")
command -v python3 > /dev/null || missing+=("python3: apt-get install python3")
[ -f "$font" ] || missing+=("$font: apt-get install fonts-noto-cjk")
if command -v rustup > /dev/null && ! rustup target list --installed | grep -qx x86_64-pc-windows-gnu; then
  missing+=("the Rust target: rustup target add x86_64-pc-windows-gnu")
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "tests/windows.sh needs (nothing is installed for you):" >&2
  printf '  %s\n' "${missing[@]}" >&2
  exit 2
fi

rm -rf "$logs" && mkdir -p "$logs"
work=$(mktemp -d /tmp/jixiao-windows.XXXXXX)
export WINEPREFIX=$work/prefix WINEDEBUG=-all
# No Mono or Gecko in the throwaway prefix: jixiao needs neither.
export WINEDLLOVERRIDES="mscoree,mshtml="
# The prefix's wineserver ended and the temporary folder removed, also
# on failure (the logs are in target/windows/).
cleanup() {
  wineserver -k 2> /dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

failures=()
fail() { failures+=("$1"); echo "FAIL: $1"; }
ok() { echo "ok: $1"; }
# timed NAME COMMAND…: runs COMMAND with its output in $logs/NAME.log.
timed() {
  local name=$1 start end
  shift
  start=$(date +%s.%N)
  if ! "$@" > "$logs/$name.log" 2>&1; then
    echo "FAIL: $name; see $logs/$name.log" >&2
    tail -n 20 "$logs/$name.log" >&2
    exit 1
  fi
  end=$(date +%s.%N)
  awk -v n="$name" -v s="$start" -v e="$end" 'BEGIN { printf "%s: %.1f s\n", n, e - s }' | tee -a "$logs/timings.txt"
}

timed build-windows cargo build --release --locked --target x86_64-pc-windows-gnu
timed build-linux cargo build --release --locked
linux=$target_dir/release/jixiao
mkdir -p "$work/bin"
cp "$target_dir/x86_64-pc-windows-gnu/release/jixiao.exe" "$work/bin/"
exe=$work/bin/jixiao.exe
ls -l "$exe" "$linux" > "$logs/binaries.txt"

wine_version=$(wine --version)
wine_major=$(sed -E 's/^wine-([0-9]+).*/\1/' <<< "$wine_version")
echo "$wine_version" | tee "$logs/wine-version.txt"
if [ "$wine_major" -lt 9 ]; then
  # wine < 9 has no ProcessPrng: the stand-in, beside this copy of
  # jixiao.exe only, and wine told to load it rather than its own.
  x86_64-w64-mingw32-gcc -O2 -shared -s -o "$work/bin/bcryptprimitives.dll" \
    tests/windows/bcryptprimitives.c tests/windows/bcryptprimitives.def -ladvapi32
  export WINEDLLOVERRIDES="$WINEDLLOVERRIDES;bcryptprimitives=n"
  echo "wine $wine_major < 9: bcryptprimitives.dll (ProcessPrng) stand-in beside jixiao.exe" | tee -a "$logs/wine-version.txt"
fi
timed wine-first-start wineboot -i
if [ "$wine_major" -lt 9 ]; then
  # Whether the stand-in is still needed: jixiao.exe alone, for the log.
  mkdir -p "$work/bare" && cp "$exe" "$work/bare/"
  set +e
  wine "$work/bare/jixiao.exe" --version > "$logs/without-stand-in.log" 2>&1
  echo "without the stand-in, jixiao.exe --version exits with $?" | tee -a "$logs/wine-version.txt"
  set -e
fi

# The same case folder for each build.
case_dir="报送 材料 2026"
for os in linux windows; do
  d=$work/$os/$case_dir
  mkdir -p "$d/字体 文件夹" "$work/$os/log/check"
  # The same files with the same times: the run records each input's time.
  cp -r --preserve=timestamps input "$d/单位 报送"
  mv "$d/单位 报送/qingshanhu-2020.xlsx" "$d/单位 报送/青山湖 区 自评.xlsx"
  cp "$font" "$d/字体 文件夹/"
  printf '%s\r\n' \
    '# 报送 材料 2026：CRLF 行尾（Windows 记事本）' \
    'input = "单位 报送"' \
    'output = "结果 汇总"' \
    'font_dirs = [' \
    '  "字体 文件夹",' \
    ']' \
    'public_despite_errors = true' > "$d/jixiao.toml"
done
grep -q $'\r$' "$work/linux/$case_dir/jixiao.toml" || fail "jixiao.toml has no CRLF line endings"

# jx OS ARGS…: the build for OS, run in its case folder.
jx() {
  local os=$1
  shift
  if [ "$os" = windows ]; then
    (cd "$work/windows/$case_dir" && wine "$exe" "$@")
  else
    (cd "$work/linux/$case_dir" && "$linux" "$@")
  fi
}
# both NAME ARGS…: each build with stdout in log/NAME.out, stderr in
# log/NAME.err, exit code in log/NAME.rc.
both() {
  local name=$1 os rc
  shift
  for os in linux windows; do
    set +e
    jx "$os" "$@" > "$work/$os/log/$name.out" 2> "$work/$os/log/$name.err"
    rc=$?
    set -e
    echo "$rc" > "$work/$os/log/$name.rc"
  done
}
# codes NAME: exit codes 0 or 1 and equal.
codes() {
  local l w
  l=$(cat "$work/linux/log/$1.rc") w=$(cat "$work/windows/log/$1.rc")
  if [ "$l" != "$w" ] || [ "$l" -gt 1 ]; then
    fail "$1: exit code $w (Windows) vs $l (Linux)"
  else
    ok "$1: exit code $w on both"
  fi
}

both version --version
if [ "$(cat "$work/windows/log/version.rc")" = 0 ] && cmp -s "$work/"{linux,windows}/log/version.out; then
  ok "jixiao.exe --version: $(cat "$work/windows/log/version.out")"
else
  fail "jixiao.exe --version: exit $(cat "$work/windows/log/version.rc"): $(cat "$work/windows/log/version.err")"
fi

# check --format json on each workbook, the Windows build given "\".
while IFS= read -r -d '' wb; do
  rel=${wb#"$work/linux/$case_dir/"}
  name=check/$(tr '/ ' '__' <<< "${rel%.xlsx}")
  for os in linux windows; do
    p=$rel
    [ "$os" = windows ] && p=${rel//\//\\}
    set +e
    jx "$os" check --format json "$p" > "$work/$os/log/$name.json" 2> "$work/$os/log/$name.err"
    echo $? > "$work/$os/log/$name.rc"
    set -e
  done
  codes "$name"
done < <(find "$work/linux/$case_dir/单位 报送" -name '*.xlsx' -print0 | sort -z)

both run run
codes run
for os in linux windows; do
  cp "$work/$os/$case_dir/结果 汇总/summary.json" "$work/$os/log/first-run.summary.json"
done
both rerun run
codes rerun

for os in linux windows; do
  out=$work/$os/$case_dir/结果\ 汇总
  for f in index.html summary.xlsx summary.json; do
    [ -s "$out/$f" ] || fail "$os: no $f"
  done
  if python3 - "$out/summary.json" "$work/$os/log/first-run.summary.json" > "$work/$os/log/outputs.txt" << 'EOF'; then
import json, os, sys
out = os.path.dirname(sys.argv[1])
first, rerun = json.load(open(sys.argv[2])), json.load(open(sys.argv[1]))
bad = 0
entries = first["units"] + first["projects"]
for e in entries:
    if not os.path.isfile(os.path.join(out, e["workbook"])):
        print("no completed workbook:", e["workbook"]); bad += 1
    # public_despite_errors = true (jixiao.toml): the full public report.
    if e["public_withheld"]:
        print("public report withheld despite jixiao.toml:", e["folder"]); bad += 1
print(len(entries), "completed workbooks;", first["counts"]["processed"], "processed in the first run,",
      rerun["counts"]["skipped"], "skipped in the second")
if len(entries) != 9 or first["counts"]["processed"] != 9 or rerun["counts"]["skipped"] != 9:
    bad += 1
sys.exit(1 if bad else 0)
EOF
    ok "$os: $(tail -n 1 "$work/$os/log/outputs.txt")"
  else
    fail "$os: outputs missing or jixiao.toml not applied: $(head -n 3 "$work/$os/log/outputs.txt")"
  fi
done

# Redirected, the console text is UTF-8 (and the same as Linux's, compared
# below); on a console (a pseudo-terminal here) it goes through wine's
# console, whose escape codes are stripped before reading it.
if iconv -f UTF-8 -t UTF-8 "$work/windows/log/run.out" > /dev/null && grep -q '共 9 个工作簿' "$work/windows/log/run.out"; then
  ok "redirected output is UTF-8: $(head -n 1 "$work/windows/log/run.out")"
else
  fail "redirected output of jixiao.exe run is not the expected UTF-8"
fi
(cd "$work/windows/$case_dir" && script -qec "wine '$exe' check '单位 报送\\青山湖 区 自评.xlsx'" /dev/null) \
  > "$logs/console-raw.txt" 2>&1 < /dev/null || true
sed -E 's/\x1b\[[0-9;?]*[A-Za-z]//g; s/\r//g' "$logs/console-raw.txt" > "$logs/console.txt"
if grep -q '^单位 报送\\青山湖 区 自评.xlsx — 未通过校验' "$logs/console.txt" && grep -q '必填项“填报日期”未填写' "$logs/console.txt"; then
  ok "console: $(head -n 1 "$logs/console.txt")"
else
  fail "console output of jixiao.exe check is not the expected Chinese text; see $logs/console.txt"
fi
# On a console the severities are coloured (jixiao.exe asks the console
# for ANSI colours; wine's accepts); redirected, no escape codes.
if grep -q $'\e\[1;31m' "$logs/console-raw.txt" && ! grep -rq $'\e' "$work/windows/log"; then
  ok "console: coloured; redirected output: no escape codes"
else
  fail "colours: expected on the console only; see $logs/console-raw.txt"
fi

echo "comparing every output and log of the two builds:"
if python3 tests/windows/compare.py "$work/linux" "$work/windows" > "$logs/compare.txt"; then
  ok "same outputs: $(tail -n 1 "$logs/compare.txt")"
else
  cat "$logs/compare.txt"
  fail "the builds' outputs differ; see $logs/compare.txt"
fi

# run on the samples (9 workbooks, in the case folder, so with the same
# fonts from jixiao.toml for both): median of 3 runs into a fresh folder,
# wall clock; under wine each includes wine's start.
median_run() {
  local os=$1 i s e times=()
  for i in 1 2 3; do
    rm -rf "$work/$os/$case_dir/计时"
    s=$(date +%s.%N)
    jx "$os" run "单位 报送" -o 计时 --quiet > /dev/null 2>&1 || true
    e=$(date +%s.%N)
    times+=("$(awk -v s="$s" -v e="$e" 'BEGIN { print e - s }')")
  done
  printf '%s\n' "${times[@]}" | sort -n | sed -n 2p
}
t_linux=$(median_run linux)
t_windows=$(median_run windows)
for os in linux windows; do
  [ -s "$work/$os/$case_dir/计时/summary.json" ] || fail "$os: the timed run wrote no summary.json"
done
printf 'jixiao run on input/ (9 workbooks), median of 3: Linux %.2f s, jixiao.exe under %s %.2f s\n' \
  "$t_linux" "$wine_version" "$t_windows" | tee -a "$logs/timings.txt"

for os in linux windows; do
  mkdir -p "$logs/$os"
  cp -r "$work/$os/log" "$logs/$os/"
  cp -r "$work/$os/$case_dir/结果 汇总" "$logs/$os/"
done
cp "$exe" "$logs/"

echo
echo "timings:"
sed 's/^/  /' "$logs/timings.txt"
if [ ${#failures[@]} -eq 0 ]; then
  echo "PASS: jixiao.exe under $wine_version gives the Linux build's results (logs in target/windows/)"
else
  echo "FAIL (${#failures[@]}):"
  printf '  %s\n' "${failures[@]}"
  exit 1
fi
