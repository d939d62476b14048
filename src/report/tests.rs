//! The report's trace, end to end: every number of each sample's
//! `report.md` is a figure the view model traces to its source.
//!
//! What counts as a number is [`number_tokens`]'s rule. Not figures, and
//! so not looked for: the numbering of a Markdown list (`3. ` at the start
//! of a line), of an appendix (`附表2`), and of a table's 序号 column (a
//! row's first cell, when it is only a number).

use std::collections::HashSet;
use std::path::Path;

use crate::check::check_path;
use crate::ingest::guard::Limits;
use crate::report::render::{REPORT_MD, Templates};
use crate::report::view::{self, Figure, number_tokens};
use crate::rules::settings::Settings;

const SAMPLES: &[&str] = &["junshan-2022", "chenxi-2022", "qingshanhu-2020"];

/// Whether the number at `at` of a line numbers a list, an appendix or a
/// table row rather than stating a figure.
fn numbering(line: &str, at: usize, number: &str) -> bool {
    let before = &line[..at];
    let after = &line[at + number.len()..];
    (before.is_empty() && after.starts_with(". "))
        || before.ends_with("附表")
        || (before == "| " && after.starts_with(" |"))
}

/// The sentence of a line around a byte offset.
fn sentence(line: &str, at: usize) -> &str {
    let start = line[..at].rfind('。').map_or(0, |i| i + '。'.len_utf8());
    let end = line[at..]
        .find('。')
        .map_or(line.len(), |i| at + i + '。'.len_utf8());
    &line[start..end]
}

/// Each number of a rendered report that no figure's text holds, with its
/// sentence.
fn untraced(report: &str, figures: &[Figure]) -> Vec<String> {
    let traced: HashSet<String> = figures
        .iter()
        .flat_map(|f| number_tokens(&f.text))
        .map(|(_, n)| n)
        .collect();
    let mut out = Vec::new();
    for line in report.lines() {
        for (at, n) in number_tokens(line) {
            if !numbering(line, at, &n) && !traced.contains(&n) {
                out.push(format!("{n}：{}", sentence(line, at)));
            }
        }
    }
    out
}

fn sample_view(stem: &str) -> (view::ReportView, String) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("input/{stem}.xlsx"));
    let report = check_path(&path, &Settings::default(), &Limits::default());
    let view = view::build_traced(&report).expect("a sample is read");
    let md = Templates::defaults()
        .expect("the default templates load")
        .render(REPORT_MD, &view)
        .expect("the report renders");
    (view, md)
}

#[test]
fn every_number_of_each_sample_report_is_a_traced_figure() {
    for stem in SAMPLES {
        let (view, md) = sample_view(stem);
        let missing = untraced(&md, &view.figures);
        assert!(
            missing.is_empty(),
            "{stem}: numbers with no traced figure:\n{}",
            missing.join("\n")
        );
    }
}

#[test]
fn a_number_the_view_does_not_trace_is_reported_with_its_sentence() {
    let (mut view, _) = sample_view("junshan-2022");
    view.spending.income_sentence = Some("上年决算98765.43万元，下降10.69%。".to_string());
    let md = Templates::defaults()
        .unwrap()
        .render(REPORT_MD, &view)
        .unwrap();
    let missing = untraced(&md, &view.figures);
    assert!(
        missing.contains(&"98765.43：上年决算98765.43万元，下降10.69%。".to_string()),
        "{missing:?}"
    );
}

#[test]
fn numbering_is_not_a_figure() {
    assert!(numbering("3. 预算完成率", 0, "3"));
    assert!(numbering("### 附表2　项目", 4 + "附表".len(), "2"));
    assert!(numbering("| 1 | 目标 |", 2, "1"));
    assert!(!numbering("| 2,815.61 | 目标 |", 2, "2815.61"));
    assert!(!numbering("共3. 5个", 3, "3"));
}

#[test]
fn tracing_changes_nothing_the_report_says() {
    for stem in SAMPLES {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("input/{stem}.xlsx"));
        let report = check_path(&path, &Settings::default(), &Limits::default());
        let templates = Templates::defaults().unwrap();
        let plain = view::build(&report).unwrap();
        let traced = view::build_traced(&report).unwrap();
        assert!(plain.figures.is_empty() && !traced.figures.is_empty());
        assert_eq!(
            templates.render(REPORT_MD, &plain).unwrap(),
            templates.render(REPORT_MD, &traced).unwrap(),
            "{stem}"
        );
    }
}
