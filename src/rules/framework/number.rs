//! Numbers in a framework file: a TOML integer, float or string, read as an
//! exact decimal like every number jixiao computes with.

use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer};

use crate::ingest::coerce::number::decimal_from_f64;

/// A number in a framework file: TOML integer, float or string, read as an
/// exact decimal (floats through Excel's 15 significant digits).
pub(super) fn number<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Raw {
        Int(i64),
        Float(f64),
        Text(String),
    }
    match Raw::deserialize(d)? {
        Raw::Int(i) => Ok(Decimal::from(i)),
        Raw::Float(f) => {
            decimal_from_f64(f).ok_or_else(|| serde::de::Error::custom("数值超出范围"))
        }
        Raw::Text(s) => s
            .trim()
            .parse()
            .map_err(|_| serde::de::Error::custom(format!("“{s}”不是数字"))),
    }
}

pub(super) fn opt_number<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
    number(d).map(Some)
}

#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
pub(super) struct Num(#[serde(deserialize_with = "number")] pub(super) Decimal);
