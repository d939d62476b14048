//! Outlook's own saved messages (`.msg`, [MS-OXMSG]): a compound file whose
//! streams are the message's properties. What the batch needs of one is
//! what it needs of any mail: sender, date sent (PR_CLIENT_SUBMIT_TIME),
//! subject, message id (PR_INTERNET_MESSAGE_ID) and the attachments, each
//! a file (PR_ATTACH_DATA_BIN with PR_ATTACH_LONG_FILENAME) or a message
//! attached whole. Strings are UTF-16 (Unicode .msg) or in the message's
//! code page (ANSI .msg, GBK on Chinese Windows).
//!
//! Read here with the `cfb` crate the workbook readers already use: the
//! .msg crates published for Rust pin an old `cfb` and read no code page,
//! and the few properties needed are a short table away.

use std::io::{Cursor, Read as _};
use std::path::{Path, PathBuf};

/// PT_LONG, PT_SYSTIME, PT_STRING8, PT_UNICODE, PT_BINARY, PT_OBJECT.
const PT_LONG: u16 = 0x0003;
const PT_SYSTIME: u16 = 0x0040;
const PT_STRING8: u16 = 0x001E;
const PT_UNICODE: u16 = 0x001F;
const PT_BINARY: u16 = 0x0102;
const PT_OBJECT: u16 = 0x000D;

const PR_SUBJECT: u16 = 0x0037;
const PR_CLIENT_SUBMIT_TIME: u16 = 0x0039;
const PR_MESSAGE_DELIVERY_TIME: u16 = 0x0E06;
const PR_SENT_REPRESENTING_NAME: u16 = 0x0042;
const PR_SENDER_NAME: u16 = 0x0C1A;
const PR_SENDER_EMAIL_ADDRESS: u16 = 0x0C1F;
const PR_SENDER_SMTP_ADDRESS: u16 = 0x5D01;
const PR_INTERNET_MESSAGE_ID: u16 = 0x1035;
const PR_INTERNET_CPID: u16 = 0x3FDE;
const PR_MESSAGE_CODEPAGE: u16 = 0x3FFD;
const PR_ATTACH_DATA: u16 = 0x3701;
const PR_ATTACH_FILENAME: u16 = 0x3704;
const PR_ATTACH_LONG_FILENAME: u16 = 0x3707;
const PR_DISPLAY_NAME: u16 = 0x3001;

const PROPERTIES: &str = "__properties_version1.0";
const ATTACH_PREFIX: &str = "__attach_version1.0_#";

/// The longest string property read (a subject, a name): more is cut off.
const MAX_STRING_BYTES: u64 = 64 * 1024;

/// One message of a `.msg`: its headers and attachments.
#[derive(Debug, Default)]
pub(crate) struct Outlook {
    /// `名称 <地址>`, or either alone.
    pub sender: Option<String>,
    /// The date sent, RFC 3339 in UTC.
    pub sent: Option<String>,
    pub subject: Option<String>,
    /// Without angle brackets.
    pub message_id: Option<String>,
    pub attachments: Vec<Attached>,
}

/// One attachment of a `.msg`.
#[derive(Debug)]
pub(crate) enum Attached {
    /// A file, its bytes read.
    File { name: String, bytes: Vec<u8> },
    /// A file larger than the cap, not read: its length.
    TooLarge { name: String, len: u64 },
    /// A message attached whole (one level down), read.
    Message { name: String, message: Outlook },
    /// A message attached to an attached message: not opened.
    Deeper { name: String },
}

/// Whether `bytes` are an Outlook message: a compound file with a
/// property stream and no workbook.
pub(crate) fn is_outlook(bytes: &[u8]) -> bool {
    cfb::CompoundFile::open(Cursor::new(bytes))
        .is_ok_and(|c| c.is_stream(Path::new("/").join(PROPERTIES)))
}

/// Reads a `.msg`; an attachment over `max_attachment` bytes is not read.
/// A file that is no compound file or has no property stream is an error.
pub(crate) fn read(bytes: &[u8], max_attachment: u64) -> Result<Outlook, String> {
    let mut file = cfb::CompoundFile::open(Cursor::new(bytes))
        .map_err(|e| format!("不是 Outlook 邮件（{e}）"))?;
    let root = PathBuf::from("/");
    if !file.is_stream(root.join(PROPERTIES)) {
        return Err("不是 Outlook 邮件（缺少属性流）".into());
    }
    // A top-level message's property stream has a 32-byte header.
    message(&mut file, &root, 32, 0, max_attachment)
}

type File<'a> = cfb::CompoundFile<Cursor<&'a [u8]>>;

/// A fixed-size property from a property stream: its type and 8 bytes.
struct Fixed {
    id: u16,
    kind: u16,
    value: [u8; 8],
}

/// The fixed-size entries of the property stream in `dir`, after its
/// header of `header` bytes (32 for a message, 24 for an attached one, 8
/// for an attachment).
fn fixed(file: &mut File<'_>, dir: &Path, header: usize) -> Vec<Fixed> {
    let Some(bytes) = stream(file, &dir.join(PROPERTIES), 4 * 1024 * 1024) else {
        return Vec::new();
    };
    bytes
        .get(header..)
        .unwrap_or_default()
        .chunks_exact(16)
        .map(|e| Fixed {
            kind: u16::from_le_bytes([e[0], e[1]]),
            id: u16::from_le_bytes([e[2], e[3]]),
            value: [e[8], e[9], e[10], e[11], e[12], e[13], e[14], e[15]],
        })
        .collect()
}

/// A stream's bytes, if it exists and is at most `cap` bytes (more is cut).
fn stream(file: &mut File<'_>, path: &Path, cap: u64) -> Option<Vec<u8>> {
    let mut s = file.open_stream(path).ok()?;
    let mut out = Vec::new();
    (&mut s).take(cap).read_to_end(&mut out).ok()?;
    Some(out)
}

fn substg(dir: &Path, id: u16, kind: u16) -> PathBuf {
    dir.join(format!("__substg1.0_{id:04X}{kind:04X}"))
}

/// A string property: UTF-16LE when stored so, else in `encoding` (the
/// message's code page).
fn string(
    file: &mut File<'_>,
    dir: &Path,
    id: u16,
    encoding: Option<&'static encoding_rs::Encoding>,
) -> Option<String> {
    let text = if let Some(b) = stream(file, &substg(dir, id, PT_UNICODE), MAX_STRING_BYTES) {
        let units: Vec<u16> = b
            .chunks_exact(2)
            .map(|c| u16::from_le_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    } else {
        let b = stream(file, &substg(dir, id, PT_STRING8), MAX_STRING_BYTES)?;
        ansi(&b, encoding)
    };
    let text = text.trim_end_matches('\0').trim();
    (!text.is_empty()).then(|| text.to_string())
}

/// 8-bit text in the message's code page; without one, UTF-8 when it is
/// valid, else GB18030 (GBK's superset): the code page of the Chinese
/// Windows these messages are saved on.
fn ansi(bytes: &[u8], encoding: Option<&'static encoding_rs::Encoding>) -> String {
    match encoding {
        Some(e) => e.decode_without_bom_handling(bytes).0.into_owned(),
        None => match std::str::from_utf8(bytes) {
            Ok(s) => s.to_string(),
            Err(_) => encoding_rs::GB18030
                .decode_without_bom_handling(bytes)
                .0
                .into_owned(),
        },
    }
}

/// A FILETIME (100 ns since 1601) as RFC 3339 in UTC.
fn filetime(value: [u8; 8]) -> Option<String> {
    let ticks = u64::from_le_bytes(value);
    let secs = i64::try_from(ticks / 10_000_000).ok()? - 11_644_473_600;
    let at = chrono::DateTime::from_timestamp(secs, 0)?;
    Some(at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
}

/// One message at `dir`: its properties and attachments. `depth` 0 is the
/// file's message, 1 a message attached to it, whose own attached
/// messages are listed, not read.
fn message(
    file: &mut File<'_>,
    dir: &Path,
    header: usize,
    depth: usize,
    max_attachment: u64,
) -> Result<Outlook, String> {
    let props = fixed(file, dir, header);
    let long = |id: u16| {
        props
            .iter()
            .find(|p| p.id == id && p.kind == PT_LONG)
            .map(|p| u32::from_le_bytes([p.value[0], p.value[1], p.value[2], p.value[3]]))
    };
    let encoding = long(PR_MESSAGE_CODEPAGE)
        .or_else(|| long(PR_INTERNET_CPID))
        .and_then(|cp| u16::try_from(cp).ok())
        .and_then(codepage::to_encoding_no_replacement);
    let time = |id: u16| {
        props
            .iter()
            .find(|p| p.id == id && p.kind == PT_SYSTIME)
            .and_then(|p| filetime(p.value))
    };
    let sent = time(PR_CLIENT_SUBMIT_TIME).or_else(|| time(PR_MESSAGE_DELIVERY_TIME));
    let name = string(file, dir, PR_SENDER_NAME, encoding)
        .or_else(|| string(file, dir, PR_SENT_REPRESENTING_NAME, encoding));
    // An Exchange sender's address is an X.500 path: the SMTP address
    // property says the address mail programs show.
    let address = string(file, dir, PR_SENDER_SMTP_ADDRESS, encoding).or_else(|| {
        string(file, dir, PR_SENDER_EMAIL_ADDRESS, encoding).filter(|a| a.contains('@'))
    });
    let sender = match (name, address) {
        (Some(n), Some(a)) if n != a => Some(format!("{n} <{a}>")),
        (Some(n), _) => Some(n),
        (None, a) => a,
    };
    let mut out = Outlook {
        sender,
        sent,
        subject: string(file, dir, PR_SUBJECT, encoding),
        message_id: string(file, dir, PR_INTERNET_MESSAGE_ID, encoding)
            .map(|id| id.trim_start_matches('<').trim_end_matches('>').to_string()),
        attachments: Vec::new(),
    };
    let mut storages: Vec<PathBuf> = file
        .read_storage(dir)
        .map_err(|e| format!("邮件结构已损坏（{e}）"))?
        .filter(|e| e.is_storage() && e.name().starts_with(ATTACH_PREFIX))
        .map(|e| e.path().to_path_buf())
        .collect();
    storages.sort();
    for at in storages {
        let name = string(file, &at, PR_ATTACH_LONG_FILENAME, encoding)
            .or_else(|| string(file, &at, PR_ATTACH_FILENAME, encoding))
            .or_else(|| string(file, &at, PR_DISPLAY_NAME, encoding))
            .unwrap_or_else(|| "（未命名附件）".to_string());
        let data = substg(&at, PR_ATTACH_DATA, PT_BINARY);
        let embedded = substg(&at, PR_ATTACH_DATA, PT_OBJECT);
        if file.is_storage(&embedded) {
            out.attachments.push(if depth == 0 {
                // An attached message's property stream has a 24-byte header.
                Attached::Message {
                    name,
                    message: message(file, &embedded, 24, depth + 1, max_attachment)?,
                }
            } else {
                Attached::Deeper { name }
            });
        } else if let Ok(entry) = file.entry(&data) {
            let len = entry.len();
            if len > max_attachment {
                out.attachments.push(Attached::TooLarge { name, len });
            } else if let Some(bytes) = stream(file, &data, max_attachment) {
                out.attachments.push(Attached::File { name, bytes });
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_filetime_is_read_as_utc() {
        // 2023-03-14T01:30:00Z.
        let secs: u64 = 1_678_757_400 + 11_644_473_600;
        let ticks = secs * 10_000_000;
        assert_eq!(
            filetime(ticks.to_le_bytes()).as_deref(),
            Some("2023-03-14T01:30:00Z")
        );
    }

    #[test]
    fn ansi_text_without_a_code_page_is_utf8_or_gbk() {
        let (gbk, _, _) = encoding_rs::GBK.encode("辰溪县");
        assert_eq!(ansi(&gbk, None), "辰溪县");
        assert_eq!(ansi("辰溪县".as_bytes(), None), "辰溪县");
        let big5 = codepage::to_encoding_no_replacement(950);
        let (b, _, _) = encoding_rs::BIG5.encode("辰溪縣");
        assert_eq!(ansi(&b, big5), "辰溪縣");
    }

    #[test]
    fn what_is_no_msg_is_refused() {
        assert!(read(b"not a compound file", 100).is_err());
        assert!(!is_outlook(b"not a compound file"));
    }
}
