//! The command line: parses arguments, runs one command, and says how it went
//! as an [`Outcome`] that `main` maps to the exit code.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use anyhow::Context as _;
use clap::{Parser, Subcommand, ValueEnum};

use jixiao::batch::{self, RunOptions};
use jixiao::check::{self, FileReport, Status, diagnostics};
use jixiao::config::{self, Config};
mod console;

use console::Paint;
use jixiao::ingest::guard::Limits;
use jixiao::output;
use jixiao::report::render::{self, Templates};
use jixiao::rules::framework::Frameworks;
use jixiao::rules::settings::Settings;
use jixiao::workbook::fill;
use jixiao::workbook::inputs::Inputs;
use jixiao::workbook::options::TemplateOptions;
use jixiao::workbook::template;

/// 部门整体支出绩效自评：标准工作簿、逐格校验、精确计分与报告。
#[derive(Debug, Parser)]
#[command(name = "jixiao", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// 生成空白标准工作簿（部门整体支出绩效自评表）。
    Template {
        /// 输出文件
        #[arg(short, long, default_value = "部门整体支出绩效自评表.xlsx")]
        output: PathBuf,
        /// 评分表所用的评价框架：内置 id 或 TOML 文件路径；默认 national
        #[arg(long, value_name = "ID|FILE")]
        framework: Option<String>,
    },
    /// 用 TOML 数据文件生成已填写的标准工作簿（见 docs/fields.md）。
    Fill {
        /// TOML 数据文件
        source: PathBuf,
        /// 输出文件
        #[arg(short, long)]
        output: PathBuf,
        /// 评分表所用的评价框架：内置 id 或 TOML 文件路径；默认按数据文件所选
        #[arg(long, value_name = "ID|FILE")]
        framework: Option<String>,
    },
    /// 逐格校验工作簿；参数可以是文件或文件夹。
    Check {
        /// 工作簿文件或文件夹
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// 输出格式
        #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
        format: OutputFormat,
        /// 颜色
        #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
        color: ColorChoice,
        /// 不显示“提示”级别（自动转换等）
        #[arg(long)]
        no_notes: bool,
        /// 评价框架：内置 id（national、yueyang-2015）或 TOML 文件路径；默认按工作簿所选
        #[arg(long, value_name = "ID|FILE")]
        framework: Option<String>,
    },
    /// 计分：按评价框架计算各项指标、总分和等次，并与自评得分比较。
    Score {
        /// 工作簿文件或文件夹
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// 评价框架：内置 id（national、yueyang-2015）或 TOML 文件路径；默认按工作簿所选
        #[arg(long, value_name = "ID|FILE")]
        framework: Option<String>,
        /// 输出格式
        #[arg(long, value_enum, default_value_t = OutputFormat::Human)]
        format: OutputFormat,
        /// 颜色
        #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
        color: ColorChoice,
    },
    /// 为一个工作簿生成完成工作簿、自评报告（Markdown、HTML、公开版 HTML）和 diagnostics.json。
    Report {
        /// 工作簿文件
        file: PathBuf,
        /// 输出文件夹；默认 output/<文件名>
        #[arg(short, long, value_name = "DIR")]
        output: Option<PathBuf>,
        /// 报告模板文件夹：其中与内置模板同名的文件替换内置模板（见 docs/templates.md）
        #[arg(long, value_name = "DIR")]
        templates: Option<PathBuf>,
        /// 评价框架：内置 id 或 TOML 文件路径；默认按工作簿所选
        #[arg(long, value_name = "ID|FILE")]
        framework: Option<String>,
    },
    /// 批量处理：为文件夹中的每个工作簿生成全部输出，并生成汇总（index.html、summary.xlsx、summary.json）。
    Run {
        /// 输入文件夹；默认 jixiao.toml 的 input，或 input/
        input: Option<PathBuf>,
        /// 输出文件夹；默认 jixiao.toml 的 output，或 output/
        #[arg(short, long, value_name = "DIR")]
        output: Option<PathBuf>,
        /// 并行处理的线程数；默认每个 CPU 核一个
        #[arg(long, value_name = "N")]
        jobs: Option<usize>,
        /// 应报送单位名单（CSV 或工作簿，第一列或“单位名称”列），用于列出未报送的单位
        #[arg(long, value_name = "FILE")]
        roster: Option<PathBuf>,
        /// 全部重新处理，不跳过未变化的工作簿
        #[arg(long)]
        force: bool,
        /// 不显示进度和结果摘要
        #[arg(long)]
        quiet: bool,
        /// 评价框架：内置 id 或 TOML 文件路径；默认按工作簿所选
        #[arg(long, value_name = "ID|FILE")]
        framework: Option<String>,
        /// 报告模板文件夹（见 docs/templates.md）
        #[arg(long, value_name = "DIR")]
        templates: Option<PathBuf>,
        /// 不生成公开版报告 report.public.html
        #[arg(long)]
        no_public: bool,
        /// 配置文件；默认当前文件夹中的 jixiao.toml（如有）
        #[arg(long, value_name = "FILE")]
        config: Option<PathBuf>,
    },
    /// 报告模板：把内置模板导出到文件夹，修改后用 --templates 使用。
    Templates {
        #[command(subcommand)]
        action: TemplatesAction,
    },
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

/// Runs a parsed command. `Err` is a usage or configuration problem (exit 2)
/// or outputs that cannot be written (exit 3, see [`failure_code`]);
/// internal failures are panics caught by `main` (exit 3).
pub fn run(cli: Cli) -> anyhow::Result<Outcome> {
    match cli.command {
        Command::Template { output, framework } => {
            let opts = TemplateOptions {
                frameworks: frameworks(framework.as_deref())?,
                ..TemplateOptions::default()
            };
            let bytes = template::build(&Inputs::default(), &opts).context("生成模板失败")?;
            write_file(&output, &bytes)?;
            eprintln!("已生成空白模板：{}", output.display());
            Ok(Outcome::Clean)
        }
        Command::Fill {
            source,
            output,
            framework,
        } => {
            let inputs = fill::read_source(&source)?;
            let opts = TemplateOptions {
                frameworks: frameworks(framework.as_deref())?,
                ..TemplateOptions::default()
            };
            let bytes = template::build(&inputs, &opts)
                .with_context(|| format!("生成 {} 失败", output.display()))?;
            write_file(&output, &bytes)?;
            eprintln!("已生成：{}", output.display());
            Ok(Outcome::Clean)
        }
        Command::Check {
            paths,
            format,
            color,
            no_notes,
            framework,
        } => {
            let reports = check_all(&paths, framework.as_deref())?;
            let mut stdout = std::io::stdout().lock();
            match format {
                OutputFormat::Json => writeln!(stdout, "{}", diagnostics::json(&reports))?,
                OutputFormat::Human => {
                    let paint = paint(color);
                    for r in &reports {
                        writeln!(stdout, "{}", console::human(r, paint, !no_notes))?;
                    }
                    if reports.len() > 1 {
                        writeln!(stdout, "{}", console::summary(&reports))?;
                    }
                }
            }
            Ok(outcome(&reports))
        }
        Command::Score {
            paths,
            framework,
            format,
            color,
        } => {
            let reports = check_all(&paths, framework.as_deref())?;
            let mut stdout = std::io::stdout().lock();
            match format {
                OutputFormat::Json => writeln!(stdout, "{}", diagnostics::score_json(&reports))?,
                OutputFormat::Human => {
                    let paint = paint(color);
                    for r in &reports {
                        writeln!(stdout, "{}", console::score_table(r, paint))?;
                    }
                }
            }
            Ok(outcome(&reports))
        }
        Command::Report {
            file,
            output,
            templates,
            framework,
        } => {
            if !file.is_file() {
                anyhow::bail!("找不到文件：{}", file.display());
            }
            let config = load_config(None)?;
            let settings = settings(&config, framework.as_deref())?;
            let templates = Templates::load(templates.as_deref().or(config.templates.as_deref()))?;
            let report = check::check_path(&file, &settings, &Limits::default());
            let dir = output.unwrap_or_else(|| {
                let stem = file.file_stem().map_or_else(
                    || "report".to_string(),
                    |s| s.to_string_lossy().into_owned(),
                );
                PathBuf::from("output").join(stem)
            });
            let rendered = output::render_all(&report, &settings.scoring, &templates)?;
            let written = output::write_rendered(&dir, &rendered)?;
            let mut stdout = std::io::stdout().lock();
            writeln!(
                stdout,
                "{}",
                console::human(&report, paint(ColorChoice::Auto), false)
            )?;
            for path in written {
                writeln!(stdout, "已写入 {}", path.display())?;
            }
            Ok(outcome(&[report]))
        }
        Command::Run {
            input,
            output,
            jobs,
            roster,
            force,
            quiet,
            framework,
            templates,
            no_public,
            config,
        } => {
            let config = load_config(config)?;
            let settings = settings(&config, framework.as_deref())?;
            let templates = Templates::load(templates.as_deref().or(config.templates.as_deref()))?;
            let opts = RunOptions {
                input: input
                    .or(config.input)
                    .unwrap_or_else(|| PathBuf::from("input")),
                output: output
                    .or(config.output)
                    .unwrap_or_else(|| PathBuf::from("output")),
                jobs: jobs.or(config.jobs).unwrap_or(0),
                roster: roster.or(config.roster),
                force,
                public: !no_public && config.public.unwrap_or(true),
                progress: !quiet,
                settings,
                templates,
                limits: Limits::default(),
            };
            let result = batch::run(&opts)?;
            if !quiet {
                println!("{}", console::run_summary(&result, &opts.output));
            }
            if result.has_output_errors() {
                anyhow::bail!("部分工作簿的报告未能生成（见汇总中的说明），请检查报告模板");
            }
            Ok(if result.has_problems() {
                Outcome::Findings
            } else {
                Outcome::Clean
            })
        }
        Command::Templates {
            action: TemplatesAction::Eject { dir },
        } => {
            let written =
                render::eject(&dir).with_context(|| format!("无法导出模板到 {}", dir.display()))?;
            eprintln!(
                "已导出 {} 个模板到 {}；修改后用 --templates {} 使用",
                written.len(),
                dir.display(),
                dir.display()
            );
            Ok(Outcome::Clean)
        }
    }
}

/// Checks (and scores) every workbook named by `paths`.
fn check_all(paths: &[PathBuf], framework: Option<&str>) -> anyhow::Result<Vec<FileReport>> {
    for p in paths {
        if !p.exists() {
            anyhow::bail!("找不到文件或文件夹：{}", p.display());
        }
    }
    let settings = settings(&load_config(None)?, framework)?;
    let limits = Limits::default();
    Ok(batch::discover::expand(paths)
        .iter()
        .map(|p| check::check_path(p, &settings, &limits))
        .collect())
}

/// The built-in frameworks, plus `--framework ID|FILE` as the chosen one.
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
/// else in `jixiao.toml`; the tolerance of `jixiao.toml`, else the default.
fn settings(config: &Config, framework: Option<&str>) -> anyhow::Result<Settings> {
    let scoring = frameworks(framework.or(config.framework.as_deref()))?;
    Ok(Settings::with_frameworks(scoring).with_tolerance(config.tolerance))
}

fn frameworks(choice: Option<&str>) -> anyhow::Result<Frameworks> {
    let all = Frameworks::builtin().context("内置评价框架有误")?;
    match choice {
        None => Ok(all),
        Some(choice) => all
            .with_choice(choice)
            .with_context(|| format!("无法使用评价框架“{choice}”")),
    }
}

fn paint(color: ColorChoice) -> Paint {
    Paint {
        enabled: match color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => {
                std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
            }
        },
    }
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
