//! Hostile and broken files, crafted byte by byte: what a finance office finds
//! in its inbox (a truncated download, a password-protected workbook, a web
//! page named .xls) and what an attacker would send (zip and sparse bombs).

use std::io::{Cursor, Write};

/// The first half of a valid .xlsx, as an interrupted download leaves it.
pub fn truncated_xlsx(valid: &[u8]) -> Vec<u8> {
    valid[..valid.len() / 2].to_vec()
}

/// An encrypted OOXML package: a compound file holding `EncryptionInfo` and
/// `EncryptedPackage`, which is what Excel and WPS write for "encrypt with
/// password" whatever the extension says.
pub fn password_xlsx() -> Vec<u8> {
    let mut cfb = cfb::CompoundFile::create(Cursor::new(Vec::new())).expect("cfb");
    cfb.create_stream("EncryptionInfo")
        .expect("stream")
        .write_all(&[4, 0, 4, 0, 0x40, 0, 0, 0])
        .expect("write");
    cfb.create_stream("EncryptedPackage")
        .expect("stream")
        .write_all(&[0x5a; 4096])
        .expect("write");
    cfb.flush().expect("flush");
    cfb.into_inner().into_inner()
}

/// A system's "export to Excel": an HTML table saved with an .xls name.
pub fn html_as_xls() -> Vec<u8> {
    "<html xmlns:x=\"urn:schemas-microsoft-com:office:excel\"><head><meta charset=\"utf-8\"></head>\
     <body><table><tr><td>单位名称</td><td>君山区医疗保障局</td></tr></table></body></html>"
        .as_bytes()
        .to_vec()
}

fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut out);
        let opts = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated)
            .large_file(false);
        for (name, data) in entries {
            z.start_file(*name, opts).expect("start");
            z.write_all(data).expect("write");
        }
        z.finish().expect("finish");
    }
    out.into_inner()
}

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#;
const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const WORKBOOK: &str = r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#;

/// A minimal .xlsx with one sheet whose XML is `sheet`, plus extra entries.
fn minimal_xlsx(sheet: &str, extra: &[(&str, &[u8])]) -> Vec<u8> {
    let mut entries: Vec<(&str, &[u8])> = vec![
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", RELS.as_bytes()),
        ("xl/workbook.xml", WORKBOOK.as_bytes()),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.as_bytes()),
        ("xl/worksheets/sheet1.xml", sheet.as_bytes()),
    ];
    entries.extend_from_slice(extra);
    zip_of(&entries)
}

/// A few KiB declaring cells at A1 and XFD1048576: a reader that allocates
/// the bounding box needs 17 billion cells.
pub fn sparse_bomb_xlsx() -> Vec<u8> {
    minimal_xlsx(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><dimension ref="A1:XFD1048576"/><sheetData><row r="1"><c r="A1"><v>1</v></c></row><row r="1048576"><c r="XFD1048576"><v>2</v></c></row></sheetData></worksheet>"#,
        &[],
    )
}

/// A well-formed .xlsx with a 16 MiB part that deflates to a few KiB: a
/// compression ratio no real workbook part has.
pub fn zip_bomb_xlsx() -> Vec<u8> {
    let zeros = vec![b' '; 16 * 1024 * 1024];
    minimal_xlsx(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>"#,
        &[("xl/media/image1.bin", &zeros)],
    )
}

/// An .xlsx whose workbook refers to shared strings, as Excel writes them.
fn xlsx_with_strings(sheet: &str, strings: &str, workbook: &str) -> Vec<u8> {
    let types = CONTENT_TYPES.replace(
        "</Types>",
        r#"<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>"#,
    );
    let rels = WORKBOOK_RELS.replace(
        "</Relationships>",
        r#"<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#,
    );
    zip_of(&[
        ("[Content_Types].xml", types.as_bytes()),
        ("_rels/.rels", RELS.as_bytes()),
        ("xl/workbook.xml", workbook.as_bytes()),
        ("xl/_rels/workbook.xml.rels", rels.as_bytes()),
        ("xl/worksheets/sheet1.xml", sheet.as_bytes()),
        ("xl/sharedStrings.xml", strings.as_bytes()),
    ])
}

/// One 16 KiB shared string referred to by 5,000 cells: a few KiB packed,
/// 80 MB of cell text once every reference is copied.
pub fn shared_string_amplifier_xlsx() -> Vec<u8> {
    let long = "绩".repeat(16 * 1024 / 3);
    let strings = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="5000" uniqueCount="1"><si><t>{long}</t></si></sst>"#
    );
    let rows: String = (1..=5000)
        .map(|r| format!(r#"<row r="{r}"><c r="A{r}" t="s"><v>0</v></c></row>"#))
        .collect();
    let sheet = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{rows}</sheetData></worksheet>"#
    );
    xlsx_with_strings(&sheet, &strings, WORKBOOK)
}

/// A shared-string table of one entry declaring two billion: a reader
/// that reserves the declared count asks for tens of GB up front.
pub fn shared_string_count_bomb_xlsx() -> Vec<u8> {
    let strings = r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="2000000000" uniqueCount="2000000000"><si><t>x</t></si></sst>"#;
    let sheet = r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>"#;
    xlsx_with_strings(sheet, strings, WORKBOOK)
}

/// A workbook listing 3,000 sheets that all point at one part: each is
/// read on its own, so the reading time grows with sheets × part size.
pub fn many_sheets_xlsx() -> Vec<u8> {
    many_sheets_xlsx_of(3000)
}

pub fn empty() -> Vec<u8> {
    Vec::new()
}

/// An .ods of a few hundred bytes whose one cell is repeated over every
/// column of every row: 17 billion cells once expanded.
pub fn ods_repeat_bomb() -> Vec<u8> {
    let content = r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Sheet1"><table:table-row table:number-rows-repeated="1048576"><table:table-cell table:number-columns-repeated="16384" office:value-type="float" office:value="1"><text:p>1</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#;
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    zip_of(&[
        (
            "mimetype",
            b"application/vnd.oasis.opendocument.spreadsheet",
        ),
        ("META-INF/manifest.xml", manifest.as_bytes()),
        ("content.xml", content.as_bytes()),
    ])
}

/// An .ods whose one 40 KiB cell is repeated over 1,000 columns of two
/// rows: 2,000 cells, well under the cell limit, but 80 MB of text once
/// each repeat is copied.
pub fn ods_text_amplifier() -> Vec<u8> {
    let long = "绩".repeat(40 * 1024 / 3);
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Sheet1"><table:table-row table:number-rows-repeated="2"><table:table-cell table:number-columns-repeated="1000" office:value-type="string"><text:p>{long}</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#
    );
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    zip_of(&[
        (
            "mimetype",
            b"application/vnd.oasis.opendocument.spreadsheet",
        ),
        ("META-INF/manifest.xml", manifest.as_bytes()),
        ("content.xml", content.as_bytes()),
    ])
}

/// Bytes that are no known format.
pub fn not_a_workbook() -> Vec<u8> {
    (0u8..=255).cycle().take(2048).collect()
}

/// A zip archive holding a text file: what a department sends when it zips
/// its workbook.
pub fn plain_zip() -> Vec<u8> {
    zip_of(&[("说明.txt", "请查收".as_bytes())])
}

/// A CSV export.
pub fn csv_text() -> Vec<u8> {
    "单位名称,年度,预算执行数\n君山区医疗保障局,2022,2815.61\n"
        .as_bytes()
        .to_vec()
}

// Caps on styles, merged ranges and columns.

const SHEET_OPEN: &str = r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData>"#;

/// A sheet with `n` merged ranges, each as short as a `mergeCell` can be.
fn sheet_with_merged_ranges(n: usize) -> String {
    format!(
        "{SHEET_OPEN}<mergeCells>{}</mergeCells></worksheet>",
        "<mergeCell/>".repeat(n)
    )
}

/// A styles part of 200,001 empty cell formats: 1 MB of XML, a few KiB
/// packed, one more than the cap (the reader keeps every one).
pub fn many_styles_xlsx() -> Vec<u8> {
    let styles = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs>{}</cellXfs></styleSheet>"#,
        "<xf/>".repeat(200_001)
    );
    minimal_xlsx(
        &format!("{SHEET_OPEN}</worksheet>"),
        &[("xl/styles.xml", styles.as_bytes())],
    )
}

/// One sheet with 50,001 merged ranges, one more than a sheet may have.
pub fn many_merged_ranges_xlsx() -> Vec<u8> {
    minimal_xlsx(&sheet_with_merged_ranges(50_001), &[])
}

/// Three sheet parts of 40,000 merged ranges each: every sheet under the
/// cap of one sheet, 120,000 together over the workbook's.
pub fn many_merged_ranges_in_all_xlsx() -> Vec<u8> {
    let sheet = sheet_with_merged_ranges(40_000);
    minimal_xlsx(
        &sheet,
        &[
            ("xl/worksheets/sheet2.xml", sheet.as_bytes()),
            ("xl/worksheets/sheet3.xml", sheet.as_bytes()),
        ],
    )
}

/// A cell in column XFE, one past Excel's last column.
pub fn cell_beyond_last_column_xlsx() -> Vec<u8> {
    minimal_xlsx(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1"><v>1</v></c><c r="XFE1"><v>2</v></c></row></sheetData></worksheet>"#,
        &[],
    )
}

/// 66 sheet parts of about 1 MB each, mostly white space: each under the
/// size where the compression ratio is checked, 68 MB of sheet XML
/// together, in about 70 KiB.
pub fn huge_sheet_xml_xlsx() -> Vec<u8> {
    let sheet = format!("{SHEET_OPEN}{}</worksheet>", " ".repeat(1_040_000));
    let names: Vec<String> = (2..=66)
        .map(|i| format!("xl/worksheets/sheet{i}.xml"))
        .collect();
    let extra: Vec<(&str, &[u8])> = names
        .iter()
        .map(|n| (n.as_str(), sheet.as_bytes()))
        .collect();
    minimal_xlsx(&sheet, &extra)
}

// All crafted files in one run.

use jixiao::contract::finding::Code;

/// A shared-string amplifier of `cells` cells, each referring to string
/// `i % strings` of a table of `strings` entries made of `runs` rich-text
/// runs of `run_chars` characters: a few dozen KiB packed, gigabytes of
/// cell text once every reference is copied.
pub fn shared_string_amplifier_xlsx_of(
    strings: usize,
    runs: usize,
    run_chars: usize,
    cells: usize,
) -> Vec<u8> {
    let run = "绩".repeat(run_chars);
    let entry: String = if runs == 1 {
        format!("<si><t>{run}</t></si>")
    } else {
        format!("<si>{}</si>", format!("<r><t>{run}</t></r>").repeat(runs))
    };
    let strings_xml = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{cells}" uniqueCount="{strings}">{}</sst>"#,
        entry.repeat(strings)
    );
    // 26 columns a row, as a filled table would be.
    let mut rows = String::new();
    for r in 0..cells.div_ceil(26) {
        rows.push_str(&format!(r#"<row r="{}">"#, r + 1));
        for c in 0..26.min(cells - r * 26) {
            let col = char::from(b'A' + c as u8);
            let i = (r * 26 + c) % strings;
            rows.push_str(&format!(r#"<c r="{col}{}" t="s"><v>{i}</v></c>"#, r + 1));
        }
        rows.push_str("</row>");
    }
    let sheet = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{rows}</sheetData></worksheet>"#
    );
    xlsx_with_strings(&sheet, &strings_xml, WORKBOOK)
}

/// A workbook listing `sheets` sheets that all point at one part of 200
/// rows.
pub fn many_sheets_xlsx_of(sheets: usize) -> Vec<u8> {
    let list: String = (1..=sheets)
        .map(|i| format!(r#"<sheet name="S{i}" sheetId="{i}" r:id="rId1"/>"#))
        .collect();
    let workbook = WORKBOOK.replace(r#"<sheet name="Sheet1" sheetId="1" r:id="rId1"/>"#, &list);
    let rows: String = (1..=200)
        .map(|r| format!(r#"<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>"#))
        .collect();
    let sheet = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{rows}</sheetData></worksheet>"#
    );
    let strings = r#"<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="0" uniqueCount="0"></sst>"#;
    xlsx_with_strings(&sheet, strings, &workbook)
}

/// An .ods whose one cell of `chars` characters is repeated over `columns`
/// columns of `rows` rows.
pub fn ods_text_amplifier_of(chars: usize, columns: usize, rows: usize) -> Vec<u8> {
    let long = "绩".repeat(chars);
    let content = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Sheet1"><table:table-row table:number-rows-repeated="{rows}"><table:table-cell table:number-columns-repeated="{columns}" office:value-type="string"><text:p>{long}</text:p></table:table-cell></table:table-row></table:table></office:spreadsheet></office:body></office:document-content>"#
    );
    let manifest = r#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
    zip_of(&[
        (
            "mimetype",
            b"application/vnd.oasis.opendocument.spreadsheet",
        ),
        ("META-INF/manifest.xml", manifest.as_bytes()),
        ("content.xml", content.as_bytes()),
    ])
}

/// One BIFF record: type, length, body.
fn biff(kind: u16, body: &[u8]) -> Vec<u8> {
    let mut out = kind.to_le_bytes().to_vec();
    out.extend((body.len() as u16).to_le_bytes());
    out.extend(body);
    out
}

/// An .xls (BIFF8 in a compound file) whose shared-string table holds one
/// string of 8,000 characters, referred to by `cells` LABELSST cells of
/// one sheet: 14 bytes a cell in the file, 8 KB a cell once read.
pub fn xls_shared_string_amplifier(cells: u32) -> Vec<u8> {
    let bof = |kind: u16| {
        let mut b = vec![0x00, 0x06];
        b.extend(kind.to_le_bytes());
        b.extend([0u8; 12]);
        biff(0x0809, &b)
    };
    let mut sst = cells.to_le_bytes().to_vec();
    sst.extend(1u32.to_le_bytes());
    sst.extend(8000u16.to_le_bytes());
    sst.push(0);
    sst.extend(vec![b'x'; 8000]);
    let mut stream = bof(0x0005);
    stream.extend(biff(0x00FC, &sst));
    let mut sheet = 0u32.to_le_bytes().to_vec();
    sheet.extend([0, 0, 6, 0]);
    sheet.extend(b"Sheet1");
    stream.extend(biff(0x0085, &sheet));
    stream.extend(biff(0x000A, &[]));
    stream.extend(bof(0x0010));
    for i in 0..cells {
        let mut cell = ((i % 65_536) as u16).to_le_bytes().to_vec();
        cell.extend(((i / 65_536) as u16).to_le_bytes());
        cell.extend([0, 0]);
        cell.extend(0u32.to_le_bytes());
        stream.extend(biff(0x00FD, &cell));
    }
    stream.extend(biff(0x000A, &[]));
    let mut cfb = cfb::CompoundFile::create(Cursor::new(Vec::new())).expect("cfb");
    cfb.create_stream("Workbook")
        .expect("stream")
        .write_all(&stream)
        .expect("write");
    cfb.flush().expect("flush");
    cfb.into_inner().into_inner()
}

/// `valid` with the byte at `at` (wrapped to its length) replaced by
/// `value`: a download or a disk that changed one byte.
pub fn byte_changed(valid: &[u8], at: usize, value: u8) -> Vec<u8> {
    let mut bytes = valid.to_vec();
    let at = at % bytes.len().max(1);
    if let Some(b) = bytes.get_mut(at) {
        *b = value;
    }
    bytes
}

/// The clean fixture with every number cell holding one of `numbers` in
/// turn (as text), and every target and actual replaced by `target` and
/// `actual`.
pub fn every_number_xlsx(numbers: &[&str], target: &str, actual: &str) -> Vec<u8> {
    use jixiao::workbook::inputs::Input;
    let mut inputs = super::workbook::clean_inputs();
    let mut next = numbers.iter().cycle();
    let mut replace = |v: &mut Input| {
        if matches!(v, Input::Number(_)) {
            *v = Input::Text(next.next().map_or("", |n| *n).to_string());
        }
    };
    inputs.scalars.values_mut().for_each(&mut replace);
    for rows in inputs.tables.values_mut() {
        for row in rows {
            row.values_mut().for_each(&mut replace);
            if row.contains_key("target") {
                row.insert("target".into(), Input::Text(target.to_string()));
                row.insert("actual".into(), Input::Text(actual.to_string()));
            }
        }
    }
    super::workbook::build(&inputs)
}

/// The clean fixture as unit `unit` (no unit code, so the name is the
/// unit's identity), with `key` set to `value`; `value` longer than a cell
/// allows is put in through the file's XML.
pub fn clean_as(unit: &str, key: Option<(&str, &str)>) -> Vec<u8> {
    use super::workbook::{build, clean_inputs, patch_xlsx, text};
    let mut inputs = clean_inputs();
    inputs.scalars.remove("unit_code");
    inputs.scalars.insert("unit_name".into(), text(unit));
    let Some((key, value)) = key else {
        return build(&inputs);
    };
    let placeholder = "长文本占位符";
    inputs.scalars.insert(key.into(), text(placeholder));
    patch_xlsx(&build(&inputs), |_, xml| xml.replace(placeholder, value))
}

/// What a crafted file attacks: the reading (`check` is enough) or the
/// outputs (`report`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// Memory, time or a panic while reading and checking.
    Reading,
    /// Folder names, cell limits, terminals: what `report` and `run` write.
    Outputs,
}

/// One crafted file: its name, bytes, what it attacks, and the finding it
/// must get (`None`: a good workbook whose outputs must all be written, or
/// a changed file whose finding depends on the byte changed).
#[derive(Debug)]
pub struct Crafted {
    /// File name, extension included.
    pub name: String,
    /// Content.
    pub bytes: Vec<u8>,
    /// What it attacks.
    pub target: Target,
    /// The finding of a file that is refused or fails validation.
    pub code: Option<Code>,
}

/// Every crafted file of the attack list, each built here: reading attacks
/// (amplifiers, bombs, corrupt and changed bytes, extreme numbers) and
/// output attacks (unit names too long, dotted or with control characters,
/// texts over a cell's limit, a file named `...xlsx`). Unit names are all
/// distinct, so none supersedes another in a run.
pub fn all_crafted() -> Vec<Crafted> {
    use Target::{Outputs, Reading};
    let root = super::workbook::root();
    let valid = super::workbook::build(&super::workbook::clean_inputs());
    let xls = std::fs::read(root.join("tests/fixtures/libreoffice/clean.xls")).expect("clean.xls");
    let max = "79228162514264337593543950335";
    let controls = "\u{1b}]0;pwned\u{7}\u{1b}[2J\r\u{202E}\u{2066}_x001B_";
    let reading = |name: &str, bytes: Vec<u8>, code: Code| Crafted {
        name: name.to_string(),
        bytes,
        target: Reading,
        code: Some(code),
    };
    let outputs = |name: &str, bytes: Vec<u8>| Crafted {
        name: name.to_string(),
        bytes,
        target: Outputs,
        code: None,
    };
    // Amounts near the largest decimal overflowed a sum while scoring, and
    // ended `report` with exit 3.
    let mut decimal_max = outputs(
        "decimal-max.xlsx",
        every_number_xlsx(&[max], &format!("≥{max}人次"), &format!("{max}人次")),
    );
    decimal_max.code = Some(Code::FieldRange);
    let mut all = vec![
        reading("truncated.xlsx", truncated_xlsx(&valid), Code::FileCorrupt),
        reading("password.xlsx", password_xlsx(), Code::FileEncrypted),
        reading("html.xls", html_as_xls(), Code::FileHtml),
        reading("sparse-box.xlsx", sparse_bomb_xlsx(), Code::FileNotTemplate),
        reading("zip-bomb.xlsx", zip_bomb_xlsx(), Code::FileTooLarge),
        reading("empty.xlsx", empty(), Code::FileEmpty),
        reading(
            "not-a-workbook.xlsx",
            not_a_workbook(),
            Code::FileNotWorkbook,
        ),
        reading("repeat-bomb.ods", ods_repeat_bomb(), Code::FileTooLarge),
        reading(
            "sst-count.xlsx",
            shared_string_count_bomb_xlsx(),
            Code::FileTooLarge,
        ),
        // One 32,767-character string in 40,000 cells: 3.9 GB of text.
        reading(
            "sst-amplifier.xlsx",
            shared_string_amplifier_xlsx_of(1, 1, 32_767, 40_000),
            Code::FileTooLarge,
        ),
        // Ten strings of 300 rich-text runs, 12,000 cells: 1.1 GB.
        reading(
            "sst-rich-amplifier.xlsx",
            shared_string_amplifier_xlsx_of(10, 300, 100, 12_000),
            Code::FileTooLarge,
        ),
        // A 32,767-character cell over 16,384 columns of 20 rows: 32 GB.
        reading(
            "text-amplifier.ods",
            ods_text_amplifier_of(32_767, 16_384, 20),
            Code::FileTooLarge,
        ),
        // 20,000 copies of an 8,000-character string: 160 MB.
        reading(
            "sst-amplifier.xls",
            xls_shared_string_amplifier(20_000),
            Code::FileTooLarge,
        ),
        reading(
            "sheets-3000.xlsx",
            many_sheets_xlsx_of(3_000),
            Code::FileTooLarge,
        ),
        reading(
            "sheets-100000.xlsx",
            many_sheets_xlsx_of(100_000),
            Code::FileTooLarge,
        ),
        // The compound file's header (sector shift) and its directory.
        reading(
            "byte-changed-header.xls",
            byte_changed(&xls, 30, 0x7f),
            Code::FileCorrupt,
        ),
        decimal_max,
        reading("styles.xlsx", many_styles_xlsx(), Code::FileTooLarge),
        reading("merged.xlsx", many_merged_ranges_xlsx(), Code::FileTooLarge),
        reading(
            "merged-in-all.xlsx",
            many_merged_ranges_in_all_xlsx(),
            Code::FileTooLarge,
        ),
        reading(
            "column.xlsx",
            cell_beyond_last_column_xlsx(),
            Code::FileTooLarge,
        ),
        reading("sheet-xml.xlsx", huge_sheet_xml_xlsx(), Code::FileTooLarge),
    ];
    // A defined name's formula length made larger than its record: the
    // reader indexed before the record's start and panicked.
    all.push(reading(
        "byte-changed-name.xls",
        byte_changed(&xls, 5_246, 0xff),
        Code::FileCorrupt,
    ));
    // One changed byte at a spread of places in the Workbook stream: what
    // each gives depends on the record it hits, but never a panic.
    for at in [600, 1_536, 4_100, 9_000, 20_000, 40_000] {
        all.push(Crafted {
            name: format!("byte-changed-{at}.xls"),
            bytes: byte_changed(&xls, at, 0xff),
            target: Reading,
            code: None,
        });
    }
    all.extend([
        outputs("wide-unit.xlsx", clean_as(&"\u{20000}".repeat(100), None)),
        outputs(
            "dotted-unit.xlsx",
            clean_as(".岳阳市君山区医疗保障局", None),
        ),
        outputs("...xlsx", clean_as("点号文件名局", None)),
        outputs(
            "long-text.xlsx",
            clean_as("长文字局", Some(("achievements", &"长".repeat(40_000)))),
        ),
        outputs(
            "long-unit.xlsx",
            clean_as("长名称局", Some(("unit_name", &"长".repeat(40_000)))),
        ),
        outputs(
            "controls.xlsx",
            clean_as(
                &format!("控制{controls}字符局"),
                Some(("achievements", &format!("成效{controls}显著"))),
            ),
        ),
    ]);
    all
}

/// One crafted piece of saved mail: its file name, bytes, and a word of
/// the one mail finding it must get (`summary.json`'s `mail_findings`).
#[derive(Debug)]
pub struct CraftedMail {
    /// File name, extension included.
    pub name: String,
    /// Content.
    pub bytes: Vec<u8>,
    /// Part of its finding's message.
    pub says: &'static str,
}

/// An Outlook message from `x@example.cn` with `attachments`.
fn msg_with(attachments: Vec<super::mail::MsgAttachment<'_>>) -> super::mail::Msg<'_> {
    super::mail::Msg {
        sender_name: "x",
        sender_smtp: "x@example.cn",
        subject: "x",
        message_id: "x@example.cn",
        sent: 1_678_000_000,
        ansi: false,
        attachments,
    }
}

/// Every crafted piece of hostile mail: bombs in zip attachments and in a
/// .zip input, an attachment and a message over the caps (an Outlook
/// attachment of 65 MiB, an mbox message of 90 MiB, read in pieces), a
/// message nested two deep (as text and as Outlook's), a damaged .msg and
/// a message cut off. Each is one finding; none stops a run.
pub fn all_crafted_mail() -> Vec<CraftedMail> {
    use super::mail::{MsgAttachment, outlook_msg};
    let crafted = |name: &str, bytes: Vec<u8>, says| CraftedMail {
        name: name.to_string(),
        bytes,
        says,
    };
    // 64 MiB of zeros in one entry named like a workbook: 64 KiB zipped.
    let bomb = zip_of(&[("自评表.xlsx", &vec![0u8; 64 * 1024 * 1024])]);
    let valid = super::workbook::build(&super::workbook::clean_inputs());
    let cut = super::mail::message_attaching("cut.xlsx", &valid);
    let nested = |inner: &str| {
        format!(
            "From: f@example.cn\r\nSubject: Fwd\r\nMessage-ID: <f{}@example.cn>\r\nMIME-Version: 1.0\r\n\
             Content-Type: multipart/mixed; boundary=\"o{0}\"\r\n\r\n--o{0}\r\n\
             Content-Type: message/rfc822\r\n\r\n{inner}\r\n--o{0}--\r\n",
            inner.len()
        )
    };
    let huge_mbox = {
        let mut m = b"From x@example.cn Wed Mar 15 10:00:00 2023\r\nSubject: huge\r\n\r\n".to_vec();
        let line = [b'A'; 76];
        while m.len() < 90 * 1024 * 1024 {
            m.extend_from_slice(&line);
            m.extend_from_slice(b"\r\n");
        }
        m
    };
    let huge = vec![0x5a; 65 * 1024 * 1024];
    vec![
        crafted(
            "bomb.eml",
            super::mail::message_attaching("a.zip", &bomb).into_bytes(),
            "压缩炸弹",
        ),
        crafted("bomb.zip", bomb.clone(), "压缩炸弹"),
        crafted(
            "huge-attachment.msg",
            outlook_msg(&msg_with(vec![MsgAttachment::File("自评表.xlsx", &huge)])),
            "附件过大",
        ),
        crafted("huge.mbox", huge_mbox, "邮件过大"),
        crafted(
            "nested.eml",
            nested(&nested(&super::mail::message_attaching("a.xlsx", &valid))).into_bytes(),
            "未打开",
        ),
        crafted(
            "nested.msg",
            outlook_msg(&msg_with(vec![MsgAttachment::Message(msg_with(vec![
                MsgAttachment::Message(msg_with(vec![])),
            ]))])),
            "未打开",
        ),
        crafted(
            "damaged.msg",
            byte_changed(&outlook_msg(&msg_with(vec![])), 30, 0x7f),
            "无法解析",
        ),
        crafted(
            "cut.eml",
            cut.as_bytes()[..cut.len() / 2].to_vec(),
            "不完整",
        ),
    ]
}
