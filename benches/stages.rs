//! Per-workbook time by stage, single-threaded: read (cells and defined
//! names, model), validate, score, render (view model and the three reports),
//! workbook (the completed workbook), write (the five files into a fresh
//! folder, as `jixiao run` stages them).
//!
//! `cargo bench --bench stages -- [N] [SEED]` (default 200 workbooks, seed 1):
//! the workbooks come from `benches/synth.rs`, generated in memory first and
//! not timed. `cargo bench --bench stages -- DIR` times the .xlsx files of a
//! folder instead (e.g. one written by `cargo run --release --example synth`).
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "synth.rs"]
mod synth;

use std::time::{Duration, Instant};

use jixiao::contract::fields::key;
use jixiao::ingest::guard::Limits;
use jixiao::output;
use jixiao::report::render::Templates;
use jixiao::rules::framework::Frameworks;
use jixiao::rules::settings::Settings;

/// The allocator of the `jixiao` binary (src/main.rs), so that stages are
/// timed as `jixiao run` runs them.
#[cfg(unix)]
#[global_allocator]
static GLOBAL: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| a != "--bench")
        .collect();
    let books: Vec<(String, Vec<u8>)> = match args.first() {
        Some(dir) if std::path::Path::new(dir).is_dir() => {
            let mut paths: Vec<_> = std::fs::read_dir(dir)
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| p.extension().is_some_and(|e| e == "xlsx"))
                .collect();
            paths.sort();
            paths
                .iter()
                .map(|p| {
                    let stem = p.file_stem().unwrap().to_string_lossy().into_owned();
                    (stem, std::fs::read(p).unwrap())
                })
                .collect()
        }
        _ => {
            let n: usize = args.first().and_then(|s| s.parse().ok()).unwrap_or(200);
            let seed: u64 = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(1);
            eprintln!("generating {n} workbooks (seed {seed}) …");
            (0..n).map(|i| synth::workbook(seed, i)).collect()
        }
    };
    let n = books.len();
    let bytes: usize = books.iter().map(|(_, b)| b.len()).sum();
    let frameworks = Frameworks::builtin_checked();
    let ctx = Settings::with_frameworks(frameworks.clone());
    let templates = Templates::defaults().unwrap();
    let limits = Limits::default();
    let tmp = tempfile::tempdir().unwrap();
    let mut t = [Duration::ZERO; 8];
    let names = [
        "read", "validate", "score", "render", "docx", "pdf", "workbook", "write",
    ];
    // The system's fonts, as `run` finds them (figures in the docx; the
    // PDF), looked up before the clock starts: once per run.
    let fonts = jixiao::report::document::Fonts::new(Vec::new());
    let _ = fonts.has_chinese();
    let formats = |f: &[output::Format]| output::Formats::new(f.iter().copied(), fonts.clone());
    let (web, word, pdf) = (
        formats(&[output::Format::Markdown, output::Format::Html]),
        formats(&[output::Format::Docx]),
        formats(&[output::Format::Pdf]),
    );
    let mut out_bytes = 0usize;
    for (stem, book) in &books {
        let s = Instant::now();
        let wb = jixiao::ingest::read::read_bytes(book, &limits).unwrap();
        let (dept, mut findings) = jixiao::ingest::model::build(&wb).unwrap();
        t[0] += s.elapsed();
        let s = Instant::now();
        findings.extend(jixiao::rules::validate::validate(&dept, &ctx));
        t[1] += s.elapsed();
        let s = Instant::now();
        let framework = ctx.scoring.for_workbook(dept.text(key::FRAMEWORK)).unwrap();
        let (card, more) = jixiao::rules::score::score(&dept, &framework, ctx.tolerance);
        findings.extend(more);
        t[2] += s.elapsed();
        // As `check` makes it: findings named and sorted, the status they
        // give (a tenth of the workbooks carry mistakes), and the file's own
        // bytes, which the completed workbook of an .xlsx is edited from.
        let report = jixiao::check::FileReport::new(
            &format!("{stem}.xlsx"),
            Some(wb.format),
            Some(dept),
            Some(card),
            findings,
            false,
        )
        .with_source(book);
        let s = Instant::now();
        let mut rendered =
            output::render_reports(&report, &templates, output::Public::Checked, &web).unwrap();
        t[3] += s.elapsed();
        // Each document format on its own (its Markdown rendered again,
        // its public variant included), as `--formats` adds it.
        let s = Instant::now();
        let documents =
            output::render_reports(&report, &templates, output::Public::Checked, &word).unwrap();
        rendered.files.extend(
            documents
                .files
                .into_iter()
                .filter(|(n, _)| n.ends_with(".docx")),
        );
        t[4] += s.elapsed();
        if output::Format::Pdf.built() {
            let s = Instant::now();
            let documents =
                output::render_reports(&report, &templates, output::Public::Checked, &pdf).unwrap();
            rendered.files.extend(
                documents
                    .files
                    .into_iter()
                    .filter(|(n, _)| n.ends_with(".pdf")),
            );
            t[5] += s.elapsed();
        }
        let s = Instant::now();
        let completed = output::render_workbook(&report, &frameworks)
            .unwrap()
            .unwrap();
        rendered.files.push((output::COMPLETED, completed));
        t[6] += s.elapsed();
        let s = Instant::now();
        output::write_staged(&tmp.path().join(stem), &rendered).unwrap();
        t[7] += s.elapsed();
        out_bytes += rendered.files.iter().map(|(_, b)| b.len()).sum::<usize>();
    }
    let total: Duration = t.iter().sum();
    println!(
        "{n} workbooks ({:.1} KB each in, {:.1} KB out), single-threaded",
        bytes as f64 / n as f64 / 1024.0,
        out_bytes as f64 / n as f64 / 1024.0
    );
    println!("{:<10} {:>10} {:>7}", "stage", "ms/wb", "share");
    for (name, d) in names.iter().zip(t) {
        println!(
            "{name:<10} {:>10.3} {:>6.1}%",
            d.as_secs_f64() * 1000.0 / n as f64,
            d.as_secs_f64() / total.as_secs_f64() * 100.0
        );
    }
    println!(
        "{:<10} {:>10.3}",
        "total",
        total.as_secs_f64() * 1000.0 / n as f64
    );
}
