//! `jixiao template`, `jixiao fill` and `jixiao templates eject`: the files
//! a department starts from, and the report templates a finance office edits.

use std::path::PathBuf;

use anyhow::Context as _;
use clap::{Args, ValueEnum};
use jixiao::report::render;
use jixiao::workbook::fill;
use jixiao::workbook::inputs::Inputs;
use jixiao::workbook::options::TemplateOptions;
use jixiao::workbook::{project, template};

use super::{Outcome, PreviousArgs, frameworks, load_config, settings, write_file};

/// Which workbook to write.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, ValueEnum)]
pub enum KindArg {
    /// 部门整体支出绩效自评表
    #[default]
    Department,
    /// 项目支出绩效自评表（一个项目一个工作簿）
    Project,
}

impl KindArg {
    fn default_file(self) -> &'static str {
        match self {
            KindArg::Department => "部门整体支出绩效自评表.xlsx",
            KindArg::Project => "项目支出绩效自评表.xlsx",
        }
    }
}

#[derive(Debug, Args)]
pub struct TemplateArgs {
    /// 工作簿类型：department（部门整体支出）或 project（项目支出）
    #[arg(long, value_enum, default_value_t = KindArg::Department)]
    pub(super) kind: KindArg,
    /// 输出文件；默认“部门整体支出绩效自评表.xlsx”或“项目支出绩效自评表.xlsx”
    #[arg(short, long)]
    pub(super) output: Option<PathBuf>,
    /// 评分表所用的评价框架：内置 id 或 TOML 文件路径；默认 national
    #[arg(long, value_name = "ID|FILE")]
    pub(super) framework: Option<String>,
}

#[derive(Debug, Args)]
pub struct FillArgs {
    /// TOML 数据文件
    pub(super) source: PathBuf,
    /// 输出文件
    #[arg(short, long)]
    pub(super) output: PathBuf,
    /// 工作簿类型：department（部门整体支出）或 project（项目支出）
    #[arg(long, value_enum, default_value_t = KindArg::Department)]
    pub(super) kind: KindArg,
    /// 数据文件有多个项目时，要生成的项目名称（仅 --kind project）
    #[arg(long, value_name = "NAME")]
    pub(super) project: Option<String>,
    /// 评分表所用的评价框架：内置 id 或 TOML 文件路径；默认按数据文件所选
    #[arg(long, value_name = "ID|FILE")]
    pub(super) framework: Option<String>,
    #[command(flatten)]
    pub(super) previous: PreviousArgs,
}

/// A blank standard workbook.
pub(super) fn template(args: TemplateArgs) -> anyhow::Result<Outcome> {
    let opts = TemplateOptions {
        frameworks: frameworks(args.framework.as_deref())?,
        ..TemplateOptions::default()
    };
    let bytes = match args.kind {
        KindArg::Department => template::build(&Inputs::default(), &opts),
        KindArg::Project => project::build(&Inputs::default(), &opts),
    }
    .context("生成模板失败")?;
    let output = args
        .output
        .unwrap_or_else(|| PathBuf::from(args.kind.default_file()));
    write_file(&output, &bytes)?;
    eprintln!("已生成空白模板：{}", output.display());
    Ok(Outcome::Clean)
}

/// A workbook filled from a readable TOML source.
pub(super) fn fill(args: FillArgs) -> anyhow::Result<Outcome> {
    if args.project.is_some() && args.kind != KindArg::Project {
        anyhow::bail!("--project 只用于 --kind project（项目支出绩效自评表）");
    }
    let inputs = fill::read_source(&args.source)?;
    let opts = TemplateOptions {
        frameworks: frameworks(args.framework.as_deref())?,
        ..TemplateOptions::default()
    };
    // Last year's submission (`--previous`, or jixiao.toml's `previous`)
    // fills a department workbook's blanks.
    let prior = match args.kind {
        KindArg::Department => {
            let config = load_config(None)?;
            let previous = args.previous.previous.as_deref();
            (previous.is_some() || config.previous.is_some())
                .then(|| settings(&config, None, previous))
                .transpose()?
        }
        KindArg::Project => None,
    };
    let bytes = match (args.kind, prior) {
        (KindArg::Department, Some(settings)) => {
            let (bytes, used) = fill::department_with_prior(&inputs, &opts, &settings)
                .with_context(|| format!("生成 {} 失败", args.output.display()))?;
            match used {
                Some(used) => eprintln!(
                    "已按上年报送“{}”填入 {} 处空白（上年数和上年问题）",
                    used.last.source,
                    used.taken.len()
                ),
                None => eprintln!("提示：上年报送中没有这个单位的部门整体工作簿，未填入上年数"),
            }
            Ok(bytes)
        }
        (KindArg::Department, None) => template::build(&inputs, &opts),
        (KindArg::Project, _) => {
            let source = fill::for_project(
                inputs,
                args.project.as_deref(),
                &args.source.display().to_string(),
            )?;
            if !source.ignored.is_empty() {
                eprintln!(
                    "提示：项目支出绩效自评表没有以下字段和表格，已忽略：{}",
                    source.ignored.join("、")
                );
            }
            project::build(&source.inputs, &opts)
        }
    }
    .with_context(|| format!("生成 {} 失败", args.output.display()))?;
    write_file(&args.output, &bytes)?;
    eprintln!("已生成：{}", args.output.display());
    Ok(Outcome::Clean)
}

/// The built-in report templates, written to `dir` for editing.
pub(super) fn eject(dir: PathBuf) -> anyhow::Result<Outcome> {
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
