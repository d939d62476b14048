//! Settling who is who once every file is checked: duplicates (same unit
//! and year: the later 填报日期, then the later file time, wins; the others
//! are 已被替代), the summary's order (unit, year, input) and each entry's
//! folder name (`单位名称-年度`, sanitised, collisions numbered), written as
//! the new manifest's lines and the folder moves to make.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use crate::batch::entry::{Entry, RunError, RunOptions, io_error};
use crate::batch::layout::{BODY, MOVES, PENDING, RESERVED, SOURCE_MARK};
use crate::batch::ledger::{
    self, Finished, KeyList, KeySet, LineWriter, Location, OldManifest, Record,
};
use crate::batch::roster;
use crate::check::Status;

/// The run's records settled: the manifest's body and the moves written,
/// and what the summary counts.
#[derive(Debug)]
pub(crate) struct Settled {
    pub(crate) total: usize,
    pub(crate) counts: [usize; 4],
    pub(crate) grades: Vec<(String, usize)>,
    pub(crate) output_errors: usize,
    pub(crate) missing: Vec<String>,
    /// The folders the entries now have.
    pub(crate) kept: KeyList,
}

/// What a record is ordered and grouped by, in 24 bytes: its unit (start
/// and length in the string of units; length 0 for none), year and index,
/// and the key of its unit and year for duplicates (0 for none; a real key
/// of 0 would only be checked against its own group's names).
#[derive(Debug, Clone, Copy)]
struct OrderKey {
    unit: (u32, u32),
    year: i32,
    index: u32,
    group: u64,
}

/// Settles who is who, one record at a time: duplicates (已被替代), the
/// summary's order (unit, year, input), folder names; writes each entry
/// into the manifest's body and each folder that must move into the moves
/// file, and counts what the summary shows.
pub(crate) fn settle(
    done: &mut Finished,
    old: Option<&OldManifest>,
    opts: &RunOptions,
    state: &Path,
    roster_units: Option<&[String]>,
    unit_bytes: usize,
) -> Result<Settled, RunError> {
    let pending = state.join(PENDING);
    let read = |done: &mut Finished, index: u32| -> Result<Option<Record>, RunError> {
        done.get(index as usize).map_err(io_error(&pending))
    };
    // The units side by side in one string: a few dozen bytes a workbook.
    let mut units = String::with_capacity(unit_bytes);
    let mut order: Vec<OrderKey> = Vec::with_capacity(done.len());
    for index in 0..done.len() {
        let index =
            u32::try_from(index).map_err(|e| io_error(&pending)(std::io::Error::other(e)))?;
        let Some(r) = read(done, index)? else {
            continue;
        };
        let e = &r.entry;
        let unit = e.unit.as_deref().map_or((0, 0), |u| {
            let start = units.len() as u32;
            units.push_str(u);
            (start, u.len() as u32)
        });
        let group = match (&e.unit, e.year) {
            (Some(u), Some(y)) => ledger::key(&format!("{}\n{y}", roster::unit_key(u))),
            _ => 0,
        };
        // Years beyond i32 are not years; they sort at the ends.
        let year = e.year.map_or(i32::MIN, |y| {
            i32::try_from(y).unwrap_or(if y < 0 { i32::MIN + 1 } else { i32::MAX })
        });
        order.push(OrderKey {
            unit,
            year,
            index,
            group,
        });
    }
    let superseded = duplicates(done, &mut order, &pending)?;
    let unit_of = |k: &OrderKey| {
        let (s, l) = k.unit;
        (l > 0).then(|| &units[s as usize..(s + l) as usize])
    };
    let same = |a: &OrderKey, b: &OrderKey| (unit_of(a), a.year) == (unit_of(b), b.year);
    order.sort_by(|a, b| {
        let (ua, ub) = (unit_of(a), unit_of(b));
        (ua.is_none(), ua, a.year).cmp(&(ub.is_none(), ub, b.year))
    });
    // Workbooks of the same unit and year (duplicates, unreadable files) go
    // by input name, read back for them alone.
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
    let mut roster_left: HashSet<String> = roster_units
        .unwrap_or_default()
        .iter()
        .map(|u| roster::unit_key(u))
        .collect();
    let body_path = state.join(BODY);
    let moves_path = state.join(MOVES);
    let mut body = LineWriter::create(&body_path).map_err(io_error(&body_path))?;
    let mut moves = LineWriter::create(&moves_path).map_err(io_error(&moves_path))?;
    let mut namer = Namer::new(&opts.output, old, order.len());
    let mut kept: Vec<u64> = Vec::with_capacity(order.len());
    let mut settled = Settled {
        total: order.len(),
        counts: [0; 4],
        grades: Vec::new(),
        output_errors: 0,
        missing: Vec::new(),
        kept: KeyList::default(),
    };
    for k in &order {
        let Some(mut r) = read(done, k.index)? else {
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
        settled.counts[e.batch_status() as usize] += 1;
        settled.output_errors += usize::from(e.output_error.is_some());
        if e.superseded_by.is_none() {
            // A total without a grade (不完整, 未自评) is counted apart
            // under its own word, never as the lowest grade.
            if let Some(g) = e.grade.as_deref().or(e.standing_zh()) {
                match settled.grades.iter_mut().find(|(grade, _)| grade == g) {
                    Some((_, n)) => *n += 1,
                    None => settled.grades.push((g.to_string(), 1)),
                }
            }
            if let Some(u) = &e.unit {
                roster_left.remove(&roster::unit_key(u));
            }
        }
        body.push(&r.entry).map_err(io_error(&body_path))?;
    }
    settled.kept = KeyList::from_keys(kept);
    body.finish().map_err(io_error(&body_path))?;
    moves.finish().map_err(io_error(&moves_path))?;
    settled.missing = roster_units
        .unwrap_or_default()
        .iter()
        .filter(|u| roster_left.contains(&roster::unit_key(u)))
        .cloned()
        .collect();
    Ok(settled)
}

/// Every workbook replaced by a newer one of the same unit and year, with
/// the input that replaced it: the later 填报日期 wins, then the later file
/// time, then the later name. Only records whose keys meet are read again
/// (and grouped by their names, not their keys).
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
        let mut groups: BTreeMap<(String, i64), Vec<&(u32, Entry)>> = BTreeMap::new();
        for m in &members {
            if let (Some(u), Some(y)) = (&m.1.unit, m.1.year) {
                groups.entry((roster::unit_key(u), y)).or_default().push(m);
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

/// Which of the workbooks of one unit and year is current: the later
/// 填报日期, then the later file time, then the later name.
fn latest(entries: &[&Entry]) -> usize {
    (0..entries.len())
        .max_by(|&a, &b| {
            let (ea, eb) = (entries[a], entries[b]);
            (&ea.fill_date, ea.modified, &ea.input).cmp(&(&eb.fill_date, eb.modified, &eb.input))
        })
        .unwrap_or(0)
}

/// A folder or file name made from a unit's name: no path separators, no
/// `..`, no control or Windows-forbidden characters, not a Windows reserved
/// name, at most 80 characters.
fn sanitize(name: &str) -> String {
    let mut s: String = name
        .trim_matches(|c: char| c.is_whitespace() || c == '.')
        .chars()
        .map(|c| match c {
            '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|' => '_',
            c if c.is_control() => '_',
            c => c,
        })
        .collect();
    s = s
        .trim_matches(|c: char| c.is_whitespace() || c == '.')
        .to_string();
    s = s.chars().take(80).collect();
    s = s
        .trim_end_matches(|c: char| c.is_whitespace() || c == '.')
        .to_string();
    let stem = s.split('.').next().unwrap_or("").to_ascii_uppercase();
    let reserved = matches!(stem.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || ((stem.starts_with("COM") || stem.starts_with("LPT"))
            && stem.len() == 4
            && stem.as_bytes()[3].is_ascii_digit());
    if reserved {
        s.insert(0, '_');
    }
    if s.is_empty() || s.starts_with('.') {
        s.insert_str(0, "未命名");
    }
    s
}

/// Gives entries their folders: `单位名称-年度`, or `…-已被替代-文件名` for a
/// replaced workbook, or `无法读取-文件名`; a name already taken (by another
/// entry, or by a folder that is not jixiao's) gets `-2`, `-3`, ….
struct Namer<'a> {
    output: &'a Path,
    old: Option<&'a OldManifest>,
    /// Names given, lower-cased (Windows and macOS ignore case). A key
    /// collision (2⁻⁶⁴) only numbers a name that did not need it.
    taken: KeySet,
}

impl<'a> Namer<'a> {
    fn new(output: &'a Path, old: Option<&'a OldManifest>, names: usize) -> Self {
        let mut taken = KeySet::with_capacity(names + RESERVED.len());
        for r in RESERVED {
            taken.insert(&r.to_lowercase());
        }
        Namer { output, old, taken }
    }

    /// A folder is jixiao's when the last run's manifest names it or it
    /// carries jixiao's source mark; any other existing folder is foreign
    /// and never used.
    fn is_ours(&self, name: &str) -> bool {
        self.old.is_some_and(|m| m.has_folder(name))
            || self.output.join(name).join(SOURCE_MARK).is_file()
    }

    fn name(&mut self, e: &Entry) -> String {
        let stem = e
            .input
            .rsplit('/')
            .next()
            .unwrap_or(&e.input)
            .rsplit_once('.')
            .map_or(e.input.as_str(), |(s, _)| s)
            .to_string();
        let year = e.year.map_or(String::new(), |y| format!("-{y}"));
        let base = match (&e.unit, &e.superseded_by) {
            (Some(u), None) => format!("{u}{year}"),
            (Some(u), Some(_)) => format!("{u}{year}-已被替代-{stem}"),
            (None, _) if e.status == Status::Unreadable => format!("无法读取-{stem}"),
            (None, _) => stem,
        };
        let base = sanitize(&base);
        let mut name = base.clone();
        let mut n = 1;
        loop {
            let free = !self.taken.contains(&name.to_lowercase())
                && (!self.output.join(&name).exists() || self.is_ours(&name));
            if free {
                break;
            }
            n += 1;
            name = format!("{base}-{n}");
        }
        self.taken.insert(&name.to_lowercase());
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folder_names_are_safe_on_every_system() {
        for (given, safe) in [
            ("岳阳市君山区医疗保障局-2022", "岳阳市君山区医疗保障局-2022"),
            ("../../etc/passwd", "_.._etc_passwd"),
            ("a/b\\c:d*e?f\"g<h>i|j", "a_b_c_d_e_f_g_h_i_j"),
            ("CON", "_CON"),
            ("com1.txt", "_com1.txt"),
            ("lpt9", "_lpt9"),
            ("..", "未命名"),
            ("", "未命名"),
            ("局\u{7}名\n", "局_名"),
            ("名称。 . ", "名称。"),
            (".hidden", "hidden"),
        ] {
            assert_eq!(sanitize(given), safe, "{given:?}");
        }
        assert_eq!(sanitize(&"长".repeat(200)).chars().count(), 80);
    }

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
    fn folders_are_numbered_past_names_taken_and_foreign_folders() {
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
                "甲局-2022-2",
                // A folder that is not jixiao's is never used …
                "乙局-2022-2",
                // … one with jixiao's mark is.
                "丙局-2022",
            ]
        );
    }
}
