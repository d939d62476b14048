// The accessibility check of tests/visual.sh: runs axe-core (the npm
// package) in headless Chromium (puppeteer-core driving the system's
// chromium) over each HTML page given, and prints every violation with its
// impact. Exit 1 when a page named with --strict has a serious or critical
// violation; the other pages are only listed.
//
//   node tests/axe.cjs [--strict PAGE]... [PAGE]...
//
// NODE_PATH must reach puppeteer-core and axe-core (tests/visual.sh
// installs them under target/visual/.node); CHROMIUM names the browser
// (default /usr/bin/chromium).
const path = require("path");
const puppeteer = require("puppeteer-core");
const axeSource = require("axe-core").source;

async function main() {
  const args = process.argv.slice(2);
  const pages = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--strict") {
      pages.push({ file: args[++i], strict: true });
    } else {
      pages.push({ file: args[i], strict: false });
    }
  }
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run"],
    headless: true,
  });
  let failed = false;
  try {
    for (const p of pages) {
      const tab = await browser.newPage();
      await tab.setViewport({ width: 1280, height: 900 });
      await tab.goto("file://" + path.resolve(p.file), { waitUntil: "load" });
      await tab.addScriptTag({ content: axeSource });
      const result = await tab.evaluate(async () =>
        // eslint-disable-next-line no-undef
        axe.run(document, { resultTypes: ["violations"] }),
      );
      const grave = result.violations.filter((v) =>
        ["serious", "critical"].includes(v.impact),
      );
      console.log(
        `${p.file}: ${result.violations.length} violation(s), ` +
          `${grave.length} serious or critical${p.strict ? "" : " (listed only)"}`,
      );
      for (const v of result.violations) {
        console.log(`  [${v.impact}] ${v.id}: ${v.help} (${v.nodes.length} element(s))`);
        for (const n of v.nodes.slice(0, 3)) {
          console.log(`      ${n.target.join(" ")}`);
        }
      }
      if (p.strict && grave.length > 0) {
        failed = true;
      }
      await tab.close();
    }
  } finally {
    await browser.close();
  }
  process.exit(failed ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  process.exit(2);
});
