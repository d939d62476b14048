//! `report.docx` and `report.pdf`: written by `report` and `run` as
//! `--formats` says, read back from the files: the docx's page setup,
//! styles, heading structure, tables and footers from its XML, its text
//! against the Markdown report's, and a round trip through docx-rs's
//! reader. (The PDF's text is checked in `tests/visual.sh`, which builds
//! with the `pdf` feature and has pdftotext.)

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use jixiao::report::view::number_tokens;
use quick_xml::events::Event;

use crate::support::workbook::root;

fn jixiao() -> Command {
    let mut cmd = Command::cargo_bin("jixiao").unwrap();
    cmd.current_dir(root());
    cmd
}

/// Runs `jixiao report FILE -o DIR ARGS…` into a fresh folder.
fn report(file: &str, args: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    jixiao()
        .args(["report", file, "-o"])
        .arg(&out)
        .args(args)
        .assert()
        .code(1);
    (tmp, out)
}

fn parts(path: &Path) -> BTreeMap<String, Vec<u8>> {
    let bytes = std::fs::read(path).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = BTreeMap::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        out.insert(f.name().unwrap().to_string(), data);
    }
    out
}

/// A paragraph of the body: its style and its text.
#[derive(Debug, Clone, PartialEq)]
struct Paragraph {
    style: String,
    text: String,
    in_table: bool,
}

fn attr(e: &quick_xml::events::BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.as_ref() == name)
        .map(|a| a.value.to_string())
}

/// The body's paragraphs, in order.
fn paragraphs(document: &[u8]) -> Vec<Paragraph> {
    let mut reader = quick_xml::Reader::from_reader(document);
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut current: Option<Paragraph> = None;
    let mut in_text = false;
    let mut buf = Vec::new();
    loop {
        match reader.read_event_into(&mut buf).unwrap() {
            Event::Eof => break,
            Event::Start(e) => match e.name().as_ref() {
                "w:tbl" => depth += 1,
                "w:p" => {
                    current = Some(Paragraph {
                        style: String::new(),
                        text: String::new(),
                        in_table: depth > 0,
                    });
                }
                "w:t" => in_text = true,
                _ => {}
            },
            Event::Empty(e) => match e.name().as_ref() {
                "w:pStyle" => {
                    if let Some(p) = &mut current {
                        p.style = attr(&e, "w:val").unwrap_or_default();
                    }
                }
                "w:br" => {
                    if let Some(p) = &mut current {
                        p.text.push('\n');
                    }
                }
                _ => {}
            },
            Event::Text(t) if in_text => {
                if let Some(p) = &mut current {
                    p.text.push_str(&t.xml10_content());
                }
            }
            Event::GeneralRef(r) if in_text => {
                if let Some(p) = &mut current {
                    let text = match r.as_ref() {
                        "amp" => "&",
                        "lt" => "<",
                        "gt" => ">",
                        "quot" => "\"",
                        _ => "'",
                    };
                    p.text.push_str(text);
                }
            }
            Event::End(e) => match e.name().as_ref() {
                "w:tbl" => depth -= 1,
                "w:t" => in_text = false,
                "w:p" => out.extend(current.take()),
                _ => {}
            },
            _ => {}
        }
        buf.clear();
    }
    out
}

/// The Markdown report's headings: level and text.
fn markdown_headings(md: &str) -> Vec<(usize, String)> {
    md.lines()
        .filter(|l| l.starts_with('#'))
        .map(|l| {
            let level = l.chars().take_while(|c| *c == '#').count();
            (level, l[level..].trim().replace('\\', ""))
        })
        .collect()
}

fn count(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

#[test]
fn a_department_report_docx_has_the_gongwen_layout_and_every_heading_and_figure() {
    let (_tmp, out) = report("input/junshan-2022.xlsx", &["--formats", "md,docx"]);
    // Only the formats asked for.
    assert!(out.join("report.md").is_file() && out.join("report.docx").is_file());
    assert!(!out.join("report.html").exists() && !out.join("report.pdf").exists());
    let docx = parts(&out.join("report.docx"));
    let document = String::from_utf8(docx["word/document.xml"].clone()).unwrap();
    let styles = String::from_utf8(docx["word/styles.xml"].clone()).unwrap();

    // A4; margins 37 / 26 / 35 / 28 mm: a 156 × 225 mm text block.
    assert!(
        document.contains("<w:pgSz w:w=\"11906\" w:h=\"16838\"/>"),
        "page size"
    );
    assert!(
        document.contains("w:top=\"2098\" w:right=\"1474\" w:bottom=\"1984\" w:left=\"1587\""),
        "margins"
    );
    // Body 仿宋_GB2312 三号 on a fixed 28-point line; title 小标宋 二号;
    // headings 黑体, 楷体, bold 仿宋, each an outline level.
    assert!(styles.contains("w:eastAsia=\"仿宋_GB2312\""));
    assert!(styles.contains("<w:sz w:val=\"32\"/>"));
    assert!(styles.contains("w:line=\"560\" w:lineRule=\"exact\""));
    let style = |id: &str| {
        let start = styles.find(&format!("w:styleId=\"{id}\"")).unwrap();
        let end = start + styles[start..].find("</w:style>").unwrap();
        styles[start..end].to_string()
    };
    assert!(style("Title").contains("方正小标宋简体") && style("Title").contains("w:val=\"44\""));
    assert!(
        style("Heading1").contains("w:eastAsia=\"黑体\"")
            && style("Heading1").contains("<w:outlineLvl w:val=\"1\"/>")
    );
    assert!(style("Heading2").contains("w:eastAsia=\"楷体_GB2312\""));
    assert!(style("Heading3").contains("<w:b/>"));
    // The font table names each family's other name for Word and WPS.
    let fonts = String::from_utf8(docx["word/fontTable.xml"].clone()).unwrap();
    assert!(fonts.contains("<w:font w:name=\"仿宋_GB2312\"><w:altName w:val=\"仿宋\"/>"));

    // The headings are the Markdown report's, in order, each in its style.
    let md = std::fs::read_to_string(out.join("report.md")).unwrap();
    let paragraphs = paragraphs(document.as_bytes());
    let headings: Vec<(usize, String)> = paragraphs
        .iter()
        .filter_map(|p| {
            let level = match p.style.as_str() {
                "Title" => 1,
                "Heading1" => 2,
                "Heading2" => 3,
                "Heading3" => 4,
                "Heading4" => 5,
                _ => return None,
            };
            Some((level, p.text.clone()))
        })
        .collect();
    assert_eq!(headings, markdown_headings(&md));
    assert!(
        headings.iter().any(|(_, t)| t.starts_with("附表1")),
        "the 附表 appended"
    );

    // Every table: its header row repeats, no row splits across pages.
    let tables = count(&document, "<w:tbl>");
    let delimiter_rows = md
        .lines()
        .filter(|l| l.starts_with('|') && l.chars().all(|c| "|-: ".contains(c)))
        .count();
    assert_eq!(tables, delimiter_rows, "a table for each of the Markdown's");
    assert_eq!(count(&document, "<w:tblHeader/>"), tables);
    assert_eq!(
        count(&document, "<w:cantSplit/>"),
        count(&document, "<w:tr>")
    );

    // Every figure of the report is in the document's text.
    let text: String = paragraphs.iter().map(|p| format!("{}\n", p.text)).collect();
    let in_docx: Vec<String> = number_tokens(&text).into_iter().map(|(_, n)| n).collect();
    for (_, number) in number_tokens(&md) {
        assert!(in_docx.contains(&number), "{number} missing from the docx");
    }
    // The charts, as pictures with their captions and descriptions.
    assert!(docx.contains_key("word/media/figure1.png") || text.contains("支出构成："));
    assert!(text.contains("图1　支出构成") && text.contains("图2　各一级指标系统得分"));
    assert!(!md.contains("图1"), "report.md itself has no figure");

    // Page numbers "— N —", outside: right on odd pages, left on even.
    let odd = String::from_utf8(docx["word/footer1.xml"].clone()).unwrap();
    let even = String::from_utf8(docx["word/footer2.xml"].clone()).unwrap();
    for (footer, side) in [(&odd, "right"), (&even, "left")] {
        assert!(footer.contains(" PAGE ") && footer.contains("— ") && footer.contains(" —"));
        assert!(footer.contains(&format!("<w:jc w:val=\"{side}\"/>")));
    }
    // The 附表 评分表 (nine columns of long criteria) on landscape pages
    // with its heading, between two portrait sections; the body ends in
    // portrait.
    let landscape = document
        .find("w:orient=\"landscape\"")
        .expect("a landscape section");
    let scores = document.find("附表1").unwrap();
    assert!(scores < landscape, "the 评分表 is in the landscape section");
    let before = &document[..scores];
    assert!(
        before.rfind("<w:sectPr>").is_some(),
        "a section ends before its heading"
    );
    assert!(!before.contains("w:orient=\"landscape\""));
    let last = document.rfind("<w:sectPr>").unwrap();
    assert!(
        !document[last..].contains("landscape"),
        "the note after it in portrait"
    );
    let settings = String::from_utf8(docx["word/settings.xml"].clone()).unwrap();
    assert!(settings.contains("<w:evenAndOddHeaders/>"));
    let core = String::from_utf8(docx["docProps/core.xml"].clone()).unwrap();
    assert!(
        core.contains(
            "<dc:title>岳阳市君山区医疗保障局2022年度部门整体支出绩效自评报告</dc:title>"
        )
    );
    assert!(core.contains("<dc:creator>岳阳市君山区医疗保障局</dc:creator>"));

    // A docx library reads it back: the same paragraphs' text, and tables.
    let read = docx_rs::read_docx(&std::fs::read(out.join("report.docx")).unwrap()).unwrap();
    let children = read.document.children;
    assert!(
        children
            .iter()
            .any(|c| matches!(c, docx_rs::DocumentChild::Table(_)))
    );
    let read_text: String = children
        .iter()
        .filter_map(|c| match c {
            docx_rs::DocumentChild::Paragraph(p) => Some(p.raw_text()),
            _ => None,
        })
        .collect();
    assert!(read_text.contains("一、部门（单位）概况"));
}

#[test]
fn the_public_docx_follows_the_public_html() {
    // A workbook with errors: the notice, as report.public.html.
    let (_tmp, out) = report("input/junshan-2022.xlsx", &["--formats", "html,docx"]);
    let notice = paragraphs(&parts(&out.join("report.public.docx"))["word/document.xml"]);
    let text: String = notice.iter().map(|p| p.text.clone()).collect();
    assert!(text.contains("暂不公开"), "{text}");
    assert!(!text.contains("98.00"), "no score in the notice");
    let html = std::fs::read_to_string(out.join("report.public.html")).unwrap();
    assert!(html.contains("暂不公开"));

    // Published despite errors: the report, its phone number masked as in
    // the public HTML.
    let (_tmp, out) = report(
        "input/junshan-2022.xlsx",
        &["--formats", "docx", "--public-despite-errors"],
    );
    let internal: String = paragraphs(&parts(&out.join("report.docx"))["word/document.xml"])
        .iter()
        .map(|p| p.text.clone())
        .collect();
    let public: String = paragraphs(&parts(&out.join("report.public.docx"))["word/document.xml"])
        .iter()
        .map(|p| p.text.clone())
        .collect();
    assert!(internal.contains("15897303065"));
    assert!(
        !public.contains("15897303065") && public.contains("158****3065"),
        "masked"
    );
    assert!(public.contains("98.00"));
}

#[test]
fn a_project_report_docx_has_its_title_tables_and_headings() {
    let file = "input/qingshanhu-2020-projects/城乡医疗救助.xlsx";
    let (_tmp, out) = report(file, &["--formats", "md,docx"]);
    let md = std::fs::read_to_string(out.join("report.md")).unwrap();
    let paragraphs = paragraphs(&parts(&out.join("report.docx"))["word/document.xml"]);
    let title = paragraphs.iter().find(|p| p.style == "Title").unwrap();
    assert!(
        title.text.contains("项目支出绩效自评报告"),
        "{}",
        title.text
    );
    assert!(paragraphs.iter().any(|p| p.in_table));
    let text: String = paragraphs.iter().map(|p| format!("{}\n", p.text)).collect();
    let in_docx: Vec<String> = number_tokens(&text).into_iter().map(|(_, n)| n).collect();
    for (_, number) in number_tokens(&md) {
        assert!(
            in_docx.contains(&number),
            "{number} missing from the project docx"
        );
    }
}

#[test]
fn an_unknown_format_is_a_usage_error_and_the_batch_writes_what_it_is_told() {
    let stderr = |formats: &str| {
        let output = jixiao()
            .args(["report", "input/junshan-2022.xlsx", "--formats", formats])
            .assert()
            .code(2)
            .get_output()
            .clone();
        String::from_utf8(output.stderr).unwrap()
    };
    assert!(stderr("md,rtf").contains("rtf"));
    #[cfg(not(feature = "pdf"))]
    assert!(stderr("pdf").contains("--features pdf"));

    let input = tempfile::tempdir().unwrap();
    std::fs::copy(
        root().join("input/chenxi-2022.xlsx"),
        input.path().join("chenxi-2022.xlsx"),
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let run = |formats: &str| {
        jixiao()
            .args([
                "run",
                "--quiet",
                "--no-isolation",
                "--formats",
                formats,
                "-o",
            ])
            .arg(out.path())
            .arg(input.path())
            .assert()
            .code(1);
        let folder = std::fs::read_dir(out.path())
            .unwrap()
            .flatten()
            .find(|e| e.path().is_dir() && !e.file_name().to_string_lossy().starts_with('.'))
            .unwrap()
            .path();
        let mut names: Vec<String> = std::fs::read_dir(folder)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with("report"))
            .collect();
        names.sort();
        names
    };
    assert_eq!(run("docx"), ["report.docx", "report.public.docx"]);
    // The summary page links the Word report it wrote, and only that.
    let index = std::fs::read_to_string(out.path().join("index.html")).unwrap();
    assert!(index.contains("/report.docx\">Word</a>"), "{index}");
    assert!(!index.contains(">PDF</a>"));
    // Other formats redo the workbook: the docx goes, the HTML comes.
    assert_eq!(run("html"), ["report.html", "report.public.html"]);
}

/// The text of a PDF as `pdftotext -raw` extracts it.
#[cfg(feature = "pdf")]
fn pdf_text(pdf: &Path) -> String {
    // -raw: in the order the text was typeset (a landscape page's
    // columns would otherwise interleave).
    let out = std::process::Command::new("pdftotext")
        .arg("-raw")
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils)");
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

#[cfg(feature = "pdf")]
#[test]
#[ignore = "slow lane (tests/visual.sh): needs pdftotext, pdfinfo and qpdf"]
fn the_pdf_has_every_heading_figure_bookmark_and_its_metadata() {
    for (file, unit) in [
        ("input/junshan-2022.xlsx", "岳阳市君山区医疗保障局"),
        (
            "input/qingshanhu-2020-projects/城乡医疗救助.xlsx",
            "南昌市青山湖区医疗保障局",
        ),
    ] {
        let (_tmp, out) = report(file, &["--formats", "md,pdf", "--public-despite-errors"]);
        let md = std::fs::read_to_string(out.join("report.md")).unwrap();
        for name in ["report.pdf", "report.public.pdf"] {
            let pdf = out.join(name);
            let check = std::process::Command::new("qpdf")
                .arg("--check")
                .arg(&pdf)
                .output()
                .expect("qpdf");
            assert!(
                check.status.success(),
                "{file} {name}: qpdf --check: {check:?}"
            );
            let info = std::process::Command::new("pdfinfo")
                .arg(&pdf)
                .output()
                .unwrap();
            let info = String::from_utf8(info.stdout).unwrap();
            assert!(info.contains("595.276 x 841.89 pts (A4)"), "{info}");
            assert!(info.contains(&format!("Author:          {unit}")), "{info}");
            assert!(info.contains("绩效自评报告"), "{info}");
        }
        let text = pdf_text(&out.join("report.pdf"));
        // A line of the page ends wherever the typesetting put it: headings
        // are compared without white space, numbers as the tokens of the
        // text's lines.
        let squeeze = |s: &str| -> String { s.chars().filter(|c| !c.is_whitespace()).collect() };
        let squeezed = squeeze(&text);
        for (_, heading) in markdown_headings(&md) {
            assert!(
                squeezed.contains(&squeeze(&heading)),
                "{file}: heading {heading}"
            );
        }
        let in_pdf: Vec<String> = number_tokens(&text).into_iter().map(|(_, n)| n).collect();
        for (_, number) in number_tokens(&md) {
            assert!(
                in_pdf.contains(&number),
                "{file}: {number} missing from the PDF"
            );
        }
        // The sections are the PDF's bookmarks.
        let outline = std::process::Command::new("qpdf")
            .args(["--json=2", "--json-key=outlines"])
            .arg(out.join("report.pdf"))
            .output()
            .unwrap();
        let outline = String::from_utf8(outline.stdout).unwrap();
        let first = markdown_headings(&md)
            .into_iter()
            .find(|(level, _)| *level == 2)
            .unwrap()
            .1;
        assert!(outline.contains(&first), "{file}: bookmark {first}");
    }
}
