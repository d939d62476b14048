//! The typed keys of the catalogue: a [`FieldKey`] for every scalar, a
//! [`ColumnId`] for every table column, each a constant that only the
//! catalogue's module can make, so that code names a key the compiler knows.

/// A key type of the catalogue: a `&'static str` only this module wraps.
/// Its `Debug` shows the plain string, as the keys were before they were
/// typed: a framework's fingerprint (which redoes a batch when it changes)
/// is made from its `Debug` text.
macro_rules! catalogue_key {
    ($(#[$doc:meta])* $name:ident, $as_str:literal) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(pub(super) &'static str);

        impl std::fmt::Debug for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                std::fmt::Debug::fmt(self.0, f)
            }
        }

        impl $name {
            #[doc = $as_str]
            pub const fn as_str(self) -> &'static str {
                self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.0)
            }
        }
    };
}

catalogue_key!(
/// A scalar key of the built-in catalogue: the workbook-scoped defined name
/// of one input cell. Only this module makes one ([`key`] lists them all), so
/// a key that is not in the catalogue does not compile. Keys a framework file
/// names at run time go through [`field`](super::field), once, when the framework loads.
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
    FieldKey,
    "The defined name, e.g. `budget_executed`."
);

impl From<FieldKey> for String {
    fn from(key: FieldKey) -> String {
        key.0.to_string()
    }
}

catalogue_key!(
/// A column id of the built-in tables (`income_total`): only this module
/// makes one ([`col`] lists them all), so a misspelt id does not compile.
///
/// ```compile_fail
/// let _ = jixiao::contract::fields::col::INCOME_TOTLA;
/// ```
    ColumnId,
    "The id as fill sources and finding keys write it."
);

/// Every scalar key of the catalogue, one constant each; [`FIELDS`](super::FIELDS) is built
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
    /// 追加预算数
    pub const BUDGET_ADDED: K = K("budget_added");
    /// 追减预算数（正数）
    pub const BUDGET_REDUCED: K = K("budget_reduced");
    /// 结构调整数
    pub const BUDGET_RESTRUCTURED: K = K("budget_restructured");
    /// 其中：不计入预算调整率的调整数（国家政策、不可抗力、上级交办）
    pub const BUDGET_ADJUST_EXCLUDED: K = K("budget_adjust_excluded");
    /// 预算执行数
    pub const BUDGET_EXECUTED: K = K("budget_executed");
    /// 预算执行情况说明
    pub const EXECUTION_NOTE: K = K("execution_note");
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
    /// 截至1月底累计支出 (optional: only for a framework that reads it)
    pub const PAID_M01: K = K("paid_m01");
    /// 截至2月底累计支出 (optional: only for a framework that reads it)
    pub const PAID_M02: K = K("paid_m02");
    /// 截至4月底累计支出 (optional: only for a framework that reads it)
    pub const PAID_M04: K = K("paid_m04");
    /// 截至5月底累计支出 (optional: only for a framework that reads it)
    pub const PAID_M05: K = K("paid_m05");
    /// 截至7月底累计支出 (optional: only for a framework that reads it)
    pub const PAID_M07: K = K("paid_m07");
    /// 截至8月底累计支出 (optional: only for a framework that reads it)
    pub const PAID_M08: K = K("paid_m08");
    /// 截至10月底累计支出 (optional: only for a framework that reads it)
    pub const PAID_M10: K = K("paid_m10");
    /// 截至11月底累计支出 (optional: only for a framework that reads it)
    pub const PAID_M11: K = K("paid_m11");
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
    /// 因公出国（境）费 上年预算
    pub const SG_ABROAD_PREV_BUDGET: K = K("sg_abroad_prev_budget");
    /// 公务用车购置费 本年预算
    pub const SG_CAR_BUY_BUDGET: K = K("sg_car_buy_budget");
    /// 公务用车购置费 本年决算
    pub const SG_CAR_BUY_ACTUAL: K = K("sg_car_buy_actual");
    /// 公务用车购置费 上年决算
    pub const SG_CAR_BUY_PREV: K = K("sg_car_buy_prev");
    /// 公务用车购置费 上年预算
    pub const SG_CAR_BUY_PREV_BUDGET: K = K("sg_car_buy_prev_budget");
    /// 公务用车运行维护费 本年预算
    pub const SG_CAR_RUN_BUDGET: K = K("sg_car_run_budget");
    /// 公务用车运行维护费 本年决算
    pub const SG_CAR_RUN_ACTUAL: K = K("sg_car_run_actual");
    /// 公务用车运行维护费 上年决算
    pub const SG_CAR_RUN_PREV: K = K("sg_car_run_prev");
    /// 公务用车运行维护费 上年预算
    pub const SG_CAR_RUN_PREV_BUDGET: K = K("sg_car_run_prev_budget");
    /// 公务接待费 本年预算
    pub const SG_RECEPTION_BUDGET: K = K("sg_reception_budget");
    /// 公务接待费 本年决算
    pub const SG_RECEPTION_ACTUAL: K = K("sg_reception_actual");
    /// 公务接待费 上年决算
    pub const SG_RECEPTION_PREV: K = K("sg_reception_prev");
    /// 公务接待费 上年预算
    pub const SG_RECEPTION_PREV_BUDGET: K = K("sg_reception_prev_budget");
    /// 固定资产合计
    pub const ASSETS_TOTAL: K = K("assets_total");
    /// 在用固定资产
    pub const ASSETS_IN_USE: K = K("assets_in_use");
    /// 出租固定资产
    pub const ASSETS_LEASED: K = K("assets_leased");
    /// 其他固定资产
    pub const ASSETS_OTHER: K = K("assets_other");
    /// 收支情况说明
    pub const FINANCE_NOTE: K = K("finance_note");
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
        BUDGET_ADDED,
        BUDGET_REDUCED,
        BUDGET_RESTRUCTURED,
        BUDGET_ADJUST_EXCLUDED,
        BUDGET_EXECUTED,
        EXECUTION_NOTE,
        PUBLIC_BUDGET,
        KEY_PROJECT_EXP,
        PAID_Q1,
        PAID_Q2,
        PAID_Q3,
        PAID_Q4,
        PAID_M01,
        PAID_M02,
        PAID_M04,
        PAID_M05,
        PAID_M07,
        PAID_M08,
        PAID_M10,
        PAID_M11,
        SPECIAL_LATE_COUNT,
        CARRYOVER_UNFINISHED,
        PROCUREMENT_BUDGET,
        PROCUREMENT_ACTUAL,
        CARD_PAYABLE,
        CARD_PAID,
        SG_ABROAD_BUDGET,
        SG_ABROAD_ACTUAL,
        SG_ABROAD_PREV,
        SG_ABROAD_PREV_BUDGET,
        SG_CAR_BUY_BUDGET,
        SG_CAR_BUY_ACTUAL,
        SG_CAR_BUY_PREV,
        SG_CAR_BUY_PREV_BUDGET,
        SG_CAR_RUN_BUDGET,
        SG_CAR_RUN_ACTUAL,
        SG_CAR_RUN_PREV,
        SG_CAR_RUN_PREV_BUDGET,
        SG_RECEPTION_BUDGET,
        SG_RECEPTION_ACTUAL,
        SG_RECEPTION_PREV,
        SG_RECEPTION_PREV_BUDGET,
        ASSETS_TOTAL,
        ASSETS_IN_USE,
        ASSETS_LEASED,
        ASSETS_OTHER,
        FINANCE_NOTE,
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
    /// 实际完成、实际完成情况、整改落实情况
    pub const DONE: C = C("done");
    /// 上年存在的问题
    pub const PROBLEM: C = C("problem");
    /// 整改状态
    pub const STATUS: C = C("status");
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
    /// 说明（评分表：单位对该项数据的说明）
    pub const NOTE: C = C("note");
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
    /// 预算执行率得分: the 得分 the department gives the project's
    /// 预算执行率 (the 得分 of the 年度资金总额 row)
    pub const EXECUTION_SELF: C = C("execution_self");
    /// 自评等次: the grade the department gives the project
    pub const SELF_GRADE: C = C("self_grade");
    /// 设定分值: the points the department sets for an indicator of a block
    /// whose weights it sets (the framework's `set_weights`)
    pub const SET_POINTS: C = C("set_points");

    /// All of them, in the order the tables first use them.
    pub const ALL: &[C] = &[
        UNIT,
        CARRYOVER,
        GENERAL_BUDGET,
        FUND_BUDGET,
        SPECIAL_ACCOUNT,
        OTHER_INCOME,
        INCOME_TOTAL,
        PERSONNEL,
        PUBLIC_EXP,
        BASIC,
        PROJECT,
        EXPENSE_TOTAL,
        BALANCE_YEAR,
        BALANCE_TOTAL,
        GOAL,
        DONE,
        PROBLEM,
        STATUS,
        LEVEL1,
        LEVEL2,
        LEVEL3,
        TARGET,
        ACTUAL,
        DEVIATION,
        CRITERIA,
        POINTS,
        COMPUTED,
        SYSTEM_SCORE,
        SELF_SCORE,
        REASON,
        NOTE,
        SET_POINTS,
        TEXT,
        NAME,
        TITLE,
        ORG,
        SUPERVISOR,
        IMPLEMENTER,
        BUDGET_INITIAL,
        BUDGET_FULL,
        EXECUTED,
        FISCAL_INITIAL,
        FISCAL_FULL,
        FISCAL_EXECUTED,
        CARRY_INITIAL,
        CARRY_FULL,
        CARRY_EXECUTED,
        OTHER_INITIAL,
        OTHER_FULL,
        OTHER_EXECUTED,
        EXECUTION_SELF,
        SELF_GRADE,
    ];
}
