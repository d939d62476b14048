//! A formula as Excel, WPS and LibreOffice compute it, over the cells of the
//! department's own workbook: written into the completed workbook's 计算值,
//! so a department that corrects a figure sees the rate change before it
//! resubmits. Each name becomes the absolute reference of the cell jixiao
//! read it from; a cell that holds no number (nor text the spreadsheet
//! reads as one) stands for a missing value (`#N/A`, which every operation
//! passes on), as a blank is missing and not 0 in jixiao; the whole is wrapped in `IFERROR(…,"")`, so a missing input
//! or a zero denominator shows a blank where jixiao says 无法计分.
//!
//! Where the spreadsheet cannot follow jixiao, no formula is given (the
//! caller writes the value): a name whose cell jixiao did not read from a
//! cell, a table column whose detail rows are not one run of rows in one
//! column, or a detail row marked not applicable. A figure jixiao read from
//! text the spreadsheet does not read (“48万元”, “９５”) is a number to
//! jixiao and missing to the spreadsheet, which then shows a blank once it
//! recalculates; and AND or OR with a missing
//! argument is missing to the spreadsheet, where a known FALSE (AND) or
//! TRUE (OR) decides it for jixiao.

use std::fmt::Write as _;

use crate::contract::cell::{Spot, col_letters};
use crate::contract::fields::{ColumnId, Kind, TBL_FINANCE, Table, field};
use crate::ingest::model::Department;
use crate::rules::formula::eval::detail_rows;
use crate::rules::formula::parse::{Expr, Func};
use crate::rules::metrics::summary_row;

/// The Excel formula of `e` on `dept`'s cells, with its `=`; `None` when
/// the spreadsheet cannot compute it as jixiao does.
pub(crate) fn excel(e: &Expr, dept: &Department) -> Option<String> {
    let mut out = String::with_capacity(512);
    out.push_str("=IFERROR(");
    write(e, dept, &mut out)?;
    out.push_str(",\"\")");
    Some(out)
}

/// An absolute reference to a cell, with its sheet: `'收支情况'!$C$5`.
fn reference(spot: &Spot) -> String {
    format!(
        "'{}'!${}${}",
        spot.sheet.replace('\'', "''"),
        col_letters(spot.col),
        spot.row + 1
    )
}

/// A cell's number, or `#N/A` when it holds none: a number, or text the
/// spreadsheet reads as one (`VALUE`: “1,234.5”, “95%”); a percent field
/// read as jixiao reads it, in points (a bare fraction up to 1.5 is ×100,
/// so 0.96 and 96 are both 96; “96%” is 96).
fn number_at(out: &mut String, spot: &Spot, kind: Kind) {
    let r = reference(spot);
    let _ = if kind == Kind::Percent {
        write!(
            out,
            "IF(ISNUMBER({r}),IF(ABS({r})>1.5,{r},{r}*100),IF(ISNUMBER(SEARCH(\"%\",{r})),\
             IFERROR(VALUE({r})*100,NA()),IFERROR(IF(ABS(VALUE({r}))>1.5,VALUE({r}),VALUE({r})*100),NA())))"
        )
    } else {
        write!(out, "IF(ISNUMBER({r}),{r},IFERROR(VALUE({r}),NA()))")
    };
}

/// The range of a table column's detail rows: `Some(None)` when the table
/// has none, `None` when they are not one run of cells.
fn detail_range(dept: &Department, table: &Table, id: ColumnId) -> Option<Option<String>> {
    let rows = detail_rows(dept, table);
    if rows.iter().any(|r| r.is_not_applicable()) {
        return None;
    }
    let spots: Vec<&Spot> = rows.iter().map(|r| r.spot(id)).collect::<Option<_>>()?;
    let (Some(first), Some(last)) = (spots.first(), spots.last()) else {
        return Some(None);
    };
    let one_run = spots.iter().enumerate().all(|(i, s)| {
        s.sheet == first.sheet && s.col == first.col && s.row == first.row + i as u32
    });
    if !one_run {
        return None;
    }
    let (a, b) = (reference(first), reference(last));
    let end = b.rsplit_once('!').map_or(b.as_str(), |(_, cell)| cell);
    Some(Some(format!("{a}:{end}")))
}

/// Appends the Excel text of `e` to `out`; `None` when there is none.
fn write(e: &Expr, dept: &Department, out: &mut String) -> Option<()> {
    match e {
        Expr::Number { value, .. } => {
            let _ = write!(out, "{}", value.normalize());
        }
        Expr::Logical(b) => out.push_str(if *b { "TRUE" } else { "FALSE" }),
        Expr::Field(key) => number_at(out, dept.spot(*key)?, field(key.as_str())?.kind),
        Expr::Summary(id) => number_at(
            out,
            summary_row(dept)?.spot(*id)?,
            TBL_FINANCE.columns.get(TBL_FINANCE.col(*id))?.kind,
        ),
        // Only an argument of SUM or COUNT (the parser sees to it).
        Expr::Detail(..) => return None,
        Expr::Group(inner) => {
            out.push('(');
            write(inner, dept, out)?;
            out.push(')');
        }
        Expr::Neg(inner) => {
            out.push('-');
            write(inner, dept, out)?;
        }
        Expr::Arith(op, a, b) => {
            write(a, dept, out)?;
            out.push_str(op.excel());
            write(b, dept, out)?;
        }
        Expr::Compare(op, a, b) => {
            write(a, dept, out)?;
            out.push_str(op.excel());
            write(b, dept, out)?;
        }
        // Missing is #N/A here, so “is it blank” is “is it #N/A”.
        Expr::Call(Func::IsBlank, args) => {
            out.push_str("ISNA(");
            write(args.first()?, dept, out)?;
            out.push(')');
        }
        Expr::Call(Func::Count, args) => match args.first()? {
            Expr::Detail(table, id) => match detail_range(dept, table, *id)? {
                Some(range) => {
                    let _ = write!(out, "COUNT({range})");
                }
                None => out.push('0'),
            },
            _ => return None,
        },
        Expr::Call(func, args) => {
            out.push_str(func.name());
            out.push('(');
            for (i, a) in args.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                match (func, a) {
                    // A column's sum is missing when a row is: every cell
                    // must hold a number.
                    (Func::Sum, Expr::Detail(table, id)) => match detail_range(dept, table, *id)? {
                        Some(r) => {
                            let _ = write!(out, "IF(COUNT({r})=ROWS({r}),SUM({r}),NA())");
                        }
                        None => out.push('0'),
                    },
                    _ => write(a, dept, out)?,
                }
            }
            out.push(')');
        }
    }
    Some(())
}
