//! `jixiao run`: the batch over a folder, with `jixiao.toml`'s defaults
//! under the command line's choices.

use std::path::PathBuf;

use clap::Args;
use jixiao::batch::{self, RunOptions};
use jixiao::ingest::guard::Limits;
use jixiao::report::render::Templates;

use super::console;
use super::{FormatArgs, Outcome, PreviousArgs, formats, load_config, reading, settings};

#[derive(Debug, Args)]
pub struct RunArgs {
    /// 输入文件夹；默认 jixiao.toml 的 input，或 input/
    pub(super) input: Option<PathBuf>,
    /// 输出文件夹；默认 jixiao.toml 的 output，或 output/
    #[arg(short, long, value_name = "DIR")]
    pub(super) output: Option<PathBuf>,
    /// 并行处理的线程数；默认每个 CPU 核一个
    #[arg(long, value_name = "N")]
    pub(super) jobs: Option<usize>,
    /// 应报送名单（CSV 或工作簿：第一列或“单位名称”列，可加“项目名称”列），用于列出未报送的单位和项目
    #[arg(long, value_name = "FILE")]
    pub(super) roster: Option<PathBuf>,
    /// 全部重新处理，不跳过未变化的工作簿
    #[arg(long)]
    pub(super) force: bool,
    /// 不显示进度和结果摘要
    #[arg(long)]
    pub(super) quiet: bool,
    /// 评价框架：内置 id 或 TOML 文件路径；默认按工作簿所选
    #[arg(long, value_name = "ID|FILE")]
    pub(super) framework: Option<String>,
    /// 报告模板文件夹（见 docs/templates.md）
    #[arg(long, value_name = "DIR")]
    pub(super) templates: Option<PathBuf>,
    /// 不生成公开版报告 report.public.html
    #[arg(long)]
    pub(super) no_public: bool,
    /// 自评表有错误时仍生成完整的公开版报告（默认只生成“暂不公开”的说明页）
    #[arg(long)]
    pub(super) public_despite_errors: bool,
    /// 在本进程中读取工作簿，不用单独的读取进程（某个文件使读取中止时，整批随之中止）；也可在 jixiao.toml 中写 isolation = false
    #[arg(long)]
    pub(super) no_isolation: bool,
    /// 配置文件；默认当前文件夹中的 jixiao.toml（如有）
    #[arg(long, value_name = "FILE")]
    pub(super) config: Option<PathBuf>,
    #[command(flatten)]
    pub(super) formats: FormatArgs,
    #[command(flatten)]
    pub(super) previous: PreviousArgs,
}

/// Runs the batch and prints its summary.
pub(super) fn run(args: RunArgs) -> anyhow::Result<Outcome> {
    let config = load_config(args.config)?;
    let settings = settings(
        &config,
        args.framework.as_deref(),
        args.previous.previous.as_deref(),
    )?;
    let templates = Templates::load(args.templates.as_deref().or(config.templates.as_deref()))?;
    let reading = reading(args.no_isolation, &config);
    let formats = formats(args.formats, &config)?;
    let opts = RunOptions {
        input: args
            .input
            .or(config.input)
            .unwrap_or_else(|| PathBuf::from("input")),
        output: args
            .output
            .or(config.output)
            .unwrap_or_else(|| PathBuf::from("output")),
        jobs: args.jobs.or(config.jobs).unwrap_or(0),
        roster: args.roster.or(config.roster),
        force: args.force,
        public: !args.no_public && config.public.unwrap_or(true),
        public_despite_errors: args.public_despite_errors
            || config.public_despite_errors.unwrap_or(false),
        progress: !args.quiet,
        settings,
        templates,
        limits: Limits::default(),
        reading,
        formats,
    };
    let result = batch::run(&opts)?;
    if !args.quiet {
        use std::io::Write as _;
        writeln!(
            std::io::stdout(),
            "{}",
            console::run_summary(&result, &opts.output)
        )?;
        for warning in &result.look_alike {
            eprintln!("注意：{}", warning.message);
        }
        for finding in &result.mail_findings {
            eprintln!("邮件问题：{}", console::mail_finding(finding));
        }
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
