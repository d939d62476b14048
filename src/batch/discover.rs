//! Finding the input files, for `jixiao run` and for `jixiao check` and
//! `score` given folders: one walk that follows links and skips lock files
//! (`~$*`, `.~lock*`) and hidden files and folders, and, for a run, its own
//! output folder and roster when they lie inside the input folder.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

/// Whether a directory entry is a workbook candidate: not a lock file
/// (`~$*`, `.~lock*`) and not hidden.
fn is_candidate(name: &str) -> bool {
    !(name.starts_with("~$") || name.starts_with(".~lock") || name.starts_with('.'))
}

/// The files under `folder` that may be workbooks. Links are followed (a
/// folder of links to the mail attachments is a folder of workbooks);
/// walkdir stops at link loops. `sorted` lists each folder by file name;
/// otherwise files come as the walk finds them (sorting holds a folder's
/// whole listing in memory). The folder `output` and the file `roster` are
/// skipped wherever the walk meets them. `special` keeps what is neither a
/// folder nor a regular file (a FIFO, a device, a socket, or a link to
/// one): listed, never opened here, so that the run names it as a file it
/// did not read (`check::read_file` refuses it unopened) instead of
/// passing over it in silence.
pub(crate) fn input_files(
    folder: &Path,
    sorted: bool,
    output: Option<&Path>,
    roster: Option<&Path>,
    special: bool,
) -> impl Iterator<Item = PathBuf> + Send + use<> {
    let output = output.and_then(|o| o.canonicalize().ok());
    let roster = roster.and_then(|r| r.canonicalize().ok());
    // Paths are resolved only for entries whose name matches: not a
    // `realpath` for every file walked.
    let same = |e: &walkdir::DirEntry, target: Option<&PathBuf>| {
        target.is_some_and(|t| {
            t.file_name() == Some(e.file_name()) && e.path().canonicalize().ok().as_ref() == Some(t)
        })
    };
    let mut walk = walkdir::WalkDir::new(folder).follow_links(true);
    if sorted {
        walk = walk.sort_by_file_name();
    }
    walk.into_iter()
        .filter_entry(move |e| {
            if e.depth() == 0 {
                return true;
            }
            if !is_candidate(&e.file_name().to_string_lossy()) {
                return false;
            }
            // An output folder inside the input folder holds jixiao's own files.
            !(e.file_type().is_dir() && same(e, output.as_ref()))
        })
        .flatten()
        .filter(move |e| e.file_type().is_file() || (special && !e.file_type().is_dir()))
        .filter(move |e| !same(e, roster.as_ref()))
        .map(walkdir::DirEntry::into_path)
}

/// The input files of a run, with their names relative to the input
/// folder, as the walk finds them: FIFOs, devices and sockets too, each to
/// be named in the summary as a file that was not read. The walk is not sorted; the summary puts
/// the entries in order.
pub(crate) fn discover<'a>(
    input: &'a Path,
    output: &Path,
    roster: Option<&Path>,
    mail: &'a HashSet<PathBuf>,
) -> impl Iterator<Item = (PathBuf, String)> + Send + 'a {
    input_files(input, false, Some(output), roster, true)
        // Saved mail (`mail`, found by the run first) is opened on its
        // own: its workbooks are the inputs.
        .filter(move |path| !mail.contains(path))
        .map(move |path| {
            let rel = relative(input, &path);
            (path, rel)
        })
}

/// A file's name relative to the input folder, `/`-separated.
pub(crate) fn relative(input: &Path, path: &Path) -> String {
    let relative = path.strip_prefix(input).unwrap_or(path);
    let mut rel = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/");
    // Names that are not UTF-8 (GBK attachments unzipped on Linux)
    // can read the same: each such name gets a mark made from its
    // bytes, so it stays one file's whatever order the walk takes.
    if relative.to_str().is_none() {
        let bytes = relative.as_os_str().as_encoded_bytes();
        let mark = blake3::hash(bytes).to_hex();
        rel.push_str(&format!("（文件名非UTF-8 #{}）", &mark[..8]));
    }
    rel
}

/// Expands the arguments of `jixiao check` and `score`: files as given,
/// directories walked (sorted, skipping lock files and hidden entries).
pub fn expand(args: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for arg in args {
        if arg.is_dir() {
            out.extend(input_files(arg, true, None, None, false));
        } else {
            out.push(arg.clone());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lock_and_hidden_files_are_skipped() {
        assert!(!is_candidate("~$君山.xlsx"));
        assert!(!is_candidate(".~lock.君山.xlsx#"));
        assert!(!is_candidate(".DS_Store"));
        assert!(is_candidate("君山区医疗保障局-2022.xlsx"));
    }
}
