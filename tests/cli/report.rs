//! `jixiao report`: the completed workbook and the narrative report of one
//! workbook, read back from the files the binary writes.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use jixiao::check::{FileReport, check_bytes, check_path};
use jixiao::contract::cell::CellValue;
use jixiao::contract::fields::{TBL_PROBLEMS, col};
use jixiao::ingest::guard::Limits;
use jixiao::ingest::read::read_bytes;
use jixiao::report::view::VIEW_VERSION;
use jixiao::rules::settings::Settings;
use jixiao::workbook::complete::sheets::{CHARTS_SHEET, FINDINGS_SHEET, PROJECTS_SHEET};
use jixiao::workbook::inputs::Inputs;

use crate::support::workbook::{build, clean_inputs, num, root, set_cell, text};

const SAMPLES: &[&str] = &["junshan-2022", "chenxi-2022", "qingshanhu-2020"];

fn jixiao() -> Command {
    let mut cmd = Command::cargo_bin("jixiao").unwrap();
    cmd.current_dir(root());
    cmd
}

/// Runs `jixiao report` on a file into a fresh folder; returns the folder.
fn report_into(file: &Path, extra: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let mut cmd = jixiao();
    cmd.arg("report").arg(file).arg("-o").arg(&out).args(extra);
    let output = cmd.output().unwrap();
    assert!(
        matches!(output.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    (tmp, out)
}

fn read(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join(name)).unwrap()
}

fn sample(stem: &str) -> PathBuf {
    root().join(format!("input/{stem}.xlsx"))
}

#[test]
fn every_output_is_written_for_each_sample() {
    for stem in SAMPLES {
        let (_tmp, out) = report_into(&sample(stem), &[]);
        let mut names: Vec<String> = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            // `.jixiao-report` records what report wrote.
            .filter(|n| !n.starts_with('.'))
            .collect();
        names.sort();
        assert_eq!(
            names,
            [
                "completed.xlsx",
                "diagnostics.json",
                "findings.html",
                "report.docx",
                "report.html",
                "report.md",
                "report.public.docx",
                "report.public.html"
            ],
            "{stem}"
        );
        let diagnostics: serde_json::Value =
            serde_json::from_str(&read(&out, "diagnostics.json")).unwrap();
        assert_eq!(diagnostics["schema"], "jixiao-check/1");
        let checked = check_path(&sample(stem), &Settings::default(), &Limits::default());
        assert_eq!(
            diagnostics["files"][0]["findings"]
                .as_array()
                .unwrap()
                .len(),
            checked.findings.len(),
            "{stem}"
        );
        // The problem list people read: the same findings, one row each,
        // by sheet, each with its hint.
        let page = read(&out, "findings.html");
        assert!(page.contains("<html lang=\"zh-CN\">"), "{stem}");
        let rows = ["error", "warning", "note"]
            .iter()
            .map(|s| page.matches(&format!("<tr class=\"{s}\">")).count())
            .sum::<usize>();
        assert_eq!(rows, checked.findings.len(), "{stem}");
        // Messages without characters HTML escapes are on the page as they are.
        for f in checked
            .findings
            .iter()
            .filter(|f| !f.message.contains(['&', '<', '>', '"', '\'', '/']))
        {
            assert!(page.contains(&f.message), "{stem}: {}", f.message);
        }
        let sheets = checked
            .findings
            .iter()
            .map(|f| f.sheet.as_deref().unwrap_or("文件"))
            .collect::<std::collections::BTreeSet<_>>();
        for sheet in sheets {
            assert!(page.contains(&format!("<h2>{sheet}（")), "{stem}: {sheet}");
        }
    }
}

/// The crate's version as a whole word, wherever a report names it (its
/// generator line, its closing sentence): filtered out of the snapshots so
/// that a version bump does not rewrite them.
fn version_filter() -> (String, &'static str) {
    let version = env!("CARGO_PKG_VERSION")
        .replace('.', r"\.")
        .replace('+', r"\+");
    (format!(r"\b{version}\b"), "[version]")
}

#[test]
fn reports_of_the_samples_match_their_snapshots() {
    let (version, placeholder) = version_filter();
    insta::with_settings!({ filters => vec![(version.as_str(), placeholder)] }, {
        for stem in SAMPLES {
            let (_tmp, out) = report_into(&sample(stem), &[]);
            insta::assert_snapshot!(format!("{stem}.md"), read(&out, "report.md"));
            insta::assert_snapshot!(format!("{stem}.html"), read(&out, "report.html"));
        }
    });
}

/// A problem list as people read it: one sample's `findings.html`, its
/// style sheet (shared with the reports, and checked with them) left out.
#[test]
fn a_problem_list_matches_its_snapshot() {
    let (version, placeholder) = version_filter();
    // The file as named on the command line: the checkout's path left out.
    let checkout = format!("{}/", root().display())
        .chars()
        .map(|c| match c {
            c if c.is_alphanumeric() || c == '/' || c == '_' || c == '-' => c.to_string(),
            c => format!("\\{c}"),
        })
        .collect::<String>();
    let filters = vec![
        (version.as_str(), placeholder),
        (checkout.as_str(), ""),
        (r"(?s)<style>.*?</style>", "<style>[…]</style>"),
    ];
    insta::with_settings!({ filters => filters }, {
        let (_tmp, out) = report_into(&sample("junshan-2022"), &[]);
        insta::assert_snapshot!("junshan-2022.findings.html", read(&out, "findings.html"));
    });
}

/// What a workbook gives when checked: every finding as text, and the scores.
fn outcome(r: &FileReport) -> (Vec<String>, String) {
    let findings = r
        .findings
        .iter()
        .map(|f| {
            format!(
                "{} {:?} {} {:?} {} {:?} {:?}",
                f.code.id(),
                f.severity,
                f.location(),
                f.field,
                f.message,
                f.expected,
                f.found
            )
        })
        .collect();
    let score = serde_json::to_string_pretty(&r.score).unwrap();
    (findings, score)
}

#[test]
fn completed_workbook_reads_back_to_the_same_findings_and_scores() {
    for stem in SAMPLES {
        let (_tmp, out) = report_into(&sample(stem), &[]);
        let original = check_path(&sample(stem), &Settings::default(), &Limits::default());
        let completed = check_path(
            &out.join("completed.xlsx"),
            &Settings::default(),
            &Limits::default(),
        );
        let (f1, s1) = outcome(&original);
        let (f2, s2) = outcome(&completed);
        assert_eq!(f1, f2, "{stem}: findings differ");
        assert_eq!(s1, s2, "{stem}: scores differ");
        assert_eq!(original.status, completed.status, "{stem}");
    }
}

#[test]
fn completed_workbook_has_computed_cells_marks_and_extra_sheets() {
    let (_tmp, out) = report_into(&sample("junshan-2022"), &[]);
    let bytes = std::fs::read(out.join("completed.xlsx")).unwrap();
    let wb = read_bytes(&bytes, &Limits::default()).unwrap();
    for sheet in [FINDINGS_SHEET, PROJECTS_SHEET, CHARTS_SHEET] {
        assert!(wb.sheet_names.iter().any(|s| s == sheet), "{sheet}");
    }
    let xml = unzip_all(&bytes);
    // The 评分表's system scores and total are there, cached for viewers
    // that do not recalculate.
    let scores = sheet_xml(&xml, &wb.sheet_names, "评分表");
    assert!(scores.contains("<f>SUM(H"), "no total formula");
    assert!(scores.contains("<v>98</v>"), "total not cached");
    // The 校验结果 sheet links to the cell of the error (a required cell).
    let findings = sheet_xml(&xml, &wb.sheet_names, FINDINGS_SHEET);
    assert!(findings.contains("<hyperlink"), "no links");
    assert!(xml.iter().any(|(n, _)| n.contains("comments")), "no notes");
    assert!(
        xml.iter().any(|(n, _)| n.contains("charts/chart")),
        "no charts"
    );
    // Every worksheet prints on A4.
    for (name, text) in &xml {
        if name.starts_with("xl/worksheets/sheet") {
            assert!(text.contains("paperSize=\"9\""), "{name} is not A4");
        }
    }
}

fn unzip_all(bytes: &[u8]) -> Vec<(String, String)> {
    use std::io::Read as _;
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut s = String::new();
            f.read_to_string(&mut s).unwrap_or_default();
            (f.name().unwrap().to_string(), s)
        })
        .collect()
}

fn sheet_xml<'a>(xml: &'a [(String, String)], names: &[String], sheet: &str) -> &'a str {
    let i = names.iter().position(|s| s == sheet).unwrap() + 1;
    let path = format!("xl/worksheets/sheet{i}.xml");
    &xml.iter().find(|(n, _)| *n == path).unwrap().1
}

const HOSTILE: &[&str] = &[
    "<script>alert(1)</script>",
    "\"><img src=x onerror=alert(1)>",
    "a|b|c",
    "=HYPERLINK(\"http://x\",\"y\")",
    "@SUM(A1)",
    "**粗** [链](http://x) `c`",
];

fn hostile_inputs() -> Inputs {
    let mut inputs = clean_inputs();
    inputs
        .scalars
        .insert("unit_name".into(), text(&format!("测试局{}", HOSTILE[0])));
    inputs
        .scalars
        .insert("functions".into(), text(&HOSTILE.join("\n")));
    for (i, h) in HOSTILE.iter().enumerate() {
        set_cell(&mut inputs, "tbl_problems", i, "text", Some(text(h)));
        set_cell(&mut inputs, "tbl_measures", i, "text", Some(text(h)));
        set_cell(&mut inputs, "tbl_goals", i, "goal", Some(text(h)));
    }
    set_cell(
        &mut inputs,
        "tbl_finance",
        0,
        "unit",
        Some(text(HOSTILE[2])),
    );
    inputs
}

#[test]
fn hostile_text_is_escaped_in_html_and_markdown_and_stays_text_in_the_workbook() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("hostile.xlsx");
    std::fs::write(&file, build(&hostile_inputs())).unwrap();
    let (_t, out) = report_into(&file, &[]);
    for name in ["report.html", "report.public.html"] {
        let html = read(&out, name);
        assert!(!html.contains("<script"), "{name}: raw <script>");
        assert!(!html.contains("<img"), "{name}: raw <img>");
        assert!(
            html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{name}"
        );
        assert!(
            html.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"),
            "{name}"
        );
    }
    let md = read(&out, "report.md");
    assert!(!md.contains("<script"), "markdown: raw <script>");
    assert!(!md.contains("<img"), "markdown: raw <img>");
    assert!(
        md.contains("a\\|b\\|c"),
        "markdown: | not escaped in a table cell"
    );
    assert!(
        md.contains("\\*\\*粗\\*\\* \\[链\\](http://x) \\`c\\`"),
        "markdown emphasis"
    );
    // Every table row still has the header's number of cells.
    for table in md.split("\n\n").filter(|b| b.starts_with('|')) {
        let cells = |line: &str| line.replace("\\|", "").matches('|').count();
        let mut lines = table.lines();
        let width = cells(lines.next().unwrap());
        for line in lines {
            assert_eq!(cells(line), width, "broken row: {line}");
        }
    }
    // In the completed workbook the text is text: no formula anywhere but
    // jixiao's own totals, and the cells read back as written.
    let bytes = std::fs::read(out.join("completed.xlsx")).unwrap();
    for (name, xml) in unzip_all(&bytes) {
        assert!(
            !xml.contains("<f>HYPERLINK"),
            "{name}: a formula from user text"
        );
        assert!(
            !xml.contains("<f>@SUM") && !xml.contains("<f>SUM(A1)"),
            "{name}"
        );
    }
    let report = check_bytes("c.xlsx", &bytes, &Settings::default(), &Limits::default());
    let dept = report.department.unwrap();
    let problems: Vec<&CellValue> = dept
        .rows(&TBL_PROBLEMS)
        .iter()
        .map(|r| &r.entry(col::TEXT).raw)
        .collect();
    for (i, h) in HOSTILE.iter().enumerate() {
        assert_eq!(problems[i], &CellValue::Text((*h).to_string()));
    }
}

#[test]
fn the_departments_explanations_follow_the_figures_they_explain_escaped() {
    let mut inputs = clean_inputs();
    inputs.scalars.insert(
        "finance_note".into(),
        text("收入含上年结转20万元。\n- 列表？<b>粗</b> | 竖线"),
    );
    inputs
        .scalars
        .insert("execution_note".into(), text("执行偏慢因 **项目** 延期"));
    // 公用经费 over its budget: the indicator loses points, and its 说明 follows.
    inputs.scalars.insert("public_budget".into(), num(60.0));
    let row = inputs.tables["tbl_scores"]
        .iter()
        .position(|r| matches!(r.get("level3"), Some(jixiao::workbook::inputs::Input::Text(t)) if t == "公用经费控制率"))
        .expect("the clean fixture scores 公用经费控制率");
    set_cell(
        &mut inputs,
        "tbl_scores",
        row,
        "note",
        Some(text("超支因[办公楼](http://x)维修")),
    );
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("notes.xlsx");
    std::fs::write(&file, build(&inputs)).unwrap();
    let (_t, out) = report_into(&file, &[]);
    let md = read(&out, "report.md");
    let at = |s: &str| md.find(s).unwrap_or_else(|| panic!("{s} not in:\n{md}"));
    // 收支情况说明 after the 收支 sentences, 预算执行情况说明 after the
    // budget's; each escaped, its lines kept in its paragraph.
    let finance =
        at("> 单位说明：收入含上年结转20万元。<br>\\- 列表？&lt;b&gt;粗&lt;/b&gt; \\| 竖线");
    let execution = at("> 单位说明：执行偏慢因 \\*\\*项目\\*\\* 延期");
    assert!(at("整体支出") < finance && finance < at("年初预算") && at("年初预算") < execution);
    assert!(execution < at("### （三）“三公”经费"));
    // The indicator's 说明 beside its rate, in 扣分说明 and in the 评分表.
    let lost = md
        .lines()
        .find(|l| l.contains("**公用经费控制率**"))
        .expect("公用经费控制率 loses points");
    assert!(
        lost.contains("公用经费控制率 150.00%")
            && lost.ends_with("。单位说明：超支因\\[办公楼\\](http://x)维修"),
        "{lost}"
    );
    let scored = md
        .lines()
        .find(|l| l.starts_with("| 过程 | 预算执行 | 公用经费控制率 |"))
        .unwrap();
    assert!(
        scored.contains("单位说明：超支因\\[办公楼\\](http://x)维修 |"),
        "{scored}"
    );
    let html = read(&out, "report.html");
    assert!(!html.contains("<b>粗"), "raw HTML from a 说明");
    assert!(html.contains("&lt;b&gt;粗&lt;&#x2F;b&gt;") || html.contains("&lt;b&gt;粗&lt;/b&gt;"));
    assert!(html.contains("超支因[办公楼](http://x)维修"));
}

#[test]
fn public_report_masks_mobiles_and_removes_names() {
    // The sample has errors: its public report is made only when asked.
    let (_tmp, out) = report_into(&sample("junshan-2022"), &["--public-despite-errors"]);
    let internal = read(&out, "report.html");
    let public = read(&out, "report.public.html");
    for personal in ["15897303065", "万琼", "王卫国", "曾红卫", "方勤"] {
        assert!(
            internal.contains(personal),
            "{personal} missing from the internal report"
        );
        assert!(
            !public.contains(personal),
            "{personal} in the public report"
        );
    }
    assert!(public.contains("158****3065"));
    // All else is identical: the same sections, tables and figures, but
    // the problems and measures made from the check's findings.
    let outline = |html: &str| -> Vec<String> {
        html.lines()
            .filter(|l| l.starts_with("<h") || l.starts_with("<tr") || l.starts_with("<li"))
            .filter(|l| !l.contains("评价组"))
            .filter(|l| {
                !l.contains("自评材料")
                    && !l.contains("逐项更正校验发现")
                    && !l.contains("逐处核对说明文字")
            })
            .map(str::to_string)
            .collect()
    };
    assert_eq!(outline(&internal), outline(&public));
}

#[test]
fn overriding_one_partial_changes_only_that_part() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("mine");
    std::fs::create_dir_all(dir.join("partials")).unwrap();
    std::fs::write(
        dir.join("partials/problems.html"),
        "<section id=\"problems\"><h2>五、问题</h2><p>本局自定义：{{ problems | length }} 条</p></section>\n",
    )
    .unwrap();
    let (_a, default) = report_into(&sample("junshan-2022"), &[]);
    let (_b, custom) = report_into(
        &sample("junshan-2022"),
        &["--templates", dir.to_str().unwrap()],
    );
    let split = |html: &str| -> (String, String, String) {
        let start = html.find("<section id=\"problems\">").unwrap();
        let end = start + html[start..].find("</section>").unwrap() + "</section>".len();
        (
            html[..start].to_string(),
            html[start..end].to_string(),
            html[end..].to_string(),
        )
    };
    let (pre1, mid1, post1) = split(&read(&default, "report.html"));
    let (pre2, mid2, post2) = split(&read(&custom, "report.html"));
    assert_eq!(pre1, pre2);
    assert_eq!(post1, post2);
    assert_ne!(mid1, mid2);
    assert!(mid2.contains("本局自定义：6 条"), "{mid2}");
    // The Markdown report was not overridden.
    assert_eq!(read(&default, "report.md"), read(&custom, "report.md"));
}

#[test]
fn broken_user_template_is_reported_at_its_line_and_column() {
    let (_tmp, file, stderr, out) = report_with_partial(
        "partials/results.html",
        "<section>\n<p>{{ results.total | num }}</p>\n<p>{% if %}</p>\n",
    );
    let expected = format!("{}:3:", file.display());
    assert!(stderr.contains(&expected), "{stderr}");
    assert!(!out.exists(), "outputs written despite a broken template");
}

/// Runs `jixiao report` on the junshan sample with one overriding partial;
/// returns the partial's path, the standard error and the output folder.
fn report_with_partial(name: &str, text: &str) -> (tempfile::TempDir, PathBuf, String, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("mine");
    std::fs::create_dir_all(dir.join("partials")).unwrap();
    let file = dir.join(name);
    std::fs::write(&file, text).unwrap();
    let out = tmp.path().join("out");
    let assert = jixiao()
        .args(["report", "input/junshan-2022.xlsx", "-o"])
        .arg(&out)
        .arg("--templates")
        .arg(&dir)
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&assert.get_output().stderr).into_owned();
    (tmp, file, stderr, out)
}

#[test]
fn a_template_for_an_older_view_model_names_what_it_lacks_and_what_to_do() {
    let old = VIEW_VERSION - 1;
    let (_tmp, file, stderr, out) = report_with_partial(
        "partials/results.html",
        &format!(
            "{{# jixiao-view/{old} -#}}\n<section id=\"results\">\n<p>{{{{ results.old_total }}}}</p>\n</section>\n"
        ),
    );
    for expected in [
        format!("模板 {}:3:", file.display()),
        "没有变量“results.old_total”".to_string(),
        format!("该模板为视图模型第 {old} 版而写"),
        format!("本版 jixiao 的视图模型为第 {VIEW_VERSION} 版"),
        "jixiao templates eject".to_string(),
        "docs/templates.md".to_string(),
        // Tera's own words stay in the chain.
        "Field `old_total` is not defined".to_string(),
    ] {
        assert!(stderr.contains(&expected), "{expected}\n{stderr}");
    }
    assert!(!out.exists(), "outputs written despite a missing variable");
}

#[test]
fn an_unmarked_template_that_lacks_a_variable_is_called_unmarked() {
    let (_tmp, file, stderr, _out) = report_with_partial(
        "partials/problems.md",
        "## 五、存在的主要问题\n{% for p in problems %}{{ p.wording }}{% endfor %}\n",
    );
    for expected in [
        format!("模板 {}:2:", file.display()),
        "没有变量“p.wording”".to_string(),
        "该模板未标记版本".to_string(),
        format!("本版 jixiao 的视图模型为第 {VIEW_VERSION} 版"),
    ] {
        assert!(stderr.contains(&expected), "{expected}\n{stderr}");
    }
}

#[test]
fn a_template_for_a_newer_view_model_is_refused() {
    let newer = VIEW_VERSION + 1;
    let (_tmp, file, stderr, out) = report_with_partial(
        "partials/goals.html",
        &format!("{{# jixiao-view/{newer} -#}}\n<section id=\"goals\"></section>\n"),
    );
    for expected in [
        format!("模板 {} 为视图模型第 {newer} 版而写", file.display()),
        format!("本版 jixiao 的视图模型（第 {VIEW_VERSION} 版）"),
        "请升级 jixiao".to_string(),
    ] {
        assert!(stderr.contains(&expected), "{expected}\n{stderr}");
    }
    assert!(!out.exists(), "outputs written despite a newer template");
}

#[test]
fn ejected_templates_are_the_defaults_and_are_not_overwritten() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("tpl");
    jixiao()
        .args(["templates", "eject"])
        .arg(&dir)
        .assert()
        .code(0);
    for (name, text) in jixiao::report::render::DEFAULTS {
        assert_eq!(
            std::fs::read_to_string(dir.join(name)).unwrap(),
            *text,
            "{name}"
        );
    }
    jixiao()
        .args(["templates", "eject"])
        .arg(&dir)
        .assert()
        .code(2);
    // Rendering with the ejected copies gives the default report.
    let (_a, default) = report_into(&sample("chenxi-2022"), &[]);
    let (_b, ejected) = report_into(
        &sample("chenxi-2022"),
        &["--templates", dir.to_str().unwrap()],
    );
    assert_eq!(read(&default, "report.html"), read(&ejected, "report.html"));
}

#[test]
fn unreadable_workbook_gets_diagnostics_only() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("broken.xlsx");
    std::fs::write(&file, b"not a workbook").unwrap();
    let (_t, out) = report_into(&file, &[]);
    let names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.'))
        .collect();
    assert_eq!(names, ["diagnostics.json"]);
}

#[test]
fn clean_workbook_report_has_no_failure_notice() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("clean.xlsx");
    std::fs::write(&file, build(&clean_inputs())).unwrap();
    let (_t, out) = report_into(&file, &[]);
    let html = read(&out, "report.html");
    assert!(
        !html.contains("未通过校验"),
        "clean workbook reported as failed"
    );
    assert!(html.contains("lang=\"zh-CN\""));
    assert!(!html.contains("http://") && !html.contains("https://") && !html.contains("<script"));
    let checked = check_path(&file, &Settings::default(), &Limits::default());
    let completed = check_path(
        &out.join("completed.xlsx"),
        &Settings::default(),
        &Limits::default(),
    );
    assert!(completed.findings.is_empty(), "{:#?}", completed.findings);
    assert_eq!(checked.score, completed.score);
}

/// 53号's “三公经费”变动率 compares this year's budget with last year's:
/// the report states both totals and the change, each traced to the
/// template's 上年预算 column (template version 2).
#[test]
fn the_sangong_budgets_of_both_years_are_compared() {
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("clean.xlsx");
    std::fs::write(&file, build(&clean_inputs())).unwrap();
    let (_t, out) = report_into(&file, &[]);
    let md = read(&out, "report.md");
    // 本年预算 5.00 + 3.00 against 上年预算 5.00 + 3.50 (tests/fixtures/clean.toml).
    assert!(
        md.contains("本年预算8.00万元，决算为预算的78.75%；上年预算8.50万元，本年预算比上年减少0.50万元，下降5.88%"),
        "{md}"
    );
    assert!(
        md.contains("| 项目 | 本年预算 | 本年决算 | 上年决算 | 上年预算 |"),
        "{md}"
    );
    // Without last year's budget (a first-template workbook, say) nothing
    // is compared.
    let mut inputs = clean_inputs();
    inputs.scalars.remove("sg_reception_prev_budget");
    std::fs::write(&file, build(&inputs)).unwrap();
    let (_t2, out) = report_into(&file, &[]);
    let md = read(&out, "report.md");
    assert!(!md.contains("上年预算8.50"), "{md}");
    assert!(!md.contains("本年预算比上年"), "{md}");
}

/// A project workbook filled from the 青山湖区 sample's 城乡医疗救助, whose
/// indicator points and 预算执行率 add up to 90, not 100.
fn project_workbook(dir: &Path) -> PathBuf {
    let path = dir.join("城乡医疗救助.xlsx");
    let output = jixiao()
        .args(["fill", "--kind", "project", "--project", "城乡医疗救助"])
        .arg(root().join("tests/samples/qingshanhu-2020.toml"))
        .arg("-o")
        .arg(&path)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    path
}

/// Each number of a rendered report that no figure's text holds, but for
/// the numbering of a list (`3. ` at the start of a line).
fn untraced(report: &str, figures: &[jixiao::report::view::Figure]) -> Vec<String> {
    use jixiao::report::view::number_tokens;
    let traced: std::collections::HashSet<String> = figures
        .iter()
        .flat_map(|f| number_tokens(&f.text))
        .map(|(_, n)| n)
        .collect();
    report
        .lines()
        .flat_map(|line| {
            number_tokens(line)
                .into_iter()
                .filter(|(at, n)| !(*at == 0 && line[n.len()..].starts_with(". ")))
                .filter(|(_, n)| !traced.contains(n))
                .map(move |(_, n)| format!("{n}：{line}"))
        })
        .collect()
}

#[test]
fn a_project_workbook_gets_a_project_report_with_no_grade_for_points_that_do_not_add_up() {
    let tmp = tempfile::tempdir().unwrap();
    let workbook = project_workbook(tmp.path());
    let (_out_tmp, out) = report_into(&workbook, &[]);
    let md = read(&out, "report.md");
    let html = read(&out, "report.html");
    // A workbook with errors: its public report is a notice, unless asked.
    let notice = read(&out, "report.public.html");
    assert!(
        notice.contains("暂不公开")
            && notice.contains("2020年度“城乡医疗救助”项目支出绩效自评报告")
    );
    let (_public_tmp, despite) = report_into(&workbook, &["--public-despite-errors"]);
    let public = read(&despite, "report.public.html");
    assert!(
        public.contains("计算值 84.00（权重不符），不评定等次")
            && !public.contains("项目分值之和不等于满分")
            && !public.contains("城乡医疗救助.xlsx"),
        "the public report states the figures, not the check's findings"
    );
    for (name, text) in [("md", &md), ("html", &html)] {
        assert!(
            text.contains("2020年度“城乡医疗救助”项目支出绩效自评报告"),
            "{name}: title"
        );
        assert!(
            !text.contains("部门整体支出") && !text.contains("部门（单位）概况"),
            "{name}: no department section"
        );
        assert!(
            text.contains("计算值 84.00（权重不符），不评定等次"),
            "{name}"
        );
        assert!(!text.contains("系统计算得分 84.00"), "{name}: no score");
        for grade in ["优", "良", "中", "差"] {
            assert!(!text.contains(&format!("等次 {grade}")), "{name}: {grade}");
        }
        assert!(
            text.contains("项目分值之和不等于满分"),
            "{name}: the finding"
        );
        assert!(text.contains("自评表未说明项目的组织实施情况"), "{name}");
    }
    let (version, placeholder) = version_filter();
    insta::with_settings!({ filters => vec![(version.as_str(), placeholder)] }, {
        insta::assert_snapshot!("project-城乡医疗救助.md", md);
        insta::assert_snapshot!("project-城乡医疗救助.html", html);
    });
    // The trace covers every number the report states.
    let report = check_path(&workbook, &Settings::default(), &Limits::default());
    let figures = jixiao::report::view::figures(&report).expect("figures");
    let missing = untraced(&md, &figures);
    assert!(missing.is_empty(), "untraced:\n{}", missing.join("\n"));
}
