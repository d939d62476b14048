//! The names a run gives inside the output folder: jixiao's state folder
//! and the files a run keeps there, the names beside the workbooks' folders
//! that are not one, and the mark in each folder saying whose outputs it
//! holds. Their own module so that every step of the run sees them without
//! importing the run.

/// Where jixiao keeps its own state inside the output folder.
pub(crate) const STATE_DIR: &str = ".jixiao";
pub(crate) const MANIFEST: &str = "manifest.jsonl";
pub(crate) const STAGING: &str = "staging";
/// This run's entries as files finish, the manifest's body being written,
/// and the folder moves to make: the run's state on disk.
pub(crate) const PENDING: &str = "pending.jsonl";
pub(crate) const BODY: &str = "body.jsonl";
pub(crate) const MOVES: &str = "moves.jsonl";
/// The file a run holds an OS advisory lock on for as long as it runs, so
/// that a second run on the same output folder stops at once; the OS
/// releases it when the process ends, however it ends.
pub(crate) const LOCK: &str = "lock";
/// The inputs a run found deleted, kept until its summary has listed them:
/// a run stopped before then leaves them for the next run's summary (the
/// manifest it wrote no longer names them).
pub(crate) const REMOVED: &str = "removed.json";
/// Present while a run is under way: a run that finds it was stopped.
pub(crate) const RUNNING: &str = "running";
/// Names in the output folder that are not a workbook's folder.
pub(crate) const RESERVED: &[&str] = &[STATE_DIR, "index.html", "summary.xlsx", "summary.json"];

/// The file in each output folder that says whose outputs it holds: the
/// input's name and content hash. A folder is only trusted as an entry's
/// when it says so (a run stopped while folders moved leaves names and
/// contents that may not match the manifest).
pub(crate) const SOURCE_MARK: &str = ".jixiao-source";

/// The workbooks saved from the input folder's mail, in the state folder:
/// the inputs of the run that came by mail (emptied at each run).
pub(crate) const MAIL: &str = "mail";

/// The versions of each submission seen by this run and earlier ones, in
/// the state folder: one folder per submission, one snapshot per version
/// (`batch::versions`), what a later version is compared with.
pub(crate) const VERSIONS: &str = "versions";
