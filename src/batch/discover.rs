//! Finding the input files: a walk of the input folder, as it goes (not
//! sorted), that skips lock files, hidden files and jixiao's own output
//! folder and roster, and names each file relative to the input folder.

use std::path::{Path, PathBuf};

use crate::check;

/// The input files, with their names relative to the input folder, as the
/// walk finds them. The walk is not sorted (sorting holds a folder's whole
/// listing in memory); the summary puts the entries in order.
pub(crate) fn discover<'a>(
    input: &'a Path,
    output: &Path,
    roster: Option<&Path>,
) -> impl Iterator<Item = (PathBuf, String)> + Send + 'a {
    let output = output.canonicalize().ok();
    let roster = roster.and_then(|r| r.canonicalize().ok());
    // Paths are resolved only for entries whose name matches: not a
    // `realpath` for every file walked.
    let same = |e: &walkdir::DirEntry, target: Option<&PathBuf>| {
        target.is_some_and(|t| {
            t.file_name() == Some(e.file_name()) && e.path().canonicalize().ok().as_ref() == Some(t)
        })
    };
    let walker = walkdir::WalkDir::new(input)
        .follow_links(true)
        .into_iter()
        .filter_entry(move |e| {
            if e.depth() == 0 {
                return true;
            }
            if !check::is_candidate(&e.file_name().to_string_lossy()) {
                return false;
            }
            // An output folder inside the input folder holds jixiao's own files.
            !(e.file_type().is_dir() && same(e, output.as_ref()))
        });
    walker
        .flatten()
        .filter(|e| e.file_type().is_file())
        .filter(move |e| !same(e, roster.as_ref()))
        .map(move |e| {
            let relative = e.path().strip_prefix(input).unwrap_or(e.path());
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
            (e.into_path(), rel)
        })
}
