//! The completed workbook written streamed, as jixiao writes it, holds what
//! the standard mode writes: every cell, format, row option and part.

use super::*;
use calamine::Reader as _;
use std::io::Read as _;

/// The parts of a list element of styles.xml (`fonts`, `fills`, …), in
/// order.
fn items<'a>(xml: &'a str, list: &str, item: &str) -> Vec<&'a str> {
    let Some(start) = xml
        .find(&format!("<{list}"))
        .and_then(|s| xml[s..].find('>').map(|e| s + e + 1))
    else {
        return Vec::new();
    };
    let end = xml[start..]
        .find(&format!("</{list}>"))
        .map_or(xml.len(), |e| start + e);
    xml[start..end]
        .split(&format!("<{item}"))
        .skip(1)
        .map(|p| p.trim_end_matches(&format!("</{item}>")))
        .collect()
}

fn attr<'a>(tag: &'a str, name: &str) -> Option<&'a str> {
    let from = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    tag[from..].split('"').next()
}

/// Each cell format of styles.xml written out whole (number format,
/// font, fill and border in place of their ids), by index.
fn resolved_formats(styles: &str) -> Vec<String> {
    let fonts = items(styles, "fonts", "font");
    let fills = items(styles, "fills", "fill");
    let borders = items(styles, "borders", "border");
    let codes: std::collections::HashMap<&str, &str> = items(styles, "numFmts", "numFmt")
        .iter()
        .filter_map(|n| Some((attr(n, "numFmtId")?, attr(n, "formatCode")?)))
        .collect();
    let pick = |list: &[&str], id: Option<&str>| -> String {
        id.and_then(|i| i.parse::<usize>().ok())
            .and_then(|i| list.get(i))
            .map_or_else(String::new, |s| (*s).to_string())
    };
    items(styles, "cellXfs", "xf")
        .iter()
        .map(|xf| {
            let num = attr(xf, "numFmtId").unwrap_or("0");
            let mut rest = (*xf).to_string();
            for id in ["numFmtId", "fontId", "fillId", "borderId"] {
                if let Some(v) = attr(xf, id) {
                    rest = rest.replace(&format!(" {id}=\"{v}\""), "");
                }
            }
            format!(
                "fmt[{}] font[{}] fill[{}] border[{}] {rest}",
                codes.get(num).copied().unwrap_or(num),
                pick(&fonts, attr(xf, "fontId")),
                pick(&fills, attr(xf, "fillId")),
                pick(&borders, attr(xf, "borderId")),
            )
        })
        .collect()
}

/// Every cell (value, formula and format), every row's options and every
/// other part but the string table and the styles, of a workbook.
fn contents(bytes: &[u8]) -> Vec<String> {
    let mut out = Vec::new();
    let mut book = calamine::open_workbook_from_rs::<calamine::Xlsx<_>, _>(std::io::Cursor::new(
        bytes.to_vec(),
    ))
    .expect("xlsx");
    for name in book.sheet_names() {
        let values = book.worksheet_range(&name).expect("sheet");
        for (r, c, v) in values.used_cells() {
            out.push(format!("{name}!{r},{c}={v:?}"));
        }
        let formulas = book.worksheet_formula(&name).expect("formulas");
        for (r, c, f) in formulas.used_cells() {
            out.push(format!("{name}!{r},{c}:={f}"));
        }
    }
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let mut styles = String::new();
    zip.by_name("xl/styles.xml")
        .expect("styles")
        .read_to_string(&mut styles)
        .expect("utf-8");
    let formats = resolved_formats(&styles);
    let format_of = |tag: &str| {
        attr(tag, "s")
            .and_then(|i| i.parse::<usize>().ok())
            .and_then(|i| formats.get(i))
            .cloned()
            .unwrap_or_default()
    };
    let names: Vec<String> = (0..zip.len())
        .map(|i| {
            zip.by_index(i)
                .expect("part")
                .name()
                .expect("name")
                .into_owned()
        })
        .collect();
    for name in names {
        let mut text = String::new();
        zip.by_name(&name)
            .expect("part")
            .read_to_string(&mut text)
            .expect("utf-8");
        if name.starts_with("xl/worksheets/sheet") {
            // Excel repairs (and reports as damaged) a repeated row.
            let rows: Vec<u32> = text
                .split("<row r=\"")
                .skip(1)
                .filter_map(|t| t.split('"').next()?.parse().ok())
                .collect();
            assert!(
                rows.windows(2).all(|w| w[0] < w[1]),
                "{name}: rows {rows:?}"
            );
            for tail in text.split("<row ").skip(1) {
                let tag = tail.split('>').next().unwrap_or_default();
                if let Some(r) = attr(&format!(" {tag}"), "r") {
                    let options: Vec<&str> = tag
                        .trim_end_matches('/')
                        .split(' ')
                        .filter(|a| {
                            !a.is_empty()
                                && !a.starts_with("spans=")
                                && !a.starts_with("s=")
                                && !a.starts_with("r=")
                        })
                        .collect();
                    // Rows without options say nothing the cells do not.
                    if !options.is_empty() {
                        out.push(format!(
                            "{name} row {r} {} {}",
                            options.join(" "),
                            format_of(&format!(" {tag}"))
                        ));
                    }
                }
            }
            for tail in text.split("<c ").skip(1) {
                let tag = tail.split('>').next().unwrap_or_default();
                let at = attr(&format!(" {tag}"), "r")
                    .unwrap_or_default()
                    .to_string();
                out.push(format!(
                    "{name} cell {at} {}",
                    format_of(&format!(" {tag}"))
                ));
            }
            // Everything around the cells (views, panes, columns, merges,
            // validations, filters, conditional formats, page setup,
            // the notes' drawing) is written the same.
            let around = match (text.find("<sheetData"), text.find("</sheetData>")) {
                (Some(a), Some(b)) => format!("{}{}", &text[..a], &text[b..]),
                _ => text.clone(),
            };
            out.push(format!("{name} around\n{around}"));
        } else if name.starts_with("xl/charts/chart") {
            // A streamed sheet's charts cache no values (see
            // `completed_workbook_with`): the rest of a chart is the same.
            out.push(format!("{name}\n{}", without_cached_values(&text)));
        } else if name != "xl/sharedStrings.xml" && name != "xl/styles.xml" {
            // The standard mode's string table, named where parts are listed.
            let text = text
                .replace("<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/>", "")
                .replace("<Relationship Id=\"rId15\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings\" Target=\"sharedStrings.xml\"/>", "");
            out.push(format!("{name}\n{text}"));
        }
    }
    out
}

/// A chart part without the copies of its series' values
/// (`<c:numCache>`, `<c:strCache>`), and so without the kind of
/// reference (`c:strRef` for text) that only those values tell.
fn without_cached_values(chart: &str) -> String {
    let mut out = String::with_capacity(chart.len());
    let mut rest = chart;
    loop {
        let next = ["<c:numCache>", "<c:strCache>"]
            .iter()
            .filter_map(|open| Some((rest.find(open)?, open)))
            .min();
        let Some((at, open)) = next else { break };
        let close = open.replace('<', "</");
        out.push_str(&rest[..at]);
        match rest[at..].find(&close) {
            Some(end) => rest = &rest[at + end + close.len()..],
            None => {
                rest = &rest[at..];
                break;
            }
        }
    }
    out.push_str(rest);
    out.replace("c:strRef>", "c:numRef>")
}

#[test]
fn the_streamed_workbook_holds_what_the_standard_one_does() {
    let ctx = crate::rules::settings::Settings::default();
    let frameworks = Frameworks::builtin_checked();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("input");
    let mut seen = 0;
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.expect("entry");
        if !entry.file_type().is_file() || entry.path().extension().is_none_or(|e| e != "xlsx") {
            continue;
        }
        let path = entry.path();
        let bytes = std::fs::read(path).expect("sample");
        let name = path.display().to_string();
        let report = crate::check::check_bytes(
            &name,
            &bytes,
            &ctx,
            &crate::ingest::guard::Limits::default(),
        );
        assert!(
            !report.findings.is_empty(),
            "{name}: the samples keep their mistakes"
        );
        let streamed = completed_workbook_with(&report, &frameworks, true)
            .expect("streamed")
            .expect("a workbook");
        let held = completed_workbook_with(&report, &frameworks, false)
            .expect("held")
            .expect("a workbook");
        // The held workbook's charts cache their values; the streamed
        // one's draw them from the cells.
        let chart = |bytes: &[u8]| {
            let mut text = String::new();
            zip::ZipArchive::new(std::io::Cursor::new(bytes))
                .expect("zip")
                .by_name("xl/charts/chart1.xml")
                .expect("a chart")
                .read_to_string(&mut text)
                .expect("utf-8");
            text
        };
        // A project's form has no charts.
        let department = report
            .department
            .as_ref()
            .is_some_and(|d| d.kind == crate::contract::fields::WorkbookKind::Department);
        if department {
            assert!(chart(&held).contains("<c:pt "), "{name}");
            assert!(!chart(&streamed).contains("<c:pt "), "{name}");
        }
        let (a, b) = (contents(&streamed), contents(&held));
        let least = if department { 500 } else { 100 };
        assert!(a.len() > least, "{name}: {} items", a.len());
        for (x, y) in a.iter().zip(&b) {
            assert_eq!(x, y, "{name}");
        }
        assert_eq!(a.len(), b.len(), "{name}");
        // The department's own package edited: the added sheets held in
        // memory bring their text along, as streamed ones do.
        let dept = report.department.as_ref().expect("read");
        let edited = |streamed| {
            edit::completed_package_with(&report, dept, &bytes, &frameworks, streamed)
                .expect("edited")
        };
        let (a, b) = (contents(&edited(true)), contents(&edited(false)));
        assert!(a.len() > least, "{name}: {} items", a.len());
        for (x, y) in a.iter().zip(&b) {
            assert_eq!(x, y, "{name}");
        }
        assert_eq!(a.len(), b.len(), "{name}");
        seen += 1;
    }
    // The three department samples and the six projects of one of them.
    assert_eq!(seen, 9);
}
