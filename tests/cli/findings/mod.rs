//! Every finding code of the catalogue is produced by a fixture, each at the
//! cell it is about, and the clean fixture produces none.
//!
//! A fixture is a workbook with a few mistakes that do not mask one another
//! (`workbooks`: the clean source with values changed, as a department would
//! fill it wrongly) or a file that is not a sound workbook (`files`: edited
//! defined names, hostile and foreign files). Each is checked through the
//! library; the codes they really produce are collected and compared with
//! [`CATALOGUE`]. A code that no input can produce is listed in
//! [`NOT_FROM_INPUT`] with the reason, and produced through a test hook.

use std::collections::BTreeSet;

use jixiao::check::{FileReport, Status, check_bytes};
use jixiao::contract::finding::{CATALOGUE, Code};
use jixiao::ingest::guard::Limits;
use jixiao::rules::settings::Settings;

use crate::support::workbook::{build, clean_inputs};

mod files;
mod workbooks;

/// Codes that no file can produce, each with the reason; the test produces
/// them another way and checks that no fixture does.
const NOT_FROM_INPUT: &[(Code, &str)] = &[(
    Code::FileInternal,
    "a panic while checking a file is a bug of jixiao, not a mistake of the file; \
     produced by the `JIXIAO_FAULT=file:NAME` hook of debug builds in `jixiao run`",
)];

/// A file and the findings it must give.
struct Fixture {
    /// The name the file is checked as.
    name: &'static str,
    bytes: Vec<u8>,
    /// Each code it must give, at `sheet!A1`, or anywhere when `None`.
    expected: Vec<(Code, Option<String>)>,
    /// Whether it cannot be read: then its one finding is the expected one.
    unreadable: bool,
    /// Anything more its report must show.
    also: Option<fn(&FileReport)>,
    /// A framework file (under the repository) it is checked with, besides
    /// the built-in ones.
    framework: Option<&'static str>,
    /// Last year's workbook of the unit, given as `--previous`.
    previous: Option<Vec<u8>>,
}

impl Fixture {
    /// A workbook that is read, and gives at least the expected findings.
    fn read(name: &'static str, bytes: Vec<u8>, expected: Vec<(Code, Option<String>)>) -> Self {
        Fixture {
            name,
            bytes,
            expected,
            unreadable: false,
            also: None,
            framework: None,
            previous: None,
        }
    }

    /// A file that cannot be read, and gives exactly this one finding.
    fn unreadable(name: &'static str, bytes: Vec<u8>, code: Code) -> Self {
        Fixture {
            name,
            bytes,
            expected: vec![(code, None)],
            unreadable: true,
            also: None,
            framework: None,
            previous: None,
        }
    }

    fn also(self, also: fn(&FileReport)) -> Self {
        Fixture {
            also: Some(also),
            ..self
        }
    }

    /// Checked beside last year's workbook `last` of the unit.
    fn beside(self, last: Vec<u8>) -> Self {
        Fixture {
            previous: Some(last),
            ..self
        }
    }

    /// Checked with the framework file at `path` too.
    fn under(self, path: &'static str) -> Self {
        Fixture {
            framework: Some(path),
            ..self
        }
    }

    /// Checks the fixture, asserts its findings, and returns its name and
    /// the codes it gave.
    fn codes(&self) -> (&'static str, BTreeSet<Code>) {
        let report = match (self.framework, &self.previous) {
            (Some(path), _) => check_bytes(
                self.name,
                &self.bytes,
                &Settings::with_frameworks(with_framework(path)),
                &Limits::default(),
            ),
            (None, Some(last)) => check_bytes(
                self.name,
                &self.bytes,
                &Settings::default().with_prior(Some(previous(last))),
                &Limits::default(),
            ),
            (None, None) => check(self.name, &self.bytes),
        };
        let listing = || {
            report
                .findings
                .iter()
                .map(|f| format!("  {} {} {}", f.code.id(), f.location(), f.message))
                .collect::<Vec<_>>()
                .join("\n")
        };
        for (code, at) in &self.expected {
            let hit = report
                .findings
                .iter()
                .any(|f| f.code == *code && at.as_ref().is_none_or(|at| f.location() == *at));
            assert!(
                hit,
                "{}: expected {} at {}, got:\n{}",
                self.name,
                code.id(),
                at.as_deref().unwrap_or("any place"),
                listing()
            );
        }
        if self.unreadable {
            assert_eq!(report.status, Status::Unreadable, "{}", self.name);
            assert_eq!(report.findings.len(), 1, "{}:\n{}", self.name, listing());
        } else {
            assert_ne!(report.status, Status::Unreadable, "{}", self.name);
        }
        for f in &report.findings {
            assert!(
                !f.message.is_empty(),
                "{}: {} without a message",
                self.name,
                f.code.id()
            );
            assert_eq!(f.file, self.name);
        }
        if let Some(also) = self.also {
            also(&report);
        }
        (self.name, report.findings.iter().map(|f| f.code).collect())
    }
}

/// The built-in frameworks and the file at `path` (under the repository).
fn with_framework(path: &str) -> jixiao::rules::framework::Frameworks {
    let path = crate::support::workbook::root().join(path);
    jixiao::rules::framework::Frameworks::builtin()
        .and_then(|f| f.with_choice(path.to_str().expect("a UTF-8 path")))
        .expect("the framework loads")
}

/// Last year's submissions: the one workbook `last`.
fn previous(last: &[u8]) -> std::sync::Arc<jixiao::rules::prior::PriorYears> {
    let report = check("上年.xlsx", last);
    let record = jixiao::rules::prior::LastYear::of(
        "上年.xlsx",
        report
            .department
            .as_ref()
            .expect("last year's workbook reads"),
        report.score.as_ref(),
    )
    .expect("a department workbook");
    std::sync::Arc::new(jixiao::rules::prior::PriorYears::new(
        vec![record],
        String::new(),
    ))
}

fn check(name: &str, bytes: &[u8]) -> FileReport {
    check_bytes(name, bytes, &Settings::default(), &Limits::default())
}

#[test]
fn clean_fixture_has_no_findings() {
    let report = check("clean.xlsx", &build(&clean_inputs()));
    assert_eq!(report.status, Status::Passed);
    assert!(report.findings.is_empty(), "{:#?}", report.findings);
}

/// Checks every fixture (side by side: each is built and checked on its own
/// thread), then compares the codes they gave with the catalogue.
#[test]
fn every_code_is_produced_by_a_fixture() {
    let (from_input, from_hook) = std::thread::scope(|s| {
        let hook = s.spawn(files::internal_failure);
        let mut checks = Vec::new();
        for make in workbooks::ALL.iter().chain(files::ALL) {
            checks.push(s.spawn(|| make().codes()));
        }
        for &(name, bytes, code) in files::UNREADABLE {
            checks.push(s.spawn(move || Fixture::unreadable(name, bytes(), code).codes()));
        }
        let from_input: Vec<(&str, BTreeSet<Code>)> = checks
            .into_iter()
            .map(|c| c.join().expect("a fixture failed (see above)"))
            .collect();
        (
            from_input,
            hook.join().expect("the fault hook failed (see above)"),
        )
    });

    let mut missing = Vec::new();
    for info in CATALOGUE {
        let by: Vec<&str> = from_input
            .iter()
            .filter(|(_, codes)| codes.contains(&info.code))
            .map(|(name, _)| *name)
            .collect();
        match NOT_FROM_INPUT.iter().find(|(code, _)| *code == info.code) {
            Some((_, why)) => {
                assert!(
                    by.is_empty(),
                    "{} is listed as produced by no input ({why}), yet {by:?} produced it",
                    info.id
                );
                assert!(
                    from_hook.contains(&info.code),
                    "{} was not produced through its hook ({why})",
                    info.id
                );
            }
            None if by.is_empty() => missing.push(info.id),
            None => {}
        }
    }
    assert!(missing.is_empty(), "no fixture produces {missing:?}");
}

#[test]
fn a_panic_while_reading_is_that_files_finding() {
    let r = jixiao::check::isolated("fixture.xlsx", || panic!("模拟的读取故障"));
    assert_eq!(r.status, Status::Unreadable);
    assert_eq!(r.findings.len(), 1);
    assert_eq!(r.findings[0].code, Code::FileInternal);
    assert_eq!(r.findings[0].file, "fixture.xlsx");
    assert!(r.findings[0].message.contains("模拟的读取故障"));
}
