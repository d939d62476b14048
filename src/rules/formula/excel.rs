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

use crate::contract::cell::{Spot, col_letters};
use crate::contract::fields::{ColumnId, Kind, TBL_FINANCE, Table, field};
use crate::ingest::model::Department;
use crate::rules::formula::eval::detail_rows;
use crate::rules::formula::parse::{Arith, Compare, Expr, Func};
use crate::rules::metrics::summary_row;

/// The Excel formula of `e` on `dept`'s cells, with its `=`; `None` when
/// the spreadsheet cannot compute it as jixiao does.
pub(crate) fn excel(e: &Expr, dept: &Department) -> Option<String> {
    Some(format!("=IFERROR({},\"\")", write(e, dept)?))
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
fn number_at(spot: &Spot, kind: Kind) -> String {
    let r = reference(spot);
    if kind == Kind::Percent {
        let bare = |x: &str| format!("IF(ABS({x})>1.5,{x},{x}*100)");
        format!(
            "IF(ISNUMBER({r}),{},IF(ISNUMBER(SEARCH(\"%\",{r})),IFERROR(VALUE({r})*100,NA()),IFERROR({},NA())))",
            bare(&r),
            bare(&format!("VALUE({r})"))
        )
    } else {
        format!("IF(ISNUMBER({r}),{r},IFERROR(VALUE({r}),NA()))")
    }
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

fn write(e: &Expr, dept: &Department) -> Option<String> {
    Some(match e {
        Expr::Number { value, .. } => value.normalize().to_string(),
        Expr::Logical(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Expr::Field(key) => number_at(dept.spot(*key)?, field(key.as_str())?.kind),
        Expr::Summary(id) => number_at(
            summary_row(dept)?.spot(*id)?,
            TBL_FINANCE.columns.get(TBL_FINANCE.col(*id))?.kind,
        ),
        // Only an argument of SUM or COUNT (the parser sees to it).
        Expr::Detail(..) => return None,
        Expr::Group(inner) => format!("({})", write(inner, dept)?),
        Expr::Neg(inner) => format!("-{}", write(inner, dept)?),
        Expr::Arith(op, a, b) => {
            let op = match op {
                Arith::Add => "+",
                Arith::Sub => "-",
                Arith::Mul => "*",
                Arith::Div => "/",
            };
            format!("{}{op}{}", write(a, dept)?, write(b, dept)?)
        }
        Expr::Compare(op, a, b) => {
            let op = match op {
                Compare::Eq => "=",
                Compare::Ne => "<>",
                Compare::Lt => "<",
                Compare::Le => "<=",
                Compare::Gt => ">",
                Compare::Ge => ">=",
            };
            format!("{}{op}{}", write(a, dept)?, write(b, dept)?)
        }
        // Missing is #N/A here, so “is it blank” is “is it #N/A”.
        Expr::Call(Func::IsBlank, args) => format!("ISNA({})", write(args.first()?, dept)?),
        Expr::Call(Func::Count, args) => match args.first()? {
            Expr::Detail(table, id) => match detail_range(dept, table, *id)? {
                Some(range) => format!("COUNT({range})"),
                None => "0".to_string(),
            },
            _ => return None,
        },
        Expr::Call(func, args) => {
            let mut parts = Vec::with_capacity(args.len());
            for a in args {
                parts.push(match (func, a) {
                    // A column's sum is missing when a row is: every cell
                    // must hold a number.
                    (Func::Sum, Expr::Detail(table, id)) => match detail_range(dept, table, *id)? {
                        Some(r) => format!("IF(COUNT({r})=ROWS({r}),SUM({r}),NA())"),
                        None => "0".to_string(),
                    },
                    _ => write(a, dept)?,
                });
            }
            format!("{}({})", func.name(), parts.join(","))
        }
    })
}
