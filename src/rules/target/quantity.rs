//! What a target and an actual are once read: quantities with their units
//! (and how units of one dimension convert), comparison operators, targets
//! and the direction they are scored in.

use std::fmt;

use rust_decimal::Decimal;

/// A comparison operator of a target: "≥95%" is [`Op::Ge`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// ≥ 不低于 不少于 至少 达到 …以上
    Ge,
    /// > 大于 高于 超过
    Gt,
    /// ≤ 不高于 不超过 …以内 …以下
    Le,
    /// < 小于 低于
    Lt,
    /// = 等于
    Eq,
}

impl Op {
    /// The mathematical sign: "≥", ">", "≤", "<", "=".
    pub(crate) fn symbol(self) -> &'static str {
        match self {
            Op::Ge => "≥",
            Op::Gt => ">",
            Op::Le => "≤",
            Op::Lt => "<",
            Op::Eq => "=",
        }
    }
}

/// The unit (计量单位) of a quantity. Money, durations and calendar spans convert
/// within their kind (1万元 = 10000元, 1天 = 24小时, 1年 = 12个月); any other
/// unit compares only with itself.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Unit {
    /// No unit written: takes the unit of the name or of the other side.
    Bare,
    /// %, in percentage points (95% is 95).
    Percent,
    /// 元
    Yuan,
    /// 万元 (also "万" alone, as in money cells)
    WanYuan,
    /// 亿元
    YiYuan,
    /// 分钟
    Minute,
    /// 小时
    Hour,
    /// 天, 日
    Day,
    /// 个月, 月
    Month,
    /// 年
    Year,
    /// A counted thing or other unit word (人, 人次, 户, 个, 家, 所, 项, 次 …):
    /// comparable only with the same word.
    Named(String),
    /// A per-head or per-period unit, "元/人", "元/人·年", "/人" (base not
    /// written): `base` per `per`. Not the same dimension as `base` alone.
    Per {
        /// The unit counted: 元 in 元/人.
        base: Box<Unit>,
        /// What it is per: 人 in 元/人, 人·年 in 元/人·年.
        per: String,
    },
}

impl Unit {
    /// Whether no unit was written.
    pub(crate) fn is_bare(&self) -> bool {
        matches!(self, Unit::Bare)
    }

    /// What a per-unit figure is per ("人" of 元/人), if it is one.
    pub(crate) fn per(&self) -> Option<&str> {
        match self {
            Unit::Per { per, .. } => Some(per),
            _ => None,
        }
    }

    /// Whether the unit is money (元, 万元, 亿元).
    pub(crate) fn is_money(&self) -> bool {
        matches!(self, Unit::Yuan | Unit::WanYuan | Unit::YiYuan)
    }

    /// The dimension (units of one dimension convert) and this unit's size in the
    /// dimension's base unit.
    fn dimension(&self) -> (String, Decimal) {
        let d = |key: &str, factor: i64| (key.to_string(), Decimal::from(factor));
        match self {
            Unit::Bare => d("", 1),
            Unit::Percent => d("%", 1),
            Unit::Yuan => d("元", 1),
            Unit::WanYuan => d("元", 10_000),
            Unit::YiYuan => d("元", 100_000_000),
            Unit::Minute => d("分钟", 1),
            Unit::Hour => d("分钟", 60),
            Unit::Day => d("分钟", 1_440),
            Unit::Month => d("月", 1),
            Unit::Year => d("月", 12),
            Unit::Named(word) => (word.clone(), Decimal::ONE),
            Unit::Per { base, per } => {
                let (key, factor) = base.dimension();
                (format!("{key}/{per}"), factor)
            }
        }
    }
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = match self {
            Unit::Bare => "",
            Unit::Percent => "%",
            Unit::Yuan => "元",
            Unit::WanYuan => "万元",
            Unit::YiYuan => "亿元",
            Unit::Minute => "分钟",
            Unit::Hour => "小时",
            Unit::Day => "天",
            Unit::Month => "个月",
            Unit::Year => "年",
            Unit::Named(word) => word,
            Unit::Per { base, per } => return write!(f, "{base}/{per}"),
        };
        f.write_str(s)
    }
}

/// A number with its unit: "95%", "240000人", "4.24个月".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quantity {
    pub(crate) value: Decimal,
    pub(crate) unit: Unit,
}

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.value.normalize(), self.unit)
    }
}

/// A parsed 年度指标值.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// "≥95%", "不低于240000人", "<=30天", "=100%", "95%以上". A bare number
    /// ("240000") is [`Op::Ge`] (higher is better); a bare 0 is [`Op::Le`]
    /// (重复参保人数 0: the fewer the better).
    Compare {
        /// The comparison.
        op: Op,
        /// The quantity compared with.
        quantity: Quantity,
    },
    /// "6-9个月", "6～9个月", "6至9个月", "80%-90%": inclusive, `low ≤ high`, both
    /// in the same unit.
    Range {
        /// The lower bound.
        low: Quantity,
        /// The upper bound.
        high: Quantity,
    },
    /// Anything else, as typed (trimmed): "明显提高", "普遍开展", multi-line text.
    Qualitative(String),
}

impl Target {
    /// How the target is scored: higher, lower, range, equal or qualitative.
    pub fn direction(&self) -> Direction {
        match self {
            Target::Compare { op, .. } => match op {
                Op::Ge | Op::Gt => Direction::Higher,
                Op::Le | Op::Lt => Direction::Lower,
                Op::Eq => Direction::Equal,
            },
            Target::Range { .. } => Direction::Range,
            Target::Qualitative(_) => Direction::Qualitative,
        }
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Target::Compare { op, quantity } => write!(f, "{}{quantity}", op.symbol()),
            Target::Range { low, high } if low.unit == high.unit => {
                write!(f, "{}–{high}", low.value.normalize())
            }
            Target::Range { low, high } => write!(f, "{low}–{high}"),
            Target::Qualitative(text) => f.write_str(text),
        }
    }
}

/// A parsed 实际完成值: a quantity ("242566", "4.24个月", "96%") or text ("已完成").
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actual {
    /// A number, with its unit when one is written.
    Quantity(Quantity),
    /// Text as typed (trimmed); blank or a placeholder ("—", "无") means not filled.
    Text(String),
}

/// How an indicator is scored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// ≥, >, a bare number: points × actual ÷ target.
    Higher,
    /// ≤, <, a bare 0: points × (1 − (actual − target) ÷ target).
    Lower,
    /// Inside the range full, else proportional to the nearer bound.
    Range,
    /// =: met within 0.01, else as higher or lower depending on the side.
    Equal,
    /// Text target: self-scored, banded.
    Qualitative,
}

/// Why a quantitative score could not be computed.
pub(super) enum Fail {
    Mismatch,
    Overflow,
}

/// `value` in `from` expressed in `to`, or why not.
pub(super) fn convert(value: Decimal, from: &Unit, to: &Unit) -> Result<Decimal, Fail> {
    let (from_key, from_size) = from.dimension();
    let (to_key, to_size) = to.dimension();
    if from_key != to_key {
        return Err(Fail::Mismatch);
    }
    if from_size == to_size {
        return Ok(value);
    }
    value
        .checked_mul(from_size)
        .and_then(|v| v.checked_div(to_size))
        .ok_or(Fail::Overflow)
}
