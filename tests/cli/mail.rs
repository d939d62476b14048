//! `jixiao run` on saved mail: an .eml, an mbox and a Maildir give the same
//! outputs as their attachments saved by hand, with where each came from in
//! the summary and never in the public report; bad mail is one finding each
//! and the batch goes on. The messages are written here from text, the
//! workbooks' bytes base64-encoded into them.

use std::path::Path;

use serde_json::Value;

use crate::support::mail::{
    Msg, MsgAttachment, gbk_zip, message, message_attaching, outlook_msg, rfc2047_gb18030,
    rfc2047_utf8, rfc2231_gbk,
};
use crate::support::workbook::{build, clean_inputs, clean_of, jixiao, put, root, text};

fn run(dir: &Path) -> (i32, Value) {
    let out = jixiao(dir)
        .args(["run", "in", "-o", "out", "--quiet"])
        .output()
        .unwrap();
    let summary = std::fs::read_to_string(dir.join("out/summary.json")).unwrap();
    (
        out.status.code().unwrap_or(-1),
        serde_json::from_str(&summary).unwrap(),
    )
}

fn fields(u: &Value) -> Value {
    serde_json::json!({
        "folder": u["folder"], "status": u["status"], "score": u["score"],
        "grade": u["grade"], "errors": u["errors"], "warnings": u["warnings"],
        "notes": u["notes"], "first_error": u["first_error"], "year": u["year"],
        "unit": u["unit"],
    })
}

fn by_folder(s: &Value) -> Vec<Value> {
    let mut rows: Vec<Value> = s["units"].as_array().unwrap().iter().map(fields).collect();
    rows.sort_by_key(|r| r["folder"].to_string());
    rows
}

/// The codes of a folder's diagnostics, in order.
/// Runs the batch on the attachments saved by hand and on the mail: the
/// same exit code, the same `rows` summary rows, the same findings in each
/// folder. The mail run's summary.
fn same_as_saved_by_hand(hand: &Path, mail: &Path, rows: usize) -> Value {
    let (hand_code, hand_summary) = run(hand);
    let (mail_code, mail_summary) = run(mail);
    assert_eq!(mail_code, hand_code);
    let by = by_folder(&mail_summary);
    assert_eq!(by, by_folder(&hand_summary));
    assert_eq!(by.len(), rows);
    for row in &by {
        let folder = row["folder"].as_str().unwrap();
        assert_eq!(
            codes(&mail.join("out"), folder),
            codes(&hand.join("out"), folder),
            "{folder}"
        );
    }
    mail_summary
}

fn codes(out: &Path, folder: &str) -> Vec<String> {
    let text = std::fs::read_to_string(out.join(folder).join("diagnostics.json")).unwrap();
    let v: Value = serde_json::from_str(&text).unwrap();
    let mut codes = Vec::new();
    for file in v["files"].as_array().unwrap() {
        for f in file["findings"].as_array().unwrap() {
            codes.push(format!("{} {}", f["code"], f["location"]));
        }
    }
    codes
}

const SENDER: &str = "chenxi-ybj@example.cn";
const SUBJECT: &str = "辰溪县医疗保障局2022年度绩效自评表";

#[test]
fn mail_gives_the_outputs_of_its_attachments_saved_by_hand_and_says_where_from() {
    let chenxi = std::fs::read(root().join("input/chenxi-2022.xlsx")).unwrap();
    let jia = clean_of("甲局", (2023, 3, 1));
    let yi = clean_of("乙局", (2023, 3, 2));

    let hand = tempfile::tempdir().unwrap();
    put(hand.path(), "in/辰溪.xlsx", &chenxi);
    put(hand.path(), "in/甲局.xlsx", &jia);
    put(hand.path(), "in/乙局.xlsx", &yi);

    let mail = tempfile::tempdir().unwrap();
    let chenxi_name = "辰溪县医疗保障局2022年自评表.xlsx";
    let eml = message(
        &format!("{} <{SENDER}>", rfc2047_gb18030("辰溪县医保局")),
        "Tue, 14 Mar 2023 09:30:00 +0800",
        &rfc2047_gb18030(SUBJECT),
        "a1@example.cn",
        Some((
            &format!(
                "Content-Type: application/octet-stream\r\nContent-Disposition: attachment; filename*={}",
                rfc2231_gbk(chenxi_name)
            ),
            &chenxi,
        )),
    );
    put(mail.path(), "in/辰溪.eml", eml.as_bytes());
    let mbox = format!(
        "From jia@example.cn Wed Mar 15 10:00:00 2023\r\n{}\r\nFrom yi@example.cn Wed Mar 15 11:00:00 2023\r\n{}\r\n",
        message(
            "jia@example.cn",
            "Wed, 15 Mar 2023 10:00:00 +0800",
            &rfc2047_utf8("甲局自评表"),
            "m1@example.cn",
            Some((
                &format!(
                    "Content-Type: application/vnd.ms-excel; name=\"{}\"\r\nContent-Disposition: attachment",
                    rfc2047_utf8("甲局.xlsx")
                ),
                &jia,
            )),
        ),
        message(
            "yi@example.cn",
            "Wed, 15 Mar 2023 11:00:00 +0800",
            "no attachment",
            "m2@example.cn",
            None,
        ),
    );
    put(mail.path(), "in/收件箱.mbox", mbox.as_bytes());
    put(
        mail.path(),
        "in/Maildir/new/1678850000.M1P1.host",
        message(
            "yi@example.cn",
            "Thu, 16 Mar 2023 08:00:00 +0800",
            "yi",
            "d1@example.cn",
            Some((
                "Content-Type: image/png; name=\"yi.png\"\r\nContent-Disposition: attachment; filename=\"yi.png\"",
                &yi,
            )),
        )
        .as_bytes(),
    );
    std::fs::create_dir_all(mail.path().join("in/Maildir/cur")).unwrap();
    std::fs::create_dir_all(mail.path().join("in/Maildir/tmp")).unwrap();

    let mail_summary = same_as_saved_by_hand(hand.path(), mail.path(), 3);

    // Where each came from, the Chinese names decoded.
    let units = mail_summary["units"].as_array().unwrap();
    let from = |unit: &str| {
        units
            .iter()
            .find(|u| u["unit"].as_str().is_some_and(|n| n.contains(unit)))
            .unwrap()["mail"][0]
            .clone()
    };
    let c = from("辰溪");
    assert_eq!(c["attachment"], chenxi_name);
    assert_eq!(c["subject"], SUBJECT);
    assert_eq!(c["sender"], format!("辰溪县医保局 <{SENDER}>"));
    assert_eq!(c["message_id"], "a1@example.cn");
    assert_eq!(c["mail"], "辰溪.eml");
    assert!(
        c["sent"]
            .as_str()
            .unwrap()
            .starts_with("2023-03-14T09:30:00")
    );
    let j = from("甲局");
    assert_eq!(j["attachment"], "甲局.xlsx");
    assert_eq!(j["subject"], "甲局自评表");
    assert_eq!(j["mail"], "收件箱.mbox 第1封");
    // A workbook named and typed as a picture is still a workbook.
    assert_eq!(from("乙局")["attachment"], "yi.png");
    let findings = mail_summary["mail_findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(findings[0]["mail"], "收件箱.mbox 第2封");
    assert_eq!(findings[0]["message"], "邮件无工作簿附件");
    assert!(
        std::fs::read_to_string(mail.path().join("out/index.html"))
            .unwrap()
            .contains("邮件无工作簿附件")
    );

    // summary.xlsx has the column, with the sender and the attachment.
    let xlsx = std::fs::read(mail.path().join("out/summary.xlsx")).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).unwrap();
    let mut xml = String::new();
    for i in 0..zip.len() {
        std::io::Read::read_to_string(&mut zip.by_index(i).unwrap(), &mut xml).unwrap();
    }
    for needle in ["来源邮件", SENDER, chenxi_name] {
        assert!(xml.contains(needle), "{needle}");
    }

    // The public report knows nothing of the mail.
    let folder = units
        .iter()
        .find(|u| u["unit"].as_str().is_some_and(|n| n.contains("辰溪")))
        .unwrap()["folder"]
        .as_str()
        .unwrap()
        .to_string();
    for name in ["report.public.html", "report.html", "report.md"] {
        let path = mail.path().join("out").join(&folder).join(name);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(!text.contains(SENDER), "{name}");
        assert!(!text.contains(SUBJECT), "{name}");
    }
    assert!(
        mail.path()
            .join("out")
            .join(&folder)
            .join("report.public.html")
            .is_file()
    );

    // The same workbook from two messages is one workbook; a second run
    // skips it as unchanged.
    let again = message(
        SENDER,
        "Wed, 15 Mar 2023 09:30:00 +0800",
        "Fwd",
        "a2@example.cn",
        Some((
            "Content-Type: application/octet-stream; name=\"copy.xlsx\"",
            &chenxi,
        )),
    );
    // Named after the first: the workbook keeps its input name.
    put(mail.path(), "in/附/again.eml", again.as_bytes());
    let (_, twice) = run(mail.path());
    assert_eq!(by_folder(&twice), by_folder(&mail_summary));
    assert_eq!(twice["counts"]["skipped"], 3);
    let c = twice["units"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["unit"].as_str().is_some_and(|n| n.contains("辰溪")))
        .unwrap()
        .clone();
    assert_eq!(c["mail"].as_array().unwrap().len(), 2);
}

#[test]
fn bad_mail_is_one_finding_each_and_the_batch_goes_on() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let good = clean_of("甲局", (2023, 3, 1));
    put(dir, "in/甲局.xlsx", &good);
    let attach = message_attaching;
    put(
        dir,
        "in/rar.eml",
        attach("a.rar", b"Rar!\x1a\x07\x01\x00rest").as_bytes(),
    );
    put(
        dir,
        "in/7z.eml",
        attach("a.7z", b"7z\xbc\xaf\x27\x1c\x00\x04rest").as_bytes(),
    );
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    zip.start_file("a.txt", zip::write::SimpleFileOptions::default())
        .unwrap();
    std::io::Write::write_all(&mut zip, b"not a workbook").unwrap();
    let zip = zip.finish().unwrap().into_inner();
    put(dir, "in/zip.eml", attach("a.zip", &zip).as_bytes());
    put(
        dir,
        "in/outlook.msg",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 not read",
    );
    put(dir, "in/garbage.eml", &[0u8, 159, 146, 150, 0, 0, 1, 2]);
    // A message cut off in the middle of its attachment: one finding.
    let truncated = attach("cut.xlsx", &good);
    put(
        dir,
        "in/truncated.eml",
        &truncated.as_bytes()[..truncated.len() / 2],
    );
    // A message forwarded as an attachment is looked inside once.
    let inner = attach("乙局.xlsx", &clean_of("乙局", (2023, 3, 2)));
    let forwarded = format!(
        "From: fwd@example.cn\r\nSubject: Fwd\r\nMessage-ID: <f@example.cn>\r\nMIME-Version: 1.0\r\n\
         Content-Type: multipart/mixed; boundary=\"o\"\r\n\r\n--o\r\nContent-Type: text/plain\r\n\r\nfwd\r\n\
         --o\r\nContent-Type: message/rfc822\r\nContent-Disposition: attachment\r\n\r\n{inner}\r\n--o--\r\n"
    );
    put(dir, "in/forwarded.eml", forwarded.as_bytes());

    let (code, s) = run(dir);
    assert_eq!(code, 0, "{s}");
    let units = s["units"].as_array().unwrap();
    let status = |unit: &str| {
        units
            .iter()
            .find(|u| u["unit"] == unit)
            .unwrap_or_else(|| panic!("{unit}: {units:?}"))["status"]
            .clone()
    };
    assert_eq!(status("甲局"), "passed");
    assert_eq!(status("乙局"), "passed");
    assert_eq!(units.len(), 2, "{units:?}");
    let findings = s["mail_findings"].as_array().unwrap();
    let of = |mail: &str| {
        findings
            .iter()
            .filter(|f| f["mail"] == mail)
            .map(|f| f["message"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    for (mail, says) in [
        ("rar.eml", ".rar"),
        ("7z.eml", ".7z"),
        ("zip.eml", ".zip"),
        ("outlook.msg", "Outlook 邮件无法解析"),
        ("garbage.eml", "无法解析"),
        ("truncated.eml", "不完整"),
    ] {
        let got = of(mail);
        assert_eq!(got.len(), 1, "{mail}: {findings:?}");
        assert!(got[0].contains(says), "{mail}: {got:?}");
    }
    assert!(of("forwarded.eml").is_empty(), "{findings:?}");
    assert_eq!(findings.len(), 6, "{findings:?}");
    for f in findings {
        assert_ne!(f["severity"], "error");
    }

    // The console says how many and names each; summary.xlsx has a sheet.
    let out = jixiao(dir)
        .args(["run", "in", "-o", "out"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stdout.contains("邮件问题 6"), "{stdout}");
    let lines: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("邮件问题："))
        .collect();
    assert_eq!(lines.len(), 6, "{stderr}");
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("邮件问题：rar.eml《a.rar》附件“a.rar”：")),
        "{lines:?}"
    );
    let xlsx = std::fs::read(dir.join("out/summary.xlsx")).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(xlsx)).unwrap();
    let mut workbook = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("xl/workbook.xml").unwrap(), &mut workbook)
        .unwrap();
    assert!(workbook.contains("name=\"邮件\""), "{workbook}");
    let mut xml = String::new();
    for i in 0..zip.len() {
        std::io::Read::read_to_string(&mut zip.by_index(i).unwrap(), &mut xml).unwrap();
    }
    for f in findings {
        assert!(xml.contains(f["message"].as_str().unwrap()), "{f}");
    }
}

#[test]
fn of_two_versions_filled_the_same_day_the_one_sent_later_supersedes() {
    let version = |contact: &str| {
        let mut inputs = clean_inputs();
        inputs.scalars.insert("unit_name".into(), text("丙局"));
        inputs.scalars.remove("unit_code");
        inputs.scalars.insert("contact_name".into(), text(contact));
        build(&inputs)
    };
    let (first, second) = (version("王五"), version("赵六"));
    assert_ne!(first, second);
    // Whichever file name comes first, the date sent decides.
    for (early_file, late_file) in [("a.eml", "b.eml"), ("b.eml", "a.eml")] {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        let send = |date: &str, id: &str, bytes: &[u8]| {
            message(
                "bing@example.cn",
                date,
                "丙局",
                id,
                Some((
                    "Content-Type: application/octet-stream; name=\"丙局.xlsx\"",
                    bytes,
                )),
            )
        };
        put(
            dir,
            &format!("in/{early_file}"),
            send(
                "Fri, 10 Mar 2023 09:00:00 +0800",
                "early@example.cn",
                &first,
            )
            .as_bytes(),
        );
        put(
            dir,
            &format!("in/{late_file}"),
            send(
                "Mon, 20 Mar 2023 09:00:00 +0800",
                "late@example.cn",
                &second,
            )
            .as_bytes(),
        );
        let (_, s) = run(dir);
        let units = s["units"].as_array().unwrap();
        let early = units
            .iter()
            .find(|u| u["input"] == format!("{early_file}/丙局.xlsx"))
            .unwrap();
        assert_eq!(early["status"], "superseded", "{units:?}");
        assert_eq!(early["superseded_by"], format!("{late_file}/丙局.xlsx"));
    }
}

#[test]
fn outlook_msg_zip_attachments_and_zip_inputs_give_the_outputs_saved_by_hand() {
    let chenxi = std::fs::read(root().join("input/chenxi-2022.xlsx")).unwrap();
    let jia = clean_of("甲局", (2023, 3, 1));
    let yi = clean_of("乙局", (2023, 3, 2));
    let bing = clean_of("丙局", (2023, 3, 3));
    let ding = clean_of("丁局", (2023, 3, 4));
    let wu = clean_of("戊局", (2023, 3, 5));

    let hand = tempfile::tempdir().unwrap();
    for (name, bytes) in [
        ("辰溪.xlsx", &chenxi),
        ("甲局.xlsx", &jia),
        ("乙局.xlsx", &yi),
        ("丙局.xlsx", &bing),
        ("丁局.xlsx", &ding),
        ("戊局.xlsx", &wu),
    ] {
        put(hand.path(), &format!("in/{name}"), bytes);
    }

    let mail = tempfile::tempdir().unwrap();
    // A Unicode .msg as Outlook saves it (拖到桌面), with a picture beside
    // the workbook.
    let chenxi_name = "辰溪县医疗保障局2022年自评表.xlsx";
    let unicode = outlook_msg(&Msg {
        sender_name: "辰溪县医保局",
        sender_smtp: SENDER,
        subject: SUBJECT,
        message_id: "msg1@example.cn",
        sent: 1_678_757_400,
        ansi: false,
        attachments: vec![
            MsgAttachment::File("image001.png", b"\x89PNG\r\n\x1a\n"),
            MsgAttachment::File(chenxi_name, &chenxi),
        ],
    });
    put(mail.path(), "in/辰溪.msg", &unicode);
    // An ANSI .msg (GBK strings) forwarding another message that carries
    // a workbook: one level is opened.
    let ansi = outlook_msg(&Msg {
        sender_name: "办公室",
        sender_smtp: "office@example.cn",
        subject: "转发：甲局自评表",
        message_id: "msg2@example.cn",
        sent: 1_678_850_000,
        ansi: true,
        attachments: vec![MsgAttachment::Message(Msg {
            sender_name: "甲局财务股",
            sender_smtp: "jia@example.cn",
            subject: "甲局自评表",
            message_id: "msg3@example.cn",
            sent: 1_678_840_000,
            ansi: true,
            attachments: vec![MsgAttachment::File("甲局自评表.xlsx", &jia)],
        })],
    });
    put(mail.path(), "in/转发.msg", &ansi);
    // A webmail .eml whose attachment is a zip made on Chinese Windows.
    let zipped = gbk_zip(&[("乙局/乙局自评表.xlsx", &yi), ("说明.txt", b"x")]);
    let eml = message(
        "yi@example.cn",
        "Thu, 16 Mar 2023 08:00:00 +0800",
        &rfc2047_utf8("乙局报送"),
        "z1@example.cn",
        Some((
            &format!(
                "Content-Type: application/zip\r\nContent-Disposition: attachment; filename*={}",
                rfc2231_gbk("乙局.zip")
            ),
            &zipped,
        )),
    );
    put(mail.path(), "in/乙局.eml", eml.as_bytes());
    // Foxmail forwarding an Outlook message as a .msg file, beside the
    // workbook a Word document (a zip, but no archive to open).
    let docx = gbk_zip(&[("word/document.xml", b"<w:document/>")]);
    let wu_msg = outlook_msg(&Msg {
        sender_name: "戊局",
        sender_smtp: "wu@example.cn",
        subject: "戊局自评表",
        message_id: "msg4@example.cn",
        sent: 1_678_900_000,
        ansi: false,
        attachments: vec![
            MsgAttachment::File("说明.docx", &docx),
            MsgAttachment::File("戊局自评表.xlsx", &wu),
        ],
    });
    let foxmail = message(
        "office@example.cn",
        "Fri, 17 Mar 2023 08:00:00 +0800",
        &rfc2047_gb18030("转发：戊局"),
        "fox1@example.cn",
        Some((
            &format!(
                "Content-Type: application/vnd.ms-outlook; name=\"{}\"",
                rfc2047_gb18030("戊局自评表.msg")
            ),
            &wu_msg,
        )),
    );
    put(mail.path(), "in/戊局.eml", foxmail.as_bytes());
    // A zip among the inputs, and a workbook named .zip.
    put(
        mail.path(),
        "in/报送.zip",
        &gbk_zip(&[("丙局自评表.xlsx", &bing)]),
    );
    put(mail.path(), "in/丁局.zip", &ding);

    let mail_summary = same_as_saved_by_hand(hand.path(), mail.path(), 6);
    let units = mail_summary["units"].as_array().unwrap();
    let unit = |name: &str| {
        units
            .iter()
            .find(|u| u["unit"].as_str().is_some_and(|n| n.contains(name)))
            .unwrap()
            .clone()
    };
    let c = &unit("辰溪")["mail"][0];
    assert_eq!(c["mail"], "辰溪.msg");
    assert_eq!(c["attachment"], chenxi_name);
    assert_eq!(c["subject"], SUBJECT);
    assert_eq!(c["sender"], format!("辰溪县医保局 <{SENDER}>"));
    assert_eq!(c["message_id"], "msg1@example.cn");
    assert_eq!(c["sent"], "2023-03-14T01:30:00Z");
    // The forwarded message's own sender and date, its GBK strings decoded.
    let j = &unit("甲局")["mail"][0];
    assert_eq!(j["mail"], "转发.msg");
    assert_eq!(j["sender"], "甲局财务股 <jia@example.cn>");
    assert_eq!(j["subject"], "甲局自评表");
    assert_eq!(j["attachment"], "甲局自评表.xlsx");
    assert_eq!(j["message_id"], "msg3@example.cn");
    // The zip attachment: 附件名/条目名, GBK names right.
    let y = unit("乙局");
    assert_eq!(y["mail"][0]["attachment"], "乙局.zip/乙局/乙局自评表.xlsx");
    assert_eq!(y["input"], "乙局.eml/乙局.zip/乙局/乙局自评表.xlsx");
    // A zip among the inputs: its entries are inputs, no mail their source.
    let b = unit("丙局");
    assert_eq!(b["input"], "报送.zip/丙局自评表.xlsx");
    assert_eq!(b["mail"], serde_json::json!([]));
    assert_eq!(unit("丁局")["input"], "丁局.zip");
    // An Outlook message attached as a file: its own headers.
    let w = &unit("戊局")["mail"][0];
    assert_eq!(w["mail"], "戊局.eml");
    assert_eq!(w["sender"], "戊局 <wu@example.cn>");
    assert_eq!(w["attachment"], "戊局自评表.xlsx");
    assert_eq!(
        mail_summary["mail_findings"],
        serde_json::json!([]),
        "the text file in a zip and the picture are passed over"
    );
    for name in ["report.public.html", "report.html", "report.md"] {
        let folder = unit("辰溪")["folder"].as_str().unwrap().to_string();
        let text =
            std::fs::read_to_string(mail.path().join("out").join(folder).join(name)).unwrap();
        assert!(!text.contains(SENDER), "{name}");
    }
}

#[test]
fn check_and_score_open_mail_as_run_does() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let jia = clean_of("甲局", (2023, 3, 1));
    let yi = clean_of("乙局", (2023, 3, 2));
    put(
        dir,
        "in/甲局.msg",
        &outlook_msg(&Msg {
            sender_name: "甲局",
            sender_smtp: "jia@example.cn",
            subject: "甲局自评表",
            message_id: "j@example.cn",
            sent: 1_678_757_400,
            ansi: true,
            attachments: vec![MsgAttachment::File("甲局自评表.xlsx", &jia)],
        }),
    );
    put(dir, "in/乙局.zip", &gbk_zip(&[("乙局自评表.xlsx", &yi)]));
    put(
        dir,
        "in/空.eml",
        message(
            "k@example.cn",
            "Wed, 15 Mar 2023 10:00:00 +0800",
            "空",
            "k@example.cn",
            None,
        )
        .as_bytes(),
    );
    let json = |command: &str| -> Value {
        let out = jixiao(dir)
            .args([command, "in", "--format", "json"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{command}");
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let checked = json("check");
    let files: Vec<(String, String)> = checked["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["file"].as_str().unwrap().to_string(),
                f["status"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        files,
        [
            (
                "in/乙局.zip/乙局自评表.xlsx".to_string(),
                "passed".to_string()
            ),
            (
                "in/甲局.msg/甲局自评表.xlsx".to_string(),
                "passed".to_string()
            ),
        ]
    );
    let findings = checked["mail_findings"].as_array().unwrap();
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert_eq!(findings[0]["mail"], "in/空.eml");
    assert_eq!(findings[0]["message"], "邮件无工作簿附件");
    let scored = json("score");
    let units: Vec<&str> = scored["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["unit_name"].as_str().unwrap())
        .collect();
    assert_eq!(units, ["乙局", "甲局"]);
    assert_eq!(scored["mail_findings"], checked["mail_findings"]);
    // A workbook given alone: no mail, the document as before.
    put(dir, "甲局.xlsx", &jia);
    let out = jixiao(dir)
        .args(["check", "甲局.xlsx", "--format", "json"])
        .output()
        .unwrap();
    let alone: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(alone.get("mail_findings").is_none());
    // Human output names the mail finding.
    let out = jixiao(dir).args(["check", "in/空.eml"]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("邮件问题：in/空.eml《空》：邮件无工作簿附件"),
        "{text}"
    );
}
