//! The view model: the data structures a report template is given, one per
//! part of the report, with the version that finance offices' own templates
//! are written against. Templates are a public interface, so this file is
//! the contract; `docs/templates.md` lists every field and the changes of
//! each version.

use rust_decimal::Decimal;
use serde::Serialize;

use crate::report::view::mask::Redactor;
use crate::rules::score::Standing;

/// The version of the data templates see: the fields of `ReportView` and,
/// for `summary.html`, of the batch summary's view. Every default template
/// is marked with the version it was written for (`{# jixiao-view/2 -#}` on
/// its first line), and templates see it as `view_version`. Raise it, and
/// the marks of the default templates, when a field is renamed or removed
/// or changes its meaning, and add a row to the table in
/// `docs/templates.md`.
pub const VIEW_VERSION: u32 = 2;

/// The whole report.
#[derive(Debug, Clone, Serialize)]
pub struct ReportView {
    /// The public report (for the disclosure site): see [`ReportView::into_public`].
    pub public: bool,
    /// `jixiao 0.1.0`.
    pub generator: String,
    /// The workbook's file name.
    pub file: String,
    pub status: StatusView,
    pub unit: UnitView,
    pub spending: SpendingView,
    pub goals: GoalsView,
    pub results: Option<ResultsView>,
    pub problems: Vec<Item>,
    pub measures: Vec<Item>,
    pub appendix: AppendixView,
    /// 附：与上一版相比: what this version changed against the one it
    /// replaces; internal report only, `None` for a first version.
    pub revision: Option<RevisionView>,
    /// 上年问题整改情况: the department's table (empty when it has none).
    pub rectification: Vec<Rectification>,
    /// 与上年对比: this year beside last year's submission (`--previous`),
    /// `None` when none was matched.
    pub prior: Option<PriorView>,
    /// Every figure the report states, with where it comes from (see
    /// [`Figure`]); made only for a traced view (`build_traced`): finding
    /// every figure's cells costs more than the rest of the view, and
    /// templates do not show them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub figures: Vec<Figure>,
    /// What masks every text of the public report's data (the names the
    /// workbook gives, personal numbers); empty in the internal report.
    #[serde(skip)]
    pub redactor: Redactor,
}

/// A figure the report states, as it is written (`2815.61`, `18.33%`,
/// `2023年3月31日`), where in the view it is stated, and where it comes
/// from. Numbers inside a quoted text (the department's own words, a
/// framework's criteria, a scoring explanation) are figures of the text's
/// source.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Figure {
    /// The figure as the report writes it (tables group thousands:
    /// `2,815.61` is the figure `2815.61`).
    pub text: String,
    /// Where in the view it is stated: `spending.income_sentence`.
    pub at: String,
    /// Where it comes from.
    pub source: Source,
}

/// Where a figure of the report comes from.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Source {
    /// A cell of the workbook (or a number in a cell's text).
    Cell(CellRef),
    /// A formula over cells, in Chinese: `上年结转 ÷ 收入合计 × 100%`.
    Formula {
        /// The formula.
        formula: String,
        /// The cells it reads.
        cells: Vec<CellRef>,
    },
    /// The evaluation framework (评价框架): points, criteria, grades.
    Framework {
        /// The framework's name.
        framework: String,
        /// What of it: `绩效目标合理性的分值`.
        item: String,
    },
    /// The scoring (系统计分): a system score, by the indicator's rule and
    /// the cells it read.
    Scoring {
        /// The indicator (or project) scored.
        indicator: String,
        /// How: the rule as applied.
        rule: String,
        /// The cells it read.
        inputs: Vec<CellRef>,
    },
    /// The check (校验): counts of findings, a finding's message.
    Check {
        /// What: `错误数`, or a finding's code.
        what: String,
        /// The cells the finding names.
        cells: Vec<CellRef>,
    },
    /// jixiao itself (its version).
    Program,
    /// The workbook's file name.
    File,
}

/// One row of 上年问题整改情况.
#[derive(Debug, Clone, Serialize)]
pub struct Rectification {
    /// 上年存在的问题.
    pub problem: String,
    /// 整改落实情况, as the department wrote it.
    pub done: Option<String>,
    /// 整改状态: 已整改, 部分整改 or 未整改.
    pub status: Option<String>,
}

/// 与上年对比: this year's main figures beside last year's submission.
#[derive(Debug, Clone, Serialize)]
pub struct PriorView {
    /// Last year, as the report names it: `2021年`.
    pub year: String,
    /// Last year's file, as found under `--previous`; `None` in the public
    /// report.
    pub source: Option<String>,
    /// The figures either year has.
    pub rows: Vec<YearRow>,
    /// Last year's 等次.
    pub grade_last: Option<String>,
    /// This year's 等次.
    pub grade_this: Option<String>,
    /// How many figures this workbook left blank were taken from last
    /// year's submission.
    pub filled: usize,
}

/// One row of 与上年对比, its figures as written (`None`: not given).
#[derive(Debug, Clone, Serialize)]
pub struct YearRow {
    /// `预算执行数`.
    pub label: &'static str,
    /// `万元`, `%`, `人`, `分`.
    pub unit: &'static str,
    /// Last year's.
    pub last: Option<String>,
    /// This year's.
    pub this: Option<String>,
    /// This year's less last year's (a rate's in 个百分点).
    pub change: Option<String>,
    /// The change over last year's, in percent (not for a rate).
    pub rate: Option<String>,
}

/// A cell of the workbook: its sheet, A1 reference and field key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CellRef {
    /// The sheet's name.
    pub sheet: String,
    /// The A1 reference: `C5`; empty when the defined name is missing.
    pub cell: String,
    /// The field key: `budget_initial`, `tbl_finance.income_total`.
    pub key: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct StatusView {
    /// `passed` or `failed`.
    pub code: &'static str,
    /// 通过校验 / 未通过校验.
    pub zh: &'static str,
    pub passed: bool,
    pub errors: usize,
    pub warnings: usize,
    pub notes: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct UnitView {
    pub name: String,
    pub code: Option<String>,
    pub supervisor: Option<String>,
    /// `2022`, or empty when unknown.
    pub year: String,
    /// ISO date, for the `date_zh` filter.
    pub fill_date: Option<String>,
    /// Removed in the public report.
    pub head_name: Option<String>,
    /// Removed in the public report.
    pub contact_name: Option<String>,
    /// Mobile numbers masked in the public report (158****3065).
    pub contact_phone: Option<String>,
    pub staff_quota: Option<i64>,
    pub staff_actual: Option<i64>,
    /// 核定编制26人，实有在职26人。
    pub staff_sentence: Option<String>,
    /// Paragraphs (one per line of the cell).
    pub functions: Vec<String>,
    pub org_structure: Vec<String>,
    pub main_tasks: Vec<String>,
    pub achievements: Vec<String>,
    pub implementation: Vec<String>,
    /// Names removed in the public report (only title and unit stay).
    pub evaluators: Vec<Evaluator>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Evaluator {
    pub name: Option<String>,
    pub title: Option<String>,
    pub org: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SpendingView {
    /// 2022年收入合计2854.84万元，其中……
    pub income_sentence: Option<String>,
    /// 2022年整体支出2815.61万元，其中人员经费515.99万元，占18.33%……
    pub expense_sentence: Option<String>,
    /// The department's 收支情况说明, paragraphs: its explanation of its
    /// income and spending, shown after them.
    pub finance_note: Vec<String>,
    /// 年初预算、调整、执行与预算完成率。
    pub budget_sentence: Option<String>,
    /// The department's 预算执行情况说明, paragraphs: shown after the
    /// budget sentence.
    pub execution_note: Vec<String>,
    pub finance_rows: Vec<FinanceRow>,
    /// The expenditure composition, for the chart.
    pub composition: Vec<Slice>,
    pub sangong: Vec<SangongRow>,
    pub sangong_total: Option<SangongRow>,
    pub sangong_sentence: Option<String>,
    pub assets: Option<AssetsView>,
    pub assets_sentence: Option<String>,
    pub projects_sentence: Option<String>,
    pub projects: Vec<ProjectRow>,
}

/// One row of the finance table; amounts are decimal strings (万元).
#[derive(Debug, Clone, Serialize)]
pub struct FinanceRow {
    pub unit: String,
    pub carryover: Option<Decimal>,
    pub general_budget: Option<Decimal>,
    pub fund_budget: Option<Decimal>,
    pub special_account: Option<Decimal>,
    pub other_income: Option<Decimal>,
    pub income_total: Option<Decimal>,
    pub personnel: Option<Decimal>,
    pub public_exp: Option<Decimal>,
    pub basic: Option<Decimal>,
    pub project: Option<Decimal>,
    pub expense_total: Option<Decimal>,
    pub balance_year: Option<Decimal>,
    pub balance_total: Option<Decimal>,
}

/// A part of a whole, with its share and the geometry of its bar.
#[derive(Debug, Clone, Serialize)]
pub struct Slice {
    pub name: String,
    pub amount: Decimal,
    /// Percentage of the whole (exact; display with `pct`).
    pub share: Decimal,
    /// Bar width as a percentage of the chart's width, one decimal.
    pub width: String,
    /// Bar offset in a stacked bar, one decimal.
    pub offset: String,
    /// A colour from the report's palette.
    pub color: &'static str,
}

#[derive(Debug, Clone, Serialize)]
pub struct SangongRow {
    pub name: String,
    pub budget: Option<Decimal>,
    pub actual: Option<Decimal>,
    pub prev: Option<Decimal>,
    /// 上年预算 (template version 2).
    pub prev_budget: Option<Decimal>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AssetsView {
    pub total: Option<Decimal>,
    pub in_use: Option<Decimal>,
    pub leased: Option<Decimal>,
    pub other: Option<Decimal>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProjectRow {
    pub name: String,
    pub budget_full: Option<Decimal>,
    pub executed: Option<Decimal>,
    /// 预算执行率 (%), exact.
    pub rate: Option<Decimal>,
}

#[derive(Debug, Clone, Serialize)]
pub struct GoalsView {
    pub goals: Vec<Goal>,
    pub targets: Vec<Target>,
    /// 满意度 (%), exact.
    pub satisfaction: Option<Decimal>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Goal {
    pub goal: String,
    pub done: Option<String>,
    /// The department marked the goal 不适用 (“无”); its cells as written.
    pub not_applicable: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Target {
    pub level1: String,
    pub level2: String,
    pub level3: String,
    pub target: Option<String>,
    pub actual: Option<String>,
    pub deviation: Option<String>,
    /// The department marked the target 不适用 (“无”); its cells as written.
    pub not_applicable: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct ResultsView {
    pub framework_id: String,
    pub framework_name: String,
    /// Σ of the scored indicators: the whole score only when `grade` is set.
    pub total: Decimal,
    pub total_points: Decimal,
    /// The 等次; `None` when the total is incomplete or the unit did not
    /// assess itself (see `standing`).
    pub grade: Option<String>,
    /// Whether the total is complete, incomplete or not self-assessed.
    pub standing: Standing,
    /// 完整 · 不完整 · 未自评.
    pub standing_zh: &'static str,
    /// 等次：优 · 总分不完整，不评定等次 · 未自评，不评定等次.
    pub grade_text: String,
    /// The report's headline: the score and grade, or why there is none.
    pub headline: String,
    pub self_total: Option<Decimal>,
    /// 按“…”评分，系统计算得分98.00分，等次为“优秀”；单位自评98.00分。
    pub sentence: String,
    pub levels: Vec<Level>,
    /// Indicators that lost points.
    pub lost: Vec<Lost>,
    /// Indicators that could not be scored (无法计分), with the reason.
    pub unscorable: Vec<Unscorable>,
    pub projects: Vec<ProjectResult>,
    pub projects_sentence: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Level {
    pub name: String,
    pub points: Decimal,
    pub score: Decimal,
    pub self_score: Option<Decimal>,
    /// Bar widths (% of the largest points), one decimal.
    pub points_width: String,
    pub score_width: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Unscorable {
    pub level1: String,
    pub name: String,
    pub points: Decimal,
    /// Why it could not be scored.
    pub explain: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Lost {
    pub level1: String,
    pub name: String,
    pub points: Decimal,
    pub score: Decimal,
    pub lost: Decimal,
    pub explain: String,
    /// The department's 说明 of the indicator's figure (评分表).
    pub note: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProjectResult {
    pub name: String,
    pub rate: Option<Decimal>,
    /// The computed total; a score only when `valid`.
    pub score: Decimal,
    /// The points add up to the full marks; otherwise `score` is a computed
    /// figure and `grade` says it is not graded.
    pub valid: bool,
    pub self_score: Option<Decimal>,
    pub grade: String,
    /// The self-score differs from the computed score by more than the tolerance.
    pub differs: bool,
}

/// A problem or a measure.
#[derive(Debug, Clone, Serialize)]
pub struct Item {
    pub text: String,
    /// Derived by jixiao from lost points or findings (系统生成), not the
    /// department's own words.
    pub derived: bool,
    /// Made from the check's findings (quoting cells and messages): left
    /// out of the public report, which never shows the check's internals.
    #[serde(skip)]
    pub from_check: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct AppendixView {
    pub scores: Vec<ScoreRow>,
    pub projects: Vec<ProjectTable>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ScoreRow {
    pub level1: String,
    pub level2: String,
    pub name: String,
    pub criteria: String,
    pub points: Decimal,
    pub computed: Option<String>,
    /// `None`: 无法计分 (`explain` says why).
    pub score: Option<Decimal>,
    pub self_score: Option<Decimal>,
    pub reason: Option<String>,
    /// The department's 说明 of the indicator's figure (评分表).
    pub note: Option<String>,
    pub explain: String,
    pub lost: bool,
    pub unscorable: bool,
    /// Scored by the framework's rule for missing figures or a zero base
    /// (or not at all): `explain` says how, and should be shown.
    pub by_policy: bool,
    /// The self-score differs from the computed score by more than the tolerance.
    pub differs: bool,
}

/// One project's 项目支出绩效自评表, scored: the department report's
/// appendix has one per project, the project report is about one.
#[derive(Debug, Clone, Serialize)]
pub struct ProjectTable {
    pub name: String,
    pub supervisor: Option<String>,
    pub implementer: Option<String>,
    pub budget_initial: Option<Decimal>,
    pub budget_full: Option<Decimal>,
    pub executed: Option<Decimal>,
    pub rate: Option<Decimal>,
    pub execution_score: Decimal,
    /// The 预算执行率's 得分 the department stated (可空).
    pub execution_self: Option<Decimal>,
    /// The stated 预算执行率得分 differs from the computed one by more
    /// than the tolerance.
    pub execution_differs: bool,
    /// 项目资金 by source: 年度资金总额, then 当年财政拨款, 上年结转资金 and
    /// 其他资金 where the workbook gives any of their figures.
    pub funds: Vec<FundsRow>,
    pub goal: Option<String>,
    pub done: Option<String>,
    pub indicators: Vec<ProjectIndicator>,
    /// The computed total; a score only when `valid`.
    pub score: Decimal,
    /// The points add up to the full marks.
    pub valid: bool,
    pub self_score: Option<Decimal>,
    /// The 等次, or 权重不符，不评定.
    pub grade: String,
    /// The 自评等次 the department stated (可空).
    pub self_grade: Option<String>,
    /// 系统计算得分 84.00 分，等次 良; or, when the points do not add up,
    /// 计算值 110.00（权重不符），不评定等次.
    pub headline: String,
}

/// One line of a project's funds (项目资金, 万元).
#[derive(Debug, Clone, Serialize)]
pub struct FundsRow {
    /// 年度资金总额, 当年财政拨款, 上年结转资金, 其他资金.
    pub name: String,
    /// Whether this is a part of the 年度资金总额 (其中).
    pub part: bool,
    /// 年初预算数.
    pub initial: Option<Decimal>,
    /// 全年预算数.
    pub full: Option<Decimal>,
    /// 全年执行数.
    pub executed: Option<Decimal>,
    /// 执行率 (%): 全年执行数 ÷ 全年预算数, exact.
    pub rate: Option<Decimal>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProjectIndicator {
    pub level1: String,
    pub level2: String,
    pub level3: String,
    pub target: String,
    pub actual: String,
    /// The row's 分值; `None` when blank.
    pub points: Option<Decimal>,
    pub score: Option<Decimal>,
    pub self_score: Option<Decimal>,
    pub deviation: Option<String>,
    /// How the system score was reached (or why there is none).
    pub explain: String,
    /// The system score is below the 分值.
    pub lost: bool,
    /// The self-score differs from the system score by more than the
    /// tolerance.
    pub differs: bool,
    /// The department marked the indicator 不适用 (“无”): not scored, its
    /// cells as written.
    pub not_applicable: bool,
}

/// The report of a project workbook (项目支出绩效自评报告), in the outline
/// of the 自评报告提纲 (财预〔2020〕10号): its basics, the use of its funds,
/// its organisation (which the workbook does not state), its targets, the
/// deviations and problems, the measures and other matters.
#[derive(Debug, Clone, Serialize)]
pub struct ProjectReportView {
    /// `project`: which report this is.
    pub kind: &'static str,
    /// The public report (for the disclosure site).
    pub public: bool,
    /// `jixiao 0.1.0`.
    pub generator: String,
    /// The workbook's file name.
    pub file: String,
    pub status: StatusView,
    pub unit: ProjectUnitView,
    /// The project's table, scored; `None` when the workbook names no
    /// project or could not be scored (no usable framework).
    pub project: Option<ProjectTable>,
    /// 二: 全年预算数, 全年执行数 and the 预算执行率 with its arithmetic.
    pub funds_sentence: Option<String>,
    /// 二: the 预算执行率's 得分, computed and as stated.
    pub execution_sentence: Option<String>,
    /// 四: how many indicators were met, missed, not applicable.
    pub indicators_sentence: Option<String>,
    /// 五: 偏差情况及原因, 存在的问题: each missed or deducted indicator with
    /// its 偏差原因, the 预算执行率 below 100%, points that do not add up.
    pub deviations: Vec<Item>,
    /// 六: the department's 偏差原因分析及改进措施, by indicator.
    pub measures: Vec<Item>,
    /// 七: the check's errors and warnings, one line per kind.
    pub other: Vec<Item>,
    /// 附：与上一版相比 (see [`ReportView::revision`]).
    pub revision: Option<RevisionView>,
    /// Every figure the report states (see [`ReportView::figures`]).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub figures: Vec<Figure>,
    /// What masks every text of the public report's data (see
    /// [`ReportView::redactor`]).
    #[serde(skip)]
    pub redactor: Redactor,
}

/// Who reports a project, for which year, and whom to ask.
#[derive(Debug, Clone, Serialize)]
pub struct ProjectUnitView {
    /// 单位名称 (填报单位).
    pub name: String,
    /// `2020`, or empty when unknown.
    pub year: String,
    /// ISO date, for the `date_zh` filter.
    pub fill_date: Option<String>,
    /// Removed in the public report.
    pub contact_name: Option<String>,
    /// Mobile numbers masked in the public report (158****3065).
    pub contact_phone: Option<String>,
}

/// 附：与上一版相比: a version's comparison with the version of its
/// submission it replaces, as the batch found it: the comparison's fields
/// (`version`, `previous`, `previous_fill_date`, `cells`, `fixed`, `new`,
/// `score_before`, `score_after`, `grade_before`, `grade_after`) and its
/// one-line summary.
#[derive(Debug, Clone, Serialize)]
pub struct RevisionView {
    /// The comparison, its fields at the top level.
    #[serde(flatten)]
    pub revision: crate::rules::revision::Revision,
    /// `第 2 版：改正 3 处，新增 1 处`.
    pub summary: String,
}

impl RevisionView {
    /// The view of a comparison.
    pub fn of(revision: &crate::rules::revision::Revision) -> RevisionView {
        RevisionView {
            revision: revision.clone(),
            summary: revision.summary_text(),
        }
    }
}
