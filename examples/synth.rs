//! Writes a reproducible set of synthetic department workbooks:
//!
//! ```text
//! cargo run --release --example synth -- --count 1000 --seed 1 --out target/synth
//! cargo run --release --example synth -- --count 200 --seed 7 --verify
//! ```
//!
//! `--verify` checks every workbook with jixiao and fails (exit 1) when a
//! clean one has an error or a warning, or one with injected mistakes has
//! neither.

#[path = "../benches/synth.rs"]
mod synth;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use clap::Parser;
use jixiao::contract::finding::Severity;

#[derive(Debug, Parser)]
#[command(about = "生成可复现的合成部门整体支出绩效自评工作簿（供基准测试）")]
struct Args {
    /// How many workbooks.
    #[arg(long, default_value_t = 100)]
    count: usize,
    /// The set's seed: the same seed gives the same workbooks.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Folder to write `<stem>.xlsx` into (created if missing).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Check every workbook: clean ones must give no error and no warning,
    /// flawed ones at least one.
    #[arg(long)]
    verify: bool,
    /// Also write each workbook's fill source, `<stem>.toml` (see `jixiao fill`).
    #[arg(long, requires = "out")]
    toml: bool,
    /// Worker threads (default: all cores).
    #[arg(long)]
    jobs: Option<usize>,
}

/// What one workbook came to.
struct Made {
    stem: String,
    mistakes: Vec<&'static str>,
    bytes: usize,
    finance_rows: usize,
    projects: usize,
    indicators: usize,
    /// With `--verify`: the errors and warnings found, as `CODE message`.
    problems: Option<Vec<String>>,
    /// With `--verify`: how many notes (coercions, missing data) were found.
    notes: usize,
}

fn make(args: &Args, index: usize) -> std::io::Result<Made> {
    let s = synth::generate(args.seed, index);
    let rows = |key: &str| s.inputs.tables.get(key).map_or(0, Vec::len);
    let bytes = synth::build(&s.inputs);
    if let Some(dir) = &args.out {
        std::fs::write(dir.join(format!("{}.xlsx", s.stem)), &bytes)?;
        if args.toml {
            std::fs::write(dir.join(format!("{}.toml", s.stem)), fill_source(&s))?;
        }
    }
    let mut notes = 0;
    let problems = args.verify.then(|| {
        let report = synth::check(&format!("{}.xlsx", s.stem), &bytes);
        notes = report.counts().note;
        report
            .findings
            .iter()
            .filter(|f| f.severity != Severity::Note)
            .map(|f| format!("{} {}", f.code.id(), f.message))
            .collect()
    });
    Ok(Made {
        finance_rows: rows("tbl_finance"),
        projects: rows("tbl_projects"),
        indicators: rows("tbl_project_indicators"),
        stem: s.stem,
        mistakes: s.mistakes,
        bytes: bytes.len(),
        problems,
        notes,
    })
}

/// The inputs as a `jixiao fill` source.
fn fill_source(s: &synth::Synth) -> String {
    use jixiao::workbook::inputs::Input;
    fn value(v: &Input) -> toml::Value {
        match v {
            Input::Text(t) => toml::Value::String(t.clone()),
            Input::Number(n) if n.fract() == 0.0 && n.abs() < 1e15 => {
                toml::Value::Integer(*n as i64)
            }
            Input::Number(n) => toml::Value::Float(*n),
            Input::Date(d) => {
                let date = d.format("%Y-%m-%d").to_string();
                date.parse::<toml::value::Datetime>()
                    .map_or(toml::Value::String(date), toml::Value::Datetime)
            }
        }
    }
    let mut fields = toml::Table::new();
    for (k, v) in &s.inputs.scalars {
        fields.insert(k.clone(), value(v));
    }
    let mut tables = toml::Table::new();
    for (k, rows) in &s.inputs.tables {
        let rows = rows
            .iter()
            .map(|r| toml::Value::Table(r.iter().map(|(c, v)| (c.clone(), value(v))).collect()))
            .collect();
        tables.insert(k.clone(), toml::Value::Array(rows));
    }
    let mut doc = toml::Table::new();
    doc.insert("fields".into(), toml::Value::Table(fields));
    doc.insert("tables".into(), toml::Value::Table(tables));
    let mistakes = if s.mistakes.is_empty() {
        "none".to_string()
    } else {
        s.mistakes.join(", ")
    };
    format!(
        "# {}: synthetic workbook; injected mistakes: {mistakes}\n{}",
        s.stem,
        toml::to_string(&doc).unwrap_or_default()
    )
}

/// min / median / p90 / max of a list.
fn spread(mut v: Vec<usize>) -> String {
    if v.is_empty() {
        return "—".to_string();
    }
    v.sort_unstable();
    let at = |q: usize| v[(v.len() - 1) * q / 100];
    format!(
        "min {} · median {} · p90 {} · max {}",
        at(0),
        at(50),
        at(90),
        at(100)
    )
}

fn main() -> ExitCode {
    let args = Args::parse();
    if let Some(dir) = &args.out
        && let Err(e) = std::fs::create_dir_all(dir)
    {
        eprintln!("无法创建 {}：{e}", dir.display());
        return ExitCode::from(2);
    }
    let jobs = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .clamp(1, args.count.max(1));
    let started = Instant::now();
    let mut made: Vec<Option<std::io::Result<Made>>> = (0..args.count).map(|_| None).collect();
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..jobs)
            .map(|w| {
                let args = &args;
                scope.spawn(move || {
                    (w..args.count)
                        .step_by(jobs)
                        .map(|i| (i, make(args, i)))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        for worker in workers {
            for (i, result) in worker.join().expect("a worker finished") {
                made[i] = Some(result);
            }
        }
    });
    let elapsed = started.elapsed();

    let mut all = Vec::with_capacity(args.count);
    for m in made.into_iter().flatten() {
        match m {
            Ok(m) => all.push(m),
            Err(e) => {
                eprintln!("写入失败：{e}");
                return ExitCode::from(2);
            }
        }
    }
    let flawed = all.iter().filter(|m| !m.mistakes.is_empty()).count();
    match &args.out {
        Some(dir) => println!(
            "wrote {} workbooks to {} ({} with injected mistakes) in {:.2?} with {jobs} thread(s)",
            all.len(),
            dir.display(),
            flawed,
            elapsed
        ),
        None => println!(
            "generated {} workbooks ({} with injected mistakes) in {:.2?} with {jobs} thread(s)",
            all.len(),
            flawed,
            elapsed
        ),
    }
    println!(
        "  file bytes:      {}",
        spread(all.iter().map(|m| m.bytes).collect())
    );
    println!(
        "  收支情况 rows:    {}",
        spread(all.iter().map(|m| m.finance_rows).collect())
    );
    println!(
        "  projects:        {}",
        spread(all.iter().map(|m| m.projects).collect())
    );
    println!(
        "  indicators:      {}",
        spread(all.iter().map(|m| m.indicators).collect())
    );

    if !args.verify {
        return ExitCode::SUCCESS;
    }
    let mut failures = 0;
    for m in &all {
        let problems = m.problems.as_deref().unwrap_or_default();
        let bad = if m.mistakes.is_empty() {
            !problems.is_empty()
        } else {
            problems.is_empty()
        };
        if bad {
            failures += 1;
            if failures <= 10 {
                println!(
                    "FAIL {} (mistakes: {}):",
                    m.stem,
                    if m.mistakes.is_empty() {
                        "none".to_string()
                    } else {
                        m.mistakes.join(", ")
                    }
                );
                for p in problems.iter().take(8) {
                    println!("    {p}");
                }
            }
        }
    }
    let caught = all
        .iter()
        .filter(|m| !m.mistakes.is_empty() && m.problems.as_ref().is_some_and(|p| !p.is_empty()))
        .count();
    let clean: Vec<&Made> = all.iter().filter(|m| m.mistakes.is_empty()).collect();
    println!(
        "verify: {} of {} clean with no error or warning (notes: {}), {caught} of {flawed} flawed with findings, {failures} failure(s)",
        clean
            .iter()
            .filter(|m| m.problems.as_ref().is_some_and(Vec::is_empty))
            .count(),
        clean.len(),
        clean.iter().map(|m| m.notes).sum::<usize>(),
    );
    if failures > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
