//! The tables of the standard workbook (SPEC §4.2), their columns, and the
//! four kinds of 三公经费 with their keys.

use super::catalogue::{c, computed, from_framework};
use super::{FieldKey, Kind, NotApplicable, Sheet, Table, col, key};

use Kind::*;
use Sheet::*;

/// Which figure of a 三公 kind: this year's budget, this year's 决算, last
/// year's 决算, last year's budget.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SangongPart {
    Budget,
    Actual,
    Prev,
    PrevBudget,
}

impl SangongPart {
    /// The four, in the template's column order.
    pub const ALL: [SangongPart; 4] = [
        SangongPart::Budget,
        SangongPart::Actual,
        SangongPart::Prev,
        SangongPart::PrevBudget,
    ];

    /// The column heading in the template's 三公 grid.
    pub const fn heading(self) -> &'static str {
        match self {
            SangongPart::Budget => "本年预算",
            SangongPart::Actual => "本年决算",
            SangongPart::Prev => "上年决算",
            SangongPart::PrevBudget => "上年预算",
        }
    }
}

/// One kind of 三公经费 with the keys of its three figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SangongKind {
    /// The key part, `abroad` in `sg_abroad_budget`.
    pub id: &'static str,
    /// The Chinese name, 因公出国（境）费.
    pub name: &'static str,
    pub budget: FieldKey,
    pub actual: FieldKey,
    pub prev: FieldKey,
    pub prev_budget: FieldKey,
}

impl SangongKind {
    /// The key of one of the kind's figures.
    pub const fn key(&self, part: SangongPart) -> FieldKey {
        match part {
            SangongPart::Budget => self.budget,
            SangongPart::Actual => self.actual,
            SangongPart::Prev => self.prev,
            SangongPart::PrevBudget => self.prev_budget,
        }
    }
}

/// The four kinds of 三公经费 in template order, with their keys.
pub const SANGONG: &[SangongKind] = &[
    SangongKind {
        id: "abroad",
        name: "因公出国（境）费",
        budget: key::SG_ABROAD_BUDGET,
        actual: key::SG_ABROAD_ACTUAL,
        prev: key::SG_ABROAD_PREV,
        prev_budget: key::SG_ABROAD_PREV_BUDGET,
    },
    SangongKind {
        id: "car_buy",
        name: "公务用车购置费",
        budget: key::SG_CAR_BUY_BUDGET,
        actual: key::SG_CAR_BUY_ACTUAL,
        prev: key::SG_CAR_BUY_PREV,
        prev_budget: key::SG_CAR_BUY_PREV_BUDGET,
    },
    SangongKind {
        id: "car_run",
        name: "公务用车运行维护费",
        budget: key::SG_CAR_RUN_BUDGET,
        actual: key::SG_CAR_RUN_ACTUAL,
        prev: key::SG_CAR_RUN_PREV,
        prev_budget: key::SG_CAR_RUN_PREV_BUDGET,
    },
    SangongKind {
        id: "reception",
        name: "公务接待费",
        budget: key::SG_RECEPTION_BUDGET,
        actual: key::SG_RECEPTION_ACTUAL,
        prev: key::SG_RECEPTION_PREV,
        prev_budget: key::SG_RECEPTION_PREV_BUDGET,
    },
];

/// 收支情况（按机构）: income and spending, one row per unit (`tbl_finance`).
pub const TBL_FINANCE: Table = Table {
    key: "tbl_finance",
    label: "收支情况（按机构）",
    sheet: Finance,
    columns: &[
        c(col::UNIT, "机构名称", Text, true),
        c(col::CARRYOVER, "上年结转", Money, false),
        c(col::GENERAL_BUDGET, "一般公共预算财政拨款", Money, false),
        c(col::FUND_BUDGET, "政府性基金预算拨款", Money, false),
        c(
            col::SPECIAL_ACCOUNT,
            "纳入专户管理的非税收入拨款",
            Money,
            false,
        ),
        c(col::OTHER_INCOME, "其他收入", Money, false),
        c(col::INCOME_TOTAL, "收入合计", Money, true),
        c(col::PERSONNEL, "人员支出", Money, false),
        c(col::PUBLIC_EXP, "公用支出", Money, false),
        c(col::BASIC, "基本支出", Money, true),
        c(col::PROJECT, "项目支出", Money, false),
        c(col::EXPENSE_TOTAL, "支出合计", Money, true),
        c(col::BALANCE_YEAR, "当年结余", Money, false),
        c(col::BALANCE_TOTAL, "累计结余", Money, false),
    ],
    rows: 20,
    required: true,
    hint: "第一行为“汇总”（有下属机构时等于其余各行之和）；只有本级时只填一行",
    not_applicable: NotApplicable::Never,
    since: 1,
};

/// 定性绩效目标: the qualitative performance goals (`tbl_goals`).
pub const TBL_GOALS: Table = Table {
    key: "tbl_goals",
    label: "定性绩效目标",
    sheet: Goals,
    columns: &[
        c(col::GOAL, "预期目标", LongText, true),
        c(col::DONE, "实际完成", LongText, false),
    ],
    rows: 20,
    required: false,
    hint: "每行一个目标及其完成情况",
    not_applicable: NotApplicable::Row(&[col::GOAL, col::DONE]),
    since: 1,
};

/// 定量绩效目标: the quantitative performance targets (`tbl_targets`).
pub const TBL_TARGETS: Table = Table {
    key: "tbl_targets",
    label: "定量绩效目标",
    sheet: Targets,
    columns: &[
        c(col::LEVEL1, "一级指标", Text, true),
        c(col::LEVEL2, "二级指标", Text, true),
        c(col::LEVEL3, "三级指标", Text, true),
        c(col::TARGET, "年度指标值", Text, false),
        c(col::ACTUAL, "实际完成值", Text, false),
        c(col::DEVIATION, "偏差原因", LongText, false),
    ],
    rows: 40,
    required: false,
    hint: "指标值可写为“≥95%”“12411人次”“6-9个月”或文字",
    not_applicable: NotApplicable::Row(&[col::TARGET, col::ACTUAL]),
    since: 1,
};

/// 评分表: the scoring table, one row per 三级指标 (`tbl_scores`).
pub const TBL_SCORES: Table = Table {
    key: "tbl_scores",
    label: "评分表",
    sheet: Scores,
    columns: &[
        from_framework(col::LEVEL1, "一级指标", Text, false),
        from_framework(col::LEVEL2, "二级指标", Text, false),
        from_framework(col::LEVEL3, "三级指标", Text, true),
        from_framework(col::CRITERIA, "评分标准", LongText, false),
        from_framework(col::POINTS, "分值", Points, false),
        computed(col::COMPUTED, "计算值", Text),
        computed(col::SYSTEM_SCORE, "系统得分", Points),
        c(col::SELF_SCORE, "自评得分", Points, false),
        c(col::REASON, "扣分原因", LongText, false),
        c(col::NOTE, "说明", LongText, false).since(2),
        // Only for a framework whose weights the department sets.
        c(col::SET_POINTS, "设定分值", Points, false).optional(),
    ],
    rows: 60,
    required: false,
    hint: "由评价框架生成；在“自评得分”和“扣分原因”列填写",
    // Every indicator of the framework is scored: none can be left out.
    not_applicable: NotApplicable::Refused(&[col::SELF_SCORE]),
    since: 1,
};

/// 存在的主要问题: the main problems (`tbl_problems`).
pub const TBL_PROBLEMS: Table = Table {
    key: "tbl_problems",
    label: "存在的主要问题",
    sheet: Problems,
    columns: &[c(col::TEXT, "问题", LongText, true)],
    rows: 20,
    required: false,
    hint: "每行一个问题",
    not_applicable: NotApplicable::Never,
    since: 1,
};

/// 改进措施和有关建议: measures and suggestions (`tbl_measures`).
pub const TBL_MEASURES: Table = Table {
    key: "tbl_measures",
    label: "改进措施和有关建议",
    sheet: Problems,
    columns: &[c(col::TEXT, "措施", LongText, true)],
    rows: 20,
    required: false,
    hint: "每行一条措施或建议",
    not_applicable: NotApplicable::Never,
    since: 1,
};

/// 上年问题整改情况: last year's problems, each with what was done about
/// it this year and how far it got (`tbl_rectification`). `--previous`
/// fills the problems from last year's submission; the department writes
/// the rest.
pub const TBL_RECTIFICATION: Table = Table {
    key: "tbl_rectification",
    label: "上年问题整改情况",
    sheet: Problems,
    columns: &[
        c(col::PROBLEM, "上年存在的问题", LongText, true),
        c(col::DONE, "整改落实情况", LongText, false),
        c(
            col::STATUS,
            "整改状态",
            Choice(RECTIFICATION_STATUSES),
            false,
        ),
    ],
    rows: 20,
    required: false,
    hint: "每行一个上年问题及其整改落实情况；整改状态填“已整改”“部分整改”或“未整改”",
    not_applicable: NotApplicable::Never,
    since: 4,
};

/// The words of 整改状态, from done to not begun: the template's dropdown.
pub const RECTIFICATION_STATUSES: &[&str] = &["已整改", "部分整改", "未整改"];

/// 评价人员: the members of the evaluation group (`tbl_evaluators`).
pub const TBL_EVALUATORS: Table = Table {
    key: "tbl_evaluators",
    label: "评价人员",
    sheet: Basic,
    columns: &[
        c(col::NAME, "姓名", Text, true),
        c(col::TITLE, "职务/职称", Text, false),
        c(col::ORG, "单位", Text, false),
    ],
    rows: 15,
    required: false,
    hint: "评价组成员",
    not_applicable: NotApplicable::Never,
    since: 1,
};

/// 项目支出: one row per project (`tbl_projects`).
pub const TBL_PROJECTS: Table = Table {
    key: "tbl_projects",
    label: "项目支出",
    sheet: Projects,
    columns: &[
        c(col::NAME, "项目名称", Text, true),
        c(col::SUPERVISOR, "主管部门", Text, false),
        c(col::IMPLEMENTER, "实施单位", Text, false),
        c(col::BUDGET_INITIAL, "年初预算数", Money, false),
        c(col::BUDGET_FULL, "全年预算数", Money, true),
        c(col::EXECUTED, "全年执行数", Money, true),
        c(col::FISCAL_INITIAL, "财政拨款年初", Money, false),
        c(col::FISCAL_FULL, "财政拨款全年", Money, false),
        c(col::FISCAL_EXECUTED, "财政拨款执行", Money, false),
        c(col::CARRY_INITIAL, "上年结转年初", Money, false),
        c(col::CARRY_FULL, "上年结转全年", Money, false),
        c(col::CARRY_EXECUTED, "上年结转执行", Money, false),
        c(col::OTHER_INITIAL, "其他资金年初", Money, false),
        c(col::OTHER_FULL, "其他资金全年", Money, false),
        c(col::OTHER_EXECUTED, "其他资金执行", Money, false),
        c(col::GOAL, "年度总体目标", LongText, false),
        c(col::DONE, "实际完成情况", LongText, false),
        c(col::SELF_SCORE, "自评得分", Points, false),
        c(col::EXECUTION_SELF, "预算执行率得分", Points, false).since(3),
        c(col::SELF_GRADE, "自评等次", Text, false).since(3),
    ],
    rows: 20,
    required: false,
    hint: "每个项目一行，金额单位万元",
    not_applicable: NotApplicable::Never,
    since: 1,
};

/// 项目绩效指标: the projects' indicators (`tbl_project_indicators`).
pub const TBL_PROJECT_INDICATORS: Table = Table {
    key: "tbl_project_indicators",
    label: "项目绩效指标",
    sheet: Indicators,
    columns: &[
        c(col::PROJECT, "项目名称", Text, true),
        c(col::LEVEL1, "一级指标", Text, true),
        c(col::LEVEL2, "二级指标", Text, true),
        c(col::LEVEL3, "三级指标", Text, true),
        c(col::TARGET, "年度指标值", Text, false),
        c(col::ACTUAL, "实际完成值", Text, false),
        c(col::POINTS, "分值", Points, true),
        c(col::SELF_SCORE, "自评得分", Points, false),
        c(col::DEVIATION, "偏差原因分析及改进措施", LongText, false),
    ],
    rows: 100,
    required: false,
    hint: "每个指标一行，“项目名称”与项目支出表一致",
    // An indicator the department gave a self-score was scored: it applies.
    not_applicable: NotApplicable::Row(&[col::TARGET, col::ACTUAL, col::SELF_SCORE]),
    since: 1,
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
    &TBL_RECTIFICATION,
];
