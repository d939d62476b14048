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
    // 公用经费控制率 272.74 / 86 = 317.14%: the report's “公用经费控制率317%”.
    let public = r
        .findings
        .iter()
        .find(|f| f.code == Code::PlausRateHigh && f.location() == at("public_budget"));
    assert!(
        public.is_some_and(|f| f.message.contains("317.14%")),
        "{}",
        listing(&r)
    );
    // The report's “预算完成率为52.33%” is 2815.61 / 5380.44 on the 年初
    // budget alone; the document gives no 预算调整数, so jixiao cannot say
    // what the 全年预算数 was: no rate, and no warning built on a guess.
    assert!(
        !r.findings.iter().any(|f| f.code == Code::PlausExecutionLow),
        "{}",
        listing(&r)
    );
    let completion = r
        .score
        .as_ref()
        .unwrap()
        .department
        .as_ref()
        .unwrap()
        .indicators
        .iter()
        .find(|i| i.name == "预算完成率")
        .unwrap();
    assert_eq!(completion.system, None);
    assert!(
        completion.explain.contains("预算调整数"),
        "{}",
        completion.explain
    );
    // “编制内在职人员控制率为100%”: 在职 6 of 核定编制 6.
    let staff = r
        .score
        .as_ref()
        .expect("scored")
        .department
        .as_ref()
        .unwrap()
        .indicators
        .iter()
        .find(|i| i.name == "在职人员控制率")
        .expect("在职人员控制率");
    assert_eq!(staff.computed.as_deref(), Some("100.00%"));
}

/// The required fields each source document leaves out, and only those: the
/// samples transcribe what their documents state and estimate nothing, so
/// `check` names every gap instead of the report stating a guess as fact.
#[test]
fn samples_leave_blank_what_their_documents_do_not_give() {
    const SANGONG_PLANNED: &[&str] = &[
        "sg_abroad_budget",
        "sg_car_buy_budget",
        "sg_car_run_budget",
        "sg_reception_budget",
    ];
    const SANGONG_PREV: &[&str] = &[
        "sg_abroad_prev",
        "sg_car_buy_prev",
        "sg_car_run_prev",
        "sg_reception_prev",
    ];
    const SANGONG_PREV_BUDGET: &[&str] = &[
        "sg_abroad_prev_budget",
        "sg_car_buy_prev_budget",
        "sg_car_run_prev_budget",
        "sg_reception_prev_budget",
    ];
    const ADJUSTMENT: &[&str] = &[
        "budget_adjustment",
        "budget_added",
        "budget_reduced",
        "budget_restructured",
    ];
    let cases: [(&str, Vec<&str>); 3] = [
        (
            "junshan-2022",
            [
                &["fill_date", "head_name", "budget_initial"][..],
                ADJUSTMENT,
                SANGONG_PLANNED,
                &["sg_abroad_actual", "sg_car_buy_actual"],
                SANGONG_PREV,
                SANGONG_PREV_BUDGET,
                &["assets_leased", "assets_other"],
            ]
            .concat(),
        ),
        (
            "chenxi-2022",
            [
                &["fill_date", "head_name", "contact_name", "contact_phone"][..],
                ADJUSTMENT,
                SANGONG_PLANNED,
                SANGONG_PREV,
                SANGONG_PREV_BUDGET,
                &["assets_in_use", "assets_leased", "assets_other"],
                &["tbl_finance.income_total"],
            ]
            .concat(),
        ),
        (
            "qingshanhu-2020",
            [
                &[
                    "fill_date",
                    "head_name",
                    "contact_name",
                    "contact_phone",
                    "staff_quota",
                ][..],
                ADJUSTMENT,
                SANGONG_PREV_BUDGET,
            ]
            .concat(),
        ),
    ];
    for (stem, expected) in cases {
        let r = report(stem);
        let mut missing: Vec<&str> = r
            .findings
            .iter()
            .filter(|f| f.code == Code::FieldRequired)
            .filter_map(|f| f.field.as_deref())
            .collect();
        missing.sort_unstable();
        let mut expected = expected;
        expected.sort_unstable();
        assert_eq!(missing, expected, "{stem}\n{}", listing(&r));
    }
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
