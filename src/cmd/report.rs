//! `jixiao report`: one workbook's outputs in one folder.

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::Args;
use jixiao::batch::names::folder_name;
use jixiao::check;
use jixiao::ingest::guard::Limits;
use jixiao::output;
use jixiao::report::render::Templates;

use super::console;
use super::{
    ColorChoice, FormatArgs, Outcome, PreviousArgs, formats, load_config, outcome, paint, settings,
};

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// 工作簿文件
    pub(super) file: PathBuf,
    /// 输出文件夹；默认 output/<文件名>（文件名去掉扩展名，按批处理的规则转为安全的文件夹名）
    #[arg(short, long, value_name = "DIR")]
    pub(super) output: Option<PathBuf>,
    /// 报告模板文件夹：其中与内置模板同名的文件替换内置模板（见 docs/templates.md）
    #[arg(long, value_name = "DIR")]
    pub(super) templates: Option<PathBuf>,
    /// 评价框架：内置 id 或 TOML 文件路径；默认按工作簿所选
    #[arg(long, value_name = "ID|FILE")]
    pub(super) framework: Option<String>,
    /// 自评表有错误时仍生成完整的公开版报告（默认只生成“暂不公开”的说明页）
    #[arg(long)]
    pub(super) public_despite_errors: bool,
    #[command(flatten)]
    pub(super) formats: FormatArgs,
    #[command(flatten)]
    pub(super) previous: PreviousArgs,
}

/// Checks the workbook, renders every output and writes them.
pub(super) fn report(args: ReportArgs) -> anyhow::Result<Outcome> {
    let file = args.file;
    if !file.is_file() {
        anyhow::bail!("找不到文件：{}", file.display());
    }
    let config = load_config(None)?;
    let settings = settings(
        &config,
        args.framework.as_deref(),
        args.previous.previous.as_deref(),
    )?;
    let templates = Templates::load(args.templates.as_deref().or(config.templates.as_deref()))?;
    let formats = formats(args.formats, &config)?;
    let mut report = check::check_path(&file, &settings, &Limits::default());
    let dir = args.output.unwrap_or_else(|| default_folder(&file));
    let public = output::Public::of(
        true,
        args.public_despite_errors || config.public_despite_errors.unwrap_or(false),
    );
    // A panic while rendering or writing is the file's own finding, like
    // one while checking it: the diagnostics, which say so, are written.
    let written = match check::render_isolated(&mut report, |report| {
        let rendered = output::render_all(report, &settings.scoring, &templates, public, &formats)?;
        output::fs::write_marked(&dir, &rendered.files)
    }) {
        Some(written) => written?,
        None => {
            let diagnostics = check::diagnostics::json(std::slice::from_ref(&report));
            output::fs::write_marked(&dir, &[(output::DIAGNOSTICS, diagnostics.into_bytes())])?
        }
    };
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

/// The folder `report` writes to without `-o`: `output/` and the file's
/// name without its extension made a safe folder name (never `.` or `..`,
/// nothing that leaves `output/`).
fn default_folder(file: &Path) -> PathBuf {
    let stem = file.file_stem().map_or_else(
        || "report".to_string(),
        |s| s.to_string_lossy().into_owned(),
    );
    PathBuf::from("output").join(folder_name(&stem).0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_folder_stays_under_output() {
        for (file, folder) in [
            ("input/junshan-2022.xlsx", "output/junshan-2022"),
            ("...xlsx", "output/__"),
            ("..xlsx", "output/_"),
            ("a/../../b.xlsx", "output/b"),
            ("\u{202E}x.xlsx", "output/_x"),
        ] {
            assert_eq!(default_folder(Path::new(file)), Path::new(folder), "{file}");
        }
    }
}
