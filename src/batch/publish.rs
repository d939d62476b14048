//! Publishing a run's outputs, and the state that makes it safe to stop:
//! what a stopped run left is cleared first, each entry's staging folder
//! is moved to its name (a directory rename) once the manifest names every
//! folder, the folders of deleted inputs are retired, and the run's state
//! files go last.

use std::path::Path;

use crate::batch::entry::{Removed, RunError, io_error};
use crate::batch::layout::{BODY, MOVES, PENDING, REMOVED, RESERVED, RUNNING, STAGING};
use crate::batch::ledger::{KeyList, Location, OldManifest};

/// Removes what a stopped run left (temporary files anywhere in the output
/// folder, staged and parked outputs that were never published) and marks
/// this run as under way. The output folder is only walked after a run
/// was stopped: a normal re-run does not read every output folder.
pub(crate) fn clean_leftovers(output: &Path, state: &Path) -> Result<(), RunError> {
    if state.join(RUNNING).exists() {
        for entry in walkdir::WalkDir::new(output)
            .max_depth(3)
            .into_iter()
            .flatten()
        {
            let name = entry.file_name().to_string_lossy();
            if entry.file_type().is_file() && name.starts_with(".jixiao-") && name.ends_with(".tmp")
            {
                std::fs::remove_file(entry.path()).map_err(io_error(entry.path()))?;
            }
        }
    }
    for dir in [state.join(STAGING), state.join("moving")] {
        if dir.is_dir() {
            std::fs::remove_dir_all(&dir).map_err(io_error(&dir))?;
        }
    }
    let staging = state.join(STAGING);
    std::fs::create_dir_all(&staging).map_err(io_error(&staging))?;
    std::fs::write(state.join(RUNNING), b"").map_err(io_error(state))
}

/// Moves every entry's outputs to its folder, from the moves file. A folder
/// whose name is free moves at once; the others are parked in the state
/// folder first and moved once every folder has left, so two entries can
/// swap names.
pub(crate) fn publish(moves_path: &Path, output: &Path, state: &Path) -> Result<(), RunError> {
    let staging = state.join(STAGING);
    let moving = state.join("moving");
    let from_of = |l: &Location| match l {
        Location::Staging(i) => staging.join(format!("{i:07}")),
        Location::Folder(f) => output.join(f),
    };
    let moves = || -> Result<_, RunError> {
        let file = std::fs::File::open(moves_path).map_err(io_error(moves_path))?;
        Ok(std::io::BufRead::lines(std::io::BufReader::new(file))
            .enumerate()
            .map(move |(i, line)| {
                let line = line.map_err(io_error(moves_path))?;
                let (from, to): (Location, String) = serde_json::from_str(&line)
                    .map_err(|e| io_error(moves_path)(std::io::Error::other(e)))?;
                Ok::<_, RunError>((i, from, to))
            }))
    };
    for m in moves()? {
        let (i, from, to) = m?;
        let (from, to) = (from_of(&from), output.join(&to));
        if !from.is_dir() {
            continue;
        }
        if to.exists() {
            std::fs::create_dir_all(&moving).map_err(io_error(&moving))?;
            let park = moving.join(i.to_string());
            std::fs::rename(&from, &park).map_err(io_error(&from))?;
        } else {
            std::fs::rename(&from, &to).map_err(io_error(&to))?;
        }
        crate::batch::fault::kill_at("publishing");
    }
    if moving.is_dir() {
        for m in moves()? {
            let (i, _, to) = m?;
            let (park, to) = (moving.join(i.to_string()), output.join(&to));
            if !park.is_dir() {
                continue;
            }
            if to.is_dir() {
                // jixiao's own stale folder of that name (checked when named).
                std::fs::remove_dir_all(&to).map_err(io_error(&to))?;
            }
            std::fs::rename(&park, &to).map_err(io_error(&to))?;
        }
        let _ = std::fs::remove_dir_all(&moving);
    }
    Ok(())
}

/// The folders of the last run that no entry has now, to remove once the
/// new ones are published, and the inputs of the last run that are gone
/// (by input name).
pub(crate) fn retired(
    old: Option<&OldManifest>,
    kept: &KeyList,
    manifest_path: &Path,
) -> Result<(Vec<String>, Vec<Removed>), RunError> {
    let mut retired = Vec::new();
    let mut removed = Vec::new();
    if let Some(m) = old {
        let entries = m.entries().map_err(io_error(manifest_path))?;
        for item in entries {
            let (e, taken) = item.map_err(io_error(manifest_path))?;
            // A key collision (2⁻⁶⁴) only leaves a stale folder in place.
            if !kept.contains(&e.folder) && is_safe_folder(&e.folder) {
                retired.push(e.folder.clone());
            }
            if !taken {
                removed.push(Removed {
                    input: e.input,
                    folder: e.folder,
                    unit: e.unit,
                });
            }
        }
        retired.extend(
            m.header
                .retired
                .iter()
                .filter(|f| !kept.contains(f) && is_safe_folder(f))
                .cloned(),
        );
    }
    retired.sort();
    retired.dedup();
    removed.sort_by(|a, b| a.input.cmp(&b.input));
    Ok((retired, removed))
}

/// This run's deleted inputs with those a stopped run found and never
/// listed in a summary (its [`REMOVED`] file), but for inputs that are
/// back in the input folder; recorded in that file until this run's
/// summary lists them ([`finish`] removes it).
pub(crate) fn note_removed(
    mut removed: Vec<Removed>,
    state: &Path,
    input: &Path,
) -> Result<Vec<Removed>, RunError> {
    let path = state.join(REMOVED);
    // A file that does not parse is a stopped write's (it is written
    // atomically, so only by hand): what it held is lost, nothing else.
    let carried: Vec<Removed> = std::fs::read(&path)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default();
    for r in carried {
        let back = input.join(&r.input).exists();
        if !back && !removed.iter().any(|m| m.input == r.input) {
            removed.push(r);
        }
    }
    removed.sort_by(|a, b| a.input.cmp(&b.input));
    if !removed.is_empty() {
        let json =
            serde_json::to_vec(&removed).map_err(|e| io_error(&path)(std::io::Error::other(e)))?;
        crate::output::fs::write_atomic(&path, &json)?;
    }
    Ok(removed)
}

/// Whether a folder named in the manifest may be removed: one name inside
/// the output folder, and not one of jixiao's own.
fn is_safe_folder(folder: &str) -> bool {
    !folder.is_empty()
        && !folder.contains(['/', '\\'])
        && folder != ".."
        && !RESERVED.contains(&folder)
}

/// Removes the run's state files and its staging folder and marks the run
/// as no longer under way: what is left is the manifest.
pub(crate) fn finish(state: &Path) {
    for f in [PENDING, BODY, MOVES, REMOVED] {
        let _ = std::fs::remove_file(state.join(f));
    }
    let _ = std::fs::remove_dir_all(state.join(STAGING));
    let _ = std::fs::remove_file(state.join(RUNNING));
}
