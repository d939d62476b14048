//! The completed workbook's 计算值 are live formulas over the department's
//! cells: a spreadsheet that recalculates them gets jixiao's figures. Each
//! formula's cached result is replaced by a wrong one, LibreOffice opens
//! the workbook recalculating every formula on load, and every 计算值 it
//! computes is compared with jixiao's. Needs LibreOffice: run in the slow
//! lane (`bash tests/visual.sh`), or with `--ignored` where `soffice` is.

use std::collections::BTreeMap;
use std::io::Cursor;
use std::process::Command;

use calamine::{Data, Reader, Xlsx};
use jixiao::check::check_bytes;
use jixiao::ingest::guard::Limits;
use jixiao::output::render_workbook;
use jixiao::rules::settings::Settings;

use crate::support::workbook::{patch_xlsx, root};

/// The cached results of the 评分表's live formulas, by (row, column).
fn live_values(bytes: &[u8]) -> BTreeMap<(u32, u32), f64> {
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes.to_vec())).unwrap();
    let formulas = book.worksheet_formula("评分表").unwrap();
    let values = book.worksheet_range("评分表").unwrap();
    let mut out = BTreeMap::new();
    for (r, c, f) in formulas.used_cells() {
        if !f.starts_with("IFERROR(") {
            continue;
        }
        let (row, col) = (
            formulas.start().unwrap().0 + r as u32,
            formulas.start().unwrap().1 + c as u32,
        );
        let value = match values.get_value((row, col)) {
            Some(Data::Float(x)) => *x,
            Some(Data::Int(i)) => *i as f64,
            other => panic!("评分表 ({row},{col}): {other:?}"),
        };
        out.insert((row, col), value);
    }
    out
}

/// Every live formula's cached result replaced by -999.
fn planted(bytes: &[u8]) -> Vec<u8> {
    patch_xlsx(bytes, |name, xml| {
        if !name.starts_with("xl/worksheets/sheet") {
            return xml;
        }
        let mut out = String::with_capacity(xml.len());
        let mut rest = xml.as_str();
        while let Some(at) = rest.find("<f>IFERROR(") {
            let v = at + rest[at..].find("<v>").unwrap() + 3;
            let end = v + rest[v..].find("</v>").unwrap();
            out.push_str(&rest[..v]);
            out.push_str("-999");
            rest = &rest[end..];
        }
        out.push_str(rest);
        out
    })
}

#[test]
#[ignore = "needs LibreOffice (the slow lane)"]
fn libreoffice_recalculates_every_live_figure_to_jixiaos() {
    let dir = tempfile::tempdir().unwrap();
    // LibreOffice recalculates an .xlsx on load only when told to.
    let profile = dir.path().join("profile");
    std::fs::create_dir_all(profile.join("user")).unwrap();
    std::fs::write(
        profile.join("user/registrymodifications.xcu"),
        r#"<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"#,
    )
    .unwrap();
    let mut checked = 0;
    let mut inputs: Vec<(String, Vec<u8>, Settings)> = [
        "tests/fixtures/libreoffice/clean.xlsx",
        "tests/fixtures/libreoffice/junshan-2022.xlsx",
        "input/chenxi-2022.xlsx",
        "input/junshan-2022.xlsx",
    ]
    .iter()
    .map(|p| {
        let bytes = std::fs::read(root().join(p)).unwrap();
        (p.to_string(), bytes, Settings::default())
    })
    .collect();
    // A local table whose metrics are formulas of its own (支付进度 at
    // four time points, one a month-end field).
    inputs.push((
        "local-table.xlsx".into(),
        crate::scoring::local_table_case(),
        Settings::with_frameworks(crate::scoring::local_table()),
    ));
    for (input, bytes, settings) in &inputs {
        let report = check_bytes(input, bytes, settings, &Limits::default());
        let completed = render_workbook(&report, &settings.scoring)
            .unwrap()
            .unwrap();
        let want = live_values(&completed);
        let wrong = planted(&completed);
        assert!(
            live_values(&wrong).values().all(|v| *v == -999.0),
            "{input}: every cache planted"
        );
        let stem = input.replace('/', "-");
        let path = dir.path().join(&stem);
        std::fs::write(&path, &wrong).unwrap();
        let out = dir.path().join("out");
        let status = Command::new("soffice")
            .arg("--headless")
            .arg(format!(
                "-env:UserInstallation=file://{}",
                profile.display()
            ))
            .args(["--convert-to", "xlsx", "--outdir"])
            .arg(&out)
            .arg(&path)
            .output()
            .expect("soffice runs");
        assert!(status.status.success(), "{input}: {status:?}");
        // LibreOffice's save is read for its values only: calamine places
        // the formulas of its files a few rows off.
        let recalculated = std::fs::read(out.join(&stem)).unwrap();
        let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(recalculated)).unwrap();
        let values = book.worksheet_range("评分表").unwrap();
        for (cell, w) in &want {
            let g = match values.get_value(*cell) {
                Some(Data::Float(x)) => *x,
                Some(Data::Int(i)) => *i as f64,
                other => panic!("{input} 评分表 {cell:?}: LibreOffice {other:?}, jixiao {w}"),
            };
            assert!(
                (g - w).abs() <= 1e-9 * w.abs().max(1.0),
                "{input} 评分表 {cell:?}: LibreOffice {g}, jixiao {w}"
            );
            checked += 1;
        }
    }
    eprintln!("{checked} figures recalculated");
    assert!(checked >= 25, "{checked} figures recalculated");
}
