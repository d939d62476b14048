//! The versions of each submission (修改对比): every workbook the batch
//! checks leaves a compact snapshot of its values, findings and score in
//! the state folder (`.jixiao/versions/<submission>/<content hash>`), so
//! that a later version — in this run or one months later, after the
//! earlier file has left the input folder — is compared with the version
//! it replaces ([`Revision::between`]). The versions are ordered as
//! supersession orders them: 填报日期, then file time, then input name.

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::batch::entry::{Entry, RevisionLine, RunError, io_error};
use crate::batch::ledger::Finished;
use crate::contract::finding::Finding;
use crate::ingest::model::Department;
use crate::rules::revision::{Revision, Snapshot};

/// The versions kept of one submission, the oldest dropped first: enough
/// for any resubmission, and a submission's folder stays small.
const KEPT_VERSIONS: usize = 50;

/// The ending of a version's file.
const EXTENSION: &str = "version";

/// One version as kept: where it came from, what orders it, its snapshot.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Kept<'a> {
    hash: Cow<'a, str>,
    input: Cow<'a, str>,
    fill_date: Option<Cow<'a, str>>,
    modified: Option<i64>,
    snapshot: Snapshot<'a>,
}

impl Kept<'_> {
    /// What versions are ordered by: the order that decides which one
    /// replaces which (`settle::latest`), then the content.
    fn order(&self) -> (Option<&str>, Option<i64>, &str, &str) {
        (
            self.fill_date.as_deref(),
            self.modified,
            &self.input,
            &self.hash,
        )
    }
}

/// The folder of a submission's versions: named by a hash of its identity
/// ([`Entry::identity`]), which may hold any character.
fn folder(versions: &Path, identity: &str) -> PathBuf {
    let hex = blake3::hash(identity.as_bytes()).to_hex();
    versions.join(&hex.as_str()[..32])
}

/// Keeps the snapshot of a checked workbook with a submission identity, to
/// compare later versions with. A snapshot that cannot be written only
/// leaves the next version without a comparison.
pub(crate) fn keep(versions: &Path, entry: &Entry, dept: &Department, findings: &[Finding]) {
    let Some(identity) = entry.identity() else {
        return;
    };
    let kept = Kept {
        hash: Cow::Borrowed(&entry.hash),
        input: Cow::Borrowed(&entry.input),
        fill_date: entry.fill_date.as_deref().map(Cow::Borrowed),
        modified: entry.modified,
        snapshot: Snapshot::of(
            dept,
            findings,
            entry.score.map(|s| s.normalize().to_string()),
            entry.grade.clone(),
        ),
    };
    let dir = folder(versions, &identity);
    if let Ok(bytes) = postcard::to_stdvec(&kept)
        && std::fs::create_dir_all(&dir).is_ok()
    {
        let path = dir.join(format!("{}.{EXTENSION}", entry.hash));
        let _ = crate::output::fs::write_atomic(&path, &bytes);
    }
}

/// The versions kept in a submission's folder, when it holds more than
/// one (a first version is compared with nothing, and its own is not
/// read); unreadable files (a stopped write's leftovers) are removed.
fn read_folder(dir: &Path) -> Vec<(PathBuf, Kept<'static>)> {
    let Ok(items) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let paths: Vec<PathBuf> = items.flatten().map(|i| i.path()).collect();
    if paths.len() < 2 {
        return Vec::new();
    }
    let mut kept = Vec::new();
    for path in paths {
        let read = (path.extension().is_some_and(|e| e == EXTENSION))
            .then(|| std::fs::read(&path).ok())
            .flatten()
            .and_then(|b| postcard::from_bytes::<Kept<'static>>(&b).ok());
        match read {
            Some(k) => kept.push((path, k)),
            None => {
                let _ = std::fs::remove_file(&path);
            }
        }
    }
    kept
}

/// The comparison a workbook's outputs should show: with the version
/// before it among those kept of its submission, with the line the summary
/// shows; `None` for a first version (or one whose snapshot is missing).
pub(crate) fn revision_of(versions: &Path, entry: &Entry) -> Option<(Revision, RevisionLine)> {
    let dir = folder(versions, &entry.identity()?);
    let mut kept = read_folder(&dir);
    if kept.len() < 2 {
        return None;
    }
    // This version is ordered by what it is now (its file time may have
    // changed since it was kept).
    for (_, k) in kept.iter_mut().filter(|(_, k)| k.hash == entry.hash) {
        k.input = Cow::Owned(entry.input.clone());
        k.fill_date = entry.fill_date.clone().map(Cow::Owned);
        k.modified = entry.modified;
    }
    kept.sort_by(|a, b| a.1.order().cmp(&b.1.order()));
    // The oldest versions beyond the cap go (never this one).
    while kept.len() > KEPT_VERSIONS {
        let Some(at) = kept.iter().position(|(_, k)| k.hash != entry.hash) else {
            break;
        };
        let (path, _) = kept.remove(at);
        let _ = std::fs::remove_file(path);
    }
    let at = kept.iter().position(|(_, k)| k.hash == entry.hash)?;
    let before = &kept.get(at.checked_sub(1)?)?.1;
    let after = &kept[at].1;
    let version = u32::try_from(at + 1).ok()?;
    let revision = Revision::between(
        version,
        &before.input,
        before.fill_date.as_deref(),
        &before.snapshot,
        &after.snapshot,
    );
    let line = RevisionLine::of(&revision, &before.hash);
    Some((revision, line))
}

/// The records whose outputs must be made again to show what changed: the
/// comparison each should show now differs from the one it shows (a new
/// version, a version processed this run, one whose predecessor changed),
/// by index, with that comparison.
pub(crate) fn to_revise(
    done: &mut Finished,
    versions: &Path,
    pending: &Path,
) -> Result<HashMap<usize, Option<(Revision, RevisionLine)>>, RunError> {
    let mut revise = HashMap::new();
    if !versions.is_dir() {
        return Ok(revise);
    }
    for index in 0..done.len() {
        let Some(r) = done.get(index).map_err(io_error(pending))? else {
            continue;
        };
        let e = &r.entry;
        // Only a workbook with outputs to show it in.
        if e.identity().is_none() || e.output_error.is_some() {
            continue;
        }
        let wanted = revision_of(versions, e);
        if wanted.as_ref().map(|(_, l)| l) != e.revision.as_ref() {
            revise.insert(index, wanted);
        }
    }
    Ok(revise)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::batch::ledger::{Location, Pending, Record};
    use crate::contract::finding::Code;

    fn dept() -> Department {
        let report = crate::check::check_bytes(
            "a.xlsx",
            &sample(),
            &Default::default(),
            &Default::default(),
        );
        report.department.unwrap()
    }

    fn sample() -> Vec<u8> {
        std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/input/junshan-2022.xlsx"
        ))
        .unwrap()
    }

    fn version(input: &str, hash: &str, fill: &str) -> Entry {
        Entry {
            hash: hash.into(),
            fill_date: Some(fill.into()),
            ..Entry::passed(input, "甲局")
        }
    }

    #[test]
    fn a_snapshot_of_a_workbook_round_trips_and_compares_equal_to_itself() {
        let report = crate::check::check_bytes(
            "a.xlsx",
            &sample(),
            &Default::default(),
            &Default::default(),
        );
        let dept = report.department.as_ref().unwrap();
        let snap = Snapshot::of(dept, &report.findings, Some("90".into()), None);
        assert!(snap.cells.len() > 50);
        let back: Snapshot<'static> =
            postcard::from_bytes(&postcard::to_stdvec(&snap).unwrap()).unwrap();
        assert_eq!(back, snap);
        let r = Revision::between(2, "a", None, &back, &snap);
        assert!(r.cells.is_empty() && r.fixed.is_empty() && r.new.is_empty());
    }

    #[test]
    fn a_later_version_is_compared_with_the_one_before_it_and_only_once() {
        let tmp = tempfile::tempdir().unwrap();
        let versions = tmp.path().join("versions");
        let d = dept();
        let first = version("初稿.xlsx", "h1", "2023-03-01");
        let third = version("定稿.xlsx", "h3", "2023-03-20");
        let problem = Finding::new(Code::FileInternal, "x");
        keep(&versions, &first, &d, std::slice::from_ref(&problem));
        keep(&versions, &third, &d, &[]);
        let (r, line) = revision_of(&versions, &third).unwrap();
        assert_eq!((r.version, r.previous.as_str()), (2, "初稿.xlsx"));
        assert_eq!((line.fixed, line.new, line.changed_cells), (1, 0, 0));
        assert!(revision_of(&versions, &first).is_none(), "a first version");
        // A version in between: the last is now the third, compared with it.
        let second = version("二稿.xlsx", "h2", "2023-03-10");
        keep(&versions, &second, &d, &[]);
        let (r, line) = revision_of(&versions, &third).unwrap();
        assert_eq!((r.version, line.previous_hash.as_str()), (3, "h2"));

        // Records whose outputs show another comparison are to be revised.
        let pending_path = tmp.path().join("pending");
        let pending = Pending::create(&pending_path).unwrap();
        let shown = Entry {
            revision: Some(line.clone()),
            ..third.clone()
        };
        for (i, e) in [first, second, shown, version("乙.xlsx", "h9", "2023-03-01")]
            .into_iter()
            .enumerate()
        {
            let e = Entry {
                unit: if i == 3 {
                    Some("乙局".into())
                } else {
                    e.unit
                },
                ..e
            };
            let r = Record {
                location: Location::Staging(i),
                skipped: false,
                entry: e,
            };
            pending.push(i, &r).unwrap();
        }
        let mut done = pending.finish().unwrap();
        let revise = to_revise(&mut done, &versions, &pending_path).unwrap();
        // The second version now shows its comparison; the third already
        // does; the first and the other unit's have none.
        assert_eq!(revise.keys().copied().collect::<Vec<_>>(), [1]);
        assert_eq!(revise[&1].as_ref().unwrap().0.version, 2);
    }
}
