//! The frameworks a run can score with: the built-ins compiled into the
//! binary (parsed once per process), one more given by path, lookup by id,
//! and the fingerprint that tells an incremental batch run that a rule
//! changed.

use std::path::Path;
use std::sync::Arc;

use crate::rules::framework::load::{FrameworkError, FrameworkNote, parse, parse_with_notes};
use crate::rules::framework::table::Framework;

/// The frameworks shipped inside the binary: (id, file name, TOML text).
pub const BUILTIN: &[(&str, &str, &str)] = &[
    (
        "national",
        "frameworks/national.toml",
        include_str!("../../../frameworks/national.toml"),
    ),
    (
        "yueyang-2015",
        "frameworks/yueyang-2015.toml",
        include_str!("../../../frameworks/yueyang-2015.toml"),
    ),
];

impl Framework {
    /// A built-in framework by id.
    pub(crate) fn builtin(id: &str) -> Option<Result<Arc<Framework>, FrameworkError>> {
        /// Parsed once per process, whatever the number of workbooks.
        static PARSED: std::sync::LazyLock<Vec<Result<Arc<Framework>, FrameworkError>>> =
            std::sync::LazyLock::new(|| {
                BUILTIN
                    .iter()
                    .map(|(_, file, text)| parse(text, file).map(Arc::new))
                    .collect()
            });
        BUILTIN
            .iter()
            .position(|(i, _, _)| *i == id)
            .map(|n| PARSED[n].clone())
    }
}

/// The frameworks a run can score with: the built-ins plus one given by path.
#[derive(Debug, Clone)]
pub struct Frameworks {
    frameworks: Vec<Arc<Framework>>,
    /// A framework given on the command line scores every workbook,
    /// whatever its `framework` cell says.
    pub(crate) forced: Option<Arc<Framework>>,
    /// The notes of the framework file given, for the program to show.
    notes: Vec<FrameworkNote>,
}

impl Frameworks {
    /// A hash of every framework's content and of the choice: changes when
    /// any rule, weight or wording does (for incremental batch runs).
    pub(crate) fn fingerprint(&self) -> String {
        let text = format!("{:?}|{:?}", self.frameworks, self.forced);
        blake3::hash(text.as_bytes()).to_hex().to_string()
    }

    /// The built-ins. They are checked by the tests, so a failure here is a
    /// defect of the build, reported as such.
    pub fn builtin() -> Result<Self, FrameworkError> {
        let mut frameworks = Vec::new();
        for (id, _, _) in BUILTIN {
            if let Some(f) = Framework::builtin(id) {
                frameworks.push(f?);
            }
        }
        Ok(Frameworks {
            frameworks,
            forced: None,
            notes: Vec::new(),
        })
    }

    /// The built-ins, which the tests load one by one: a built-in that fails
    /// to load is a defect of the build and panics here, caught per file.
    pub fn builtin_checked() -> Self {
        match Frameworks::builtin() {
            Ok(f) => f,
            Err(e) => panic!("内置评价框架有误：{e}"),
        }
    }

    /// `--framework ID|FILE`: a built-in id, or a path to a TOML file, whose
    /// notes [`Frameworks::notes`] then gives.
    pub fn with_choice(mut self, choice: &str) -> Result<Self, FrameworkError> {
        if let Some(f) = self.get(choice) {
            self.forced = Some(f);
            return Ok(self);
        }
        let (f, notes) = Framework::load(Path::new(choice))?;
        self.notes = notes;
        Ok(self.choose(f))
    }

    /// A framework file's text, chosen as `--framework FILE` chooses the
    /// file: for where there is no file system to read it from (a
    /// browser). `file` names it in errors and notes.
    pub fn with_text(mut self, text: &str, file: &str) -> Result<Self, FrameworkError> {
        let (f, notes) = parse_with_notes(text, file)?;
        self.notes = notes;
        Ok(self.choose(f))
    }

    /// `f` as the chosen framework, added to the others unless one of them
    /// has its id.
    fn choose(mut self, f: Framework) -> Self {
        let f = Arc::new(f);
        if self.get(&f.id).is_none() {
            self.frameworks.push(f.clone());
        }
        self.forced = Some(f);
        self
    }

    /// What the framework file given should change although it loads (提示),
    /// e.g. a metric id read the old way; the built-ins give none.
    pub fn notes(&self) -> &[FrameworkNote] {
        &self.notes
    }

    /// The framework with this id, or else this name (as the workbook's
    /// dropdown offers it; surrounding blanks ignored), if there is one.
    pub fn get(&self, id: &str) -> Option<Arc<Framework>> {
        let id = id.trim();
        self.frameworks
            .iter()
            .find(|f| f.id == id)
            .or_else(|| self.frameworks.iter().find(|f| f.name.trim() == id))
            .cloned()
    }

    /// Every framework's name (名称), in order.
    pub fn names(&self) -> Vec<String> {
        self.frameworks.iter().map(|f| f.name.clone()).collect()
    }

    pub(crate) fn ids(&self) -> Vec<String> {
        self.frameworks.iter().map(|f| f.id.clone()).collect()
    }

    /// The framework for a workbook whose `framework` cell says `named`.
    pub fn for_workbook(&self, named: Option<&str>) -> Option<Arc<Framework>> {
        if let Some(f) = &self.forced {
            return Some(f.clone());
        }
        self.get(named.unwrap_or("national"))
    }
}
