//! The month's trend: each `jixiao run` adds its counts to history.json
//! in the output folder, kept across runs; index.html charts the last run
//! of each month and summary.xlsx lists every run on its 历史 sheet.

use serde_json::Value;

use crate::support::workbook::{clean_of, jixiao, put};

fn history(dir: &std::path::Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(dir.join("out/history.json")).unwrap()).unwrap()
}

#[test]
fn every_run_adds_a_line_and_the_chart_shows_each_months_last() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    put(dir, "in/甲局.xlsx", &clean_of("甲局", (2023, 3, 1)));
    put(dir, "名单.csv", "单位名称\n甲局\n乙局\n丙局\n".as_bytes());
    let run = || {
        let out = jixiao(dir)
            .args(["run", "in", "-o", "out", "--quiet", "--roster", "名单.csv"])
            .output()
            .unwrap();
        assert!(out.status.code().is_some_and(|c| c <= 1));
    };
    run();
    let first = history(dir);
    let runs = first["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1);
    assert_eq!(runs[0]["expected_units"], 3);
    assert_eq!(runs[0]["department"], 1);
    assert_eq!(runs[0]["passed"], 1);
    assert_eq!(runs[0]["missing"], 2);

    // Two earlier months, as earlier runs left them (the second month run
    // twice), then a unit more this month.
    let mut seeded = first.clone();
    let line = |at: &str, department: u64, passed: u64| {
        let mut l = runs[0].clone();
        l["at"] = at.into();
        l["month"] = at[..7].into();
        l["department"] = department.into();
        l["passed"] = passed.into();
        l
    };
    seeded["runs"] = serde_json::json!([
        line("2001-01-10T09:00:00+08:00", 0, 0),
        line("2001-02-03T09:00:00+08:00", 1, 0),
        line("2001-02-20T09:00:00+08:00", 2, 1),
    ]);
    std::fs::write(
        dir.join("out/history.json"),
        serde_json::to_string(&seeded).unwrap(),
    )
    .unwrap();
    put(dir, "in/乙局.xlsx", &clean_of("乙局", (2023, 3, 2)));
    run();
    let after = history(dir);
    let runs = after["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 4, "every run is kept");
    assert_eq!(runs[3]["department"], 2);
    assert_eq!(runs[3]["missing"], 1);

    let html = std::fs::read_to_string(dir.join("out/index.html")).unwrap();
    let svg = &html[html.find("<svg class=\"history-chart\"").unwrap()..];
    let svg = &svg[..svg.find("</svg>").unwrap()];
    // Three months, the last run of each: February's 2, not its 1.
    assert!(svg.contains("2001-01 收到 0"), "{svg}");
    assert!(svg.contains("2001-02 收到 2"), "{svg}");
    assert!(!svg.contains("2001-02 收到 1"), "{svg}");
    let month = runs[3]["month"].as_str().unwrap();
    assert!(svg.contains(&format!("{month} 收到 2")), "{svg}");
    assert!(svg.contains(&format!("{month} 应报送 3")), "{svg}");
    assert!(!html.contains("<script"));

    // summary.xlsx: one row a run.
    let xlsx = std::fs::read(dir.join("out/summary.xlsx")).unwrap();
    use calamine::Reader as _;
    let mut wb: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(xlsx)).unwrap();
    let rows: Vec<Vec<String>> = wb
        .worksheet_range("历史")
        .unwrap()
        .rows()
        .map(|r| r.iter().map(ToString::to_string).collect())
        .collect();
    assert_eq!(rows.len(), 5, "{rows:?}");
    assert_eq!(rows[0][4], "收到部门整体");
    assert_eq!(rows[4][4], "2");
    assert_eq!(rows[2][1], "2001-02");
}
