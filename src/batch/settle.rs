//! Settling who is who once every file is checked: duplicates (versions of
//! one submission, [`Entry::identity`]: same kind, unit and year, and for a
//! project the same project; the later 填报日期, then the later file time,
//! wins; the others are 已被替代), the summary's order (unit, year, the
//! department's workbook before its projects', project, input) and each
//! entry's folder name (`单位名称-年度`, `单位名称-年度-项目-项目名称`,
//! made safe, names that meet told apart by the input's name), written as the new manifest's lines and
//! the folder moves to make.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use crate::batch::entry::{Entry, LookAlike, LookAlikeUnit, RunError, RunOptions, io_error};
use crate::batch::layout::{BODY, MOVES, PENDING, RESERVED, SOURCE_MARK};
use crate::batch::ledger::{
    self, Finished, KeyList, KeySet, LineWriter, Location, OldManifest, Record,
};
use crate::batch::names;
use crate::batch::roster;
use crate::check::Status;
use crate::contract::fields::WorkbookKind;

/// The run's records settled: the manifest's body and the moves written,
/// and what the summary counts.
#[derive(Debug)]
pub(crate) struct Settled {
    pub(crate) total: usize,
    pub(crate) counts: [usize; 4],
    pub(crate) grades: Vec<(String, usize)>,
    pub(crate) project_grades: Vec<(String, usize)>,
    pub(crate) kinds: [usize; 2],
    /// Project workbooks, replaced ones too: the rows of the project table.
    pub(crate) project_workbooks: usize,
    /// The projects of current department workbooks.
    pub(crate) department_projects: usize,
    pub(crate) output_errors: usize,
    /// Warnings of the current (not replaced) workbooks together.
    pub(crate) warnings: usize,
    pub(crate) missing: Vec<String>,
    pub(crate) missing_projects: Vec<roster::ExpectedProject>,
    /// The folders the entries now have.
    pub(crate) kept: KeyList,
    /// Different units whose names look alike.
    pub(crate) look_alike: Vec<LookAlike>,
    /// Inputs that are no workbook ([`Entry::is_not_workbook`]): not in
    /// `total` nor in `counts`; and how many of them were skipped as
    /// unchanged (not to be counted among the workbooks skipped).
    pub(crate) not_workbooks: usize,
    pub(crate) not_workbooks_skipped: usize,
}

/// A unit's name as [`look_alikes`] compares it, in 24 bytes: the keys of
/// its skeleton ([`names::skeleton`]) and of its identity, whether that is
/// a unit code, and the record's index.
#[derive(Debug, Clone, Copy)]
struct Likeness {
    skeleton: u64,
    identity: u64,
    coded: bool,
    index: u32,
}

/// What a record is ordered and grouped by, in 40 bytes: its unit and
/// project (start and length in the string of names; length 0 for none),
/// year, kind (0 a department's or unknown, 1 a project's) and index, and
/// the key of its identity for duplicates (0 for none; a real key of 0
/// would only be checked against its own group's identities).
#[derive(Debug, Clone, Copy)]
struct OrderKey {
    unit: (u32, u32),
    project: (u32, u32),
    year: i32,
    kind: u8,
    index: u32,
    group: u64,
}

/// Settles who is who, one record at a time: duplicates (已被替代), the
/// summary's order (unit, year, input), folder names; writes each entry
/// into the manifest's body and each folder that must move into the moves
/// file, and counts what the summary shows. A record made again to show
/// what it changed (`revised`, by index) stands for the one in `done`.
pub(crate) fn settle(
    done: &mut Finished,
    revised: &mut HashMap<u32, Record>,
    old: Option<&OldManifest>,
    opts: &RunOptions,
    state: &Path,
    roster: Option<&roster::Roster>,
    unit_bytes: usize,
) -> Result<Settled, RunError> {
    let pending = state.join(PENDING);
    let read = |done: &mut Finished, index: u32| -> Result<Option<Record>, RunError> {
        done.get(index as usize).map_err(io_error(&pending))
    };
    // The units and projects side by side in one string: a few dozen
    // bytes a workbook.
    let mut units = String::with_capacity(unit_bytes);
    let mut order: Vec<OrderKey> = Vec::with_capacity(done.len());
    let mut namer = Namer::new(&opts.output, old, done.len());
    let mut likeness: Vec<Likeness> = Vec::with_capacity(done.len());
    for index in 0..done.len() {
        let index =
            u32::try_from(index).map_err(|e| io_error(&pending)(std::io::Error::other(e)))?;
        let Some(r) = read(done, index)? else {
            continue;
        };
        let e = &r.entry;
        namer.claim(e);
        if let (Some(unit), Some(id)) = (e.unit.as_deref(), e.unit_identity()) {
            let skeleton = names::skeleton(unit);
            if !skeleton.is_empty() {
                likeness.push(Likeness {
                    skeleton: ledger::key(&skeleton),
                    identity: ledger::key(&id),
                    coded: e.has_unit_code(),
                    index,
                });
            }
        }
        let mut put = |name: Option<&str>| {
            name.map_or((0, 0), |u| {
                let start = units.len() as u32;
                units.push_str(u);
                (start, u.len() as u32)
            })
        };
        let unit = put(e.unit.as_deref());
        let project = put(e.project.as_deref().filter(|_| e.is_project()));
        let group = e.identity().map_or(0, |id| ledger::key(&id));
        // Years beyond i32 are not years; they sort at the ends.
        let year = e.year.map_or(i32::MIN, |y| {
            i32::try_from(y).unwrap_or(if y < 0 { i32::MIN + 1 } else { i32::MAX })
        });
        order.push(OrderKey {
            unit,
            project,
            year,
            kind: u8::from(e.is_project()),
            index,
            group,
        });
    }
    let superseded = duplicates(done, &mut order, &pending)?;
    let look_alike = look_alikes(done, likeness, &pending)?;
    let name_of = |(s, l): (u32, u32)| (l > 0).then(|| &units[s as usize..(s + l) as usize]);
    let place = |k: &OrderKey| {
        let unit = name_of(k.unit);
        (unit.is_none(), unit, k.year, k.kind, name_of(k.project))
    };
    let same = |a: &OrderKey, b: &OrderKey| place(a) == place(b);
    // Units and projects in pinyin order, as Chinese lists are.
    let pinyin = names::PinyinOrder::new();
    let by_name = |a: Option<&str>, b: Option<&str>| match (a, b) {
        (Some(a), Some(b)) => pinyin.compare(a, b),
        (a, b) => a.cmp(&b),
    };
    order.sort_by(|a, b| {
        let (pa, pb) = (place(a), place(b));
        pa.0.cmp(&pb.0)
            .then_with(|| by_name(pa.1, pb.1))
            .then_with(|| (pa.2, pa.3).cmp(&(pb.2, pb.3)))
            .then_with(|| by_name(pa.4, pb.4))
    });
    // Workbooks of the same place (duplicates, unreadable files) go by
    // input name, read back for them alone.
    let mut start = 0;
    while start < order.len() {
        let first = order[start];
        let end = start
            + order[start..]
                .iter()
                .take_while(|k| same(k, &first))
                .count();
        if end - start > 1 {
            let mut named: Vec<(String, OrderKey)> = Vec::with_capacity(end - start);
            for k in &order[start..end] {
                let input = read(done, k.index)?
                    .map(|r| r.entry.input)
                    .unwrap_or_default();
                named.push((input, *k));
            }
            named.sort_by(|a, b| a.0.cmp(&b.0));
            for (slot, (_, k)) in order[start..end].iter_mut().zip(named) {
                *slot = k;
            }
        }
        start = end;
    }
    let roster_units = roster.map_or(&[][..], |r| r.units.as_slice());
    let roster_projects = roster.map_or(&[][..], |r| r.projects.as_slice());
    let project_key = |unit: &str, project: &str| {
        format!("{}\n{}", roster::unit_key(unit), roster::unit_key(project))
    };
    let mut roster_left: HashSet<String> =
        roster_units.iter().map(|u| roster::unit_key(u)).collect();
    let mut projects_left: HashSet<String> = roster_projects
        .iter()
        .map(|p| project_key(&p.unit, &p.project))
        .collect();
    let body_path = state.join(BODY);
    let moves_path = state.join(MOVES);
    let mut body = LineWriter::create(&body_path).map_err(io_error(&body_path))?;
    let mut moves = LineWriter::create(&moves_path).map_err(io_error(&moves_path))?;
    let mut kept: Vec<u64> = Vec::with_capacity(order.len());
    let mut settled = Settled {
        total: order.len(),
        counts: [0; 4],
        grades: Vec::new(),
        project_grades: Vec::new(),
        kinds: [0; 2],
        project_workbooks: 0,
        department_projects: 0,
        output_errors: 0,
        warnings: 0,
        missing: Vec::new(),
        missing_projects: Vec::new(),
        kept: KeyList::default(),
        look_alike,
        not_workbooks: 0,
        not_workbooks_skipped: 0,
    };
    for k in &order {
        let Some(mut r) = revised
            .remove(&k.index)
            .map_or_else(|| read(done, k.index), |r| Ok(Some(r)))?
        else {
            continue;
        };
        let e = &mut r.entry;
        e.superseded_by = superseded.get(&k.index).cloned();
        e.folder = namer.name(e);
        kept.push(ledger::key(&e.folder));
        if r.location != Location::Folder(e.folder.clone()) {
            moves
                .push(&(&r.location, &e.folder))
                .map_err(io_error(&moves_path))?;
        }
        if e.is_not_workbook() {
            settled.not_workbooks += 1;
            settled.not_workbooks_skipped += usize::from(r.skipped);
            settled.total -= 1;
        } else {
            settled.counts[e.batch_status() as usize] += 1;
        }
        settled.output_errors += usize::from(e.output_failed());
        settled.project_workbooks += usize::from(e.is_project());
        if e.superseded_by.is_none() {
            settled.warnings += e.counts.warning;
        }
        match (e.superseded_by.is_none(), e.kind) {
            (true, Some(WorkbookKind::Department)) => {
                settled.kinds[0] += 1;
                settled.department_projects += e.projects.len();
                // A total without a grade (不完整, 未自评) is counted apart
                // under its own word, never as the lowest grade.
                if let Some(g) = e.grade.as_deref().or(e.standing_zh()) {
                    tally(&mut settled.grades, g);
                }
                if let Some(u) = &e.unit {
                    roster_left.remove(&roster::unit_key(u));
                }
            }
            (true, Some(WorkbookKind::Project)) => {
                settled.kinds[1] += 1;
                // Points that do not add up (权重不符) or no score (未计分)
                // are counted apart, never as the lowest grade.
                let word = e
                    .projects
                    .first()
                    .map_or(crate::batch::entry::NOT_SCORED_WORD, |p| p.tally());
                tally(&mut settled.project_grades, word);
                if let (Some(u), Some(p)) = (&e.unit, &e.project) {
                    projects_left.remove(&project_key(u, p));
                }
            }
            _ => {}
        }
        body.push(&r.entry).map_err(io_error(&body_path))?;
    }
    settled.kept = KeyList::from_keys(kept);
    body.finish().map_err(io_error(&body_path))?;
    moves.finish().map_err(io_error(&moves_path))?;
    settled.missing = roster_units
        .iter()
        .filter(|u| roster_left.contains(&roster::unit_key(u)))
        .cloned()
        .collect();
    settled.missing_projects = roster_projects
        .iter()
        .filter(|p| projects_left.contains(&project_key(&p.unit, &p.project)))
        .cloned()
        .collect();
    Ok(settled)
}

/// Counts one more under `word`, in order of first appearance.
fn tally(counts: &mut Vec<(String, usize)>, word: &str) {
    match counts.iter_mut().find(|(w, _)| w == word) {
        Some((_, n)) => *n += 1,
        None => counts.push((word.to_string(), 1)),
    }
}

/// Every workbook replaced by a newer version of the same submission (its
/// [`Entry::identity`]), with the input that replaced it: the later 填报日期
/// wins, then the later file time, then the later name. Only records whose
/// keys meet are read again (and grouped by their identities, not their
/// keys).
fn duplicates(
    done: &mut Finished,
    order: &mut [OrderKey],
    pending: &Path,
) -> Result<HashMap<u32, String>, RunError> {
    // Grouped in place (the summary's order is made afterwards).
    order.sort_unstable_by_key(|k| (k.group, k.index));
    let mut superseded = HashMap::new();
    for run in order
        .chunk_by(|a, b| a.group == b.group)
        .filter(|r| r.len() > 1 && r[0].group != 0)
    {
        let mut members: Vec<(u32, Entry)> = Vec::with_capacity(run.len());
        for index in run.iter().map(|k| k.index) {
            if let Some(r) = done.get(index as usize).map_err(io_error(pending))? {
                members.push((index, r.entry));
            }
        }
        let mut groups: BTreeMap<String, Vec<&(u32, Entry)>> = BTreeMap::new();
        for m in &members {
            if let Some(id) = m.1.identity() {
                groups.entry(id).or_default().push(m);
            }
        }
        for group in groups.values().filter(|g| g.len() > 1) {
            let entries: Vec<&Entry> = group.iter().map(|(_, e)| e).collect();
            let winner = latest(&entries);
            for (i, (index, _)) in group.iter().enumerate() {
                if i != winner {
                    superseded.insert(*index, entries[winner].input.clone());
                }
            }
        }
    }
    Ok(superseded)
}

/// Different units whose names look alike: one skeleton
/// ([`names::skeleton`]), more than one unit identity, and at least one of
/// them known by its name (two unit codes say two units, whatever their
/// names). Only the records whose skeletons' keys meet are read again, and
/// grouped by their real skeletons and identities.
fn look_alikes(
    done: &mut Finished,
    mut likeness: Vec<Likeness>,
    pending: &Path,
) -> Result<Vec<LookAlike>, RunError> {
    likeness.sort_unstable_by_key(|l| (l.skeleton, l.identity, l.index));
    let mut found = Vec::new();
    for run in likeness.chunk_by(|a, b| a.skeleton == b.skeleton) {
        let several = run.iter().any(|l| l.identity != run[0].identity);
        if !several || run.iter().all(|l| l.coded) {
            continue;
        }
        // (skeleton, identity) → the unit as first written, its inputs,
        // whether it is known by its code.
        let mut groups: BTreeMap<String, BTreeMap<String, (LookAlikeUnit, bool)>> = BTreeMap::new();
        for l in run {
            let Some(r) = done.get(l.index as usize).map_err(io_error(pending))? else {
                continue;
            };
            let e = r.entry;
            let (Some(unit), Some(id)) = (e.unit.clone(), e.unit_identity()) else {
                continue;
            };
            let coded = e.has_unit_code();
            let (u, _) = groups
                .entry(names::skeleton(&unit))
                .or_default()
                .entry(id)
                .or_insert_with(|| {
                    let unit_shown = names::shown(&unit);
                    (
                        LookAlikeUnit {
                            name: unit,
                            shown: unit_shown,
                            inputs: Vec::new(),
                        },
                        coded,
                    )
                });
            u.inputs.push(e.input);
        }
        for units in groups.into_values() {
            if units.len() > 1 && units.values().any(|(_, coded)| !coded) {
                let units = units
                    .into_values()
                    .map(|(mut u, _)| {
                        u.inputs.sort();
                        u
                    })
                    .collect();
                found.push(LookAlike::new(units));
            }
        }
    }
    found.sort_by(|a, b| a.message.cmp(&b.message));
    Ok(found)
}

/// Which of the versions of one submission is current: the later 填报日期,
/// then the later file time, then the later name.
fn latest(entries: &[&Entry]) -> usize {
    (0..entries.len())
        .max_by(|&a, &b| {
            let (ea, eb) = (entries[a], entries[b]);
            (&ea.fill_date, ea.modified, &ea.input).cmp(&(&eb.fill_date, eb.modified, &eb.input))
        })
        .unwrap_or(0)
}

/// Gives entries their folders: `单位名称-年度` for a department's workbook,
/// `单位名称-年度-项目-项目名称` for a project's (never its department's
/// folder, nor inside it: a department's folder is replaced whole), or
/// `…-已被替代-文件名` for a replaced workbook, or `无法读取-文件名`. Names
/// are made safe for every system ([`names::folder_name`]). A name already
/// taken (by another entry, by a folder that is not jixiao's, or by a name
/// that needed no change when this one did: `.甲局` never takes `甲局`'s
/// folder) gets the input's file name after it, then its whole path, then
/// a hash of the path: the same folder each run, whatever the order.
struct Namer<'a> {
    output: &'a Path,
    old: Option<&'a OldManifest>,
    /// Names given, lower-cased (Windows and macOS ignore case). A key
    /// collision (2⁻⁶⁴) only renames a folder that did not need it.
    taken: KeySet,
    /// Names, lower-cased, that some entry's unit or project gives as they
    /// are: only such an entry has the plain name when names meet.
    claimed: KeySet,
}

impl<'a> Namer<'a> {
    fn new(output: &'a Path, old: Option<&'a OldManifest>, names: usize) -> Self {
        let mut taken = KeySet::with_capacity(names + RESERVED.len());
        for r in RESERVED {
            taken.insert(&r.to_lowercase());
        }
        Namer {
            output,
            old,
            taken,
            claimed: KeySet::with_capacity(names),
        }
    }

    /// A folder is jixiao's when the last run's manifest names it or it
    /// carries jixiao's source mark; any other existing folder is foreign
    /// and never used.
    fn is_ours(&self, name: &str) -> bool {
        self.old.is_some_and(|m| m.has_folder(name))
            || self.output.join(name).join(SOURCE_MARK).is_file()
    }

    /// Notes the name `e` would have if current, when it needed no change.
    fn claim(&mut self, e: &Entry) {
        let (name, altered) = names::folder_name(&Self::base(e, false));
        if !altered {
            self.claimed.insert(&name.to_lowercase());
        }
    }

    /// The input's file name without its extension.
    fn stem(e: &Entry) -> &str {
        let file = e.input.rsplit('/').next().unwrap_or(&e.input);
        file.rsplit_once('.').map_or(file, |(s, _)| s)
    }

    /// The name before it is made safe.
    fn base(e: &Entry, superseded: bool) -> String {
        let stem = Self::stem(e);
        let year = e.year.map_or(String::new(), |y| format!("-{y}"));
        // A project's name is free text: one line, its spaces kept.
        let project = match (e.is_project(), &e.project) {
            (true, Some(p)) => {
                let one_line = p.split_whitespace().collect::<Vec<_>>().join(" ");
                // At most 40 characters, so that what follows it (已被替代
                // and the file's name) usually stays within the name's cap.
                format!("-项目-{}", one_line.chars().take(40).collect::<String>())
            }
            (true, None) => "-项目".to_string(),
            _ => String::new(),
        };
        match (&e.unit, superseded) {
            (Some(u), false) => format!("{u}{year}{project}"),
            (Some(u), true) => format!("{u}{year}{project}-已被替代-{stem}"),
            (None, _) if e.status == Status::Unreadable => format!("无法读取-{stem}"),
            (None, _) => stem.to_string(),
        }
    }

    fn free(&self, name: &str) -> bool {
        !self.taken.contains(&name.to_lowercase())
            && (!self.output.join(name).exists() || self.is_ours(name))
    }

    fn name(&mut self, e: &Entry) -> String {
        let raw = Self::base(e, e.superseded_by.is_some());
        let (base, altered) = names::folder_name(&raw);
        let plain = !(altered && self.claimed.contains(&base.to_lowercase()));
        let hash = blake3::hash(e.input.as_bytes()).to_hex();
        let tried = [
            format!("{raw}-{}", Self::stem(e)),
            format!("{raw}-{}", e.input),
            format!("{raw}-{}", &hash.as_str()[..8]),
        ]
        .map(|n| names::folder_name(&n).0);
        let mut name = plain
            .then_some(base)
            .into_iter()
            .chain(tried.iter().cloned())
            .find(|n| self.free(n));
        // Numbered past the last as a last resort (folders not jixiao's
        // under every one of those names).
        let mut n = 1;
        while name.is_none() {
            n += 1;
            let numbered = names::folder_name(&format!("{}-{n}", tried[2])).0;
            name = self.free(&numbered).then_some(numbered);
        }
        let name = name.unwrap_or_default();
        self.taken.insert(&name.to_lowercase());
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::batch::entry::ProjectLine;
    use crate::batch::ledger::Pending;
    use rust_decimal::Decimal;

    fn entry(input: &str, unit: &str, fill: Option<&str>, modified: i64) -> Entry {
        Entry {
            modified: Some(modified),
            fill_date: fill.map(str::to_string),
            ..Entry::passed(input, unit)
        }
    }

    #[test]
    fn the_later_fill_date_then_the_later_file_wins() {
        let a = entry("a.xlsx", "甲局", Some("2023-03-01"), 200);
        let b = entry("b.xlsx", "甲 局", Some("2023-03-20"), 100);
        assert_eq!(latest(&[&a, &b]), 1);
        let c = entry("c.xlsx", "乙局", None, 100);
        let d = entry("d.xlsx", "乙局", None, 300);
        assert_eq!(latest(&[&c, &d]), 1);
        let e = entry("e.xlsx", "乙局", None, 300);
        assert_eq!(latest(&[&e, &d]), 0, "then the later name");
    }

    #[test]
    fn names_that_meet_get_their_input_and_foreign_folders_stay() {
        let tmp = tempfile::tempdir().unwrap();
        std::fs::create_dir(tmp.path().join("乙局-2022")).unwrap();
        std::fs::create_dir(tmp.path().join("丙局-2022")).unwrap();
        std::fs::write(tmp.path().join("丙局-2022").join(SOURCE_MARK), "x").unwrap();
        let mut namer = Namer::new(tmp.path(), None, 5);
        let mut replaced = entry("a.xlsx", "甲局", None, 1);
        replaced.superseded_by = Some("b.xlsx".into());
        let names: Vec<String> = [
            replaced,
            entry("b.xlsx", "甲局", None, 1),
            entry("c.xlsx", "甲局", None, 1),
            entry("d.xlsx", "乙局", None, 1),
            entry("e.xlsx", "丙局", None, 1),
        ]
        .iter()
        .map(|e| namer.name(e))
        .collect();
        assert_eq!(
            names,
            [
                "甲局-2022-已被替代-a",
                "甲局-2022",
                // Names that meet: the input's name after it.
                "甲局-2022-c",
                // A folder that is not jixiao's is never used …
                "乙局-2022-d",
                // … one with jixiao's mark is.
                "丙局-2022",
            ]
        );
    }

    #[test]
    fn a_name_changed_to_be_safe_never_takes_a_plain_names_folder() {
        let real = entry("real.xlsx", "岳阳市君山区医疗保障局", None, 1);
        let dotted = entry("dotted.xlsx", ".岳阳市君山区医疗保障局", None, 1);
        let underscored = entry("under.xlsx", "_岳阳市君山区医疗保障局", None, 1);
        // In either order, the plain name keeps its folder.
        for order in [
            [&dotted, &real, &underscored],
            [&underscored, &real, &dotted],
        ] {
            let tmp = tempfile::tempdir().unwrap();
            let mut namer = Namer::new(tmp.path(), None, 3);
            for e in order {
                namer.claim(e);
            }
            let mut names: Vec<(String, String)> = order
                .iter()
                .map(|e| (e.input.clone(), namer.name(e)))
                .collect();
            names.sort();
            assert_eq!(
                names,
                [
                    (
                        "dotted.xlsx".into(),
                        "_岳阳市君山区医疗保障局-2022-dotted".into()
                    ),
                    ("real.xlsx".into(), "岳阳市君山区医疗保障局-2022".into()),
                    ("under.xlsx".into(), "_岳阳市君山区医疗保障局-2022".into()),
                ],
                "{:?}",
                order.map(|e| &e.input)
            );
        }
    }

    #[test]
    fn units_that_look_alike_are_warned_of_unless_their_codes_say_two_units() {
        let tmp = tempfile::tempdir().unwrap();
        let coded = |input: &str, unit: &str, code: &str| Entry {
            unit_code: Some(code.into()),
            ..Entry::passed(input, unit)
        };
        let entries = [
            Entry::passed("a.xlsx", "甲局"),
            Entry::passed("b.xlsx", "甲\u{200B}局"),
            // A version of a's unit: its file joins a's.
            Entry::passed("c.xlsx", "甲 局"),
            Entry::passed("d.xlsx", "乙局"),
            // Two codes: two units, however alike their names.
            coded("e.xlsx", "丙局", "X1"),
            coded("f.xlsx", "丙·局", "X2"),
            // A code and a name alone: perhaps one unit, the code missing.
            coded("g.xlsx", "丁局", "X3"),
            Entry::passed("h.xlsx", "丁局。"),
        ];
        let pending = Pending::create(&tmp.path().join(PENDING)).unwrap();
        let mut likeness = Vec::new();
        for (i, e) in entries.iter().enumerate() {
            let r = Record {
                location: Location::Staging(i),
                skipped: false,
                entry: e.clone(),
            };
            pending.push(i, &r).unwrap();
            likeness.push(Likeness {
                skeleton: ledger::key(&names::skeleton(e.unit.as_deref().unwrap())),
                identity: ledger::key(&e.unit_identity().unwrap()),
                coded: e.has_unit_code(),
                index: i as u32,
            });
        }
        let mut done = pending.finish().unwrap();
        let found = look_alikes(&mut done, likeness, tmp.path()).unwrap();
        let seen: Vec<Vec<(&str, Vec<&str>)>> = found
            .iter()
            .map(|w| {
                w.units
                    .iter()
                    .map(|u| {
                        (
                            u.shown.as_str(),
                            u.inputs.iter().map(String::as_str).collect(),
                        )
                    })
                    .collect()
            })
            .collect();
        assert_eq!(
            seen,
            [
                vec![("丁局", vec!["g.xlsx"]), ("丁局。", vec!["h.xlsx"])],
                vec![
                    ("甲局", vec!["a.xlsx", "c.xlsx"]),
                    ("甲<U+200B>局", vec!["b.xlsx"])
                ],
            ]
        );
    }

    fn line(name: &str, total: i64, valid: bool, grade: Option<&str>) -> ProjectLine {
        ProjectLine {
            name: name.into(),
            budget_full: Some(Decimal::from(100)),
            executed: Some(Decimal::from(90)),
            execution_rate: Some(Decimal::from(90)),
            total: Some(Decimal::from(total)),
            valid: Some(valid),
            grade: grade.map(str::to_string),
        }
    }

    fn project(input: &str, unit: &str, name: &str, fill: &str) -> Entry {
        Entry {
            fill_date: Some(fill.into()),
            ..Entry::project(input, unit, line(name, 95, true, Some("优")))
        }
    }

    #[test]
    fn a_submission_is_its_kind_unit_year_and_project() {
        let dept = Entry::passed("a.xlsx", "甲局");
        let p = project("p.xlsx", "甲局", "乡村振兴补助", "2023-03-01");
        assert_ne!(dept.identity(), p.identity());
        // Two versions of one project: names compared without spaces,
        // full-width folded.
        let again = project("q.xlsx", "甲 局", "乡村振兴　补助", "2023-03-02");
        assert_eq!(p.identity(), again.identity());
        assert_ne!(
            p.identity(),
            project("r.xlsx", "甲局", "学生资助", "2023-03-01").identity()
        );
        let other_year = Entry {
            year: Some(2023),
            ..p.clone()
        };
        assert_ne!(p.identity(), other_year.identity());
        // A project workbook without its name is no version of anything.
        let unnamed = Entry {
            project: None,
            ..p.clone()
        };
        assert_eq!(unnamed.identity(), None);
    }

    #[test]
    fn a_projects_folder_is_its_own_safe_and_apart_from_its_departments() {
        let tmp = tempfile::tempdir().unwrap();
        let mut namer = Namer::new(tmp.path(), None, 5);
        let mut replaced = project("初稿.xlsx", "甲局", "乡村振兴补助", "2023-03-01");
        replaced.superseded_by = Some("定稿.xlsx".into());
        let names: Vec<String> = [
            Entry::passed("a.xlsx", "甲局"),
            project("p.xlsx", "甲局", "乡村振兴补助", "2023-03-02"),
            replaced,
            project("q.xlsx", "甲局", "道路/桥梁:维修*\n二期", "2023-03-02"),
            project("r.xlsx", "甲局", &"长".repeat(100), "2023-03-02"),
        ]
        .iter()
        .map(|e| namer.name(e))
        .collect();
        assert_eq!(
            names[..4],
            [
                "甲局-2022",
                "甲局-2022-项目-乡村振兴补助",
                "甲局-2022-项目-乡村振兴补助-已被替代-初稿",
                "甲局-2022-项目-道路_桥梁_维修_ 二期",
            ]
        );
        // Cut to the cap, with a hash of the whole.
        assert!(names[4].len() <= names::MAX_NAME_BYTES);
        assert!(names[4].starts_with(&format!("甲局-2022-项目-{}", "长".repeat(30))));
        assert!(names[4].is_char_boundary(names[4].len() - 9));
    }

    #[test]
    fn settling_keeps_a_department_and_its_projects_apart_and_the_later_version_wins() {
        let tmp = tempfile::tempdir().unwrap();
        let state = tmp.path().join("state");
        std::fs::create_dir_all(&state).unwrap();
        let opts = RunOptions {
            input: tmp.path().join("in"),
            output: tmp.path().join("out"),
            jobs: 1,
            roster: None,
            force: false,
            public: true,
            public_despite_errors: false,
            progress: false,
            settings: crate::rules::settings::Settings::default(),
            templates: crate::report::render::Templates::load(None).unwrap(),
            limits: crate::ingest::guard::Limits::default(),
            reading: crate::ingest::isolate::Reading::InProcess,
            formats: crate::output::Formats::every_built(crate::report::document::Fonts::only(
                Vec::new(),
            )),
        };
        let dept = Entry {
            grade: Some("良".into()),
            score: Some(Decimal::from(85)),
            ..Entry::passed("部门.xlsx", "甲局")
        };
        let weights = Entry::project("资助.xlsx", "甲局", line("学生资助", 110, false, None));
        let entries = [
            project("振兴-定稿.xlsx", "甲局", "乡村振兴补助", "2023-03-10"),
            dept,
            project("振兴-初稿.xlsx", "甲局", "乡村振兴 补助", "2023-03-01"),
            weights,
        ];
        let pending = Pending::create(&state.join(PENDING)).unwrap();
        for (i, e) in entries.iter().enumerate() {
            let r = Record {
                location: Location::Staging(i),
                skipped: false,
                entry: e.clone(),
            };
            pending.push(i, &r).unwrap();
        }
        let mut done = pending.finish().unwrap();
        let roster = roster::Roster {
            units: vec!["甲局".into(), "乙局".into()],
            projects: [
                ("甲局", "乡村振兴补助"),
                ("甲局", "学生资助"),
                ("甲局", "道路维修"),
            ]
            .map(|(u, p)| roster::ExpectedProject {
                unit: u.into(),
                project: p.into(),
            })
            .to_vec(),
        };
        let settled = settle(
            &mut done,
            &mut HashMap::new(),
            None,
            &opts,
            &state,
            Some(&roster),
            100,
        )
        .unwrap();
        assert_eq!(settled.kinds, [1, 2]);
        assert_eq!(settled.counts, [3, 0, 0, 1]);
        assert_eq!(settled.grades, [("良".to_string(), 1)]);
        // The 110-point project is counted apart, not as 差 nor any grade.
        assert_eq!(
            settled.project_grades,
            [("优".to_string(), 1), ("权重不符".to_string(), 1)]
        );
        assert_eq!(settled.missing, ["乙局"]);
        assert_eq!(
            settled
                .missing_projects
                .iter()
                .map(|p| p.project.as_str())
                .collect::<Vec<_>>(),
            ["道路维修"]
        );
        let body: Vec<Entry> = std::fs::read_to_string(state.join(BODY))
            .unwrap()
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        let seen: Vec<(&str, Option<&str>, &str)> = body
            .iter()
            .map(|e| {
                (
                    e.input.as_str(),
                    e.superseded_by.as_deref(),
                    e.folder.as_str(),
                )
            })
            .collect();
        assert_eq!(
            seen,
            [
                ("部门.xlsx", None, "甲局-2022"),
                // Two spellings of one project's name are one project.
                (
                    "振兴-初稿.xlsx",
                    Some("振兴-定稿.xlsx"),
                    "甲局-2022-项目-乡村振兴 补助-已被替代-振兴-初稿"
                ),
                ("振兴-定稿.xlsx", None, "甲局-2022-项目-乡村振兴补助"),
                ("资助.xlsx", None, "甲局-2022-项目-学生资助"),
            ]
        );
    }
}
