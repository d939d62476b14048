use super::plausibility::foreign_years;

#[test]
fn years_in_text() {
    assert_eq!(foreign_years("2019年区财政已下拨", 2020), vec![2019]);
    assert_eq!(
        foreign_years("2020年城乡居民医疗保险区级财政补助", 2020),
        Vec::<i64>::new()
    );
    assert_eq!(foreign_years("共12019年", 2020), Vec::<i64>::new());
    assert_eq!(
        foreign_years("2019年和2021年，2019年", 2020),
        vec![2019, 2021]
    );
    assert_eq!(foreign_years("年", 2020), Vec::<i64>::new());
    // The year the money is for, not a date: “2022年度参保” in 2023.
    assert_eq!(
        foreign_years("完成2022年度参保缴费工作", 2023),
        Vec::<i64>::new()
    );
    assert_eq!(
        foreign_years("拨付2022年度配套资金", 2023),
        Vec::<i64>::new()
    );
    // A 年度 that is not tied to funds is still a copied year.
    assert_eq!(foreign_years("完成2022年度工作计划", 2023), vec![2022]);
}

// ─── 收支恒等式 (docs/identities.md) ───

mod identities {
    use std::collections::{BTreeMap, BTreeSet};

    use proptest::prelude::*;
    use rust_decimal::Decimal;

    use crate::contract::cell::CellValue;
    use crate::contract::fields::{ColumnId, FieldKey, TBL_FINANCE, col, key};
    use crate::contract::finding::{Code, Finding, Severity};
    use crate::ingest::model::{Department, Entry, Row, TableData, Value};
    use crate::rules::settings::Settings;
    use crate::rules::validate::validate;

    /// The codes of the identities, and of the 汇总 row against its units.
    const IDENTITIES: &[Code] = &[
        Code::SumIncome,
        Code::SumBasic,
        Code::SumExpense,
        Code::CrossBalance,
        Code::CrossBalanceTotal,
        Code::CrossYearEnd,
        Code::SumSubunits,
    ];

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    /// The parts of a unit's row; its totals and balances are computed.
    #[derive(Debug, Clone)]
    struct Parts {
        carryover: Option<Decimal>,
        /// 一般公共预算财政拨款, 政府性基金预算拨款, 纳入专户管理的非税收入拨款, 其他收入.
        income: [Option<Decimal>; 4],
        personnel: Decimal,
        public: Decimal,
        project: Decimal,
    }

    const INCOME_COLS: [ColumnId; 4] = [
        col::GENERAL_BUDGET,
        col::FUND_BUDGET,
        col::SPECIAL_ACCOUNT,
        col::OTHER_INCOME,
    ];

    impl Parts {
        fn new(carryover: Option<&str>, income: [Option<&str>; 4], spend: [&str; 3]) -> Self {
            Parts {
                carryover: carryover.map(d),
                income: income.map(|v| v.map(d)),
                personnel: d(spend[0]),
                public: d(spend[1]),
                project: d(spend[2]),
            }
        }

        /// 本年收入.
        fn current_income(&self) -> Decimal {
            self.income.iter().flatten().sum()
        }

        fn expense(&self) -> Decimal {
            self.personnel + self.public + self.project
        }

        /// The row a department that follows the identities fills in.
        fn row(&self) -> BTreeMap<ColumnId, Decimal> {
            let carry = self.carryover.unwrap_or_default();
            let balance_year = self.current_income() - self.expense();
            let mut cells = BTreeMap::new();
            if let Some(c) = self.carryover {
                cells.insert(col::CARRYOVER, c);
            }
            for (id, v) in INCOME_COLS.iter().zip(self.income) {
                if let Some(v) = v {
                    cells.insert(*id, v);
                }
            }
            cells.extend([
                (col::INCOME_TOTAL, carry + self.current_income()),
                (col::PERSONNEL, self.personnel),
                (col::PUBLIC_EXP, self.public),
                (col::BASIC, self.personnel + self.public),
                (col::PROJECT, self.project),
                (col::EXPENSE_TOTAL, self.expense()),
                (col::BALANCE_YEAR, balance_year),
                (col::BALANCE_TOTAL, carry + balance_year),
            ]);
            cells
        }
    }

    /// 年初预算数, 预算调整数, 预算执行数.
    type Budget = (Decimal, Decimal, Decimal);

    /// The budget that agrees with the units' 决算: the year's income was
    /// budgeted (less `unbudgeted`) and 执行数 is 支出合计.
    fn matching_budget(units: &[Parts], adjustment: Decimal) -> Budget {
        let income: Decimal = units.iter().map(Parts::current_income).sum();
        let spent: Decimal = units.iter().map(Parts::expense).sum();
        (income - adjustment, adjustment, spent)
    }

    fn entry(value: Decimal) -> Entry {
        Entry {
            spot: None,
            raw: CellValue::Empty,
            value: Some(Value::Dec(value)),
            unreadable: false,
        }
    }

    /// A row of the model from its cells (the unit's name first).
    fn model_row(name: &str, cells: &BTreeMap<ColumnId, Decimal>, i: usize) -> Row {
        let mut row = Row {
            table: &TBL_FINANCE,
            sheet_row: u32::try_from(i).unwrap(),
            cells: TBL_FINANCE
                .columns
                .iter()
                .map(|_| Entry {
                    spot: None,
                    raw: CellValue::Empty,
                    value: None,
                    unreadable: false,
                })
                .collect(),
        };
        row.cells[0].value = Some(Value::Text(name.to_string()));
        for (id, v) in cells {
            row.cells[TBL_FINANCE.col(*id)] = entry(*v);
        }
        row
    }

    /// The 收支情况 rows as filled: one row per unit, preceded by the 汇总
    /// row (each column the sum of the units') when there are several.
    fn rows_of(units: &[Parts]) -> Vec<BTreeMap<ColumnId, Decimal>> {
        let rows: Vec<_> = units.iter().map(Parts::row).collect();
        if rows.len() < 2 {
            return rows;
        }
        let mut summary: BTreeMap<ColumnId, Decimal> = BTreeMap::new();
        for row in &rows {
            for (id, v) in row {
                *summary.entry(*id).or_default() += v;
            }
        }
        std::iter::once(summary).chain(rows).collect()
    }

    /// A department with these 收支情况 rows and this budget.
    fn department(rows: &[BTreeMap<ColumnId, Decimal>], budget: Budget) -> Department {
        let names = |i: usize| match (i, rows.len()) {
            (0, n) if n > 1 => "汇总".to_string(),
            _ => format!("机构{i}"),
        };
        let table = TableData {
            table: &TBL_FINANCE,
            area: None,
            rows: rows
                .iter()
                .enumerate()
                .map(|(i, cells)| model_row(&names(i), cells, i))
                .collect(),
        };
        let scalars: [(FieldKey, Decimal); 3] = [
            (key::BUDGET_INITIAL, budget.0),
            (key::BUDGET_ADJUSTMENT, budget.1),
            (key::BUDGET_EXECUTED, budget.2),
        ];
        Department {
            kind: Default::default(),
            scalars: scalars
                .into_iter()
                .map(|(k, v)| (k.as_str(), entry(v)))
                .collect(),
            tables: [(TBL_FINANCE.key, table)].into_iter().collect(),
        }
    }

    /// The findings of the identities (and of the 汇总 row) for a department.
    fn identity_findings(dept: &Department) -> Vec<Finding> {
        validate(dept, &Settings::default())
            .into_iter()
            .filter(|f| IDENTITIES.contains(&f.code))
            .collect()
    }

    fn codes(findings: &[Finding]) -> BTreeSet<Code> {
        findings.iter().map(|f| f.code).collect()
    }

    /// Carry-over spent to the last 万元: 当年结余 0, 累计结余 = 上年结转.
    fn carryover_and_no_balance() -> Vec<Parts> {
        vec![Parts::new(
            Some("20"),
            [Some("100"), None, None, None],
            ["60", "20", "20"],
        )]
    }

    /// No carry-over, a balance of the year: 累计结余 = 当年结余.
    fn balance_and_no_carryover() -> Vec<Parts> {
        vec![Parts::new(
            None,
            [Some("500"), Some("30"), None, None],
            ["300", "90", "120"],
        )]
    }

    /// Both, over two units (one spending more than its year's income):
    /// 累计结余 = 上年结转 + 当年结余 on every row and on the 汇总 row.
    fn carryover_and_balance() -> Vec<Parts> {
        vec![
            Parts::new(
                Some("20"),
                [Some("620"), None, None, None],
                ["200", "60", "340"],
            ),
            Parts::new(
                Some("15.5"),
                [Some("400"), Some("30"), Some("0"), None],
                ["100", "30", "310.25"],
            ),
        ]
    }

    #[test]
    fn correct_workbooks_break_no_identity() {
        for (what, units) in [
            ("上年结转，当年结余 0", carryover_and_no_balance()),
            ("当年结余，无上年结转", balance_and_no_carryover()),
            ("上年结转和当年结余", carryover_and_balance()),
        ] {
            let rows = rows_of(&units);
            let dept = department(&rows, matching_budget(&units, d("10")));
            let found = identity_findings(&dept);
            assert!(found.is_empty(), "{what}: {found:#?}");
            // The figures the workbook was built with.
            let summary = &rows[0];
            let carry = summary.get(&col::CARRYOVER).copied().unwrap_or_default();
            assert_eq!(
                summary[&col::BALANCE_TOTAL],
                carry + summary[&col::BALANCE_YEAR],
                "{what}"
            );
            assert_eq!(
                summary[&col::BALANCE_TOTAL],
                summary[&col::INCOME_TOTAL] - summary[&col::EXPENSE_TOTAL],
                "{what}"
            );
        }
        // The third has a 当年结余 and a 上年结转 that are not zero.
        let rows = rows_of(&carryover_and_balance());
        assert_ne!(rows[0][&col::BALANCE_YEAR], Decimal::ZERO);
        assert_eq!(rows[0][&col::CARRYOVER], d("35.5"));
    }

    /// Income outside the budget (其他收入) makes the budget's year-end
    /// balance differ from 累计结余 in a correct workbook: a warning that
    /// says where the difference comes from, never an error.
    #[test]
    fn income_outside_the_budget_is_only_a_warning() {
        let units = vec![Parts::new(
            Some("50"),
            [Some("600"), None, None, Some("150")],
            ["130", "300", "270"],
        )];
        // The budget and its execution cover the 财政拨款 alone.
        let dept = department(&rows_of(&units), (d("600"), d("0"), d("560")));
        let found = identity_findings(&dept);
        assert_eq!(codes(&found), BTreeSet::from([Code::CrossYearEnd]));
        let f = &found[0];
        assert_eq!(f.severity, Severity::Warning);
        assert_eq!(f.field.as_deref(), Some("tbl_finance.balance_total"));
        // 累计结余 50 + 750 − 700 = 100; budget 50 + 600 − 560 = 90.
        assert_eq!(
            f.message,
            "累计结余 100.00 ≠ 按预算推算的年末结余：上年结转 50.00 + 年初预算数 600.00 + 预算调整数 0.00 \
             − 预算执行数 560.00 = 90.00（相差 10.00）；本年收入 750.00 比年初预算数与预算调整数之和 600.00 \
             多 150.00，支出合计 700.00 比预算执行数 560.00 多 140.00"
        );
        assert_eq!(
            (f.expected.as_deref(), f.found.as_deref()),
            (Some("90.00"), Some("100.00"))
        );
    }

    /// The row the cases below break, one cell at a time: 上年结转 20,
    /// 本年收入 530, 支出合计 510, 当年结余 20, 累计结余 40.
    fn base() -> (Vec<BTreeMap<ColumnId, Decimal>>, Budget) {
        let units = vec![Parts::new(
            Some("20"),
            [Some("500"), Some("30"), None, None],
            ["300", "90", "120"],
        )];
        (rows_of(&units), matching_budget(&units, d("10")))
    }

    /// The identity findings after setting one cell of the base row.
    fn broken(id: ColumnId, value: &str) -> Vec<Finding> {
        let (mut rows, budget) = base();
        rows[0].insert(id, d(value));
        identity_findings(&department(&rows, budget))
    }

    /// The one finding, of this code, at this column.
    fn only(found: &[Finding], code: Code, column: ColumnId) -> &Finding {
        assert_eq!(codes(found), BTreeSet::from([code]), "{found:#?}");
        assert_eq!(found.len(), 1, "{found:#?}");
        let f = &found[0];
        assert_eq!(
            f.field.as_deref(),
            Some(TBL_FINANCE.column_key(column).as_str())
        );
        f
    }

    #[test]
    fn the_base_row_is_correct() {
        let (rows, budget) = base();
        assert!(identity_findings(&department(&rows, budget)).is_empty());
        assert_eq!(rows[0][&col::INCOME_TOTAL], d("550"));
        assert_eq!(rows[0][&col::BALANCE_YEAR], d("20"));
        assert_eq!(rows[0][&col::BALANCE_TOTAL], d("40"));
    }

    /// 收入合计 filled as 决算's 本年收入合计, without 上年结转.
    #[test]
    fn income_total_without_carryover_breaks_sum_income_alone() {
        let found = broken(col::INCOME_TOTAL, "530");
        let f = only(&found, Code::SumIncome, col::INCOME_TOTAL);
        assert!(
            f.message.contains("收入合计 530.00 ≠ 上年结转 20.00"),
            "{}",
            f.message
        );
        assert!(f.message.ends_with("= 550.00"), "{}", f.message);
        let hint = f.hint.as_deref().unwrap();
        assert!(
            hint.contains("不含上年结转的本年收入合计，应改为 550.00"),
            "{hint}"
        );
        // Any other wrong 收入合计 gets the general hint.
        let found = broken(col::INCOME_TOTAL, "551");
        let f = only(&found, Code::SumIncome, col::INCOME_TOTAL);
        assert_eq!(
            f.hint.as_deref(),
            Some("把本行“收入合计”改为 550.00，或核对各组成部分（差额 1.00）")
        );
    }

    #[test]
    fn a_wrong_personnel_breaks_sum_basic_alone() {
        let found = broken(col::PERSONNEL, "310");
        let f = only(&found, Code::SumBasic, col::BASIC);
        assert!(
            f.message
                .contains("基本支出 390.00 ≠ 人员支出 310.00 + 公用支出 90.00 = 400.00")
        );
    }

    #[test]
    fn a_wrong_project_breaks_sum_expense_alone() {
        let found = broken(col::PROJECT, "100");
        let f = only(&found, Code::SumExpense, col::EXPENSE_TOTAL);
        assert!(
            f.message
                .contains("支出合计 510.00 ≠ 基本支出 390.00 + 项目支出 100.00 = 490.00")
        );
    }

    /// 当年结余 filled as 收入合计 − 支出合计, counting 上年结转 in.
    #[test]
    fn a_balance_of_the_year_with_carryover_breaks_cross_balance_alone() {
        let found = broken(col::BALANCE_YEAR, "40");
        let f = only(&found, Code::CrossBalance, col::BALANCE_YEAR);
        assert_eq!(
            f.message,
            "收支情况（按机构）“机构0”：当年结余 40.00 ≠ 本年收入 530.00 − 支出合计 510.00 = 20.00"
        );
        assert!(
            f.hint
                .as_deref()
                .unwrap()
                .starts_with("把本行“当年结余”改为 20.00")
        );
    }

    #[test]
    fn a_wrong_balance_total_breaks_cross_balance_total_alone() {
        let found = broken(col::BALANCE_TOTAL, "20");
        let f = only(&found, Code::CrossBalanceTotal, col::BALANCE_TOTAL);
        assert_eq!(
            f.message,
            "收支情况（按机构）“机构0”：累计结余 20.00 ≠ 上年结转 20.00 + 本年收入 530.00 − 支出合计 510.00 = 40.00"
        );
        assert!(
            f.hint
                .as_deref()
                .unwrap()
                .starts_with("把本行“累计结余”改为 40.00")
        );
    }

    #[test]
    fn a_wrong_execution_breaks_cross_year_end_alone() {
        let (rows, (initial, adjustment, _)) = base();
        let found = identity_findings(&department(&rows, (initial, adjustment, d("500"))));
        let f = only(&found, Code::CrossYearEnd, col::BALANCE_TOTAL);
        assert!(
            f.message
                .contains("支出合计 510.00 比预算执行数 500.00 多 10.00"),
            "{}",
            f.message
        );
        assert!(
            f.message
                .contains("本年收入 530.00 等于年初预算数与预算调整数之和 530.00"),
            "{}",
            f.message
        );
    }

    /// A row whose 支出合计 disagrees with its parts is not checked for its
    /// balances: the wrong total is reported once, at its cell.
    #[test]
    fn a_wrong_total_is_not_blamed_on_the_balances() {
        let found = broken(col::EXPENSE_TOTAL, "500");
        only(&found, Code::SumExpense, col::EXPENSE_TOTAL);
        let found = broken(col::BASIC, "380");
        assert_eq!(
            codes(&found),
            BTreeSet::from([Code::SumBasic, Code::SumExpense]),
            "基本支出 is a total and a part: {found:#?}"
        );
    }

    /// A row with 上年结转 and 收入合计 but no 本年收入 breakdown: 本年收入
    /// is 收入合计 − 上年结转, and nothing is missing a part.
    #[test]
    fn totals_without_a_breakdown_are_consistent() {
        let (mut rows, budget) = base();
        for id in INCOME_COLS {
            rows[0].remove(&id);
        }
        let dept = department(&rows, budget);
        assert!(identity_findings(&dept).is_empty());
        rows[0].insert(col::BALANCE_YEAR, d("40"));
        let found = identity_findings(&department(&rows, budget));
        only(&found, Code::CrossBalance, col::BALANCE_YEAR);
    }

    /// Money in 万元 to the cent, up to 10 000 万元.
    fn money() -> impl Strategy<Value = Decimal> {
        (0i64..1_000_000).prop_map(|c| Decimal::new(c, 2))
    }

    fn parts() -> impl Strategy<Value = Parts> {
        (
            proptest::option::of(money()),
            money(),
            [
                proptest::option::of(money()),
                proptest::option::of(money()),
                proptest::option::of(money()),
            ],
            (money(), money(), money()),
        )
            .prop_map(
                |(carryover, general, [fund, special, other], (personnel, public, project))| {
                    Parts {
                        carryover,
                        income: [Some(general), fund, special, other],
                        personnel,
                        public,
                        project,
                    }
                },
            )
    }

    /// The cells of a row that are totals, and the identities a wrong value
    /// in each breaks.
    const TOTALS: &[(ColumnId, &[Code])] = &[
        (col::INCOME_TOTAL, &[Code::SumIncome]),
        (col::BASIC, &[Code::SumBasic, Code::SumExpense]),
        (col::EXPENSE_TOTAL, &[Code::SumExpense]),
        (col::BALANCE_YEAR, &[Code::CrossBalance]),
        (col::BALANCE_TOTAL, &[Code::CrossBalanceTotal]),
    ];

    proptest! {
        /// Any table built from its parts by the identities, with or
        /// without sub-units, breaks none of them; with any budget at
        /// all, at most the budget's warning.
        #[test]
        fn tables_built_from_their_parts_break_no_identity(
            units in proptest::collection::vec(parts(), 1..4),
            adjustment in money(),
            budget in (money(), money(), money()),
        ) {
            let rows = rows_of(&units);
            let found = identity_findings(&department(&rows, matching_budget(&units, adjustment)));
            prop_assert!(found.is_empty(), "{:#?}", found);
            let found = identity_findings(&department(&rows, budget));
            prop_assert!(
                found.iter().all(|f| f.code == Code::CrossYearEnd && f.severity == Severity::Warning),
                "{:#?}",
                found
            );
        }

        /// One wrong total in a single-unit table is reported by the
        /// identities it takes part in, and by no other.
        #[test]
        fn one_wrong_total_breaks_its_own_identities(
            unit in parts(),
            which in 0..TOTALS.len(),
            // More than the tolerance (0.01).
            off in (2i64..100_000).prop_map(|c| Decimal::new(c, 2)),
            up in any::<bool>(),
        ) {
            let units = vec![unit];
            let mut rows = rows_of(&units);
            let (id, codes_broken) = TOTALS[which];
            let cell = rows[0].get_mut(&id).unwrap();
            *cell += if up { off } else { -off };
            let found = identity_findings(&department(&rows, matching_budget(&units, Decimal::ZERO)));
            prop_assert_eq!(codes(&found), codes_broken.iter().copied().collect::<BTreeSet<_>>());
        }
    }
}
