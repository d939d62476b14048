//! Workbooks straight from saved mail: `.eml` files, mbox files and
//! Maildir folders in the input folder are opened, and every attachment
//! that is a workbook by its content is saved into the run's state folder,
//! to be checked like a workbook saved by hand, with where it came from
//! (sender, date sent, subject, message id, attachment name) kept for the
//! summary. What a message holds that is not a workbook is a finding of
//! its own (`MailFinding`); none of them stops the run.

use std::collections::HashMap;
use std::io::{BufRead as _, Read as _};
use std::path::{Path, PathBuf};

use mail_parser::{Message, MessageParser, MimeHeaders as _};

use super::outlook::{self, Attached, Outlook};
use serde::{Deserialize, Serialize};

use crate::ingest::guard::{Limits, Refusal, check_size, open_archive};
use crate::ingest::sniff::{Sniffed, ZIP_ARCHIVE, sniff};

/// Where a workbook from mail came from: the message that carried it and
/// the attachment's name. Shown in the summary only, never in a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailSource {
    /// The mail file, relative to the input folder, and which message of
    /// it (`收件箱.mbox 第2封`).
    pub mail: String,
    /// The sender (`名称 <地址>`), when the message says.
    pub sender: Option<String>,
    /// The date sent (RFC 3339), when the message says.
    pub sent: Option<String>,
    /// The subject, decoded.
    pub subject: Option<String>,
    /// The Message-ID, without its angle brackets.
    pub message_id: Option<String>,
    /// The attachment's name as the message gives it, decoded.
    pub attachment: String,
}

/// Something about a message that is not a workbook's finding: a message
/// without a workbook, an attachment jixiao does not open, a message it
/// cannot read. One each; the run goes on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MailFinding {
    /// The mail file and which message of it.
    pub mail: String,
    /// The message's subject, when it could be read.
    pub subject: Option<String>,
    /// The attachment concerned, if one.
    pub attachment: Option<String>,
    /// `warning` or `note`; never an error: a message is not a workbook.
    pub severity: &'static str,
    /// What is wrong and what to do.
    pub message: String,
}

/// What kind of saved mail a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum MailKind {
    /// One message (`.eml`, or a file of a Maildir's cur/new/tmp).
    Message,
    /// Many messages, each after a `From ` line.
    Mbox,
    /// Outlook's `.msg`.
    Outlook,
    /// A `.zip` among the inputs: opened like a zip attachment when it is
    /// an archive and not a workbook.
    Archive,
}

/// Which kind of saved mail `path` is, if any: by extension (`.eml`,
/// `.mbox`, `.msg`, `.zip`), by place (a file in a Maildir's `cur`, `new` or `tmp`
/// beside the other two) or, for a file without an extension, by an mbox's
/// first bytes. Only regular files are opened.
pub(crate) fn kind(path: &Path) -> Option<MailKind> {
    let ext = path.extension().map(|e| e.to_string_lossy().to_lowercase());
    match ext.as_deref() {
        Some("eml") => return Some(MailKind::Message),
        Some("mbox" | "mbx") => return Some(MailKind::Mbox),
        Some("msg") => return Some(MailKind::Outlook),
        Some("zip") => return Some(MailKind::Archive),
        _ => {}
    }
    if let Some(dir) = path.parent()
        && let Some(box_dir) = dir.parent()
        && dir
            .file_name()
            .is_some_and(|n| n == "cur" || n == "new" || n == "tmp")
        && box_dir.join("cur").is_dir()
        && box_dir.join("new").is_dir()
    {
        return Some(MailKind::Message);
    }
    if ext.is_none() && std::fs::metadata(path).is_ok_and(|m| m.is_file()) {
        let mut head = [0u8; 5];
        let read = std::fs::File::open(path).and_then(|mut f| f.read_exact(&mut head));
        if read.is_ok() && &head == b"From " {
            return Some(MailKind::Mbox);
        }
    }
    None
}

/// The workbooks found in the run's mail: each saved once (identical bytes
/// from several messages are one workbook, with every message as its
/// source), and the findings about the mail.
#[derive(Debug, Default)]
pub(crate) struct Unpacked {
    /// The saved workbook, its input name and its sources.
    pub workbooks: Vec<(PathBuf, String, Vec<MailSource>)>,
    /// What the mail held that is not a workbook.
    pub findings: Vec<MailFinding>,
}

/// Opens every mail file of `files` (each with its name relative to the
/// input folder) and saves its workbook attachments in `into`, which is
/// emptied first.
pub(crate) fn unpack(
    files: &[(PathBuf, String, MailKind)],
    into: &Path,
    limits: &Limits,
) -> std::io::Result<Unpacked> {
    if into.is_dir() {
        std::fs::remove_dir_all(into)?;
    }
    let mut out = Unpacked::default();
    if files.is_empty() {
        return Ok(out);
    }
    std::fs::create_dir_all(into)?;
    let mut saved = Saved::default();
    for (path, rel, kind) in files {
        match kind {
            MailKind::Outlook => match read_capped(path, message_cap(limits)) {
                Ok(bytes) => {
                    let mut found = Found::new(rel.clone(), limits);
                    found.outlook(&bytes, 0);
                    saved.save(found, into, &mut out)?;
                }
                Err(why) => out.findings.push(unreadable(rel.clone(), why)),
            },
            MailKind::Message => match read_capped(path, message_cap(limits)) {
                Ok(bytes) => {
                    let mut found = Found::new(rel.clone(), limits);
                    found.message(&bytes, 0);
                    saved.save(found, into, &mut out)?;
                }
                Err(why) => out.findings.push(unreadable(rel.clone(), why)),
            },
            MailKind::Archive => {
                // Only a real archive is opened: a workbook named .zip, one
                // too large or damaged goes to the batch as it is, to be
                // checked or named there like any input.
                let bytes = std::fs::metadata(path)
                    .is_ok_and(|m| m.len() <= limits.max_file_bytes)
                    .then(|| read_capped(path, limits.max_file_bytes).ok())
                    .flatten();
                match bytes {
                    Some(bytes) if is_zip_archive(&bytes) => {
                        let mut found = Found::new(rel.clone(), limits);
                        found.from_mail = false;
                        found.time = std::fs::metadata(path).and_then(|m| m.modified()).ok();
                        let mut findings = Vec::new();
                        found.archive(&bytes, None, &None, &mut findings);
                        found.findings.extend(findings);
                        saved.save(found, into, &mut out)?;
                    }
                    _ => out.workbooks.push((path.clone(), rel.clone(), Vec::new())),
                }
            }
            MailKind::Mbox => {
                let file = match std::fs::File::open(path) {
                    Ok(f) => f,
                    Err(e) => {
                        out.findings.push(unreadable(
                            rel.clone(),
                            format!("无法打开：{}", crate::contract::os::io_zh(&e)),
                        ));
                        continue;
                    }
                };
                let mut none = true;
                let messages = Mbox::new(std::io::BufReader::new(file), message_cap(limits));
                for (i, message) in messages.enumerate() {
                    none = false;
                    let name = format!("{rel} 第{}封", i + 1);
                    match message {
                        Ok(Boxed::Message(m)) => {
                            let mut found = Found::new(name, limits);
                            found.message(&m, 0);
                            saved.save(found, into, &mut out)?;
                        }
                        Ok(Boxed::TooBig(len)) => out.findings.push(unreadable(name, too_big(len))),
                        Err(e) => {
                            out.findings
                                .push(unreadable(name, format!("读取中断：{e}")));
                            break;
                        }
                    }
                }
                if none {
                    out.findings
                        .push(unreadable(rel.clone(), "邮箱文件中没有邮件".into()));
                }
            }
        }
    }
    Ok(out)
}

/// The files `jixiao check` and `score` are given (folders already
/// walked), with the saved mail and `.zip` archives among them opened as a
/// run opens them: each workbook they hold is saved in `into` and named
/// `邮件文件/附件名` after the path given.
#[derive(Debug, Default)]
pub struct Opened {
    /// Each file to check and the name to show for it: the other files
    /// as given, then the workbooks from mail.
    pub files: Vec<(PathBuf, String)>,
    /// What the mail held that is not a workbook.
    pub findings: Vec<MailFinding>,
}

/// Opens the mail among `paths` into `into` (emptied first); see [`Opened`].
pub fn open_inputs(paths: &[PathBuf], into: &Path, limits: &Limits) -> std::io::Result<Opened> {
    let mut files = Vec::new();
    let mut mail = Vec::new();
    for path in paths {
        let name = path.display().to_string();
        match kind(path) {
            Some(k) => mail.push((path.clone(), name, k)),
            None => files.push((path.clone(), name)),
        }
    }
    let unpacked = unpack(&mail, into, limits)?;
    files.extend(
        unpacked
            .workbooks
            .into_iter()
            .map(|(path, name, _)| (path, name)),
    );
    Ok(Opened {
        files,
        findings: unpacked.findings,
    })
}

/// Whether `bytes` are a zip archive that is not a workbook (nor any
/// other Office or OpenDocument file).
fn is_zip_archive(bytes: &[u8]) -> bool {
    matches!(attachment_kind(bytes, ""), Attachment::Archive(ZIP))
}

/// A message may be larger than the workbook it carries: base64 takes
/// four bytes for three, and there is a body beside it.
fn message_cap(limits: &Limits) -> u64 {
    limits.max_file_bytes / 3 * 4 + 4 * 1024 * 1024
}

fn too_big(len: u64) -> String {
    format!(
        "邮件过大（{:.1} MiB），超过工作簿大小上限所能容纳的，未读取",
        len as f64 / 1_048_576.0
    )
}

/// A file's bytes, at most `cap` of them (a larger file is refused unread).
fn read_capped(path: &Path, cap: u64) -> Result<Vec<u8>, String> {
    let file = std::fs::File::open(path)
        .map_err(|e| format!("无法打开：{}", crate::contract::os::io_zh(&e)))?;
    // Room for the whole file at once (at most the cap): a vector grown
    // by doubling would hold up to twice a large message.
    let len = file.metadata().map_or(0, |m| m.len()).min(cap + 1);
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
    file.take(cap + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("无法读取：{}", crate::contract::os::io_zh(&e)))?;
    if bytes.len() as u64 > cap {
        return Err(too_big(bytes.len() as u64));
    }
    Ok(bytes)
}

/// One message of an mbox, or the size of one over the cap (not kept).
#[derive(Debug)]
enum Boxed {
    Message(Vec<u8>),
    TooBig(u64),
}

/// The messages of an mbox, each after a `From ` line at a line's start,
/// with `>From ` lines unescaped, as mail-parser's own mbox iterator reads
/// them; written here because that iterator holds a message whole before
/// its size can be seen: this one keeps at most `cap` bytes of a message
/// and reads in pieces of at most [`Mbox::PIECE`] bytes, so a message (or
/// a line) of any size costs no more memory than the cap.
struct Mbox<R> {
    reader: R,
    cap: u64,
    /// Whether a message's `From ` line has been read and its body not yet.
    in_message: bool,
    /// Whether the next piece starts a line.
    at_line_start: bool,
}

impl<R: std::io::BufRead> Mbox<R> {
    const PIECE: u64 = 64 * 1024;

    fn new(reader: R, cap: u64) -> Self {
        Mbox {
            reader,
            cap,
            in_message: false,
            at_line_start: true,
        }
    }
}

impl<R: std::io::BufRead> Iterator for Mbox<R> {
    type Item = std::io::Result<Boxed>;

    fn next(&mut self) -> Option<Self::Item> {
        let mut contents = Vec::new();
        let mut size: u64 = 0;
        let mut piece = Vec::new();
        loop {
            piece.clear();
            let read = (&mut self.reader)
                .take(Self::PIECE)
                .read_until(b'\n', &mut piece);
            let n = match read {
                Ok(n) => n,
                Err(e) => return Some(Err(e)),
            };
            let line_start = self.at_line_start;
            self.at_line_start = piece.ends_with(b"\n");
            let starts = n == 0 || (line_start && piece.starts_with(b"From "));
            if starts && self.in_message {
                // The end of a message: the next begins (or the file ends).
                self.in_message = n > 0;
                return Some(Ok(if size > self.cap {
                    Boxed::TooBig(size)
                } else {
                    Boxed::Message(contents)
                }));
            }
            if n == 0 {
                return None;
            }
            if starts {
                self.in_message = true;
                continue;
            }
            if !self.in_message {
                // Before the first `From ` line.
                continue;
            }
            size += n as u64;
            if size > self.cap {
                contents = Vec::new();
                continue;
            }
            let quoted = piece.iter().take_while(|&&b| b == b'>').count();
            if line_start && quoted > 0 && piece[quoted..].starts_with(b"From ") {
                contents.extend_from_slice(&piece[1..]);
            } else {
                contents.extend_from_slice(&piece);
            }
        }
    }
}

fn unreadable(mail: String, message: String) -> MailFinding {
    MailFinding {
        mail,
        subject: None,
        attachment: None,
        severity: "warning",
        message,
    }
}

/// A message's headers, as its provenance gives them.
#[derive(Debug, Clone, Default)]
struct Headers {
    sender: Option<String>,
    sent: Option<String>,
    subject: Option<String>,
    message_id: Option<String>,
}

impl Headers {
    fn of(message: &Message<'_>) -> Self {
        let sender =
            message
                .from()
                .and_then(|a| a.first())
                .map(|a| match (a.name(), a.address()) {
                    (Some(n), Some(d)) => format!("{n} <{d}>"),
                    (Some(n), None) => n.to_string(),
                    (None, Some(d)) => d.to_string(),
                    (None, None) => String::new(),
                });
        Headers {
            sender: sender.filter(|s| !s.is_empty()),
            sent: message.date().map(mail_parser::DateTime::to_rfc3339),
            subject: message.subject().map(str::to_string),
            message_id: message.message_id().map(str::to_string),
        }
    }

    fn of_outlook(message: &Outlook) -> Self {
        Headers {
            sender: message.sender.clone(),
            sent: message.sent.clone(),
            subject: message.subject.clone(),
            message_id: message.message_id.clone(),
        }
    }
}

/// What one message (or one `.zip` input) gave: its workbooks and its
/// findings.
struct Found<'l> {
    mail: String,
    limits: &'l Limits,
    /// Whether the workbooks came by mail (their sources are kept) or from
    /// a `.zip` among the inputs (their input name says where from).
    from_mail: bool,
    /// The saved files' time when no date sent says one.
    time: Option<std::time::SystemTime>,
    workbooks: Vec<Kept>,
    findings: Vec<MailFinding>,
}

/// A workbook found in a message: its bytes, where from, the extension to
/// save it under and its input name after the mail file's
/// (`附件名`, `附件名/条目名`, or for a `.zip` input `条目名`).
struct Kept {
    bytes: Vec<u8>,
    source: MailSource,
    ext: &'static str,
    name: String,
}

impl<'l> Found<'l> {
    fn new(mail: String, limits: &'l Limits) -> Self {
        Found {
            mail,
            limits,
            from_mail: true,
            time: None,
            workbooks: Vec::new(),
            findings: Vec::new(),
        }
    }

    fn finding(
        &self,
        subject: &Option<String>,
        attachment: Option<String>,
        message: String,
    ) -> MailFinding {
        MailFinding {
            mail: self.mail.clone(),
            subject: subject.clone(),
            attachment,
            severity: "warning",
            message,
        }
    }

    /// Reads one message; `depth` 1 for a message attached to another,
    /// which is looked inside once (its own attached messages are listed,
    /// not opened).
    fn message(&mut self, raw: &[u8], depth: usize) {
        // The parser reads anything; what has none of a message's headers
        // is not one.
        let Some(message) = MessageParser::default().parse(raw).filter(|m| {
            m.from().is_some()
                || m.date().is_some()
                || m.subject().is_some()
                || m.message_id().is_some()
        }) else {
            self.findings.push(unreadable(
                self.mail.clone(),
                "邮件无法解析（不是邮件，或内容已损坏）".into(),
            ));
            return;
        };
        let before = (self.workbooks.len(), self.findings.len());
        let headers = Headers::of(&message);
        // A multipart message whose closing boundary is missing was cut
        // off (saved or copied only in part): its last parts are lost.
        let cut_off = message
            .content_type()
            .filter(|c| c.ctype().eq_ignore_ascii_case("multipart"))
            .and_then(|c| c.attribute("boundary"))
            .is_some_and(|b| memchr::memmem::find(raw, format!("--{b}--").as_bytes()).is_none());
        let mut findings = Vec::new();
        for part in message.attachments() {
            let name = part
                .attachment_name()
                .map_or_else(|| "（未命名附件）".to_string(), str::to_string);
            if let Some(inner) = part.message() {
                self.attached_message(&headers, name, depth, &mut findings, |found| {
                    found.message(inner.raw_message(), depth + 1)
                });
                continue;
            }
            self.attachment(&headers, name, part.contents(), depth, &mut findings);
        }
        if cut_off {
            findings.push(self.finding(
                &headers.subject,
                None,
                "邮件不完整（缺少结尾，可能未完整保存），其后的附件已丢失：请重新保存或请单位重新发送"
                    .into(),
            ));
        }
        self.close(depth, before, &headers, findings);
    }

    /// Reads an Outlook message (`.msg`), as [`Found::message`] reads one
    /// from text.
    fn outlook(&mut self, raw: &[u8], depth: usize) {
        let max = self.limits.max_file_bytes;
        // The compound-file reader meets damaged files of every shape: a
        // panic in it is this message's finding, as a workbook reader's is
        // that workbook's.
        let read = std::panic::catch_unwind(|| outlook::read(raw, max))
            .unwrap_or_else(|_| Err("读取时出错".into()));
        let message = match read {
            Ok(m) => m,
            Err(why) => {
                self.findings.push(unreadable(
                    self.mail.clone(),
                    format!("Outlook 邮件无法解析：{why}"),
                ));
                return;
            }
        };
        self.outlook_message(message, depth);
    }

    fn outlook_message(&mut self, message: Outlook, depth: usize) {
        let before = (self.workbooks.len(), self.findings.len());
        let headers = Headers::of_outlook(&message);
        let mut findings = Vec::new();
        for attached in message.attachments {
            match attached {
                Attached::File { name, bytes } => {
                    self.attachment(&headers, name, &bytes, depth, &mut findings)
                }
                Attached::TooLarge { name, len } => {
                    let what = match check_size(len, self.limits) {
                        Err(Refusal::TooLarge { what }) => what,
                        _ => format!("{len} 字节"),
                    };
                    findings.push(self.finding(
                        &headers.subject,
                        Some(name),
                        format!("附件过大：{what}，未读取"),
                    ));
                }
                Attached::Message { name, message } => {
                    self.attached_message(&headers, name, depth, &mut findings, |found| {
                        found.outlook_message(message, depth + 1)
                    })
                }
                Attached::Deeper { name } => {
                    findings.push(self.finding(&headers.subject, Some(name), NESTED.into()))
                }
            }
        }
        self.close(depth, before, &headers, findings);
    }

    /// A message attached to the message at `depth`: read (`read`) when
    /// that is the file's own message, else listed.
    fn attached_message(
        &mut self,
        headers: &Headers,
        name: String,
        depth: usize,
        findings: &mut Vec<MailFinding>,
        read: impl FnOnce(&mut Self),
    ) {
        if depth == 0 {
            read(self);
        } else {
            findings.push(self.finding(&headers.subject, Some(name), NESTED.into()));
        }
    }

    /// Keeps one message's findings; a message of the file's own (depth
    /// 0) that gave neither a workbook nor a finding, nor did a message
    /// attached to it, is 邮件无工作簿附件.
    fn close(
        &mut self,
        depth: usize,
        before: (usize, usize),
        headers: &Headers,
        mut findings: Vec<MailFinding>,
    ) {
        if depth == 0
            && (self.workbooks.len(), self.findings.len()) == before
            && findings.is_empty()
        {
            findings.push(self.finding(&headers.subject, None, "邮件无工作簿附件".into()));
        }
        self.findings.extend(findings);
    }

    /// One attached file of a message at `depth`: a workbook is kept, an
    /// archive opened (.zip) or named (.rar, .7z), an Outlook message
    /// attached as a file read like an attached message.
    fn attachment(
        &mut self,
        headers: &Headers,
        name: String,
        bytes: &[u8],
        depth: usize,
        findings: &mut Vec<MailFinding>,
    ) {
        // The cap of a workbook file, as if the attachment were saved.
        if let Err(Refusal::TooLarge { what }) = check_size(bytes.len() as u64, self.limits) {
            findings.push(self.finding(
                &headers.subject,
                Some(name),
                format!("附件过大：{what}，未读取"),
            ));
            return;
        }
        match attachment_kind(bytes, &name) {
            Attachment::Workbook(ext) => {
                let source = self.source(headers, &name);
                self.workbooks.push(Kept {
                    bytes: bytes.to_vec(),
                    source,
                    ext,
                    name: name.replace('/', "_"),
                });
            }
            Attachment::Archive(ZIP) => {
                self.archive(bytes, Some(&name), &Some(headers.clone()), findings)
            }
            Attachment::Archive(what) => findings.push(self.finding(
                &headers.subject,
                Some(name),
                format!("{what}附件暂不支持：请直接发送工作簿"),
            )),
            Attachment::Outlook => self.attached_message(headers, name, depth, findings, |found| {
                found.outlook(bytes, depth + 1)
            }),
            Attachment::Other => {}
        }
    }

    /// A .zip archive (the attachment `name`, or the `.zip` input itself
    /// when `None`): every entry that is a workbook by its content is kept
    /// as if attached, named `附件名/条目名`; a bomb,
    /// an entry over the cap, an archive inside, a damaged archive or one
    /// without a workbook is one finding.
    fn archive(
        &mut self,
        bytes: &[u8],
        name: Option<&str>,
        headers: &Option<Headers>,
        findings: &mut Vec<MailFinding>,
    ) {
        let subject = headers.as_ref().and_then(|h| h.subject.clone());
        let before = self.workbooks.len();
        let mut inner = Vec::new();
        let shown_name = name.unwrap_or(&self.mail).to_string();
        let opened = open_archive(bytes, self.limits, |entry, read| {
            let shown = format!("{shown_name}/{entry}");
            match read {
                Err(Refusal::TooLarge { what }) => {
                    inner.push((Some(shown), format!("压缩包中的条目过大：{what}，未读取")))
                }
                Err(Refusal::Corrupt { what }) => inner.push((Some(shown), what)),
                Err(Refusal::Encrypted) => {}
                Ok(entry_bytes) => match attachment_kind(&entry_bytes, &entry) {
                    Attachment::Workbook(ext) => {
                        let source = match headers {
                            Some(h) => self.source(h, &shown),
                            None => self.source(&Headers::default(), &shown),
                        };
                        let name = match name {
                            Some(n) => format!("{}/{entry}", n.replace('/', "_")),
                            None => entry.clone(),
                        };
                        self.workbooks.push(Kept {
                            bytes: entry_bytes,
                            source,
                            ext,
                            name,
                        });
                    }
                    Attachment::Archive(what) => inner.push((
                        Some(shown),
                        format!("压缩包中的{what}未打开：请解压后直接发送工作簿"),
                    )),
                    Attachment::Outlook | Attachment::Other => {}
                },
            }
        });
        let said = !inner.is_empty();
        for (attachment, message) in inner {
            findings.push(self.finding(&subject, attachment, message));
        }
        match opened {
            Err(Refusal::TooLarge { what } | Refusal::Corrupt { what }) => {
                findings.push(self.finding(
                    &subject,
                    Some(shown_name.clone()),
                    format!("压缩包未能打开：{what}"),
                ))
            }
            Err(Refusal::Encrypted) => {}
            Ok(()) if self.workbooks.len() == before && !said => findings.push(self.finding(
                &subject,
                Some(shown_name.clone()),
                format!("{ZIP}中没有工作簿"),
            )),
            Ok(()) => {}
        }
    }

    fn source(&self, headers: &Headers, attachment: &str) -> MailSource {
        MailSource {
            mail: self.mail.clone(),
            sender: headers.sender.clone(),
            sent: headers.sent.clone(),
            subject: headers.subject.clone(),
            message_id: headers.message_id.clone(),
            attachment: attachment.to_string(),
        }
    }
}

const NESTED: &str = "邮件中附带的邮件又附带邮件，未打开：请直接发送工作簿";
const ZIP: &str = ".zip 压缩包";

/// What an attachment is, by its content.
enum Attachment {
    /// A workbook, or what the workbook checks should explain (encrypted,
    /// damaged, a format jixiao does not read), with the extension to save
    /// it under.
    Workbook(&'static str),
    /// A compressed archive; names it ([`ZIP`] is opened, the others not).
    Archive(&'static str),
    /// An Outlook message attached as a file.
    Outlook,
    /// Anything else: a picture, a document, a signature.
    Other,
}

fn attachment_kind(bytes: &[u8], name: &str) -> Attachment {
    const RAR: &[u8] = b"Rar!\x1a\x07";
    const SEVEN_ZIP: &[u8] = b"7z\xbc\xaf\x27\x1c";
    if bytes.starts_with(RAR) {
        return Attachment::Archive(".rar 压缩包");
    }
    if bytes.starts_with(SEVEN_ZIP) {
        return Attachment::Archive(".7z 压缩包");
    }
    let lower = name.to_lowercase();
    let named_workbook = [".xls", ".xlsx", ".xlsm", ".ods", ".et"]
        .iter()
        .any(|e| lower.ends_with(e));
    match sniff(bytes) {
        Sniffed::Workbook(f) => Attachment::Workbook(match f.name() {
            "xls" => "xls",
            "ods" => "ods",
            _ => "xlsx",
        }),
        Sniffed::Encrypted | Sniffed::Unsupported(_) | Sniffed::Corrupt(_) => {
            Attachment::Workbook("bin")
        }
        Sniffed::Html if named_workbook => Attachment::Workbook("bin"),
        // A Word document or a presentation is a zip too, but no archive.
        Sniffed::NotWorkbook(what) if what == ZIP_ARCHIVE => Attachment::Archive(ZIP),
        Sniffed::NotWorkbook(_) if outlook::is_outlook(bytes) => Attachment::Outlook,
        _ => Attachment::Other,
    }
}

/// What the run's mail has saved so far: each file's place by its hash,
/// and how many times each input name was given.
#[derive(Debug, Default)]
struct Saved {
    by_hash: HashMap<String, usize>,
    taken: HashMap<String, usize>,
}

impl Saved {
    /// Saves one message's workbooks (a copy already saved gains a source) and
    /// keeps its findings. A saved workbook's file time is its date sent, so
    /// that of two versions of one submission filled on the same day the one
    /// sent later supersedes the other.
    fn save(&mut self, found: Found<'_>, into: &Path, out: &mut Unpacked) -> std::io::Result<()> {
        out.findings.extend(found.findings);
        let from_mail = found.from_mail;
        for Kept {
            bytes,
            source,
            ext,
            name,
        } in found.workbooks
        {
            let hash = blake3::hash(&bytes).to_hex().to_string();
            if let Some(&at) = self.by_hash.get(&hash) {
                if from_mail {
                    out.workbooks[at].2.push(source);
                }
                continue;
            }
            let path = into.join(format!("{}.{ext}", &hash[..16]));
            std::fs::write(&path, &bytes)?;
            let sent = source
                .sent
                .as_deref()
                .and_then(|s| chrono::DateTime::parse_from_rfc3339(s).ok())
                .and_then(|d| u64::try_from(d.timestamp()).ok())
                .map(|secs| std::time::UNIX_EPOCH + std::time::Duration::from_secs(secs));
            if let Some(time) = sent.or(found.time) {
                std::fs::File::options()
                    .write(true)
                    .open(&path)?
                    .set_modified(time)?;
            }
            // The input's name: the message, then the attachment; a name two
            // attachments of one message share is told apart by a number.
            let base = format!("{}/{name}", source.mail);
            let n = self.taken.entry(base.clone()).or_insert(0);
            *n += 1;
            let rel = if *n == 1 {
                base
            } else {
                format!("{base}（{n}）")
            };
            self.by_hash.insert(hash, out.workbooks.len());
            let sources = if from_mail { vec![source] } else { Vec::new() };
            out.workbooks.push((path, rel, sources));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_attachment(bytes: &[u8]) -> Vec<u8> {
        let mut m = b"From: a@example.cn\r\nSubject: s\r\nMIME-Version: 1.0\r\n\
Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\n\
Content-Type: application/octet-stream; name=\"a.xlsx\"\r\n\r\n"
            .to_vec();
        m.extend_from_slice(bytes);
        m.extend_from_slice(b"\r\n--b--\r\n");
        m
    }

    #[test]
    fn an_attachment_over_the_file_size_cap_is_one_finding_unread() {
        let limits = Limits {
            max_file_bytes: 100,
            ..Limits::default()
        };
        let mut found = Found::new("a.eml".into(), &limits);
        found.message(&with_attachment(&[b'x'; 101]), 0);
        assert!(found.workbooks.is_empty());
        assert_eq!(found.findings.len(), 1);
        assert!(found.findings[0].message.contains("附件过大"));
        assert_eq!(found.findings[0].attachment.as_deref(), Some("a.xlsx"));
        // At the cap it is looked at: not a workbook, so no workbook.
        let mut found = Found::new("a.eml".into(), &limits);
        found.message(&with_attachment(&[b'x'; 100]), 0);
        assert_eq!(found.findings[0].message, "邮件无工作簿附件");
    }

    #[test]
    fn a_forwarded_message_with_a_rar_is_one_finding() {
        let inner = with_attachment(b"Rar!\x1a\x07\x00");
        let mut outer = b"From: f@example.cn\r\nSubject: Fwd\r\nMIME-Version: 1.0\r\n\
Content-Type: multipart/mixed; boundary=\"o\"\r\n\r\n--o\r\n\
Content-Type: message/rfc822\r\n\r\n"
            .to_vec();
        outer.extend_from_slice(&inner);
        outer.extend_from_slice(b"\r\n--o--\r\n");
        let limits = Limits::default();
        let mut found = Found::new("f.eml".into(), &limits);
        found.message(&outer, 0);
        assert_eq!(found.findings.len(), 1, "{:?}", found.findings);
        assert!(found.findings[0].message.contains(".rar"));
    }

    fn mbox(text: &[u8], cap: u64) -> Vec<String> {
        Mbox::new(std::io::Cursor::new(text.to_vec()), cap)
            .map(|m| match m {
                Ok(Boxed::Message(b)) => String::from_utf8_lossy(&b).into_owned(),
                Ok(Boxed::TooBig(n)) => format!("too big {n}"),
                Err(e) => format!("error {e}"),
            })
            .collect()
    }

    #[test]
    fn an_mbox_is_split_at_from_lines_and_a_message_over_the_cap_is_not_kept() {
        let text = b"preamble\nFrom a Wed Mar 15 10:00:00 2023\nSubject: a\n\n>From here\nbody\n\
From b Wed Mar 15 11:00:00 2023\nSubject: b\n\nx\n";
        assert_eq!(
            mbox(text, 1000),
            ["Subject: a\n\nFrom here\nbody\n", "Subject: b\n\nx\n"]
        );
        // The first message is 28 bytes: over a cap of 20 it is only
        // measured, and the next is read as before.
        assert_eq!(mbox(text, 20), ["too big 28", "Subject: b\n\nx\n"]);
        assert!(mbox(b"", 10).is_empty());
    }

    #[test]
    fn a_line_longer_than_a_piece_costs_no_more_than_the_cap() {
        let mut text = b"From a\n".to_vec();
        text.extend(std::iter::repeat_n(b'x', 300_000));
        text.extend_from_slice(b"\nFrom b\nok\n");
        assert_eq!(mbox(&text, 100_000), ["too big 300001", "ok\n"]);
        // "From " inside a long line is no message's start.
        let mut text = b"From a\n".to_vec();
        text.extend(std::iter::repeat_n(b'x', 65_536));
        text.extend_from_slice(b"From b\n");
        assert_eq!(mbox(&text, 1_000_000).len(), 1);
    }

    fn zip_of(entries: &[(&[u8], &[u8])], utf8: bool) -> Vec<u8> {
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for (name, bytes) in entries {
            let options = zip::write::SimpleFileOptions::default();
            if utf8 {
                zip.start_file(String::from_utf8_lossy(name), options)
                    .unwrap();
            } else {
                // Raw bytes as the name, without the UTF-8 flag: what
                // Windows' own zip writes in the local code page.
                zip.start_file_with_options(options.name(name)).unwrap();
            }
            std::io::Write::write_all(&mut zip, bytes).unwrap();
        }
        zip.finish().unwrap().into_inner()
    }

    #[test]
    fn a_zip_attachment_with_no_workbook_and_one_that_cannot_open_are_one_finding_each() {
        let limits = Limits::default();
        let mut found = Found::new("z.eml".into(), &limits);
        found.message(&with_attachment(&zip_of(&[(b"a.txt", b"text")], true)), 0);
        assert!(found.workbooks.is_empty());
        assert_eq!(found.findings.len(), 1, "{:?}", found.findings);
        assert!(found.findings[0].message.contains("没有工作簿"));
        // A bomb: 2 MiB of zeros deflate to a few KiB.
        let bomb = zip_of(&[(b"a.xlsx", &vec![0u8; 2 * 1024 * 1024])], true);
        let mut found = Found::new("z.eml".into(), &limits);
        found.message(&with_attachment(&bomb), 0);
        assert!(found.workbooks.is_empty());
        assert_eq!(found.findings.len(), 1, "{:?}", found.findings);
        assert!(found.findings[0].message.contains("压缩炸弹"));
        // An entry declared over a workbook file's cap is not inflated.
        let small = Limits {
            max_file_bytes: 300,
            ..Limits::default()
        };
        let big = zip_of(&[(b"a.xlsx", &[b'x'; 1000])], true);
        assert!(big.len() < 300);
        let mut found = Found::new("z.eml".into(), &small);
        found.message(&with_attachment(&big), 0);
        assert_eq!(found.findings.len(), 1, "{:?}", found.findings);
        assert!(found.findings[0].message.contains("条目过大"));
        assert_eq!(
            found.findings[0].attachment.as_deref(),
            Some("a.xlsx/a.xlsx")
        );
    }

    #[test]
    fn a_workbook_in_a_zip_made_on_chinese_windows_keeps_its_gbk_name() {
        let workbook = zip_of(&[(b"xl/workbook.xml", b"<workbook/>")], true);
        let (gbk, _, _) = encoding_rs::GBK.encode("甲局自评表.xlsx");
        let archive = zip_of(&[(&gbk, &workbook), (b"readme.txt", b"x")], false);
        let limits = Limits::default();
        let mut found = Found::new("z.eml".into(), &limits);
        found.message(&with_attachment(&archive), 0);
        assert!(found.findings.is_empty(), "{:?}", found.findings);
        assert_eq!(found.workbooks.len(), 1);
        assert_eq!(
            found.workbooks[0].source.attachment,
            "a.xlsx/甲局自评表.xlsx"
        );
        assert_eq!(found.workbooks[0].name, "a.xlsx/甲局自评表.xlsx");
    }

    #[test]
    fn archives_are_named_and_other_files_passed_over() {
        assert!(matches!(
            attachment_kind(b"Rar!\x1a\x07\x00", "a.rar"),
            Attachment::Archive(".rar 压缩包")
        ));
        assert!(matches!(
            attachment_kind(b"%PDF-1.7", "a.xlsx"),
            Attachment::Other
        ));
        // A Word document is a zip, not an archive to open.
        let docx = zip_of(&[(b"word/document.xml", b"<w:document/>")], true);
        assert!(matches!(
            attachment_kind(&docx, "a.docx"),
            Attachment::Other
        ));
        let archive = zip_of(&[(b"a.txt", b"x")], true);
        assert!(matches!(
            attachment_kind(&archive, "a.zip"),
            Attachment::Archive(ZIP)
        ));
        assert!(matches!(
            attachment_kind(b"<html><table></table></html>", "a.xls"),
            Attachment::Workbook(_)
        ));
    }
}
