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
