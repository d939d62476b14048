//! Workbooks filled wrongly: the clean source (`tests/fixtures/clean.toml`)
//! with the mistakes a department makes, a few to a workbook where they do
//! not hide one another, each expected at the cell it is about.

use jixiao::contract::fields::TBL_GOALS;
use jixiao::contract::finding::Code::*;
use jixiao::workbook::inputs::{Input, Inputs};
use jixiao::workbook::layout::{Layout, layout};

use super::Fixture;
use crate::support::workbook::{build, clean_inputs, num, patch_xlsx, text};

pub(super) const ALL: &[fn() -> Fixture] = &[
    basic_information_typed_wrong,
    tables_left_out_and_headers_changed,
    totals_that_do_not_add_up,
    adjustment_parts_that_do_not_add_up,
    sheets_that_disagree,
    implausible_figures_and_last_years_text,
    scores_table_filled_wrongly,
    overall_self_score_below_the_computed_total,
    project_scores_filled_wrongly,
    a_project_indicator_twice,
    goals_and_indicators_that_do_not_apply,
    project_targets_and_units_filled_wrongly,
    project_budget_score_and_grade_filled_wrongly,
    placeholder_rows_formulas_and_error_values,
    a_project_workbook_filled_wrongly,
    a_text_that_disagrees_with_the_tables,
    set_weights_that_do_not_add_up,
    beside_last_years_submission,
];

const SCORES: &str = "tbl_scores";

/// Rows of the clean fixture's 评分表 (national framework order).
const GOAL_REASONABLE: usize = 0;
const INDICATORS_CLEAR: usize = 1;
const STAFF_CONTROL: usize = 2;
const SANGONG_CHANGE: usize = 3;
const PROCUREMENT: usize = 11;
const RULES_SOUND: usize = 12;
const FUNDS_COMPLIANT: usize = 13;
const ECOLOGY: usize = 25;

/// Edits of the clean inputs, by contract key.
trait Edit {
    fn set(&mut self, key: &str, value: Input) -> &mut Self;
    fn clear(&mut self, key: &str) -> &mut Self;
    /// Sets column `col` of data row `row` (zero-based) of `table`.
    fn set_cell(&mut self, table: &str, row: usize, col: &str, value: Input) -> &mut Self;
    fn clear_cell(&mut self, table: &str, row: usize, col: &str) -> &mut Self;
    fn clear_table(&mut self, table: &str) -> &mut Self;
}

impl Edit for Inputs {
    fn set(&mut self, key: &str, value: Input) -> &mut Self {
        self.scalars.insert(key.to_string(), value);
        self
    }

    fn clear(&mut self, key: &str) -> &mut Self {
        self.scalars.remove(key);
        self
    }

    fn set_cell(&mut self, table: &str, row: usize, col: &str, value: Input) -> &mut Self {
        crate::support::workbook::set_cell(self, table, row, col, Some(value));
        self
    }

    fn clear_cell(&mut self, table: &str, row: usize, col: &str) -> &mut Self {
        crate::support::workbook::set_cell(self, table, row, col, None);
        self
    }

    fn clear_table(&mut self, table: &str) -> &mut Self {
        self.tables.remove(table);
        self
    }
}

/// Where the cells of a workbook written from some inputs are, as the
/// `sheet!A1` findings name them.
struct At(Layout);

impl At {
    fn of(inputs: &Inputs) -> Self {
        At(layout(inputs))
    }

    fn field(&self, key: &str) -> Option<String> {
        Some(self.0.scalars[key].to_string())
    }

    /// Column `col` of data row `row` (zero-based) of `table`.
    fn cell(&self, table: &str, row: usize, col: &str) -> Option<String> {
        let t = jixiao::contract::fields::table(table).expect("a contract table");
        let row = u32::try_from(row).expect("a row");
        Some(
            self.0.tables[table]
                .spot(row, t.col(t.column(col)?.col_id()))
                .to_string(),
        )
    }

    /// The first header cell of a table.
    fn header(&self, table: &str) -> Option<String> {
        Some(self.0.tables[table].header(0).to_string())
    }
}

/// 基本情况 and single figures left empty, typed as words, out of range or
/// not one of the choices; and two clean values typed the way people do.
fn basic_information_typed_wrong() -> Fixture {
    let mut i = clean_inputs();
    i.set("unit_name", text("—"))
        .clear("head_name")
        .set("staff_actual", text("九人"))
        .set("satisfaction_rate", text("120%"))
        .set("assets_in_use", num(-1.0))
        .set("contact_phone", text("12345"))
        .set("fill_date", text("下月"))
        .set("period", text("第五季度"))
        // Read all the same, each with a note: the clean values written otherwise.
        .set("staff_quota", text("１０"))
        .set("budget_initial", text("10,000,000元"));
    let at = At::of(&i);
    Fixture::read(
        "基本情况填错.xlsx",
        build(&i),
        vec![
            (FieldRequired, at.field("unit_name")),
            (FieldRequired, at.field("head_name")),
            (FieldType, at.field("staff_actual")),
            (FieldRange, at.field("satisfaction_rate")),
            (FieldRange, at.field("assets_in_use")),
            (FieldPhone, at.field("contact_phone")),
            (FieldDate, at.field("fill_date")),
            (FieldChoice, at.field("period")),
            (NoteCoerced, at.field("staff_quota")),
            (NoteUnit, at.field("budget_initial")),
            // 在职人员控制率 without 实有人数: scored by the self-score.
            (ScoreNoData, at.cell(SCORES, STAFF_CONTROL, "self_score")),
        ],
    )
}

/// The one required table left empty, a required cell of a table left
/// empty, a header retyped, and a framework that does not exist (so nothing
/// is scored, and the empty 收支情况 adds no scoring findings).
fn tables_left_out_and_headers_changed() -> Fixture {
    let mut i = clean_inputs();
    i.clear_table("tbl_finance")
        .clear_cell("tbl_projects", 0, "budget_full")
        .set("framework", text("no-such-framework"));
    let at = At::of(&i);
    // 绩效目标's header retyped by hand: the table is still read by position.
    let bytes = patch_xlsx(&build(&i), |name, xml| {
        if name == "xl/sharedStrings.xml" {
            xml.replacen(">* 预期目标<", ">* 目标<", 1)
        } else {
            xml
        }
    });
    Fixture::read(
        "表格漏填.xlsx",
        bytes,
        vec![
            (TableEmpty, at.header("tbl_finance")),
            (TableHeader, at.header("tbl_goals")),
            (FieldRequired, at.cell("tbl_projects", 0, "budget_full")),
            (FieldChoice, at.field("framework")),
        ],
    )
    .also(|r| {
        let goals = r.department.as_ref().expect("read").rows(&TBL_GOALS);
        assert_eq!(goals.len(), 1, "绩效目标 is read by position");
    })
}

/// A total that is not the sum of its parts in each of the sums checked,
/// each on its own row or column so that each is reported where it is.
fn totals_that_do_not_add_up() -> Fixture {
    let mut i = clean_inputs();
    i.set_cell("tbl_finance", 0, "personnel", num(310.0))
        .set_cell("tbl_finance", 1, "income_total", num(630.0))
        .set_cell("tbl_finance", 1, "basic", num(261.0))
        .set_cell("tbl_finance", 2, "expense_total", num(425.0))
        .set("assets_total", num(81.0))
        .set_cell("tbl_projects", 0, "fiscal_full", num(300.0));
    let at = At::of(&i);
    Fixture::read(
        "合计不符.xlsx",
        build(&i),
        vec![
            (SumSubunits, at.cell("tbl_finance", 0, "personnel")),
            (SumIncome, at.cell("tbl_finance", 1, "income_total")),
            (SumBasic, at.cell("tbl_finance", 1, "basic")),
            (SumExpense, at.cell("tbl_finance", 2, "expense_total")),
            (SumAssets, at.field("assets_total")),
            // Reported at the total the sources do not add up to.
            (SumProjectFunds, at.cell("tbl_projects", 0, "budget_full")),
        ],
    )
}

/// The budget adjustment's parts (template version 2) against the net
/// 预算调整数, and more excluded from 预算调整率 than was adjusted.
fn adjustment_parts_that_do_not_add_up() -> Fixture {
    let mut i = clean_inputs();
    // 追加 70 − 追减 10 = 60, where the 预算调整数 is 50; and 100 excluded
    // of 70 + 10 + 0 adjusted.
    i.set("budget_added", num(70.0))
        .set("budget_adjust_excluded", num(100.0));
    let at = At::of(&i);
    Fixture::read(
        "调整数不符.xlsx",
        build(&i),
        vec![
            (SumAdjustment, at.field("budget_adjustment")),
            (SumAdjustment, at.field("budget_adjust_excluded")),
        ],
    )
}

/// Figures that contradict another sheet: a year's balance, a 累计结余
/// that is not 上年结转 plus the year's balance, the year-end balance
/// against the budget, projects against their budgets and against the
/// unit's 项目支出, and an indicator of a project that is not there.
fn sheets_that_disagree() -> Fixture {
    let mut i = clean_inputs();
    i.set_cell("tbl_finance", 1, "balance_year", num(25.0))
        .set_cell("tbl_finance", 2, "balance_total", num(20.0))
        .set("budget_adjustment", num(60.0))
        .set_cell("tbl_projects", 0, "executed", num(330.0))
        .set_cell("tbl_projects", 1, "name", text("医保信息化建设"))
        .set_cell("tbl_projects", 1, "budget_full", num(400.0))
        .set_cell("tbl_projects", 1, "executed", num(400.0))
        .set_cell("tbl_project_indicators", 0, "project", text("不存在的项目"));
    let at = At::of(&i);
    Fixture::read(
        "表间不一致.xlsx",
        build(&i),
        vec![
            (CrossBalance, at.cell("tbl_finance", 1, "balance_year")),
            (
                CrossBalanceTotal,
                at.cell("tbl_finance", 2, "balance_total"),
            ),
            // 预算调整数 changed: reported at the balance it contradicts.
            (CrossYearEnd, at.cell("tbl_finance", 0, "balance_total")),
            (
                CrossProjectOverspend,
                at.cell("tbl_projects", 0, "executed"),
            ),
            (CrossProjectTotal, at.cell("tbl_projects", 0, "executed")),
            (
                CrossProjectUnknown,
                at.cell("tbl_project_indicators", 0, "project"),
            ),
        ],
    )
}

/// Figures that add up but are unlikely, and last year's material copied
/// over: an old fill date, an old year in a text, empty 问题与措施.
fn implausible_figures_and_last_years_text() -> Fixture {
    let mut i = clean_inputs();
    i.set("public_budget", num(30.0))
        .set("budget_executed", num(500.0))
        .set("staff_actual", num(11.0))
        .set(
            "fill_date",
            Input::Date(chrono::NaiveDate::from_ymd_opt(2021, 5, 1).expect("date")),
        )
        .set_cell(
            "tbl_projects",
            0,
            "done",
            text("2021年区财政已下拨救助资金"),
        )
        .clear_table("tbl_problems")
        .clear_table("tbl_measures");
    let at = At::of(&i);
    Fixture::read(
        "数据异常.xlsx",
        build(&i),
        vec![
            (PlausRateHigh, at.field("public_budget")),
            (PlausExecutionLow, at.field("budget_executed")),
            (PlausStaffOverQuota, at.field("staff_actual")),
            (FieldDate, at.field("fill_date")),
            (PlausYearInText, at.cell("tbl_projects", 0, "done")),
            (PlausNoProblems, None),
            (PlausNoMeasures, None),
        ],
    )
}

/// The 评分表 against the framework: a renamed row (unknown, and the real
/// one missing), changed points, self-scores above the points, below them
/// without a reason, unlike the computed score or left empty, a rate with
/// a zero base, and an overall self-score that is neither sum.
fn scores_table_filled_wrongly() -> Fixture {
    let mut i = clean_inputs();
    i.set_cell(SCORES, GOAL_REASONABLE, "level3", text("目标设定的合理性"))
        .set_cell(SCORES, INDICATORS_CLEAR, "points", num(5.0))
        .set_cell(SCORES, STAFF_CONTROL, "self_score", num(3.0))
        .set_cell(SCORES, STAFF_CONTROL, "reason", text("人员略有超编"))
        .set_cell(SCORES, SANGONG_CHANGE, "self_score", num(4.0))
        .set_cell(SCORES, RULES_SOUND, "self_score", num(1.0))
        .clear_cell(SCORES, FUNDS_COMPLIANT, "self_score")
        // 政府采购执行率 with purchases and no budget for them.
        .set("procurement_budget", num(0.0))
        .set("score_overall_self", num(90.0));
    let at = At::of(&i);
    let row = |r, col| at.cell(SCORES, r, col);
    Fixture::read(
        "评分表填错.xlsx",
        build(&i),
        vec![
            (ScoreUnknownRow, row(GOAL_REASONABLE, "level3")),
            (ScoreMissingRow, None),
            (ScorePoints, row(INDICATORS_CLEAR, "points")),
            (ScoreSelfDiffers, row(STAFF_CONTROL, "self_score")),
            (ScoreOverPoints, row(SANGONG_CHANGE, "self_score")),
            (ScoreNoReason, row(RULES_SOUND, "reason")),
            (ScoreNoSelf, row(FUNDS_COMPLIANT, "self_score")),
            (ScoreZeroBase, row(PROCUREMENT, "self_score")),
            (ScoreSelfTotal, at.field("score_overall_self")),
        ],
    )
}

/// A framework whose 效益 block of 30 points the department spreads over
/// three indicators (参考分值 10 each): 经济效益 set to 20 makes 40.
fn set_weights_that_do_not_add_up() -> Fixture {
    const FRAMEWORK: &str = "tests/fixtures/frameworks/local-table.toml";
    const ECONOMIC: usize = 7;
    let mut i = clean_inputs();
    i.set("framework", text("local-table"));
    // The department's cells of one row: the template merges them into
    // the framework's rows.
    i.tables.insert(
        SCORES.to_string(),
        vec![
            [
                ("level3".to_string(), text("经济效益")),
                ("set_points".to_string(), num(20.0)),
            ]
            .into_iter()
            .collect(),
        ],
    );
    let at = At::of(&i);
    let opts = jixiao::workbook::options::TemplateOptions {
        frameworks: super::with_framework(FRAMEWORK),
        ..Default::default()
    };
    let bytes = jixiao::workbook::template::build(&i, &opts).expect("template builds");
    Fixture::read(
        "设定分值之和不符.xlsx",
        bytes,
        vec![(ScoreSetWeights, at.cell(SCORES, ECONOMIC, "set_points"))],
    )
    .under(FRAMEWORK)
}

/// A self-score below the computed one, carried into the overall
/// self-score: the sums agree with each other, not with the computed total.
/// (An incomplete total, as in the fixture above, is compared with nothing.)
fn overall_self_score_below_the_computed_total() -> Fixture {
    let mut i = clean_inputs();
    i.set_cell(SCORES, STAFF_CONTROL, "self_score", num(3.0))
        .set_cell(SCORES, STAFF_CONTROL, "reason", text("人员略有超编"))
        .set("score_overall_self", num(95.72));
    let at = At::of(&i);
    Fixture::read(
        "自评总分不符.xlsx",
        build(&i),
        vec![
            (
                ScoreSelfDiffers,
                at.cell(SCORES, STAFF_CONTROL, "self_score"),
            ),
            (ScoreTotalDiffers, at.field("score_overall_self")),
        ],
    )
}

/// The same 三级指标 twice in one project (救助人次 typed again over the
/// second indicator).
fn a_project_indicator_twice() -> Fixture {
    let mut i = clean_inputs();
    i.set_cell("tbl_project_indicators", 1, "level3", text("救助人次"));
    let at = At::of(&i);
    Fixture::read(
        "项目指标重复.xlsx",
        build(&i),
        vec![(
            ScoreDuplicateIndicator,
            at.cell("tbl_project_indicators", 1, "level3"),
        )],
    )
}

/// A project's indicators: unusual weights, a target and a result in units
/// that cannot be compared, a met target scored below full, and the
/// project's self-score that is not the sum of its indicators.
fn project_scores_filled_wrongly() -> Fixture {
    let mut i = clean_inputs();
    i.set_cell("tbl_project_indicators", 0, "points", num(40.0))
        .set_cell("tbl_project_indicators", 1, "target", text("≤600元/人"))
        .set_cell("tbl_project_indicators", 1, "actual", text("310万元"))
        .set_cell("tbl_project_indicators", 2, "self_score", num(8.0))
        .set_cell("tbl_projects", 0, "self_score", num(90.0));
    let at = At::of(&i);
    let indicator = |r, col| at.cell("tbl_project_indicators", r, col);
    Fixture::read(
        "项目评分填错.xlsx",
        build(&i),
        vec![
            (ScoreWeights, indicator(0, "points")),
            (ScoreProjectPoints, indicator(0, "points")),
            (ScoreUnitMismatch, indicator(1, "actual")),
            (ScoreMetDeducted, indicator(2, "self_score")),
            (ScoreProjectTotal, at.cell("tbl_projects", 0, "self_score")),
        ],
    )
    .also(met_deducted_is_one_finding)
}

/// The met target scored 8 of 10 (救助对象满意度) is one finding, which
/// says whether a reason is written, not also self-differs and no-reason.
fn met_deducted_is_one_finding(report: &jixiao::check::FileReport) {
    let about: Vec<_> = report
        .findings
        .iter()
        .filter(|f| f.message.contains("救助对象满意度"))
        .map(|f| f.code)
        .collect();
    assert_eq!(about, [ScoreMetDeducted], "{:#?}", report.findings);
    let met = report
        .findings
        .iter()
        .find(|f| f.code == ScoreMetDeducted)
        .expect("met-deducted");
    assert!(met.message.contains("偏差原因"), "{}", met.message);
}

/// Goals and indicators the department does not have, marked “无” as
/// published tables mark them: a note each and nothing else (the project's
/// weights and score as before); and “无” as the self-score of a 评分表
/// indicator, which the framework scores all the same.
fn goals_and_indicators_that_do_not_apply() -> Fixture {
    let mut i = clean_inputs();
    i.set_cell("tbl_goals", 1, "goal", text("无"))
        .set_cell("tbl_goals", 1, "done", text("无"))
        .set_cell("tbl_targets", 1, "level1", text("效益目标"))
        .set_cell("tbl_targets", 1, "level2", text("生态效益"))
        .set_cell("tbl_targets", 1, "level3", text("无"))
        .set_cell("tbl_targets", 1, "target", text("无"))
        .set_cell("tbl_targets", 1, "actual", text("无"))
        .set_cell("tbl_project_indicators", 3, "project", text("城乡医疗救助"))
        .set_cell("tbl_project_indicators", 3, "level1", text("效益指标"))
        .set_cell("tbl_project_indicators", 3, "level2", text("生态效益指标"))
        .set_cell("tbl_project_indicators", 3, "level3", text("生态效益"))
        .set_cell("tbl_project_indicators", 3, "target", text("不适用"))
        .set_cell("tbl_project_indicators", 3, "actual", text("不适用"))
        .set_cell(SCORES, ECOLOGY, "self_score", text("无"))
        // 生态效益 is self-assessed: without a self-score it scores 0.
        .set("score_overall_self", num(95.84));
    let at = At::of(&i);
    Fixture::read(
        "没有的指标.xlsx",
        build(&i),
        vec![
            (TableNotApplicable, at.cell("tbl_goals", 1, "goal")),
            (TableNotApplicable, at.cell("tbl_targets", 1, "target")),
            (
                TableNotApplicable,
                at.cell("tbl_project_indicators", 3, "target"),
            ),
            (ScoreNotApplicable, at.cell(SCORES, ECOLOGY, "self_score")),
        ],
    )
    .also(|r| {
        let others: Vec<String> = r
            .findings
            .iter()
            .filter(|f| {
                !matches!(
                    f.code,
                    TableNotApplicable | ScoreNotApplicable | ScoreNoSelf
                )
            })
            .map(|f| format!("{} {} {}", f.code.id(), f.location(), f.message))
            .collect();
        assert!(others.is_empty(), "{others:#?}");
        let project = &r.score.as_ref().expect("scored").projects[0];
        assert_eq!(
            project.total.to_string(),
            "99.69",
            "the indicator costs nothing"
        );
    })
}

/// A project's targets against its actuals: a per-head target against a
/// total (with the project's 救助人次 to reconcile them), a target exceeded
/// by far without a reason, and a quantitative indicator without a target.
fn project_targets_and_units_filled_wrongly() -> Fixture {
    let mut i = clean_inputs();
    i.set_cell("tbl_project_indicators", 0, "target", text("≥8000人次"))
        .set_cell("tbl_project_indicators", 1, "level3", text("人均救助标准"))
        .set_cell("tbl_project_indicators", 1, "target", text("=200/人次"))
        .set_cell("tbl_project_indicators", 1, "actual", text("240.90"))
        .clear_cell("tbl_project_indicators", 2, "target");
    let at = At::of(&i);
    let indicator = |r, col| at.cell("tbl_project_indicators", r, col);
    Fixture::read(
        "项目指标值填错.xlsx",
        build(&i),
        vec![
            (ScoreTargetExceeded, indicator(0, "deviation")),
            (ScoreUnitMismatch, indicator(1, "actual")),
            (ScoreNoTarget, indicator(2, "target")),
        ],
    )
    .also(|r| {
        let mismatch = r
            .findings
            .iter()
            .find(|f| f.code == ScoreUnitMismatch)
            .expect("a mismatch");
        assert!(
            mismatch
                .message
                .contains("按“救助人次” 12,045 人次 × 200 元 = 240.90 万元，实际完成值是总数"),
            "{}",
            mismatch.message
        );
        let project = &r.score.as_ref().expect("scored").projects[0];
        let standard = &project.indicators[1];
        assert_eq!(
            standard.system, None,
            "not a ratio, not a full qualitative score"
        );
        assert_eq!(project.indicators[2].system, None);
    })
}

/// The budget row's own 得分 unlike 全年执行数 ÷ 全年预算数 × 10, and a
/// 自评等次 unlike the grade of the self-score.
fn project_budget_score_and_grade_filled_wrongly() -> Fixture {
    let mut i = clean_inputs();
    i.set_cell("tbl_projects", 0, "execution_self", num(10.0))
        .set_cell("tbl_projects", 0, "self_score", num(100.0))
        .set_cell("tbl_projects", 0, "self_grade", text("良"));
    let at = At::of(&i);
    Fixture::read(
        "项目等次填错.xlsx",
        build(&i),
        vec![
            (
                ScoreSelfDiffers,
                at.cell("tbl_projects", 0, "execution_self"),
            ),
            (ScoreProjectGrade, at.cell("tbl_projects", 0, "self_grade")),
        ],
    )
    .also(|r| {
        let codes: Vec<_> = r.findings.iter().map(|f| f.code).collect();
        // 10 + 90 is the stated 100: the self-sum takes the stated 得分.
        assert!(!codes.contains(&ScoreProjectTotal), "{codes:?}");
        let project = &r.score.as_ref().expect("scored").projects[0];
        assert_eq!(
            project.execution_self.map(|d| d.to_string()).as_deref(),
            Some("10")
        );
        assert_eq!(project.self_grade.as_deref(), Some("良"));
    })
}

/// Rows left with the table's placeholder label, a target typed as a
/// formula that a program saved without its value, and an error value in a
/// number cell.
fn placeholder_rows_formulas_and_error_values() -> Fixture {
    let mut i = clean_inputs();
    i.set_cell("tbl_targets", 1, "level3", text("指标 2:"))
        .set_cell("tbl_project_indicators", 3, "project", text("城乡医疗救助"))
        .set_cell("tbl_project_indicators", 3, "level1", text("产出指标"))
        .set_cell("tbl_project_indicators", 3, "level2", text("数量指标"))
        .set_cell("tbl_project_indicators", 3, "level3", text("……"));
    let at = At::of(&i);
    let indicator = |r, col| at.cell("tbl_project_indicators", r, col);
    let formula = indicator(0, "target").expect("a cell");
    let error = indicator(2, "self_score").expect("a cell");
    let bytes = with_cell_xml(&build(&i), &formula, "<f>200/人</f>");
    let bytes = with_cell_xml(&bytes, &error, "<f>1/0</f><v>#DIV/0!</v>");
    Fixture::read(
        "占位行与公式.xlsx",
        bytes,
        vec![
            (TablePlaceholderRow, at.cell("tbl_targets", 1, "level3")),
            (TablePlaceholderRow, indicator(3, "level3")),
            (FieldFormula, indicator(0, "target")),
            (FieldType, indicator(2, "self_score")),
        ],
    )
    .also(|r| {
        // The formula's cell is one finding: not also a target left empty.
        let codes: Vec<_> = r.findings.iter().map(|f| f.code).collect();
        assert!(!codes.contains(&ScoreNoTarget), "{codes:?}");
    })
}

/// The workbook with the cell at `location` (`sheet!A1`, a cell the
/// workbook has) rewritten to hold `inner` (`<f>…</f>`, `<v>…</v>`): a
/// formula as another program saves it. An error value (`#…`) is typed so.
fn with_cell_xml(bytes: &[u8], location: &str, inner: &str) -> Vec<u8> {
    use std::io::Read;
    let (sheet, cell) = location.split_once('!').expect("sheet!A1");
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let mut workbook = String::new();
    zip.by_name("xl/workbook.xml")
        .expect("workbook.xml")
        .read_to_string(&mut workbook)
        .expect("read");
    let index = workbook
        .split("<sheet ")
        .skip(1)
        .position(|s| s.contains(&format!("name=\"{sheet}\"")))
        .expect("the sheet");
    let part = format!("xl/worksheets/sheet{}.xml", index + 1);
    let kind = if inner.contains("<v>#") {
        " t=\"e\""
    } else {
        ""
    };
    patch_xlsx(bytes, |name, xml| {
        if name != part {
            return xml;
        }
        let open = format!("<c r=\"{cell}\"");
        let start = xml.find(&open).expect("the cell is written");
        let rest = &xml[start..];
        let end = start
            + match (rest.find("/>"), rest.find("</c>")) {
                (Some(a), Some(b)) if a < b && !rest[..a].contains('>') => a + 2,
                (_, Some(b)) => b + 4,
                (Some(a), None) => a + 2,
                (None, None) => panic!("an unclosed cell"),
            };
        format!(
            "{}<c r=\"{cell}\"{kind}>{inner}</c>{}",
            &xml[..start],
            &xml[end..]
        )
    })
}

/// The clean source's project as a project workbook (项目支出绩效自评表),
/// filled with the mistakes above: the same rules on the form's cells — a
/// per-head target against a total, a target left empty, a placeholder
/// row, the budget row's 得分 and a 自评等次 that do not match.
fn a_project_workbook_filled_wrongly() -> Fixture {
    use jixiao::contract::fields::{TBL_FORM_INDICATORS, col};
    let mut i = clean_inputs();
    i.set_cell("tbl_project_indicators", 1, "level3", text("人均救助标准"))
        .set_cell("tbl_project_indicators", 1, "target", text("=200/人次"))
        .set_cell("tbl_project_indicators", 1, "actual", text("240.90"))
        .clear_cell("tbl_project_indicators", 2, "target")
        .set_cell("tbl_project_indicators", 3, "project", text("城乡医疗救助"))
        .set_cell("tbl_project_indicators", 3, "level3", text("指标 4:"))
        .set_cell("tbl_projects", 0, "execution_self", num(10.0))
        .set_cell("tbl_projects", 0, "self_score", num(100.0))
        .set_cell("tbl_projects", 0, "self_grade", text("良"));
    let inputs = jixiao::workbook::fill::for_project(i, None, "clean.toml")
        .expect("one project")
        .inputs;
    let layout = jixiao::workbook::project::layout(&inputs);
    let form = &layout.tables["tbl_indicators"];
    let indicator = |r, id| Some(form.spot(r, TBL_FORM_INDICATORS.col(id)).to_string());
    let cell = |name: &str| Some(layout.scalars[name].to_string());
    let bytes = jixiao::workbook::project::build(
        &inputs,
        &jixiao::workbook::options::TemplateOptions::default(),
    )
    .expect("a project workbook");
    Fixture::read(
        "项目自评表填错.xlsx",
        bytes,
        vec![
            (ScoreUnitMismatch, indicator(1, col::ACTUAL)),
            (ScoreNoTarget, indicator(2, col::TARGET)),
            (TablePlaceholderRow, indicator(3, col::LEVEL3)),
            (ScoreSelfDiffers, cell("project_execution_self")),
            (ScoreProjectGrade, cell("project_self_grade")),
        ],
    )
    .also(|r| {
        let project = &r.score.as_ref().expect("scored").projects;
        assert_eq!(project.len(), 1);
        assert_eq!(
            project[0].indicators.len(),
            3,
            "the placeholder row is skipped"
        );
        let mismatch = r
            .findings
            .iter()
            .find(|f| f.code == ScoreUnitMismatch)
            .expect("a mismatch");
        assert!(
            mismatch
                .message
                .contains("12,045 人次 × 200 元 = 240.90 万元"),
            "{}",
            mismatch.message
        );
    })
}

/// A note whose figure differs from the table it restates, beside one that
/// agrees at its own precision and one of last year: only the first is a
/// finding, at the note's cell, naming the table's value and its cell.
fn a_text_that_disagrees_with_the_tables() -> Fixture {
    let mut i = clean_inputs();
    i.set(
        "finance_note",
        text("2022年我局全年收入总计1080.00万元，支出合计约1000万元；上年收入合计900万元。"),
    );
    let at = At::of(&i);
    Fixture::read(
        "文字与表格不符.xlsx",
        build(&i),
        vec![(TextNumberMismatch, at.field("finance_note"))],
    )
    .also(|r| {
        let found: Vec<_> = r
            .findings
            .iter()
            .filter(|f| f.code == TextNumberMismatch)
            .collect();
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].message.contains("1080.00万元") && found[0].message.contains("1070.00万元"),
            "{}",
            found[0].message
        );
        assert!(
            found[0].message.contains("收支情况!"),
            "{}",
            found[0].message
        );
    })
}

/// Beside last year's workbook of the unit (`--previous`): blank 上年
/// figures filled from it, one that disagrees with it, last year's problem
/// again, and an indicator losing points both years; the 整改情况 table
/// pre-filled, its 整改落实情况 still to write.
fn beside_last_years_submission() -> Fixture {
    let mut last = clean_inputs();
    last.set("year", num(2021.0))
        .set("sg_reception_actual", num(3.0))
        .set("sg_car_run_budget", num(6.0))
        .set("procurement_actual", num(30.0));
    let mut i = clean_inputs();
    i.clear("sg_car_run_prev_budget")
        .set("sg_reception_prev", num(2.4));
    let at = At::of(&i);
    Fixture::read(
        "对比上年.xlsx",
        build(&i),
        vec![
            (PriorFilled, at.field("sg_car_run_prev_budget")),
            (PriorMismatch, at.field("sg_reception_prev")),
            (PriorRepeat, at.cell("tbl_problems", 0, "text")),
            (PriorRepeat, at.cell(SCORES, PROCUREMENT, "system_score")),
            (PriorFilled, at.cell("tbl_rectification", 0, "problem")),
            (
                RectificationMissing,
                at.cell("tbl_rectification", 0, "done"),
            ),
        ],
    )
    .beside(build(&last))
}
