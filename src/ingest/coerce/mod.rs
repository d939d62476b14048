//! Tolerant parsing of what departments type into cells: numbers typed as text,
//! full-width digits, thousands separators, 元/万元 units, percentages written three
//! ways, dates in every common form, and placeholders such as “—” or “无”. Real
//! workbooks are filled by hand in Excel and WPS, so rejecting these forms would bury
//! users in errors; instead every tolerance applied is returned as a [`Coercion`] so
//! it is shown as a note (SPEC §3), and anything that would need a guess ("约二千",
//! "=A1", two numbers in one cell) is refused with a [`Problem`].
//!
//! Every number is a [`Decimal`](rust_decimal::Decimal); a cell's binary float
//! enters only through [`number::decimal_from_f64`], which keeps Excel's 15
//! significant digits.
//!
//! This module holds what every parser reports; the parsers are its children,
//! one per thing parsed: [`number`] (numbers, money, percentages, counts),
//! [`date`], [`text`] (text fields), [`phone`] (telephone numbers), all on the
//! typed text as [`normalize`] cleans it.

pub(crate) mod date;
pub(crate) mod normalize;
pub(crate) mod number;
pub(crate) mod phone;
pub(crate) mod text;

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests;

/// A tolerant conversion that was applied; each becomes a note for the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Coercion {
    /// A number typed as text: "123".
    TextNumber,
    /// Full-width digits or signs: "１２３．５" "％" "＝" "＞" "－".
    FullWidth,
    /// Thousands separators "," "，" removed.
    Separators,
    /// Leading, trailing or inner spaces (incl. U+3000, NBSP) removed.
    Spaces,
    /// "(123)" or "（123）" read as −123.
    ParenNegative,
    /// "95%" read as 95 (percentage points).
    PercentSign,
    /// 0.95 in a percent field read as 95%.
    FractionAsPercent,
    /// A bare number > 1.5 in a percent field (e.g. 95) read as 95%.
    PointsAsPercent,
    /// A money unit converted to 万元: `from` is the unit typed ("元", "万元", "万"),
    /// `factor` the conversion ("÷10000", "×1").
    Unit { from: String, factor: String },
    /// A count with a unit suffix: "26人", "12411人次", "6个" (the unit is kept).
    UnitSuffix(String),
    /// A date typed as text: "2023年3月15日", "2023/3/15", "20230315" ….
    DateText,
    /// "26.0" read as the integer 26.
    IntegerFromDecimal,
}

impl Coercion {
    /// The note shown to the user, in Chinese.
    pub fn describe(&self) -> String {
        match self {
            Coercion::TextNumber => "文本型数字已按数字读取".to_string(),
            Coercion::FullWidth => "全角字符已按半角读取".to_string(),
            Coercion::Separators => "已去除千分位分隔符".to_string(),
            Coercion::Spaces => "已去除多余空格".to_string(),
            Coercion::ParenNegative => "括号表示的负数已按负数读取".to_string(),
            Coercion::PercentSign => "已去除百分号，按百分比读取".to_string(),
            Coercion::FractionAsPercent => "小数已按百分比读取（如 0.95 读作 95%）".to_string(),
            Coercion::PointsAsPercent => "数字已按百分点读取（如 95 读作 95%）".to_string(),
            Coercion::Unit { from, factor } => {
                if factor == "×1" {
                    format!("已去除单位“{from}”，按万元读取")
                } else {
                    format!("已由{from}换算为万元（{factor}）")
                }
            }
            Coercion::UnitSuffix(unit) => format!("已去除单位“{unit}”，按整数读取"),
            Coercion::DateText => "文字形式的日期已按日期读取".to_string(),
            Coercion::IntegerFromDecimal => "小数形式的整数已按整数读取".to_string(),
        }
    }

    /// Whether this is a money unit conversion (the one coercion that changes
    /// the magnitude of what was typed, so reports may want to show it apart).
    pub fn is_unit_conversion(&self) -> bool {
        matches!(self, Coercion::Unit { .. })
    }
}

/// A value read from a cell, with the tolerant conversions that were applied.
#[derive(Debug, Clone, PartialEq)]
pub struct Coerced<T> {
    pub value: T,
    pub notes: Vec<Coercion>,
}

impl<T> Coerced<T> {
    fn plain(value: T) -> Self {
        Coerced {
            value,
            notes: Vec::new(),
        }
    }
}

/// Why a cell could not be read as the wanted kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// "约二千", "abc", two numbers in one cell.
    NotANumber,
    /// 26.5 for a headcount.
    NotAnInteger,
    /// "下月", "2023-13-45".
    NotADate,
    /// "12美元" in a money field.
    UnknownUnit(String),
    /// The cell holds `#REF!`, `#DIV/0!` ….
    ErrorValue(String),
    /// TRUE/FALSE where a number or date is wanted.
    Bool,
    /// An error value where text is wanted: in Excel, text typed with a
    /// leading `=` (“=100%”, “=200/人”) becomes a formula, and `#NAME?`.
    TextErrorValue(String),
    /// A magnitude beyond [`crate::contract::number::MAX_MAGNITUDE`]
    /// (10¹⁵): "79228162514264337593543950335".
    TooLarge,
}

impl Problem {
    /// The message shown to the user, in Chinese.
    pub fn describe(&self) -> String {
        match self {
            Problem::NotANumber => {
                "不是可识别的数字（请只填写一个数字，不要加“约”等文字或公式）".to_string()
            }
            Problem::NotAnInteger => "应为整数".to_string(),
            Problem::NotADate => "不是可识别的日期（如 2023-03-15 或 2023年3月15日）".to_string(),
            Problem::UnknownUnit(unit) => {
                format!("无法识别的单位“{unit}”（金额请以万元填写，或写明“元”“万元”）")
            }
            Problem::ErrorValue(e) => format!("单元格为错误值 {e}（公式出错），请改为实际数值"),
            Problem::Bool => "单元格为逻辑值（TRUE/FALSE），请改为实际数值".to_string(),
            Problem::TooLarge => {
                "数值过大（绝对值超过 10¹⁵），不是可信的数字：请检查是否多填了数字或填错了单位"
                    .to_string()
            }
            Problem::TextErrorValue(e) => format!(
                "单元格为错误值 {e}：以“=”开头的内容（如“=100%”）会被 Excel 当作公式。请改为文字，可在前面加英文单引号（'=100%）"
            ),
        }
    }
}

fn push(notes: &mut Vec<Coercion>, c: Coercion) {
    if !notes.contains(&c) {
        notes.push(c);
    }
}
