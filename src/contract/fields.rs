//! The workbook contract (SPEC §4): every key a department workbook carries as a
//! workbook-scoped defined name, what it means, what it holds, and on which sheet
//! the standard template puts it. The template writer, the reader, the validator
//! and `docs/fields.md` all read this one catalogue.

/// The current version written into `template_version`; the reader accepts
/// every version listed in [`KNOWN_TEMPLATE_VERSIONS`].
pub const TEMPLATE_VERSION: &str = "jixiao-dept-1";

/// Template versions this build can read.
pub const KNOWN_TEMPLATE_VERSIONS: &[&str] = &[TEMPLATE_VERSION];

/// 报送期间 choices, in dropdown order.
pub const PERIODS: &[&str] = &[
    "全年", "1月", "2月", "3月", "4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月",
];

/// What a cell holds, which decides how it is parsed, validated and formatted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Short text (a name, a code).
    Text,
    /// Long narrative text (several sentences, line breaks allowed).
    LongText,
    /// A whole number ≥ 0 (headcounts, counts of items).
    Count,
    /// A calendar year, 2000–2100.
    Year,
    /// Money in 万元, 2 decimals; text with 元/万元 is converted.
    Money,
    /// A percentage (0–100 shown as `95%`); `0.95` in a %-formatted cell is 95%.
    Percent,
    /// Points of a score table (分值, 得分).
    Points,
    /// A calendar date.
    Date,
    /// A telephone number: landline with or without area code, or an 11-digit mobile.
    Phone,
    /// One of a fixed list of choices (dropdown).
    Choice(&'static [&'static str]),
    /// A framework id (dropdown of the frameworks this build knows).
    FrameworkId,
}

impl Kind {
    /// A short Chinese description for documentation and messages.
    pub fn describe(self) -> &'static str {
        match self {
            Kind::Text => "文本",
            Kind::LongText => "长文本",
            Kind::Count => "整数（≥0）",
            Kind::Year => "年份（2000–2100）",
            Kind::Money => "金额（万元，2位小数）",
            Kind::Percent => "百分比",
            Kind::Points => "分数",
            Kind::Date => "日期",
            Kind::Phone => "电话号码",
            Kind::Choice(_) => "下拉选项",
            Kind::FrameworkId => "评价框架（下拉）",
        }
    }

    /// Whether the value is a number the validator parses with [`crate::ingest::coerce`].
    pub fn is_numeric(self) -> bool {
        matches!(
            self,
            Kind::Count | Kind::Year | Kind::Money | Kind::Percent | Kind::Points
        )
    }
}

/// The sheets of the standard workbook, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Sheet {
    /// 填报说明: how to fill the workbook; holds no data.
    Instructions,
    /// 基本情况: the unit, its people and its functions.
    Basic,
    /// 收支情况: budget, income and expenditure, 三公经费, assets.
    Finance,
    /// 绩效目标: qualitative targets and their results.
    Goals,
    /// 定量指标: quantitative targets and satisfaction.
    Targets,
    /// 评分表: the score table of the chosen framework.
    Scores,
    /// 项目支出: one row per project.
    Projects,
    /// 项目绩效指标: the indicators of every project.
    Indicators,
    /// 问题与措施: problems and measures.
    Problems,
}

impl Sheet {
    pub const ALL: [Sheet; 9] = [
        Sheet::Instructions,
        Sheet::Basic,
        Sheet::Finance,
        Sheet::Goals,
        Sheet::Targets,
        Sheet::Scores,
        Sheet::Projects,
        Sheet::Indicators,
        Sheet::Problems,
    ];

    /// The sheet's tab name in the workbook.
    pub fn name(self) -> &'static str {
        match self {
            Sheet::Instructions => "填报说明",
            Sheet::Basic => "基本情况",
            Sheet::Finance => "收支情况",
            Sheet::Goals => "绩效目标",
            Sheet::Targets => "定量指标",
            Sheet::Scores => "评分表",
            Sheet::Projects => "项目支出",
            Sheet::Indicators => "项目绩效指标",
            Sheet::Problems => "问题与措施",
        }
    }
}

/// One scalar input: a single cell with its own defined name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    /// The defined name, e.g. `budget_executed`.
    pub key: &'static str,
    /// The Chinese label shown beside the cell.
    pub label: &'static str,
    pub kind: Kind,
    pub required: bool,
    pub sheet: Sheet,
    /// The input hint shown when the cell is selected, and the note in `docs/fields.md`.
    pub hint: &'static str,
}

/// One column of a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    /// A stable id used in code and in fill sources (`income_total`).
    pub id: &'static str,
    /// The header text in the table's first row.
    pub label: &'static str,
    pub kind: Kind,
    /// Whether a non-empty row must fill this column.
    pub required: bool,
    /// Who writes the column's cells.
    pub by: EnteredBy,
}

/// Who writes a table column: the template locks what the department must
/// not change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EnteredBy {
    /// The department (填写区, unlocked).
    Department,
    /// The evaluation framework, when the template is generated (locked).
    Framework,
    /// jixiao, when it writes the completed workbook (locked).
    System,
}

impl EnteredBy {
    pub fn describe(self) -> &'static str {
        match self {
            EnteredBy::Department => "单位填写",
            EnteredBy::Framework => "按评价框架预填",
            EnteredBy::System => "系统计算",
        }
    }
}

/// A table input: a defined name spanning the header row and the data rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Table {
    pub key: &'static str,
    pub label: &'static str,
    pub sheet: Sheet,
    pub columns: &'static [Column],
    /// Data rows the blank template leaves room for.
    pub rows: u32,
    /// Whether the table must have at least one non-empty row.
    pub required: bool,
    pub hint: &'static str,
}

impl Table {
    /// The index of the column with this id. Panics only on a programming
    /// error (an id that is not in the static catalogue), never on user data.
    pub fn col(&self, id: &str) -> usize {
        self.columns
            .iter()
            .position(|c| c.id == id)
            .unwrap_or_else(|| panic!("table {} has no column {id}", self.key))
    }

    /// Each column's field key as findings name it, `tbl_finance.income_total`.
    pub fn field_keys(&self) -> Vec<String> {
        self.columns
            .iter()
            .map(|c| format!("{}.{}", self.key, c.id))
            .collect()
    }
}

const fn f(
    key: &'static str,
    label: &'static str,
    kind: Kind,
    required: bool,
    sheet: Sheet,
    hint: &'static str,
) -> Field {
    Field {
        key,
        label,
        kind,
        required,
        sheet,
        hint,
    }
}

const fn c(id: &'static str, label: &'static str, kind: Kind, required: bool) -> Column {
    Column {
        id,
        label,
        kind,
        required,
        by: EnteredBy::Department,
    }
}

/// A column the framework fills in the template.
const fn from_framework(
    id: &'static str,
    label: &'static str,
    kind: Kind,
    required: bool,
) -> Column {
    Column {
        by: EnteredBy::Framework,
        ..c(id, label, kind, required)
    }
}

/// A column jixiao computes.
const fn computed(id: &'static str, label: &'static str, kind: Kind) -> Column {
    Column {
        by: EnteredBy::System,
        ..c(id, label, kind, false)
    }
}

use Kind::*;
use Sheet::*;

/// Every scalar key of SPEC §4.1, in template order.
pub const FIELDS: &[Field] = &[
    f(
        "template_version",
        "模板版本",
        Text,
        true,
        Basic,
        "由模板预填，请勿修改",
    ),
    f(
        "framework",
        "评价框架",
        FrameworkId,
        true,
        Basic,
        "从下拉列表选择本地区使用的评分表",
    ),
    f(
        "unit_name",
        "单位名称",
        Text,
        true,
        Basic,
        "填写单位全称，如：岳阳市君山区医疗保障局",
    ),
    f(
        "unit_code",
        "单位编码",
        Text,
        false,
        Basic,
        "预算单位编码（可选）",
    ),
    f(
        "supervisor",
        "主管部门",
        Text,
        false,
        Basic,
        "主管部门名称（可选）",
    ),
    f("year", "评价年度", Year, true, Basic, "四位年份，如 2022"),
    f(
        "period",
        "报送期间",
        Choice(PERIODS),
        true,
        Basic,
        "年度自评选“全年”",
    ),
    f(
        "fill_date",
        "填报日期",
        Date,
        true,
        Basic,
        "日期格式，如 2023-03-15",
    ),
    f(
        "head_name",
        "单位负责人",
        Text,
        true,
        Basic,
        "单位负责人姓名",
    ),
    f(
        "contact_name",
        "联系人（填报人）",
        Text,
        true,
        Basic,
        "填报人姓名",
    ),
    f(
        "contact_phone",
        "联系电话",
        Phone,
        true,
        Basic,
        "固定电话（可带区号）或11位手机号",
    ),
    f(
        "staff_quota",
        "人员编制数",
        Count,
        true,
        Basic,
        "核定编制人数，整数",
    ),
    f(
        "staff_actual",
        "实有（在职）人数",
        Count,
        true,
        Basic,
        "年末实有在职人数，整数",
    ),
    f(
        "functions",
        "职能职责概述",
        LongText,
        true,
        Basic,
        "简述单位主要职能职责",
    ),
    f(
        "org_structure",
        "机构设置",
        Text,
        false,
        Basic,
        "内设机构及下属单位",
    ),
    f(
        "main_tasks",
        "年度主要工作内容",
        LongText,
        true,
        Basic,
        "逐条列出年度主要工作",
    ),
    f(
        "achievements",
        "总体运行情况及取得的成绩",
        LongText,
        false,
        Basic,
        "年度总体运行情况、成绩与荣誉",
    ),
    f(
        "implementation",
        "专项组织实施情况",
        LongText,
        false,
        Basic,
        "专项资金的组织、管理与实施情况",
    ),
    f(
        "budget_initial",
        "年初预算数",
        Money,
        true,
        Finance,
        "万元；年初批复的预算数",
    ),
    f(
        "budget_adjustment",
        "预算调整数（追加追减之和）",
        Money,
        true,
        Finance,
        "万元；追加为正、追减为负，无调整填 0",
    ),
    f(
        "budget_executed",
        "预算执行数",
        Money,
        true,
        Finance,
        "万元；全年实际支出",
    ),
    f(
        "public_budget",
        "公用经费预算数",
        Money,
        false,
        Finance,
        "万元",
    ),
    f(
        "key_project_exp",
        "重点项目支出",
        Money,
        false,
        Finance,
        "万元；用于重点支出安排率",
    ),
    f(
        "paid_q1",
        "截至一季度末累计支出",
        Money,
        false,
        Finance,
        "万元；累计数",
    ),
    f(
        "paid_q2",
        "截至二季度末累计支出",
        Money,
        false,
        Finance,
        "万元；累计数",
    ),
    f(
        "paid_q3",
        "截至三季度末累计支出",
        Money,
        false,
        Finance,
        "万元；累计数",
    ),
    f(
        "paid_q4",
        "截至四季度末累计支出",
        Money,
        false,
        Finance,
        "万元；累计数",
    ),
    f(
        "special_late_count",
        "未按进度下达资金的专项个数",
        Count,
        false,
        Finance,
        "个；无则填 0",
    ),
    f(
        "carryover_unfinished",
        "年末结转中未完工项目资金",
        Money,
        false,
        Finance,
        "万元",
    ),
    f(
        "procurement_budget",
        "政府采购预算数",
        Money,
        false,
        Finance,
        "万元",
    ),
    f(
        "procurement_actual",
        "政府采购实际数",
        Money,
        false,
        Finance,
        "万元",
    ),
    f(
        "card_payable",
        "应使用公务卡结算金额",
        Money,
        false,
        Finance,
        "万元",
    ),
    f(
        "card_paid",
        "实际公务卡结算金额",
        Money,
        false,
        Finance,
        "万元",
    ),
    f(
        "sg_abroad_budget",
        "因公出国（境）费 本年预算",
        Money,
        true,
        Finance,
        "万元；无则填 0",
    ),
    f(
        "sg_abroad_actual",
        "因公出国（境）费 本年决算",
        Money,
        true,
        Finance,
        "万元；无则填 0",
    ),
    f(
        "sg_abroad_prev",
        "因公出国（境）费 上年决算",
        Money,
        true,
        Finance,
        "万元；无则填 0",
    ),
    f(
        "sg_car_buy_budget",
        "公务用车购置费 本年预算",
        Money,
        true,
        Finance,
        "万元；无则填 0",
    ),
    f(
        "sg_car_buy_actual",
        "公务用车购置费 本年决算",
        Money,
        true,
        Finance,
        "万元；无则填 0",
    ),
    f(
        "sg_car_buy_prev",
        "公务用车购置费 上年决算",
        Money,
        true,
        Finance,
        "万元；无则填 0",
    ),
    f(
        "sg_car_run_budget",
        "公务用车运行维护费 本年预算",
        Money,
        true,
        Finance,
        "万元；无则填 0",
    ),
    f(
        "sg_car_run_actual",
        "公务用车运行维护费 本年决算",
        Money,
        true,
        Finance,
        "万元；无则填 0",
    ),
    f(
        "sg_car_run_prev",
        "公务用车运行维护费 上年决算",
        Money,
        true,
        Finance,
        "万元；无则填 0",
    ),
    f(
        "sg_reception_budget",
        "公务接待费 本年预算",
        Money,
        true,
        Finance,
        "万元；无则填 0",
    ),
    f(
        "sg_reception_actual",
        "公务接待费 本年决算",
        Money,
        true,
        Finance,
        "万元；无则填 0",
    ),
    f(
        "sg_reception_prev",
        "公务接待费 上年决算",
        Money,
        true,
        Finance,
        "万元；无则填 0",
    ),
    f(
        "assets_total",
        "固定资产合计",
        Money,
        true,
        Finance,
        "万元；应等于在用、出租、其他之和",
    ),
    f(
        "assets_in_use",
        "在用固定资产",
        Money,
        true,
        Finance,
        "万元",
    ),
    f(
        "assets_leased",
        "出租固定资产",
        Money,
        true,
        Finance,
        "万元；无则填 0",
    ),
    f(
        "assets_other",
        "其他固定资产",
        Money,
        true,
        Finance,
        "万元；无则填 0",
    ),
    f(
        "satisfaction_rate",
        "社会公众或服务对象满意度",
        Percent,
        false,
        Targets,
        "百分比，如 95%",
    ),
    f(
        "score_overall_self",
        "自评综合得分（单位填写）",
        Points,
        false,
        Scores,
        "单位自评的总分，系统将与计算得分比对",
    ),
];

/// The four kinds of 三公经费, as `(key part, Chinese name)`.
pub const SANGONG_KINDS: &[(&str, &str)] = &[
    ("abroad", "因公出国（境）费"),
    ("car_buy", "公务用车购置费"),
    ("car_run", "公务用车运行维护费"),
    ("reception", "公务接待费"),
];

pub const TBL_FINANCE: Table = Table {
    key: "tbl_finance",
    label: "收支情况（按机构）",
    sheet: Finance,
    columns: &[
        c("unit", "机构名称", Text, true),
        c("carryover", "上年结转", Money, false),
        c("general_budget", "一般公共预算财政拨款", Money, false),
        c("fund_budget", "政府性基金预算拨款", Money, false),
        c(
            "special_account",
            "纳入专户管理的非税收入拨款",
            Money,
            false,
        ),
        c("other_income", "其他收入", Money, false),
        c("income_total", "收入合计", Money, true),
        c("personnel", "人员支出", Money, false),
        c("public_exp", "公用支出", Money, false),
        c("basic", "基本支出", Money, true),
        c("project", "项目支出", Money, false),
        c("expense_total", "支出合计", Money, true),
        c("balance_year", "当年结余", Money, false),
        c("balance_total", "累计结余", Money, false),
    ],
    rows: 20,
    required: true,
    hint: "第一行为“汇总”（有下属机构时等于其余各行之和）；只有本级时只填一行",
};

pub const TBL_GOALS: Table = Table {
    key: "tbl_goals",
    label: "定性绩效目标",
    sheet: Goals,
    columns: &[
        c("goal", "预期目标", LongText, true),
        c("done", "实际完成", LongText, false),
    ],
    rows: 20,
    required: false,
    hint: "每行一个目标及其完成情况",
};

pub const TBL_TARGETS: Table = Table {
    key: "tbl_targets",
    label: "定量绩效目标",
    sheet: Targets,
    columns: &[
        c("level1", "一级指标", Text, true),
        c("level2", "二级指标", Text, true),
        c("level3", "三级指标", Text, true),
        c("target", "年度指标值", Text, false),
        c("actual", "实际完成值", Text, false),
        c("deviation", "偏差原因", LongText, false),
    ],
    rows: 40,
    required: false,
    hint: "指标值可写为“≥95%”“12411人次”“6-9个月”或文字",
};

pub const TBL_SCORES: Table = Table {
    key: "tbl_scores",
    label: "评分表",
    sheet: Scores,
    columns: &[
        from_framework("level1", "一级指标", Text, false),
        from_framework("level2", "二级指标", Text, false),
        from_framework("level3", "三级指标", Text, true),
        from_framework("criteria", "评分标准", LongText, false),
        from_framework("points", "分值", Points, false),
        computed("computed", "计算值", Text),
        computed("system_score", "系统得分", Points),
        c("self_score", "自评得分", Points, false),
        c("reason", "扣分原因", LongText, false),
    ],
    rows: 60,
    required: false,
    hint: "由评价框架生成；在“自评得分”和“扣分原因”列填写",
};

pub const TBL_PROBLEMS: Table = Table {
    key: "tbl_problems",
    label: "存在的主要问题",
    sheet: Problems,
    columns: &[c("text", "问题", LongText, true)],
    rows: 20,
    required: false,
    hint: "每行一个问题",
};

pub const TBL_MEASURES: Table = Table {
    key: "tbl_measures",
    label: "改进措施和有关建议",
    sheet: Problems,
    columns: &[c("text", "措施", LongText, true)],
    rows: 20,
    required: false,
    hint: "每行一条措施或建议",
};

pub const TBL_EVALUATORS: Table = Table {
    key: "tbl_evaluators",
    label: "评价人员",
    sheet: Basic,
    columns: &[
        c("name", "姓名", Text, true),
        c("title", "职务/职称", Text, false),
        c("org", "单位", Text, false),
    ],
    rows: 15,
    required: false,
    hint: "评价组成员",
};

pub const TBL_PROJECTS: Table = Table {
    key: "tbl_projects",
    label: "项目支出",
    sheet: Projects,
    columns: &[
        c("name", "项目名称", Text, true),
        c("supervisor", "主管部门", Text, false),
        c("implementer", "实施单位", Text, false),
        c("budget_initial", "年初预算数", Money, false),
        c("budget_full", "全年预算数", Money, true),
        c("executed", "全年执行数", Money, true),
        c("fiscal_initial", "财政拨款年初", Money, false),
        c("fiscal_full", "财政拨款全年", Money, false),
        c("fiscal_executed", "财政拨款执行", Money, false),
        c("carry_initial", "上年结转年初", Money, false),
        c("carry_full", "上年结转全年", Money, false),
        c("carry_executed", "上年结转执行", Money, false),
        c("other_initial", "其他资金年初", Money, false),
        c("other_full", "其他资金全年", Money, false),
        c("other_executed", "其他资金执行", Money, false),
        c("goal", "年度总体目标", LongText, false),
        c("done", "实际完成情况", LongText, false),
        c("self_score", "自评得分", Points, false),
    ],
    rows: 20,
    required: false,
    hint: "每个项目一行，金额单位万元",
};

pub const TBL_PROJECT_INDICATORS: Table = Table {
    key: "tbl_project_indicators",
    label: "项目绩效指标",
    sheet: Indicators,
    columns: &[
        c("project", "项目名称", Text, true),
        c("level1", "一级指标", Text, true),
        c("level2", "二级指标", Text, true),
        c("level3", "三级指标", Text, true),
        c("target", "年度指标值", Text, false),
        c("actual", "实际完成值", Text, false),
        c("points", "分值", Points, true),
        c("self_score", "自评得分", Points, false),
        c("deviation", "偏差原因分析及改进措施", LongText, false),
    ],
    rows: 100,
    required: false,
    hint: "每个指标一行，“项目名称”与项目支出表一致",
};

/// Every table of SPEC §4.2, in template order.
pub const TABLES: &[&Table] = &[
    &TBL_EVALUATORS,
    &TBL_FINANCE,
    &TBL_GOALS,
    &TBL_TARGETS,
    &TBL_SCORES,
    &TBL_PROJECTS,
    &TBL_PROJECT_INDICATORS,
    &TBL_PROBLEMS,
    &TBL_MEASURES,
];

/// The scalar field with this key.
pub fn field(key: &str) -> Option<&'static Field> {
    FIELDS.iter().find(|f| f.key == key)
}

/// The table with this key.
pub fn table(key: &str) -> Option<&'static Table> {
    TABLES.iter().copied().find(|t| t.key == key)
}

/// Every key, scalars then tables.
pub fn all_keys() -> impl Iterator<Item = &'static str> {
    FIELDS
        .iter()
        .map(|f| f.key)
        .chain(TABLES.iter().map(|t| t.key))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn keys_are_unique_and_valid_excel_names() {
        let mut seen = HashSet::new();
        for key in all_keys() {
            assert!(seen.insert(key), "duplicate key {key}");
            assert!(
                key.chars()
                    .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '_'),
                "{key} is not a plain defined name"
            );
            // A defined name must not look like a cell reference (e.g. `Q1`).
            assert!(
                key.contains('_') || key.len() > 3,
                "{key} may clash with a cell reference"
            );
        }
    }

    #[test]
    fn every_sangong_key_exists() {
        for (kind, _) in SANGONG_KINDS {
            for part in ["budget", "actual", "prev"] {
                assert!(field(&format!("sg_{kind}_{part}")).is_some());
            }
        }
    }

    #[test]
    fn column_ids_are_unique_per_table() {
        for t in TABLES {
            let ids: HashSet<_> = t.columns.iter().map(|c| c.id).collect();
            assert_eq!(ids.len(), t.columns.len(), "{}", t.key);
        }
    }
}
