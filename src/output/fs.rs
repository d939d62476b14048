//! Writes that never leave a half-written file: each goes to a temporary
//! `.jixiao-*.tmp` file beside its target and is then renamed into place.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::output::error::OutputError;

/// Writes a file atomically: a temporary file beside it, then a rename, so a
/// reader never sees half a file and a killed run leaves none.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), OutputError> {
    write_atomic_with(path, |w| w.write_all(bytes))
}

/// The file an atomic write writes into: buffered, and seekable for writers
/// that go back (a zip's central directory).
pub(crate) type AtomicFile = std::io::BufWriter<tempfile::NamedTempFile>;

/// Writes a file atomically from a writer callback (buffered), for outputs
/// streamed rather than held in memory.
pub(crate) fn write_atomic_with(
    path: &Path,
    write: impl FnOnce(&mut AtomicFile) -> std::io::Result<()>,
) -> Result<(), OutputError> {
    let io = |source| OutputError::Io {
        path: path.display().to_string(),
        source,
    };
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    std::fs::create_dir_all(&dir).map_err(io)?;
    let tmp = tempfile::Builder::new()
        .prefix(".jixiao-")
        .suffix(".tmp")
        .tempfile_in(&dir)
        .map_err(io)?;
    let mut buffered = std::io::BufWriter::with_capacity(64 * 1024, tmp);
    write(&mut buffered).map_err(io)?;
    let tmp = buffered.into_inner().map_err(|e| io(e.into_error()))?;
    // A temporary file is private (0600); what we write is an ordinary file.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        tmp.as_file()
            .set_permissions(std::fs::Permissions::from_mode(0o644))
            .map_err(io)?;
    }
    tmp.persist(path).map_err(|e| io(e.error))?;
    Ok(())
}

/// The file in a folder `jixiao report` wrote saying which files it wrote
/// there: the only files a later `report` into the same folder removes.
pub const REPORT_MARK: &str = ".jixiao-report";

/// Writes `files` into `dir` (created if needed), each atomically; then
/// removes the files the last write into `dir` made (named in its
/// [`REPORT_MARK`]) that this one did not, and records this one's. A file
/// jixiao did not write there is never removed. Returns the paths written.
pub fn write_marked(dir: &Path, files: &[(&str, Vec<u8>)]) -> Result<Vec<PathBuf>, OutputError> {
    let mut written = Vec::with_capacity(files.len());
    for (name, bytes) in files {
        let path = dir.join(name);
        write_atomic(&path, bytes)?;
        written.push(path);
    }
    let mark = dir.join(REPORT_MARK);
    let before = std::fs::read_to_string(&mark).unwrap_or_default();
    for stale in before.lines() {
        // Only plain names of this folder: the mark is a file like any other.
        let plain = !stale.is_empty()
            && !stale.starts_with('.')
            && !stale.contains(['/', '\\', ':'])
            && Path::new(stale).file_name() == Some(std::ffi::OsStr::new(stale));
        if !plain || files.iter().any(|(n, _)| *n == stale) {
            continue;
        }
        let path = dir.join(stale);
        if path.symlink_metadata().is_ok_and(|m| m.is_file()) {
            std::fs::remove_file(&path).map_err(|source| OutputError::Io {
                path: path.display().to_string(),
                source,
            })?;
        }
    }
    let names: String = files.iter().map(|(n, _)| format!("{n}\n")).collect();
    write_atomic(&mark, names.as_bytes())?;
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_files_it_wrote_are_removed() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("out");
        std::fs::create_dir(&dir).unwrap();
        std::fs::write(dir.join("report.md"), "someone else's").unwrap();
        std::fs::write(dir.join("notes.txt"), "keep").unwrap();
        let first = [("a.html", b"a".to_vec()), ("b.json", b"b".to_vec())];
        write_marked(&dir, &first).unwrap();
        // A second write without b.json removes it, and nothing else.
        write_marked(&dir, &[("a.html", b"a2".to_vec())]).unwrap();
        assert!(!dir.join("b.json").exists());
        assert_eq!(std::fs::read_to_string(dir.join("a.html")).unwrap(), "a2");
        assert!(dir.join("report.md").exists() && dir.join("notes.txt").exists());
        // A mark naming files outside the folder removes nothing there.
        std::fs::write(tmp.path().join("outside.txt"), "keep").unwrap();
        std::fs::write(dir.join(REPORT_MARK), "../outside.txt\n.\n..\n").unwrap();
        write_marked(&dir, &[("a.html", b"a3".to_vec())]).unwrap();
        assert!(tmp.path().join("outside.txt").exists());
        assert!(dir.join("notes.txt").exists());
    }
}
