//! What `jixiao check` prints: findings grouped by file and sheet, sorted by
//! cell, coloured on a terminal; the score table; the batch run's summary.
//! Text from a workbook reaches the terminal without its control
//! characters ([`terminal_text`]): a cell cannot move the cursor, retitle
//! the window, ring the bell or reverse the text around it.

use std::borrow::Cow;
use std::fmt::Write as _;

use jixiao::check::{FileReport, Status};
use jixiao::contract::fields::key;
use jixiao::contract::finding::{Finding, Severity};

/// Text as it may reach a terminal: C0 control characters but tab and
/// newline (ESC, BEL, CR …), DEL, C1 control characters and the
/// bidirectional controls (U+200E/F, U+202A–U+202E, U+2066–U+2069, U+061C)
/// removed. Everything printed that a workbook (or a file name) supplies
/// goes through it; jixiao's own colours are added afterwards.
pub fn terminal_text(s: &str) -> Cow<'_, str> {
    let unsafe_char = |c: char| {
        (c.is_control() && c != '\t' && c != '\n')
            || matches!(
                c,
                '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{061C}'
            )
    };
    if s.chars().any(unsafe_char) {
        Cow::Owned(s.chars().filter(|&c| !unsafe_char(c)).collect())
    } else {
        Cow::Borrowed(s)
    }
}

/// ANSI styling, or none.
#[derive(Debug, Clone, Copy)]
pub struct Paint {
    pub enabled: bool,
}

impl Paint {
    fn wrap(self, code: &str, s: &str) -> String {
        let s = terminal_text(s);
        if self.enabled {
            format!("\x1b[{code}m{s}\x1b[0m")
        } else {
            s.to_string()
        }
    }

    fn severity(self, sev: Severity) -> String {
        let label = sev.zh();
        match sev {
            Severity::Error => self.wrap("1;31", label),
            Severity::Warning => self.wrap("33", label),
            Severity::Note => self.wrap("2", label),
        }
    }

    fn bold(self, s: &str) -> String {
        self.wrap("1", s)
    }

    fn dim(self, s: &str) -> String {
        self.wrap("2", s)
    }
}

fn status_line(r: &FileReport, paint: Paint) -> String {
    let c = r.counts();
    let status = match r.status {
        Status::Passed => paint.wrap("1;32", r.status.zh()),
        Status::Failed | Status::Unreadable => paint.wrap("1;31", r.status.zh()),
    };
    format!(
        "{} — {status}（错误 {}，警告 {}，提示 {}）",
        paint.bold(&r.file),
        c.error,
        c.warning,
        c.note
    )
}

/// Human-readable output for one file.
pub fn human(r: &FileReport, paint: Paint, show_notes: bool) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", status_line(r, paint));
    let mut current_sheet: Option<Option<&str>> = None;
    for f in r
        .findings
        .iter()
        .filter(|f| show_notes || f.severity != Severity::Note)
    {
        let sheet = f.sheet.as_deref();
        if current_sheet != Some(sheet) {
            let _ = writeln!(out, "  {}", paint.bold(sheet.unwrap_or("（文件）")));
            current_sheet = Some(sheet);
        }
        let cell = terminal_text(f.cell.as_deref().unwrap_or(""));
        let _ = writeln!(
            out,
            "    {:<6} {} {} {}",
            cell,
            paint.severity(f.severity),
            paint.dim(f.code.id()),
            terminal_text(&f.message)
        );
        let mut detail = Vec::new();
        if let Some(e) = &f.expected {
            detail.push(format!("应为：{}", terminal_text(e)));
        }
        if let Some(found) = &f.found {
            detail.push(format!("实为：{}", terminal_text(found)));
        }
        if !detail.is_empty() {
            let _ = writeln!(out, "           {}", detail.join("；"));
        }
        if let Some(h) = &f.hint {
            let _ = writeln!(out, "           {} {}", paint.dim("→"), terminal_text(h));
        }
    }
    out
}

/// The closing line over several files.
pub fn summary(reports: &[FileReport]) -> String {
    let count = |s: Status| reports.iter().filter(|r| r.status == s).count();
    format!(
        "共 {} 个文件：通过 {}，未通过校验 {}，无法读取 {}",
        reports.len(),
        count(Status::Passed),
        count(Status::Failed),
        count(Status::Unreadable)
    )
}

/// Pads `s` with spaces to `width` terminal columns (CJK characters are two).
fn pad(s: &str, width: usize) -> String {
    let w = unicode_width::UnicodeWidthStr::width(s);
    format!("{s}{}", " ".repeat(width.saturating_sub(w)))
}

fn opt(d: Option<rust_decimal::Decimal>) -> String {
    d.map_or_else(
        || "—".to_string(),
        |d| jixiao::contract::number::fixed(d, 2),
    )
}

/// `jixiao score`: the score table of the department and of each project.
pub fn score_table(r: &FileReport, paint: Paint) -> String {
    use jixiao::contract::number::fixed;
    let mut out = String::new();
    let Some(card) = &r.score else {
        let why = r
            .findings
            .iter()
            .find(|f| f.severity == Severity::Error)
            .map_or_else(
                || "评价框架未知".to_string(),
                |f| format!("{} {}", f.code, terminal_text(&f.message)),
            );
        let _ = writeln!(out, "{} — 无法计分：{why}", paint.bold(&r.file));
        return out;
    };
    let unit = r
        .department
        .as_ref()
        .and_then(|d| d.text(key::UNIT_NAME))
        .map_or(Cow::Borrowed("（未填单位名称）"), terminal_text);
    let year = r
        .department
        .as_ref()
        .and_then(|d| d.int(key::YEAR))
        .map_or_else(String::new, |y| format!(" {y} 年度"));
    let _ = writeln!(out, "{} — {unit}{year}", paint.bold(&r.file));
    if let Some(d) = &card.department {
        department_table(&mut out, d, paint);
    }
    for p in &card.projects {
        let _ = writeln!(out);
        let _ = writeln!(out, "{}", paint.bold(&format!("项目：{}", p.name)));
        let _ = writeln!(
            out,
            "  预算执行率 {}（执行 {} ÷ 预算 {} 万元）：{} / {}",
            p.execution_rate.map_or_else(
                || "—".to_string(),
                |r| jixiao::contract::number::percent_text(r, 2)
            ),
            opt(p.executed),
            opt(p.budget_full),
            fixed(p.execution_score, 2),
            fixed(p.execution_points, 2)
        );
        for i in &p.indicators {
            let _ = writeln!(
                out,
                "  {}{}{}{}{}",
                pad(&terminal_text(&i.level3), 40),
                pad(&fixed(i.points, 2), 7),
                pad(
                    &format!(
                        "{} → {}",
                        terminal_text(&i.target).replace('\n', " "),
                        terminal_text(&i.actual).replace('\n', " ")
                    ),
                    36
                ),
                pad(&opt(i.system), 10),
                pad(&opt(i.self_score), 8),
            );
            if i.system != i.self_score {
                let _ = writeln!(out, "      {} {}", paint.dim("→"), paint.dim(&i.explain));
            }
        }
        let _ = writeln!(
            out,
            "  {}",
            paint.bold(&format!(
                "{}；各项自评合计 {}；填报的自评得分 {}",
                if p.valid {
                    format!("合计 {}，等次：{}", fixed(p.total, 2), p.grade_text())
                } else {
                    format!("计算值 {}（权重不符），不评定等次", fixed(p.total, 2))
                },
                opt(p.self_sum),
                opt(p.stated_self)
            ))
        );
    }
    let scoring: Vec<&Finding> = r
        .findings
        .iter()
        .filter(|f| {
            f.code.info().category == jixiao::contract::finding::Category::Scoring
                && f.severity != Severity::Note
        })
        .collect();
    if !scoring.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "评分问题 {} 个（完整列表见 jixiao check）：",
            scoring.len()
        );
        for f in scoring {
            let _ = writeln!(
                out,
                "  {} {} {} {}",
                terminal_text(&f.location()),
                f.severity.zh(),
                f.code,
                terminal_text(&f.message)
            );
        }
    }
    out
}

/// What `jixiao run` prints when it is done.
pub fn run_summary(r: &jixiao::batch::RunResult, output: &std::path::Path) -> String {
    use jixiao::batch::BatchStatus::{Failed, Passed, Superseded, Unreadable};
    let mut s = format!(
        "共 {} 个工作簿（本次处理 {}，未变化跳过 {}），用时 {} 秒：{}",
        r.total,
        r.processed,
        r.skipped,
        jixiao::batch::summary::seconds(r.elapsed),
        [Passed, Failed, Unreadable, Superseded]
            .map(|status| format!("{} {}", status.names().1, r.count(status)))
            .join("，"),
    );
    s.push_str(&format!(
        "；部门整体 {} 份、项目 {} 份",
        r.kinds[0], r.kinds[1]
    ));
    if r.roster_projects.is_some_and(|n| n > 0) {
        s.push_str(&format!(
            "；未报送单位 {}、项目 {}",
            r.missing.len(),
            r.missing_projects.len()
        ));
    } else if r.roster_size.is_some() {
        s.push_str(&format!("；未报送 {}", r.missing.len()));
    }
    if !r.removed.is_empty() {
        s.push_str(&format!(
            "；已删除的输入 {}（其输出已删除）",
            r.removed.len()
        ));
    }
    if !r.mail_findings.is_empty() {
        s.push_str(&format!("；邮件问题 {}", r.mail_findings.len()));
    }
    if r.not_workbooks > 0 {
        s.push_str(&format!("；另有 {} 个非工作簿文件未处理", r.not_workbooks));
    }
    let index = output.join(jixiao::batch::summary::INDEX_HTML);
    s.push('。');
    match jixiao::batch::summary::problem_files(r, PROBLEM_FILES_SHOWN) {
        Ok((files, more)) => {
            if !files.is_empty() {
                s.push_str("\n未通过校验或无法读取的工作簿：");
            }
            for f in &files {
                let unit = f
                    .unit
                    .as_deref()
                    .map_or_else(String::new, |u| format!("（{u}）"));
                let why = f
                    .first_error
                    .as_deref()
                    .map_or_else(String::new, |e| format!("：{e}"));
                s.push_str(&format!("\n  {}{unit} — {}{why}", f.input, f.status));
            }
            if more > 0 {
                s.push_str(&format!("\n  …另有 {more} 个，见 {}", index.display()));
            }
        }
        Err(e) => s.push_str(&format!(
            "\n（无法列出未通过校验的工作簿：{}）",
            jixiao::contract::os::io_zh(&e)
        )),
    }
    s.push_str(&format!("\n汇总：{}", index.display()));
    terminal_text(&s).into_owned()
}

/// How many failed or unreadable workbooks `run` names when it is done;
/// the rest are counted, and all are in `index.html`.
pub const PROBLEM_FILES_SHOWN: usize = 10;

/// One finding about the saved mail, on one line: the mail file (and
/// which message), its subject, the attachment, and what is wrong. The
/// subject and names come from the mail: control characters are made
/// visible.
pub fn mail_finding(f: &jixiao::batch::MailFinding) -> String {
    let mut s = f.mail.clone();
    if let Some(subject) = &f.subject {
        s.push_str(&format!("《{subject}》"));
    }
    if let Some(attachment) = &f.attachment {
        s.push_str(&format!("附件“{attachment}”"));
    }
    s.push_str(&format!("：{}", f.message));
    terminal_text(&s).into_owned()
}

/// The department's part of `jixiao score`: every indicator, the 一级
/// totals and the total.
fn department_table(out: &mut String, d: &jixiao::rules::score::DepartmentScore, paint: Paint) {
    use jixiao::contract::number::fixed;
    let _ = writeln!(
        out,
        "评价框架：{}（{}）",
        terminal_text(&d.framework_name),
        terminal_text(&d.framework_id)
    );
    let _ = writeln!(
        out,
        "{}{}{}{}{}{}{}",
        pad("一级", 6),
        pad("二级", 10),
        pad("三级指标", 36),
        pad("分值", 7),
        pad("计算值", 14),
        pad("系统得分", 10),
        pad("自评", 8),
    );
    for i in &d.indicators {
        let line = format!(
            "{}{}{}{}{}{}{}",
            pad(&terminal_text(&i.level1), 6),
            pad(&terminal_text(&i.level2), 10),
            pad(&terminal_text(&i.name), 36),
            pad(&fixed(i.points, 2), 7),
            pad(&terminal_text(i.computed.as_deref().unwrap_or("—")), 14),
            pad(
                &i.system
                    .map_or_else(|| "无法计分".to_string(), |s| fixed(s, 2)),
                10
            ),
            pad(&opt(i.self_score), 8),
        );
        let _ = writeln!(out, "{line}");
        let shown = match i.system {
            None => true,
            Some(system) => system < i.points || i.self_score.is_some_and(|s| s != system),
        };
        if shown {
            let _ = writeln!(out, "      {} {}", paint.dim("→"), paint.dim(&i.explain));
        }
    }
    for l in &d.level1 {
        let _ = writeln!(
            out,
            "  {}：{} / {}",
            terminal_text(&l.name),
            fixed(l.score, 2),
            fixed(l.points, 2)
        );
    }
    let _ = writeln!(
        out,
        "{}",
        paint.bold(&format!(
            "总分 {} / {}，{}；评分表自评合计 {}；填报的自评综合得分 {}",
            fixed(d.total, 2),
            fixed(d.total_points, 2),
            match &d.grade {
                Some(g) => format!("等次：{g}"),
                None => format!(
                    "{}（{} 项无法计分），不评定等次",
                    d.standing.zh(),
                    d.unscorable
                ),
            },
            opt(d.self_total),
            opt(d.stated_self_total)
        ))
    );
}
