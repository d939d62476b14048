//! Synthetic department workbooks (部门整体支出绩效自评表) for benchmarks and
//! load runs: workbook `index` of the set generated from `seed`.
//!
//! Every workbook has its own random stream, keyed by `(seed, index)`, so any
//! subset can be generated in any order or in parallel and gives the same
//! bytes on every platform (ChaCha8, integer arithmetic for every figure).
//!
//! About 90% of the workbooks are clean: every total adds up, every
//! self-score equals the score jixiao computes, so `jixiao check` reports no
//! error and no warning. About 10% carry one or two of the mistakes
//! departments really make (a total that does not add up, a bad phone
//! number, 元 typed into a 万元 cell, …); [`Synth::mistakes`] names them.
//!
//! Included with `#[path = "synth.rs"] mod synth;`: not every includer uses
//! every item.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::sync::OnceLock;

use chrono::NaiveDate;
use jixiao::check::check_bytes;
use jixiao::contract::number::round_half_up;
use jixiao::ingest::guard::Limits;
use jixiao::rules::framework::{Framework, Frameworks, Rule};
use jixiao::rules::settings::Settings;
use jixiao::rules::target::{self, Direction};
use jixiao::workbook::inputs::{Input, Inputs};
use jixiao::workbook::options::TemplateOptions;
use jixiao::workbook::template;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

/// The share of workbooks that carry injected mistakes.
pub const FLAWED_SHARE: f64 = 0.10;

/// One generated workbook, before it is written.
#[derive(Debug, Clone)]
pub struct Synth {
    /// ASCII file stem, e.g. `unit-00042`.
    pub stem: String,
    pub inputs: Inputs,
    /// The injected mistakes (empty for a clean workbook), e.g. `phone`.
    pub mistakes: Vec<&'static str>,
}

/// The file stem and .xlsx bytes of workbook `index` of the set from `seed`.
pub fn workbook(seed: u64, index: usize) -> (String, Vec<u8>) {
    let s = generate(seed, index);
    let bytes = build(&s.inputs);
    (s.stem, bytes)
}

/// Writes inputs with the standard template.
pub fn build(inputs: &Inputs) -> Vec<u8> {
    template::build(inputs, template_options()).expect("the standard template builds")
}

/// The workbook `index` of the set from `seed`, with its injected mistakes.
pub fn generate(seed: u64, index: usize) -> Synth {
    let mut key = [0u8; 32];
    key[..8].copy_from_slice(&seed.to_le_bytes());
    key[8..16].copy_from_slice(&(index as u64).to_le_bytes());
    let mut rng = ChaCha8Rng::from_seed(key);
    let flawed = rng.random_bool(FLAWED_SHARE);
    let mut g = Gen::new(&mut rng);
    let mut inputs = g.department();
    let mistakes = if flawed {
        g.inject(&mut inputs)
    } else {
        Vec::new()
    };
    Synth {
        stem: format!("unit-{index:05}"),
        inputs,
        mistakes,
    }
}

/// Checks workbook bytes the way `jixiao check` does.
pub fn check(name: &str, bytes: &[u8]) -> jixiao::check::FileReport {
    check_bytes(name, bytes, context(), &Limits::default())
}

fn context() -> &'static Settings {
    static CTX: OnceLock<Settings> = OnceLock::new();
    CTX.get_or_init(Settings::default)
}

fn template_options() -> &'static TemplateOptions {
    static OPTS: OnceLock<TemplateOptions> = OnceLock::new();
    OPTS.get_or_init(TemplateOptions::default)
}

fn national() -> &'static Framework {
    static FW: OnceLock<std::sync::Arc<Framework>> = OnceLock::new();
    FW.get_or_init(|| {
        Frameworks::builtin_checked()
            .get("national")
            .expect("the national framework is built in")
    })
}

// ---- values ----------------------------------------------------------------

/// Money in 万元 held as whole cents of 万元 (1 = 0.01 万元), so every total is exact.
type Cents = i64;

/// 1 万元 in [`Cents`].
const WAN: Cents = 100;

fn money(c: Cents) -> Input {
    Input::Number(c as f64 / 100.0)
}

fn text(s: impl Into<String>) -> Input {
    Input::Text(s.into())
}

fn dec_input(d: Decimal) -> Input {
    Input::Number(d.to_f64().expect("a score fits an f64"))
}

/// 12345.6 万元 as written in texts: "12345.6万元".
fn wan(c: Cents) -> String {
    format!("{}万元", Decimal::new(c, 2).normalize())
}

/// Tenths of a percent as written: 965 → "96.5%".
fn pct(tenths: i64) -> String {
    format!("{}%", Decimal::new(tenths, 1).normalize())
}

type Row = BTreeMap<String, Input>;

fn row(cells: &[(&str, Input)]) -> Row {
    cells
        .iter()
        .map(|(k, v)| ((*k).to_string(), v.clone()))
        .collect()
}

// ---- the generator ---------------------------------------------------------

struct Gen<'r> {
    rng: &'r mut ChaCha8Rng,
    year: i32,
    /// 君山区, 华容县, 岳阳市.
    area: String,
    /// 区, 县, 市.
    level: char,
    unit_name: String,
    /// 0730: for landlines.
    area_code: &'static str,
    domain: &'static Domain,
}

/// Where a workbook's department sits.
struct Place {
    city: &'static str,
    area_code: &'static str,
    counties: &'static [&'static str],
}

impl<'r> Gen<'r> {
    fn new(rng: &'r mut ChaCha8Rng) -> Self {
        let place = &PLACES[rng.random_range(0..PLACES.len())];
        let domain = &DOMAINS[rng.random_range(0..DOMAINS.len())];
        let year = rng.random_range(2019..=2025);
        // Most departments are county-level; some are the city's own.
        let (area, prefix) = if rng.random_bool(0.85) {
            let county = place.counties[rng.random_range(0..place.counties.len())];
            // 君山区 is written 岳阳市君山区 or 君山区; a county-level city alone.
            let prefix = if !county.ends_with('市') && rng.random_bool(0.5) {
                format!("{}{county}", place.city)
            } else {
                county.to_string()
            };
            (county.to_string(), prefix)
        } else {
            (place.city.to_string(), place.city.to_string())
        };
        let level = area.chars().last().unwrap_or('县');
        let body = if rng.random_bool(0.75) {
            domain.bureau
        } else {
            domain.center
        };
        let unit_name = format!("{prefix}{body}");
        Gen {
            rng,
            year,
            area,
            level,
            unit_name,
            area_code: place.area_code,
            domain,
        }
    }

    // -- randomness helpers --

    fn chance(&mut self, p: f64) -> bool {
        self.rng.random_bool(p)
    }

    fn int(&mut self, lo: i64, hi: i64) -> i64 {
        self.rng.random_range(lo..=hi)
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.rng.random_range(0..items.len())]
    }

    /// `k` distinct items, in random order.
    fn pick_n<T: Copy>(&mut self, items: &[T], k: usize) -> Vec<T> {
        rand::seq::index::sample(&mut *self.rng, items.len(), k.min(items.len()))
            .iter()
            .map(|i| items[i])
            .collect()
    }

    /// `total` split into `k` parts in proportion to random weights (each ≥ 0).
    fn split(&mut self, total: Cents, k: usize, spread: i64) -> Vec<Cents> {
        let weights: Vec<i64> = (0..k).map(|_| self.int(100, 100 + spread)).collect();
        let sum: i64 = weights.iter().sum();
        let mut parts: Vec<Cents> = weights
            .iter()
            .map(|w| (i128::from(total) * i128::from(*w) / i128::from(sum)) as i64)
            .collect();
        let rest = total - parts.iter().sum::<i64>();
        parts[0] += rest;
        parts
    }

    /// `part` per mille of `c`, rounded down to a cent.
    fn permille(c: Cents, part: i64) -> Cents {
        (i128::from(c) * i128::from(part) / 1000) as i64
    }

    /// A text from a template: {地} area, {级} 区/县/市, {年} year,
    /// {单位} the unit, {#a-b} an integer in [a, b], {%a-b} a percentage
    /// with one decimal in [a, b].
    fn fill(&mut self, template: &str) -> String {
        let mut out = String::with_capacity(template.len() + 16);
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            let Some(close) = after.find('}') else {
                out.push_str(&rest[open..]);
                rest = "";
                break;
            };
            let key = &after[..close];
            rest = &after[close + 1..];
            match key {
                "地" => out.push_str(&self.area),
                "级" => out.push(self.level),
                "年" => out.push_str(&self.year.to_string()),
                "单位" => out.push_str(&self.unit_name),
                _ => {
                    let (kind, range) = key.split_at(1);
                    let (a, b) = range.split_once('-').unwrap_or((range, range));
                    let a: i64 = a.parse().unwrap_or(0);
                    let b: i64 = b.parse().unwrap_or(a);
                    match kind {
                        "#" => {
                            let n = self.int(a, b);
                            out.push_str(&n.to_string());
                        }
                        "%" => {
                            let n = self.int(a * 10, b * 10);
                            out.push_str(&pct(n));
                        }
                        _ => {
                            out.push('{');
                            out.push_str(key);
                            out.push('}');
                        }
                    }
                }
            }
        }
        out.push_str(rest);
        out
    }

    fn fill_all(&mut self, templates: &[&str]) -> Vec<String> {
        templates.iter().map(|t| self.fill(t)).collect()
    }

    fn person(&mut self) -> String {
        let surname = self.pick(SURNAMES);
        let first = self.pick(GIVEN);
        if self.chance(0.3) {
            format!("{surname}{first}")
        } else {
            let second = self.pick(GIVEN);
            format!("{surname}{first}{second}")
        }
    }

    fn phone(&mut self) -> String {
        let code = self.area_code;
        match self.int(0, 9) {
            0..=4 => {
                let prefix = self.pick(MOBILE_PREFIXES);
                format!("{prefix}{:08}", self.int(0, 99_999_999))
            }
            5..=7 => format!("{code}-{}", self.int(2_200_000, 8_899_999)),
            8 => format!("{code}-{}", self.int(22_000_000, 88_999_999)),
            _ => format!("({code}){}", self.int(2_200_000, 8_899_999)),
        }
    }

    // -- the department --

    fn department(&mut self) -> Inputs {
        let mut inputs = Inputs::default();
        let year = self.year;
        let d = self.domain;
        let mut s = BTreeMap::new();
        s.insert("framework".to_string(), text("national"));
        s.insert("unit_name".to_string(), text(self.unit_name.clone()));
        if self.chance(0.8) {
            let code = format!("{:06}{:03}", self.int(110_000, 659_999), self.int(1, 30));
            s.insert("unit_code".to_string(), text(code));
        }
        let supervisor = if self.unit_name.ends_with("中心") {
            format!("{}{}", self.area, d.bureau)
        } else {
            format!("{}人民政府", self.area)
        };
        s.insert("supervisor".to_string(), text(supervisor));
        s.insert("year".to_string(), Input::Number(f64::from(year)));
        s.insert("period".to_string(), text("全年"));
        let fill_date =
            NaiveDate::from_ymd_opt(year + 1, self.int(1, 5) as u32, self.int(1, 28) as u32)
                .expect("a day of the year after");
        s.insert("fill_date".to_string(), Input::Date(fill_date));

        // People.
        let head = self.person();
        let contact = self.person();
        s.insert("head_name".to_string(), text(head.clone()));
        s.insert("contact_name".to_string(), text(contact.clone()));
        s.insert("contact_phone".to_string(), text(self.phone()));
        let quota = self.int(6, 180);
        let actual = quota - self.int(0, quota / 6);
        s.insert("staff_quota".to_string(), Input::Number(quota as f64));
        s.insert("staff_actual".to_string(), Input::Number(actual as f64));

        // Long texts.
        s.insert("functions".to_string(), text(self.functions()));
        s.insert("org_structure".to_string(), text(self.org_structure()));
        s.insert("main_tasks".to_string(), text(self.main_tasks()));
        s.insert("achievements".to_string(), text(self.achievements()));
        s.insert("implementation".to_string(), text(self.implementation()));

        // Money.
        let fin = self.finance();
        let project_total = fin.summary.project;
        let projects = self.projects(project_total);
        self.budget_scalars(&fin, &projects, &mut s);

        let mut tables: BTreeMap<String, Vec<Row>> = BTreeMap::new();
        tables.insert("tbl_finance".into(), fin.rows);
        tables.insert("tbl_evaluators".into(), self.evaluators(&head));
        tables.insert("tbl_goals".into(), self.goals());
        tables.insert("tbl_targets".into(), self.dept_targets(&mut s));
        let (project_rows, indicator_rows) = self.project_rows(&projects);
        tables.insert("tbl_projects".into(), project_rows);
        tables.insert("tbl_project_indicators".into(), indicator_rows);
        inputs.scalars = s;
        inputs.tables = tables;

        // The 评分表: self-scored rows now, computed rows from jixiao's own
        // scoring of the workbook so far.
        let lost = self.score_table(&mut inputs);
        let (problems, measures) = self.problems_and_measures(&lost);
        inputs.tables.insert("tbl_problems".into(), problems);
        inputs.tables.insert("tbl_measures".into(), measures);
        inputs
    }

    fn functions(&mut self) -> String {
        let d = self.domain;
        let k = self.int(5, d.functions.len().min(9) as i64) as usize;
        let mut picked = self.pick_n(d.functions, k);
        picked.sort_by_key(|t| d.functions.iter().position(|x| x == t));
        let mut parts = self.fill_all(&picked);
        let last = self.pick(GENERIC_FUNCTIONS);
        parts.push(self.fill(last));
        if self.chance(0.5) {
            parts
                .iter()
                .enumerate()
                .map(|(i, p)| format!("（{}）{p}", CN_NUM[i % CN_NUM.len()]))
                .collect::<Vec<_>>()
                .join("\n")
        } else {
            parts.concat()
        }
    }

    fn org_structure(&mut self) -> String {
        let d = self.domain;
        let k = self.int(3, d.divisions.len() as i64) as usize;
        let divisions = self.pick_n(d.divisions, k).join("、");
        let subs = self.pick_n(d.subunits, 2).join("、");
        let staff = self.int(2, 9);
        self.fill(&format!(
            "本单位内设{divisions}等{k}个股室，下设{subs}。单位领导职数{staff}名，均按“三定”方案配备到位。"
        ))
    }

    fn main_tasks(&mut self) -> String {
        let d = self.domain;
        let k = self.int(6, 10) as usize;
        let mut picked = self.pick_n(d.tasks, k.min(d.tasks.len()));
        picked.extend(self.pick_n(GENERIC_TASKS, 2));
        let lines = self.fill_all(&picked);
        let sep = if self.chance(0.5) { "、" } else { "." };
        lines
            .iter()
            .enumerate()
            .map(|(i, l)| format!("{}{sep}{l}", i + 1))
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn achievements(&mut self) -> String {
        let d = self.domain;
        let opening = self.pick(OPENINGS);
        let mut text = self.fill(opening);
        let k = self.int(3, d.achievements.len().min(6) as i64) as usize;
        for t in self.pick_n(d.achievements, k) {
            text.push_str(&self.fill(t));
        }
        let honour = self.pick(HONOURS);
        text.push_str(&self.fill(honour));
        text
    }

    fn implementation(&mut self) -> String {
        let d = self.domain;
        let mut picked = self.pick_n(d.implementation, 2);
        let k = self.int(3, 5) as usize;
        picked.extend(self.pick_n(GENERIC_IMPLEMENTATION, k));
        let parts = self.fill_all(&picked);
        parts
            .iter()
            .enumerate()
            .map(|(i, p)| format!("（{}）{p}", CN_NUM[i % CN_NUM.len()]))
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn evaluators(&mut self, head: &str) -> Vec<Row> {
        if self.chance(0.15) {
            return Vec::new();
        }
        let k = self.int(2, 7) as usize;
        let short = self.domain.short;
        let chief = if self.unit_name.ends_with("中心") {
            "主任"
        } else {
            "局长"
        };
        let mut rows = vec![row(&[
            ("name", text(head)),
            ("title", text(chief)),
            ("org", text(short)),
        ])];
        let titles = self.pick_n(EVALUATOR_TITLES, k - 1);
        for t in titles {
            let name = self.person();
            let org = if self.chance(0.2) {
                format!("{}财政局", self.area)
            } else {
                short.to_string()
            };
            rows.push(row(&[
                ("name", text(name)),
                ("title", text(t)),
                ("org", text(org)),
            ]));
        }
        rows
    }

    fn goals(&mut self) -> Vec<Row> {
        let d = self.domain;
        let k = self.int(2, d.goals.len().min(6) as i64) as usize;
        let numbered = self.chance(0.5);
        self.pick_n(d.goals, k)
            .into_iter()
            .enumerate()
            .map(|(i, (goal, done))| {
                let mut goal = self.fill(goal);
                let done = self.fill(done);
                if numbered {
                    goal = format!("目标{}：{goal}", i + 1);
                }
                row(&[("goal", text(goal)), ("done", text(done))])
            })
            .collect()
    }

    /// 定量绩效目标; sets `satisfaction_rate` to agree with the 满意度 row.
    fn dept_targets(&mut self, s: &mut BTreeMap<String, Input>) -> Vec<Row> {
        let d = self.domain;
        let k = self.int(3, d.targets.len().min(10) as i64) as usize;
        let mut rows = Vec::new();
        for t in self.pick_n(d.targets, k) {
            let (target, actual, _) = self.target_pair(t.spec, None, 0.9);
            rows.push(row(&[
                ("level1", text(t.l1)),
                ("level2", text(t.l2)),
                ("level3", text(self.fill(t.l3))),
                ("target", text(target)),
                ("actual", text(actual)),
            ]));
        }
        let rate = if self.chance(0.85) {
            self.int(950, 1000)
        } else {
            self.int(860, 949)
        };
        s.insert(
            "satisfaction_rate".to_string(),
            Input::Number(rate as f64 / 1000.0),
        );
        let mut sat = row(&[
            ("level1", text("效益目标")),
            ("level2", text("社会公众或服务对象满意度")),
            ("level3", text(format!("{}满意度", d.object))),
            ("target", text("≥90%")),
            ("actual", text(pct(rate))),
        ]);
        if rate < 900 {
            sat.insert(
                "deviation".to_string(),
                text("部分服务对象对办事效率和政策宣传的反映不够满意，将进一步改进服务。"),
            );
        }
        rows.push(sat);
        rows
    }

    /// A target, an actual per `spec`, and whether the actual meets the
    /// target; `met` is the chance of meeting it. `cost` is a project's
    /// (budget, executed) for [`Spec::Cost`].
    fn target_pair(
        &mut self,
        spec: Spec,
        cost: Option<(Cents, Cents)>,
        met: f64,
    ) -> (String, String, bool) {
        let hit = self.chance(met);
        match spec {
            Spec::Pct(t) => {
                let t = i64::from(t);
                let target = if t == 100 {
                    self.pick(&["100%", "=100%", "达到100%"]).to_string()
                } else {
                    match self.int(0, 3) {
                        0 => format!("{t}%以上"),
                        1 => format!("不低于{t}%"),
                        _ => format!("≥{t}%"),
                    }
                };
                let top = if t >= 80 { 1000 } else { (t + 10) * 10 };
                let actual = if hit {
                    if t == 100 || (t >= 80 && self.chance(0.4)) {
                        1000
                    } else {
                        self.int(t * 10, top)
                    }
                } else {
                    self.int(((t - 8) * 10).max(t * 5), t * 10 - 5)
                };
                (target, pct(actual), hit)
            }
            Spec::Count(unit, lo, hi) => {
                let t = round_nice(self.int(i64::from(lo), i64::from(hi)));
                let target = if self.chance(0.7) {
                    format!("≥{t}{unit}")
                } else {
                    format!("{t}{unit}")
                };
                let a = if hit {
                    t + self.int(0, t / 8)
                } else {
                    t - self.int(1.max(t / 50), 1.max(t / 8))
                };
                (target, format!("{a}{unit}"), hit)
            }
            Spec::Within(unit, lo, hi) => {
                let t = self.int(i64::from(lo), i64::from(hi));
                let target = if self.chance(0.7) {
                    format!("≤{t}{unit}")
                } else {
                    format!("{t}{unit}以内")
                };
                let a = if hit {
                    Decimal::new(self.int(t * 5, t * 10), 1)
                } else {
                    Decimal::new(self.int(t * 10 + 1, t * 13), 1)
                };
                (target, format!("{}{unit}", a.normalize()), hit)
            }
            Spec::Range(unit, lo, hi) => {
                let (lo, hi) = (i64::from(lo), i64::from(hi));
                let a = if hit {
                    self.int(lo, hi)
                } else {
                    hi + self.int(1, 2)
                };
                (format!("{lo}-{hi}{unit}"), format!("{a}{unit}"), hit)
            }
            Spec::PerUnit(unit, lo, hi) => {
                let t = round_nice(self.int(i64::from(lo), i64::from(hi)));
                let a = if hit {
                    t - self.int(0, t / 10)
                } else {
                    t + self.int(1, 1.max(t / 10))
                };
                (format!("≤{t}{unit}"), format!("{a}{unit}"), hit)
            }
            // Casualties and accidents: always none.
            Spec::Zero(unit) => (format!("0{unit}"), format!("0{unit}"), true),
            Spec::Cost => {
                let (budget, executed) = cost.unwrap_or((100 * WAN, 100 * WAN));
                let target = if self.chance(0.5) {
                    format!("≤{}", wan(budget))
                } else {
                    format!("不超过{}", wan(budget))
                };
                (target, wan(executed.min(budget)), true)
            }
            Spec::Qual(word) => {
                if hit {
                    (word.to_string(), word.to_string(), true)
                } else {
                    // Hedged, so that the text does not claim the target is met.
                    let adverb = ["明显", "有效", "持续", "逐步", "稳步", "不断", "长期"]
                        .iter()
                        .any(|a| word.starts_with(a));
                    let tail: String = if adverb {
                        word.chars().skip(2).collect()
                    } else {
                        word.to_string()
                    };
                    let hedge = self.pick(&["基本", "部分"]);
                    (word.to_string(), format!("{hedge}{tail}"), false)
                }
            }
            Spec::Date => {
                let m = self.int(6, 12);
                let target = format!("{}年{m}月底前完成", self.year);
                let actual = if hit {
                    let done = self.int(5, m);
                    format!("{}年{done}月完成", self.year)
                } else {
                    format!("{}年12月底基本完成", self.year)
                };
                (target, actual, hit)
            }
        }
    }

    fn deviation(&mut self) -> String {
        let why = self.pick(DEVIATION_CAUSES);
        let then = self.pick(DEVIATION_MEASURES);
        format!("{why}，{then}")
    }

    // -- money --

    fn finance(&mut self) -> Finance {
        // Roughly log-uniform size: 150 to 30000 万元 of spending.
        let scale = self.pick(&[1, 2, 3, 5, 8, 13, 20, 35, 60, 100]);
        let total_spend = self.int(150 * WAN, 300 * WAN) * scale;
        let n_sub = *pick_weighted(
            self.rng,
            &[
                (1, 30),
                (2, 25),
                (3, 18),
                (4, 10),
                (5, 7),
                (6, 5),
                (7, 3),
                (8, 2),
            ],
        );
        let center = self.unit_name.ends_with("中心");
        let own = if center { self.domain.center } else { "" };
        let pool: Vec<&'static str> = self
            .domain
            .subunits
            .iter()
            .copied()
            .filter(|s| *s != own)
            .chain(GENERIC_SUBUNITS.iter().copied())
            .collect();
        let mut names = vec![if center { "中心本级" } else { "局机关" }.to_string()];
        for s in self.pick_n(&pool, n_sub - 1) {
            let name = if self.chance(0.5) {
                format!("{}{s}", self.area)
            } else {
                s.to_string()
            };
            names.push(name);
        }
        let shares = self.split(total_spend, n_sub, 300);
        let mut units: Vec<FinRow> = Vec::new();
        let numbered = self.chance(0.5);
        for (i, (spend, name)) in shares.into_iter().zip(names).enumerate() {
            let spend = spend.max(100 * WAN);
            let basic = Self::permille(spend, self.int(200, 700));
            let personnel = Self::permille(basic, self.int(550, 850));
            let public_exp = basic - personnel;
            let project = spend - basic;
            let surplus = if self.chance(0.5) {
                0
            } else {
                Self::permille(spend, self.int(1, 60))
            };
            let income = spend + surplus;
            let carryover = if self.chance(0.4) {
                Self::permille(income, self.int(5, 80))
            } else {
                0
            };
            let new_money = income - carryover;
            let fund = if self.chance(0.3) {
                Self::permille(new_money, self.int(10, 150))
            } else {
                0
            };
            let special = if self.chance(0.15) {
                Self::permille(new_money, self.int(5, 50))
            } else {
                0
            };
            let other = if self.chance(0.2) {
                Self::permille(new_money, self.int(2, 30))
            } else {
                0
            };
            let general = new_money - fund - special - other;
            let name = if n_sub > 1 && numbered {
                format!("{}、{name}", i + 1)
            } else if n_sub == 1 {
                self.unit_name.clone()
            } else {
                name
            };
            units.push(FinRow {
                name,
                carryover,
                general,
                fund,
                special,
                other,
                income,
                personnel,
                public_exp,
                basic,
                project,
                expense: spend,
                balance: income - spend,
            });
        }
        let summary = FinRow::sum(&units, self.summary_name(n_sub));
        let mut rows = Vec::new();
        if n_sub > 1 {
            rows.push(self.fin_row(&summary, true));
        }
        for u in &units {
            rows.push(self.fin_row(u, n_sub == 1));
        }
        Finance { summary, rows }
    }

    fn summary_name(&mut self, n_sub: usize) -> String {
        if n_sub == 1 {
            return self.unit_name.clone();
        }
        let options = ["汇总", "合计", "局机关及二级机构汇总", "单位汇总"];
        let chosen = self.pick(&options);
        if chosen == "局机关及二级机构汇总" && self.unit_name.ends_with("中心") {
            "中心本级及下属单位汇总".to_string()
        } else {
            chosen.to_string()
        }
    }

    /// A finance row as cells; zero optional amounts are often left blank
    /// (the 汇总 row writes whatever is non-zero in its sub-units).
    fn fin_row(&mut self, r: &FinRow, summary: bool) -> Row {
        let blank_zeros = summary || self.chance(0.6);
        let mut cells = row(&[("unit", text(r.name.clone()))]);
        let optional = [
            ("carryover", r.carryover),
            ("general_budget", r.general),
            ("fund_budget", r.fund),
            ("special_account", r.special),
            ("other_income", r.other),
            ("personnel", r.personnel),
            ("public_exp", r.public_exp),
            ("project", r.project),
            // 当年结余 is this year's income less spending; 累计结余 adds
            // the carry-over (docs/identities.md).
            ("balance_year", r.balance - r.carryover),
            ("balance_total", r.balance),
        ];
        for (k, v) in optional {
            if v != 0 || !blank_zeros {
                cells.insert(k.to_string(), money(v));
            }
        }
        for (k, v) in [
            ("income_total", r.income),
            ("basic", r.basic),
            ("expense_total", r.expense),
        ] {
            cells.insert(k.to_string(), money(v));
        }
        cells
    }

    fn budget_scalars(
        &mut self,
        fin: &Finance,
        projects: &[Project],
        s: &mut BTreeMap<String, Input>,
    ) {
        let sum = &fin.summary;
        let new_money = sum.income - sum.carryover;
        // 年初预算 + 调整 = this year's new money.
        let adjustment_permille = match self.int(0, 9) {
            0..=2 => 0,
            3 => -self.int(5, 80),
            _ => self.int(5, 250),
        };
        let initial =
            (i128::from(new_money) * 1000 / i128::from(1000 + adjustment_permille)) as i64;
        let adjustment = new_money - initial;
        let mut put = |k: &str, v: Input| {
            s.insert(k.to_string(), v);
        };
        put("budget_initial", money(initial));
        put("budget_adjustment", money(adjustment));
        // The parts of the adjustment (template version 2): 追加 and 追减
        // net to it, 结构调整 moves money between items.
        let both = if self.chance(0.25) {
            Self::permille(initial, self.int(5, 40))
        } else {
            0
        };
        let (added, reduced) = if adjustment >= 0 {
            (adjustment + both, both)
        } else {
            (both, both - adjustment)
        };
        let restructured = if self.chance(0.3) {
            Self::permille(initial, self.int(5, 60))
        } else {
            0
        };
        let excluded = if added > 0 && self.chance(0.2) {
            Self::permille(added, self.int(100, 1000))
        } else {
            0
        };
        put("budget_added", money(added));
        put("budget_reduced", money(reduced));
        put("budget_restructured", money(restructured));
        if excluded > 0 {
            put("budget_adjust_excluded", money(excluded));
        }
        put("budget_executed", money(sum.expense));
        let public_budget = sum.public_exp + Self::permille(sum.public_exp, self.int(0, 150));
        put("public_budget", money(public_budget));
        let key = if self.chance(0.7) {
            Self::permille(sum.project, self.int(880, 1000))
        } else {
            Self::permille(sum.project, self.int(600, 880))
        };
        put("key_project_exp", money(key));
        // Cumulative payments by quarter.
        let q1 = Self::permille(sum.expense, self.int(120, 260));
        let q2 = Self::permille(sum.expense, self.int(380, 560));
        let q3 = Self::permille(sum.expense, self.int(620, 820));
        put("paid_q1", money(q1));
        put("paid_q2", money(q2));
        put("paid_q3", money(q3));
        put("paid_q4", money(sum.expense));
        let late = if self.chance(0.85) { 0 } else { self.int(1, 2) };
        put("special_late_count", Input::Number(late as f64));
        let unfinished = if sum.balance > 0 && self.chance(0.6) {
            Self::permille(sum.balance, self.int(200, 1000))
        } else {
            0
        };
        put("carryover_unfinished", money(unfinished));
        // 政府采购: against the projects' spending.
        let projects_spent: Cents = projects.iter().map(|p| p.executed).sum();
        let (pb, pa) = if self.chance(0.15) {
            (0, 0)
        } else {
            let base = projects_spent.max(sum.public_exp);
            let pb = Self::permille(base, self.int(50, 400));
            let pa = if self.chance(0.6) {
                pb
            } else {
                Self::permille(pb, self.int(850, 999))
            };
            (pb, pa)
        };
        put("procurement_budget", money(pb));
        put("procurement_actual", money(pa));
        let payable = Self::permille(sum.public_exp, self.int(200, 600));
        let paid = Self::permille(payable, self.int(800, 1000));
        put("card_payable", money(payable));
        put("card_paid", money(paid));

        // 三公经费: this year within budget; last year mostly higher.
        let small = self.chance(0.08);
        let scale = (sum.expense / 100_000).clamp(1, 40); // 1 per 1000 万元
        for kind in ["abroad", "car_buy", "car_run", "reception"] {
            let (budget, actual, prev) = if small {
                (0, 0, 0)
            } else {
                match kind {
                    "abroad" if self.chance(0.1) => {
                        let b = self.int(3 * WAN, 12 * WAN);
                        (
                            b,
                            Self::permille(b, self.int(0, 1000)),
                            self.int(0, 10 * WAN),
                        )
                    }
                    "car_buy" if self.chance(0.12) => {
                        let b = self.int(15 * WAN, 32 * WAN);
                        (b, b - self.int(0, 2 * WAN), 0)
                    }
                    "car_run" => {
                        let b = self.int(WAN + 50, 6 * WAN) * scale.min(6);
                        let a = Self::permille(b, self.int(600, 1000));
                        let p = Self::permille(a, self.int(920, 1300));
                        (b, a, p)
                    }
                    "reception" => {
                        let b = self.int(50, 4 * WAN) * scale.min(5);
                        let a = Self::permille(b, self.int(300, 1000));
                        let p = Self::permille(a, self.int(900, 1400));
                        (b, a, p)
                    }
                    _ => (0, 0, 0),
                }
            };
            put(&format!("sg_{kind}_budget"), money(budget));
            put(&format!("sg_{kind}_actual"), money(actual));
            put(&format!("sg_{kind}_prev"), money(prev));
            let prev_budget = Self::permille(budget, self.int(850, 1150));
            put(&format!("sg_{kind}_prev_budget"), money(prev_budget));
        }
        // 固定资产.
        let total = Self::permille(sum.expense, self.int(30, 600)).max(5 * WAN);
        let in_use = if self.chance(0.6) {
            total
        } else {
            Self::permille(total, self.int(900, 999))
        };
        let leased = if in_use < total && self.chance(0.3) {
            (total - in_use) / 2
        } else {
            0
        };
        let other = total - in_use - leased;
        put("assets_total", money(total));
        put("assets_in_use", money(in_use));
        put("assets_leased", money(leased));
        put("assets_other", money(other));
    }

    // -- projects --

    fn projects(&mut self, project_total: Cents) -> Vec<Project> {
        let n = *pick_weighted(
            self.rng,
            &[
                (0, 6),
                (1, 8),
                (2, 10),
                (3, 12),
                (4, 12),
                (5, 10),
                (6, 9),
                (7, 8),
                (8, 7),
                (9, 6),
                (10, 5),
                (11, 4),
                (12, 3),
            ],
        );
        let mut pool: Vec<&'static ProjectTpl> = self.domain.projects.iter().collect();
        pool.extend(GENERIC_PROJECTS.iter());
        let chosen = self.pick_n(&pool, n);
        if chosen.is_empty() {
            return Vec::new();
        }
        let covered = Self::permille(project_total, self.int(500, 1000));
        let spent = self.split(covered, chosen.len(), 900);
        let mut out = Vec::new();
        for (tpl, executed) in chosen.into_iter().zip(spent) {
            let executed = executed.max(WAN);
            let budget = if self.chance(0.5) {
                executed
            } else {
                (i128::from(executed) * 1000 / i128::from(self.int(820, 999))) as i64
            };
            let initial = if self.chance(0.6) {
                budget
            } else {
                Self::permille(budget, self.int(700, 1000))
            };
            let name = if self.chance(0.3) {
                format!("{}年{}", self.year, tpl.name)
            } else {
                tpl.name.to_string()
            };
            out.push(Project {
                tpl,
                name,
                initial,
                budget,
                executed,
            });
        }
        out
    }

    fn project_rows(&mut self, projects: &[Project]) -> (Vec<Row>, Vec<Row>) {
        let mut prow = Vec::new();
        let mut irow = Vec::new();
        let supervisor = if self.unit_name.ends_with("中心") {
            format!("{}{}", self.area, self.domain.bureau)
        } else {
            self.unit_name.clone()
        };
        for p in projects {
            // Funding sources: fiscal, with some carried over or other money.
            let carry = if self.chance(0.25) {
                self.int(50, 400)
            } else {
                0
            };
            let other = if self.chance(0.15) {
                self.int(20, 200)
            } else {
                0
            };
            let parts = |total: Cents| {
                let c = Self::permille(total, carry);
                let o = Self::permille(total, other);
                (total - c - o, c, o)
            };
            let (fi, ci, oi) = parts(p.initial);
            let (ff, cf, of) = parts(p.budget);
            let (fe, ce, oe) = parts(p.executed);
            let mut cells = row(&[
                ("name", text(p.name.clone())),
                ("supervisor", text(supervisor.clone())),
                ("implementer", text(self.unit_name.clone())),
                ("budget_initial", money(p.initial)),
                ("budget_full", money(p.budget)),
                ("executed", money(p.executed)),
                ("fiscal_initial", money(fi)),
                ("fiscal_full", money(ff)),
                ("fiscal_executed", money(fe)),
            ]);
            if carry > 0 {
                cells.insert("carry_initial".into(), money(ci));
                cells.insert("carry_full".into(), money(cf));
                cells.insert("carry_executed".into(), money(ce));
            }
            if other > 0 {
                cells.insert("other_initial".into(), money(oi));
                cells.insert("other_full".into(), money(of));
                cells.insert("other_executed".into(), money(oe));
            }
            let goal = self.fill(p.tpl.goal);
            let done = self.fill(p.tpl.done);
            cells.insert("goal".into(), text(goal));
            cells.insert("done".into(), text(done));

            // Indicators.
            let n = self.int(3, 10) as usize;
            let n_sat = if n >= 8 && self.chance(0.5) { 2 } else { 1 };
            let n_ben = self.int(1, 3.min((n - n_sat - 1) as i64)) as usize;
            let n_out = n - n_sat - n_ben;
            let mut out_pool: Vec<Ind> = p
                .tpl
                .indicators
                .iter()
                .copied()
                .filter(|i| group(i.l2) == 0)
                .collect();
            let mut ben_pool: Vec<Ind> = p
                .tpl
                .indicators
                .iter()
                .copied()
                .filter(|i| group(i.l2) == 1)
                .collect();
            // Generic ones after the project's own, without repeating a name.
            let generic_out: Vec<Ind> = self.pick_n(GENERIC_OUTPUT, GENERIC_OUTPUT.len());
            out_pool.extend(generic_out);
            let generic_ben: Vec<Ind> = self.pick_n(GENERIC_BENEFIT, GENERIC_BENEFIT.len());
            ben_pool.extend(generic_ben);
            let outs = take_distinct(&out_pool, n_out);
            let bens = take_distinct(&ben_pool, n_ben);
            let sats: Vec<Ind> = (0..n_sat)
                .map(|i| Ind {
                    l2: "服务对象满意度指标",
                    l3: if i == 0 { SAT_NAMES[0] } else { SAT_NAMES[1] },
                    spec: Spec::Pct([85, 90, 90, 95][(self.int(0, 3)) as usize]),
                })
                .collect();
            let mut pts = self.partition(50, outs.len());
            pts.extend(self.partition(30, bens.len()));
            pts.extend(self.partition(10, sats.len()));
            // 预算执行率 10 × min(执行数 ÷ 预算数, 1), as jixiao computes it.
            let rate = jixiao::rules::metrics::percent(
                Some(Decimal::new(p.executed, 2)),
                Some(Decimal::new(p.budget, 2)),
            )
            .unwrap_or(Decimal::ONE_HUNDRED);
            let execution = round_half_up(
                Decimal::TEN * (rate / Decimal::ONE_HUNDRED).min(Decimal::ONE),
                2,
            );
            let mut self_sum = execution;
            for (ind, points) in outs.iter().chain(&bens).chain(&sats).zip(pts) {
                let level3 = ind.l3.replace("{对象}", p.tpl.object);
                let (target_text, actual_text, hit) =
                    self.target_pair(ind.spec, Some((p.budget, p.executed)), 0.85);
                let points_d = Decimal::from(points);
                let t = target::parse_target(&target_text);
                let a = target::parse_actual(&actual_text);
                let unit = target::unit_from_name(&level3);
                let qualitative = t.direction() == Direction::Qualitative;
                let self_score = if qualitative {
                    if hit {
                        points_d
                    } else {
                        // Hedged actual: a deduction within 达成 / 部分达成.
                        let keep = self.int(70, 95);
                        round_half_up(points_d * Decimal::new(keep, 2), 1)
                    }
                } else {
                    let outcome = target::score_indicator(&t, &a, points_d, None, unit.as_ref());
                    round_half_up(outcome.score.unwrap_or(points_d), 2)
                };
                self_sum += self_score;
                let mut cells = row(&[
                    ("project", text(p.name.clone())),
                    ("level1", text(level1_of(ind.l2))),
                    ("level2", text(ind.l2)),
                    ("level3", text(level3)),
                    ("target", text(target_text)),
                    ("actual", text(actual_text)),
                    ("points", Input::Number(f64::from(points))),
                    ("self_score", dec_input(self_score)),
                ]);
                if self_score < points_d {
                    cells.insert("deviation".into(), text(self.deviation()));
                }
                irow.push(cells);
            }
            cells.insert("self_score".into(), dec_input(self_sum));
            prow.push(cells);
        }
        (prow, irow)
    }

    /// `total` points over `k` indicators: multiples of 5 when they fit.
    fn partition(&mut self, total: u32, k: usize) -> Vec<u32> {
        if k == 0 {
            return Vec::new();
        }
        let k32 = k as u32;
        let (unit, units) = if total.is_multiple_of(5) && total / 5 >= k32 {
            (5, total / 5)
        } else {
            (1, total)
        };
        let mut parts = vec![1u32; k];
        for _ in 0..(units - k32) {
            let i = self.rng.random_range(0..k);
            parts[i] += 1;
        }
        parts.iter().map(|p| p * unit).collect()
    }

    // -- the 评分表 --

    /// Fills `tbl_scores` and `score_overall_self`; returns the indicators
    /// that lost points (their problem and measure sentences).
    fn score_table(&mut self, inputs: &mut Inputs) -> Vec<(String, String)> {
        let fw = national();
        let mut rows = Vec::new();
        let mut selfs: BTreeMap<String, Decimal> = BTreeMap::new();
        let mut lost = Vec::new();
        // Self-assessed indicators first.
        for (l1, l2, ind) in fw.leaves() {
            let names: Vec<&str> = if ind.parts.is_empty() {
                vec![ind.name.as_str()]
            } else {
                ind.parts.iter().map(String::as_str).collect()
            };
            let own = match &ind.rule {
                Rule::SelfScored => {
                    if self.chance(0.9) {
                        Some(ind.points)
                    } else {
                        let d = Decimal::new(self.int(1, 4) * 5, 1).min(ind.points);
                        Some(ind.points - d)
                    }
                }
                Rule::Checklist { items } => {
                    if self.chance(0.9) || items.is_empty() {
                        Some(ind.points)
                    } else {
                        let i = self.rng.random_range(0..items.len());
                        Some(ind.points - items[i].points)
                    }
                }
                Rule::PerItem { count: None, per } => {
                    if self.chance(0.9) {
                        Some(ind.points)
                    } else {
                        Some((ind.points - per).max(Decimal::ZERO))
                    }
                }
                _ => None,
            };
            for (i, name) in names.into_iter().enumerate() {
                let mut r = row(&[
                    ("level1", text(l1.name.clone())),
                    ("level2", text(l2.name.clone())),
                    ("level3", text(name)),
                ]);
                if i == 0 {
                    r.insert("criteria".into(), text(ind.criteria.clone()));
                    r.insert("points".into(), dec_input(ind.points));
                    if let Some(own) = own {
                        r.insert("self_score".into(), dec_input(own));
                        if own < ind.points {
                            let reason = format!(
                                "{}扣{}分。",
                                ind.problem.trim_end_matches('。'),
                                (ind.points - own).normalize()
                            );
                            r.insert("reason".into(), text(reason));
                            lost.push((ind.problem.clone(), ind.measure.clone()));
                        }
                    }
                } else if own.is_some() {
                    r.insert("self_score".into(), Input::Number(0.0));
                }
                rows.push(r);
            }
            if let Some(own) = own {
                selfs.insert(ind.id.clone(), own);
            }
        }
        inputs.tables.insert("tbl_scores".into(), rows);

        // Computed indicators: the score jixiao gives this workbook.
        let bytes = build(inputs);
        let report = check("synth.xlsx", &bytes);
        let department = report
            .score
            .and_then(|c| c.department)
            .expect("the national framework scores the workbook");
        let rows = inputs
            .tables
            .get_mut("tbl_scores")
            .expect("the 评分表 was just filled");
        let mut at = 0;
        for ((_, _, ind), scored) in fw.leaves().zip(&department.indicators) {
            let first = at;
            at += ind.parts.len().max(1);
            if selfs.contains_key(&ind.id) {
                continue;
            }
            // An indicator without data gets no score: the synthetic
            // department then leaves its self-score blank too.
            let Some(system) = scored.system else {
                continue;
            };
            rows[first].insert("self_score".into(), dec_input(system));
            if system < ind.points {
                rows[first].insert("reason".into(), text(format!("{}。", scored.explain)));
                lost.push((ind.problem.clone(), ind.measure.clone()));
            }
            selfs.insert(ind.id.clone(), system);
        }
        let total: Decimal = selfs.values().sum();
        inputs
            .scalars
            .insert("score_overall_self".into(), dec_input(total));
        lost
    }

    fn problems_and_measures(&mut self, lost: &[(String, String)]) -> (Vec<Row>, Vec<Row>) {
        let d = self.domain;
        let mut problems: Vec<String> = Vec::new();
        let mut measures: Vec<String> = Vec::new();
        for (p, m) in lost.iter().take(3) {
            if !p.is_empty() && !problems.contains(p) {
                problems.push(p.clone());
            }
            if !m.is_empty() && !measures.contains(m) {
                measures.push(m.clone());
            }
        }
        let k = self.int(2, 4) as usize;
        let mut pool: Vec<&str> = d.problems.to_vec();
        pool.extend(GENERIC_PROBLEMS);
        for t in self.pick_n(&pool, k) {
            problems.push(self.fill(t));
        }
        let mut pool: Vec<&str> = d.measures.to_vec();
        pool.extend(GENERIC_MEASURES);
        let k = self.int(2, 4) as usize;
        for t in self.pick_n(&pool, k) {
            measures.push(self.fill(t));
        }
        let as_rows = |v: Vec<String>| v.into_iter().map(|t| row(&[("text", text(t))])).collect();
        (as_rows(problems), as_rows(measures))
    }

    // -- mistakes --

    /// Injects one or two realistic mistakes; returns their names.
    fn inject(&mut self, inputs: &mut Inputs) -> Vec<&'static str> {
        let has_subunits = inputs.tables["tbl_finance"].len() > 1;
        let has_projects = !inputs.tables["tbl_projects"].is_empty();
        let mut kinds: Vec<&'static str> = vec![
            "income-total",
            "basic-total",
            "assets-total",
            "phone",
            "self-over-points",
            "yuan-for-wan",
            "wan-as-yuan",
            "required-missing",
            "overall-self",
            "no-reason",
            "stale-year",
            "staff-over-quota",
            "fill-date",
        ];
        if has_subunits {
            kinds.push("subunit-sum");
        }
        if has_projects {
            kinds.extend([
                "project-total",
                "project-name",
                "project-over-points",
                "overspend",
            ]);
        }
        let n = if self.chance(0.3) { 2 } else { 1 };
        let chosen = self.pick_n(&kinds, n);
        for k in &chosen {
            self.apply(k, inputs);
        }
        chosen
    }

    fn apply(&mut self, kind: &str, inputs: &mut Inputs) {
        let num = |r: &Row, k: &str| match r.get(k) {
            Some(Input::Number(n)) => *n,
            _ => 0.0,
        };
        match kind {
            // A typo in 收入合计: two digits swapped, or one off by 1 in the tens.
            "income-total" => {
                let rows = table(inputs, "tbl_finance");
                let i = self.rng.random_range(0..rows.len());
                let v = num(&rows[i], "income_total");
                let wrong = v + [10.0, -10.0, 100.0, 0.9][self.rng.random_range(0..4)];
                rows[i].insert("income_total".into(), Input::Number(wrong));
            }
            "basic-total" => {
                let rows = table(inputs, "tbl_finance");
                let i = self.rng.random_range(0..rows.len());
                let personnel = num(&rows[i], "personnel");
                let bumped = personnel + f64::from(self.int(1, 50) as i32);
                rows[i].insert("personnel".into(), Input::Number(bumped));
            }
            "subunit-sum" => {
                let rows = table(inputs, "tbl_finance");
                let i = self.rng.random_range(1..rows.len());
                // A sub-unit corrected after the 汇总 row was typed.
                let v = num(&rows[i], "public_exp");
                let delta = f64::from(self.int(1, 20) as i32) + 0.5;
                let basic = num(&rows[i], "basic");
                let expense = num(&rows[i], "expense_total");
                rows[i].insert("public_exp".into(), Input::Number(v + delta));
                rows[i].insert("basic".into(), Input::Number(basic + delta));
                rows[i].insert("expense_total".into(), Input::Number(expense + delta));
                let income = num(&rows[i], "income_total");
                rows[i].insert("income_total".into(), Input::Number(income + delta));
                let general = num(&rows[i], "general_budget");
                rows[i].insert("general_budget".into(), Input::Number(general + delta));
            }
            "assets-total" => {
                let v = match inputs.scalars.get("assets_total") {
                    Some(Input::Number(n)) => *n,
                    _ => 0.0,
                };
                inputs
                    .scalars
                    .insert("assets_total".into(), Input::Number(v + 12.5));
            }
            "phone" => {
                let bad = self.pick(&[
                    "0730-807510",
                    "1589730306",
                    "15897303065、8075108",
                    "138 0730 56",
                    "电话：0731",
                ]);
                inputs.scalars.insert("contact_phone".into(), text(bad));
            }
            "self-over-points" => {
                let rows = table(inputs, "tbl_scores");
                let i = self.rng.random_range(0..rows.len());
                let points = num(&rows[i], "points").max(1.0);
                rows[i].insert("self_score".into(), Input::Number(points + 1.0));
            }
            // The 元 figure typed into a 万元 cell, as a number or with separators.
            "yuan-for-wan" => {
                let rows = table(inputs, "tbl_finance");
                let i = self.rng.random_range(0..rows.len());
                let v = num(&rows[i], "personnel");
                let yuan = (v * 1_000_000.0).round() / 100.0;
                let cell = if self.chance(0.5) {
                    Input::Number(yuan)
                } else {
                    text(thousands(yuan))
                };
                rows[i].insert("personnel".into(), cell);
            }
            // The 万元 figure labelled 元: "716.71元" is read as 0.07 万元.
            "wan-as-yuan" => {
                let key = self.pick(&["budget_executed", "public_budget", "assets_in_use"]);
                let v = match inputs.scalars.get(key) {
                    Some(Input::Number(n)) => *n,
                    _ => 100.0,
                };
                inputs
                    .scalars
                    .insert(key.into(), text(format!("{}元", thousands(v))));
            }
            "required-missing" => {
                let key = self.pick(&[
                    "head_name",
                    "contact_name",
                    "functions",
                    "main_tasks",
                    "staff_quota",
                ]);
                inputs.scalars.remove(key);
            }
            "overall-self" => {
                let v = match inputs.scalars.get("score_overall_self") {
                    Some(Input::Number(n)) => *n,
                    _ => 90.0,
                };
                let rounded = (v + 2.0).round().min(100.0);
                let wrong = if (rounded - v).abs() < 0.5 {
                    v - 3.0
                } else {
                    rounded
                };
                inputs
                    .scalars
                    .insert("score_overall_self".into(), Input::Number(wrong));
            }
            // A self-score below full with no 扣分原因.
            "no-reason" => {
                let rows = table(inputs, "tbl_scores");
                let i = self.rng.random_range(0..rows.len().min(2));
                let points = num(&rows[i], "points");
                rows[i].insert("self_score".into(), Input::Number(points - 1.0));
                rows[i].remove("reason");
                let v = match inputs.scalars.get("score_overall_self") {
                    Some(Input::Number(n)) => *n,
                    _ => 90.0,
                };
                inputs
                    .scalars
                    .insert("score_overall_self".into(), Input::Number(v - 1.0));
            }
            // Last year's goal copied over.
            "stale-year" => {
                let prev = self.year - 1;
                let rows = table(inputs, "tbl_goals");
                if rows.is_empty() {
                    rows.push(BTreeMap::new());
                }
                let i = self.rng.random_range(0..rows.len());
                rows[i].insert(
                    "goal".into(),
                    text(format!(
                        "{prev}年度各项工作任务全面完成，群众满意度进一步提升"
                    )),
                );
            }
            "staff-over-quota" => {
                let quota = match inputs.scalars.get("staff_quota") {
                    Some(Input::Number(n)) => *n,
                    _ => 10.0,
                };
                let over = quota + f64::from(self.int(1, 4) as i32);
                inputs
                    .scalars
                    .insert("staff_actual".into(), Input::Number(over));
            }
            "fill-date" => {
                let d = NaiveDate::from_ymd_opt(self.year - 1, 12, self.int(1, 28) as u32)
                    .expect("a day in December");
                inputs.scalars.insert("fill_date".into(), Input::Date(d));
            }
            "project-total" => {
                let rows = table(inputs, "tbl_projects");
                let i = self.rng.random_range(0..rows.len());
                let v = num(&rows[i], "self_score");
                let wrong = if v <= 95.0 { v + 5.0 } else { v - 5.0 };
                rows[i].insert("self_score".into(), Input::Number(wrong));
            }
            "project-name" => {
                let rows = table(inputs, "tbl_project_indicators");
                if let Some(r) = rows.first_mut() {
                    let name = match r.get("project") {
                        Some(Input::Text(t)) => t.clone(),
                        _ => String::new(),
                    };
                    r.insert("project".into(), text(format!("{name}资金")));
                }
            }
            "project-over-points" => {
                let rows = table(inputs, "tbl_project_indicators");
                if !rows.is_empty() {
                    let i = self.rng.random_range(0..rows.len());
                    let points = num(&rows[i], "points");
                    rows[i].insert("self_score".into(), Input::Number(points + 2.0));
                }
            }
            "overspend" => {
                let rows = table(inputs, "tbl_projects");
                let i = self.rng.random_range(0..rows.len());
                let budget = num(&rows[i], "budget_full");
                let executed = (budget * 1.08 * 100.0).round() / 100.0;
                rows[i].insert("executed".into(), Input::Number(executed));
                rows[i].insert("fiscal_executed".into(), Input::Number(executed));
                for k in ["carry_executed", "other_executed"] {
                    rows[i].remove(k);
                }
            }
            _ => {}
        }
    }
}

fn table<'a>(inputs: &'a mut Inputs, key: &str) -> &'a mut Vec<Row> {
    inputs.tables.entry(key.to_string()).or_default()
}

/// 7167065.75 → "7,167,065.75".
fn thousands(v: f64) -> String {
    let s = format!("{v:.2}");
    let (int, frac) = s.split_once('.').unwrap_or((s.as_str(), "00"));
    let (sign, digits) = int.strip_prefix('-').map_or(("", int), |d| ("-", d));
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    format!("{sign}{out}.{frac}")
}

/// A round-looking number: 12411 stays, 123456 becomes 123400.
fn round_nice(n: i64) -> i64 {
    if n >= 100_000 {
        n / 100 * 100
    } else if n >= 10_000 {
        n / 10 * 10
    } else {
        n
    }
}

fn pick_weighted<'a, T>(rng: &mut ChaCha8Rng, items: &'a [(T, u32)]) -> &'a T {
    let total: u32 = items.iter().map(|(_, w)| w).sum();
    let mut x = rng.random_range(0..total);
    for (item, w) in items {
        if x < *w {
            return item;
        }
        x -= w;
    }
    &items[items.len() - 1].0
}

fn take_distinct(pool: &[Ind], k: usize) -> Vec<Ind> {
    let mut out: Vec<Ind> = Vec::new();
    for i in pool {
        if out.len() == k {
            break;
        }
        if !out.iter().any(|o| o.l3 == i.l3) {
            out.push(*i);
        }
    }
    out
}

/// 0 产出, 1 效益, 2 满意度 — as jixiao groups project indicators.
fn group(level2: &str) -> u8 {
    if level2.contains("满意") {
        2
    } else if level2.contains("效益") || level2.contains("影响") {
        1
    } else {
        0
    }
}

fn level1_of(level2: &str) -> &'static str {
    match group(level2) {
        0 => "产出指标",
        1 => "效益指标",
        _ => "满意度指标",
    }
}

// ---- money rows ------------------------------------------------------------

struct FinRow {
    name: String,
    carryover: Cents,
    general: Cents,
    fund: Cents,
    special: Cents,
    other: Cents,
    income: Cents,
    personnel: Cents,
    public_exp: Cents,
    basic: Cents,
    project: Cents,
    expense: Cents,
    balance: Cents,
}

impl FinRow {
    fn sum(units: &[FinRow], name: String) -> FinRow {
        let s = |f: fn(&FinRow) -> Cents| units.iter().map(f).sum();
        FinRow {
            name,
            carryover: s(|r| r.carryover),
            general: s(|r| r.general),
            fund: s(|r| r.fund),
            special: s(|r| r.special),
            other: s(|r| r.other),
            income: s(|r| r.income),
            personnel: s(|r| r.personnel),
            public_exp: s(|r| r.public_exp),
            basic: s(|r| r.basic),
            project: s(|r| r.project),
            expense: s(|r| r.expense),
            balance: s(|r| r.balance),
        }
    }
}

struct Finance {
    summary: FinRow,
    rows: Vec<Row>,
}

struct Project {
    tpl: &'static ProjectTpl,
    name: String,
    initial: Cents,
    budget: Cents,
    executed: Cents,
}

// ---- text pools ------------------------------------------------------------

/// How a target is written and met.
#[derive(Debug, Clone, Copy)]
enum Spec {
    /// ≥ t% (t = 100: "100%").
    Pct(u32),
    /// ≥ a count in [lo, hi] of a unit (人次, 户, 家 …).
    Count(&'static str, u32, u32),
    /// ≤ a count in [lo, hi] of a unit (个工作日, 天 …).
    Within(&'static str, u32, u32),
    /// A range "lo-hi unit".
    Range(&'static str, u32, u32),
    /// ≤ an amount per head or per unit ("元/人", "元/亩") in [lo, hi].
    PerUnit(&'static str, u32, u32),
    /// 0 of a unit (lower is better).
    Zero(&'static str),
    /// ≤ the project's budget in 万元.
    Cost,
    /// A qualitative target.
    Qual(&'static str),
    /// A deadline within the year.
    Date,
}

#[derive(Debug, Clone, Copy)]
struct Ind {
    l2: &'static str,
    l3: &'static str,
    spec: Spec,
}

const fn ind(l2: &'static str, l3: &'static str, spec: Spec) -> Ind {
    Ind { l2, l3, spec }
}

#[derive(Clone, Copy)]
struct TargetTpl {
    l1: &'static str,
    l2: &'static str,
    l3: &'static str,
    spec: Spec,
}

const fn tgt(l1: &'static str, l2: &'static str, l3: &'static str, spec: Spec) -> TargetTpl {
    TargetTpl { l1, l2, l3, spec }
}

struct ProjectTpl {
    name: &'static str,
    /// Who is served, for the 满意度 indicator.
    object: &'static str,
    goal: &'static str,
    done: &'static str,
    indicators: &'static [Ind],
}

struct Domain {
    bureau: &'static str,
    center: &'static str,
    short: &'static str,
    object: &'static str,
    subunits: &'static [&'static str],
    divisions: &'static [&'static str],
    functions: &'static [&'static str],
    tasks: &'static [&'static str],
    achievements: &'static [&'static str],
    implementation: &'static [&'static str],
    goals: &'static [(&'static str, &'static str)],
    targets: &'static [TargetTpl],
    projects: &'static [ProjectTpl],
    problems: &'static [&'static str],
    measures: &'static [&'static str],
}

const CN_NUM: &[&str] = &[
    "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二",
];

const PLACES: &[Place] = &[
    Place {
        city: "岳阳市",
        area_code: "0730",
        counties: &[
            "岳阳楼区",
            "云溪区",
            "君山区",
            "岳阳县",
            "华容县",
            "湘阴县",
            "平江县",
            "汨罗市",
            "临湘市",
        ],
    },
    Place {
        city: "常德市",
        area_code: "0736",
        counties: &[
            "武陵区",
            "鼎城区",
            "安乡县",
            "汉寿县",
            "澧县",
            "临澧县",
            "桃源县",
            "石门县",
            "津市市",
        ],
    },
    Place {
        city: "益阳市",
        area_code: "0737",
        counties: &["资阳区", "赫山区", "南县", "桃江县", "安化县", "沅江市"],
    },
    Place {
        city: "长沙市",
        area_code: "0731",
        counties: &[
            "芙蓉区",
            "天心区",
            "岳麓区",
            "开福区",
            "雨花区",
            "望城区",
            "长沙县",
            "浏阳市",
            "宁乡市",
        ],
    },
    Place {
        city: "株洲市",
        area_code: "0731",
        counties: &[
            "荷塘区",
            "芦淞区",
            "石峰区",
            "天元区",
            "渌口区",
            "攸县",
            "茶陵县",
            "炎陵县",
            "醴陵市",
        ],
    },
    Place {
        city: "衡阳市",
        area_code: "0734",
        counties: &[
            "珠晖区",
            "雁峰区",
            "石鼓区",
            "蒸湘区",
            "南岳区",
            "衡阳县",
            "衡南县",
            "衡山县",
            "衡东县",
            "祁东县",
            "耒阳市",
            "常宁市",
        ],
    },
    Place {
        city: "南昌市",
        area_code: "0791",
        counties: &[
            "东湖区",
            "西湖区",
            "青云谱区",
            "青山湖区",
            "新建区",
            "红谷滩区",
            "南昌县",
            "安义县",
            "进贤县",
        ],
    },
    Place {
        city: "九江市",
        area_code: "0792",
        counties: &[
            "濂溪区",
            "浔阳区",
            "柴桑区",
            "武宁县",
            "修水县",
            "永修县",
            "德安县",
            "都昌县",
            "湖口县",
            "彭泽县",
            "瑞昌市",
            "庐山市",
        ],
    },
    Place {
        city: "宜昌市",
        area_code: "0717",
        counties: &[
            "西陵区",
            "伍家岗区",
            "点军区",
            "夷陵区",
            "远安县",
            "兴山县",
            "秭归县",
            "宜都市",
            "当阳市",
            "枝江市",
        ],
    },
    Place {
        city: "荆州市",
        area_code: "0716",
        counties: &[
            "沙市区",
            "荆州区",
            "公安县",
            "江陵县",
            "石首市",
            "洪湖市",
            "松滋市",
            "监利市",
        ],
    },
    Place {
        city: "信阳市",
        area_code: "0376",
        counties: &[
            "浉河区",
            "平桥区",
            "罗山县",
            "光山县",
            "新县",
            "商城县",
            "固始县",
            "潢川县",
            "淮滨县",
            "息县",
        ],
    },
    Place {
        city: "六安市",
        area_code: "0564",
        counties: &[
            "金安区",
            "裕安区",
            "叶集区",
            "霍邱县",
            "舒城县",
            "金寨县",
            "霍山县",
        ],
    },
    Place {
        city: "遵义市",
        area_code: "0851",
        counties: &[
            "红花岗区",
            "汇川区",
            "播州区",
            "桐梓县",
            "绥阳县",
            "正安县",
            "湄潭县",
            "余庆县",
            "习水县",
            "赤水市",
            "仁怀市",
        ],
    },
    Place {
        city: "绵阳市",
        area_code: "0816",
        counties: &[
            "涪城区",
            "游仙区",
            "安州区",
            "三台县",
            "盐亭县",
            "梓潼县",
            "平武县",
            "江油市",
        ],
    },
    Place {
        city: "桂林市",
        area_code: "0773",
        counties: &[
            "秀峰区",
            "叠彩区",
            "象山区",
            "七星区",
            "雁山区",
            "临桂区",
            "阳朔县",
            "灵川县",
            "全州县",
            "兴安县",
            "荔浦市",
        ],
    },
];

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴", "徐", "孙", "胡", "朱", "高", "林",
    "何", "郭", "马", "罗", "梁", "宋", "郑", "谢", "韩", "唐", "冯", "于", "董", "程", "曹", "袁",
    "邓", "许", "傅", "沈", "曾", "彭", "吕", "苏", "卢", "蒋", "蔡", "贾", "丁", "魏", "薛", "叶",
    "余", "潘", "杜", "戴", "夏", "钟", "汪", "田", "任", "姜", "范", "方", "石", "姚", "谭", "廖",
    "邹", "熊", "金", "陆", "郝", "孔", "白", "崔", "康", "毛", "邱", "秦", "江", "史", "顾", "侯",
    "邵", "孟", "龙", "万", "段", "雷", "钱", "汤", "尹", "黎", "易", "常", "武", "乔", "贺", "赖",
    "龚", "文",
];

const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明", "超",
    "秀", "霞", "平", "刚", "桂", "英", "华", "建", "国", "红", "卫", "琼", "勤", "波", "斌", "辉",
    "宇", "婷", "雪", "琳", "鹏", "峰", "浩", "俊", "丹", "萍", "玲", "志", "文", "海", "燕", "晖",
    "颖", "亮", "林", "珍", "智", "慧", "春", "梅", "兰", "荣", "新", "德", "永", "清", "松", "云",
    "利", "民", "军", "湘", "赣", "江", "远", "嘉", "欣", "思", "佳", "子", "晓", "立", "正", "安",
];

const MOBILE_PREFIXES: &[&str] = &[
    "130", "131", "132", "133", "135", "136", "137", "138", "139", "147", "150", "151", "152",
    "153", "155", "157", "158", "159", "166", "173", "176", "177", "180", "181", "182", "183",
    "185", "186", "187", "188", "189", "191", "198", "199",
];

const EVALUATOR_TITLES: &[&str] = &[
    "副局长",
    "党组成员",
    "办公室主任",
    "财务股股长",
    "规划财务股负责人",
    "会计",
    "出纳",
    "纪检组长",
    "综合股股长",
    "业务股股长",
    "总会计师",
    "高级会计师",
    "审计股干部",
];

const OPENINGS: &[&str] = &[
    "{年}年，我单位在{级}委、{级}政府的坚强领导下，坚持以习近平新时代中国特色社会主义思想为指导，紧紧围绕全{级}中心工作，认真履行部门职责，扎实推进各项工作，较好地完成了年度目标任务。",
    "{年}年，{单位}深入贯彻落实党的二十大精神和上级决策部署，坚持稳中求进工作总基调，强化预算绩效管理，全年各项工作有序推进，整体支出绩效目标基本实现。",
    "{年}年度，在{地}委、{地}人民政府的正确领导和上级业务部门的精心指导下，我单位围绕年初确定的工作目标，真抓实干、攻坚克难，各项事业取得新的进展。",
    "{年}年，我单位紧扣年度重点任务，统筹发展和安全，严格执行部门预算，规范资金管理，提升服务效能，全年工作取得了明显成效。",
];

const HONOURS: &[&str] = &[
    "全年未发生重大安全责任事故和违规违纪问题，单位被评为{年}年度绩效考核优秀单位。",
    "单位在全{级}年度综合绩效考评中获评先进单位，多项工作经验被上级部门推介。",
    "单位荣获“{年}年度平安建设先进单位”“财政工作先进集体”等称号。",
    "单位在{年}年度全{级}机关作风建设评议中位居前列。",
    "全年共收到群众来信来访{#3-40}件，办结率100%，未发生越级上访事件。",
];

const GENERIC_FUNCTIONS: &[&str] = &[
    "完成{级}委、{级}人民政府交办的其他任务。",
    "负责本系统安全生产、应急管理、信访维稳和保密工作。",
    "负责机关和所属单位的财务、资产、人事和党建工作。",
    "承担本行业领域的统计、信息化建设和政务公开工作。",
];

const GENERIC_TASKS: &[&str] = &[
    "加强党的建设和党风廉政建设，落实全面从严治党主体责任；",
    "严格执行部门预算，规范财务和资产管理；",
    "推进政务公开和信息化建设，提升服务效能；",
    "做好信访维稳、安全生产和疫情防控等工作；",
    "完成{级}委、{级}政府交办的其他工作任务。",
];

const GENERIC_IMPLEMENTATION: &[&str] = &[
    "加强组织领导。成立了由主要负责人任组长的预算绩效管理工作领导小组，明确分管领导和责任股室，形成一级抓一级、层层抓落实的工作格局。",
    "健全管理制度。修订完善了《财务管理制度》《内部控制规范》《“三公”经费管理办法》《政府采购内部管理制度》等制度，做到用制度管钱、按制度办事。",
    "规范资金使用。专项资金实行专账核算、专款专用，资金拨付严格履行审批程序，未发生截留、挤占、挪用和虚列支出等情况。",
    "强化绩效监控。对项目绩效目标实现程度和预算执行进度实行“双监控”，按季度分析执行情况，发现问题及时纠偏。",
    "严格政府采购。严格执行政府采购目录和限额标准，做到应采尽采，采购程序规范，合同管理严格。",
    "加强资产管理。定期开展固定资产清查盘点，做到账实相符、账卡相符，资产配置、使用和处置均按规定报批。",
    "主动接受监督。按规定时限在政府门户网站公开部门预决算和“三公”经费信息，自觉接受人大、审计和社会监督。",
    "加强财务队伍建设。组织财务人员参加业务培训，提升预算编制、会计核算和绩效管理能力。",
    "压减一般性支出。坚持过紧日子，严控会议费、培训费、差旅费等一般性支出，节约资金用于保障重点民生项目。",
];

const GENERIC_PROBLEMS: &[&str] = &[
    "预算编制的精准度有待提高，部分项目年中追加调整较多，预算约束力不够强。",
    "绩效目标设置不够细化、量化，部分指标难以衡量，绩效评价结果运用不够充分。",
    "财务人员业务能力有待提升，绩效管理专业人员不足，有的同志身兼多个岗位。",
    "部分项目支出进度前慢后快，资金支付集中在第四季度。",
    "资产管理基础工作较为薄弱，资产信息系统与实物管理衔接不够紧密。",
    "内部控制制度执行不够到位，个别报销单据审核不够严格。",
    "项目前期论证不够充分，个别项目实施进度滞后于计划。",
];

const GENERIC_MEASURES: &[&str] = &[
    "提高预算编制质量，坚持“量入为出、统筹兼顾、保障重点”，严格执行年度预算，减少预算调整。",
    "科学设置绩效目标，将目标细化分解为可量化、可考核的指标，强化评价结果运用。",
    "加强财务人员和业务人员培训，提升预算绩效管理能力。",
    "加强预算执行监控，按月通报支出进度，确保资金均衡支出、及时发挥效益。",
    "加强资产日常管理，定期清查盘点，做到账实相符。",
    "严格执行内部控制制度，规范报销审批程序，强化财务监督。",
    "做实做细项目前期论证，建立项目库，提高项目实施的计划性。",
];

const DEVIATION_CAUSES: &[&str] = &[
    "受项目实施周期影响，部分工作延至年末完成",
    "因上级政策调整，部分任务未能按原计划推进",
    "受天气和施工条件影响，工程进度有所滞后",
    "服务对象流动性大，部分对象未能及时纳入",
    "部分资金到位较晚，影响了项目实施进度",
    "年初目标测算偏高，实际需求低于预期",
];

const DEVIATION_MEASURES: &[&str] = &[
    "下一步将加强进度调度，确保按期完成。",
    "今后将科学合理设置绩效目标，提高目标的可实现性。",
    "将加强与相关部门的沟通协调，加快推进。",
    "已纳入下年度工作计划，继续跟踪落实。",
    "将加强过程监控，及时发现和纠正偏差。",
];

const GENERIC_SUBUNITS: &[&str] = &["机关后勤服务中心", "信息中心", "综合行政执法大队"];

const SAT_NAMES: &[&str] = &["{对象}满意度", "社会公众满意度"];

const GENERIC_OUTPUT: &[Ind] = &[
    ind("数量指标", "资金拨付率", Spec::Pct(100)),
    ind("质量指标", "资金使用合规率", Spec::Pct(100)),
    ind("质量指标", "项目验收合格率", Spec::Pct(95)),
    ind("时效指标", "资金拨付及时率", Spec::Pct(95)),
    ind("时效指标", "项目完成时间", Spec::Date),
    ind("成本指标", "项目成本控制", Spec::Cost),
    ind("数量指标", "政策宣传覆盖率", Spec::Pct(90)),
    ind("时效指标", "资金拨付时限", Spec::Within("个工作日", 3, 15)),
];

const GENERIC_BENEFIT: &[Ind] = &[
    ind("社会效益指标", "政策知晓率", Spec::Pct(85)),
    ind("社会效益指标", "公共服务水平", Spec::Qual("有效提升")),
    ind("可持续影响指标", "长效管理机制", Spec::Qual("逐步健全")),
    ind("经济效益指标", "资金使用效益", Spec::Qual("明显提高")),
    ind("生态效益指标", "对生态环境的影响", Spec::Qual("持续改善")),
];

const GENERIC_PROJECTS: &[ProjectTpl] = &[
    ProjectTpl {
        name: "信息化建设及运维经费",
        object: "干部职工",
        goal: "完成业务信息系统升级改造和日常运行维护，保障系统全年稳定运行，提升数据共享和网上办理水平。",
        done: "{年}年完成系统升级{#2-6}次，系统全年运行正常，网上办件率达{%85-99}。",
        indicators: &[
            ind("数量指标", "系统升级改造次数", Spec::Count("次", 2, 6)),
            ind("质量指标", "系统正常运行率", Spec::Pct(98)),
            ind("时效指标", "故障响应时间", Spec::Within("小时", 2, 24)),
            ind("社会效益指标", "网上办件率", Spec::Pct(80)),
        ],
    },
    ProjectTpl {
        name: "办公用房维修改造项目",
        object: "干部职工",
        goal: "对办公楼屋面防水、水电线路和消防设施进行维修改造，消除安全隐患，改善办公条件。",
        done: "维修改造工程已于{年}年按期竣工并通过验收，办公环境明显改善。",
        indicators: &[
            ind(
                "数量指标",
                "维修改造面积（平方米）",
                Spec::Count("平方米", 300, 3000),
            ),
            ind("质量指标", "工程验收合格率", Spec::Pct(100)),
            ind("时效指标", "工程完工时间", Spec::Date),
            ind(
                "可持续影响指标",
                "办公用房使用年限",
                Spec::Count("年", 10, 20),
            ),
        ],
    },
    ProjectTpl {
        name: "业务培训经费",
        object: "参训人员",
        goal: "组织系统干部职工和基层经办人员开展政策业务培训，提高依法行政和服务能力。",
        done: "全年举办培训班{#4-15}期，培训{#200-1500}人次。",
        indicators: &[
            ind("数量指标", "培训人次", Spec::Count("人次", 200, 1500)),
            ind("数量指标", "培训期数", Spec::Count("期", 4, 12)),
            ind("质量指标", "培训考核合格率", Spec::Pct(95)),
            ind("成本指标", "人均培训成本", Spec::PerUnit("元/人", 200, 800)),
            ind("社会效益指标", "业务能力", Spec::Qual("明显提升")),
        ],
    },
    ProjectTpl {
        name: "宣传工作经费",
        object: "群众",
        goal: "通过新闻媒体、宣传资料、进村入户等多种形式开展政策宣传，扩大政策知晓面。",
        done: "全年发放宣传资料{#5000-60000}份，开展集中宣传活动{#10-60}场次。",
        indicators: &[
            ind(
                "数量指标",
                "发放宣传资料份数",
                Spec::Count("份", 5000, 60000),
            ),
            ind("数量指标", "集中宣传活动", Spec::Count("场", 10, 60)),
            ind("社会效益指标", "政策知晓率", Spec::Pct(90)),
        ],
    },
    ProjectTpl {
        name: "党建和精神文明建设工作经费",
        object: "党员干部",
        goal: "开展党员教育培训、主题党日和文明创建活动，提升机关党建工作质量。",
        done: "全年开展主题党日活动{#12-24}次，组织党员集中学习{#12-48}次，创建工作通过考核验收。",
        indicators: &[
            ind("数量指标", "主题党日活动次数", Spec::Count("次", 12, 24)),
            ind("数量指标", "党员教育培训人次", Spec::Count("人次", 50, 600)),
            ind("质量指标", "党员参学率", Spec::Pct(95)),
            ind("社会效益指标", "机关党建工作水平", Spec::Qual("明显提升")),
        ],
    },
    ProjectTpl {
        name: "法律顾问及第三方服务经费",
        object: "业务股室",
        goal: "聘请法律顾问和第三方机构提供合法性审查、审计和绩效评价服务，防范行政风险。",
        done: "审查合同和规范性文件{#20-150}件，完成第三方审计和绩效评价{#2-10}项。",
        indicators: &[
            ind("数量指标", "合法性审查件数", Spec::Count("件", 20, 150)),
            ind("质量指标", "审查意见采纳率", Spec::Pct(90)),
            ind("时效指标", "审查办结时限", Spec::Within("个工作日", 3, 7)),
            ind("社会效益指标", "依法行政水平", Spec::Qual("有效提升")),
        ],
    },
    ProjectTpl {
        name: "安全生产和应急管理专项经费",
        object: "干部职工",
        goal: "开展安全隐患排查和应急演练，落实安全生产责任，防范各类安全事故。",
        done: "开展隐患排查{#6-40}次，整改隐患{#5-60}处，组织应急演练{#2-8}次。",
        indicators: &[
            ind("数量指标", "隐患排查次数", Spec::Count("次", 6, 40)),
            ind("数量指标", "应急演练次数", Spec::Count("次", 2, 8)),
            ind("质量指标", "隐患整改率", Spec::Pct(100)),
            ind("社会效益指标", "安全生产事故（起）", Spec::Zero("起")),
        ],
    },
    ProjectTpl {
        name: "政务服务窗口运行经费",
        object: "办事群众",
        goal: "保障政务服务大厅窗口正常运行，推行“一窗受理、一次办好”。",
        done: "全年窗口受理业务{#5000-80000}件，按时办结率100%。",
        indicators: &[
            ind(
                "数量指标",
                "窗口受理业务件数",
                Spec::Count("件", 5000, 80000),
            ),
            ind("质量指标", "按时办结率", Spec::Pct(98)),
            ind("时效指标", "即办件办理时限", Spec::Within("分钟", 15, 40)),
            ind("社会效益指标", "办事群众跑动次数", Spec::Qual("明显减少")),
        ],
    },
    ProjectTpl {
        name: "乡村振兴驻村帮扶工作经费",
        object: "帮扶村群众",
        goal: "选派驻村工作队开展帮扶，巩固拓展脱贫攻坚成果，推动帮扶村产业发展。",
        done: "派驻工作队员{#2-6}名，实施帮扶项目{#2-8}个，帮扶村集体经济收入达到{#5-30}万元。",
        indicators: &[
            ind("数量指标", "实施帮扶项目（个）", Spec::Count("个", 2, 8)),
            ind("质量指标", "防止返贫监测对象帮扶覆盖率", Spec::Pct(100)),
            ind("经济效益指标", "村集体经济收入", Spec::Count("万元", 5, 30)),
            ind("社会效益指标", "规模性返贫", Spec::Qual("有效防止")),
        ],
    },
    ProjectTpl {
        name: "档案数字化项目",
        object: "档案利用者",
        goal: "完成历年业务档案的整理、扫描和数字化录入，实现档案信息化管理和快速查询。",
        done: "完成档案数字化{#20000-200000}页，档案查询时间由原来的半天缩短至数分钟。",
        indicators: &[
            ind(
                "数量指标",
                "档案数字化页数",
                Spec::Count("页", 20000, 200000),
            ),
            ind("质量指标", "数字化质量合格率", Spec::Pct(98)),
            ind("时效指标", "档案调阅时间", Spec::Within("分钟", 5, 30)),
            ind("可持续影响指标", "档案管理水平", Spec::Qual("持续提升")),
        ],
    },
];

const DOMAINS: &[Domain] = &[
    // 医疗保障
    Domain {
        bureau: "医疗保障局",
        center: "医疗保障事务中心",
        short: "医保局",
        object: "参保群众",
        subunits: &[
            "医疗保障事务中心",
            "医疗保险基金征缴中心",
            "医疗保障基金监测中心",
            "医保服务中心",
            "医疗救助服务站",
        ],
        divisions: &[
            "办公室",
            "待遇保障股",
            "基金监督股",
            "医药价格和招标采购股",
            "规划财务股",
            "医药服务管理股",
            "法规股",
        ],
        functions: &[
            "拟订全{级}医疗保险、生育保险、医疗救助等医疗保障制度的政策、规划和标准并组织实施。",
            "贯彻执行医疗保障基金监督管理办法，建立健全医疗保障基金安全防控机制，推进医疗保障基金支付方式改革。",
            "组织落实医疗保障筹资和待遇政策，完善动态调整机制，统筹城乡医疗保障待遇标准。",
            "组织实施全{级}长期护理保险制度改革，落实离休干部医疗保障待遇政策。",
            "落实城乡统一的药品、医用耗材、医疗服务项目、医疗服务设施等医保目录和支付标准。",
            "贯彻执行药品、医用耗材价格和医疗服务项目、医疗服务设施收费等政策。",
            "贯彻执行药品、医用耗材的集中采购政策并监督实施，指导药品、医用耗材招标采购平台的应用。",
            "执行定点医药机构协议和支付管理办法，监督管理纳入医保范围内的医疗服务行为和医疗费用，依法查处医疗保障领域违法违规行为。",
            "负责全{级}医疗保障经办管理、公共服务体系和信息化建设，组织落实异地就医管理和费用结算政策。",
            "贯彻执行城乡医疗救助和医保扶贫政策，做好巩固拓展医疗保障脱贫攻坚成果同乡村振兴有效衔接工作。",
        ],
        tasks: &[
            "城乡居民医疗保险参保征缴扩面；",
            "落实城乡居民和职工医保待遇政策；",
            "定点医药机构协议管理和考核；",
            "医保基金监督检查和打击欺诈骗保专项治理；",
            "医疗救助和医保巩固脱贫攻坚成果；",
            "药品、医用耗材集中带量采购落地执行；",
            "推进DRG/DIP支付方式改革；",
            "异地就医直接结算和医保经办服务“一网通办”；",
            "医保电子凭证推广应用；",
            "长期护理保险试点工作；",
        ],
        achievements: &[
            "全{级}基本医疗保险参保{#100000-900000}人，参保率稳定在{%95-99}以上。",
            "全年医保基金支出{#8000-60000}万元，基金运行平稳，收支平衡、略有结余。",
            "检查定点医药机构{#60-400}家次，追回违规基金{#50-900}万元，形成打击欺诈骗保高压态势。",
            "全年医疗救助{#5000-30000}人次，支出救助资金{#300-3000}万元，困难群众住院费用综合报销比例达到{%80-92}。",
            "落实国家组织药品和医用耗材集中带量采购，中选药品平均降价{%40-60}。",
            "医保电子凭证激活{#50000-500000}人，异地就医直接结算{#5000-50000}人次。",
        ],
        implementation: &[
            "广泛宣传发动，抓好城乡居民医保参保征缴扩面，确保应保尽保。",
            "加强定点医药机构监管，运用智能监控系统开展事前提醒、事中审核和事后监管。",
            "创新稽查方式，联合卫健、市场监管等部门开展专项检查，杜绝违规行为。",
            "扎实做好医疗救助，落实“一站式”结算，为困难群众服好务。",
        ],
        goals: &[
            (
                "城乡居民医保参保率达到95%以上",
                "全{级}参保率达{%95-99}，完成上级下达的参保任务",
            ),
            (
                "符合条件的困难群众医疗救助全覆盖",
                "全年完成医疗救助{#5000-20000}人次，救助资金及时足额发放",
            ),
            (
                "居民医保财政补助按标准足额到位",
                "各级财政补助按参保人数足额拨付到位",
            ),
            (
                "医保基金安全运行，不发生系统性风险",
                "全年基金收支平衡，未发生重大欺诈骗保案件",
            ),
            (
                "定点医药机构监督检查全覆盖",
                "对辖区定点医药机构实现检查全覆盖，查处违规机构{#10-60}家",
            ),
            (
                "提升医保经办服务水平",
                "医保服务事项全部实现“一窗通办”，群众办事更加便捷",
            ),
        ],
        targets: &[
            tgt("产出目标", "数量指标", "城乡居民医保参保率", Spec::Pct(95)),
            tgt(
                "产出目标",
                "数量指标",
                "医疗救助人次",
                Spec::Count("人次", 5000, 20000),
            ),
            tgt(
                "产出目标",
                "数量指标",
                "定点医药机构检查覆盖率",
                Spec::Pct(100),
            ),
            tgt(
                "产出目标",
                "质量指标",
                "医疗救助资金发放准确率",
                Spec::Pct(100),
            ),
            tgt(
                "产出目标",
                "时效指标",
                "医疗费用结算时限",
                Spec::Within("个工作日", 5, 20),
            ),
            tgt(
                "产出目标",
                "成本指标",
                "居民医保财政补助标准",
                Spec::Count("元/人", 550, 640),
            ),
            tgt(
                "效益目标",
                "社会效益",
                "困难群众住院费用负担",
                Spec::Qual("明显减轻"),
            ),
            tgt("效益目标", "社会效益", "异地就医直接结算率", Spec::Pct(90)),
            tgt(
                "效益目标",
                "可持续影响",
                "医保基金运行",
                Spec::Qual("安全平稳"),
            ),
        ],
        projects: &[
            ProjectTpl {
                name: "城乡医疗救助资金",
                object: "救助对象",
                goal: "对符合条件的特困人员、低保对象、返贫致贫人口等困难群众实施医疗救助，减轻其医疗费用负担。",
                done: "{年}年共救助{#5000-20000}人次，发放救助资金{#200-2000}万元，实现应救尽救。",
                indicators: &[
                    ind("数量指标", "医疗救助人次", Spec::Count("人次", 5000, 20000)),
                    ind(
                        "数量指标",
                        "资助困难群众参保人数（人）",
                        Spec::Count("人", 3000, 30000),
                    ),
                    ind("质量指标", "救助资金发放准确率", Spec::Pct(100)),
                    ind(
                        "时效指标",
                        "救助资金发放时限",
                        Spec::Within("个工作日", 5, 15),
                    ),
                    ind(
                        "社会效益指标",
                        "困难群众医疗费用负担",
                        Spec::Qual("明显减轻"),
                    ),
                    ind("社会效益指标", "住院费用综合报销比例", Spec::Pct(80)),
                ],
            },
            ProjectTpl {
                name: "城乡居民基本医疗保险财政补助",
                object: "参保居民",
                goal: "按标准足额落实城乡居民医保财政补助，保障参保居民享受基本医疗保险待遇。",
                done: "财政补助资金按参保人数足额拨付，全{级}城乡居民参保率达{%95-99}。",
                indicators: &[
                    ind(
                        "数量指标",
                        "城乡居民参保人数（人）",
                        Spec::Count("人", 80000, 700000),
                    ),
                    ind("数量指标", "参保率", Spec::Pct(95)),
                    ind("质量指标", "重复参保人数（人）", Spec::Zero("人")),
                    ind(
                        "成本指标",
                        "人均财政补助标准",
                        Spec::Count("元/人", 550, 640),
                    ),
                    ind("社会效益指标", "群众看病就医负担", Spec::Qual("有效减轻")),
                    ind("可持续影响指标", "医保基金运行", Spec::Qual("安全平稳")),
                ],
            },
            ProjectTpl {
                name: "医保基金监管专项经费",
                object: "参保群众",
                goal: "开展打击欺诈骗保专项治理和定点医药机构日常稽核，维护医保基金安全。",
                done: "全年检查定点医药机构{#60-400}家次，追回医保基金{#50-800}万元。",
                indicators: &[
                    ind(
                        "数量指标",
                        "定点医药机构检查家次",
                        Spec::Count("家次", 60, 400),
                    ),
                    ind("质量指标", "违规问题整改率", Spec::Pct(100)),
                    ind("时效指标", "举报线索处理时限", Spec::Within("天", 15, 60)),
                    ind("社会效益指标", "医保基金安全", Spec::Qual("有效维护")),
                ],
            },
            ProjectTpl {
                name: "离休干部医疗统筹金",
                object: "离休干部",
                goal: "按标准足额筹集离休干部医疗统筹金，保障离休干部医疗待遇。",
                done: "统筹金按{#5-8}万元/人·年标准足额拨付，离休干部医疗待遇全面落实。",
                indicators: &[
                    ind(
                        "数量指标",
                        "保障离休干部人数（人）",
                        Spec::Count("人", 10, 80),
                    ),
                    ind("质量指标", "医疗待遇落实率", Spec::Pct(100)),
                    ind("时效指标", "统筹金拨付时间", Spec::Date),
                    ind("社会效益指标", "离休干部医疗待遇", Spec::Qual("有效保障")),
                ],
            },
            ProjectTpl {
                name: "医保经办服务能力提升项目",
                object: "办事群众",
                goal: "推进医保经办服务标准化和信息化，打造“15分钟医保服务圈”。",
                done: "建成基层医保服务站点{#20-150}个，医保服务事项网上可办率达{%85-99}。",
                indicators: &[
                    ind(
                        "数量指标",
                        "基层医保服务站点（个）",
                        Spec::Count("个", 20, 150),
                    ),
                    ind("质量指标", "服务事项网上可办率", Spec::Pct(90)),
                    ind("时效指标", "业务办结时限", Spec::Within("个工作日", 1, 5)),
                    ind("社会效益指标", "群众办事便利度", Spec::Qual("明显提高")),
                ],
            },
        ],
        problems: &[
            "基金征缴扩面空间狭小，支付压力逐年加大。",
            "基金监管和经办服务能力压力大，定点医药机构点多面广，监管难以全面到位。",
        ],
        measures: &[
            "加大宣传力度，强化征缴扩面，保障基金收支平衡。",
            "优化完善智能监控系统，建立健全违规举报奖励制度，营造维护基金安全的良好氛围。",
        ],
    },
    // 民政
    Domain {
        bureau: "民政局",
        center: "社会救助服务中心",
        short: "民政局",
        object: "救助对象",
        subunits: &[
            "社会救助服务中心",
            "社会福利院",
            "殡仪馆",
            "婚姻登记处",
            "救助管理站",
            "光荣院",
        ],
        divisions: &[
            "办公室",
            "社会救助股",
            "养老服务股",
            "社会事务股",
            "基层政权和社区建设股",
            "规划财务股",
            "慈善事业促进和社会工作股",
        ],
        functions: &[
            "贯彻执行民政工作的法律法规和方针政策，拟订全{级}民政事业发展规划并组织实施。",
            "负责社会组织登记管理和执法监督工作。",
            "承担城乡最低生活保障、特困人员救助供养、临时救助等社会救助工作。",
            "指导城乡社区治理体系和治理能力建设，推动基层民主政治建设。",
            "负责行政区划、地名管理和行政区域界线勘定管理工作。",
            "统筹推进、督促指导、监督管理养老服务工作，组织实施老年人福利补贴制度。",
            "负责婚姻管理、殡葬管理和服务工作，推进殡葬改革。",
            "拟订儿童福利、孤弃儿童保障、农村留守儿童关爱保护政策并组织实施。",
            "负责残疾人权益保护相关工作，落实困难残疾人生活补贴和重度残疾人护理补贴制度。",
        ],
        tasks: &[
            "城乡低保和特困人员救助供养；",
            "临时救助和流浪乞讨人员救助管理；",
            "养老服务体系建设和特困供养机构改造提升；",
            "困难残疾人生活补贴和重度残疾人护理补贴发放；",
            "孤儿和事实无人抚养儿童保障；",
            "社会组织登记管理和年检；",
            "婚姻登记和殡葬改革；",
            "城乡社区治理和村（居）委会换届指导；",
            "慈善事业和社会工作发展；",
        ],
        achievements: &[
            "全年累计保障城乡低保对象{#3000-30000}人，发放低保金{#1000-12000}万元。",
            "集中和分散供养特困人员{#500-5000}人，供养标准按时足额落实。",
            "实施临时救助{#300-4000}人次，发放临时救助金{#50-600}万元。",
            "新增养老床位{#50-600}张，建成社区居家养老服务中心{#3-30}个。",
            "发放困难残疾人生活补贴和重度残疾人护理补贴{#3000-40000}人次。",
            "办理婚姻登记{#800-6000}对，登记合格率100%。",
        ],
        implementation: &[
            "严格落实低保对象“应保尽保、应退尽退”，开展低保专项治理和动态管理。",
            "推进养老服务体系建设，加强养老机构安全管理和服务质量监管。",
            "落实救助资金社会化发放，做到“一卡通”直达个人账户。",
            "推行社会救助“一门受理、协同办理”，提高救助时效。",
        ],
        goals: &[
            (
                "困难群众基本生活得到保障",
                "全年保障城乡低保对象{#3000-30000}人，低保金按月足额发放",
            ),
            (
                "特困人员应养尽养",
                "特困人员供养标准全面落实，供养机构服务水平提升",
            ),
            ("养老服务体系进一步完善", "新增社区养老服务设施{#3-30}个"),
            (
                "殡葬改革稳步推进",
                "火化率达到{%60-95}，公益性公墓建设有序推进",
            ),
            ("社会组织规范发展", "社会组织年检率达{%90-99}"),
        ],
        targets: &[
            tgt(
                "产出目标",
                "数量指标",
                "城乡低保保障人数",
                Spec::Count("人", 3000, 30000),
            ),
            tgt(
                "产出目标",
                "数量指标",
                "特困人员供养人数",
                Spec::Count("人", 500, 5000),
            ),
            tgt(
                "产出目标",
                "质量指标",
                "救助资金社会化发放率",
                Spec::Pct(100),
            ),
            tgt(
                "产出目标",
                "时效指标",
                "临时救助审批时限",
                Spec::Within("个工作日", 3, 10),
            ),
            tgt(
                "效益目标",
                "社会效益",
                "困难群众基本生活",
                Spec::Qual("有效保障"),
            ),
            tgt(
                "效益目标",
                "社会效益",
                "养老服务水平",
                Spec::Qual("明显提升"),
            ),
            tgt(
                "效益目标",
                "可持续影响",
                "社会救助体系",
                Spec::Qual("逐步健全"),
            ),
        ],
        projects: &[
            ProjectTpl {
                name: "城乡最低生活保障资金",
                object: "低保对象",
                goal: "按时足额发放城乡低保金，保障困难群众基本生活。",
                done: "全年累计保障{#3000-30000}人，低保金按月足额发放到户。",
                indicators: &[
                    ind(
                        "数量指标",
                        "城乡低保保障人数（人）",
                        Spec::Count("人", 3000, 30000),
                    ),
                    ind("质量指标", "低保资金社会化发放率", Spec::Pct(100)),
                    ind("时效指标", "低保金发放时限", Spec::Within("天", 5, 15)),
                    ind(
                        "成本指标",
                        "农村低保月人均补助水平",
                        Spec::Count("元/人", 250, 450),
                    ),
                    ind("社会效益指标", "困难群众基本生活", Spec::Qual("有效保障")),
                ],
            },
            ProjectTpl {
                name: "特困人员救助供养资金",
                object: "特困人员",
                goal: "落实特困人员基本生活标准和照料护理标准，做到应养尽养。",
                done: "集中供养和分散供养特困人员{#500-5000}人，供养资金足额发放。",
                indicators: &[
                    ind(
                        "数量指标",
                        "特困人员供养人数（人）",
                        Spec::Count("人", 500, 5000),
                    ),
                    ind("质量指标", "供养标准落实率", Spec::Pct(100)),
                    ind("时效指标", "供养资金发放及时率", Spec::Pct(100)),
                    ind("社会效益指标", "特困人员生活质量", Spec::Qual("明显改善")),
                ],
            },
            ProjectTpl {
                name: "居家和社区养老服务改革项目",
                object: "老年人",
                goal: "建设社区居家养老服务设施，为高龄、失能老年人提供助餐、助洁、助医等服务。",
                done: "建成居家养老服务中心{#3-30}个，服务老年人{#2000-30000}人次。",
                indicators: &[
                    ind(
                        "数量指标",
                        "居家养老服务中心建设数量（个）",
                        Spec::Count("个", 3, 30),
                    ),
                    ind("数量指标", "服务老年人次", Spec::Count("人次", 2000, 30000)),
                    ind("质量指标", "设施验收合格率", Spec::Pct(100)),
                    ind("社会效益指标", "老年人获得感", Spec::Qual("明显增强")),
                    ind("可持续影响指标", "养老服务体系", Spec::Qual("逐步完善")),
                ],
            },
            ProjectTpl {
                name: "困难残疾人生活补贴和重度残疾人护理补贴",
                object: "残疾人",
                goal: "按月发放两项补贴，保障残疾人基本生活和护理需求。",
                done: "全年发放两项补贴{#3000-40000}人次，补贴资金直达个人账户。",
                indicators: &[
                    ind("数量指标", "补贴发放人次", Spec::Count("人次", 3000, 40000)),
                    ind("质量指标", "补贴发放准确率", Spec::Pct(100)),
                    ind("时效指标", "补贴按月发放率", Spec::Pct(100)),
                    ind("社会效益指标", "残疾人生活质量", Spec::Qual("有效改善")),
                ],
            },
        ],
        problems: &[
            "基层民政经办力量薄弱，乡镇民政专干人少事多。",
            "社会救助对象动态管理不够及时，信息比对手段有限。",
        ],
        measures: &[
            "加强基层民政能力建设，通过政府购买服务充实经办力量。",
            "健全低收入人口动态监测机制，加强跨部门信息比对。",
        ],
    },
    // 人力资源和社会保障
    Domain {
        bureau: "人力资源和社会保障局",
        center: "就业服务中心",
        short: "人社局",
        object: "服务对象",
        subunits: &[
            "就业服务中心",
            "社会保险服务中心",
            "劳动保障监察大队",
            "劳动人事争议仲裁院",
            "人才交流中心",
            "职业技能鉴定所",
        ],
        divisions: &[
            "办公室",
            "就业促进和职业能力建设股",
            "社会保险股",
            "劳动关系股",
            "事业单位人事管理股",
            "规划财务股",
            "人才开发股",
        ],
        functions: &[
            "贯彻执行人力资源和社会保障法律法规，拟订全{级}人力资源和社会保障事业发展规划并组织实施。",
            "负责促进就业工作，统筹城乡就业发展，落实就业援助制度和创业扶持政策。",
            "统筹推进城乡社会保障体系建设，组织实施城乡社会养老保险、失业保险和工伤保险政策。",
            "负责职业能力建设，落实职业技能培训、技能人才评价和激励政策。",
            "负责事业单位人事制度改革和专业技术人员管理工作。",
            "组织实施劳动人事争议调解仲裁制度和劳动关系政策，完善劳动关系协调机制。",
            "组织实施劳动保障监察，依法查处劳动保障违法案件，维护劳动者合法权益。",
            "负责农民工工作综合协调，推进根治欠薪工作。",
        ],
        tasks: &[
            "城镇新增就业和失业人员再就业；",
            "高校毕业生等重点群体就业帮扶；",
            "职业技能提升行动和补贴性培训；",
            "城乡居民养老保险参保扩面；",
            "工伤保险和失业保险待遇落实；",
            "根治拖欠农民工工资专项行动；",
            "劳动人事争议调解仲裁；",
            "事业单位公开招聘和职称评审；",
            "人社服务快办行动；",
        ],
        achievements: &[
            "全年城镇新增就业{#1500-15000}人，城镇调查失业率控制在{%3-5}以内。",
            "开展补贴性职业技能培训{#1000-12000}人次，新增技能人才{#500-5000}人。",
            "城乡居民养老保险参保{#80000-500000}人，待遇按时足额发放。",
            "为{#500-5000}名农民工追讨工资{#500-6000}万元，劳动保障监察案件结案率100%。",
            "受理劳动人事争议案件{#60-800}件，调解仲裁结案率达{%90-99}。",
        ],
        implementation: &[
            "落实就业优先政策，发放创业担保贷款和就业补贴，支持重点群体就业创业。",
            "实施职业技能提升行动，推行“订单式”培训，提升培训实效。",
            "开展根治欠薪冬季专项行动，落实工资保证金和农民工工资专用账户制度。",
            "推进社保经办数字化转型，实现高频事项“网上办、掌上办”。",
        ],
        goals: &[
            (
                "城镇新增就业完成上级下达任务",
                "全年城镇新增就业{#1500-15000}人，完成年度目标",
            ),
            (
                "职业技能培训提质扩面",
                "开展补贴性职业技能培训{#1000-12000}人次",
            ),
            (
                "社会保险待遇按时足额发放",
                "各项社会保险待遇按时足额发放率100%",
            ),
            ("劳动关系和谐稳定", "未发生因欠薪引发的重大群体性事件"),
        ],
        targets: &[
            tgt(
                "产出目标",
                "数量指标",
                "城镇新增就业人数",
                Spec::Count("人", 1500, 15000),
            ),
            tgt(
                "产出目标",
                "数量指标",
                "补贴性职业技能培训人次",
                Spec::Count("人次", 1000, 12000),
            ),
            tgt("产出目标", "质量指标", "培训合格率", Spec::Pct(90)),
            tgt(
                "产出目标",
                "时效指标",
                "劳动人事争议案件审结时限",
                Spec::Within("天", 30, 60),
            ),
            tgt(
                "效益目标",
                "社会效益",
                "城镇调查失业率",
                Spec::Qual("有效控制"),
            ),
            tgt("效益目标", "社会效益", "劳动关系", Spec::Qual("和谐稳定")),
        ],
        projects: &[
            ProjectTpl {
                name: "就业补助资金",
                object: "就业困难人员",
                goal: "落实职业培训补贴、社会保险补贴、公益性岗位补贴等就业扶持政策，促进重点群体就业。",
                done: "全年发放各类就业补贴{#300-3000}万元，帮助就业困难人员实现就业{#200-2000}人。",
                indicators: &[
                    ind(
                        "数量指标",
                        "城镇新增就业人数（人）",
                        Spec::Count("人", 1500, 15000),
                    ),
                    ind(
                        "数量指标",
                        "就业困难人员实现就业人数（人）",
                        Spec::Count("人", 200, 2000),
                    ),
                    ind("质量指标", "补贴资金发放准确率", Spec::Pct(100)),
                    ind(
                        "时效指标",
                        "补贴审核发放时限",
                        Spec::Within("个工作日", 10, 30),
                    ),
                    ind("社会效益指标", "重点群体就业", Spec::Qual("保持稳定")),
                ],
            },
            ProjectTpl {
                name: "职业技能提升行动专项资金",
                object: "参训学员",
                goal: "面向农民工、失业人员、高校毕业生开展补贴性职业技能培训，提升劳动者技能水平。",
                done: "全年培训{#1000-12000}人次，取得职业技能等级证书{#500-6000}人。",
                indicators: &[
                    ind(
                        "数量指标",
                        "补贴性培训人次",
                        Spec::Count("人次", 1000, 12000),
                    ),
                    ind("质量指标", "培训合格率", Spec::Pct(90)),
                    ind(
                        "成本指标",
                        "人均培训补贴标准",
                        Spec::PerUnit("元/人", 600, 1800),
                    ),
                    ind("社会效益指标", "培训后就业率", Spec::Pct(60)),
                ],
            },
            ProjectTpl {
                name: "城乡居民基本养老保险政府补贴",
                object: "参保居民",
                goal: "落实城乡居民养老保险缴费补贴和基础养老金，保障参保居民老有所养。",
                done: "参保{#80000-500000}人，基础养老金按月足额发放。",
                indicators: &[
                    ind(
                        "数量指标",
                        "参保人数（人）",
                        Spec::Count("人", 80000, 500000),
                    ),
                    ind("质量指标", "养老金足额发放率", Spec::Pct(100)),
                    ind("时效指标", "养老金按月发放率", Spec::Pct(100)),
                    ind(
                        "社会效益指标",
                        "城乡居民老年生活保障",
                        Spec::Qual("有效改善"),
                    ),
                ],
            },
        ],
        problems: &[
            "就业结构性矛盾依然突出，企业招工难与劳动者就业难并存。",
            "职业技能培训与市场需求衔接不够紧密。",
        ],
        measures: &[
            "加强就业供需对接，常态化举办线上线下招聘活动。",
            "围绕主导产业开展订单式、定向式培训，提高培训就业率。",
        ],
    },
    // 农业农村
    Domain {
        bureau: "农业农村局",
        center: "农业技术推广中心",
        short: "农业农村局",
        object: "农户",
        subunits: &[
            "农业技术推广中心",
            "农业综合执法大队",
            "畜牧水产事务中心",
            "农村经营服务站",
            "农产品质量安全检测站",
            "农机事务中心",
        ],
        divisions: &[
            "办公室",
            "计划财务股",
            "乡村产业发展股",
            "种植业管理股",
            "畜牧兽医股",
            "农田建设管理股",
            "农村社会事业促进股",
        ],
        functions: &[
            "统筹研究和组织实施“三农”工作的发展战略、中长期规划和重大政策。",
            "统筹推动发展农村社会事业、农村公共服务、农村文化、农村基础设施和乡村治理。",
            "指导乡村特色产业、农产品加工业、休闲农业发展工作，提出促进大宗农产品流通的建议。",
            "负责种植业、畜牧业、渔业、农垦、农业机械化等农业各产业的监督管理。",
            "负责农产品质量安全监督管理，组织开展农产品质量安全监测、追溯和风险评估。",
            "组织农业资源区划工作，指导农用地、渔业水域以及农业生物物种资源的保护与管理。",
            "负责农田建设项目管理，组织实施高标准农田建设。",
            "负责农业防灾减灾、农作物重大病虫害防治工作。",
            "组织开展农业科技体制改革和农业技术推广工作。",
        ],
        tasks: &[
            "粮食生产和重要农产品稳产保供；",
            "高标准农田建设；",
            "非洲猪瘟等重大动物疫病防控；",
            "农作物重大病虫害统防统治；",
            "农产品质量安全监管；",
            "农村人居环境整治；",
            "新型农业经营主体培育；",
            "巩固拓展脱贫攻坚成果同乡村振兴有效衔接；",
            "农村集体产权制度改革；",
            "耕地地力保护补贴发放；",
        ],
        achievements: &[
            "全年粮食播种面积{#200000-900000}亩，总产量{#80000-400000}吨，实现稳产增产。",
            "新建高标准农田{#10000-80000}亩，项目验收合格率100%。",
            "农产品质量安全例行监测合格率达{%97-99}，未发生重大农产品质量安全事件。",
            "新增市级以上农业产业化龙头企业{#2-12}家，培育家庭农场和农民合作社{#20-200}家。",
            "发放耕地地力保护补贴{#1000-8000}万元，惠及农户{#20000-150000}户。",
        ],
        implementation: &[
            "压实粮食安全责任，落实耕地保护和粮食生产各项扶持政策。",
            "严格高标准农田建设项目管理，实行项目法人制、招投标制、工程监理制和合同管理制。",
            "加强动物疫病防控，落实强制免疫和“先打后补”政策。",
            "补贴资金通过“一卡通”直接发放到户，做到公开、公平、公正。",
        ],
        goals: &[
            (
                "粮食播种面积和产量稳定在上级下达目标以上",
                "粮食播种面积和总产量均完成上级任务",
            ),
            (
                "新建高标准农田任务全面完成",
                "新建高标准农田{#10000-80000}亩，通过验收",
            ),
            ("农产品质量安全水平稳步提升", "例行监测合格率达{%97-99}"),
            (
                "重大动物疫病不发生区域性流行",
                "全年未发生区域性重大动物疫情",
            ),
            ("农民收入持续增长", "农村居民人均可支配收入增长{%5-9}"),
        ],
        targets: &[
            tgt(
                "产出目标",
                "数量指标",
                "新建高标准农田面积",
                Spec::Count("亩", 10000, 80000),
            ),
            tgt(
                "产出目标",
                "数量指标",
                "粮食播种面积",
                Spec::Count("亩", 200000, 900000),
            ),
            tgt(
                "产出目标",
                "质量指标",
                "农产品质量安全监测合格率",
                Spec::Pct(97),
            ),
            tgt(
                "产出目标",
                "质量指标",
                "强制免疫病种应免畜禽免疫密度",
                Spec::Pct(90),
            ),
            tgt(
                "效益目标",
                "经济效益",
                "农村居民人均可支配收入增幅",
                Spec::Pct(5),
            ),
            tgt(
                "效益目标",
                "生态效益",
                "化肥农药使用量",
                Spec::Qual("持续减少"),
            ),
            tgt(
                "效益目标",
                "社会效益",
                "农业综合生产能力",
                Spec::Qual("稳步提升"),
            ),
        ],
        projects: &[
            ProjectTpl {
                name: "高标准农田建设项目",
                object: "项目区农户",
                goal: "完成年度高标准农田建设任务，改善农田基础设施条件，提高粮食综合生产能力。",
                done: "新建高标准农田{#10000-80000}亩，新建和整修渠道{#20-150}公里，已通过县级验收。",
                indicators: &[
                    ind(
                        "数量指标",
                        "新建高标准农田面积",
                        Spec::Count("亩", 10000, 80000),
                    ),
                    ind(
                        "数量指标",
                        "新建及整修渠道长度",
                        Spec::Count("公里", 20, 150),
                    ),
                    ind("质量指标", "工程验收合格率", Spec::Pct(100)),
                    ind("时效指标", "项目完工时间", Spec::Date),
                    ind(
                        "成本指标",
                        "亩均投资标准",
                        Spec::PerUnit("元/亩", 1500, 3000),
                    ),
                    ind("经济效益指标", "项目区亩均粮食产能", Spec::Qual("明显提高")),
                    ind(
                        "可持续影响指标",
                        "工程设施使用年限",
                        Spec::Count("年", 10, 20),
                    ),
                ],
            },
            ProjectTpl {
                name: "耕地地力保护补贴",
                object: "种粮农户",
                goal: "按核定面积和标准及时足额发放耕地地力保护补贴，保护耕地地力，调动农民种粮积极性。",
                done: "补贴面积{#100000-600000}亩，补贴资金通过“一卡通”足额发放到户。",
                indicators: &[
                    ind("数量指标", "补贴面积", Spec::Count("亩", 100000, 600000)),
                    ind("数量指标", "惠及农户", Spec::Count("户", 20000, 150000)),
                    ind("质量指标", "补贴发放准确率", Spec::Pct(100)),
                    ind("时效指标", "补贴资金发放时间", Spec::Date),
                    ind("社会效益指标", "农民种粮积极性", Spec::Qual("有效提高")),
                ],
            },
            ProjectTpl {
                name: "动物防疫补助经费",
                object: "养殖场户",
                goal: "落实重大动物疫病强制免疫，开展疫情监测和无害化处理，防止重大动物疫病发生和流行。",
                done: "完成强制免疫畜禽{#100000-2000000}头（羽），全年未发生区域性重大动物疫情。",
                indicators: &[
                    ind(
                        "数量指标",
                        "强制免疫畜禽数量",
                        Spec::Count("头", 100000, 2000000),
                    ),
                    ind("质量指标", "免疫抗体合格率", Spec::Pct(70)),
                    ind("质量指标", "病死畜禽无害化处理率", Spec::Pct(100)),
                    ind("社会效益指标", "重大动物疫情发生次数", Spec::Zero("次")),
                    ind("生态效益指标", "养殖环境", Spec::Qual("有效改善")),
                ],
            },
            ProjectTpl {
                name: "农作物病虫害统防统治项目",
                object: "种植户",
                goal: "对水稻等主要农作物开展病虫害统防统治和绿色防控，减少农药使用量。",
                done: "完成统防统治面积{#50000-300000}亩次，病虫危害损失率控制在{%3-5}以内。",
                indicators: &[
                    ind(
                        "数量指标",
                        "统防统治面积",
                        Spec::Count("亩次", 50000, 300000),
                    ),
                    ind("质量指标", "防治效果", Spec::Pct(85)),
                    ind("生态效益指标", "化学农药使用量", Spec::Qual("持续减少")),
                    ind(
                        "经济效益指标",
                        "挽回粮食损失",
                        Spec::Count("吨", 1000, 20000),
                    ),
                ],
            },
        ],
        problems: &[
            "农业基础设施历史欠账较多，抗灾能力仍然较弱。",
            "部分涉农项目点多面广，监管力量不足。",
        ],
        measures: &[
            "统筹整合涉农资金，集中投向农业基础设施建设。",
            "建立涉农项目全过程监管机制，引入第三方监理。",
        ],
    },
    // 水利
    Domain {
        bureau: "水利局",
        center: "水利工程管理中心",
        short: "水利局",
        object: "受益群众",
        subunits: &[
            "水利工程管理中心",
            "水旱灾害防御事务中心",
            "水土保持站",
            "河道管理所",
            "农村饮水安全服务中心",
            "水政监察大队",
        ],
        divisions: &[
            "办公室",
            "规划计划股",
            "水资源管理股",
            "建设与运行管理股",
            "河湖管理股",
            "农村水利水电股",
            "财务审计股",
        ],
        functions: &[
            "负责保障水资源的合理开发利用，拟订全{级}水利发展规划和政策并组织实施。",
            "负责生活、生产经营和生态环境用水的统筹和保障，组织实施最严格水资源管理制度。",
            "负责水利设施、水域及其岸线的管理、保护与综合利用，组织实施河湖长制工作。",
            "指导水利工程建设与运行管理，组织实施具有控制性的和跨区域的重要水利工程建设。",
            "负责水土保持工作，组织实施水土流失综合防治。",
            "指导农村水利工作，组织开展农村饮水安全工程建设与管理。",
            "负责水旱灾害防御的组织、协调、监督、指导等工作，承担防御洪水应急抢险的技术支撑。",
            "负责水政监察和水行政执法工作，查处水事违法行为。",
        ],
        tasks: &[
            "防汛抗旱和水旱灾害防御；",
            "小型水库除险加固和安全运行管理；",
            "农村供水保障工程建设；",
            "河湖长制和河湖“清四乱”常态化；",
            "中小河流治理和山洪灾害防治；",
            "水土流失综合治理；",
            "最严格水资源管理和节水型社会建设；",
            "水利工程标准化管理；",
        ],
        achievements: &[
            "完成小型水库除险加固{#3-30}座，安全度汛率100%。",
            "新建和改造农村供水工程{#5-60}处，巩固提升{#5000-80000}人饮水安全。",
            "治理水土流失面积{#5-60}平方公里，综合治理河道{#5-50}公里。",
            "全年清理河湖“四乱”问题{#20-200}处，河湖面貌明显改善。",
            "成功应对{#2-8}轮强降雨过程，实现了不死人、不垮坝、重要堤防不决口的目标。",
        ],
        implementation: &[
            "严格执行水利工程建设“四制”，加强项目质量和安全监管。",
            "落实水库安全度汛“三个责任人”和“三个重点环节”。",
            "建立农村供水工程长效运行管护机制，落实管护主体和经费。",
        ],
        goals: &[
            (
                "水旱灾害防御取得全面胜利",
                "全年未发生因洪涝灾害导致的人员死亡",
            ),
            (
                "小型水库除险加固任务全面完成",
                "完成除险加固{#3-30}座，已通过竣工验收",
            ),
            ("农村供水保障水平进一步提升", "农村自来水普及率达{%85-97}"),
            ("河湖环境持续改善", "河湖“四乱”问题整改销号率100%"),
        ],
        targets: &[
            tgt(
                "产出目标",
                "数量指标",
                "小型水库除险加固数量",
                Spec::Count("座", 3, 30),
            ),
            tgt("产出目标", "数量指标", "农村自来水普及率", Spec::Pct(85)),
            tgt("产出目标", "质量指标", "工程质量合格率", Spec::Pct(100)),
            tgt(
                "效益目标",
                "社会效益",
                "受益人口",
                Spec::Count("人", 5000, 80000),
            ),
            tgt(
                "效益目标",
                "生态效益",
                "河湖生态环境",
                Spec::Qual("持续改善"),
            ),
        ],
        projects: &[
            ProjectTpl {
                name: "小型水库除险加固项目",
                object: "下游群众",
                goal: "对病险小型水库实施除险加固，消除安全隐患，恢复和提高水库防洪灌溉效益。",
                done: "完成{#3-30}座小型水库除险加固，工程已全部完工并通过蓄水验收。",
                indicators: &[
                    ind(
                        "数量指标",
                        "除险加固水库数量（座）",
                        Spec::Count("座", 3, 30),
                    ),
                    ind("质量指标", "工程质量合格率", Spec::Pct(100)),
                    ind("时效指标", "汛前主体工程完工率", Spec::Pct(90)),
                    ind(
                        "社会效益指标",
                        "保护下游人口（人）",
                        Spec::Count("人", 5000, 80000),
                    ),
                    ind("可持续影响指标", "水库安全运行", Spec::Qual("长期有效")),
                ],
            },
            ProjectTpl {
                name: "农村供水保障工程",
                object: "受益群众",
                goal: "新建和改造农村供水工程，提升农村供水保障水平和水质达标率。",
                done: "建成供水工程{#5-60}处，铺设管网{#20-300}公里，受益人口{#5000-80000}人。",
                indicators: &[
                    ind("数量指标", "铺设供水管网长度", Spec::Count("公里", 20, 300)),
                    ind("数量指标", "受益人口（人）", Spec::Count("人", 5000, 80000)),
                    ind("质量指标", "水质达标率", Spec::Pct(95)),
                    ind("时效指标", "工程建设周期", Spec::Range("个月", 6, 9)),
                    ind("社会效益指标", "群众饮水条件", Spec::Qual("明显改善")),
                ],
            },
            ProjectTpl {
                name: "防汛抗旱专项经费",
                object: "群众",
                goal: "做好防汛物资储备、山洪灾害预警和抢险救灾工作，保障人民群众生命财产安全。",
                done: "储备防汛物资价值{#50-500}万元，及时发布预警信息{#20-200}次。",
                indicators: &[
                    ind("数量指标", "发布预警信息次数", Spec::Count("次", 20, 200)),
                    ind("质量指标", "防汛物资储备达标率", Spec::Pct(100)),
                    ind("时效指标", "险情处置响应时间", Spec::Within("小时", 1, 4)),
                    ind("社会效益指标", "因灾死亡人数（人）", Spec::Zero("人")),
                ],
            },
        ],
        problems: &[
            "部分水利工程建设资金到位较晚，影响工程进度。",
            "小型水利工程管护经费不足，长效管护机制有待完善。",
        ],
        measures: &[
            "积极争取上级资金，加快项目前期工作，确保工程按期完工。",
            "落实小型水利工程管护主体和经费，推进标准化管理。",
        ],
    },
    // 卫生健康
    Domain {
        bureau: "卫生健康局",
        center: "疾病预防控制中心",
        short: "卫健局",
        object: "城乡居民",
        subunits: &[
            "疾病预防控制中心",
            "妇幼保健计划生育服务中心",
            "卫生健康综合监督执法局",
            "人民医院",
            "中医医院",
            "乡镇卫生院",
        ],
        divisions: &[
            "办公室",
            "规划财务股",
            "医政医管股",
            "基层卫生股",
            "疾病预防控制股",
            "人口监测与家庭发展股",
            "老龄健康股",
        ],
        functions: &[
            "贯彻执行国民健康政策和卫生健康法律法规，拟订全{级}卫生健康事业发展规划并组织实施。",
            "协调推进深化医药卫生体制改革，推动公立医院综合改革。",
            "负责疾病预防控制工作，组织实施免疫规划，落实重大疾病防治措施。",
            "组织开展爱国卫生运动和健康促进工作。",
            "组织实施基本公共卫生服务项目，指导基层医疗卫生服务体系建设。",
            "负责医疗机构、医疗服务行业管理和医疗质量安全监督。",
            "负责计划生育管理和服务工作，落实积极生育支持政策。",
            "组织实施应对人口老龄化政策措施，推进医养结合。",
            "负责职责范围内的职业卫生、放射卫生、环境卫生、学校卫生和公共场所卫生监督管理。",
        ],
        tasks: &[
            "基本公共卫生服务项目实施；",
            "免疫规划和重大传染病防控；",
            "家庭医生签约服务；",
            "县域医共体建设；",
            "妇幼健康和出生缺陷防治；",
            "爱国卫生运动和国家卫生城市巩固；",
            "卫生健康综合监督执法；",
            "计划生育家庭奖励扶助；",
            "医养结合和老龄健康服务；",
        ],
        achievements: &[
            "居民电子健康档案建档率达{%85-95}，65岁以上老年人健康管理率达{%65-80}。",
            "适龄儿童国家免疫规划疫苗接种率保持在{%95-99}以上。",
            "家庭医生签约服务{#50000-400000}人，重点人群签约率达{%70-90}。",
            "孕产妇死亡率、婴儿死亡率均控制在省定目标以内。",
            "发放计划生育家庭奖励扶助金{#200-3000}万元，惠及{#2000-30000}人。",
        ],
        implementation: &[
            "基本公共卫生服务项目资金按绩效考核结果拨付，实行“先预拨、后结算”。",
            "建立健全疾病防控和应急处置工作机制，提高突发公共卫生事件处置能力。",
            "加强医疗质量控制和行风建设，开展医疗乱象专项整治。",
        ],
        goals: &[
            (
                "基本公共卫生服务项目全面实施",
                "各项基本公共卫生服务指标均达到省定标准",
            ),
            ("重大传染病得到有效控制", "全年未发生重大传染病暴发流行"),
            ("妇幼健康水平稳步提高", "孕产妇和婴儿死亡率控制在目标以内"),
            ("基层医疗服务能力进一步提升", "县域内就诊率达{%85-92}"),
        ],
        targets: &[
            tgt(
                "产出目标",
                "数量指标",
                "居民电子健康档案建档率",
                Spec::Pct(85),
            ),
            tgt(
                "产出目标",
                "数量指标",
                "适龄儿童免疫规划疫苗接种率",
                Spec::Pct(90),
            ),
            tgt(
                "产出目标",
                "质量指标",
                "高血压患者规范管理率",
                Spec::Pct(60),
            ),
            tgt("产出目标", "时效指标", "传染病报告及时率", Spec::Pct(95)),
            tgt(
                "效益目标",
                "社会效益",
                "居民健康素养水平",
                Spec::Qual("持续提高"),
            ),
            tgt("效益目标", "社会效益", "孕产妇死亡人数", Spec::Zero("人")),
        ],
        projects: &[
            ProjectTpl {
                name: "基本公共卫生服务补助资金",
                object: "城乡居民",
                goal: "为城乡居民免费提供健康档案管理、预防接种、慢病管理等基本公共卫生服务。",
                done: "各项服务全面开展，居民健康档案建档率达{%85-95}。",
                indicators: &[
                    ind("数量指标", "居民电子健康档案建档率", Spec::Pct(85)),
                    ind(
                        "数量指标",
                        "65岁及以上老年人健康管理人数（人）",
                        Spec::Count("人", 5000, 60000),
                    ),
                    ind("质量指标", "高血压患者规范管理率", Spec::Pct(60)),
                    ind("质量指标", "2型糖尿病患者规范管理率", Spec::Pct(60)),
                    ind(
                        "成本指标",
                        "人均基本公共卫生服务经费补助标准",
                        Spec::Count("元/人", 79, 94),
                    ),
                    ind(
                        "社会效益指标",
                        "城乡居民公共卫生差距",
                        Spec::Qual("不断缩小"),
                    ),
                ],
            },
            ProjectTpl {
                name: "重大传染病防控经费",
                object: "城乡居民",
                goal: "落实艾滋病、结核病等重大传染病防控措施，做好疫情监测和应急处置。",
                done: "传染病网络直报率100%，全年未发生重大传染病暴发流行。",
                indicators: &[
                    ind(
                        "数量指标",
                        "重点人群筛查人次",
                        Spec::Count("人次", 2000, 30000),
                    ),
                    ind("质量指标", "传染病报告及时率", Spec::Pct(95)),
                    ind("时效指标", "疫情处置响应时间", Spec::Within("小时", 2, 24)),
                    ind("社会效益指标", "重大传染病疫情", Spec::Qual("有效控制")),
                ],
            },
            ProjectTpl {
                name: "计划生育家庭奖励扶助资金",
                object: "扶助对象",
                goal: "按标准足额发放农村部分计划生育家庭奖励扶助金和特别扶助金。",
                done: "全年发放扶助金{#200-3000}万元，扶助对象{#2000-30000}人。",
                indicators: &[
                    ind(
                        "数量指标",
                        "扶助对象人数（人）",
                        Spec::Count("人", 2000, 30000),
                    ),
                    ind("质量指标", "扶助资金发放准确率", Spec::Pct(100)),
                    ind("时效指标", "资金发放时间", Spec::Date),
                    ind("社会效益指标", "计划生育家庭生活", Spec::Qual("有效改善")),
                ],
            },
        ],
        problems: &[
            "基层卫生人才短缺，乡村医生老龄化问题突出。",
            "公共卫生服务项目考核以数量为主，服务质量有待提升。",
        ],
        measures: &[
            "实施基层卫生人才定向培养，落实乡村医生待遇。",
            "完善基本公共卫生服务绩效考核，突出服务质量和群众获得感。",
        ],
    },
    // 自然资源
    Domain {
        bureau: "自然资源局",
        center: "不动产登记中心",
        short: "自然资源局",
        object: "办事群众",
        subunits: &[
            "不动产登记中心",
            "自然资源执法大队",
            "国土空间规划服务中心",
            "测绘地理信息中心",
            "土地储备中心",
            "自然资源所",
        ],
        divisions: &[
            "办公室",
            "国土空间规划股",
            "耕地保护股",
            "自然资源开发利用股",
            "地质矿产股",
            "财务股",
            "调查监测股",
        ],
        functions: &[
            "履行全民所有土地、矿产、森林、草原、湿地、水等自然资源资产所有者职责和所有国土空间用途管制职责。",
            "负责自然资源调查监测评价，组织实施自然资源调查和统计。",
            "负责自然资源统一确权登记工作，组织实施不动产登记。",
            "负责国土空间规划编制和实施监督，建立国土空间规划体系。",
            "负责统筹国土空间生态修复，组织实施土地综合整治。",
            "组织实施最严格的耕地保护制度，落实耕地占补平衡。",
            "负责管理地质勘查行业和地质灾害防治工作。",
            "负责测绘地理信息管理和基础测绘工作。",
        ],
        tasks: &[
            "国土空间总体规划编制；",
            "耕地保护和违法占用耕地整治；",
            "不动产登记便民服务；",
            "地质灾害防治；",
            "土地综合整治和生态修复；",
            "自然资源执法监察；",
            "年度国土变更调查；",
        ],
        achievements: &[
            "完成不动产登记{#8000-60000}件，一般登记业务办理时限压缩至{#1-5}个工作日。",
            "完成耕地恢复和补充耕地{#500-5000}亩，耕地保有量和永久基本农田保护任务全面完成。",
            "排查地质灾害隐患点{#30-300}处，成功避让地质灾害{#1-6}起。",
            "完成土地综合整治和生态修复面积{#1000-10000}亩。",
        ],
        implementation: &[
            "推行不动产登记“一窗受理、并行办理”，实现“交房即交证”。",
            "落实田长制，开展耕地保护动态监测和违法用地整治。",
            "加强地质灾害群测群防体系建设，落实监测员补助。",
        ],
        goals: &[
            (
                "耕地保护目标任务全面完成",
                "耕地保有量和永久基本农田保护面积均不低于上级下达任务",
            ),
            ("不动产登记服务提速增效", "一般登记业务{#1-5}个工作日内办结"),
            (
                "地质灾害防治工作有效开展",
                "全年未发生因地质灾害造成人员伤亡",
            ),
        ],
        targets: &[
            tgt(
                "产出目标",
                "数量指标",
                "不动产登记办件量",
                Spec::Count("件", 8000, 60000),
            ),
            tgt(
                "产出目标",
                "时效指标",
                "一般登记办理时限",
                Spec::Within("个工作日", 3, 5),
            ),
            tgt("产出目标", "质量指标", "违法用地整改率", Spec::Pct(95)),
            tgt("效益目标", "社会效益", "地质灾害死亡人数", Spec::Zero("人")),
            tgt(
                "效益目标",
                "生态效益",
                "国土空间生态",
                Spec::Qual("持续改善"),
            ),
        ],
        projects: &[
            ProjectTpl {
                name: "地质灾害防治专项资金",
                object: "受威胁群众",
                goal: "开展地质灾害隐患排查、监测预警和工程治理，保障人民群众生命财产安全。",
                done: "排查隐患点{#30-300}处，完成工程治理{#2-12}处。",
                indicators: &[
                    ind(
                        "数量指标",
                        "隐患点排查数量（处）",
                        Spec::Count("处", 30, 300),
                    ),
                    ind("数量指标", "工程治理项目（个）", Spec::Count("个", 2, 12)),
                    ind("质量指标", "治理工程验收合格率", Spec::Pct(100)),
                    ind("社会效益指标", "因灾死亡人数（人）", Spec::Zero("人")),
                ],
            },
            ProjectTpl {
                name: "耕地保护和土地整治项目",
                object: "项目区群众",
                goal: "实施土地整治和耕地恢复，补充耕地数量、提升耕地质量。",
                done: "新增耕地{#500-5000}亩，项目通过省级验收。",
                indicators: &[
                    ind("数量指标", "新增耕地面积", Spec::Count("亩", 500, 5000)),
                    ind("质量指标", "新增耕地质量等别", Spec::Qual("稳步提升")),
                    ind("时效指标", "项目竣工时间", Spec::Date),
                    ind("生态效益指标", "耕地生态环境", Spec::Qual("有效改善")),
                ],
            },
            ProjectTpl {
                name: "不动产登记信息化建设",
                object: "办事群众",
                goal: "升级不动产登记信息平台，推进“互联网+不动产登记”。",
                done: "平台升级完成，网上申请率达{%40-80}。",
                indicators: &[
                    ind(
                        "数量指标",
                        "不动产登记办件量（件）",
                        Spec::Count("件", 8000, 60000),
                    ),
                    ind(
                        "时效指标",
                        "一般登记办理时限",
                        Spec::Within("个工作日", 3, 5),
                    ),
                    ind("社会效益指标", "群众办事便利度", Spec::Qual("明显提升")),
                ],
            },
        ],
        problems: &[
            "历史遗留不动产登记问题较多，化解难度大。",
            "耕地保护压力大，违法用地整治任务重。",
        ],
        measures: &[
            "分类施策化解不动产登记历史遗留问题。",
            "严格落实田长制，强化耕地保护执法监督。",
        ],
    },
    // 市场监督管理
    Domain {
        bureau: "市场监督管理局",
        center: "检验检测中心",
        short: "市场监管局",
        object: "市场主体",
        subunits: &[
            "检验检测中心",
            "市场监管综合行政执法大队",
            "消费者权益保护中心",
            "个体私营经济服务中心",
            "市场监管所",
        ],
        divisions: &[
            "办公室",
            "登记注册股",
            "信用监管股",
            "食品安全协调股",
            "特种设备安全监察股",
            "质量发展股",
            "计划财务股",
        ],
        functions: &[
            "负责市场综合监督管理，组织实施质量强{级}战略、食品安全战略和标准化战略。",
            "负责市场主体统一登记注册，建立市场主体信息公示和共享机制。",
            "负责组织和指导市场监管综合执法工作，规范市场秩序。",
            "负责反垄断和反不正当竞争统一执法，监督管理网络交易行为。",
            "负责宏观质量管理，组织实施产品质量安全监督抽查。",
            "负责特种设备安全监督管理，组织开展特种设备安全检查。",
            "负责食品安全监督管理综合协调，组织开展食品安全监督抽检。",
            "负责药品、医疗器械和化妆品经营、使用环节的质量监督管理。",
            "负责统一管理计量工作和标准化工作，组织实施知识产权保护。",
        ],
        tasks: &[
            "商事制度改革和优化营商环境；",
            "食品安全监督抽检；",
            "特种设备安全隐患排查；",
            "药品经营使用环节监管；",
            "价格监督检查和反不正当竞争执法；",
            "消费维权和12315投诉举报处理；",
            "产品质量监督抽查；",
            "知识产权保护和质量品牌建设；",
        ],
        achievements: &[
            "全{级}市场主体总数达{#20000-120000}户，全年新增{#3000-20000}户。",
            "完成食品安全监督抽检{#800-5000}批次，抽检合格率{%97-99}。",
            "检查特种设备使用单位{#100-900}家次，整改隐患{#50-500}处。",
            "受理消费者投诉举报{#800-8000}件，为消费者挽回经济损失{#30-500}万元。",
            "立案查处各类违法案件{#50-600}件，罚没款{#50-900}万元。",
        ],
        implementation: &[
            "全面推行“双随机、一公开”监管，提高监管效能。",
            "落实食品安全“两个责任”，实现包保督导全覆盖。",
            "开展特种设备安全隐患排查整治专项行动。",
        ],
        goals: &[
            ("食品安全形势持续稳定向好", "全年未发生重大食品安全事故"),
            ("市场主体数量稳步增长", "全年新增市场主体{#3000-20000}户"),
            ("特种设备安全运行", "特种设备定期检验率达{%95-99}"),
            ("消费环境持续改善", "投诉举报按时办结率100%"),
        ],
        targets: &[
            tgt(
                "产出目标",
                "数量指标",
                "食品安全监督抽检批次",
                Spec::Count("批次", 800, 5000),
            ),
            tgt("产出目标", "质量指标", "食品抽检合格率", Spec::Pct(97)),
            tgt(
                "产出目标",
                "时效指标",
                "投诉举报处理时限",
                Spec::Within("个工作日", 7, 15),
            ),
            tgt("效益目标", "社会效益", "重大食品安全事故", Spec::Zero("起")),
            tgt("效益目标", "社会效益", "营商环境", Spec::Qual("持续优化")),
        ],
        projects: &[
            ProjectTpl {
                name: "食品安全监督抽检经费",
                object: "消费者",
                goal: "按计划完成食品安全监督抽检任务，及时发现和处置食品安全风险。",
                done: "完成抽检{#800-5000}批次，不合格食品核查处置率100%。",
                indicators: &[
                    ind("数量指标", "食品抽检批次", Spec::Count("批次", 800, 5000)),
                    ind("数量指标", "每千人食品抽检量", Spec::Count("批次", 4, 6)),
                    ind("质量指标", "不合格食品核查处置率", Spec::Pct(100)),
                    ind("时效指标", "抽检任务完成时间", Spec::Date),
                    ind("社会效益指标", "食品安全状况", Spec::Qual("持续向好")),
                ],
            },
            ProjectTpl {
                name: "特种设备安全监察经费",
                object: "使用单位",
                goal: "开展特种设备安全检查和隐患排查，防范特种设备安全事故。",
                done: "检查使用单位{#100-900}家次，整改隐患{#50-500}处。",
                indicators: &[
                    ind(
                        "数量指标",
                        "检查使用单位家次",
                        Spec::Count("家次", 100, 900),
                    ),
                    ind("质量指标", "隐患整改率", Spec::Pct(100)),
                    ind("社会效益指标", "特种设备事故（起）", Spec::Zero("起")),
                ],
            },
            ProjectTpl {
                name: "12315消费维权体系建设",
                object: "消费者",
                goal: "畅通消费维权渠道，及时处理消费投诉举报，维护消费者合法权益。",
                done: "受理投诉举报{#800-8000}件，按时办结率100%。",
                indicators: &[
                    ind("数量指标", "受理投诉举报件数", Spec::Count("件", 800, 8000)),
                    ind("时效指标", "投诉处理时限", Spec::Within("个工作日", 7, 15)),
                    ind(
                        "经济效益指标",
                        "为消费者挽回经济损失",
                        Spec::Count("万元", 30, 500),
                    ),
                    ind("社会效益指标", "消费环境", Spec::Qual("持续改善")),
                ],
            },
        ],
        problems: &[
            "基层市场监管所人员少、任务重，专业执法人员不足。",
            "检验检测能力与监管需求不相适应。",
        ],
        measures: &[
            "推进执法力量下沉，加强基层市场监管所规范化建设。",
            "加大检验检测设备投入，提升技术支撑能力。",
        ],
    },
];
