//! The command line: parses arguments, runs one command, and says how it went
//! as an [`Outcome`] that `main` maps to the exit code.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use anyhow::Context as _;
use clap::{Parser, Subcommand, ValueEnum};

use jixiao::batch;
use jixiao::check::{FileReport, Status};
use jixiao::config::{self, Config};
use jixiao::ingest::guard::Limits;
use jixiao::ingest::isolate::{Reading, WorkerCommand};
use jixiao::output;
use jixiao::rules::framework::Frameworks;
use jixiao::rules::settings::Settings;

mod check;
mod console;
mod report;
mod run;
mod workbook;
pub mod zh;

use console::Paint;

/// 部门整体支出绩效自评：标准工作簿、逐格校验、精确计分与报告。
#[derive(Debug, Parser)]
#[command(name = "jixiao", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// 生成空白标准工作簿（部门整体支出绩效自评表；--kind project 为项目支出绩效自评表）。
    Template(workbook::TemplateArgs),
    /// 用 TOML 数据文件生成已填写的标准工作簿（见 docs/fields.md）。
    Fill(workbook::FillArgs),
    /// 逐格校验工作簿；参数可以是文件或文件夹。
    Check(check::CheckArgs),
    /// 计分：按评价框架计算各项指标、总分和等次，并与自评得分比较。
    Score(check::ScoreArgs),
    /// 为一个工作簿生成完成工作簿、自评报告（Markdown、HTML、公开版 HTML）和 diagnostics.json。
    Report(report::ReportArgs),
    /// 批量处理：为文件夹中的每个工作簿生成全部输出，并生成汇总（index.html、summary.xlsx、summary.json）。
    Run(run::RunArgs),
    /// 报告模板：把内置模板导出到文件夹，修改后用 --templates 使用。
    Templates {
        #[command(subcommand)]
        action: TemplatesAction,
    },
    /// 读取工作进程：由 check、run 自行启动，不供直接使用。
    #[command(name = "read-worker", hide = true)]
    ReadWorker,
}

#[derive(Debug, Subcommand)]
pub enum TemplatesAction {
    /// 把内置报告模板写到文件夹（不覆盖已有文件）。
    Eject {
        /// 目标文件夹
        dir: PathBuf,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Human,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// How a command ended; `main` turns it into the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Everything clean (exit 0).
    Clean,
    /// Some workbook has errors; outputs were still produced (exit 1).
    Findings,
}

/// The exit code of a command that failed: 3 when the outputs could not be
/// written (a full disk, no permission: the run itself failed), else 2 (a
/// usage or configuration error the user can correct).
pub fn failure_code(e: &anyhow::Error) -> u8 {
    let io = e.chain().any(|cause| {
        matches!(
            cause.downcast_ref::<batch::RunError>(),
            Some(
                batch::RunError::Io { .. }
                    | batch::RunError::Threads(_)
                    | batch::RunError::Output(output::OutputError::Io { .. })
            )
        ) || matches!(
            cause.downcast_ref::<output::OutputError>(),
            Some(output::OutputError::Io { .. })
        )
    });
    if io { 3 } else { 2 }
}

/// Whether the command failed only because the reader of its output
/// closed the pipe (`jixiao score … | head`).
pub fn closed_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// What a failed command says: its error and each cause it does not
/// already say, a file system error in Chinese (an error that names its
/// file system cause says it in its own words, so the cause is not said
/// again in English).
pub fn error_text(e: &anyhow::Error) -> String {
    let said =
        |cause: &(dyn std::error::Error + 'static)| match cause.downcast_ref::<std::io::Error>() {
            Some(io) => jixiao::contract::os::io_zh(io),
            None => cause.to_string(),
        };
    let mut chain = e.chain();
    let mut text = chain.next().map(said).unwrap_or_default();
    for cause in chain {
        let cause = said(cause);
        if !text.contains(&cause) {
            text.push('：');
            text.push_str(&cause);
        }
    }
    text
}

/// Runs a parsed command. `Err` is a usage or configuration problem (exit 2)
/// or outputs that cannot be written (exit 3, see [`failure_code`]);
/// internal failures are panics caught by `main` (exit 3).
pub fn run(cli: Cli) -> anyhow::Result<Outcome> {
    match cli.command {
        Command::Template(args) => workbook::template(args),
        Command::Fill(args) => workbook::fill(args),
        Command::Check(args) => check::check(args),
        Command::Score(args) => check::score(args),
        Command::Report(args) => report::report(args),
        Command::Run(args) => run::run(args),
        Command::Templates {
            action: TemplatesAction::Eject { dir },
        } => workbook::eject(dir),
        Command::ReadWorker => {
            jixiao::ingest::isolate::serve().context("读取工作进程出错")?;
            Ok(Outcome::Clean)
        }
    }
}

/// How files are read: by worker processes (this binary as
/// `read-worker`), unless `--no-isolation` or `isolation = false` in
/// `jixiao.toml` asks for this process; also this process when the binary
/// cannot name itself.
fn reading(no_isolation: bool, config: &Config) -> Reading {
    if no_isolation || config.isolation == Some(false) {
        return Reading::InProcess;
    }
    match std::env::current_exe() {
        Ok(program) => Reading::Isolated(WorkerCommand {
            program,
            args: vec!["read-worker".to_string()],
        }),
        Err(e) => {
            eprintln!("提示：找不到 jixiao 程序文件本身（{e}），工作簿改在本进程中读取");
            Reading::InProcess
        }
    }
}

/// The report formats and font folders `report` and `run` take.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct FormatArgs {
    /// 生成的报告格式，逗号分隔：md、html、docx、pdf；默认 jixiao.toml 的 formats，或本版能生成的全部格式（pdf 需要以 --features pdf 构建的 jixiao）
    #[arg(long, value_name = "LIST", value_delimiter = ',', value_parser = output::Format::parse)]
    pub(super) formats: Vec<output::Format>,
    /// 字体文件夹（可多次给出）：生成 PDF 和 Word 文档中的图时，先在其中找字体，再找系统字体
    #[arg(long = "font-dir", value_name = "DIR")]
    pub(super) font_dirs: Vec<PathBuf>,
}

/// The formats a run writes: the command line's, else `jixiao.toml`'s,
/// else every one this build writes. Asking for PDF from a build without
/// it, or on a machine without a Chinese font, is a usage error; PDF left
/// out of the defaults for want of a font is said on stderr.
fn formats(args: FormatArgs, config: &Config) -> anyhow::Result<output::Formats> {
    let mut dirs = args.font_dirs;
    dirs.extend(config.font_dirs.iter().cloned());
    let fonts = jixiao::report::document::Fonts::new(dirs);
    let explicit = if args.formats.is_empty() {
        config.formats.clone()
    } else {
        Some(args.formats)
    };
    let Some(chosen) = explicit else {
        let every = output::Formats::every_built(fonts);
        if every.has(output::Format::Pdf) && !every.fonts.has_chinese() {
            eprintln!(
                "提示：{}；本次不生成 PDF",
                jixiao::report::document::DocumentError::NoChineseFont
            );
            return Ok(every.without(output::Format::Pdf));
        }
        return Ok(every);
    };
    if let Some(missing) = chosen.iter().find(|f| !f.built()) {
        anyhow::bail!(
            "这个 jixiao 构建时未包含 {missing} 格式：请用 cargo build --release --features pdf 构建（见 README）"
        );
    }
    let formats = output::Formats::new(chosen, fonts);
    if formats.has(output::Format::Pdf) && !formats.fonts.has_chinese() {
        return Err(jixiao::report::document::DocumentError::NoChineseFont.into());
    }
    Ok(formats)
}

/// `jixiao.toml`: the file named, else the one in the current folder if
/// there is one, else no defaults.
fn load_config(explicit: Option<PathBuf>) -> anyhow::Result<Config> {
    Ok(match explicit {
        Some(path) => config::load(&path)?,
        None => {
            let default = PathBuf::from(config::FILE_NAME);
            if default.is_file() {
                config::load(&default)?
            } else {
                Config::default()
            }
        }
    })
}

/// The run's one settings value: the framework named on the command line,
/// else in `jixiao.toml`; the tolerance of `jixiao.toml`, else the default;
/// last year's submissions from `--previous`, else `jixiao.toml`'s
/// `previous`, read once here (how many were found is said on stderr).
fn settings(
    config: &Config,
    framework: Option<&str>,
    previous: Option<&Path>,
) -> anyhow::Result<Settings> {
    let scoring = frameworks(framework.or(config.framework.as_deref()))?;
    let settings = Settings::with_frameworks(scoring).with_tolerance(config.tolerance);
    let Some(folder) = previous.or(config.previous.as_deref()) else {
        return Ok(settings);
    };
    let reader = jixiao::ingest::isolate::Reader::new(&reading(false, config));
    let prior = jixiao::batch::previous::load(folder, &settings, &Limits::default(), &reader)?;
    eprintln!(
        "上年报送：在“{}”中读到 {} 个部门整体支出工作簿",
        folder.display(),
        prior.len()
    );
    Ok(settings.with_prior(Some(std::sync::Arc::new(prior))))
}

/// `--previous DIR`, for every command that checks a workbook.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct PreviousArgs {
    /// 上年报送：上年批处理的输出文件夹（或上年的工作簿所在文件夹）；按单位代码（无代码时按单位名称）对应，用于填入空白的上年数、对比上年和列出上年问题的整改情况（见 docs/batch.md）；默认 jixiao.toml 的 previous
    #[arg(long, value_name = "DIR")]
    pub(super) previous: Option<PathBuf>,
}

/// The built-in frameworks, plus `--framework ID|FILE` as the chosen one;
/// what a framework file should change is shown on stderr (提示).
fn frameworks(choice: Option<&str>) -> anyhow::Result<Frameworks> {
    let all = Frameworks::builtin().context("内置评价框架有误")?;
    match choice {
        None => Ok(all),
        Some(choice) => {
            let chosen = all
                .with_choice(choice)
                .with_context(|| format!("无法使用评价框架“{choice}”"))?;
            for note in chosen.notes() {
                eprintln!("提示：{note}");
            }
            Ok(chosen)
        }
    }
}

fn paint(color: ColorChoice) -> Paint {
    Paint {
        enabled: match color {
            ColorChoice::Always => {
                console_colours();
                true
            }
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::io::stdout().is_terminal()
                    && std::env::var_os("NO_COLOR").is_none()
                    && console_colours()
            }
        },
    }
}

/// Whether the console shows ANSI colours, after asking it to. A Windows
/// console shows them once told to (virtual terminal processing, Windows 10
/// and later); the classic console of Windows 10 is not told by default and
/// would print the escape codes as text (←[1;31m错误←[0m). Where it cannot
/// be told, the text goes plain.
#[cfg(windows)]
fn console_colours() -> bool {
    anstyle_query::windows::enable_ansi_colors().unwrap_or(false)
}

/// A Unix terminal shows ANSI colours as they are.
#[cfg(not(windows))]
fn console_colours() -> bool {
    true
}

fn outcome(reports: &[FileReport]) -> Outcome {
    if reports.iter().any(|r| r.status != Status::Passed) {
        Outcome::Findings
    } else {
        Outcome::Clean
    }
}

/// Writes a file atomically (see [`output::fs::write_atomic`]).
pub fn write_file(path: &std::path::Path, bytes: &[u8]) -> anyhow::Result<()> {
    Ok(output::fs::write_atomic(path, bytes)?)
}
