//! `jixiao template`, `jixiao fill` and `jixiao templates eject`: the files
//! a department starts from, and the report templates a finance office edits.

use std::path::PathBuf;

use anyhow::Context as _;
use clap::Args;
use jixiao::report::render;
use jixiao::workbook::fill;
use jixiao::workbook::inputs::Inputs;
use jixiao::workbook::options::TemplateOptions;
use jixiao::workbook::template;

use super::{Outcome, frameworks, write_file};

#[derive(Debug, Args)]
pub struct TemplateArgs {
    /// 输出文件
    #[arg(short, long, default_value = "部门整体支出绩效自评表.xlsx")]
    pub(super) output: PathBuf,
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
    /// 评分表所用的评价框架：内置 id 或 TOML 文件路径；默认按数据文件所选
    #[arg(long, value_name = "ID|FILE")]
    pub(super) framework: Option<String>,
}

/// A blank standard workbook.
pub(super) fn template(args: TemplateArgs) -> anyhow::Result<Outcome> {
    let opts = TemplateOptions {
        frameworks: frameworks(args.framework.as_deref())?,
        ..TemplateOptions::default()
    };
    let bytes = template::build(&Inputs::default(), &opts).context("生成模板失败")?;
    write_file(&args.output, &bytes)?;
    eprintln!("已生成空白模板：{}", args.output.display());
    Ok(Outcome::Clean)
}

/// A workbook filled from a readable TOML source.
pub(super) fn fill(args: FillArgs) -> anyhow::Result<Outcome> {
    let inputs = fill::read_source(&args.source)?;
    let opts = TemplateOptions {
        frameworks: frameworks(args.framework.as_deref())?,
        ..TemplateOptions::default()
    };
    let bytes = template::build(&inputs, &opts)
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
