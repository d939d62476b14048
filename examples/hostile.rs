//! The hostile-file bench: every crafted file of `tests/support/hostile.rs`
//! through the release binary (workbooks through `check` or `report`,
//! mail through `run`), one process per file, with its peak memory
//! and wall time; fails if any file goes over 256 MB or 2 s, or ends with
//! an exit code other than 0 or 1 (docs/limits.md, 恶意文件基准).
//!
//! An example rather than a bench: it measures processes of the binary,
//! not functions of the library, and has a pass/fail budget, which
//! `cargo bench` (timings only) would not enforce.
//!
//! ```text
//! cargo build --release && cargo run --release --example hostile -- [--keep DIR]
//! ```
//!
//! Each file's command runs under a measuring process of its own (this
//! program again, with `--measure`): `getrusage(RUSAGE_CHILDREN)` reports
//! the largest peak of all waited-for children, so one measuring process
//! per file makes the peak that file's.

#[path = "../tests/support/mod.rs"]
#[allow(missing_docs, clippy::unwrap_used)]
mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use support::hostile::{Target, all_crafted, all_crafted_mail};

/// The budget of one file.
const MAX_RSS_BYTES: u64 = 256 * 1024 * 1024;
const MAX_WALL: Duration = Duration::from_secs(2);
/// A command still running after this is killed (and over budget).
const KILL_AFTER: Duration = Duration::from_secs(60);

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--measure") {
        return measure(&args[1..]);
    }
    match bench(&args) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("hostile: {e:#}");
            ExitCode::from(2)
        }
    }
}

/// `--measure DIR PROGRAM ARGS…`: runs the program in DIR with its output
/// discarded and prints `exit-code peak-rss-bytes wall-microseconds`
/// (exit code -1 when killed by a signal or over [`KILL_AFTER`]).
fn measure(args: &[String]) -> ExitCode {
    let [dir, program, rest @ ..] = args else {
        eprintln!("usage: hostile --measure DIR PROGRAM ARGS…");
        return ExitCode::from(2);
    };
    let start = Instant::now();
    let child = Command::new(program)
        .args(rest)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn();
    let mut child = match child {
        Ok(c) => c,
        Err(e) => {
            eprintln!("hostile: cannot start {program}: {e}");
            return ExitCode::from(2);
        }
    };
    // Polled rather than a blocking wait so a runaway file is killed;
    // 1 ms of polling is noise against a 2 s budget.
    let code = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status.code().unwrap_or(-1),
            Ok(None) if start.elapsed() > KILL_AFTER => {
                let _ = child.kill();
                let _ = child.wait();
                break -1;
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(1)),
            Err(e) => {
                eprintln!("hostile: waiting for {program}: {e}");
                return ExitCode::from(2);
            }
        }
    };
    let wall = start.elapsed();
    let rss = match nix::sys::resource::getrusage(nix::sys::resource::UsageWho::RUSAGE_CHILDREN) {
        // Linux reports kilobytes.
        Ok(usage) => u64::try_from(usage.max_rss()).unwrap_or(0) * 1024,
        Err(e) => {
            eprintln!("hostile: getrusage: {e}");
            return ExitCode::from(2);
        }
    };
    println!("{code} {rss} {}", wall.as_micros());
    ExitCode::SUCCESS
}

/// One measured command.
struct Measured {
    code: i32,
    rss: u64,
    wall: Duration,
}

fn run_measured(dir: &Path, program: &Path, args: &[String]) -> anyhow::Result<Measured> {
    let me = std::env::current_exe()?;
    let out = Command::new(me)
        .arg("--measure")
        .arg(dir)
        .arg(program)
        .args(args)
        .output()?;
    let text = String::from_utf8_lossy(&out.stdout);
    let fields: Vec<&str> = text.split_whitespace().collect();
    let [code, rss, wall] = fields[..] else {
        anyhow::bail!(
            "measuring {args:?} failed: {text}{}",
            String::from_utf8_lossy(&out.stderr)
        );
    };
    Ok(Measured {
        code: code.parse()?,
        rss: rss.parse()?,
        wall: Duration::from_micros(wall.parse()?),
    })
}

fn bench(args: &[String]) -> anyhow::Result<bool> {
    let mut keep: Option<PathBuf> = None;
    let mut binary: Option<PathBuf> = None;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--keep" => keep = it.next().map(PathBuf::from),
            "--bin" => binary = it.next().map(PathBuf::from),
            other => anyhow::bail!(
                "unknown argument {other}; usage: hostile [--keep DIR] [--bin PATH-TO-JIXIAO]"
            ),
        }
    }
    // The release binary beside this example (target/release/examples/..).
    let binary = match binary {
        Some(b) => b,
        None => {
            let me = std::env::current_exe()?;
            let dir = me
                .parent()
                .and_then(Path::parent)
                .ok_or_else(|| anyhow::anyhow!("no folder above {}", me.display()))?;
            dir.join(format!("jixiao{}", std::env::consts::EXE_SUFFIX))
        }
    };
    anyhow::ensure!(
        binary.is_file(),
        "{} not found: run `cargo build --release` first",
        binary.display()
    );
    let binary = binary.canonicalize()?;
    let temp;
    let dir = match &keep {
        Some(d) => {
            std::fs::create_dir_all(d)?;
            d.canonicalize()?
        }
        None => {
            temp = tempfile::tempdir()?;
            temp.path().to_path_buf()
        }
    };
    let input = dir.join("in");
    let output = dir.join("out");
    std::fs::create_dir_all(&input)?;
    std::fs::create_dir_all(&output)?;

    println!("binary: {}", binary.display());
    println!("| 文件 | 大小 | 命令 | 退出码 | 峰值内存 | 用时 |");
    println!("|---|---:|---|---:|---:|---:|");
    let mut ok = true;
    for file in all_crafted() {
        std::fs::write(input.join(&file.name), &file.bytes)?;
        let path = format!("in/{}", file.name);
        let args: Vec<String> = match file.target {
            Target::Reading => vec!["check".into(), path],
            // `...xlsx` is named for `report` without `-o`, which derives
            // the folder from the file name.
            Target::Outputs if file.name.starts_with("..") => vec!["report".into(), path],
            Target::Outputs => vec![
                "report".into(),
                path,
                "-o".into(),
                format!("out/{}", file.name),
            ],
        };
        let m = run_measured(&dir, &binary, &args)?;
        let over = m.rss > MAX_RSS_BYTES || m.wall > MAX_WALL || !matches!(m.code, 0 | 1);
        ok &= !over;
        println!(
            "| `{}` | {:.1} KB | {} | {} | {:.1} MB | {:.3} s |{}",
            file.name,
            file.bytes.len() as f64 / 1000.0,
            args[0],
            m.code,
            m.rss as f64 / 1e6,
            m.wall.as_secs_f64(),
            if over { " 超出" } else { "" }
        );
    }
    // Hostile mail, each file alone in a folder of its own through `run`.
    for file in all_crafted_mail() {
        let folder = format!("mail-in/{}", file.name);
        std::fs::create_dir_all(dir.join(&folder))?;
        std::fs::write(dir.join(&folder).join(&file.name), &file.bytes)?;
        let args: Vec<String> = vec![
            "run".into(),
            folder,
            "-o".into(),
            format!("out/mail-{}", file.name),
            "--quiet".into(),
        ];
        let m = run_measured(&dir, &binary, &args)?;
        let over = m.rss > MAX_RSS_BYTES || m.wall > MAX_WALL || !matches!(m.code, 0 | 1);
        ok &= !over;
        println!(
            "| `{}` | {:.1} KB | {} | {} | {:.1} MB | {:.3} s |{}",
            file.name,
            file.bytes.len() as f64 / 1000.0,
            args[0],
            m.code,
            m.rss as f64 / 1e6,
            m.wall.as_secs_f64(),
            if over { " 超出" } else { "" }
        );
    }
    if let Some(d) = &keep {
        println!("files and outputs kept in {}", d.display());
    }
    if ok {
        println!("every file within 256 MB and 2 s, exit code 0 or 1");
    } else {
        println!("some file over 256 MB or 2 s, or with exit code other than 0 or 1");
    }
    Ok(ok)
}
