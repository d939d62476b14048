//! jixiao in the browser (自查页面): the page's entry points, a thin layer
//! over the library as `src/main.rs` is for the command line. The page
//! hands a workbook's bytes in and gets back the same JSON documents as
//! `jixiao check --format json` and `jixiao score --format json`, the
//! completed workbook and the report of `jixiao report`, and the blank
//! templates of `jixiao template`. Nothing here reads or writes a file,
//! starts a thread or a process: the file never leaves the browser.

use jixiao::check::{self, FileReport, diagnostics};
use jixiao::ingest::guard::Limits;
use jixiao::output::{self, Format, Formats, Public};
use jixiao::report::document::Fonts;
use jixiao::report::render::{REPORT_HTML, Templates};
use jixiao::rules::framework::Frameworks;
use jixiao::rules::settings::Settings;
use jixiao::workbook::inputs::Inputs;
use jixiao::workbook::options::TemplateOptions;
use jixiao::workbook::{project, template};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// The page's `jixiaoPanicked(message)`: told a panic's message before
    /// the module stops, so the page can say what went wrong and start a
    /// fresh module for the next file.
    #[wasm_bindgen(js_name = jixiaoPanicked)]
    fn panicked(message: &str);
}

/// The checker the page holds: the frameworks (the built-in ones, or a
/// finance office's own chosen with the file picker) and the report
/// templates, loaded once.
#[wasm_bindgen]
#[derive(Debug)]
pub struct Checker {
    frameworks: Frameworks,
    templates: Templates,
}

#[wasm_bindgen]
impl Checker {
    /// The built-in frameworks and report templates; a panic from here on
    /// is reported to the page.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Result<Checker, JsError> {
        std::panic::set_hook(Box::new(|info| panicked(&info.to_string())));
        Ok(Checker {
            frameworks: Frameworks::builtin()?,
            templates: Templates::defaults()?,
        })
    }

    /// A finance office's framework file (TOML), chosen for every workbook
    /// as `--framework FILE` chooses it. Returns the framework's name; what
    /// the file should change although it loads is [`Checker::framework_notes`].
    pub fn choose_framework(&mut self, file_name: &str, text: &str) -> Result<String, JsError> {
        let chosen = Frameworks::builtin()?.with_text(text, file_name)?;
        let name = chosen
            .for_workbook(None)
            .map(|f| f.name().to_string())
            .unwrap_or_default();
        self.frameworks = chosen;
        Ok(name)
    }

    /// What the chosen framework file should change although it loads
    /// (提示), one a note.
    pub fn framework_notes(&self) -> Vec<String> {
        self.frameworks
            .notes()
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    /// Back to the built-in frameworks, each workbook scored by the one it
    /// names.
    pub fn builtin_frameworks(&mut self) -> Result<(), JsError> {
        self.frameworks = Frameworks::builtin()?;
        Ok(())
    }

    /// Checks and scores one workbook, read from `bytes`; `file_name` is
    /// how findings name it.
    pub fn check(&self, file_name: &str, bytes: &[u8]) -> Checked {
        let settings = Settings::with_frameworks(self.frameworks.clone());
        let report = check::check_bytes(file_name, bytes, &settings, &Limits::default());
        Checked { report }
    }

    /// The completed workbook (完成工作簿) of a checked workbook, as
    /// `jixiao report` writes it; none for a file that could not be read as
    /// the template.
    pub fn completed_workbook(&self, checked: &Checked) -> Result<Option<Vec<u8>>, JsError> {
        Ok(output::render_workbook(&checked.report, &self.frameworks)?)
    }

    /// The report of a checked workbook as one self-contained HTML page
    /// (report.html); none for a file that could not be read as the
    /// template.
    pub fn report_html(&self, checked: &Checked) -> Result<Option<String>, JsError> {
        let formats = Formats::new([Format::Html], Fonts::default());
        let rendered =
            output::render_reports(&checked.report, &self.templates, Public::No, &formats)?;
        Ok(rendered
            .files
            .into_iter()
            .find(|(name, _)| *name == REPORT_HTML)
            .map(|(_, bytes)| String::from_utf8_lossy(&bytes).into_owned()))
    }

    /// The blank template (部门整体支出绩效自评表, or with `project` the
    /// 项目支出绩效自评表), its 评分表 from the chosen framework.
    pub fn blank_template(&self, project: bool) -> Result<Vec<u8>, JsError> {
        let opts = TemplateOptions {
            frameworks: self.frameworks.clone(),
            ..TemplateOptions::default()
        };
        let inputs = Inputs::default();
        Ok(if project {
            project::build(&inputs, &opts)?
        } else {
            template::build(&inputs, &opts)?
        })
    }

    /// The names of the frameworks a workbook can choose, in order.
    pub fn framework_names(&self) -> Vec<String> {
        self.frameworks.names()
    }

    /// jixiao's version, as its documents name it.
    pub fn version() -> String {
        env!("CARGO_PKG_VERSION").to_string()
    }
}

/// One checked workbook.
#[wasm_bindgen]
#[derive(Debug)]
pub struct Checked {
    report: FileReport,
}

#[wasm_bindgen]
impl Checked {
    /// The findings, as `jixiao check --format json` writes them.
    pub fn diagnostics(&self) -> String {
        diagnostics::json(std::slice::from_ref(&self.report))
    }

    /// The scores, as `jixiao score --format json` writes them.
    pub fn scores(&self) -> String {
        diagnostics::score_json(std::slice::from_ref(&self.report))
    }

    /// What the reports show in place of the department's total when it
    /// is not graded (不完整, 未自评); none when it is graded, and for a
    /// project workbook.
    pub fn standing(&self) -> Option<String> {
        let department = self.report.score.as_ref()?.department.as_ref()?;
        (department.grade.is_none()).then(|| department.standing.zh().to_string())
    }
}
