//! `jixiao check` and `jixiao score`: every workbook named, checked (and
//! scored) in turn, printed for a person or as JSON.

use std::io::Write;
use std::path::PathBuf;

use clap::Args;
use jixiao::batch;
use jixiao::check::{self, FileReport, diagnostics};
use jixiao::ingest::guard::Limits;
use jixiao::ingest::isolate::Reader;

use super::console;
use super::{
    ColorChoice, Outcome, OutputFormat, PreviousArgs, load_config, outcome, paint, reading,
    settings,
};

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// 工作簿文件或文件夹
    #[arg(required = true)]
    pub(super) paths: Vec<PathBuf>,
    /// 输出格式
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    pub(super) format: OutputFormat,
    /// 颜色
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub(super) color: ColorChoice,
    /// 不显示“提示”级别（自动转换等）
    #[arg(long)]
    pub(super) no_notes: bool,
    /// 评价框架：内置 id（national、yueyang-2015）或 TOML 文件路径；默认按工作簿所选
    #[arg(long, value_name = "ID|FILE")]
    pub(super) framework: Option<String>,
    /// 在本进程中读取工作簿，不用单独的读取进程（某个文件使读取中止时，整个命令随之中止）
    #[arg(long)]
    pub(super) no_isolation: bool,
    #[command(flatten)]
    pub(super) previous: PreviousArgs,
}

#[derive(Debug, Args)]
pub struct ScoreArgs {
    /// 工作簿文件或文件夹
    #[arg(required = true)]
    pub(super) paths: Vec<PathBuf>,
    /// 评价框架：内置 id（national、yueyang-2015）或 TOML 文件路径；默认按工作簿所选
    #[arg(long, value_name = "ID|FILE")]
    pub(super) framework: Option<String>,
    /// 输出格式
    #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
    pub(super) format: OutputFormat,
    /// 颜色
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub(super) color: ColorChoice,
    /// 在本进程中读取工作簿，不用单独的读取进程（某个文件使读取中止时，整个命令随之中止）
    #[arg(long)]
    pub(super) no_isolation: bool,
    #[command(flatten)]
    pub(super) previous: PreviousArgs,
}

/// Checks every workbook and prints the findings.
pub(super) fn check(args: CheckArgs) -> anyhow::Result<Outcome> {
    let (reports, mail) = check_all(
        &args.paths,
        args.framework.as_deref(),
        args.no_isolation,
        args.previous.previous.as_deref(),
    )?;
    let mut stdout = std::io::stdout().lock();
    match args.format {
        OutputFormat::Json => {
            writeln!(stdout, "{}", with_mail(diagnostics::json(&reports), &mail))?
        }
        OutputFormat::Human => {
            let paint = paint(args.color);
            for r in &reports {
                writeln!(stdout, "{}", console::human(r, paint, !args.no_notes))?;
            }
            print_mail(&mut stdout, &mail)?;
            if reports.len() > 1 {
                writeln!(stdout, "{}", console::summary(&reports))?;
            }
        }
    }
    Ok(outcome(&reports))
}

/// Scores every workbook and prints the score tables.
pub(super) fn score(args: ScoreArgs) -> anyhow::Result<Outcome> {
    let (reports, mail) = check_all(
        &args.paths,
        args.framework.as_deref(),
        args.no_isolation,
        args.previous.previous.as_deref(),
    )?;
    let mut stdout = std::io::stdout().lock();
    match args.format {
        OutputFormat::Json => writeln!(
            stdout,
            "{}",
            with_mail(diagnostics::score_json(&reports), &mail)
        )?,
        OutputFormat::Human => {
            let paint = paint(args.color);
            for r in &reports {
                writeln!(stdout, "{}", console::score_table(r, paint))?;
            }
            print_mail(&mut stdout, &mail)?;
        }
    }
    Ok(outcome(&reports))
}

/// The findings about the mail given, one a line, as `run` prints them.
fn print_mail(out: &mut impl Write, mail: &[batch::MailFinding]) -> std::io::Result<()> {
    for f in mail {
        writeln!(out, "邮件问题：{}", console::mail_finding(f))?;
    }
    Ok(())
}

/// The JSON document with the mail findings added as `mail_findings`
/// (as in a run's summary.json), when there are any: a document without
/// mail stays as it was.
fn with_mail(doc: String, mail: &[batch::MailFinding]) -> String {
    if mail.is_empty() {
        return doc;
    }
    let Ok(serde_json::Value::Object(mut map)) = serde_json::from_str(&doc) else {
        return doc;
    };
    map.insert(
        "mail_findings".into(),
        serde_json::to_value(mail).unwrap_or_default(),
    );
    serde_json::to_string_pretty(&map).unwrap_or(doc)
}

/// Checks (and scores) every workbook named by `paths`, read by one worker
/// process in turn (or in this process with `no_isolation`). Saved mail
/// and `.zip` archives among them are opened as `run` opens them, their
/// workbooks saved in a temporary folder while they are checked.
fn check_all(
    paths: &[PathBuf],
    framework: Option<&str>,
    no_isolation: bool,
    previous: Option<&std::path::Path>,
) -> anyhow::Result<(Vec<FileReport>, Vec<batch::MailFinding>)> {
    for p in paths {
        if !p.exists() {
            anyhow::bail!("找不到文件或文件夹：{}", p.display());
        }
    }
    let config = load_config(None)?;
    let settings = settings(&config, framework, previous)?;
    let limits = Limits::default();
    let reader = Reader::new(&reading(no_isolation, &config));
    let saved = tempfile::tempdir()?;
    let opened = batch::open_inputs(&batch::discover::expand(paths), saved.path(), &limits)?;
    let reports = opened
        .files
        .iter()
        .map(|(p, name)| check::check_path_named(p, name, &settings, &limits, &reader))
        .collect();
    Ok((reports, opened.findings))
}
