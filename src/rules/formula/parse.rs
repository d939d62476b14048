//! Reading a formula: the text cut into tokens, the tokens parsed by
//! recursive descent into an [`Expr`], every name resolved against the
//! workbook contract and every operand's type checked, so that a mistake is
//! refused when the framework loads, at its place in the formula.
//!
//! No crate was used for this: the Excel formula parsers for Rust either
//! evaluate in binary floating point (`xlformula_engine` works in `f32`) or
//! read the whole Excel grammar (A1 ranges, sheets, structured references,
//! arrays: `formualizer-parse`), most of which a metric would have to
//! refuse again, with English messages. The grammar here is a few
//! productions; written out, it keeps every number exact as typed and
//! names each mistake in Chinese at its column (docs/frameworks.md).

use rust_decimal::Decimal;

use crate::contract::fields::{self, ColumnId, FieldKey, TBL_FINANCE, Table};
use crate::rules::formula::FormulaError;

/// A parsed formula: what it computes, with the user's own parentheses.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Expr {
    /// A number as written: `100`, `0.5`, `95%` (0.95).
    Number { value: Decimal, written: String },
    /// `TRUE` or `FALSE`.
    Logical(bool),
    /// A scalar field of the workbook (`budget_executed`).
    Field(FieldKey),
    /// A column of the 收支情况 汇总 row (`tbl_finance.public_exp`).
    Summary(ColumnId),
    /// A column over a table's detail rows, only as an argument of SUM or
    /// COUNT (`tbl_projects.executed`).
    Detail(&'static Table, ColumnId),
    /// `( … )`, kept so that the formula is shown as it was written.
    Group(Box<Expr>),
    /// `-x`.
    Neg(Box<Expr>),
    /// `a + b`, `a - b`, `a * b`, `a / b`.
    Arith(Arith, Box<Expr>, Box<Expr>),
    /// `a = b`, `a <> b`, `a < b`, `a <= b`, `a > b`, `a >= b`.
    Compare(Compare, Box<Expr>, Box<Expr>),
    /// A function call.
    Call(Func, Vec<Expr>),
}

/// An arithmetic operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Arith {
    Add,
    Sub,
    Mul,
    Div,
}

/// A comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Compare {
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
}

impl Arith {
    /// As shown to readers, spaced: ` × `.
    pub(crate) fn shown(self) -> &'static str {
        match self {
            Arith::Add => " + ",
            Arith::Sub => " − ",
            Arith::Mul => " × ",
            Arith::Div => " ÷ ",
        }
    }

    /// As Excel writes it: `*`.
    pub(crate) fn excel(self) -> &'static str {
        match self {
            Arith::Add => "+",
            Arith::Sub => "-",
            Arith::Mul => "*",
            Arith::Div => "/",
        }
    }
}

impl Compare {
    /// As shown to readers, spaced: ` ≤ `.
    pub(crate) fn shown(self) -> &'static str {
        match self {
            Compare::Eq => " = ",
            Compare::Ne => " ≠ ",
            Compare::Lt => " < ",
            Compare::Le => " ≤ ",
            Compare::Gt => " > ",
            Compare::Ge => " ≥ ",
        }
    }

    /// As Excel writes it: `<=`.
    pub(crate) fn excel(self) -> &'static str {
        match self {
            Compare::Eq => "=",
            Compare::Ne => "<>",
            Compare::Lt => "<",
            Compare::Le => "<=",
            Compare::Gt => ">",
            Compare::Ge => ">=",
        }
    }
}

/// The functions a formula may call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Func {
    Min,
    Max,
    Abs,
    Round,
    If,
    And,
    Or,
    Not,
    IsBlank,
    Sum,
    Count,
}

impl Func {
    const ALL: [Func; 11] = [
        Func::Min,
        Func::Max,
        Func::Abs,
        Func::Round,
        Func::If,
        Func::And,
        Func::Or,
        Func::Not,
        Func::IsBlank,
        Func::Sum,
        Func::Count,
    ];

    /// The name as written in a formula (any case is read).
    pub(crate) fn name(self) -> &'static str {
        match self {
            Func::Min => "MIN",
            Func::Max => "MAX",
            Func::Abs => "ABS",
            Func::Round => "ROUND",
            Func::If => "IF",
            Func::And => "AND",
            Func::Or => "OR",
            Func::Not => "NOT",
            Func::IsBlank => "ISBLANK",
            Func::Sum => "SUM",
            Func::Count => "COUNT",
        }
    }

    fn find(name: &str) -> Option<Func> {
        Func::ALL
            .iter()
            .copied()
            .find(|f| f.name().eq_ignore_ascii_case(name))
    }

    /// How many arguments it takes: at least, at most.
    fn arity(self) -> (usize, Option<usize>) {
        match self {
            Func::Abs | Func::Not | Func::IsBlank | Func::Count => (1, Some(1)),
            Func::Round => (2, Some(2)),
            Func::If => (3, Some(3)),
            Func::Min | Func::Max | Func::And | Func::Or | Func::Sum => (1, None),
        }
    }
}

/// What an expression gives: a number, or a condition (TRUE/FALSE).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Type {
    Number,
    Logical,
}

impl Type {
    fn zh(self) -> &'static str {
        match self {
            Type::Number => "数值",
            Type::Logical => "条件（TRUE/FALSE）",
        }
    }
}

/// The most decimals ROUND accepts (the precision of a decimal).
const ROUND_MAX_DIGITS: u32 = 28;

/// How deeply parentheses and calls may nest: a formula is a line a
/// person writes, and the parser's recursion stays bounded.
const MAX_DEPTH: usize = 64;

/// How many tokens a formula may have: a formula is a line a person
/// writes, and the evaluation, which recurses into a chain `a+b+c+…` as
/// deep as it is long, stays far from the end of the stack.
const MAX_TOKENS: usize = 1000;

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Number(String),
    Name(String),
    Percent,
    Plus,
    Minus,
    Star,
    Slash,
    LParen,
    RParen,
    Comma,
    Cmp(Compare),
    End,
}

impl Tok {
    fn describe(&self) -> String {
        match self {
            Tok::Number(n) => format!("数字 {n}"),
            Tok::Name(n) => format!("“{n}”"),
            Tok::Percent => "“%”".into(),
            Tok::Plus => "“+”".into(),
            Tok::Minus => "“-”".into(),
            Tok::Star => "“*”".into(),
            Tok::Slash => "“/”".into(),
            Tok::LParen => "“(”".into(),
            Tok::RParen => "“)”".into(),
            Tok::Comma => "“,”".into(),
            Tok::Cmp(_) => "比较符号".into(),
            Tok::End => "公式结尾".into(),
        }
    }
}

/// The tokens of `source` after its leading `=`, each with its byte offset.
fn tokens(source: &str) -> Result<Vec<(Tok, usize)>, FormulaError> {
    let start = source.len() - source.trim_start().len();
    let body = match source[start..].strip_prefix(['=', '＝']) {
        Some(rest) => rest,
        None => {
            return Err(FormulaError::at(start, "公式应以“=”开头".to_string()));
        }
    };
    let base = source.len() - body.len();
    let mut out = Vec::new();
    let mut chars = body.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let at = base + i;
        let next_is = |chars: &mut std::iter::Peekable<std::str::CharIndices>, want: &[char]| {
            chars.next_if(|(_, n)| want.contains(n)).map(|(_, n)| n)
        };
        let tok = match c {
            c if c.is_whitespace() => continue,
            '0'..='9' | '.' | '０'..='９' | '．' => {
                let mut text = String::from(halfwidth(c));
                while let Some((_, d)) = chars
                    .next_if(|(_, d)| d.is_ascii_digit() || matches!(d, '.' | '０'..='９' | '．'))
                {
                    text.push(halfwidth(d));
                }
                Tok::Number(text)
            }
            c if c.is_ascii_alphabetic() || c == '_' => {
                let mut text = String::from(c);
                while let Some((_, d)) =
                    chars.next_if(|(_, d)| d.is_ascii_alphanumeric() || matches!(d, '_' | '.'))
                {
                    text.push(d);
                }
                Tok::Name(text)
            }
            '%' | '％' => Tok::Percent,
            '+' | '＋' => Tok::Plus,
            '-' | '−' | '－' => Tok::Minus,
            '*' | '×' | '＊' => Tok::Star,
            '/' | '÷' | '／' => Tok::Slash,
            '(' | '（' => Tok::LParen,
            ')' | '）' => Tok::RParen,
            ',' | '，' => Tok::Comma,
            '=' | '＝' => Tok::Cmp(Compare::Eq),
            '≠' => Tok::Cmp(Compare::Ne),
            '≤' | '≦' => Tok::Cmp(Compare::Le),
            '≥' | '≧' => Tok::Cmp(Compare::Ge),
            '<' | '＜' => match next_is(&mut chars, &['=', '＝', '>', '＞']) {
                Some('=' | '＝') => Tok::Cmp(Compare::Le),
                Some(_) => Tok::Cmp(Compare::Ne),
                None => Tok::Cmp(Compare::Lt),
            },
            '>' | '＞' => match next_is(&mut chars, &['=', '＝']) {
                Some(_) => Tok::Cmp(Compare::Ge),
                None => Tok::Cmp(Compare::Gt),
            },
            '^' => {
                return Err(FormulaError::at(
                    at,
                    "不支持乘方“^”；可用 + - * / 和函数 MIN、MAX、ABS、ROUND、IF 等".to_string(),
                ));
            }
            other => {
                return Err(FormulaError::at(
                    at,
                    format!(
                        "公式中不能有“{other}”；可用字段名、数字、+ - * /、比较符号、括号和函数"
                    ),
                ));
            }
        };
        out.push((tok, at));
    }
    if out.len() > MAX_TOKENS {
        return Err(FormulaError::at(
            out.get(MAX_TOKENS).map_or(base, |(_, at)| *at),
            format!("公式过长（超过 {MAX_TOKENS} 个数字、名称和符号）；请拆分或化简"),
        ));
    }
    out.push((Tok::End, source.len()));
    Ok(out)
}

fn halfwidth(c: char) -> char {
    match c {
        '．' => '.',
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
        c => c,
    }
}

/// Parses and checks a formula: a number, not a condition, at the top.
pub(crate) fn parse(source: &str) -> Result<Expr, FormulaError> {
    parse_as(source, Type::Number)
}

/// Parses and checks a condition formula (`full_when = "=…"`): TRUE or
/// FALSE, not a number, at the top.
pub(crate) fn parse_condition(source: &str) -> Result<Expr, FormulaError> {
    parse_as(source, Type::Logical)
}

fn parse_as(source: &str, want: Type) -> Result<Expr, FormulaError> {
    let mut p = Parser {
        toks: tokens(source)?,
        pos: 0,
        depth: 0,
    };
    let start = p.at();
    let (expr, ty) = p.comparison()?;
    if p.peek() != &Tok::End {
        return Err(FormulaError::at(
            p.at(),
            format!("此处应为运算符或公式结尾，实为{}", p.peek().describe()),
        ));
    }
    if ty != want {
        let message = match want {
            Type::Number => {
                "公式的结果应为数值，实为条件（TRUE/FALSE）；请用 IF(条件, 值, 值) 给出数值"
            }
            Type::Logical => "条件的结果应为 TRUE 或 FALSE，实为数值；请写比较，如 =a = 0",
        };
        return Err(FormulaError::at(start, message.to_string()));
    }
    Ok(expr)
}

struct Parser {
    toks: Vec<(Tok, usize)>,
    pos: usize,
    depth: usize,
}

impl Parser {
    fn peek(&self) -> &Tok {
        self.toks.get(self.pos).map_or(&Tok::End, |(t, _)| t)
    }

    fn at(&self) -> usize {
        self.toks
            .get(self.pos)
            .or(self.toks.last())
            .map_or(0, |(_, at)| *at)
    }

    fn bump(&mut self) -> Tok {
        let t = self.peek().clone();
        if self.pos < self.toks.len() {
            self.pos += 1;
        }
        t
    }

    fn expect(&mut self, want: Tok, what: &str) -> Result<(), FormulaError> {
        if *self.peek() == want {
            self.bump();
            Ok(())
        } else {
            Err(FormulaError::at(
                self.at(),
                format!("此处应为{what}，实为{}", self.peek().describe()),
            ))
        }
    }

    /// An operand of `ty`, or an error at `at` naming `what` needs it.
    fn want(ty: Type, got: Type, at: usize, what: &str) -> Result<(), FormulaError> {
        if ty == got {
            Ok(())
        } else {
            Err(FormulaError::at(
                at,
                format!("{what}需要{}，此处为{}", ty.zh(), got.zh()),
            ))
        }
    }

    /// comparison := sum [ cmp sum ]
    fn comparison(&mut self) -> Result<(Expr, Type), FormulaError> {
        let at = self.at();
        let (left, lt) = self.sum()?;
        let Tok::Cmp(op) = *self.peek() else {
            return Ok((left, lt));
        };
        self.bump();
        let right_at = self.at();
        let (right, rt) = self.sum()?;
        Self::want(Type::Number, lt, at, "比较")?;
        Self::want(Type::Number, rt, right_at, "比较")?;
        if let Tok::Cmp(_) = self.peek() {
            return Err(FormulaError::at(
                self.at(),
                "比较不能连写（如 a < b < c）；请用 AND(a < b, b < c)".to_string(),
            ));
        }
        Ok((
            Expr::Compare(op, Box::new(left), Box::new(right)),
            Type::Logical,
        ))
    }

    /// sum := product { (+|-) product }
    fn sum(&mut self) -> Result<(Expr, Type), FormulaError> {
        let at = self.at();
        let (mut left, mut lt) = self.product()?;
        loop {
            let op = match self.peek() {
                Tok::Plus => Arith::Add,
                Tok::Minus => Arith::Sub,
                _ => return Ok((left, lt)),
            };
            self.bump();
            let right_at = self.at();
            let (right, rt) = self.product()?;
            Self::want(Type::Number, lt, at, "加减")?;
            Self::want(Type::Number, rt, right_at, "加减")?;
            left = Expr::Arith(op, Box::new(left), Box::new(right));
            lt = Type::Number;
        }
    }

    /// product := unary { (*|/) unary }
    fn product(&mut self) -> Result<(Expr, Type), FormulaError> {
        let at = self.at();
        let (mut left, mut lt) = self.unary()?;
        loop {
            let op = match self.peek() {
                Tok::Star => Arith::Mul,
                Tok::Slash => Arith::Div,
                _ => return Ok((left, lt)),
            };
            self.bump();
            let right_at = self.at();
            let (right, rt) = self.unary()?;
            Self::want(Type::Number, lt, at, "乘除")?;
            Self::want(Type::Number, rt, right_at, "乘除")?;
            left = Expr::Arith(op, Box::new(left), Box::new(right));
            lt = Type::Number;
        }
    }

    /// unary := [+|-] unary | primary
    fn unary(&mut self) -> Result<(Expr, Type), FormulaError> {
        match self.peek() {
            Tok::Minus | Tok::Plus => {
                let negative = self.bump() == Tok::Minus;
                let at = self.at();
                let (e, t) = self.nested(Self::unary)?;
                Self::want(Type::Number, t, at, "正负号")?;
                Ok((if negative { Expr::Neg(Box::new(e)) } else { e }, t))
            }
            _ => self.primary(),
        }
    }

    /// Runs `f` one level deeper, refusing a formula nested too deeply.
    fn nested<T>(
        &mut self,
        f: impl FnOnce(&mut Self) -> Result<T, FormulaError>,
    ) -> Result<T, FormulaError> {
        if self.depth >= MAX_DEPTH {
            return Err(FormulaError::at(
                self.at(),
                format!("公式嵌套超过 {MAX_DEPTH} 层"),
            ));
        }
        self.depth += 1;
        let r = f(self);
        self.depth -= 1;
        r
    }

    /// primary := number [%] | ( comparison ) | name | name ( args )
    fn primary(&mut self) -> Result<(Expr, Type), FormulaError> {
        let at = self.at();
        match self.bump() {
            Tok::Number(text) => {
                let value: Decimal = text
                    .parse()
                    .map_err(|_| FormulaError::at(at, format!("“{text}”不是数字")))?;
                if *self.peek() == Tok::Percent {
                    self.bump();
                    let value = value / Decimal::ONE_HUNDRED;
                    return Ok((
                        Expr::Number {
                            value,
                            written: format!("{text}%"),
                        },
                        Type::Number,
                    ));
                }
                Ok((
                    Expr::Number {
                        value,
                        written: text,
                    },
                    Type::Number,
                ))
            }
            Tok::LParen => {
                let (e, t) = self.nested(Self::comparison)?;
                self.expect(Tok::RParen, "“)”")?;
                Ok((Expr::Group(Box::new(e)), t))
            }
            Tok::Name(name) if *self.peek() == Tok::LParen => {
                let Some(func) = Func::find(&name) else {
                    return Err(FormulaError::at(
                        at,
                        format!(
                            "未知的函数“{name}”；可用：{}",
                            Func::ALL.map(Func::name).join("、")
                        ),
                    ));
                };
                self.bump();
                self.nested(|p| p.call(func, at))
            }
            Tok::Name(name) => {
                if name.eq_ignore_ascii_case("TRUE") || name.eq_ignore_ascii_case("FALSE") {
                    return Ok((
                        Expr::Logical(name.eq_ignore_ascii_case("TRUE")),
                        Type::Logical,
                    ));
                }
                Ok((name_ref(&name, at, false)?, Type::Number))
            }
            other => Err(FormulaError::at(
                at,
                format!("此处应为数字、字段名、函数或“(”，实为{}", other.describe()),
            )),
        }
    }

    /// The arguments of `func`, after its `(`.
    fn call(&mut self, func: Func, at: usize) -> Result<(Expr, Type), FormulaError> {
        let mut args = Vec::new();
        let mut places = Vec::new();
        if *self.peek() != Tok::RParen {
            loop {
                let arg_at = self.at();
                places.push(arg_at);
                let arg = match (func, self.peek().clone()) {
                    // SUM and COUNT read a table's column over its rows.
                    (Func::Sum | Func::Count, Tok::Name(name))
                        if name.contains('.')
                            && matches!(
                                self.toks.get(self.pos + 1),
                                Some((Tok::Comma | Tok::RParen, _))
                            ) =>
                    {
                        self.bump();
                        (name_ref(&name, arg_at, true)?, Type::Number)
                    }
                    _ => self.comparison()?,
                };
                args.push(arg);
                match self.peek() {
                    Tok::Comma => {
                        self.bump();
                    }
                    Tok::RParen => break,
                    other => {
                        return Err(FormulaError::at(
                            self.at(),
                            format!(
                                "{} 的参数之间应为“,”，或以“)”结束，实为{}",
                                func.name(),
                                other.describe()
                            ),
                        ));
                    }
                }
            }
        }
        self.expect(Tok::RParen, "“)”")?;
        let (least, most) = func.arity();
        if args.len() < least || most.is_some_and(|m| args.len() > m) {
            let wanted = match most {
                Some(m) if m == least => format!("{least} 个参数"),
                _ => format!("至少 {least} 个参数"),
            };
            return Err(FormulaError::at(
                at,
                format!("{} 需要{wanted}，写了 {} 个", func.name(), args.len()),
            ));
        }
        let what = format!("{} 的参数", func.name());
        let ty = match func {
            Func::Min | Func::Max | Func::Abs | Func::Sum => {
                for ((_, t), p) in args.iter().zip(&places) {
                    Self::want(Type::Number, *t, *p, &what)?;
                }
                Type::Number
            }
            Func::Count => {
                for ((e, _), p) in args.iter().zip(&places) {
                    if !matches!(e, Expr::Detail(..)) {
                        return Err(FormulaError::at(
                            *p,
                            "COUNT 的参数应为表格的一列，如 COUNT(tbl_projects.executed)"
                                .to_string(),
                        ));
                    }
                }
                Type::Number
            }
            Func::Round => {
                Self::want(Type::Number, args[0].1, places[0], &what)?;
                round_digits(&args[1].0, places[1])?;
                Type::Number
            }
            Func::If => {
                Self::want(Type::Logical, args[0].1, places[0], "IF 的第一个参数")?;
                Self::want(Type::Number, args[1].1, places[1], "IF 的第二个参数")?;
                Self::want(Type::Number, args[2].1, places[2], "IF 的第三个参数")?;
                Type::Number
            }
            Func::And | Func::Or | Func::Not => {
                for ((_, t), p) in args.iter().zip(&places) {
                    Self::want(Type::Logical, *t, *p, &what)?;
                }
                Type::Logical
            }
            Func::IsBlank => Type::Logical,
        };
        Ok((
            Expr::Call(func, args.into_iter().map(|(e, _)| e).collect()),
            ty,
        ))
    }
}

/// ROUND's digits: a whole number written in the formula, 0 to 28.
pub(crate) fn round_digits(e: &Expr, at: usize) -> Result<u32, FormulaError> {
    let bad = || {
        FormulaError::at(
            at,
            format!("ROUND 的位数应为 0 到 {ROUND_MAX_DIGITS} 的整数，如 ROUND(x, 2)"),
        )
    };
    match e {
        Expr::Number { value, .. } if value.fract().is_zero() => u32::try_from(value.mantissa())
            .ok()
            .and_then(|m| m.checked_div(10u32.checked_pow(value.scale())?))
            .filter(|d| *d <= ROUND_MAX_DIGITS)
            .ok_or_else(bad),
        _ => Err(bad()),
    }
}

/// A name: a scalar field, `tbl_finance.column` (the 汇总 row), or, where
/// `detail` (inside SUM or COUNT), `table.column` over the detail rows.
fn name_ref(name: &str, at: usize, detail: bool) -> Result<Expr, FormulaError> {
    if let Some((table_key, column_id)) = name.split_once('.') {
        let table = fields::table(table_key)
            .filter(|t| t.columns.iter().any(|c| c.kind.is_numeric()))
            .ok_or_else(|| {
                FormulaError::at(
                    at,
                    format!(
                        "未知的表格“{table_key}”；有数值列的表格：{}",
                        fields::TABLES
                            .iter()
                            .filter(|t| t.columns.iter().any(|c| c.kind.is_numeric()))
                            .map(|t| t.key)
                            .collect::<Vec<_>>()
                            .join("、")
                    ),
                )
            })?;
        let numeric: Vec<&str> = table
            .columns
            .iter()
            .filter(|c| c.kind.is_numeric())
            .map(|c| c.id)
            .collect();
        let column = table
            .column(column_id)
            .filter(|c| c.kind.is_numeric())
            .ok_or_else(|| {
                let why = if table.column(column_id).is_some() {
                    format!("表格 {table_key} 的“{column_id}”列不是数值")
                } else {
                    format!("表格 {table_key} 没有“{column_id}”列")
                };
                FormulaError::at(at, format!("{why}；数值列：{}", numeric.join("、")))
            })?;
        if detail {
            return Ok(Expr::Detail(table, column.col_id()));
        }
        if table.key != TBL_FINANCE.key {
            return Err(FormulaError::at(
                at,
                format!("{table_key} 没有汇总行；各行之和写 SUM({name})，行数写 COUNT({name})"),
            ));
        }
        return Ok(Expr::Summary(column.col_id()));
    }
    match fields::field(name) {
        Some(f) if f.kind.is_numeric() => Ok(Expr::Field(f.id())),
        Some(f) => Err(FormulaError::at(
            at,
            format!("字段“{name}”（{}）不是数值，不能计算", f.label),
        )),
        None => {
            let hint = closest(name).map_or_else(
                || "字段名见 docs/fields.md".to_string(),
                |k| format!("是否为“{k}”？"),
            );
            Err(FormulaError::at(at, format!("未知的字段“{name}”；{hint}")))
        }
    }
}

/// The numeric field key nearest to a misspelt `name`, if it is near.
fn closest(name: &str) -> Option<&'static str> {
    fields::FIELDS
        .iter()
        .filter(|f| f.kind.is_numeric())
        .map(|f| (edit_distance(name, f.key), f.key))
        .filter(|(d, _)| *d <= 3)
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

/// Edit distance by characters, a swap of two neighbours counting as one
/// edit (`paid_3q` is one edit from `paid_q3`).
fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let mut m = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in m.iter_mut().enumerate() {
        row[0] = i;
    }
    m[0] = (0..=b.len()).collect();
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut best = (m[i - 1][j] + 1)
                .min(m[i][j - 1] + 1)
                .min(m[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(m[i - 2][j - 2] + 1);
            }
            m[i][j] = best;
        }
    }
    m[a.len()][b.len()]
}
