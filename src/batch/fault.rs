//! The test hooks of debug builds that end a run at a chosen stage, so
//! that tests can prove the next run repairs what a killed one left. Their
//! own module so that every step of the run can call them without
//! importing the run.

use std::path::Path;

use crate::output::Rendered;

/// Whether `JIXIAO_FAULT` asks to end the process at `stage`
/// (`kill:STAGE`).
#[cfg(debug_assertions)]
fn asked(stage: &str) -> bool {
    std::env::var("JIXIAO_FAULT").is_ok_and(|v| v.strip_prefix("kill:") == Some(stage))
}

/// A test hook of debug builds: `JIXIAO_FAULT=kill:STAGE` ends the process
/// at that stage of the run at once, with no unwinding and nothing cleaned
/// up (`std::process::abort`, as a `kill -9` would). The stages, in order,
/// are listed in docs/batch.md (断点恢复).
#[cfg(debug_assertions)]
pub(crate) fn kill_at(stage: &str) {
    if asked(stage) {
        std::process::abort();
    }
}

#[cfg(not(debug_assertions))]
pub(crate) fn kill_at(_: &str) {}

/// The `kill:writing:NAME` stage of [`kill_at`]: the file `rel`'s staging
/// folder `dir` left half written (its first output whole, the next one
/// cut in half, the rest missing), then the process ended.
#[cfg(debug_assertions)]
pub(crate) fn kill_while_writing(rel: &str, dir: &Path, rendered: &Rendered) {
    if !asked(&format!("writing:{rel}")) {
        return;
    }
    let _ = std::fs::create_dir_all(dir);
    for (i, (name, bytes)) in rendered.files.iter().take(2).enumerate() {
        let part = if i == 0 {
            &bytes[..]
        } else {
            &bytes[..bytes.len() / 2]
        };
        let _ = std::fs::write(dir.join(name), part);
    }
    std::process::abort();
}

#[cfg(not(debug_assertions))]
pub(crate) fn kill_while_writing(_: &str, _: &Path, _: &Rendered) {}
