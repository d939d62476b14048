//! Renders the narrative report (`report.md`, `report.html`) from Tera
//! templates. The defaults in `templates/` are embedded in the binary; a
//! finance office overrides any of them, or any partial, by putting a file of
//! the same name in its own folder (`--templates DIR`), and `jixiao templates
//! eject DIR` writes the defaults out to start from. Templates see only the
//! view model ([`crate::report::view`]), its version (`view_version`) and
//! the domain filters (`filters`) documented in `docs/templates.md`; each
//! template is marked with the version it was written for (`version`).

mod filters;
mod version;

pub use version::Written;

use std::path::{Path, PathBuf};

use tera::{Context, ErrorKind, Tera};

use crate::contract::fields::WorkbookKind;
use crate::report::render::filters::{escape_markdown, register_filters};
use crate::report::render::version::{advice, missing_variable, written_for};
use crate::report::view::VIEW_VERSION;

/// The default templates, by name. A user's file of the same name (relative
/// to the templates folder) replaces one.
pub const DEFAULTS: &[(&str, &str)] = &[
    (
        "report.html",
        include_str!("../../../templates/report.html"),
    ),
    (
        "findings.html",
        include_str!("../../../templates/findings.html"),
    ),
    ("report.md", include_str!("../../../templates/report.md")),
    (
        "project.html",
        include_str!("../../../templates/project.html"),
    ),
    ("project.md", include_str!("../../../templates/project.md")),
    (
        "public_notice.html",
        include_str!("../../../templates/public_notice.html"),
    ),
    (
        "public_notice.md",
        include_str!("../../../templates/public_notice.md"),
    ),
    (
        "summary.html",
        include_str!("../../../templates/summary.html"),
    ),
    (
        "partials/summary_row.html",
        include_str!("../../../templates/partials/summary_row.html"),
    ),
    (
        "partials/summary_project_row.html",
        include_str!("../../../templates/partials/summary_project_row.html"),
    ),
    (
        "partials/style.css",
        include_str!("../../../templates/partials/style.css"),
    ),
    (
        "partials/header.html",
        include_str!("../../../templates/partials/header.html"),
    ),
    (
        "partials/overview.html",
        include_str!("../../../templates/partials/overview.html"),
    ),
    (
        "partials/spending.html",
        include_str!("../../../templates/partials/spending.html"),
    ),
    (
        "partials/goals.html",
        include_str!("../../../templates/partials/goals.html"),
    ),
    (
        "partials/results.html",
        include_str!("../../../templates/partials/results.html"),
    ),
    (
        "partials/problems.html",
        include_str!("../../../templates/partials/problems.html"),
    ),
    (
        "partials/measures.html",
        include_str!("../../../templates/partials/measures.html"),
    ),
    (
        "partials/appendix.html",
        include_str!("../../../templates/partials/appendix.html"),
    ),
    (
        "partials/chart_spending.html",
        include_str!("../../../templates/partials/chart_spending.html"),
    ),
    (
        "partials/chart_levels.html",
        include_str!("../../../templates/partials/chart_levels.html"),
    ),
    (
        "partials/header.md",
        include_str!("../../../templates/partials/header.md"),
    ),
    (
        "partials/overview.md",
        include_str!("../../../templates/partials/overview.md"),
    ),
    (
        "partials/spending.md",
        include_str!("../../../templates/partials/spending.md"),
    ),
    (
        "partials/goals.md",
        include_str!("../../../templates/partials/goals.md"),
    ),
    (
        "partials/results.md",
        include_str!("../../../templates/partials/results.md"),
    ),
    (
        "partials/problems.md",
        include_str!("../../../templates/partials/problems.md"),
    ),
    (
        "partials/measures.md",
        include_str!("../../../templates/partials/measures.md"),
    ),
    (
        "partials/appendix.md",
        include_str!("../../../templates/partials/appendix.md"),
    ),
    (
        "partials/project_header.html",
        include_str!("../../../templates/partials/project_header.html"),
    ),
    (
        "partials/project_header.md",
        include_str!("../../../templates/partials/project_header.md"),
    ),
    (
        "partials/project_basics.html",
        include_str!("../../../templates/partials/project_basics.html"),
    ),
    (
        "partials/project_basics.md",
        include_str!("../../../templates/partials/project_basics.md"),
    ),
    (
        "partials/project_results.html",
        include_str!("../../../templates/partials/project_results.html"),
    ),
    (
        "partials/project_results.md",
        include_str!("../../../templates/partials/project_results.md"),
    ),
    (
        "partials/project_issues.html",
        include_str!("../../../templates/partials/project_issues.html"),
    ),
    (
        "partials/project_issues.md",
        include_str!("../../../templates/partials/project_issues.md"),
    ),
    (
        "partials/project_indicators.html",
        include_str!("../../../templates/partials/project_indicators.html"),
    ),
    (
        "partials/project_indicators.md",
        include_str!("../../../templates/partials/project_indicators.md"),
    ),
    (
        "partials/rectification.html",
        include_str!("../../../templates/partials/rectification.html"),
    ),
    (
        "partials/rectification.md",
        include_str!("../../../templates/partials/rectification.md"),
    ),
    (
        "partials/prior.html",
        include_str!("../../../templates/partials/prior.html"),
    ),
    (
        "partials/prior.md",
        include_str!("../../../templates/partials/prior.md"),
    ),
    (
        "partials/revision.html",
        include_str!("../../../templates/partials/revision.html"),
    ),
    (
        "partials/revision.md",
        include_str!("../../../templates/partials/revision.md"),
    ),
];

/// The variable that gives templates the version of the view model
/// ([`VIEW_VERSION`]).
pub(crate) const VIEW_VERSION_NAME: &str = "view_version";

/// A workbook's problem list as a page (问题清单).
pub(crate) const FINDINGS_HTML: &str = "findings.html";

/// The two documents every report has.
pub const REPORT_HTML: &str = "report.html";
pub(crate) const REPORT_MD: &str = "report.md";

/// The page published in place of the public report while a workbook
/// with errors is being corrected (暂不公开).
pub(crate) const PUBLIC_NOTICE_HTML: &str = "public_notice.html";
/// The same notice, for the public Word and PDF documents.
pub(crate) const PUBLIC_NOTICE_MD: &str = "public_notice.md";

/// The variable that tells a Markdown template it is being rendered for a
/// Word or PDF document (`true`), where it may place figures, rather than
/// for `report.md` (`false`).
pub(crate) const DOCUMENT_NAME: &str = "document";

/// The templates of a project workbook's report (项目支出绩效自评报告),
/// written to the same file names as a department's.
pub(crate) const PROJECT_HTML: &str = "project.html";
pub(crate) const PROJECT_MD: &str = "project.md";

/// The templates a kind of workbook's report is rendered with: Markdown,
/// then HTML.
pub(crate) fn report_templates(kind: WorkbookKind) -> (&'static str, &'static str) {
    match kind {
        WorkbookKind::Department => (REPORT_MD, REPORT_HTML),
        WorkbookKind::Project => (PROJECT_MD, PROJECT_HTML),
    }
}

/// A template that cannot be loaded or rendered, located in its file.
#[derive(Debug, thiserror::Error)]
pub enum TemplateError {
    /// The template folder cannot be read.
    #[error("无法读取模板文件夹 {dir}：{}", crate::contract::os::io_zh(.source))]
    Folder {
        /// The folder.
        dir: String,
        /// Why.
        source: std::io::Error,
    },
    /// A template file cannot be read.
    #[error("无法读取模板 {file}：{}", crate::contract::os::io_zh(.source))]
    Read {
        /// The user's file.
        file: String,
        /// Why.
        source: std::io::Error,
    },
    /// A mistake at a line and column of a template.
    #[error("模板 {file}:{line}:{col}：{message}")]
    At {
        /// The user's file, or `内置模板 NAME` for a default.
        file: String,
        /// The line.
        line: usize,
        /// The column.
        col: usize,
        /// What is wrong, from Tera.
        message: String,
    },
    /// Any other template error.
    #[error("模板 {file}：{message}")]
    Other {
        /// The template's file or name.
        file: String,
        /// What is wrong, from Tera.
        message: String,
    },
    /// A user's template uses a variable the view does not have: most
    /// likely one written for another version of the view model.
    #[error(
        "模板 {file}:{line}:{col}：没有变量“{variable}”。该模板{written}，本版 jixiao 的视图模型为第 {current} 版：{}",
        advice(.written, .current)
    )]
    MissingVariable {
        /// The user's file.
        file: String,
        /// The line.
        line: usize,
        /// The column.
        col: usize,
        /// As the template writes it: `results.nope`.
        variable: String,
        /// The version of the view model the template is marked with.
        written: Written,
        /// This build's version of the view model.
        current: u32,
        /// Tera's error.
        source: tera::Error,
    },
    /// A user's template marked with a version of the view model newer
    /// than this build's.
    #[error(
        "模板 {file} 为视图模型第 {written} 版而写，比本版 jixiao 的视图模型（第 {current} 版）新：\
         请升级 jixiao，或用 jixiao templates eject 导出本版的内置模板，把修改搬过去（见 docs/templates.md 的“视图模型版本”）"
    )]
    Newer {
        /// The user's file.
        file: String,
        /// The version of the view model the template is marked with.
        written: u32,
        /// This build's version of the view model.
        current: u32,
    },
}

/// The loaded templates: one Tera for HTML (HTML-escaped) and one for
/// Markdown (Markdown-escaped), since Tera has one escape function per
/// instance.
#[derive(Debug)]
pub struct Templates {
    html: TeraBox,
    md: TeraBox,
    /// Where each template came from: a user's file or the default.
    origins: Vec<Origin>,
    /// A hash of every template's name and source (for incremental runs).
    fingerprint: String,
}

/// Where a template came from.
#[derive(Debug)]
struct Origin {
    name: String,
    /// The user's file, or `内置模板 NAME` for a default.
    file: String,
    /// A user's template's text (for the version it was written for, should
    /// it lack a variable); `None` for a default.
    user_text: Option<String>,
}

/// `Tera` has no `Debug`.
struct TeraBox(Tera);

impl std::fmt::Debug for TeraBox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Tera")
    }
}

fn is_markdown(name: &str) -> bool {
    name.ends_with(".md")
}

impl Templates {
    /// The default templates.
    pub fn defaults() -> Result<Self, TemplateError> {
        Self::load(None)
    }

    /// The defaults, with the files of `dir` (if any) replacing or adding to
    /// them by relative name.
    pub fn load(dir: Option<&Path>) -> Result<Self, TemplateError> {
        // Name, text, origin, and whether a user's file gave it.
        let mut sources: Vec<(String, String, String, bool)> = DEFAULTS
            .iter()
            .map(|(name, text)| {
                (
                    (*name).to_string(),
                    (*text).to_string(),
                    format!("内置模板 {name}"),
                    false,
                )
            })
            .collect();
        if let Some(dir) = dir {
            for (name, path) in user_files(dir)? {
                let text =
                    std::fs::read_to_string(&path).map_err(|source| TemplateError::Read {
                        file: path.display().to_string(),
                        source,
                    })?;
                let origin = path.display().to_string();
                if let Written::For(written) = written_for(&text)
                    && written > VIEW_VERSION
                {
                    return Err(TemplateError::Newer {
                        file: origin,
                        written,
                        current: VIEW_VERSION,
                    });
                }
                match sources.iter_mut().find(|(n, _, _, _)| *n == name) {
                    Some(s) => {
                        s.1 = text;
                        s.2 = origin;
                        s.3 = true;
                    }
                    None => sources.push((name, text, origin, true)),
                }
            }
        }
        let mut html = Tera::new();
        let mut md = Tera::new();
        html.autoescape_on([".html", ".svg"]);
        md.autoescape_on([".md"]);
        md.set_escape_fn(escape_markdown);
        register_filters(&mut html, false);
        register_filters(&mut md, true);
        let origins: Vec<Origin> = sources
            .iter()
            .map(|(n, t, o, user)| Origin {
                name: n.clone(),
                file: o.clone(),
                user_text: user.then(|| t.clone()),
            })
            .collect();
        let mut hasher = blake3::Hasher::new();
        for (name, text, _, _) in &sources {
            hasher.update(name.as_bytes());
            hasher.update(&[0]);
            hasher.update(text.as_bytes());
            hasher.update(&[0]);
        }
        let (md_sources, html_sources): (Vec<_>, Vec<_>) =
            sources.iter().partition(|(n, _, _, _)| is_markdown(n));
        let add = |tera: &mut Tera, list: &[&(String, String, String, bool)]| {
            tera.add_raw_templates(list.iter().map(|(n, t, _, _)| (n.as_str(), t.as_str())))
        };
        add(&mut html, &html_sources).map_err(|e| located(e, &origins))?;
        add(&mut md, &md_sources).map_err(|e| located(e, &origins))?;
        Ok(Templates {
            html: TeraBox(html),
            md: TeraBox(md),
            origins,
            fingerprint: hasher.finalize().to_hex().to_string(),
        })
    }

    /// Renders a template (`report.html`, `report.md`) with the view.
    pub(crate) fn render(
        &self,
        name: &str,
        view: &impl serde::Serialize,
    ) -> Result<String, TemplateError> {
        self.render_context(name, &Self::context(name, view)?)
    }

    /// Template data, converted once for several templates.
    pub(crate) fn context(
        name: &str,
        view: &impl serde::Serialize,
    ) -> Result<Context, TemplateError> {
        let mut context = Context::from_serialize(view).map_err(|e| unconvertible(name, &e))?;
        context.insert(VIEW_VERSION_NAME, &VIEW_VERSION);
        context.insert(DOCUMENT_NAME, &false);
        Ok(context)
    }

    /// A view as one Tera value, for data converted once and shared by
    /// several contexts ([`Templates::context_of`]).
    pub(crate) fn value(
        name: &str,
        view: &impl serde::Serialize,
    ) -> Result<tera::Value, TemplateError> {
        tera::Value::try_from_serializable(view).map_err(|e| unconvertible(name, &e))
    }

    /// Template data from a [`Templates::value`]: one key per field.
    pub(crate) fn context_of(value: &tera::Value) -> Context {
        let mut context = Context::new();
        for (key, v) in value.as_map().into_iter().flatten() {
            context.insert_value(key.to_string(), v.clone());
        }
        context.insert(VIEW_VERSION_NAME, &VIEW_VERSION);
        context.insert(DOCUMENT_NAME, &false);
        context
    }

    /// Renders a template into a writer.
    pub(crate) fn render_context_to(
        &self,
        name: &str,
        context: &Context,
        out: impl std::io::Write,
    ) -> Result<(), TemplateError> {
        self.tera_for(name)
            .render_to(name, context, out)
            .map_err(|e| located(e, &self.origins))
    }

    /// Renders a template with data made by [`Templates::context`], as the
    /// bytes of a file: Tera writes UTF-8 text already, so unlike
    /// [`Templates::render_context`] the output is not checked again (a
    /// report is some 50 KB of mostly Chinese text).
    pub(crate) fn render_bytes(
        &self,
        name: &str,
        context: &Context,
    ) -> Result<Vec<u8>, TemplateError> {
        let mut out = Vec::with_capacity(64 * 1024);
        self.render_context_to(name, context, &mut out)?;
        Ok(out)
    }

    /// Renders a template with data made by [`Templates::context`].
    pub(crate) fn render_context(
        &self,
        name: &str,
        context: &Context,
    ) -> Result<String, TemplateError> {
        self.tera_for(name)
            .render(name, context)
            .map_err(|e| located(e, &self.origins))
    }

    /// The Tera that holds a template: Markdown or HTML, by its name.
    fn tera_for(&self, name: &str) -> &Tera {
        if is_markdown(name) {
            &self.md.0
        } else {
            &self.html.0
        }
    }

    /// A hash of every template in use; changes when any template does.
    pub(crate) fn fingerprint(&self) -> &str {
        &self.fingerprint
    }
}

/// A view that Tera cannot take as data, named by the template it was for.
fn unconvertible(name: &str, e: &dyn std::fmt::Display) -> TemplateError {
    TemplateError::Other {
        file: name.to_string(),
        message: e.to_string(),
    }
}

/// The files under a templates folder, by name relative to it (`/`-separated).
fn user_files(dir: &Path) -> Result<Vec<(String, PathBuf)>, TemplateError> {
    let folder_error = |source| TemplateError::Folder {
        dir: dir.display().to_string(),
        source,
    };
    if !dir.is_dir() {
        return Err(folder_error(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            "不是文件夹",
        )));
    }
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.map_err(|e| folder_error(e.into()))?;
        if !entry.file_type().is_file() {
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(dir) else {
            continue;
        };
        let name = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        if name.split('/').any(|part| part.starts_with('.')) {
            continue;
        }
        out.push((name, entry.path().to_path_buf()));
    }
    Ok(out)
}

/// A Tera error as file:line:col in the user's file (or the default's name);
/// a user's template that lacks a variable as
/// [`TemplateError::MissingVariable`], with Tera's error as its cause.
fn located(e: tera::Error, origins: &[Origin]) -> TemplateError {
    let find = |name: &str| origins.iter().find(|o| o.name == name);
    let origin = |name: &str| find(name).map_or_else(|| name.to_string(), |o| o.file.clone());
    if let ErrorKind::RenderingError(r) = e.kind()
        && let Some(user) = find(r.filename())
        && let Some(text) = &user.user_text
        && let Some(variable) = missing_variable(r.message(), text, &r.span().range)
    {
        return TemplateError::MissingVariable {
            file: user.file.clone(),
            line: r.span().start_line,
            col: r.span().start_col + 1,
            variable,
            written: written_for(text),
            current: VIEW_VERSION,
            source: e,
        };
    }
    match e.kind() {
        ErrorKind::SyntaxError(r) | ErrorKind::RenderingError(r) => {
            let mut message = r.message().to_string();
            let mut source = std::error::Error::source(&e);
            while let Some(s) = source {
                message.push_str(&format!("：{s}"));
                source = s.source();
            }
            TemplateError::At {
                file: origin(r.filename()),
                line: r.span().start_line,
                col: r.span().start_col + 1,
                message,
            }
        }
        ErrorKind::TemplateNotFound(name) => TemplateError::Other {
            file: origin(name),
            message: format!("找不到模板“{name}”"),
        },
        ErrorKind::MissingParent { current, parent } => TemplateError::Other {
            file: origin(current),
            message: format!("继承的模板“{parent}”不存在"),
        },
        // Circular includes and the like: Tera names the templates in the
        // message itself.
        other => TemplateError::Other {
            file: "（报告模板）".to_string(),
            message: other.to_string(),
        },
    }
}

/// Writes the default templates to `dir` (which must not hold them already)
/// and returns the paths written.
pub fn eject(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut written = Vec::new();
    for (name, _) in DEFAULTS {
        let path = dir.join(name);
        if path.exists() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::AlreadyExists,
                format!("{} 已存在，未覆盖", path.display()),
            ));
        }
    }
    for (name, text) in DEFAULTS {
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&path, text)?;
        written.push(path);
    }
    Ok(written)
}

#[cfg(test)]
mod tests;
