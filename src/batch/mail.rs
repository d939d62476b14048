//! Workbooks straight from saved mail: `.eml` files, mbox files and
//! Maildir folders in the input folder are opened, and every attachment
//! that is a workbook by its content is saved into the run's state folder,
//! to be checked like a workbook saved by hand, with where it came from
//! (sender, date sent, subject, message id, attachment name) kept for the
//! summary. What a message holds that is not a workbook is a finding of
//! its own (`MailFinding`); none of them stops the run.

use std::collections::HashMap;
use std::io::Read as _;
use std::path::{Path, PathBuf};

use mail_parser::{Message, MessageParser, MimeHeaders as _};
use serde::{Deserialize, Serialize};

use crate::ingest::guard::{Limits, Refusal, check_size};
use crate::ingest::sniff::{Sniffed, sniff};

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
    /// Outlook's `.msg`: not read yet.
    Outlook,
}

/// Which kind of saved mail `path` is, if any: by extension (`.eml`,
/// `.mbox`, `.msg`), by place (a file in a Maildir's `cur`, `new` or `tmp`
/// beside the other two) or, for a file without an extension, by an mbox's
/// first bytes. Only regular files are opened.
pub(crate) fn kind(path: &Path) -> Option<MailKind> {
    let ext = path.extension().map(|e| e.to_string_lossy().to_lowercase());
    match ext.as_deref() {
        Some("eml") => return Some(MailKind::Message),
        Some("mbox" | "mbx") => return Some(MailKind::Mbox),
        Some("msg") => return Some(MailKind::Outlook),
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
    let mut by_hash: HashMap<String, usize> = HashMap::new();
    let mut taken: HashMap<String, usize> = HashMap::new();
    for (path, rel, kind) in files {
        match kind {
            MailKind::Outlook => out.findings.push(unreadable(
                rel.clone(),
                "Outlook 邮件（.msg）暂不支持：请另存为 .eml，或直接保存其中的工作簿".into(),
            )),
            MailKind::Message => match read_capped(path, message_cap(limits)) {
                Ok(bytes) => {
                    let mut found = Found::new(rel.clone(), limits);
                    found.message(&bytes, 0);
                    save(found, into, &mut out, &mut by_hash, &mut taken)?;
                }
                Err(why) => out.findings.push(unreadable(rel.clone(), why)),
            },
            MailKind::Mbox => {
                let file = match std::fs::File::open(path) {
                    Ok(f) => f,
                    Err(e) => {
                        out.findings
                            .push(unreadable(rel.clone(), format!("无法打开：{e}")));
                        continue;
                    }
                };
                let messages =
                    mail_parser::mailbox::mbox::MessageIterator::new(std::io::BufReader::new(file));
                let mut none = true;
                for (i, message) in messages.enumerate() {
                    none = false;
                    let name = format!("{rel} 第{}封", i + 1);
                    match message {
                        Ok(m) if m.contents().len() as u64 > message_cap(limits) => out
                            .findings
                            .push(unreadable(name, too_big(m.contents().len() as u64))),
                        Ok(m) => {
                            let mut found = Found::new(name, limits);
                            found.message(m.contents(), 0);
                            save(found, into, &mut out, &mut by_hash, &mut taken)?;
                        }
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
    let file = std::fs::File::open(path).map_err(|e| format!("无法打开：{e}"))?;
    let mut bytes = Vec::new();
    file.take(cap + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("无法读取：{e}"))?;
    if bytes.len() as u64 > cap {
        return Err(too_big(bytes.len() as u64));
    }
    Ok(bytes)
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

/// What one message gave: its workbooks and its findings.
struct Found<'l> {
    mail: String,
    limits: &'l Limits,
    workbooks: Vec<(Vec<u8>, MailSource, &'static str)>,
    findings: Vec<MailFinding>,
}

impl<'l> Found<'l> {
    fn new(mail: String, limits: &'l Limits) -> Self {
        Found {
            mail,
            limits,
            workbooks: Vec::new(),
            findings: Vec::new(),
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
        let subject = message.subject().map(str::to_string);
        // A multipart message whose closing boundary is missing was cut
        // off (saved or copied only in part): its last parts are lost.
        let cut_off = message
            .content_type()
            .filter(|c| c.ctype().eq_ignore_ascii_case("multipart"))
            .and_then(|c| c.attribute("boundary"))
            .is_some_and(|b| memchr::memmem::find(raw, format!("--{b}--").as_bytes()).is_none());
        let mail = self.mail.clone();
        let finding = |attachment: Option<String>, severity, message: String| MailFinding {
            mail: mail.clone(),
            subject: subject.clone(),
            attachment,
            severity,
            message,
        };
        let mut findings = Vec::new();
        for part in message.attachments() {
            let name = part
                .attachment_name()
                .map_or_else(|| "（未命名附件）".to_string(), str::to_string);
            if let Some(inner) = part.message() {
                if depth == 0 {
                    self.message(inner.raw_message(), depth + 1);
                } else {
                    findings.push(finding(
                        Some(name),
                        "warning",
                        "邮件中附带的邮件又附带邮件，未打开：请直接发送工作簿".into(),
                    ));
                }
                continue;
            }
            let bytes = part.contents();
            // The cap of a workbook file, as if the attachment were saved.
            if let Err(Refusal::TooLarge { what }) = check_size(bytes.len() as u64, self.limits) {
                findings.push(finding(
                    Some(name),
                    "warning",
                    format!("附件过大：{what}，未读取"),
                ));
                continue;
            }
            match attachment_kind(bytes, &name) {
                Attachment::Workbook(ext) => {
                    self.workbooks
                        .push((bytes.to_vec(), source(&self.mail, &message, &name), ext))
                }
                Attachment::Archive(what) => findings.push(finding(
                    Some(name),
                    "warning",
                    format!("{what}附件暂不支持：请直接发送工作簿"),
                )),
                Attachment::Other => {}
            }
        }
        if cut_off {
            findings.push(finding(
                None,
                "warning",
                "邮件不完整（缺少结尾，可能未完整保存），其后的附件已丢失：请重新保存或请单位重新发送"
                    .into(),
            ));
        }
        // A message whose attached message said something has had its say.
        if depth == 0
            && (self.workbooks.len(), self.findings.len()) == before
            && findings.is_empty()
        {
            findings.push(finding(None, "warning", "邮件无工作簿附件".into()));
        }
        self.findings.extend(findings);
    }
}

/// What an attachment is, by its content.
enum Attachment {
    /// A workbook, or what the workbook checks should explain (encrypted,
    /// damaged, a format jixiao does not read), with the extension to save
    /// it under.
    Workbook(&'static str),
    /// A compressed archive jixiao does not open; names it.
    Archive(&'static str),
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
        Sniffed::NotWorkbook(_) if bytes.starts_with(b"PK") => Attachment::Archive(".zip 压缩包"),
        _ => Attachment::Other,
    }
}

fn source(mail: &str, message: &Message<'_>, attachment: &str) -> MailSource {
    let sender = message
        .from()
        .and_then(|a| a.first())
        .map(|a| match (a.name(), a.address()) {
            (Some(n), Some(d)) => format!("{n} <{d}>"),
            (Some(n), None) => n.to_string(),
            (None, Some(d)) => d.to_string(),
            (None, None) => String::new(),
        });
    MailSource {
        mail: mail.to_string(),
        sender: sender.filter(|s| !s.is_empty()),
        sent: message.date().map(mail_parser::DateTime::to_rfc3339),
        subject: message.subject().map(str::to_string),
        message_id: message.message_id().map(str::to_string),
        attachment: attachment.to_string(),
    }
}

/// Saves one message's workbooks (a copy already saved gains a source) and
/// keeps its findings. A saved workbook's file time is its date sent, so
/// that of two versions of one submission filled on the same day the one
/// sent later supersedes the other.
fn save(
    found: Found<'_>,
    into: &Path,
    out: &mut Unpacked,
    by_hash: &mut HashMap<String, usize>,
    taken: &mut HashMap<String, usize>,
) -> std::io::Result<()> {
    out.findings.extend(found.findings);
    for (bytes, source, ext) in found.workbooks {
        let hash = blake3::hash(&bytes).to_hex().to_string();
        if let Some(&at) = by_hash.get(&hash) {
            out.workbooks[at].2.push(source);
            continue;
        }
        let path = into.join(format!("{}.{ext}", &hash[..16]));
        std::fs::write(&path, &bytes)?;
        let sent = source
            .sent
            .as_deref()
            .and_then(|s| chrono::DateTime::parse_from_rfc3339(s).ok())
            .and_then(|d| u64::try_from(d.timestamp()).ok());
        if let Some(secs) = sent {
            let time = std::time::UNIX_EPOCH + std::time::Duration::from_secs(secs);
            std::fs::File::options()
                .write(true)
                .open(&path)?
                .set_modified(time)?;
        }
        // The input's name: the message, then the attachment; a name two
        // attachments of one message share is told apart by a number.
        let base = format!("{}/{}", source.mail, source.attachment.replace('/', "_"));
        let n = taken.entry(base.clone()).or_insert(0);
        *n += 1;
        let rel = if *n == 1 {
            base
        } else {
            format!("{base}（{n}）")
        };
        by_hash.insert(hash, out.workbooks.len());
        out.workbooks.push((path, rel, vec![source]));
    }
    Ok(())
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
        assert!(matches!(
            attachment_kind(b"<html><table></table></html>", "a.xls"),
            Attachment::Workbook(_)
        ));
    }
}
