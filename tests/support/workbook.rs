//! Building test workbooks: the clean fixture, mutations of it, and edits of a
//! written .xlsx at the XML level (what another program filling the template
//! through its defined names would do).

use std::collections::BTreeMap;
use std::io::{Cursor, Read, Write};
use std::path::{Path, PathBuf};

use jixiao::workbook::inputs::{Input, Inputs};
use jixiao::workbook::options::TemplateOptions;
use jixiao::workbook::template;

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The inputs of `tests/fixtures/clean.toml`.
pub fn clean_inputs() -> Inputs {
    jixiao::workbook::fill::read_source(&root().join("tests/fixtures/clean.toml"))
        .expect("clean fixture parses")
}

/// Writes inputs to .xlsx bytes with the standard template.
pub fn build(inputs: &Inputs) -> Vec<u8> {
    template::build(inputs, &TemplateOptions::default()).expect("template builds")
}

pub fn text(s: &str) -> Input {
    Input::Text(s.to_string())
}

pub fn num(n: f64) -> Input {
    Input::Number(n)
}

/// Sets column `col` of row `i` of table `key`.
pub fn set_cell(inputs: &mut Inputs, key: &str, i: usize, col: &str, value: Option<Input>) {
    let rows = inputs.tables.entry(key.to_string()).or_default();
    while rows.len() <= i {
        rows.push(BTreeMap::new());
    }
    match value {
        Some(v) => {
            rows[i].insert(col.to_string(), v);
        }
        None => {
            rows[i].remove(col);
        }
    }
}

/// Rewrites the text of zip entries of an .xlsx.
pub fn patch_xlsx(bytes: &[u8], mut edit: impl FnMut(&str, String) -> String) -> Vec<u8> {
    let mut zin = zip::ZipArchive::new(Cursor::new(bytes)).expect("zip");
    let mut out = Cursor::new(Vec::new());
    {
        let mut zout = zip::ZipWriter::new(&mut out);
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for i in 0..zin.len() {
            let mut entry = zin.by_index(i).expect("entry");
            let name = entry.name().expect("entry name").to_string();
            let mut data = Vec::new();
            entry.read_to_end(&mut data).expect("read entry");
            let data = match String::from_utf8(data) {
                Ok(s) => edit(&name, s).into_bytes(),
                Err(e) => e.into_bytes(),
            };
            zout.start_file(name, opts).expect("start");
            zout.write_all(&data).expect("write");
        }
        zout.finish().expect("finish");
    }
    out.into_inner()
}

/// Writes `bytes` to `dir/name` and returns the path.
/// The `jixiao` binary, run in `cwd`, with no fault hook set.
pub fn jixiao(cwd: &Path) -> assert_cmd::Command {
    let mut cmd = assert_cmd::Command::cargo_bin("jixiao").expect("the jixiao binary");
    cmd.current_dir(cwd).env_remove("JIXIAO_FAULT");
    cmd
}

/// Writes `bytes` to `dir/name`, making its folders.
pub fn put(dir: &Path, name: &str, bytes: &[u8]) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().expect("a file in a folder")).expect("make folders");
    std::fs::write(path, bytes).expect("write fixture");
}

/// A clean workbook of the given unit, filled on the given date, without a
/// unit code (so that its name is the unit's identity).
pub fn clean_of(unit: &str, fill: (i32, u32, u32)) -> Vec<u8> {
    let mut inputs = clean_inputs();
    inputs.scalars.insert("unit_name".into(), text(unit));
    inputs.scalars.remove("unit_code");
    inputs.scalars.insert(
        "fill_date".into(),
        Input::Date(chrono::NaiveDate::from_ymd_opt(fill.0, fill.1, fill.2).expect("a date")),
    );
    build(&inputs)
}

pub fn save(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).expect("write fixture");
    p
}

/// Fills cells of a written .xlsx in place, addressed by sheet index and A1
/// reference, as another program would after resolving the defined names.
/// rust_xlsxwriter writes every input cell, even blank, as `<c r="C5" s="N"/>`,
/// so a value is put in by rewriting that element.
pub fn fill_cells(bytes: &[u8], cells: &[(usize, String, Input)]) -> Vec<u8> {
    patch_xlsx(bytes, |name, mut xml| {
        for (sheet_index, a1, value) in cells {
            if name != format!("xl/worksheets/sheet{}.xml", sheet_index + 1) {
                continue;
            }
            let start = xml
                .find(&format!("<c r=\"{a1}\""))
                .unwrap_or_else(|| panic!("cell {a1} not found in {name}"));
            let end_rel = xml[start..].find('>').expect("tag end");
            let self_closing = xml[start..start + end_rel].ends_with('/');
            let end = if self_closing {
                start + end_rel + 1
            } else {
                start + xml[start..].find("</c>").expect("cell end") + 4
            };
            let style = xml[start..start + end_rel]
                .split("s=\"")
                .nth(1)
                .and_then(|s| s.split('"').next())
                .map(|s| format!(" s=\"{s}\""))
                .unwrap_or_default();
            let cell = match value {
                Input::Text(s) => format!(
                    "<c r=\"{a1}\"{style} t=\"inlineStr\"><is><t xml:space=\"preserve\">{}</t></is></c>",
                    s.replace('&', "&amp;")
                        .replace('<', "&lt;")
                        .replace('>', "&gt;")
                ),
                Input::Number(n) => format!("<c r=\"{a1}\"{style}><v>{n}</v></c>"),
                Input::Date(d) => {
                    let serial = (*d
                        - chrono::NaiveDate::from_ymd_opt(1899, 12, 30).expect("epoch"))
                    .num_days();
                    format!("<c r=\"{a1}\"{style}><v>{serial}</v></c>")
                }
            };
            xml.replace_range(start..end, &cell);
        }
        xml
    })
}

/// The clean inputs without one scalar.
pub fn scalar_removed(key: &str) -> Inputs {
    let mut inputs = clean_inputs();
    inputs.scalars.remove(key);
    inputs
}
