//! The `jixiao` binary: parse the command line, run, map the outcome to the
//! exit code (0 clean, 1 some workbook has errors, 2 usage or configuration
//! error, 3 internal failure or outputs that cannot be written).

use std::process::ExitCode;

use clap::FromArgMatches as _;
mod cmd;

use cmd::{Cli, Outcome};

/// jemalloc: a workbook allocates and frees many short strings, and glibc's
/// malloc spends about an eighth of a run on them (docs/performance.md).
#[cfg(unix)]
#[global_allocator]
static GLOBAL: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() -> ExitCode {
    let parsed = match cmd::zh::command()
        .try_get_matches()
        .and_then(|m| Cli::from_arg_matches(&m))
    {
        Ok(c) => c,
        Err(e) => {
            let text = cmd::zh::error_text(&e);
            if e.use_stderr() {
                eprint!("{text}");
            } else {
                use std::io::Write as _;
                // A reader gone early (`jixiao --help | head`) is no error.
                let _ = std::io::stdout().write_all(text.as_bytes());
            }
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    quiet_file_panics();
    match std::panic::catch_unwind(|| cmd::run(parsed)) {
        Ok(Ok(Outcome::Clean)) => ExitCode::SUCCESS,
        Ok(Ok(Outcome::Findings)) => ExitCode::from(1),
        // The reader of the output went away (`jixiao score … | head`):
        // what it read was all it wanted, so the command ends quietly.
        Ok(Err(e)) if cmd::closed_pipe(&e) => ExitCode::SUCCESS,
        Ok(Err(e)) => {
            eprintln!("错误：{}", cmd::error_text(&e));
            ExitCode::from(cmd::failure_code(&e))
        }
        Err(_) => {
            eprintln!("内部错误：jixiao 意外中止，请将输入文件和以上信息反馈给维护人员");
            ExitCode::from(3)
        }
    }
}

/// A panic inside one file's isolated work is that file's `FILE-INTERNAL`
/// finding, which names the file and asks for a report: the default hook's
/// message and backtrace would only alarm the user, so nothing is printed
/// there. Any other panic is printed as before.
fn quiet_file_panics() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !jixiao::check::in_file_work() {
            default(info);
        }
    }));
}
