#!/usr/bin/env bash
# Builds the self-check page (自查页面): one self-contained HTML file,
# target/page/jixiao.html, with the WebAssembly module inlined, so that it
# works opened from disk (file://) as well as from any web server.
#
#   bash web/build.sh
#
# Needs the Rust toolchain only: it adds the wasm32-unknown-unknown target
# and installs wasm-bindgen's command (the version web/Cargo.toml pins)
# when they are missing. See README（自查页面）and docs/performance.md.
set -euo pipefail
cd "$(dirname "$0")/.."

# Equal to the wasm-bindgen crate's version in web/Cargo.toml: the command
# refuses a module made by another version.
bindgen_version=$(sed -n 's/^wasm-bindgen = "=\(.*\)"$/\1/p' web/Cargo.toml)
out=target/page
work=$out/build

rustup target add wasm32-unknown-unknown
if ! wasm-bindgen --version 2>/dev/null | grep -qF " $bindgen_version"; then
  echo "installing wasm-bindgen-cli $bindgen_version"
  cargo install wasm-bindgen-cli --version "$bindgen_version"
fi

cargo build --locked -p jixiao-web --target wasm32-unknown-unknown --profile web
rm -rf "$work"
mkdir -p "$work"
wasm-bindgen --target no-modules --no-typescript \
  --remove-name-section --remove-producers-section \
  --out-dir "$work" target/wasm32-unknown-unknown/web/jixiao_web.wasm

# The module gzip-compressed and in base64 inside the page: a third of its
# size on disk, and unpacked by the browser's DecompressionStream.
gzip -9 -n -c "$work/jixiao_web_bg.wasm" | base64 -w 120 > "$work/module.b64"
version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)
sed -e "s/@@VERSION@@/$version/g" \
  -e "/^@@WASM@@\$/{r $work/module.b64" -e 'd;}' \
  -e "/^@@GLUE@@\$/{r $work/jixiao_web.js" -e 'd;}' \
  web/page.html > "$out/jixiao.html"

raw=$(wc -c < "$work/jixiao_web_bg.wasm")
page=$(wc -c < "$out/jixiao.html")
gz=$(gzip -9 -n -c "$out/jixiao.html" | wc -c)
echo "built $out/jixiao.html: $page bytes ($gz gzip-compressed); module $raw bytes"
