//! Reading files in worker processes, the backstop behind the guard: a file
//! that still makes the reader abort (an allocation that fails, a stack
//! overflow, anything a caught panic cannot catch) ends only the worker
//! reading it, and becomes that file's one finding; the batch goes on with
//! a fresh worker. `unsafe` stays forbidden, so a process is the only wall.
//!
//! The binary runs itself as a hidden worker ([`serve`]): it limits its own
//! address space and CPU time (unix), then reads the files the parent sends
//! it over stdin, one at a time, and answers over stdout with the
//! [`Workbook`] read or the finding of a refused file. Workers live across
//! files, one per thread reading ([`Reader`]), so starting them costs once
//! per batch, not per file. [`Reading::InProcess`] reads in the calling
//! thread instead, for where processes cannot be started (the browser).

use std::io::{BufReader, BufWriter, Read, Write};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::Mutex;

use serde::{Deserialize, Serialize};

use crate::contract::finding::{Code, Finding};
use crate::ingest::guard::Limits;
use crate::ingest::read::{self, Workbook};

/// Address space a worker may take, in bytes. The largest real workbook
/// needs under 50 MiB to read; the binary, its libraries and the
/// allocator's reservations take a few dozen more; 512 MiB leaves ten times
/// the real need and stops a crafted file long before the machine suffers.
pub const WORKER_ADDRESS_SPACE: u64 = 512 * 1024 * 1024;

/// CPU seconds a worker may spend on one file. The largest real workbook
/// reads in well under a second; a file that takes half a minute is built
/// to take forever.
pub const WORKER_CPU_SECONDS: u64 = 30;

/// How files are read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Reading {
    /// In the calling thread (no isolation; the only way in a browser).
    #[default]
    InProcess,
    /// By worker processes started with this command.
    Isolated(WorkerCommand),
}

/// The command that starts a worker: a program (the binary itself) and the
/// arguments that make it [`serve`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkerCommand {
    /// The program.
    pub program: PathBuf,
    /// Its arguments.
    pub args: Vec<String>,
}

/// Reads files as [`Reading`] says, keeping its idle workers for the next
/// file; dropping it ends them.
#[derive(Debug)]
pub struct Reader {
    command: Option<WorkerCommand>,
    idle: Mutex<Vec<Worker>>,
}

/// What reading one file gave: the workbook or the finding that refuses
/// the file; `Err` is the message of a panic inside a worker (the caller
/// makes it its internal-error finding, as for a panic in the process).
pub type ReadResult = Result<Result<Workbook, Finding>, String>;

impl Reader {
    /// A reader for `reading`. Workers are started as threads need them.
    pub fn new(reading: &Reading) -> Self {
        Reader {
            command: match reading {
                Reading::InProcess => None,
                Reading::Isolated(c) => Some(c.clone()),
            },
            idle: Mutex::new(Vec::new()),
        }
    }

    /// A reader that reads in the calling thread.
    pub fn in_process() -> Self {
        Reader::new(&Reading::InProcess)
    }

    /// Reads the file `name` from its bytes. In process, a panic unwinds to
    /// the caller; isolated, a worker that dies gives the file's finding
    /// and is replaced by the next call.
    pub fn read(&self, name: &str, bytes: &[u8], limits: &Limits) -> ReadResult {
        let Some(command) = &self.command else {
            return Ok(read_one(name, bytes, limits));
        };
        let idle = self.idle.lock().ok().and_then(|mut w| w.pop());
        let mut worker = match idle {
            Some(w) => w,
            None => match Worker::start(command) {
                Ok(w) => w,
                Err(e) => return Ok(Err(cannot_start(name, &e))),
            },
        };
        match worker.exchange(name, bytes, limits) {
            Ok(reply) => {
                if let Ok(mut idle) = self.idle.lock() {
                    idle.push(worker);
                }
                match reply {
                    Reply::Read(wb) => Ok(Ok(wb)),
                    Reply::Refused(f) => Ok(Err(f)),
                    Reply::Panicked(what) => Err(what),
                }
            }
            Err(_) => Ok(Err(worker.bury(name))),
        }
    }
}

impl Drop for Reader {
    fn drop(&mut self) {
        if let Ok(idle) = self.idle.get_mut() {
            for worker in idle.drain(..) {
                worker.finish();
            }
        }
    }
}

/// Reads one file: what a worker does for each request, and what reading
/// in process does.
fn read_one(name: &str, bytes: &[u8], limits: &Limits) -> Result<Workbook, Finding> {
    fault(name);
    read::read_bytes(bytes, limits)
}

/// What a worker answers for one file.
#[derive(Debug, Serialize, Deserialize)]
enum Reply {
    Read(Workbook),
    Refused(Finding),
    Panicked(String),
}

/// One running worker and its pipes.
#[derive(Debug)]
struct Worker {
    child: Child,
    stdin: BufWriter<ChildStdin>,
    stdout: BufReader<ChildStdout>,
}

impl Worker {
    fn start(command: &WorkerCommand) -> std::io::Result<Worker> {
        let mut child = Command::new(&command.program)
            .args(&command.args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            // Only the runtime's last words ("memory allocation of … failed")
            // come here: they tell a memory limit from another abort.
            .stderr(Stdio::piped())
            .spawn()?;
        let (Some(stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
            let _ = child.kill();
            let _ = child.wait();
            return Err(std::io::Error::other("no pipe to the worker"));
        };
        Ok(Worker {
            child,
            stdin: BufWriter::new(stdin),
            stdout: BufReader::new(stdout),
        })
    }

    /// Sends one file and waits for the answer.
    fn exchange(&mut self, name: &str, bytes: &[u8], limits: &Limits) -> std::io::Result<Reply> {
        let head = postcard::to_stdvec(&Request {
            name: name.to_string(),
            limits: limits.clone(),
        })
        .map_err(std::io::Error::other)?;
        write_frame(&mut self.stdin, &head)?;
        write_frame(&mut self.stdin, bytes)?;
        self.stdin.flush()?;
        let reply = read_frame(&mut self.stdout)?
            .ok_or_else(|| std::io::Error::from(std::io::ErrorKind::UnexpectedEof))?;
        postcard::from_bytes(&reply).map_err(std::io::Error::other)
    }

    /// Ends a worker that failed mid-file and says why, as the file's
    /// finding.
    fn bury(mut self, name: &str) -> Finding {
        // It may still run (it answered garbage): it is ended either way.
        let _ = self.child.kill();
        let status = self.child.wait().ok();
        let mut last_words = String::new();
        if let Some(stderr) = self.child.stderr.take() {
            let _ = stderr.take(64 * 1024).read_to_string(&mut last_words);
        }
        died(name, status, &last_words)
    }

    /// Ends an idle worker: its input closes, so it returns.
    fn finish(self) {
        let Worker {
            mut child, stdin, ..
        } = self;
        drop(stdin);
        let _ = child.wait();
    }
}

/// The request for one file (its bytes follow in their own frame).
#[derive(Debug, Serialize, Deserialize)]
struct Request {
    name: String,
    limits: Limits,
}

/// Frames are a length (8 bytes, little-endian) and the payload. Written
/// by hand: a file's bytes go as they are, not through a serializer that
/// would copy them byte by byte.
fn write_frame(out: &mut impl Write, payload: &[u8]) -> std::io::Result<()> {
    out.write_all(&(payload.len() as u64).to_le_bytes())?;
    out.write_all(payload)
}

/// One frame, or `None` at the end of the input. The length is not trusted
/// to size a buffer: only what arrives is held.
fn read_frame(input: &mut impl Read) -> std::io::Result<Option<Vec<u8>>> {
    let mut len = [0u8; 8];
    match input.read_exact(&mut len) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => return Ok(None),
        Err(e) => return Err(e),
    }
    let len = u64::from_le_bytes(len);
    let mut payload = Vec::new();
    input.take(len).read_to_end(&mut payload)?;
    if payload.len() as u64 != len {
        return Err(std::io::ErrorKind::UnexpectedEof.into());
    }
    Ok(Some(payload))
}

/// Why a worker died, from its exit status and what it printed last.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Death {
    /// It hit its address-space limit (an allocation failed).
    Memory,
    /// It hit its CPU-time limit (only a Unix worker has one).
    #[cfg_attr(not(unix), allow(dead_code))]
    Cpu,
    /// Anything else: an abort, a stack overflow, a signal.
    Other,
}

fn cause(status: Option<std::process::ExitStatus>, last_words: &str) -> Death {
    if last_words.contains("memory allocation of") {
        return Death::Memory;
    }
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt as _;
        // SIGXCPU, at the soft limit, is 24 on Linux and 24 on the BSDs
        // and macOS alike.
        if status.and_then(|s| s.signal()) == Some(24) {
            return Death::Cpu;
        }
    }
    #[cfg(not(unix))]
    let _ = status;
    Death::Other
}

/// The finding of a file whose worker died.
fn died(name: &str, status: Option<std::process::ExitStatus>, last_words: &str) -> Finding {
    let skipped = "该文件已跳过，很可能是特意构造或已损坏的文件";
    let hint =
        "其他文件不受影响；请向报送单位索取原文件，用 Excel 或 WPS 打开后另存为 .xlsx 再报送";
    match cause(status, last_words) {
        Death::Memory => Finding::new(
            Code::FileTooLarge,
            format!(
                "读取文件“{name}”用尽了读取进程的内存上限（{} MiB），读取进程已终止；{skipped}",
                WORKER_ADDRESS_SPACE / 1024 / 1024
            ),
        )
        .hint(hint),
        Death::Cpu => Finding::new(
            Code::FileTooLarge,
            format!(
                "读取文件“{name}”超过了读取进程的时间上限（{WORKER_CPU_SECONDS} 秒 CPU 时间），读取进程已终止；{skipped}"
            ),
        )
        .hint(hint),
        Death::Other => {
            let how = status.map_or_else(|| "原因不明".to_string(), |s| s.to_string());
            Finding::new(
                Code::FileInternal,
                format!("读取文件“{name}”使读取进程意外终止（{how}）；{skipped}"),
            )
            .hint(format!("{hint}；如正常文件也出现此问题，请反馈给维护人员"))
        }
    }
}

/// The finding of a file no worker could be started for.
fn cannot_start(name: &str, e: &std::io::Error) -> Finding {
    Finding::new(
        Code::FileInternal,
        format!(
            "无法启动读取进程来读取文件“{name}”（{}），该文件未读取",
            crate::contract::os::io_zh(e)
        ),
    )
    .hint("请检查 jixiao 程序文件是否完整；也可用 --no-isolation 在本进程中读取")
}

/// Whether this process is a worker whose limits are set: only there may
/// the debug builds' `hog` fault exhaust memory. (A release build for
/// Windows sets no limits and has no faults: it never reads this.)
#[cfg_attr(not(any(unix, debug_assertions)), allow(dead_code))]
static LIMITED: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// The worker's loop: limits itself, then reads each file sent on stdin
/// and answers on stdout, until stdin closes. A panic while reading is
/// answered as such; anything worse ends the process, which the parent
/// sees.
pub fn serve() -> std::io::Result<()> {
    // Nothing a worker prints is for the user; the parent reports.
    std::panic::set_hook(Box::new(|_| {}));
    limit_memory()?;
    let mut input = BufReader::new(std::io::stdin().lock());
    let mut output = BufWriter::new(std::io::stdout().lock());
    while let Some(head) = read_frame(&mut input)? {
        let request: Request = postcard::from_bytes(&head).map_err(std::io::Error::other)?;
        let bytes = read_frame(&mut input)?
            .ok_or_else(|| std::io::Error::from(std::io::ErrorKind::UnexpectedEof))?;
        limit_cpu()?;
        let reply =
            match std::panic::catch_unwind(|| read_one(&request.name, &bytes, &request.limits)) {
                Ok(Ok(wb)) => Reply::Read(wb),
                Ok(Err(f)) => Reply::Refused(f),
                Err(panic) => Reply::Panicked(
                    panic
                        .downcast_ref::<&str>()
                        .map(|s| s.to_string())
                        .or_else(|| panic.downcast_ref::<String>().cloned())
                        .unwrap_or_else(|| "未知原因".to_string()),
                ),
            };
        drop(bytes);
        let reply = postcard::to_stdvec(&reply).map_err(std::io::Error::other)?;
        write_frame(&mut output, &reply)?;
        output.flush()?;
    }
    Ok(())
}

/// Caps the worker's address space ([`WORKER_ADDRESS_SPACE`]).
#[cfg(unix)]
fn limit_memory() -> std::io::Result<()> {
    let (_, hard) = rlimit::Resource::AS.get()?;
    rlimit::Resource::AS.set(WORKER_ADDRESS_SPACE.min(hard), hard)?;
    LIMITED.store(true, std::sync::atomic::Ordering::Relaxed);
    Ok(())
}

/// Windows has no setrlimit: the worker isolates without limits.
#[cfg(not(unix))]
fn limit_memory() -> std::io::Result<()> {
    Ok(())
}

/// Gives the next file [`WORKER_CPU_SECONDS`] more: the soft CPU limit is
/// what the worker has used so far plus the budget (the limit counts the
/// process's whole life, and a worker reads many files). The hard limit is
/// left as it is, so the soft one can be raised again.
#[cfg(unix)]
fn limit_cpu() -> std::io::Result<()> {
    let used = cpu_time::ProcessTime::try_now()?.as_duration().as_secs();
    let (_, hard) = rlimit::Resource::CPU.get()?;
    rlimit::Resource::CPU.set(used.saturating_add(WORKER_CPU_SECONDS + 1).min(hard), hard)
}

#[cfg(not(unix))]
fn limit_cpu() -> std::io::Result<()> {
    Ok(())
}

/// A test hook of debug builds, in the reading itself (so in the worker
/// when reading is isolated): `JIXIAO_FAULT=abort:read:NAME` aborts the
/// process while reading the file whose last path component is NAME, and
/// `JIXIAO_FAULT=hog:read:NAME` allocates until the worker's memory limit
/// ends it (in a process without that limit it panics instead).
#[cfg(debug_assertions)]
fn fault(name: &str) {
    let Ok(v) = std::env::var("JIXIAO_FAULT") else {
        return;
    };
    let Some((how, file)) = v.split_once(":read:") else {
        return;
    };
    if std::path::Path::new(name)
        .file_name()
        .is_none_or(|n| n != file)
    {
        return;
    }
    match how {
        "abort" => std::process::abort(),
        "hog" if LIMITED.load(std::sync::atomic::Ordering::Relaxed) => {
            let mut held: Vec<Vec<u8>> = Vec::new();
            loop {
                held.push(vec![1u8; 16 * 1024 * 1024]);
                std::hint::black_box(&held);
            }
        }
        "hog" => panic!("injected fault at {v}: no memory limit here"),
        _ => {}
    }
}

#[cfg(not(debug_assertions))]
fn fault(_: &str) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frames_round_trip_and_end_cleanly() {
        let mut buf = Vec::new();
        write_frame(&mut buf, b"abc").unwrap();
        write_frame(&mut buf, b"").unwrap();
        let mut input = &buf[..];
        assert_eq!(
            read_frame(&mut input).unwrap().as_deref(),
            Some(&b"abc"[..])
        );
        assert_eq!(read_frame(&mut input).unwrap().as_deref(), Some(&b""[..]));
        assert!(read_frame(&mut input).unwrap().is_none());
    }

    #[test]
    fn a_cut_frame_is_an_error_not_a_huge_buffer() {
        let mut buf = Vec::new();
        buf.extend_from_slice(&u64::MAX.to_le_bytes());
        buf.extend_from_slice(b"xy");
        assert!(read_frame(&mut &buf[..]).is_err());
    }

    #[test]
    fn a_workbook_and_a_finding_survive_the_wire() {
        use crate::contract::cell::CellValue;
        let rows = format!(
            "<row r=\"2\">{}<c r=\"C2\"><v>2.5</v></c><c r=\"D2\"><f>1/人</f></c></row>",
            read::handmade::text("B2", "部门")
        );
        let bytes = read::handmade::xlsx("表", &rows, &[("单位", "表!$B$2")]);
        let wb = read::read_bytes(&bytes, &Limits::default()).unwrap();
        let wire = postcard::to_stdvec(&Reply::Read(wb)).unwrap();
        let Reply::Read(back) = postcard::from_bytes(&wire).unwrap() else {
            panic!("not a workbook");
        };
        assert_eq!(back.sheet_names, ["表"]);
        assert_eq!(back.cell("表", 1, 1), &CellValue::Text("部门".to_string()));
        assert_eq!(back.cell("表", 1, 2), &CellValue::Number(2.5));
        assert_eq!(back.formulas_without_value().len(), 1);
        assert!(back.resolve("单位").is_some());
        let f = Finding::new(Code::FileTooLarge, "太大").hint("另存");
        let wire = postcard::to_stdvec(&Reply::Refused(f.clone())).unwrap();
        let Reply::Refused(back) = postcard::from_bytes(&wire).unwrap() else {
            panic!("not a finding");
        };
        assert_eq!(back, f);
    }

    #[test]
    fn a_death_is_told_by_its_last_words() {
        assert_eq!(
            cause(None, "memory allocation of 16777216 bytes failed\n"),
            Death::Memory
        );
        assert_eq!(cause(None, ""), Death::Other);
        assert_eq!(died("a.xlsx", None, "").code, Code::FileInternal);
        let f = died("a.xlsx", None, "memory allocation of 1 bytes failed");
        assert_eq!(f.code, Code::FileTooLarge);
        assert!(f.message.contains("a.xlsx") && f.message.contains("已跳过"));
    }
}
