//! One workbook's outputs (SPEC §9): the completed workbook, `report.md`,
//! `report.html`, `report.docx`, `report.pdf`, their public variants and
//! `diagnostics.json`. Rendering is
//! kept apart from writing so that a batch can time and parallelise them,
//! and every file is written atomically (a temporary file, then a rename:
//! [`fs`]).

use std::path::{Path, PathBuf};

mod error;
mod formats;
pub mod fs;

pub use error::OutputError;
pub use formats::{Format, Formats};
use fs::write_atomic;

use crate::check::diagnostics;
use crate::check::{FileReport, Status};
use crate::report::document::{Metadata, Prepared};
use crate::report::render::{
    DOCUMENT_NAME, FINDINGS_HTML, PUBLIC_NOTICE_HTML, PUBLIC_NOTICE_MD, REPORT_HTML, REPORT_MD,
    TemplateError, Templates, report_templates,
};
use crate::report::view;
use crate::rules::framework::Frameworks;
use crate::workbook::complete;

/// The completed workbook's file name.
pub const COMPLETED: &str = "completed.xlsx";
pub(crate) const REPORT_PUBLIC_HTML: &str = "report.public.html";
/// The report as a Word document, and its public variant.
pub const REPORT_DOCX: &str = "report.docx";
pub(crate) const REPORT_PUBLIC_DOCX: &str = "report.public.docx";
/// The report as a PDF, and its public variant.
pub const REPORT_PDF: &str = "report.pdf";
pub(crate) const REPORT_PUBLIC_PDF: &str = "report.public.pdf";
/// The diagnostics' file name: what was found, always written.
pub const DIAGNOSTICS: &str = "diagnostics.json";

/// The problem list as a page (问题清单), beside `diagnostics.json`.
pub const FINDINGS: &str = FINDINGS_HTML;

/// Every file name an output folder can hold.
pub(crate) const FILE_NAMES: [&str; 10] = [
    COMPLETED,
    REPORT_MD,
    REPORT_HTML,
    REPORT_PUBLIC_HTML,
    REPORT_DOCX,
    REPORT_PUBLIC_DOCX,
    REPORT_PDF,
    REPORT_PUBLIC_PDF,
    FINDINGS,
    DIAGNOSTICS,
];

/// The rendered outputs of one workbook, by file name, not yet written.
#[derive(Debug, Default)]
pub struct Rendered {
    /// Each output's file name and bytes.
    pub files: Vec<(&'static str, Vec<u8>)>,
}

/// The completed workbook of a checked file (none when it could not be read).
pub fn render_workbook(
    report: &FileReport,
    frameworks: &Frameworks,
) -> Result<Option<Vec<u8>>, OutputError> {
    complete::completed_workbook(report, frameworks).map_err(|source| OutputError::Workbook {
        file: report.file.clone(),
        source,
    })
}

/// Whether a workbook gets `report.public.html`, and what it holds when
/// the workbook has errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Public {
    /// No public report (`run --no-public`).
    No,
    /// The public report for a workbook without errors; for one with
    /// errors, a one-page notice that its self-evaluation is being
    /// corrected and not yet published (暂不公开), under the same name so
    /// that links stay valid.
    Checked,
    /// The public report even for a workbook with errors
    /// (`--public-despite-errors`).
    DespiteErrors,
}

impl Public {
    /// From the options: whether to publish at all, and whether despite
    /// errors.
    pub fn of(public: bool, despite_errors: bool) -> Public {
        match (public, despite_errors) {
            (false, _) => Public::No,
            (true, false) => Public::Checked,
            (true, true) => Public::DespiteErrors,
        }
    }

    /// Whether the public report of a file checked with this status is
    /// the notice in its place.
    pub fn withholds(self, status: Status) -> bool {
        self == Public::Checked && status == Status::Failed
    }

    /// Whether a checked file's public report is the notice in its place.
    fn withheld(self, report: &FileReport) -> bool {
        self.withholds(report.status)
    }
}

/// The reports and diagnostics of a checked file (only diagnostics when it
/// could not be read): the formats `formats` names, each public variant as
/// `public` says.
pub fn render_reports(
    report: &FileReport,
    templates: &Templates,
    public: Public,
    formats: &Formats,
) -> Result<Rendered, OutputError> {
    let mut out = Rendered::default();
    let failed = |source| OutputError::Template {
        file: report.file.clone(),
        source,
    };
    if let Some(internal) = view::build_view(report) {
        // The report of the workbook's kind, under the same file names.
        let (md, html) = report_templates(internal.kind());
        // The internal view has nothing to mask: converted once, for both.
        let value = Templates::value(html, &internal).map_err(failed)?;
        let context = Templates::context_of(&value);
        if formats.has(Format::Markdown) {
            out.files.push((
                REPORT_MD,
                templates.render_bytes(md, &context).map_err(failed)?,
            ));
        }
        if formats.has(Format::Html) {
            out.files.push((
                REPORT_HTML,
                templates.render_bytes(html, &context).map_err(failed)?,
            ));
        }
        if formats.has(Format::Html) {
            // The problem list a person reads, beside the JSON for programs.
            let findings = view::findings_view(report, Some(internal.unit_name()), internal.year());
            out.files.push((
                FINDINGS,
                templates
                    .render_bytes(
                        FINDINGS,
                        &Templates::context(FINDINGS, &findings).map_err(failed)?,
                    )
                    .map_err(failed)?,
            ));
        }
        let metadata = Metadata {
            title: String::new(),
            unit: internal.unit_name(),
            year: internal.year(),
            generator: internal.generator().to_string(),
        };
        documents(
            report,
            templates,
            formats,
            (md, &context),
            &metadata,
            [REPORT_DOCX, REPORT_PDF],
            &mut out,
        )?;
        // The public variant: the notice in place of a workbook with
        // errors, else the report of the redacted data.
        let public_variant = if public.withheld(report) {
            let context = notice_context(&internal.into_public());
            Some((PUBLIC_NOTICE_HTML, PUBLIC_NOTICE_MD, context))
        } else if public != Public::No {
            let context = public_context(&context, &value, &internal.into_public());
            Some((html, md, context))
        } else {
            None
        };
        if let Some((html, md, context)) = public_variant {
            if formats.has(Format::Html) {
                out.files.push((
                    REPORT_PUBLIC_HTML,
                    templates.render_bytes(html, &context).map_err(failed)?,
                ));
            }
            documents(
                report,
                templates,
                formats,
                (md, &context),
                &metadata,
                [REPORT_PUBLIC_DOCX, REPORT_PUBLIC_PDF],
                &mut out,
            )?;
        }
    }
    out.files.push((
        DIAGNOSTICS,
        diagnostics::json(std::slice::from_ref(report)).into_bytes(),
    ));
    Ok(out)
}

/// The Word and PDF documents (as `formats` asks) of the Markdown template
/// `md` rendered with `context` for a document: under the names `names`
/// (Word, PDF).
fn documents(
    report: &FileReport,
    templates: &Templates,
    formats: &Formats,
    (md, context): (&str, &tera::Context),
    metadata: &Metadata,
    [docx_name, pdf_name]: [&'static str; 2],
    out: &mut Rendered,
) -> Result<(), OutputError> {
    if !formats.has(Format::Docx) && !formats.has(Format::Pdf) {
        return Ok(());
    }
    let failed = |source: TemplateError| OutputError::Template {
        file: report.file.clone(),
        source,
    };
    let document_failed = |source| OutputError::Document {
        file: report.file.clone(),
        source,
    };
    let mut context = context.clone();
    context.insert(DOCUMENT_NAME, &true);
    let markdown = templates.render_context(md, &context).map_err(failed)?;
    let prepared = Prepared::new(&markdown, metadata.clone(), &formats.fonts, |figure| {
        templates.render_context(figure, &context)
    })
    .map_err(failed)?;
    if formats.has(Format::Docx) {
        out.files.push((
            docx_name,
            prepared.docx(&formats.fonts).map_err(document_failed)?,
        ));
    }
    #[cfg(feature = "pdf")]
    if formats.has(Format::Pdf) {
        out.files.push((
            pdf_name,
            prepared.pdf(&formats.fonts).map_err(document_failed)?,
        ));
    }
    #[cfg(not(feature = "pdf"))]
    let _ = pdf_name;
    Ok(())
}

/// The public report's data from the internal report's: the fields the
/// public view changes (`public`, `file`, `unit`, the lists made from
/// findings) made again from it, and every string of every key passed
/// through its [`view::Redactor`]. The keys it leaves as they are stay
/// shared with the internal data, so the public report costs a render and
/// a reading of its strings, not a second conversion of the view.
fn public_context(
    internal: &tera::Context,
    value: &tera::Value,
    public: &view::View,
) -> tera::Context {
    let redactor = public.redactor();
    let masked = |mut v: serde_json::Value| {
        redactor.redact_value(&mut v);
        tera::Value::from_serializable(&v)
    };
    let mut context = internal.clone();
    let fields = public.public_fields();
    for (key, v) in value.as_map().into_iter().flatten() {
        let key = key.to_string();
        if !fields.iter().any(|(k, _)| *k == key) && holds_personal(v, redactor) {
            context.insert_value(key, masked(serde_json::to_value(v).unwrap_or_default()));
        }
    }
    for (key, v) in fields {
        context.insert_value(key, masked(v));
    }
    context
}

/// Whether some string in a template value holds something the redactor
/// masks.
fn holds_personal(v: &tera::Value, redactor: &view::Redactor) -> bool {
    if let Some(s) = v.as_str() {
        return redactor.redact(s).is_some();
    }
    if let Some(items) = v.as_array() {
        return items.iter().any(|v| holds_personal(v, redactor));
    }
    v.as_map()
        .is_some_and(|m| m.values().any(|v| holds_personal(v, redactor)))
}

/// The data of the notice published in place of the public report of a
/// workbook with errors: which report it stands for, and nothing of the
/// check (masked like the report's data).
fn notice_context(public: &view::View) -> tera::Context {
    let mut data = serde_json::json!({
        "public": true,
        "generator": public.generator(),
        "unit": public.public_fields().into_iter().find(|(k, _)| *k == "unit").map(|(_, v)| v),
        "title": public.title(),
        "project": public.project_name(),
    });
    public.redactor().redact_value(&mut data);
    Templates::context_of(&tera::Value::from_serializable(&data))
}

/// Renders everything for one workbook.
pub fn render_all(
    report: &FileReport,
    frameworks: &Frameworks,
    templates: &Templates,
    public: Public,
    formats: &Formats,
) -> Result<Rendered, OutputError> {
    let mut rendered = render_reports(report, templates, public, formats)?;
    if let Some(bytes) = render_workbook(report, frameworks)? {
        rendered.files.insert(0, (COMPLETED, bytes));
    }
    Ok(rendered)
}

/// Writes rendered outputs into `dir` (created if needed), each atomically,
/// and removes outputs of an earlier run that this one did not produce (a
/// workbook that has become unreadable keeps no stale report). Returns the
/// paths written.
pub fn write_rendered(dir: &Path, rendered: &Rendered) -> Result<Vec<PathBuf>, OutputError> {
    let written = write_files(dir, rendered)?;
    let names: Vec<&str> = rendered.files.iter().map(|(n, _)| *n).collect();
    remove_others(dir, &names)?;
    Ok(written)
}

/// Writes rendered outputs into `dir`, each atomically.
pub(crate) fn write_files(dir: &Path, rendered: &Rendered) -> Result<Vec<PathBuf>, OutputError> {
    let mut written = Vec::new();
    for (name, bytes) in &rendered.files {
        let path = dir.join(name);
        write_atomic(&path, bytes)?;
        written.push(path);
    }
    Ok(written)
}

/// Writes rendered outputs into a new folder no reader sees until it is
/// renamed into place (a batch's staging folder): plain writes, since the
/// folder as a whole is what is published atomically.
pub fn write_staged(dir: &Path, rendered: &Rendered) -> Result<(), OutputError> {
    std::fs::create_dir_all(dir).map_err(|source| OutputError::Io {
        path: dir.display().to_string(),
        source,
    })?;
    for (name, bytes) in &rendered.files {
        let path = dir.join(name);
        std::fs::write(&path, bytes).map_err(|source| OutputError::Io {
            path: path.display().to_string(),
            source,
        })?;
    }
    Ok(())
}

/// Removes the output files of `dir` that are not in `keep`.
pub(crate) fn remove_others(dir: &Path, keep: &[impl AsRef<str>]) -> Result<(), OutputError> {
    for name in FILE_NAMES {
        if keep.iter().any(|k| k.as_ref() == name) {
            continue;
        }
        let stale = dir.join(name);
        if stale.exists() {
            std::fs::remove_file(&stale).map_err(|source| OutputError::Io {
                path: stale.display().to_string(),
                source,
            })?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_public_data_made_from_the_internal_renders_as_the_public_view_does() {
        let ctx = crate::rules::settings::Settings::default();
        let templates = Templates::defaults().expect("templates");
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("input/junshan-2022.xlsx");
        let bytes = std::fs::read(&path).expect("sample");
        let report =
            crate::check::check_bytes("junshan-2022.xlsx", &bytes, &ctx, &Default::default());
        let mut internal = view::build(&report).expect("a view");
        // Mobiles in the prose and in a contact field, and in a key that
        // holds none in the sample.
        internal.problems.push(view::Item {
            text: "联系人电话 13912345678，备用 139-1234-5679".into(),
            derived: false,
            from_check: false,
        });
        internal.unit.contact_phone = Some("0730-1234567 / 13812345678".into());
        let value = Templates::value(REPORT_HTML, &internal).expect("value");
        let context = Templates::context_of(&value);
        let public = internal.into_public();
        let made = templates
            .render_context(
                REPORT_HTML,
                &public_context(
                    &context,
                    &value,
                    &view::View::Department(public.clone().into()),
                ),
            )
            .expect("render");
        let reference = templates
            .render(REPORT_HTML, &public.to_value())
            .expect("render");
        assert_eq!(made, reference);
        assert!(
            made.contains("139****5678") && made.contains("138****5678"),
            "masked"
        );
        assert!(!made.contains("13912345678") && made.contains("0730-1234567"));
    }
}
