//! The sample workbooks in `input/`: they are what `tests/samples/*.toml`
//! generate (part by part, unzipped), and `check` finds the published
//! documents' real defects in them.

use std::collections::BTreeMap;
use std::io::{Cursor, Read};

use jixiao::check::{FileReport, check_path};
use jixiao::contract::fields::{TBL_FINANCE, TBL_PROJECTS, col, key};
use jixiao::contract::finding::Code;
use jixiao::ingest::guard::Limits;
use jixiao::rules::settings::Settings;
use jixiao::workbook::layout::layout;

use crate::support::workbook::{build, root};

const SAMPLES: &[&str] = &["junshan-2022", "chenxi-2022", "qingshanhu-2020"];

fn report(stem: &str) -> FileReport {
    check_path(
        &root().join(format!("input/{stem}.xlsx")),
        &Settings::default(),
        &Limits::default(),
    )
}

fn has(r: &FileReport, code: Code, location: &str) -> bool {
    r.findings
        .iter()
        .any(|f| f.code == code && f.location() == location)
}

fn listing(r: &FileReport) -> String {
    r.findings
        .iter()
        .map(|f| format!("{} {} {}", f.code.id(), f.location(), f.message))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The parts of an .xlsx by name, unzipped, with the timestamps of
/// `docProps/core.xml` blanked: what the workbook says, whichever zip writer
/// or compression level packed it and whenever.
fn parts(xlsx: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let mut zip = zip::ZipArchive::new(Cursor::new(xlsx)).unwrap();
    let mut parts = BTreeMap::new();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let name = entry.name().unwrap().to_string();
        let mut data = Vec::new();
        entry.read_to_end(&mut data).unwrap();
        if name == "docProps/core.xml" {
            let mut xml = String::from_utf8(data).unwrap();
            for tag in ["dcterms:created", "dcterms:modified"] {
                blank_element(&mut xml, tag);
            }
            data = xml.into_bytes();
        }
        parts.insert(name, data);
    }
    parts
}

/// Empties the text of the element `<tag …>…</tag>`, if there is one.
fn blank_element(xml: &mut String, tag: &str) {
    let Some(open) = xml.find(&format!("<{tag}")) else {
        return;
    };
    let Some(start) = xml[open..].find('>').map(|i| open + i + 1) else {
        return;
    };
    if let Some(end) = xml[start..].find(&format!("</{tag}>")) {
        xml.replace_range(start..start + end, "");
    }
}

/// Where two versions of a part first differ, with some text around it.
fn first_difference(committed: &[u8], generated: &[u8]) -> String {
    let at = committed
        .iter()
        .zip(generated)
        .position(|(a, b)| a != b)
        .unwrap_or(committed.len().min(generated.len()));
    let around = |bytes: &[u8]| {
        let from = at.saturating_sub(80);
        String::from_utf8_lossy(&bytes[from..(at + 80).min(bytes.len())]).into_owned()
    };
    format!(
        "at byte {at}:\n  committed: …{}…\n  generated: …{}…",
        around(committed),
        around(generated)
    )
}

#[test]
fn input_workbooks_are_generated_from_their_sources() {
    for stem in SAMPLES {
        let inputs =
            jixiao::workbook::fill::read_source(&root().join(format!("tests/samples/{stem}.toml")))
                .unwrap();
        let committed = parts(&std::fs::read(root().join(format!("input/{stem}.xlsx"))).unwrap());
        let generated = parts(&build(&inputs));
        let stale = "run `bash tests/samples/regenerate.sh`";
        assert_eq!(
            committed.keys().collect::<Vec<_>>(),
            generated.keys().collect::<Vec<_>>(),
            "input/{stem}.xlsx has other parts than its source gives: {stale}"
        );
        for (name, part) in &committed {
            assert!(
                *part == generated[name],
                "input/{stem}.xlsx is out of date in {name} {}\n{stale}",
                first_difference(part, &generated[name])
            );
        }
    }
}

#[test]
fn junshan_2022_reads_with_its_published_figures() {
    let r = report("junshan-2022");
    let d = r.department.as_ref().unwrap();
    assert_eq!(d.text(key::UNIT_NAME), Some("岳阳市君山区医疗保障局"));
    assert_eq!(d.int(key::STAFF_QUOTA), Some(26));
    let summary = &d.rows(&TBL_FINANCE)[0];
    assert_eq!(
        summary.dec(col::EXPENSE_TOTAL).unwrap().to_string(),
        "2854.84"
    );
    assert_eq!(d.rows(&TBL_FINANCE).len(), 3);
    assert!(
        !r.findings.iter().any(|f| f.code == Code::SumSubunits),
        "{}",
        listing(&r)
    );
}

#[test]
fn chenxi_2022_shows_its_defects() {
    let r = report("chenxi-2022");
    let l = layout(
        &jixiao::workbook::fill::read_source(&root().join("tests/samples/chenxi-2022.toml"))
            .unwrap(),
    );
    let at = |k: &str| l.scalars[k].to_string();
    // 新增固定资产 7.5 against 6.38 + 1.22.
    assert!(
        has(&r, Code::SumAssets, &at("assets_total")),
        "{}",
        listing(&r)
    );
    // 公用经费控制率 272.74 / 86 = 317.14%.
    let public = r
        .findings
        .iter()
        .find(|f| f.code == Code::PlausRateHigh && f.location() == at("public_budget"));
    assert!(
        public.is_some_and(|f| f.message.contains("317.14%")),
        "{}",
        listing(&r)
    );
    // 预算完成率 2815.61 / 5380.44 = 52.33%.
    let low = r
        .findings
        .iter()
        .find(|f| f.code == Code::PlausExecutionLow);
    assert!(
        low.is_some_and(|f| f.message.contains("52.33%")),
        "{}",
        listing(&r)
    );
}

#[test]
fn qingshanhu_2020_shows_its_defects() {
    let r = report("qingshanhu-2020");
    let d = r.department.as_ref().unwrap();
    // Figures typed in 元 are read in 万元, exactly.
    assert_eq!(
        d.dec(key::BUDGET_EXECUTED).unwrap().to_string(),
        "716.706575"
    );
    assert!(
        r.findings.iter().any(|f| f.code == Code::NoteUnit),
        "{}",
        listing(&r)
    );
    // "2019年区财政已下拨…" in a 2020 report.
    let years = r
        .findings
        .iter()
        .filter(|f| f.code == Code::PlausYearInText)
        .count();
    assert!(years >= 3, "{}", listing(&r));
    assert_eq!(d.rows(&TBL_PROJECTS).len(), 6);
    assert!(
        r.findings.iter().any(|f| f.code == Code::CrossProjectTotal),
        "{}",
        listing(&r)
    );
}
