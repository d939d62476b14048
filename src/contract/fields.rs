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

/// A scalar key of the built-in catalogue: the workbook-scoped defined name
/// of one input cell. Only this module makes one ([`key`] lists them all), so
/// a key that is not in the catalogue does not compile. Keys a framework file
/// names at run time go through [`field`], once, when the framework loads.
///
/// ```
/// use jixiao::contract::fields::key;
/// assert_eq!(key::BUDGET_EXECUTED.as_str(), "budget_executed");
/// ```
///
/// A misspelt key, or one made outside the catalogue, does not compile:
///
/// ```compile_fail
/// let _ = jixiao::contract::fields::key::BUDGET_EXECTUED;
/// ```
///
/// ```compile_fail
/// let _ = jixiao::contract::fields::FieldKey("budget_exectued");
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FieldKey(&'static str);

/// Shown as the plain string, as the keys were before they were typed: a
/// framework's fingerprint (which redoes a batch when it changes) is made
/// from its `Debug` text.
impl std::fmt::Debug for FieldKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.0, f)
    }
}

impl FieldKey {
    /// The defined name, e.g. `budget_executed`.
    pub const fn as_str(self) -> &'static str {
        self.0
    }
}

impl std::fmt::Display for FieldKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0)
    }
}

impl From<FieldKey> for String {
    fn from(key: FieldKey) -> String {
        key.0.to_string()
    }
}

/// A column id of the built-in tables (`income_total`): only this module
/// makes one ([`col`] lists them all), so a misspelt id does not compile.
///
/// ```compile_fail
/// let _ = jixiao::contract::fields::col::INCOME_TOTLA;
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ColumnId(&'static str);

/// Shown as the plain string, as the keys were before they were typed: a
/// framework's fingerprint (which redoes a batch when it changes) is made
/// from its `Debug` text.
impl std::fmt::Debug for ColumnId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.0, f)
    }
}

impl ColumnId {
    /// The id as fill sources and finding keys write it.
    pub const fn as_str(self) -> &'static str {
        self.0
    }
}

impl std::fmt::Display for ColumnId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0)
    }
}

/// Every scalar key of the catalogue, one constant each; [`FIELDS`] is built
/// from them, in the same order as [`key::ALL`].
pub mod key {
    use super::FieldKey as K;

    /// 模板版本
    pub const TEMPLATE_VERSION: K = K("template_version");
    /// 评价框架
    pub const FRAMEWORK: K = K("framework");
    /// 单位名称
    pub const UNIT_NAME: K = K("unit_name");
    /// 单位编码
    pub const UNIT_CODE: K = K("unit_code");
    /// 主管部门
    pub const SUPERVISOR: K = K("supervisor");
    /// 评价年度
    pub const YEAR: K = K("year");
    /// 报送期间
    pub const PERIOD: K = K("period");
    /// 填报日期
    pub const FILL_DATE: K = K("fill_date");
    /// 单位负责人
    pub const HEAD_NAME: K = K("head_name");
    /// 联系人（填报人）
    pub const CONTACT_NAME: K = K("contact_name");
    /// 联系电话
    pub const CONTACT_PHONE: K = K("contact_phone");
    /// 人员编制数
    pub const STAFF_QUOTA: K = K("staff_quota");
    /// 实有（在职）人数
    pub const STAFF_ACTUAL: K = K("staff_actual");
    /// 职能职责概述
    pub const FUNCTIONS: K = K("functions");
    /// 机构设置
    pub const ORG_STRUCTURE: K = K("org_structure");
    /// 年度主要工作内容
    pub const MAIN_TASKS: K = K("main_tasks");
    /// 总体运行情况及取得的成绩
    pub const ACHIEVEMENTS: K = K("achievements");
    /// 专项组织实施情况
    pub const IMPLEMENTATION: K = K("implementation");
    /// 年初预算数
    pub const BUDGET_INITIAL: K = K("budget_initial");
    /// 预算调整数（追加追减之和）
    pub const BUDGET_ADJUSTMENT: K = K("budget_adjustment");
    /// 预算执行数
    pub const BUDGET_EXECUTED: K = K("budget_executed");
    /// 公用经费预算数
    pub const PUBLIC_BUDGET: K = K("public_budget");
    /// 重点项目支出
    pub const KEY_PROJECT_EXP: K = K("key_project_exp");
    /// 截至一季度末累计支出
    pub const PAID_Q1: K = K("paid_q1");
    /// 截至二季度末累计支出
    pub const PAID_Q2: K = K("paid_q2");
    /// 截至三季度末累计支出
    pub const PAID_Q3: K = K("paid_q3");
    /// 截至四季度末累计支出
    pub const PAID_Q4: K = K("paid_q4");
    /// 未按进度下达资金的专项个数
    pub const SPECIAL_LATE_COUNT: K = K("special_late_count");
    /// 年末结转中未完工项目资金
    pub const CARRYOVER_UNFINISHED: K = K("carryover_unfinished");
    /// 政府采购预算数
    pub const PROCUREMENT_BUDGET: K = K("procurement_budget");
    /// 政府采购实际数
    pub const PROCUREMENT_ACTUAL: K = K("procurement_actual");
    /// 应使用公务卡结算金额
    pub const CARD_PAYABLE: K = K("card_payable");
    /// 实际公务卡结算金额
    pub const CARD_PAID: K = K("card_paid");
    /// 因公出国（境）费 本年预算
    pub const SG_ABROAD_BUDGET: K = K("sg_abroad_budget");
    /// 因公出国（境）费 本年决算
    pub const SG_ABROAD_ACTUAL: K = K("sg_abroad_actual");
    /// 因公出国（境）费 上年决算
    pub const SG_ABROAD_PREV: K = K("sg_abroad_prev");
    /// 公务用车购置费 本年预算
    pub const SG_CAR_BUY_BUDGET: K = K("sg_car_buy_budget");
    /// 公务用车购置费 本年决算
    pub const SG_CAR_BUY_ACTUAL: K = K("sg_car_buy_actual");
    /// 公务用车购置费 上年决算
    pub const SG_CAR_BUY_PREV: K = K("sg_car_buy_prev");
    /// 公务用车运行维护费 本年预算
    pub const SG_CAR_RUN_BUDGET: K = K("sg_car_run_budget");
    /// 公务用车运行维护费 本年决算
    pub const SG_CAR_RUN_ACTUAL: K = K("sg_car_run_actual");
    /// 公务用车运行维护费 上年决算
    pub const SG_CAR_RUN_PREV: K = K("sg_car_run_prev");
    /// 公务接待费 本年预算
    pub const SG_RECEPTION_BUDGET: K = K("sg_reception_budget");
    /// 公务接待费 本年决算
    pub const SG_RECEPTION_ACTUAL: K = K("sg_reception_actual");
    /// 公务接待费 上年决算
    pub const SG_RECEPTION_PREV: K = K("sg_reception_prev");
    /// 固定资产合计
    pub const ASSETS_TOTAL: K = K("assets_total");
    /// 在用固定资产
    pub const ASSETS_IN_USE: K = K("assets_in_use");
    /// 出租固定资产
    pub const ASSETS_LEASED: K = K("assets_leased");
    /// 其他固定资产
    pub const ASSETS_OTHER: K = K("assets_other");
    /// 社会公众或服务对象满意度
    pub const SATISFACTION_RATE: K = K("satisfaction_rate");
    /// 自评综合得分（单位填写）
    pub const SCORE_OVERALL_SELF: K = K("score_overall_self");

    /// All of them, in catalogue order.
    pub const ALL: &[K] = &[
        TEMPLATE_VERSION,
        FRAMEWORK,
        UNIT_NAME,
        UNIT_CODE,
        SUPERVISOR,
        YEAR,
        PERIOD,
        FILL_DATE,
        HEAD_NAME,
        CONTACT_NAME,
        CONTACT_PHONE,
        STAFF_QUOTA,
        STAFF_ACTUAL,
        FUNCTIONS,
        ORG_STRUCTURE,
        MAIN_TASKS,
        ACHIEVEMENTS,
        IMPLEMENTATION,
        BUDGET_INITIAL,
        BUDGET_ADJUSTMENT,
        BUDGET_EXECUTED,
        PUBLIC_BUDGET,
        KEY_PROJECT_EXP,
        PAID_Q1,
        PAID_Q2,
        PAID_Q3,
        PAID_Q4,
        SPECIAL_LATE_COUNT,
        CARRYOVER_UNFINISHED,
        PROCUREMENT_BUDGET,
        PROCUREMENT_ACTUAL,
        CARD_PAYABLE,
        CARD_PAID,
        SG_ABROAD_BUDGET,
        SG_ABROAD_ACTUAL,
        SG_ABROAD_PREV,
        SG_CAR_BUY_BUDGET,
        SG_CAR_BUY_ACTUAL,
        SG_CAR_BUY_PREV,
        SG_CAR_RUN_BUDGET,
        SG_CAR_RUN_ACTUAL,
        SG_CAR_RUN_PREV,
        SG_RECEPTION_BUDGET,
        SG_RECEPTION_ACTUAL,
        SG_RECEPTION_PREV,
        ASSETS_TOTAL,
        ASSETS_IN_USE,
        ASSETS_LEASED,
        ASSETS_OTHER,
        SATISFACTION_RATE,
        SCORE_OVERALL_SELF,
    ];
}

/// Every column id of the catalogue's tables, one constant each; a column
/// of several tables (`name`, `self_score`) has one constant.
pub mod col {
    use super::ColumnId as C;

    /// 机构名称
    pub const UNIT: C = C("unit");
    /// 上年结转
    pub const CARRYOVER: C = C("carryover");
    /// 一般公共预算财政拨款
    pub const GENERAL_BUDGET: C = C("general_budget");
    /// 政府性基金预算拨款
    pub const FUND_BUDGET: C = C("fund_budget");
    /// 纳入专户管理的非税收入拨款
    pub const SPECIAL_ACCOUNT: C = C("special_account");
    /// 其他收入
    pub const OTHER_INCOME: C = C("other_income");
    /// 收入合计
    pub const INCOME_TOTAL: C = C("income_total");
    /// 人员支出
    pub const PERSONNEL: C = C("personnel");
    /// 公用支出
    pub const PUBLIC_EXP: C = C("public_exp");
    /// 基本支出
    pub const BASIC: C = C("basic");
    /// 项目支出、项目名称
    pub const PROJECT: C = C("project");
    /// 支出合计
    pub const EXPENSE_TOTAL: C = C("expense_total");
    /// 当年结余
    pub const BALANCE_YEAR: C = C("balance_year");
    /// 累计结余
    pub const BALANCE_TOTAL: C = C("balance_total");
    /// 预期目标、年度总体目标
    pub const GOAL: C = C("goal");
    /// 实际完成、实际完成情况
    pub const DONE: C = C("done");
    /// 一级指标
    pub const LEVEL1: C = C("level1");
    /// 二级指标
    pub const LEVEL2: C = C("level2");
    /// 三级指标
    pub const LEVEL3: C = C("level3");
    /// 年度指标值
    pub const TARGET: C = C("target");
    /// 实际完成值
    pub const ACTUAL: C = C("actual");
    /// 偏差原因、偏差原因分析及改进措施
    pub const DEVIATION: C = C("deviation");
    /// 评分标准
    pub const CRITERIA: C = C("criteria");
    /// 分值
    pub const POINTS: C = C("points");
    /// 计算值
    pub const COMPUTED: C = C("computed");
    /// 系统得分
    pub const SYSTEM_SCORE: C = C("system_score");
    /// 自评得分
    pub const SELF_SCORE: C = C("self_score");
    /// 扣分原因
    pub const REASON: C = C("reason");
    /// 问题、措施
    pub const TEXT: C = C("text");
    /// 姓名、项目名称
    pub const NAME: C = C("name");
    /// 职务/职称
    pub const TITLE: C = C("title");
    /// 单位
    pub const ORG: C = C("org");
    /// 主管部门
    pub const SUPERVISOR: C = C("supervisor");
    /// 实施单位
    pub const IMPLEMENTER: C = C("implementer");
    /// 年初预算数
    pub const BUDGET_INITIAL: C = C("budget_initial");
    /// 全年预算数
    pub const BUDGET_FULL: C = C("budget_full");
    /// 全年执行数
    pub const EXECUTED: C = C("executed");
    /// 财政拨款年初
    pub const FISCAL_INITIAL: C = C("fiscal_initial");
    /// 财政拨款全年
    pub const FISCAL_FULL: C = C("fiscal_full");
    /// 财政拨款执行
    pub const FISCAL_EXECUTED: C = C("fiscal_executed");
    /// 上年结转年初
    pub const CARRY_INITIAL: C = C("carry_initial");
    /// 上年结转全年
    pub const CARRY_FULL: C = C("carry_full");
    /// 上年结转执行
    pub const CARRY_EXECUTED: C = C("carry_executed");
    /// 其他资金年初
    pub const OTHER_INITIAL: C = C("other_initial");
    /// 其他资金全年
    pub const OTHER_FULL: C = C("other_full");
    /// 其他资金执行
    pub const OTHER_EXECUTED: C = C("other_executed");
}

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

impl Field {
    /// The field's key as a typed [`FieldKey`].
    pub const fn id(&self) -> FieldKey {
        FieldKey(self.key)
    }
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

impl Column {
    /// The column's id as a typed [`ColumnId`].
    pub const fn col_id(&self) -> ColumnId {
        ColumnId(self.id)
    }
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
    pub fn col(&self, id: ColumnId) -> usize {
        self.columns
            .iter()
            .position(|c| c.id == id.0)
            .unwrap_or_else(|| panic!("table {} has no column {id}", self.key))
    }

    /// The column with this id, for ids read at run time (fill sources).
    pub fn column(&self, id: &str) -> Option<&'static Column> {
        self.columns.iter().find(|c| c.id == id)
    }

    /// A column's field key as findings name it, `tbl_scores.self_score`.
    pub fn column_key(&self, id: ColumnId) -> String {
        format!("{}.{}", self.key, id.0)
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
    key: FieldKey,
    label: &'static str,
    kind: Kind,
    required: bool,
    sheet: Sheet,
    hint: &'static str,
) -> Field {
    Field {
        key: key.0,
        label,
        kind,
        required,
        sheet,
        hint,
    }
}

const fn c(id: ColumnId, label: &'static str, kind: Kind, required: bool) -> Column {
    Column {
        id: id.0,
        label,
        kind,
        required,
        by: EnteredBy::Department,
    }
}

/// A column the framework fills in the template.
const fn from_framework(id: ColumnId, label: &'static str, kind: Kind, required: bool) -> Column {
    Column {
        by: EnteredBy::Framework,
        ..c(id, label, kind, required)
    }
}

/// A column jixiao computes.
const fn computed(id: ColumnId, label: &'static str, kind: Kind) -> Column {
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
        key::TEMPLATE_VERSION,
        "模板版本",
        Text,
        true,
        Basic,
        "由模板预填，请勿修改",
    ),
    f(
        key::FRAMEWORK,
        "评价框架",
        FrameworkId,
        true,
        Basic,
        "从下拉列表选择本地区使用的评分表",
    ),
    f(
        key::UNIT_NAME,
        "单位名称",
        Text,
        true,
        Basic,
        "填写单位全称，如：岳阳市君山区医疗保障局",
    ),
    f(
        key::UNIT_CODE,
        "单位编码",
        Text,
        false,
        Basic,
        "预算单位编码（可选）",
    ),
    f(
        key::SUPERVISOR,
        "主管部门",
        Text,
        false,
        Basic,
        "主管部门名称（可选）",
    ),
    f(
        key::YEAR,
        "评价年度",
        Year,
        true,
        Basic,
        "四位年份，如 2022",
    ),
    f(
        key::PERIOD,
        "报送期间",
        Choice(PERIODS),
        true,
        Basic,
        "年度自评选“全年”",
    ),
    f(
        key::FILL_DATE,
        "填报日期",
        Date,
        true,
        Basic,
        "日期格式，如 2023-03-15",
    ),
    f(
        key::HEAD_NAME,
        "单位负责人",
        Text,
        true,
        Basic,
        "单位负责人姓名",
    ),
    f(
        key::CONTACT_NAME,
        "联系人（填报人）",
        Text,
        true,
        Basic,
        "填报人姓名",
    ),
    f(
        key::CONTACT_PHONE,
        "联系电话",
        Phone,
        true,
        Basic,
        "固定电话（可带区号）或11位手机号",
    ),
    f(
        key::STAFF_QUOTA,
        "人员编制数",
        Count,
        true,
        Basic,
        "核定编制人数，整数",
    ),
    f(
        key::STAFF_ACTUAL,
        "实有（在职）人数",
        Count,
        true,
        Basic,
        "年末实有在职人数，整数",
    ),
    f(
        key::FUNCTIONS,
        "职能职责概述",
        LongText,
        true,
        Basic,
        "简述单位主要职能职责",
    ),
    f(
        key::ORG_STRUCTURE,
        "机构设置",
        Text,
        false,
        Basic,
        "内设机构及下属单位",
    ),
    f(
        key::MAIN_TASKS,
        "年度主要工作内容",
        LongText,
        true,
        Basic,
        "逐条列出年度主要工作",
    ),
    f(
        key::ACHIEVEMENTS,
        "总体运行情况及取得的成绩",
        LongText,
        false,
        Basic,
        "年度总体运行情况、成绩与荣誉",
    ),
    f(
        key::IMPLEMENTATION,
        "专项组织实施情况",
        LongText,
        false,
        Basic,
        "专项资金的组织、管理与实施情况",
    ),
    f(
        key::BUDGET_INITIAL,
        "年初预算数",
        Money,
        true,
        Finance,
        "万元；年初批复的预算数",
    ),
    f(
        key::BUDGET_ADJUSTMENT,
        "预算调整数（追加追减之和）",
        Money,
        true,
        Finance,
        "万元；追加为正、追减为负，无调整填 0",
    ),
    f(
        key::BUDGET_EXECUTED,
        "预算执行数",
        Money,
        true,
        Finance,
        "万元；全年实际支出",
    ),
    f(
        key::PUBLIC_BUDGET,
        "公用经费预算数",
        Money,
        false,
        Finance,
        "万元",
    ),
    f(
        key::KEY_PROJECT_EXP,
        "重点项目支出",
        Money,
        false,
        Finance,
        "万元；用于重点支出安排率",
    ),
    f(
        key::PAID_Q1,
        "截至一季度末累计支出",
        Money,
        false,
        Finance,
        "万元；累计数",
    ),
    f(
        key::PAID_Q2,
        "截至二季度末累计支出",
        Money,
        false,
        Finance,
        "万元；累计数",
    ),
    f(
        key::PAID_Q3,
        "截至三季度末累计支出",
        Money,
        false,
        Finance,
        "万元；累计数",
    ),
    f(
        key::PAID_Q4,
        "截至四季度末累计支出",
        Money,
        false,
        Finance,
        "万元；累计数",
    ),
    f(
        key::SPECIAL_LATE_COUNT,
        "未按进度下达资金的专项个数",
        Count,
        false,
        Finance,
        "个；无则填 0",
    ),
    f(
        key::CARRYOVER_UNFINISHED,
        "年末结转中未完工项目资金",
        Money,
        false,
        Finance,
        "万元",
    ),
    f(
        key::PROCUREMENT_BUDGET,
        "政府采购预算数",
        Money,
        false,
        Finance,
        "万元",
    ),
    f(
        key::PROCUREMENT_ACTUAL,
        "政府采购实际数",
        Money,
        false,
        Finance,
        "万元",
    ),
    f(
        key::CARD_PAYABLE,
        "应使用公务卡结算金额",
        Money,
        false,
        Finance,
        "万元",
    ),
    f(
        key::CARD_PAID,
        "实际公务卡结算金额",
        Money,
        false,
        Finance,
        "万元",
    ),
    f(
        key::SG_ABROAD_BUDGET,
        "因公出国（境）费 本年预算",
        Money,
        true,
        Finance,
        "万元；无则填 0",
    ),
    f(
        key::SG_ABROAD_ACTUAL,
        "因公出国（境）费 本年决算",
        Money,
        true,
        Finance,
        "万元；无则填 0",
    ),
    f(
        key::SG_ABROAD_PREV,
        "因公出国（境）费 上年决算",
        Money,
        true,
        Finance,
        "万元；无则填 0",
    ),
    f(
        key::SG_CAR_BUY_BUDGET,
        "公务用车购置费 本年预算",
        Money,
        true,
        Finance,
        "万元；无则填 0",
    ),
    f(
        key::SG_CAR_BUY_ACTUAL,
        "公务用车购置费 本年决算",
        Money,
        true,
        Finance,
        "万元；无则填 0",
    ),
    f(
        key::SG_CAR_BUY_PREV,
        "公务用车购置费 上年决算",
        Money,
        true,
        Finance,
        "万元；无则填 0",
    ),
    f(
        key::SG_CAR_RUN_BUDGET,
        "公务用车运行维护费 本年预算",
        Money,
        true,
        Finance,
        "万元；无则填 0",
    ),
    f(
        key::SG_CAR_RUN_ACTUAL,
        "公务用车运行维护费 本年决算",
        Money,
        true,
        Finance,
        "万元；无则填 0",
    ),
    f(
        key::SG_CAR_RUN_PREV,
        "公务用车运行维护费 上年决算",
        Money,
        true,
        Finance,
        "万元；无则填 0",
    ),
    f(
        key::SG_RECEPTION_BUDGET,
        "公务接待费 本年预算",
        Money,
        true,
        Finance,
        "万元；无则填 0",
    ),
    f(
        key::SG_RECEPTION_ACTUAL,
        "公务接待费 本年决算",
        Money,
        true,
        Finance,
        "万元；无则填 0",
    ),
    f(
        key::SG_RECEPTION_PREV,
        "公务接待费 上年决算",
        Money,
        true,
        Finance,
        "万元；无则填 0",
    ),
    f(
        key::ASSETS_TOTAL,
        "固定资产合计",
        Money,
        true,
        Finance,
        "万元；应等于在用、出租、其他之和",
    ),
    f(
        key::ASSETS_IN_USE,
        "在用固定资产",
        Money,
        true,
        Finance,
        "万元",
    ),
    f(
        key::ASSETS_LEASED,
        "出租固定资产",
        Money,
        true,
        Finance,
        "万元；无则填 0",
    ),
    f(
        key::ASSETS_OTHER,
        "其他固定资产",
        Money,
        true,
        Finance,
        "万元；无则填 0",
    ),
    f(
        key::SATISFACTION_RATE,
        "社会公众或服务对象满意度",
        Percent,
        false,
        Targets,
        "百分比，如 95%",
    ),
    f(
        key::SCORE_OVERALL_SELF,
        "自评综合得分（单位填写）",
        Points,
        false,
        Scores,
        "单位自评的总分，系统将与计算得分比对",
    ),
];

/// Which figure of a 三公 kind: this year's budget, this year's 决算, last
/// year's 决算.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SangongPart {
    Budget,
    Actual,
    Prev,
}

impl SangongPart {
    /// The three, in the template's column order.
    pub const ALL: [SangongPart; 3] = [SangongPart::Budget, SangongPart::Actual, SangongPart::Prev];
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
}

impl SangongKind {
    /// The key of one of the kind's figures.
    pub const fn key(&self, part: SangongPart) -> FieldKey {
        match part {
            SangongPart::Budget => self.budget,
            SangongPart::Actual => self.actual,
            SangongPart::Prev => self.prev,
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
    },
    SangongKind {
        id: "car_buy",
        name: "公务用车购置费",
        budget: key::SG_CAR_BUY_BUDGET,
        actual: key::SG_CAR_BUY_ACTUAL,
        prev: key::SG_CAR_BUY_PREV,
    },
    SangongKind {
        id: "car_run",
        name: "公务用车运行维护费",
        budget: key::SG_CAR_RUN_BUDGET,
        actual: key::SG_CAR_RUN_ACTUAL,
        prev: key::SG_CAR_RUN_PREV,
    },
    SangongKind {
        id: "reception",
        name: "公务接待费",
        budget: key::SG_RECEPTION_BUDGET,
        actual: key::SG_RECEPTION_ACTUAL,
        prev: key::SG_RECEPTION_PREV,
    },
];

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
};

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
};

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
};

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
    ],
    rows: 60,
    required: false,
    hint: "由评价框架生成；在“自评得分”和“扣分原因”列填写",
};

pub const TBL_PROBLEMS: Table = Table {
    key: "tbl_problems",
    label: "存在的主要问题",
    sheet: Problems,
    columns: &[c(col::TEXT, "问题", LongText, true)],
    rows: 20,
    required: false,
    hint: "每行一个问题",
};

pub const TBL_MEASURES: Table = Table {
    key: "tbl_measures",
    label: "改进措施和有关建议",
    sheet: Problems,
    columns: &[c(col::TEXT, "措施", LongText, true)],
    rows: 20,
    required: false,
    hint: "每行一条措施或建议",
};

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
};

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
    fn the_key_constants_are_the_catalogue_in_order() {
        let from_fields: Vec<&str> = FIELDS.iter().map(|f| f.key).collect();
        let from_consts: Vec<&str> = key::ALL.iter().map(|k| k.as_str()).collect();
        assert_eq!(from_fields, from_consts);
    }

    #[test]
    fn every_column_constant_names_a_column_of_some_table() {
        let ids: HashSet<&str> = TABLES
            .iter()
            .flat_map(|t| t.columns.iter().map(|c| c.id))
            .collect();
        for id in [
            col::UNIT,
            col::INCOME_TOTAL,
            col::SELF_SCORE,
            col::OTHER_EXECUTED,
        ] {
            assert!(ids.contains(id.as_str()), "{id}");
        }
    }

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
    fn every_sangong_key_is_named_after_its_kind_and_part() {
        for kind in SANGONG {
            for (part, name) in SangongPart::ALL.iter().zip(["budget", "actual", "prev"]) {
                let key = kind.key(*part);
                assert_eq!(key.as_str(), format!("sg_{}_{name}", kind.id));
                assert!(field(key.as_str()).is_some());
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
