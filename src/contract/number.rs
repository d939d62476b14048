//! Exact decimal rounding and formatting every stage writes numbers with:
//! half away from zero (四舍五入) as the finance rules round, a fixed number
//! of decimals, thousands grouped, percentages. Messages, scores, reports and
//! workbooks all write numbers through it, so one amount reads alike
//! everywhere.

use rust_decimal::{Decimal, RoundingStrategy};

/// The largest magnitude a number read from a workbook may have: 10¹⁵ (in
/// 万元 that is 10¹⁹ 元, far beyond any budget). A larger number is refused
/// at its cell, so every sum of read values stays far below
/// [`Decimal::MAX`] (≈ 7.9 × 10²⁸): even 10¹³ cells of the largest allowed
/// value add up without overflow. Products and quotients can still leave
/// that range and are computed with checked operations.
pub const MAX_MAGNITUDE: Decimal = Decimal::from_parts(2_764_472_320, 232_830, 0, false, 0);

/// Whether `d` lies within [`MAX_MAGNITUDE`].
pub fn within_bounds(d: Decimal) -> bool {
    d.abs() <= MAX_MAGNITUDE
}

/// Whether `a` and `b` differ by more than `tolerance`: the one comparison
/// validation, scoring and the report use to call two figures different.
pub(crate) fn differ(a: Decimal, b: Decimal, tolerance: Decimal) -> bool {
    (a - b).abs() > tolerance
}

/// Rounds half away from zero (四舍五入) to `dp` decimals; [`Decimal::round_dp`]
/// alone would round half to even.
pub fn round_half_up(d: Decimal, dp: u32) -> Decimal {
    d.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero)
}

/// `d` rounded half-up with exactly `dp` decimals: fixed(2.005, 2) = "2.01",
/// fixed(1, 2) = "1.00"; never "-0.00".
pub fn fixed(d: Decimal, dp: u32) -> String {
    let mut out = String::with_capacity(24);
    write_fixed(&mut out, d, dp, false);
    out
}

/// A percentage as shown everywhere (half-up): 18.3256 → "18.33%".
pub fn percent_text(d: Decimal, dp: u32) -> String {
    let mut out = fixed(d, dp);
    out.push('%');
    out
}

/// Like [`fixed`] with thousands separators: 7167065.75 → "7,167,065.75".
pub(crate) fn grouped(d: Decimal, dp: u32) -> String {
    let mut out = String::with_capacity(32);
    write_fixed(&mut out, d, dp, true);
    out
}

/// Writes `d` rounded half-up with exactly `dp` decimals (a value that
/// rounds to zero without a sign), its integer digits grouped in thousands
/// when asked. Written out from the decimal's own digits: rust_decimal's
/// `{:.prec$}` goes through a second buffer and `Formatter::pad`, which was
/// most of the time of a report's `num` filter, and it knows no grouping.
fn write_fixed(out: &mut String, d: Decimal, dp: u32, grouped: bool) {
    let r = round_half_up(d, dp);
    // Rounded to `dp` places, `r` has at most `dp` decimals (fewer when `d`
    // had fewer); its scale is at most 28, so 10^scale fits in a u128.
    let scale = r.scale();
    let mantissa = r.mantissa().unsigned_abs();
    let unit = 10u128.pow(scale);
    if mantissa != 0 && r.is_sign_negative() {
        out.push('-');
    }
    let mut buf = [0u8; 39];
    let int = digits(mantissa / unit, &mut buf);
    for (i, &b) in int.iter().enumerate() {
        if grouped && i > 0 && (int.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(char::from(b));
    }
    if dp == 0 {
        return;
    }
    out.push('.');
    if scale > 0 {
        let frac = digits(mantissa % unit, &mut buf);
        // The fraction's leading zeros: `scale` digits in all.
        for _ in frac.len()..scale as usize {
            out.push('0');
        }
        out.extend(frac.iter().map(|&b| char::from(b)));
    }
    for _ in scale..dp {
        out.push('0');
    }
}

/// The decimal digits of `n` (at least one), written at the end of `buf`.
fn digits(n: u128, buf: &mut [u8; 39]) -> &[u8] {
    let mut i = buf.len();
    let mut rest = n;
    // u128 division is slow, and amounts fit in a u64: only larger values
    // take the wide steps.
    while rest > u128::from(u64::MAX) {
        i -= 1;
        buf[i] = b'0' + (rest % 10) as u8;
        rest /= 10;
    }
    let mut rest = u64::try_from(rest).unwrap_or(0);
    loop {
        i -= 1;
        buf[i] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    &buf[i..]
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::str::FromStr;

    fn dec(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn rounding_and_formatting() {
        assert_eq!(round_half_up(dec("2.665"), 2), dec("2.67"));
        assert_eq!(round_half_up(dec("-2.665"), 2), dec("-2.67"));
        assert_eq!(round_half_up(dec("2.5"), 0), dec("3"));
        for (x, dp, want) in [
            ("2.005", 2, "2.01"),
            ("-2.005", 2, "-2.01"),
            ("1", 2, "1.00"),
            ("-0.001", 2, "0.00"),
            ("-0.005", 2, "-0.01"),
            ("0.125", 2, "0.13"),
            ("2.5", 0, "3"),
            ("5", 0, "5"),
            ("171.428571", 2, "171.43"),
            ("0", 3, "0.000"),
        ] {
            assert_eq!(fixed(dec(x), dp), want, "fixed({x}, {dp})");
        }
        for (x, dp, want) in [
            ("2854.84", 2, "2,854.84"),
            ("7167065.75", 2, "7,167,065.75"),
            ("-1234567.891", 2, "-1,234,567.89"),
            ("999.995", 2, "1,000.00"),
            ("0", 2, "0.00"),
            ("100", 0, "100"),
            ("123456", 1, "123,456.0"),
        ] {
            assert_eq!(grouped(dec(x), dp), want, "grouped({x}, {dp})");
        }
    }

    #[test]
    fn fixed_of_the_largest_decimals_has_all_their_digits() {
        // rust_decimal's `{:.4}` panics on these (its buffer holds 32 characters).
        assert_eq!(fixed(Decimal::MAX, 4), "79228162514264337593543950335.0000");
        assert_eq!(
            grouped(Decimal::MIN, 2),
            "-79,228,162,514,264,337,593,543,950,335.00"
        );
        assert_eq!(fixed(Decimal::from_i128_with_scale(1, 28), 6), "0.000000");
    }

    /// Half-up by scaling, independent of rust_decimal's rounding strategies.
    fn reference_round2(x: Decimal) -> Decimal {
        let hundred = Decimal::ONE_HUNDRED;
        let r = (x.abs() * hundred + Decimal::new(5, 1)).floor() / hundred;
        if x.is_sign_negative() { -r } else { r }
    }

    fn any_decimal() -> impl Strategy<Value = Decimal> {
        (
            -1_000_000_000_000_000i64..=1_000_000_000_000_000i64,
            0u32..=10,
        )
            .prop_map(|(m, s)| Decimal::new(m, s))
    }

    proptest! {
        #[test]
        fn round_half_up_is_half_up(x in any_decimal()) {
            let r = round_half_up(x, 2);
            prop_assert!((r - x).abs() <= Decimal::new(5, 3));
            prop_assert_eq!(round_half_up(r, 2), r);
            prop_assert_eq!(r, reference_round2(x));
        }

        #[test]
        fn fixed_is_what_rust_decimal_formats(
            x in prop_oneof![
                any_decimal(),
                // Mantissas past a u64 too (rust_decimal's own formatting,
                // the reference here, panics past 32 characters).
                (-(1i128 << 76)..(1i128 << 76), 0u32..=28)
                    .prop_map(|(m, s)| Decimal::from_i128_with_scale(m, s)),
            ],
            dp in 0u32..=6,
        ) {
            let r = round_half_up(x, dp);
            let r = if r.is_zero() { Decimal::ZERO } else { r };
            prop_assert_eq!(fixed(x, dp), format!("{r:.prec$}", prec = dp as usize));
        }

        #[test]
        fn fixed_has_exact_decimals(x in any_decimal(), dp in 0u32..=6) {
            let s = fixed(x, dp);
            let r = round_half_up(x, dp);
            match s.split_once('.') {
                Some((_, frac)) => prop_assert_eq!(frac.len(), dp as usize),
                None => prop_assert_eq!(dp, 0),
            }
            prop_assert_eq!(Decimal::from_str(&s).unwrap(), r);
            if r.is_zero() {
                prop_assert!(!s.starts_with('-'));
            }
            prop_assert_eq!(grouped(x, dp).replace(',', ""), s);
        }
    }
}
