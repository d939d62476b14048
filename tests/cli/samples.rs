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

/// Fails unless the committed workbook `path` holds what `generated` does.
fn assert_generated(path: &str, generated: &[u8]) {
    let committed = parts(&std::fs::read(root().join(path)).unwrap());
    let generated = parts(generated);
    let stale = "run `bash tests/samples/regenerate.sh`";
    assert_eq!(
        committed.keys().collect::<Vec<_>>(),
        generated.keys().collect::<Vec<_>>(),
        "{path} has other parts than its source gives: {stale}"
    );
    for (name, part) in &committed {
        assert!(
            *part == generated[name],
            "{path} is out of date in {name} {}\n{stale}",
            first_difference(part, &generated[name])
        );
    }
}

/// The names of a source's projects, in its order.
fn project_names(inputs: &jixiao::workbook::inputs::Inputs) -> Vec<String> {
    inputs
        .tables
        .get("tbl_projects")
        .into_iter()
        .flatten()
        .filter_map(|row| match row.get(col::NAME.as_str()) {
            Some(jixiao::workbook::inputs::Input::Text(t)) => Some(t.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn input_workbooks_are_generated_from_their_sources() {
    for stem in SAMPLES {
        let source = root().join(format!("tests/samples/{stem}.toml"));
        let inputs = jixiao::workbook::fill::read_source(&source).unwrap();
        assert_generated(&format!("input/{stem}.xlsx"), &build(&inputs));
        // Each project of the department, as its own 项目支出绩效自评表.
        let names = project_names(&inputs);
        let folder = root().join(format!("input/{stem}-projects"));
        let mut committed: Vec<String> = std::fs::read_dir(&folder)
            .map(|d| {
                d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default();
        committed.sort();
        let mut expected: Vec<String> = names.iter().map(|n| format!("{n}.xlsx")).collect();
        expected.sort();
        assert_eq!(committed, expected, "input/{stem}-projects");
        for name in &names {
            let project =
                jixiao::workbook::fill::for_project(inputs.clone(), Some(name), "source").unwrap();
            let bytes = jixiao::workbook::project::build(
                &project.inputs,
                &jixiao::workbook::options::TemplateOptions::default(),
            )
            .unwrap();
            assert_generated(&format!("input/{stem}-projects/{name}.xlsx"), &bytes);
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

/// The six project tables of the 青山湖区 document, each its own workbook:
/// read as projects, not departments, and their published mistakes found
/// (two totals of 94 over items that sum to 89 and 84, weights of 95 and
/// 90 points, 2019 in 2020 tables), with no department field asked for.
#[test]
fn qingshanhu_projects_show_their_published_mistakes() {
    let folder = root().join("input/qingshanhu-2020-projects");
    let check = |name: &str| {
        check_path(
            &folder.join(format!("{name}.xlsx")),
            &Settings::default(),
            &Limits::default(),
        )
    };
    let codes = |r: &FileReport, code: Code| r.findings.iter().filter(|f| f.code == code).count();
    for (name, stated, sum, points) in [
        ("定点医疗机构资格准入评估费", "94", "89.00", "95"),
        ("城乡医疗救助", "94", "84.00", "90"),
    ] {
        let r = check(name);
        let d = r.department.as_ref().unwrap();
        assert_eq!(d.kind, jixiao::contract::fields::WorkbookKind::Project);
        let card = r.score.as_ref().unwrap();
        assert!(card.department.is_none());
        let [p] = card.projects.as_slice() else {
            panic!("{name}: {:?}", card.projects)
        };
        assert!(!p.valid, "{name}");
        assert_eq!(p.grade, None, "{name}");
        let total = r
            .findings
            .iter()
            .find(|f| f.code == Code::ScoreProjectTotal)
            .unwrap_or_else(|| panic!("{name}: {}", listing(&r)));
        assert_eq!(total.found.as_deref(), Some(stated), "{name}");
        assert_eq!(total.expected.as_deref(), Some(sum), "{name}");
        let weights = r
            .findings
            .iter()
            .find(|f| f.code == Code::ScoreProjectPoints)
            .unwrap_or_else(|| panic!("{name}: {}", listing(&r)));
        assert!(
            weights.message.contains(&format!("为 {points}，")),
            "{}",
            weights.message
        );
        assert!(
            codes(&r, Code::PlausYearInText) > 0,
            "{name}: {}",
            listing(&r)
        );
    }
    // The year a project is named for is no wrong year.
    let r = check("2020年困难企业职工医疗保险配套资金");
    assert_eq!(codes(&r, Code::PlausYearInText), 0, "{}", listing(&r));
    assert!(r.score.as_ref().unwrap().projects[0].valid);
    // Only the project's own fields are asked for: 填报日期, 联系人, 联系电话
    // are not in the document.
    for name in ["城乡居民医疗保险配套补助经费", "2020年离休干部医疗统筹金"]
    {
        let r = check(name);
        let required: Vec<&str> = r
            .findings
            .iter()
            .filter(|f| f.code == Code::FieldRequired)
            .filter_map(|f| f.field.as_deref())
            .collect();
        assert_eq!(
            required,
            ["fill_date", "contact_name", "contact_phone"],
            "{name}: {}",
            listing(&r)
        );
    }
}
