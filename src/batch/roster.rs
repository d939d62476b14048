//! The roster (应报送单位名单): the units a finance office expects a workbook
//! from, read from a CSV file or a workbook, so a batch can list who has not
//! submitted (未报送). The first column holds the unit names, or the column
//! headed 单位名称 when there is a header row.

use std::path::Path;

use crate::contract::cell::CellValue;
use crate::ingest::coerce::normalize::normalize;
use crate::ingest::guard::Limits;
use crate::ingest::read;
use crate::ingest::sniff::{self, Sniffed};

/// A roster that cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum RosterError {
    /// The roster file cannot be read.
    #[error("无法读取名单 {path}：{source}")]
    Read {
        /// The roster file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
    /// A line of a CSV roster cannot be read.
    #[error("名单 {path} 第 {line} 行：{message}")]
    Csv {
        /// The roster file.
        path: String,
        /// The line (1-based).
        line: u64,
        /// What is wrong.
        message: String,
    },
    /// A roster workbook cannot be read.
    #[error("无法读取名单 {path}：{message}")]
    Workbook {
        /// The roster file.
        path: String,
        /// Why.
        message: String,
    },
    /// The roster names no unit.
    #[error("名单 {path} 中没有单位名称")]
    Empty {
        /// The roster file.
        path: String,
    },
}

/// The unit names of a roster, in its order, without blanks or repeats.
pub(crate) fn read(path: &Path) -> Result<Vec<String>, RosterError> {
    let name = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|source| RosterError::Read {
        path: name.clone(),
        source,
    })?;
    let rows = match sniff::sniff(&bytes) {
        Sniffed::Workbook(_) => workbook_rows(&bytes, &name)?,
        _ => csv_rows(&bytes, &name)?,
    };
    let mut units: Vec<String> = Vec::new();
    let col = header_column(rows.first().map(Vec::as_slice).unwrap_or(&[]));
    let skip = usize::from(col.is_some());
    for row in rows.iter().skip(skip) {
        let Some(cell) = row.get(col.unwrap_or(0)) else {
            continue;
        };
        let unit = cell.trim_matches(|c: char| c.is_whitespace());
        if unit.is_empty() || units.iter().any(|u| unit_key(u) == unit_key(unit)) {
            continue;
        }
        units.push(unit.to_string());
    }
    if units.is_empty() {
        return Err(RosterError::Empty { path: name });
    }
    Ok(units)
}

/// The column headed 单位名称 (or 单位), when the first row is a header.
fn header_column(first: &[String]) -> Option<usize> {
    first
        .iter()
        .position(|h| h.contains("单位名称"))
        .or_else(|| {
            first
                .iter()
                .position(|h| h.trim() == "单位" || h.contains("名称"))
        })
}

/// How unit names are compared: without white space, full-width folded.
pub(crate) fn unit_key(name: &str) -> String {
    normalize(name)
        .0
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

fn csv_rows(bytes: &[u8], path: &str) -> Result<Vec<Vec<String>>, RosterError> {
    // Excel on Chinese Windows saves CSV as GBK; only UTF-8 (with or without
    // a BOM) is read, and anything else is reported.
    let text = std::str::from_utf8(bytes).map_err(|_| RosterError::Workbook {
        path: path.to_string(),
        message: "CSV 文件不是 UTF-8 编码；请在 Excel 中另存为“CSV UTF-8（逗号分隔）”，或直接使用 .xlsx 名单".into(),
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| RosterError::Csv {
            path: path.to_string(),
            line: e.position().map_or(0, csv::Position::line),
            message: e.to_string(),
        })?;
        rows.push(record.iter().map(str::to_string).collect());
    }
    Ok(rows)
}

fn workbook_rows(bytes: &[u8], path: &str) -> Result<Vec<Vec<String>>, RosterError> {
    let wb = read::read_bytes(bytes, &Limits::default()).map_err(|f| RosterError::Workbook {
        path: path.to_string(),
        message: f.message,
    })?;
    let Some(sheet) = wb.sheet_names.first() else {
        return Ok(Vec::new());
    };
    let Some(last) = wb.last_filled_row(sheet, 0, 15) else {
        return Ok(Vec::new());
    };
    Ok((0..=last)
        .map(|r| {
            (0..16)
                .map(|c| match wb.cell(sheet, r, c) {
                    CellValue::Text(s) => s.clone(),
                    CellValue::Empty => String::new(),
                    other => other.display(),
                })
                .collect()
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_with_header_bom_blanks_and_repeats() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("名单.csv");
        std::fs::write(
            &p,
            "\u{feff}序号,单位名称\n1,岳阳市君山区医疗保障局\n2, 辰溪县医疗保障局 \n3,\n4,岳阳市君山区医疗保障局\n",
        )
        .unwrap();
        assert_eq!(
            read(&p).unwrap(),
            ["岳阳市君山区医疗保障局", "辰溪县医疗保障局"]
        );
    }

    #[test]
    fn csv_without_header_takes_the_first_column() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("r.csv");
        std::fs::write(&p, "甲局\n乙局,备注\n").unwrap();
        assert_eq!(read(&p).unwrap(), ["甲局", "乙局"]);
    }

    #[test]
    fn gbk_csv_is_reported_not_misread() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("gbk.csv");
        std::fs::write(&p, [0xBC, 0xD7, 0xBE, 0xD6, b'\n']).unwrap();
        assert!(read(&p).unwrap_err().to_string().contains("UTF-8"));
    }
}
