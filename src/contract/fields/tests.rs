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
    for id in col::ALL {
        assert!(ids.contains(id.as_str()), "{id}");
    }
    let consts: HashSet<&str> = col::ALL.iter().map(|c| c.as_str()).collect();
    assert_eq!(ids, consts, "every column has its constant");
}

#[test]
fn money_that_may_be_negative_is_the_adjustment_and_the_balances() {
    for key in [
        "budget_adjustment",
        "tbl_finance.balance_year",
        "balance_total",
    ] {
        assert!(may_be_negative(key), "{key}");
    }
    for key in [
        "budget_executed",
        "tbl_finance.income_total",
        "tbl_projects.executed",
    ] {
        assert!(!may_be_negative(key), "{key}");
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

#[test]
fn not_applicable_columns_are_department_columns_of_their_table() {
    for t in TABLES {
        let cols = match t.not_applicable {
            NotApplicable::Never => continue,
            NotApplicable::Row(cols) | NotApplicable::Refused(cols) => cols,
        };
        assert!(!cols.is_empty(), "{}", t.key);
        for id in cols {
            let c = t
                .column(id.as_str())
                .unwrap_or_else(|| panic!("{}: {id}", t.key));
            assert_eq!(c.by, EnteredBy::Department, "{}.{id}", t.key);
        }
    }
    // The three tables where a department may say it has no such goal or
    // indicator, and the one whose rows it may not leave out.
    let rows: Vec<&str> = TABLES
        .iter()
        .filter(|t| !t.not_applicable.row_columns().is_empty())
        .map(|t| t.key)
        .collect();
    assert_eq!(rows, ["tbl_goals", "tbl_targets", "tbl_project_indicators"]);
    assert!(matches!(
        TBL_SCORES.not_applicable,
        NotApplicable::Refused(_)
    ));
}
