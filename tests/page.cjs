// The self-check page's test (tests/page.sh): drives the built page
// (target/page/jixiao.html) in headless Chromium through puppeteer-core,
// as a clerk would: opens it from disk, picks each workbook with the file
// button, waits for the findings, reads what the page found
// (window.jixiao.results) and clicks the download buttons. Writes, per
// workbook, into OUT/NAME/: page-check.json and page-score.json (the
// documents the page shows), and the downloaded completed workbook and
// report; OUT/page.json has the timings and every request the page made.
// Exit 1 when the page fails to load, a workbook is not checked, a download
// does not arrive, or the page requests anything but itself.
//
//   node tests/page.cjs PAGE OUT [--framework FILE] WORKBOOK...
//
// With --framework, the page is given that framework file with its picker
// before each workbook (and before the blank template). The page with
// its results is also checked with axe-core: a serious or critical
// accessibility violation fails.
//
// NODE_PATH must reach puppeteer-core and axe-core; CHROMIUM names the
// browser (default /usr/bin/chromium).
const fs = require("fs");
const path = require("path");
const puppeteer = require("puppeteer-core");
const axeSource = require("axe-core").source;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Waits for a file to appear complete in `dir` (Chromium writes
// NAME.crdownload first) and returns its path.
async function downloaded(dir, before, timeoutMs) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    const now = fs.readdirSync(dir).filter((n) => !before.has(n) && !n.endsWith(".crdownload"));
    if (now.length > 0) return path.join(dir, now[0]);
    await sleep(50);
  }
  throw new Error("no download arrived in " + dir);
}

async function main() {
  let [pageFile, out, ...workbooks] = process.argv.slice(2);
  let framework = null;
  if (workbooks[0] === "--framework") {
    framework = path.resolve(workbooks[1]);
    workbooks = workbooks.slice(2);
  }
  const pageUrl = "file://" + path.resolve(pageFile);
  fs.mkdirSync(out, { recursive: true });
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
    headless: true,
  });
  const requests = [];
  const report = { page: pageFile, load_ms: [], files: [], requests };
  let failed = false;
  try {
    // A tab with the page loaded from disk, recording what it requests.
    // One a workbook: Chromium holds back a tab's later downloads as
    // "multiple downloads" without a person's click.
    const open = async () => {
      const tab = await browser.newPage();
      await tab.setViewport({ width: 390, height: 844, isMobile: true });
      tab.on("request", (r) => requests.push(r.url().slice(0, 200)));
      tab.on("pageerror", (e) => { console.error("page error: " + e.message); failed = true; });
      const cdp = await tab.createCDPSession();
      await tab.goto(pageUrl, { waitUntil: "load" });
      await tab.waitForFunction(() => ["ready", "failed"].includes(document.body.dataset.state), { timeout: 60000 });
      const loaded = await tab.evaluate(() => ({ state: document.body.dataset.state, said: document.getElementById("state").textContent, timings: window.jixiao.timings }));
      if (loaded.state !== "ready") throw new Error("the page did not load: " + loaded.said);
      report.load_ms.push(loaded.timings.load_ms);
      if (framework) {
        const picker = await tab.$("#framework-file");
        await picker.uploadFile(framework);
        await tab.waitForFunction(() => document.getElementById("framework-state").textContent !== "", { timeout: 20000 });
        const said = await tab.evaluate(() => document.getElementById("framework-state").textContent);
        if (!said.startsWith("已选择评价框架")) throw new Error("the framework was not taken: " + said);
        report.framework = said;
      }
      return { tab, cdp };
    };

    // The blank template, from the page's own button.
    let { tab, cdp } = await open();
    const blanks = path.resolve(out, "blank");
    fs.mkdirSync(blanks, { recursive: true });
    await cdp.send("Browser.setDownloadBehavior", { behavior: "allow", downloadPath: blanks });
    await tab.evaluate(() => document.querySelector("details.setup").open = true);
    const before = new Set(fs.readdirSync(blanks));
    await tab.click("#blank-department");
    report.blank = path.basename(await downloaded(blanks, before, 20000));

    for (const workbook of workbooks) {
      const name = path.basename(workbook);
      const dir = path.resolve(out, name);
      fs.mkdirSync(dir, { recursive: true });
      await tab.close();
      ({ tab, cdp } = await open());
      await tab.evaluate(() => { document.body.dataset.state = "checking"; });
      const input = await tab.$("#files");
      await input.uploadFile(path.resolve(workbook));
      await tab.waitForFunction(() => document.body.dataset.state === "done", { timeout: 60000 });
      const result = await tab.evaluate(() => {
        const r = window.jixiao.results[0];
        return { error: r.error || null, check_ms: r.check_ms, diagnostics: r.diagnostics, scores: r.scores, shown: document.querySelectorAll("table.findings tbody tr").length };
      });
      if (result.error) {
        console.error(name + ": " + result.error);
        failed = true;
        continue;
      }
      fs.writeFileSync(path.join(dir, "page-check.json"), JSON.stringify(result.diagnostics, null, 2));
      fs.writeFileSync(path.join(dir, "page-score.json"), JSON.stringify(result.scores, null, 2));
      const entry = { file: name, check_ms: result.check_ms, findings: result.diagnostics.files[0].findings.length, shown: result.shown, downloads: {} };
      await cdp.send("Browser.setDownloadBehavior", { behavior: "allow", downloadPath: dir });
      for (const which of ["completed", "report"]) {
        const button = await tab.$(`section.file button[data-download="${which}"]`);
        if (!button) continue;
        const seen = new Set(fs.readdirSync(dir));
        const t0 = Date.now();
        await button.click();
        entry.downloads[which] = path.basename(await downloaded(dir, seen, 30000));
        entry[which + "_ms"] = Date.now() - t0;
      }
      report.files.push(entry);
      console.log(`${name}: ${entry.findings} findings (${entry.shown} rows shown), checked in ${entry.check_ms} ms; downloaded ${Object.values(entry.downloads).join(", ")}`);
    }
    await tab.screenshot({ path: path.join(out, "page-390.png"), fullPage: false });
    // The page as a clerk sees it after a check, through axe-core.
    await tab.addScriptTag({ content: axeSource });
    const axe = await tab.evaluate(async () =>
      // eslint-disable-next-line no-undef
      axe.run(document, { resultTypes: ["violations"] }));
    report.accessibility = axe.violations.map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.length})`);
    for (const v of report.accessibility) console.log("accessibility: " + v);
    if (axe.violations.some((v) => v.impact === "serious" || v.impact === "critical")) failed = true;
  } catch (e) {
    console.error(String(e.stack || e));
    failed = true;
  } finally {
    await browser.close();
  }
  // The page itself is the only thing it may ask for; blob: URLs are its
  // own downloads, data: URLs its own bytes.
  const outside = requests.filter((u) => u !== pageUrl && !u.startsWith("blob:") && !u.startsWith("data:"));
  report.outside = outside;
  fs.writeFileSync(path.join(out, "page.json"), JSON.stringify(report, null, 2));
  const loads = report.load_ms.slice().sort((a, b) => a - b);
  console.log(`page loaded ${loads.length} times, median ${loads[loads.length >> 1]} ms; ${requests.length} requests, ${outside.length} outside the page`);
  for (const u of outside) console.error("outside request: " + u);
  if (outside.length > 0) failed = true;
  process.exit(failed ? 1 : 0);
}

main();
