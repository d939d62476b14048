//! Naming a file's format from its content, never its extension: departments
//! email `.xls` files that are web pages, `.xlsx` files that are encrypted
//! containers, and Word documents renamed to look like workbooks.

use std::io::Cursor;

use serde::Serialize;

/// A workbook format jixiao reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Office Open XML (.xlsx, .xlsm), as Excel, WPS and LibreOffice save.
    Xlsx,
    /// Excel 97–2003 binary (BIFF8 in a compound file).
    Xls,
    /// OpenDocument spreadsheet.
    Ods,
}

impl Format {
    /// The short name used in messages and JSON.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Format::Xlsx => "xlsx",
            Format::Xls => "xls",
            Format::Ods => "ods",
        }
    }
}

/// What a file's first bytes and container say it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Sniffed {
    Workbook(Format),
    /// Zero bytes.
    Empty,
    /// A password-protected workbook (an encrypted OOXML package inside a
    /// compound file).
    Encrypted,
    /// A web page, typically a system's "export to Excel" saved as `.xls`.
    Html,
    /// A spreadsheet in a format jixiao does not read; says which.
    Unsupported(String),
    /// Not a spreadsheet; says what it looks like.
    NotWorkbook(String),
    /// Looks like a workbook container but its structure is damaged.
    Corrupt(String),
}

const ZIP_LOCAL: &[u8] = b"PK\x03\x04";
const ZIP_EMPTY: &[u8] = b"PK\x05\x06";
const CFB_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
/// What [`sniff`] calls a zip that is no Office or OpenDocument file: an
/// archive, which the batch opens for the workbooks inside.
pub(crate) const ZIP_ARCHIVE: &str = "ZIP 压缩包（请解压后报送其中的工作簿）";
const ODS_MIME: &str = "application/vnd.oasis.opendocument.spreadsheet";

/// Names the format of `bytes`.
pub(crate) fn sniff(bytes: &[u8]) -> Sniffed {
    if bytes.is_empty() {
        return Sniffed::Empty;
    }
    if bytes.starts_with(ZIP_LOCAL) || bytes.starts_with(ZIP_EMPTY) {
        return sniff_zip(bytes);
    }
    if bytes.starts_with(CFB_MAGIC) {
        return sniff_cfb(bytes);
    }
    sniff_text(bytes)
}

fn sniff_zip(bytes: &[u8]) -> Sniffed {
    let zip = match zip::ZipArchive::new(Cursor::new(bytes)) {
        Ok(z) => z,
        Err(e) => return Sniffed::Corrupt(format!("ZIP 结构不完整（{e}），文件可能未完整下载")),
    };
    let has = |name: &str| zip.index_for_name(name).is_some();
    if has("xl/workbook.xml") {
        return Sniffed::Workbook(Format::Xlsx);
    }
    if has("xl/workbook.bin") {
        return Sniffed::Unsupported("Excel 二进制工作簿（.xlsb）".into());
    }
    if has("content.xml") && (has("mimetype") || has("META-INF/manifest.xml")) {
        return match mimetype(bytes) {
            Some(m) if m.starts_with(ODS_MIME) => Sniffed::Workbook(Format::Ods),
            Some(m) if m.contains("opendocument.text") => {
                Sniffed::NotWorkbook("OpenDocument 文字文档（.odt）".into())
            }
            Some(m) if !m.is_empty() => Sniffed::Unsupported(format!("OpenDocument 文件（{m}）")),
            // No mimetype entry: some producers omit it; content.xml decides.
            _ => Sniffed::Workbook(Format::Ods),
        };
    }
    if has("word/document.xml") {
        return Sniffed::NotWorkbook("Word 文档（.docx）".into());
    }
    if has("ppt/presentation.xml") {
        return Sniffed::NotWorkbook("PowerPoint 演示文稿（.pptx）".into());
    }
    if has("[Content_Types].xml") {
        return Sniffed::Corrupt("Office 文件中缺少 xl/workbook.xml".into());
    }
    Sniffed::NotWorkbook(ZIP_ARCHIVE.into())
}

/// The `mimetype` entry of an OpenDocument package (small by definition: read
/// at most 200 bytes of it).
fn mimetype(bytes: &[u8]) -> Option<String> {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let entry = zip.by_name("mimetype").ok()?;
    let mut s = String::new();
    entry.take(200).read_to_string(&mut s).ok()?;
    Some(s.trim().to_string())
}

fn sniff_cfb(bytes: &[u8]) -> Sniffed {
    let cfb = match cfb::CompoundFile::open(Cursor::new(bytes)) {
        Ok(c) => c,
        Err(e) => return Sniffed::Corrupt(format!("复合文档结构已损坏（{e}）")),
    };
    let has = |name: &str| cfb.is_stream(name);
    if has("EncryptedPackage") || has("EncryptionInfo") {
        return Sniffed::Encrypted;
    }
    if has("Workbook") || has("Book") {
        return Sniffed::Workbook(Format::Xls);
    }
    if has("WordDocument") {
        return Sniffed::NotWorkbook("Word 97–2003 文档（.doc）".into());
    }
    if has("PowerPoint Document") {
        return Sniffed::NotWorkbook("PowerPoint 97–2003 演示文稿（.ppt）".into());
    }
    Sniffed::NotWorkbook("复合文档中没有工作簿".into())
}

/// Text files: web pages (the common fake `.xls`), Excel 2003 XML, CSV, PDF.
fn sniff_text(bytes: &[u8]) -> Sniffed {
    if bytes.starts_with(b"%PDF") {
        return Sniffed::NotWorkbook("PDF 文件".into());
    }
    let head = &bytes[..bytes.len().min(4096)];
    let lower = String::from_utf8_lossy(head).to_lowercase();
    let start = lower.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    if start.starts_with("<!doctype html")
        || start.starts_with("<html")
        || start.starts_with("<table")
        || lower.contains("<html")
    {
        return Sniffed::Html;
    }
    if start.starts_with("<?xml") {
        if lower.contains("urn:schemas-microsoft-com:office:spreadsheet") {
            return Sniffed::Unsupported("Excel 2003 XML 表格".into());
        }
        return Sniffed::NotWorkbook("XML 文件".into());
    }
    let text_like = std::str::from_utf8(head).is_ok() && !head.contains(&0);
    if text_like && (head.contains(&b',') || head.contains(&b'\t')) {
        return Sniffed::Unsupported("CSV 或文本表格".into());
    }
    if text_like {
        return Sniffed::NotWorkbook("文本文件".into());
    }
    Sniffed::NotWorkbook("无法识别的文件内容".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_files_are_named() {
        assert_eq!(sniff(b""), Sniffed::Empty);
        assert_eq!(sniff(b"\xef\xbb\xbf<html><table>"), Sniffed::Html);
        assert_eq!(sniff(b"  <!DOCTYPE html>"), Sniffed::Html);
        assert_eq!(sniff(b"<table border=1><tr><td>1</td>"), Sniffed::Html);
        assert!(matches!(sniff(b"a,b,c\n1,2,3\n"), Sniffed::Unsupported(_)));
        assert!(matches!(sniff(b"%PDF-1.7"), Sniffed::NotWorkbook(_)));
        assert!(matches!(
            sniff(b"<?xml version=\"1.0\"?><Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\">"),
            Sniffed::Unsupported(_)
        ));
        assert!(matches!(
            sniff(&[0u8, 1, 2, 3, 255]),
            Sniffed::NotWorkbook(_)
        ));
    }

    #[test]
    fn truncated_zip_is_corrupt() {
        assert!(matches!(sniff(b"PK\x03\x04garbage"), Sniffed::Corrupt(_)));
    }
}
