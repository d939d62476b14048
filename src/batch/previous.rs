//! Last year's submissions (`--previous DIR`, `previous` in jixiao.toml):
//! last year's batch output (its completed workbooks) or last year's
//! workbooks themselves, read once before a run (or before `check`,
//! `report`, `score` and `fill`) into the index this year's workbooks are
//! matched with ([`PriorYears`]). A file that is not a readable department
//! workbook is passed over: last year's output folder holds reports and
//! summaries beside the workbooks.

use std::path::Path;

use rayon::prelude::*;

use crate::batch::discover;
use crate::check::{check_bytes_with, isolated, read_file};
use crate::ingest::guard::Limits;
use crate::ingest::isolate::Reader;
use crate::ingest::sniff::{Sniffed, sniff};
use crate::rules::prior::{LastYear, PriorYears};
use crate::rules::settings::Settings;

/// Why last year's submissions could not be read.
#[derive(Debug, thiserror::Error)]
pub enum PreviousError {
    /// The folder does not exist or is not a folder.
    #[error("上年报送文件夹“{0}”不存在或不是文件夹")]
    NotAFolder(String),
}

/// Last year's submissions under `folder`: every department workbook
/// found (read by `reader`, in worker processes as the run reads its own
/// input, and scored with `ctx`, without a last year of its own), by
/// unit. `Ok` with none found is no error: the run goes on without.
pub fn load(
    folder: &Path,
    ctx: &Settings,
    limits: &Limits,
    reader: &Reader,
) -> Result<PriorYears, PreviousError> {
    if !folder.is_dir() {
        return Err(PreviousError::NotAFolder(folder.display().to_string()));
    }
    let ctx = Settings {
        prior: None,
        ..ctx.clone()
    };
    let files: Vec<_> = discover::input_files(folder, true, None, None, false).collect();
    let mut read: Vec<(String, blake3::Hash, Option<LastYear>)> = files
        .par_iter()
        .filter_map(|path| {
            let bytes = read_file(path, limits).ok()?;
            // Reports, summaries and mail are not workbooks: not read.
            if !matches!(sniff(&bytes), Sniffed::Workbook(_)) {
                return None;
            }
            let name = discover::relative(folder, path);
            let hash = blake3::hash(&bytes);
            let report = isolated(&name, || {
                check_bytes_with(&name, &bytes, &ctx, limits, reader)
            });
            let last = report
                .department
                .as_ref()
                .and_then(|dept| LastYear::of(&name, dept, report.score.as_ref()));
            Some((name, hash, last))
        })
        .collect();
    read.sort_by(|a, b| a.0.cmp(&b.0));
    let mut fingerprint = blake3::Hasher::new();
    for (name, hash, last) in &read {
        if last.is_some() {
            fingerprint.update(name.as_bytes());
            fingerprint.update(b"\n");
            fingerprint.update(hash.as_bytes());
        }
    }
    let records = read.into_iter().filter_map(|(_, _, last)| last).collect();
    Ok(PriorYears::new(
        records,
        fingerprint.finalize().to_hex().to_string(),
    ))
}
