//! The command line in Chinese: clap writes its help headings, its own
//! flags and its parse errors in English, so the command is given Chinese
//! headings and help and version flags of its own, and a parse error is
//! said again in Chinese from the error's kind and context.

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, Command, CommandFactory as _};

/// The help page's layout: clap's, with its one English word replaced.
const TEMPLATE: &str = "{before-help}{about-with-newline}\n用法：{usage}\n\n{all-args}{after-help}";

/// The parser of `jixiao`, every command with Chinese headings.
pub fn command() -> Command {
    localize(super::Cli::command(), true)
}

/// One command and, in turn, its subcommands: headings 参数 / 选项 / 命令,
/// `-h` (and at the top `-V`) said in Chinese, no `help` subcommand.
fn localize(cmd: Command, top: bool) -> Command {
    let args: Vec<(clap::Id, bool)> = cmd
        .get_arguments()
        .map(|a| (a.get_id().clone(), a.is_positional()))
        .collect();
    let subcommands: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    let mut cmd = cmd
        .help_template(TEMPLATE)
        .subcommand_help_heading("命令")
        .subcommand_value_name("命令")
        .disable_help_flag(true)
        .disable_help_subcommand(true);
    for (id, positional) in args {
        cmd = cmd.mut_arg(id, |a| {
            a.help_heading(if positional { "参数" } else { "选项" })
        });
    }
    cmd = cmd.arg(
        Arg::new("help")
            .short('h')
            .long("help")
            .action(ArgAction::Help)
            .help("显示帮助")
            .help_heading("选项"),
    );
    if top {
        cmd = cmd.disable_version_flag(true).arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("显示版本")
                .help_heading("选项"),
        );
    }
    for name in subcommands {
        cmd = cmd.mut_subcommand(name, |s| localize(s, false));
    }
    cmd
}

/// clap's words that remain in a usage line.
fn usage_zh(s: &str) -> String {
    s.replace("[OPTIONS]", "[选项]")
        .replace("<COMMAND>", "<命令>")
        .replace("Usage: ", "")
        .replace("参数:\n", "参数：\n")
        .replace("选项:\n", "选项：\n")
        .replace("命令:\n", "命令：\n")
}

/// What a parse error says, in Chinese: the help or version text as
/// asked, or what is wrong, the usage and where to find more. The flags
/// and values quoted are the user's own.
pub fn error_text(e: &clap::Error) -> String {
    match e.kind() {
        ErrorKind::DisplayHelp
        | ErrorKind::DisplayVersion
        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            return usage_zh(&e.render().to_string());
        }
        _ => {}
    }
    let text = |kind| match e.get(kind) {
        Some(ContextValue::String(s)) => Some(s.clone()),
        Some(ContextValue::Strings(v)) => Some(v.join("、")),
        Some(ContextValue::StyledStr(s)) => Some(s.to_string()),
        Some(ContextValue::StyledStrs(v)) => Some(
            v.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join("、"),
        ),
        Some(ContextValue::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    let arg = text(ContextKind::InvalidArg).unwrap_or_default();
    let value = text(ContextKind::InvalidValue).unwrap_or_default();
    let mut message = match e.kind() {
        ErrorKind::InvalidValue if value.is_empty() => format!("{arg} 需要一个值"),
        ErrorKind::InvalidValue => format!("{arg} 的值“{value}”无效"),
        ErrorKind::ValueValidation => {
            // A number's own parse error is the standard library's, in
            // English; jixiao's value parsers already speak Chinese.
            let why = std::error::Error::source(e)
                .map(|s| match s.downcast_ref::<std::num::ParseIntError>() {
                    Some(_) => "：应为整数".to_string(),
                    None => format!("：{s}"),
                })
                .unwrap_or_default();
            format!("{arg} 的值“{value}”无效{why}")
        }
        ErrorKind::UnknownArgument => format!("无法识别的参数“{arg}”"),
        ErrorKind::InvalidSubcommand => format!(
            "无法识别的命令“{}”",
            text(ContextKind::InvalidSubcommand).unwrap_or_default()
        ),
        ErrorKind::NoEquals => format!("{arg} 的值要用“=”紧接着写"),
        ErrorKind::TooManyValues => format!("{arg} 多给了值“{value}”"),
        ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            format!("{arg} 的值的个数不对")
        }
        ErrorKind::ArgumentConflict => match text(ContextKind::PriorArg) {
            Some(prior) => format!("{arg} 不能与 {prior} 同时使用"),
            None => format!("{arg} 不能与其他参数同时使用"),
        },
        ErrorKind::MissingRequiredArgument => format!("缺少必须给出的参数：{arg}"),
        ErrorKind::MissingSubcommand => "缺少命令".to_string(),
        ErrorKind::InvalidUtf8 => "参数中有不是 UTF-8 的文字".to_string(),
        _ => "命令行参数有误".to_string(),
    };
    if let Some(valid) = text(ContextKind::ValidValue) {
        message.push_str(&format!("；可选的值：{valid}"));
    }
    if let Some(suggested) = text(ContextKind::SuggestedArg) {
        message.push_str(&format!("；是否要用 {suggested}？"));
    }
    if let Some(suggested) = text(ContextKind::SuggestedSubcommand) {
        message.push_str(&format!("；是否要用命令 {suggested}？"));
    }
    let mut out = format!("错误：{message}\n");
    if let Some(usage) = text(ContextKind::Usage) {
        out.push_str(&format!("\n用法：{}\n", usage_zh(usage.trim())));
    }
    out.push_str("\n更多信息请用 --help 查看。\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error_of(args: &[&str]) -> clap::Error {
        match command().try_get_matches_from(args) {
            Ok(_) => panic!("{args:?} parsed"),
            Err(e) => e,
        }
    }

    #[test]
    fn the_command_is_valid() {
        command().debug_assert();
    }

    #[test]
    fn help_is_in_chinese() {
        let help = error_text(&error_of(&["jixiao", "--help"]));
        for word in ["用法：", "命令：", "选项：", "显示帮助", "显示版本"] {
            assert!(help.contains(word), "{word}: {help}");
        }
        for word in ["Usage", "Commands", "Options", "Print"] {
            assert!(!help.contains(word), "{word}: {help}");
        }
        let help = error_text(&error_of(&["jixiao", "check", "--help"]));
        assert!(
            help.contains("参数：") && help.contains("--no-notes"),
            "{help}"
        );
        assert!(help.contains("jixiao check [选项]"), "{help}");
        assert!(
            !help.contains("Arguments") && !help.contains("Print"),
            "{help}"
        );
    }

    #[test]
    fn errors_are_in_chinese_and_keep_the_users_words() {
        let unknown = error_text(&error_of(&["jixiao", "check", "--nope", "a.xlsx"]));
        assert!(
            unknown.starts_with("错误：无法识别的参数“--nope”"),
            "{unknown}"
        );
        assert!(
            unknown.contains("用法：") && !unknown.contains("Usage"),
            "{unknown}"
        );
        let command = error_text(&error_of(&["jixiao", "chek"]));
        assert!(command.contains("无法识别的命令“chek”"), "{command}");
        assert!(command.contains("check"), "{command}");
        let value = error_text(&error_of(&["jixiao", "check", "--format", "xml", "a"]));
        assert!(value.contains("--format <FORMAT> 的值“xml”无效"), "{value}");
        assert!(value.contains("human、json"), "{value}");
        let number = error_text(&error_of(&["jixiao", "run", "--jobs", "x"]));
        assert!(
            number.contains("--jobs <N> 的值“x”无效：应为整数"),
            "{number}"
        );
        let missing = error_text(&error_of(&["jixiao", "check"]));
        assert!(missing.contains("缺少必须给出的参数"), "{missing}");
        for e in [unknown, command, value, number, missing] {
            assert!(!e.contains("error:") && !e.contains("tip:"), "{e}");
        }
    }
}
