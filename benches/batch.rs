//! Batch throughput and peak memory of `jixiao run`, single-threaded and
//! with every core, for N synthetic workbooks, plus the re-run with nothing
//! changed.
//!
//! `cargo bench --bench batch -- [N ...]` (default 1000 10000). The
//! workbooks come from `benches/synth.rs` (seed 1), generated once into
//! `target/bench-synth/N/` and reused. Timings are wall-clock from this
//! process; peak memory (maximum resident set) comes from GNU time
//! (`/usr/bin/time`) when it is installed.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "synth.rs"]
mod synth;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use rayon::prelude::*;

const SEED: u64 = 1;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The folder of N workbooks, generated if missing.
fn workbooks(n: usize) -> PathBuf {
    let dir = root().join(format!("target/bench-synth/{n}"));
    let done = dir.join(".complete");
    // The folder is reused only if it was made from this seed by this
    // generator.
    let made_by = format!(
        "seed {SEED}, synth.rs {}",
        blake3::hash(include_str!("synth.rs").as_bytes()).to_hex()
    );
    if std::fs::read_to_string(&done).is_ok_and(|s| s == made_by) {
        return dir;
    }
    let _ = std::fs::remove_dir_all(&dir);
    eprintln!("generating {n} workbooks into {} …", dir.display());
    std::fs::create_dir_all(&dir).unwrap();
    (0..n).into_par_iter().for_each(|i| {
        let (stem, bytes) = synth::workbook(SEED, i);
        std::fs::write(dir.join(format!("{stem}.xlsx")), bytes).unwrap();
    });
    std::fs::write(&done, made_by).unwrap();
    dir
}

struct Measure {
    seconds: f64,
    peak_mb: Option<f64>,
}

/// Runs the release binary once; wall time and peak RSS. The disk is
/// synced first, so that a run does not pay for writing back what the run
/// before it wrote (10,000 workbooks leave about 2 GB to write).
fn measure(bin: &Path, input: &Path, output: &Path, extra: &[&str]) -> Measure {
    // `sync` is not on every system; without it the runs simply overlap.
    let _ = Command::new("sync").status();
    let gnu_time = Path::new("/usr/bin/time").is_file();
    let stats = output.with_extension("time");
    let mut cmd = if gnu_time {
        let mut c = Command::new("/usr/bin/time");
        c.arg("-f").arg("%M").arg("-o").arg(&stats).arg(bin);
        c
    } else {
        Command::new(bin)
    };
    cmd.arg("run")
        .arg(input)
        .arg("-o")
        .arg(output)
        .arg("--quiet")
        .args(extra);
    // JIXIAO_BENCH_FORMATS=md,html (or with docx, pdf): the report formats
    // written, to state what each costs (docs/performance.md).
    if let Ok(formats) = std::env::var("JIXIAO_BENCH_FORMATS") {
        cmd.arg("--formats").arg(formats);
    }
    let start = Instant::now();
    let status = cmd.status().expect("jixiao runs");
    let seconds = start.elapsed().as_secs_f64();
    assert!(
        matches!(status.code(), Some(0 | 1)),
        "jixiao run failed: {status}"
    );
    let peak_mb = std::fs::read_to_string(&stats)
        .ok()
        .and_then(|s| s.lines().last()?.trim().parse::<f64>().ok())
        .map(|kb| kb / 1024.0);
    Measure { seconds, peak_mb }
}

fn main() {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let sizes = if args.is_empty() {
        vec![1000, 10000]
    } else {
        args
    };
    let pdf = std::env::var("JIXIAO_BENCH_FORMATS").is_ok_and(|f| f.contains("pdf"));
    let status = Command::new("cargo")
        .args(["build", "--release", "--quiet", "--bin", "jixiao"])
        .args(if pdf { &["--features", "pdf"][..] } else { &[] })
        .current_dir(root())
        .status()
        .unwrap();
    assert!(status.success());
    let bin = root().join("target/release/jixiao");
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "{:>6} {:>8} {:>9} {:>11} {:>8} {:>9}",
        "N", "threads", "seconds", "ms/workbook", "wb/s", "peak MB"
    );
    // JIXIAO_BENCH_OUT puts the outputs on another disk (say a tmpfs), to
    // tell the file system's share from jixiao's.
    let out_base = std::env::var_os("JIXIAO_BENCH_OUT")
        .map_or_else(|| root().join("target/bench-out"), PathBuf::from);
    // Outputs are removed after the runs: ext4 allocates inodes slowly for a
    // few minutes after tens of thousands were deleted (it skips recently
    // deleted ones), which would time the file system's cleanup, not
    // jixiao. What an earlier bench left behind is moved aside now and
    // removed with the rest at the end.
    let leftovers = out_base.with_extension("old");
    let _ = std::fs::remove_dir_all(&leftovers);
    let _ = std::fs::rename(&out_base, &leftovers);
    for n in sizes {
        let input = workbooks(n);
        let out_root = out_base.join(n.to_string());
        std::fs::create_dir_all(&out_root).unwrap();
        for (label, jobs) in [("1", "1"), ("all", "0")] {
            let out = out_root.join(format!("jobs-{label}"));
            let m = measure(&bin, &input, &out, &["--jobs", jobs, "--force"]);
            let threads = if jobs == "0" {
                cores.to_string()
            } else {
                "1".into()
            };
            println!(
                "{n:>6} {threads:>8} {:>9.2} {:>11.3} {:>8.0} {:>9}",
                m.seconds,
                m.seconds * 1000.0 / n as f64,
                n as f64 / m.seconds,
                m.peak_mb.map_or("—".into(), |p| format!("{p:.1}"))
            );
            if jobs == "0" {
                let again = measure(&bin, &input, &out, &["--jobs", jobs]);
                println!(
                    "{n:>6} {threads:>8} {:>9.2} {:>11.3} {:>8} {:>9}  re-run, nothing changed: {:.1}% of the first run",
                    again.seconds,
                    again.seconds * 1000.0 / n as f64,
                    "",
                    again.peak_mb.map_or("—".into(), |p| format!("{p:.1}")),
                    again.seconds / m.seconds * 100.0
                );
            }
        }
    }
    let _ = std::fs::remove_dir_all(&out_base);
    let _ = std::fs::remove_dir_all(&leftovers);
    // A bench started within a few minutes of this one's removals would
    // find ext4 still skipping the deleted inodes.
    let _ = Command::new("sync").status();
}
