//! The reference pages generated from the code: `docs/fields.md` (every key of
//! the workbook contract, from [`crate::contract::fields`] and the template layout),
//! `docs/diagnostics.md` (every finding code, from [`crate::contract::finding::CATALOGUE`])
//! and `docs/metrics.md` (every built-in metric with the formula that defines it).
//! A test fails when the committed pages drift from what this module writes.

use std::fmt::Write as _;

use crate::check::diagnostics::{CHECK_SCHEMA, SCORE_SCHEMA};
use crate::contract::cell::a1;
use crate::contract::fields::{
    ColumnId, FIELDS, KNOWN_TEMPLATE_VERSIONS, NotApplicable, Sheet, TABLES, TEMPLATE_VERSION,
};
use crate::contract::finding::{CATALOGUE, Category};
use crate::ingest::coerce::normalize::NOT_APPLICABLE_WORDS;
use crate::workbook::inputs::Inputs;
use crate::workbook::layout::{TablePlace, layout};

/// Escapes a table cell for GitHub-flavoured Markdown.
/// A note, marked with the template version that introduced its item when
/// that is not the first.
fn since_note(since: u8, note: &str) -> String {
    if since == crate::contract::fields::OPTIONAL {
        return format!("{note}（可选：评价框架用到时模板才有，见 docs/frameworks.md）");
    }
    match KNOWN_TEMPLATE_VERSIONS.get(usize::from(since).saturating_sub(1)) {
        Some(version) if since > 1 => format!("{note}（{version} 新增）"),
        _ => note.to_string(),
    }
}

fn md(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace('\n', "<br>")
}

/// `docs/fields.md`.
pub fn fields_md() -> String {
    let l = layout(&Inputs::default());
    let mut out = String::new();
    let _ = writeln!(out, "# 工作簿字段（定义名称）");
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "<!-- 本页由 src/docs.rs 生成，请勿手工修改；更新：JIXIAO_UPDATE_DOCS=1 cargo test --lib docs -->"
    );
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "标准工作簿（模板版本 `{TEMPLATE_VERSION}`）中每个填写项都有一个**工作簿级定义名称**，名称即下表的键。\
jixiao 只按定义名称读取，不依赖行列位置：在表格内插入、删除行后，Excel、WPS 和 LibreOffice 会自动调整名称的范围。\
下表的“单元格”是空白模板中的位置，仅供参考。"
    );
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "jixiao 也读取旧版模板（{}）填报的工作簿。说明中标有“（{TEMPLATE_VERSION} 新增）”的项是新版模板才有的：\
旧版工作簿没有这些项，不报缺少名称、不要求填写，用到它们的指标按“缺少数据”处理。",
        KNOWN_TEMPLATE_VERSIONS
            .iter()
            .filter(|v| **v != TEMPLATE_VERSION)
            .map(|v| format!("`{v}`"))
            .collect::<Vec<_>>()
            .join("、")
    );
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "金额单位为万元；类型的读取规则见 `docs/diagnostics.md` 的 NOTE-COERCED、NOTE-UNIT。"
    );
    let _ = writeln!(out);
    let words: Vec<String> = NOT_APPLICABLE_WORDS
        .iter()
        .map(|w| format!("“{}”", w.to_ascii_uppercase()))
        .collect();
    let _ = writeln!(
        out,
        "只填“—”“/”“无”“暂无”“……”等占位符的单元格按空白读取。其中{}和单独的“—”“-”“/”\
（可以重复，如“——”）表示**不适用**：单位没有这一目标或指标。没有的指标填“无”或删除该行：\
定性绩效目标、定量绩效目标和项目绩效指标中，目标值和完成情况（下面各表的说明中列出的列）都只填了这些字或留空的行\
按不适用读取，只作为提示（TABLE-NOT-APPLICABLE），不计分，报告中显示为“不适用”，不列为存在的问题；\
评分表的指标由评价框架规定，每项都要计分，不能填“无”（SCORE-NOT-APPLICABLE）。",
        words.join("")
    );
    for sheet in Sheet::ALL {
        let scalars: Vec<_> = FIELDS.iter().filter(|f| f.sheet == sheet).collect();
        let tables: Vec<_> = TABLES.iter().filter(|t| t.sheet == sheet).collect();
        if scalars.is_empty() && tables.is_empty() {
            continue;
        }
        let _ = writeln!(out);
        let _ = writeln!(out, "## {}", sheet.name());
        if !scalars.is_empty() {
            let _ = writeln!(out);
            let _ = writeln!(out, "| 键 | 中文 | 类型 | 必填 | 单元格 | 说明 |");
            let _ = writeln!(out, "|---|---|---|---|---|---|");
            for f in scalars {
                let cell = l.scalars.get(f.key).map(|s| s.a1()).unwrap_or_default();
                let _ = writeln!(
                    out,
                    "| `{}` | {} | {} | {} | {} | {} |",
                    f.key,
                    md(f.label),
                    md(f.kind.describe()),
                    if f.required { "是" } else { "否" },
                    cell,
                    md(&since_note(f.since, f.hint))
                );
            }
        }
        for t in tables {
            let place = l.tables.get(t.key);
            let range = place.map_or_else(String::new, |p| table_range(p, t));
            let _ = writeln!(out);
            let _ = writeln!(out, "### `{}` {}", t.key, t.label);
            let _ = writeln!(out);
            let labels = |cols: &[ColumnId]| {
                cols.iter()
                    .map(|&id| format!("“{}”", t.columns[t.col(id)].label))
                    .collect::<String>()
            };
            let not_applicable = match t.not_applicable {
                NotApplicable::Never => String::new(),
                NotApplicable::Row(cols) => format!(
                    "。没有的目标或指标填“无”或删除该行：{}都只填了“无”“—”等或留空（至少一格填了）的行按不适用读取。",
                    labels(cols)
                ),
                NotApplicable::Refused(cols) => {
                    format!("。每项都要计分，{}不能填“无”。", labels(cols))
                }
            };
            let _ = writeln!(
                out,
                "区域 {range}（首行为表头，其下留 {} 行；{}）。{}{}",
                t.rows,
                if t.required {
                    "至少填一行"
                } else {
                    "可以为空"
                },
                md(&since_note(t.since, t.hint)),
                md(&not_applicable)
            );
            let _ = writeln!(out);
            let _ = writeln!(out, "| 列 | 列号 | 表头 | 类型 | 必填 | 填写 |");
            let _ = writeln!(out, "|---|---|---|---|---|---|");
            for (j, c) in t.columns.iter().enumerate() {
                let _ = writeln!(
                    out,
                    "| `{}` | {} | {} | {} | {} | {} |",
                    c.id,
                    j + 1,
                    md(c.label),
                    md(c.kind.describe()),
                    if c.required { "是" } else { "否" },
                    since_note(c.since, c.by.describe())
                );
            }
        }
    }
    project_section(&mut out);
    let _ = writeln!(out);
    let _ = writeln!(out, "## 用程序填写（`jixiao fill`）");
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "`jixiao fill 数据.toml -o 工作簿.xlsx` 按上面的键生成已填写的标准工作簿。`[fields]` 下写标量，\
`[[tables.表格键]]` 每块一行、键为列名；TOML 字符串写成文本单元格（原样保留，如 `\"2300万元\"`），\
数字写成数字单元格，日期（如 `2023-03-20`）写成日期单元格，空字符串或省略即为空单元格。\
未知的键或列会报错并指出行号。\
评分表 `tbl_scores` 不写时按评价框架生成；只写某几行的自评得分、扣分原因或说明时，各行不写 `points`（分值），用 `level3`（三级指标，必要时加 `level2`）指明是哪一项，\
这些值填进框架生成的同名行，名称对不上的行附在表末（校验时报告 SCORE-UNKNOWN-ROW）；写了 `points` 的行视为整张评分表，按原样写入。示例见 `tests/samples/`。"
    );
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "`jixiao fill --kind project [--project 项目名称] 数据.toml -o 工作簿.xlsx` 用同样的数据文件生成项目支出绩效自评表：\
`[fields]` 中两种工作簿共有的字段照写，`[[tables.tbl_projects]]` 的一行是项目，`[[tables.tbl_project_indicators]]` 各行是它的绩效指标（列名相同）。\
只有一个项目时指标行可以不写 `project`，写了就必须是该项目的名称；数据文件有多个项目（如部门工作簿的数据文件）时必须用 `--project` 指定一个，\
只取 `project` 为该名称的指标行，未指定或名称不对时报错并列出各项目名称。项目支出绩效自评表没有的字段和表格不报错，在提示中列出一次后忽略。"
    );
    let _ = writeln!(out);
    let _ = writeln!(out, "```toml");
    let _ = writeln!(out, "[fields]");
    let _ = writeln!(out, "unit_name = \"岳阳市君山区医疗保障局\"");
    let _ = writeln!(out, "year = 2022");
    let _ = writeln!(out, "fill_date = 2023-03-20");
    let _ = writeln!(out, "budget_executed = 2854.84");
    let _ = writeln!(out);
    let _ = writeln!(out, "[[tables.tbl_finance]]");
    let _ = writeln!(out, "unit = \"局机关及二级机构汇总\"");
    let _ = writeln!(out, "income_total = 2854.84");
    let _ = writeln!(out, "```");
    out
}

/// The section of `docs/fields.md` on the project workbook: every defined
/// name of the form, its indicator table, and the fields the two kinds share.
fn project_section(out: &mut String) {
    use crate::contract::fields::{
        PROJECT_FIELDS, PROJECT_SHEET, PROJECT_TEMPLATE_VERSION, TBL_FORM_INDICATORS,
    };
    let l = crate::workbook::project::layout(&Inputs::default());
    let _ = writeln!(out);
    let _ = writeln!(out, "## 项目支出绩效自评表（`--kind project`）");
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "`jixiao template --kind project` 生成一个项目的项目支出绩效自评表（模板版本 `{PROJECT_TEMPLATE_VERSION}`），\
按财预〔2020〕10号附件的格式排在一张工作表“{PROJECT_SHEET}”上，A4 纵向打印。jixiao 按模板版本区分两种工作簿。\
表中每个填写格都有一个工作簿级定义名称；项目的各格读作部门工作簿项目支出表 `tbl_projects` 的一行，\
绩效指标读作 `tbl_project_indicators` 的各行（项目名称取自 `project_name`），所以两种工作簿按同样的规则校验和计分。"
    );
    let _ = writeln!(out);
    let shared: Vec<String> = PROJECT_FIELDS
        .iter()
        .map(|k| format!("`{}`", k.as_str()))
        .collect();
    let _ = writeln!(
        out,
        "与部门工作簿共有、含义相同的字段：{}。部门工作簿的其他字段和表格，项目支出绩效自评表都没有，也不要求填写。",
        shared.join("、")
    );
    let _ = writeln!(out);
    let _ = writeln!(out, "| 键 | 表中位置 | 类型 | 必填 | 单元格 | 说明 |");
    let _ = writeln!(out, "|---|---|---|---|---|---|");
    for (name, label, kind, required, hint, cell) in crate::workbook::project::documented() {
        let _ = writeln!(
            out,
            "| `{name}` | {} | {} | {} | {cell} | {} |",
            md(label),
            md(kind.describe()),
            if required { "是" } else { "否" },
            md(hint)
        );
    }
    let t = &TBL_FORM_INDICATORS;
    let range = l
        .tables
        .get(t.key)
        .map_or_else(String::new, |p| table_range(p, t));
    let _ = writeln!(out);
    let _ = writeln!(out, "### `{}` {}", t.key, t.label);
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "区域 {range}（首行为表头，其下留 {} 行，可以插入、删除行）。{}。年度指标值、实际完成值按文本保存。\
列与 `tbl_project_indicators` 相同，只是没有项目名称。",
        t.rows,
        md(t.hint)
    );
    let _ = writeln!(out);
    let _ = writeln!(out, "| 列 | 列号 | 表头 | 类型 | 必填 |");
    let _ = writeln!(out, "|---|---|---|---|---|");
    for (j, c) in t.columns.iter().enumerate() {
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | {} | {} |",
            c.id,
            j + 1,
            md(c.label),
            md(c.kind.describe()),
            if c.required { "是" } else { "否" }
        );
    }
}

/// `docs/metrics.md`.
pub fn metrics_md() -> String {
    use crate::rules::metrics::Metric;
    let mut out = String::from(
        "# 内置指标的公式\n\n\
本页由代码生成（`src/docs.rs`），请勿手改。\n\n\
框架文件 `metric` 中的每个内置指标 id 都由下表的公式定义：写 id 和把它的公式写在 `metric` 中（以 `=` 开头），\
计算值和得分完全相同——测试 `every_builtin_metric_is_its_definition` 在随机填写（空白、0、正负数）的单位上、\
`the_samples_measure_the_same_by_definition` 在示例工作簿上逐个指标核对。\
公式的写法（字段名、`tbl_finance.列` 为收支情况汇总行、空白不是 0）见 docs/frameworks.md“公式指标”，\
字段名见 docs/fields.md。比率按百分点计（× 100），资金结余、上年结转按万元计。\
完成工作簿评分表的计算值就是这些公式翻译成的 Excel 公式（见 docs/completed-workbook.md“计算值是公式”）。\n\n\
| metric | 名称 | 说明 | 公式 |\n|---|---|---|---|\n",
    );
    for m in Metric::ALL {
        let _ = writeln!(
            out,
            "| `{}` | {} | {} | `{}` |",
            m.id(),
            md(m.label()),
            md(m.formula()),
            m.definition()
        );
    }
    out
}

/// `docs/diagnostics.md`.
pub fn diagnostics_md() -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# 校验结果代码");
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "<!-- 本页由 src/docs.rs 生成，请勿手工修改；更新：JIXIAO_UPDATE_DOCS=1 cargo test --lib docs -->"
    );
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "每个问题（finding）都是数据：稳定的代码、严重程度、位置（文件、工作表、A1 单元格、字段键）、中文说明、\
应为、实为和修改建议。代码一经发布不再改变含义。"
    );
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "- **错误**（error）：必须改正；有错误的工作簿状态为“未通过校验”，但仍得到全部结果。"
    );
    let _ = writeln!(out, "- **警告**（warning）：需要核实或说明，不影响通过。");
    let _ = writeln!(
        out,
        "- **提示**（note）：自动转换或说明信息（如“2300万元”按 2300 读取）。"
    );
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "每条问题都带修改建议（`hint`）。下表最后一列是每个代码的默认建议，逐个代码写成、只说这个代码的问题；\
能说得更具体的地方给出更具体的建议，例如表格中必填单元格为空时，建议写明要填的那一列及其格式（“填写该行的“三级指标”；没有这一行的内容时删除该行”），\
不再沿用整张表的填写说明（指标值的写法、“第一行为汇总”等只适用于其他列）。\
消息中的数字按字段的精度写（金额和分数两位小数，百分比带 %）；空单元格一律写作“（空）”。"
    );
    let categories = [
        Category::File,
        Category::Field,
        Category::Arithmetic,
        Category::Cross,
        Category::Scoring,
        Category::Plausibility,
        Category::Prior,
    ];
    for cat in categories {
        let codes: Vec<_> = CATALOGUE.iter().filter(|c| c.category == cat).collect();
        if codes.is_empty() {
            continue;
        }
        let _ = writeln!(out);
        let _ = writeln!(out, "## {}", cat.zh());
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "| 代码 | 严重程度 | 含义 | 说明与处理 | 修改建议（默认） |"
        );
        let _ = writeln!(out, "|---|---|---|---|---|");
        for c in codes {
            let _ = writeln!(
                out,
                "| `{}` | {} | {} | {} | {} |",
                c.id,
                c.severity.zh(),
                md(c.title),
                md(c.explain),
                md(c.code.default_hint())
            );
        }
    }
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "## JSON 格式（`jixiao check --format json` 和 `diagnostics.json`）"
    );
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "输出一个 JSON 对象，`schema` 为 `\"{CHECK_SCHEMA}\"`；字段只增不改，新增字段不改变 schema 版本。`jixiao report` 和 `jixiao run` 为每个工作簿写出的 `diagnostics.json` 是同一格式（`files` 中只有这一个工作簿）。"
    );
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "| 路径 | 类型 | 含义 |\n|---|---|---|\n\
| `schema` | string | `{CHECK_SCHEMA}` |\n\
| `jixiao_version` | string | 生成本文件的 jixiao 版本 |\n\
| `files[]` | array | 每个输入文件一项，顺序同输入 |\n\
| `files[].file` | string | 文件路径 |\n\
| `files[].format` | string \\| null | `xlsx`、`xls`、`ods`；无法识别时为 null |\n\
| `files[].kind` | string \\| null | 工作簿的种类：`department`（部门整体支出绩效自评表）、`project`（项目支出绩效自评表），由模板版本决定；无法读取时为 null |\n\
| `files[].status` | string | `passed`（通过）、`failed`（未通过校验）、`unreadable`（无法读取） |\n\
| `files[].counts` | object | `error`、`warning`、`note` 各自的数量 |\n\
| `files[].findings[]` | array | 问题，按工作表、单元格排序 |\n\
| `mail_findings[]` | array | 只在 `jixiao check`（和 `score`）的参数中有保存的邮件或 .zip、且它们有问题时出现：邮件本身的问题，每项 `mail`、`subject`、`attachment`、`severity`、`message`，同 `summary.json`（见 [batch.md](batch.md) 的“邮件”一节）；邮件中的工作簿是 `files` 中的项，`file` 写作“邮件文件/附件名” |\n\
| `…findings[].code` | string | 上表中的代码 |\n\
| `…findings[].severity` | string | `error`、`warning`、`note` |\n\
| `…findings[].file` | string | 文件路径 |\n\
| `…findings[].sheet` | string \\| null | 工作表名称 |\n\
| `…findings[].cell` | string \\| null | A1 单元格，如 `D7` |\n\
| `…findings[].field` | string \\| null | 字段键，表格单元格为 `表格键.列名`，如 `tbl_finance.income_total` |\n\
| `…findings[].message` | string | 中文说明 |\n\
| `…findings[].expected` | string \\| null | 应为 |\n\
| `…findings[].found` | string \\| null | 实为 |\n\
| `…findings[].hint` | string \\| null | 修改建议 |"
    );
    let _ = writeln!(out);
    let _ = writeln!(out, "## 版本");
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "JSON 文档的 `schema` 是格式名和版本号，读取方应按它判断格式。同一版本内只增加字段；\
删除字段、改名或改变字段的类型和含义时，换用新的 schema（版本号加一），并在下表中说明。"
    );
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "| schema | 用于 | 各版本的变化 |\n|---|---|---|\n\
| `{CHECK_SCHEMA}` | `jixiao check --format json`、`diagnostics.json` | 1：第一版；后增 `files[].kind` |\n\
| `{SCORE_SCHEMA}` | `jixiao score --format json`（计分结果和计分相关的问题） | 1：第一版；\
2：读取项目支出绩效自评表，增 `files[].kind`，项目工作簿的 `score.department` 为 null（没有部门整体计分），其项目在 `score.projects`（`total`、`valid`、`grade`：分值之和不等于满分时 `valid` 为 false、`grade` 为 null） |"
    );
    let _ = writeln!(out);
    let _ = writeln!(out, "## 退出码");
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "| 退出码 | 含义 |\n|---|---|\n| 0 | 全部通过 |\n| 1 | 有工作簿存在错误或无法读取（结果仍已输出） |\n| 2 | 用法或配置错误 |\n| 3 | 内部错误 |"
    );
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "处理某一个文件时的内部错误不以退出码 3 结束：它是该文件的一条 `FILE-INTERNAL` 问题（写明文件，\
说明这是程序的缺陷），不在终端打印调用栈；出错在校验或计分中时，此前已找到的问题照常列出，`jixiao report` \
照常写出报告，命令以退出码 1 结束；出错在生成报告等输出文件时，全部问题和这一条写入 `diagnostics.json`，\
报告不生成（同一文件夹中此前生成的报告被删除，以免当作最新的），命令同样以退出码 1 结束。数值的绝对值超过 10¹⁵（如 79228162514264337593543950335）时不予读取，\
记为该单元格的 `FIELD-RANGE`，因此求和不会溢出；比率等乘除的结果超出范围时按上下限计分。"
    );
    out
}

/// A table's area as the template writes it: its header row and data rows.
fn table_range(p: &TablePlace, t: &crate::contract::fields::Table) -> String {
    format!(
        "{}:{}",
        a1(p.header_row, u32::from(p.first_col)),
        a1(
            p.header_row + p.data_rows,
            u32::from(p.first_col) + p.columns.min(t.columns.len()).max(1) as u32 - 1
        )
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn compare(path: &str, generated: &str) {
        let full = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
        if std::env::var_os("JIXIAO_UPDATE_DOCS").is_some() {
            std::fs::write(&full, generated).expect("write docs");
            return;
        }
        let committed = std::fs::read_to_string(&full).unwrap_or_default();
        assert!(
            committed == generated,
            "{path} is out of date: run `JIXIAO_UPDATE_DOCS=1 cargo test --lib docs` and commit it"
        );
    }

    #[test]
    fn docs_fields_md_is_current() {
        compare("docs/fields.md", &fields_md());
    }

    #[test]
    fn docs_metrics_md_is_current() {
        compare("docs/metrics.md", &metrics_md());
    }

    #[test]
    fn docs_diagnostics_md_is_current() {
        compare("docs/diagnostics.md", &diagnostics_md());
    }

    #[test]
    fn every_key_and_code_is_documented() {
        let fields = fields_md();
        for key in crate::contract::fields::all_keys() {
            assert!(fields.contains(&format!("`{key}`")), "{key}");
        }
        let diags = diagnostics_md();
        for c in CATALOGUE {
            assert!(diags.contains(&format!("`{}`", c.id)), "{}", c.id);
        }
    }
}
