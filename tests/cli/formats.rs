//! The same filled workbook re-saved by LibreOffice as .xlsx, .xls and .ods
//! reads to the same model and the same findings as jixiao's own .xlsx.
//! The fixtures are made by `tests/fixtures/libreoffice/make.sh`.

use jixiao::check::{FileReport, check_bytes};
use jixiao::ingest::guard::Limits;
use jixiao::ingest::model::Department;
use jixiao::rules::settings::Settings;

use crate::support::workbook::{build, root};

fn report(name: &str, bytes: &[u8]) -> FileReport {
    check_bytes(name, bytes, &Settings::default(), &Limits::default())
}

/// Every value of the model, with its cell, as comparable text.
fn values(d: &Department) -> Vec<String> {
    let mut out = Vec::new();
    for (key, e) in &d.scalars {
        out.push(format!("{key} {:?} {:?}", e.spot, e.value));
    }
    for (key, t) in &d.tables {
        out.push(format!("{key} area {:?}", t.area));
        for row in &t.rows {
            for (c, e) in t.table.columns.iter().zip(&row.cells) {
                out.push(format!("{key}.{} {:?} {:?}", c.id, e.spot, e.value));
            }
        }
    }
    out
}

fn findings(r: &FileReport) -> Vec<String> {
    r.findings
        .iter()
        .map(|f| format!("{} {} {}", f.code.id(), f.location(), f.message))
        .collect()
}

fn same_as_jixiao(source: &str, stem: &str) {
    let inputs = jixiao::workbook::fill::read_source(&root().join(source)).unwrap();
    let ours = report("ours.xlsx", &build(&inputs));
    let ours_values = values(ours.department.as_ref().unwrap());
    for ext in ["xlsx", "xls", "ods"] {
        let path = root().join(format!("tests/fixtures/libreoffice/{stem}.{ext}"));
        let bytes = std::fs::read(&path).unwrap();
        let theirs = report("theirs", &bytes);
        let d = theirs
            .department
            .as_ref()
            .unwrap_or_else(|| panic!("{ext}: {:#?}", theirs.findings));
        let theirs_values = values(d);
        for (a, b) in ours_values.iter().zip(&theirs_values) {
            assert_eq!(a, b, "{stem}.{ext}");
        }
        assert_eq!(ours_values.len(), theirs_values.len(), "{stem}.{ext}");
        assert_eq!(findings(&ours), findings(&theirs), "{stem}.{ext}");
    }
}

#[test]
fn clean_fixture_resaved_by_libreoffice() {
    same_as_jixiao("tests/fixtures/clean.toml", "clean");
}

#[test]
fn junshan_sample_resaved_by_libreoffice() {
    same_as_jixiao("tests/samples/junshan-2022.toml", "junshan-2022");
}
