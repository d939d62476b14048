//! Saved mail written from text and bytes, as mail programs save it:
//! messages with base64 attachments and encoded Chinese names, Outlook
//! `.msg` files (compound files following [MS-OXMSG]) and zips made on
//! Chinese Windows.
#![allow(clippy::unwrap_used)]

/// Base64 in lines of 76, as mail programs write it.
pub fn base64(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for (i, chunk) in bytes.chunks(3).enumerate() {
        if i > 0 && i % 19 == 0 {
            out.push_str("\r\n");
        }
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for k in 0..4 {
            if k <= chunk.len() {
                out.push(ABC[(n >> (18 - 6 * k) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// RFC 2231 percent-encoding of a name in GBK: `filename*=GBK''%B3%BD…`.
pub fn rfc2231_gbk(name: &str) -> String {
    let (bytes, _, _) = encoding_rs::GBK.encode(name);
    let mut out = String::from("GBK''");
    for b in bytes.iter() {
        if b.is_ascii_alphanumeric() || b".-_".contains(b) {
            out.push(*b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// RFC 2047 encoded word in GB18030.
pub fn rfc2047_gb18030(text: &str) -> String {
    let (bytes, _, _) = encoding_rs::GB18030.encode(text);
    format!("=?GB18030?B?{}?=", base64(&bytes))
}

/// RFC 2047 encoded word in UTF-8.
pub fn rfc2047_utf8(text: &str) -> String {
    format!("=?UTF-8?B?{}?=", base64(text.as_bytes()))
}

/// A message with one attachment part: its header lines after
/// `Content-Type`, and its bytes.
/// A message attaching `bytes` under `name`, as an octet stream.
pub fn message_attaching(name: &str, bytes: &[u8]) -> String {
    message(
        "x@example.cn",
        "Wed, 15 Mar 2023 10:00:00 +0800",
        name,
        &format!("{name}@example.cn"),
        Some((
            &format!("Content-Type: application/octet-stream; name=\"{name}\""),
            bytes,
        )),
    )
}

pub fn message(
    from: &str,
    date: &str,
    subject: &str,
    id: &str,
    attachment: Option<(&str, &[u8])>,
) -> String {
    let mut m = format!(
        "From: {from}\r\nTo: czj@example.gov.cn\r\nDate: {date}\r\nSubject: {subject}\r\n\
         Message-ID: <{id}>\r\nMIME-Version: 1.0\r\n\
         Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n\
         --b1\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n请查收。\r\n"
    );
    if let Some((headers, bytes)) = attachment {
        m.push_str(&format!(
            "--b1\r\n{headers}\r\nContent-Transfer-Encoding: base64\r\n\r\n{}\r\n",
            base64(bytes)
        ));
    }
    m.push_str("--b1--\r\n");
    m
}

/// An Outlook message for [`outlook_msg`]: its headers (strings UTF-16 or,
/// with `ansi`, GBK under code page 936, as Outlook on Chinese Windows
/// saves an ANSI .msg) and attachments.
pub struct Msg<'a> {
    pub sender_name: &'a str,
    pub sender_smtp: &'a str,
    pub subject: &'a str,
    pub message_id: &'a str,
    /// Seconds since 1970.
    pub sent: u64,
    pub ansi: bool,
    pub attachments: Vec<MsgAttachment<'a>>,
}

pub enum MsgAttachment<'a> {
    File(&'a str, &'a [u8]),
    Message(Msg<'a>),
}

/// A property stream's entry: type, id, flags, value.
fn prop(kind: u16, id: u16, value: [u8; 8]) -> Vec<u8> {
    let mut e = Vec::with_capacity(16);
    e.extend_from_slice(&kind.to_le_bytes());
    e.extend_from_slice(&id.to_le_bytes());
    e.extend_from_slice(&6u32.to_le_bytes());
    e.extend_from_slice(&value);
    e
}

fn sized(len: usize) -> [u8; 8] {
    let mut v = [0u8; 8];
    v[..4].copy_from_slice(&(len as u32).to_le_bytes());
    v
}

type Cfb = cfb::CompoundFile<std::io::Cursor<Vec<u8>>>;

fn stream(cf: &mut Cfb, path: &str, bytes: &[u8]) {
    let mut s = cf.create_stream(path).unwrap();
    std::io::Write::write_all(&mut s, bytes).unwrap();
}

/// A string property: its substorage stream and its property entry.
fn string_prop(cf: &mut Cfb, dir: &str, id: u16, text: &str, ansi: bool, props: &mut Vec<u8>) {
    let (kind, bytes) = if ansi {
        let (b, _, _) = encoding_rs::GBK.encode(text);
        let mut b = b.into_owned();
        b.push(0);
        (0x001Eu16, b)
    } else {
        let mut b: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
        b.extend_from_slice(&[0, 0]);
        (0x001F, b)
    };
    stream(cf, &format!("{dir}/__substg1.0_{id:04X}{kind:04X}"), &bytes);
    props.extend(prop(kind, id, sized(bytes.len())));
}

fn write_msg(cf: &mut Cfb, dir: &str, m: &Msg<'_>, top: bool) {
    let mut props = Vec::new();
    let filetime = (m.sent + 11_644_473_600) * 10_000_000;
    props.extend(prop(0x0040, 0x0039, filetime.to_le_bytes()));
    props.extend(prop(0x0040, 0x0E06, filetime.to_le_bytes()));
    let mut cp = [0u8; 8];
    cp[..4].copy_from_slice(&(if m.ansi { 936u32 } else { 65001 }).to_le_bytes());
    props.extend(prop(0x0003, 0x3FFD, cp));
    string_prop(cf, dir, 0x0037, m.subject, m.ansi, &mut props);
    string_prop(cf, dir, 0x0C1A, m.sender_name, m.ansi, &mut props);
    // An Exchange sender: the address is an X.500 path, the SMTP address
    // its own property.
    string_prop(
        cf,
        dir,
        0x0C1F,
        "/O=EXCHANGELABS/OU=EXCHANGE ADMINISTRATIVE GROUP/CN=RECIPIENTS/CN=SENDER",
        m.ansi,
        &mut props,
    );
    string_prop(cf, dir, 0x0C1E, "EX", m.ansi, &mut props);
    string_prop(cf, dir, 0x5D01, m.sender_smtp, m.ansi, &mut props);
    string_prop(
        cf,
        dir,
        0x1035,
        &format!("<{}>", m.message_id),
        m.ansi,
        &mut props,
    );
    string_prop(cf, dir, 0x001A, "IPM.Note", m.ansi, &mut props);
    // One recipient, as every sent message has.
    let recip = format!("{dir}/__recip_version1.0_#00000000");
    cf.create_storage(&recip).unwrap();
    let mut rprops = vec![0u8; 8];
    string_prop(cf, &recip, 0x3001, "财政局", m.ansi, &mut rprops);
    string_prop(
        cf,
        &recip,
        0x39FE,
        "czj@example.gov.cn",
        m.ansi,
        &mut rprops,
    );
    stream(cf, &format!("{recip}/__properties_version1.0"), &rprops);
    for (i, a) in m.attachments.iter().enumerate() {
        let at = format!("{dir}/__attach_version1.0_#{i:08X}");
        cf.create_storage(&at).unwrap();
        let mut aprops = vec![0u8; 8];
        match a {
            MsgAttachment::File(name, bytes) => {
                let mut method = [0u8; 8];
                method[0] = 1;
                aprops.extend(prop(0x0003, 0x3705, method));
                string_prop(cf, &at, 0x3707, name, m.ansi, &mut aprops);
                string_prop(cf, &at, 0x3704, "ATTACH~1.XLS", m.ansi, &mut aprops);
                stream(cf, &format!("{at}/__substg1.0_37010102"), bytes);
                aprops.extend(prop(0x0102, 0x3701, sized(bytes.len())));
            }
            MsgAttachment::Message(inner) => {
                let mut method = [0u8; 8];
                method[0] = 5;
                aprops.extend(prop(0x0003, 0x3705, method));
                string_prop(cf, &at, 0x3001, inner.subject, m.ansi, &mut aprops);
                let sub = format!("{at}/__substg1.0_3701000D");
                cf.create_storage(&sub).unwrap();
                write_msg(cf, &sub, inner, false);
                aprops.extend(prop(0x000D, 0x3701, [0xFF; 8]));
            }
        }
        stream(cf, &format!("{at}/__properties_version1.0"), &aprops);
    }
    // The header: 32 bytes for the file's message (with the recipient and
    // attachment counts), 24 for an attached one.
    let n = m.attachments.len() as u32;
    let mut header = vec![0u8; 8];
    header.extend_from_slice(&1u32.to_le_bytes());
    header.extend_from_slice(&n.to_le_bytes());
    header.extend_from_slice(&1u32.to_le_bytes());
    header.extend_from_slice(&n.to_le_bytes());
    if top {
        header.extend_from_slice(&[0u8; 8]);
    }
    header.extend(props);
    stream(cf, &format!("{dir}/__properties_version1.0"), &header);
}

/// A `.msg` following [MS-OXMSG]: the named-property storage, the
/// message's property stream and string streams, a recipient, and each
/// attachment's storage (a file's bytes, or a message attached whole).
pub fn outlook_msg(m: &Msg<'_>) -> Vec<u8> {
    let mut cf = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new())).unwrap();
    cf.create_storage("/__nameid_version1.0").unwrap();
    for s in ["00020102", "00030102", "00040102"] {
        stream(
            &mut cf,
            &format!("/__nameid_version1.0/__substg1.0_{s}"),
            &[],
        );
    }
    write_msg(&mut cf, "", m, true);
    cf.flush().unwrap();
    cf.into_inner().into_inner()
}

/// A zip as Windows' own "send to compressed folder" makes it on Chinese
/// Windows: names in GBK, without the UTF-8 flag.
pub fn gbk_zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in entries {
        let (gbk, _, _) = encoding_rs::GBK.encode(name);
        let options = zip::write::SimpleFileOptions::default().name(&gbk);
        zip.start_file_with_options(options).unwrap();
        std::io::Write::write_all(&mut zip, bytes).unwrap();
    }
    zip.finish().unwrap().into_inner()
}
