"""Shared job logic of the Python peers: the workbook contract, tolerant cell
parsing, validation, metrics, scoring, project targets, reports and
diagnostics.

The two peer scripts differ only in how they read a workbook into a `Book`
(sheet grids + defined names) and how they write the completed workbook;
everything in between is here, so both do the same work.

Money and rates are `decimal.Decimal` throughout; display rounding is half-up.
"""

from __future__ import annotations

import datetime as _dt
import functools
import json
import os
import re
import sys
import time
import tomllib
import traceback
import unicodedata
import zipfile
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path

import jinja2

from inputs import find_inputs  # shared with compare.py

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
FRAMEWORKS_DIR = REPO / "frameworks"
TEMPLATES_DIR = HERE / "templates"

TOOL = "peer"
# Oldest first: a version's position plus one is its generation, which
# FIELD_SINCE and COLUMN_SINCE name (docs/fields.md: “jixiao-dept-2 新增”).
TEMPLATE_VERSIONS = ("jixiao-dept-1", "jixiao-dept-2", "jixiao-dept-3", "jixiao-dept-4")
PERIODS = ("全年",) + tuple(f"{m}月" for m in range(1, 13))
TOLERANCE = Decimal("0.01")
HUNDRED = Decimal(100)
ZERO = Decimal(0)
ONE = Decimal(1)
CENT = Decimal("0.01")

# ---------------------------------------------------------------------------
# The workbook contract (docs/fields.md): every key is a workbook-scoped name.

FIELDS = [
    ('template_version', '模板版本', 'text', True, '由模板预填，请勿修改'),
    ('framework', '评价框架', 'framework', True, '从下拉列表选择本地区使用的评分表'),
    ('unit_name', '单位名称', 'text', True, '填写单位全称，如：岳阳市君山区医疗保障局'),
    ('unit_code', '单位编码', 'text', False, '预算单位编码（可选）'),
    ('supervisor', '主管部门', 'text', False, '主管部门名称（可选）'),
    ('year', '评价年度', 'year', True, '四位年份，如 2022'),
    ('period', '报送期间', 'choice', True, '年度自评选“全年”'),
    ('fill_date', '填报日期', 'date', True, '日期格式，如 2023-03-15'),
    ('head_name', '单位负责人', 'text', True, '单位负责人姓名'),
    ('contact_name', '联系人（填报人）', 'text', True, '填报人姓名'),
    ('contact_phone', '联系电话', 'phone', True, '固定电话（可带区号）或11位手机号'),
    ('staff_quota', '人员编制数', 'count', True, '核定编制人数，整数'),
    ('staff_actual', '实有（在职）人数', 'count', True, '年末实有在职人数，整数'),
    ('functions', '职能职责概述', 'long', True, '简述单位主要职能职责'),
    ('org_structure', '机构设置', 'text', False, '内设机构及下属单位'),
    ('main_tasks', '年度主要工作内容', 'long', True, '逐条列出年度主要工作'),
    ('achievements', '总体运行情况及取得的成绩', 'long', False, '年度总体运行情况、成绩与荣誉'),
    ('implementation', '专项组织实施情况', 'long', False, '专项资金的组织、管理与实施情况'),
    ('budget_initial', '年初预算数', 'money', True, '万元；年初批复的预算数'),
    ('budget_adjustment', '预算调整数（追加追减之和）', 'money', True, '万元；追加为正、追减为负，无调整填 0'),
    ('budget_added', '其中：追加预算数', 'money', True, '万元；年度中追加的预算，无则填 0'),
    ('budget_reduced', '其中：追减预算数', 'money', True, '万元；年度中追减的预算，填正数，无则填 0'),
    ('budget_restructured', '结构调整数', 'money', True, '万元；总额不变、在科目或项目之间调剂的金额，无则填 0'),
    ('budget_adjust_excluded', '其中：国家政策、不可抗力、上级交办等调整数', 'money', False,
     '万元；上述调整中因国家政策变化、突发事件等不可抗力、上级部门交办任务所作的调整，不计入预算调整率；没有则留空或填 0'),
    ('budget_executed', '预算执行数', 'money', True, '万元；全年实际支出'),
    ('execution_note', '预算执行情况说明', 'long', False, '说明预算执行中需要解释的情况，如执行率偏低、公用经费超预算的原因'),
    ('public_budget', '公用经费预算数', 'money', False, '万元'),
    ('key_project_exp', '重点项目支出', 'money', False, '万元；用于重点支出安排率'),
    ('paid_q1', '截至一季度末累计支出', 'money', False, '万元；累计数'),
    ('paid_q2', '截至二季度末累计支出', 'money', False, '万元；累计数'),
    ('paid_q3', '截至三季度末累计支出', 'money', False, '万元；累计数'),
    ('paid_q4', '截至四季度末累计支出', 'money', False, '万元；累计数'),
    ('special_late_count', '未按进度下达资金的专项个数', 'count', False, '个；无则填 0'),
    ('carryover_unfinished', '年末结转中未完工项目资金', 'money', False, '万元'),
    ('procurement_budget', '政府采购预算数', 'money', False, '万元'),
    ('procurement_actual', '政府采购实际数', 'money', False, '万元'),
    ('card_payable', '应使用公务卡结算金额', 'money', False, '万元'),
    ('card_paid', '实际公务卡结算金额', 'money', False, '万元'),
    ('sg_abroad_budget', '因公出国（境）费 本年预算', 'money', True, '万元；无则填 0'),
    ('sg_abroad_actual', '因公出国（境）费 本年决算', 'money', True, '万元；无则填 0'),
    ('sg_abroad_prev', '因公出国（境）费 上年决算', 'money', True, '万元；无则填 0'),
    ('sg_abroad_prev_budget', '因公出国（境）费 上年预算', 'money', True, '万元；上年部门预算中的数额，无则填 0'),
    ('sg_car_buy_budget', '公务用车购置费 本年预算', 'money', True, '万元；无则填 0'),
    ('sg_car_buy_actual', '公务用车购置费 本年决算', 'money', True, '万元；无则填 0'),
    ('sg_car_buy_prev', '公务用车购置费 上年决算', 'money', True, '万元；无则填 0'),
    ('sg_car_buy_prev_budget', '公务用车购置费 上年预算', 'money', True, '万元；上年部门预算中的数额，无则填 0'),
    ('sg_car_run_budget', '公务用车运行维护费 本年预算', 'money', True, '万元；无则填 0'),
    ('sg_car_run_actual', '公务用车运行维护费 本年决算', 'money', True, '万元；无则填 0'),
    ('sg_car_run_prev', '公务用车运行维护费 上年决算', 'money', True, '万元；无则填 0'),
    ('sg_car_run_prev_budget', '公务用车运行维护费 上年预算', 'money', True, '万元；上年部门预算中的数额，无则填 0'),
    ('sg_reception_budget', '公务接待费 本年预算', 'money', True, '万元；无则填 0'),
    ('sg_reception_actual', '公务接待费 本年决算', 'money', True, '万元；无则填 0'),
    ('sg_reception_prev', '公务接待费 上年决算', 'money', True, '万元；无则填 0'),
    ('sg_reception_prev_budget', '公务接待费 上年预算', 'money', True, '万元；上年部门预算中的数额，无则填 0'),
    ('assets_total', '固定资产合计', 'money', True, '万元；应等于在用、出租、其他之和'),
    ('assets_in_use', '在用固定资产', 'money', True, '万元'),
    ('assets_leased', '出租固定资产', 'money', True, '万元；无则填 0'),
    ('assets_other', '其他固定资产', 'money', True, '万元；无则填 0'),
    ('finance_note', '收支情况说明', 'long', False, '说明收入、支出、结转结余中需要解释的情况'),
    ('satisfaction_rate', '社会公众或服务对象满意度', 'percent', False, '百分比，如 95%'),
    ('score_overall_self', '自评综合得分（单位填写）', 'points', False, '单位自评的总分，系统将与计算得分比对'),
]


KIND_DESCRIBE = {
    "text": "文本", "long": "长文本", "count": "整数（≥0）", "year": "年份（2000–2100）",
    "money": "金额（万元，2位小数）", "percent": "百分比", "points": "分数", "date": "日期",
    "phone": "电话号码", "choice": "下拉选项", "framework": "评价框架（下拉）",
}
TYPE_HINT = {
    "money": "只填数字（单位万元），如 2815.27；不要写文字或多个数",
    "count": "填整数，如 26", "year": "填四位年份，如 2022", "percent": "填百分比，如 95%",
    "points": "填分数，如 5 或 4.5", "date": "填日期，如 2023-03-15",
}


@dataclass(frozen=True)
class Table:
    key: str
    label: str
    required: bool
    hint: str
    columns: list

    def col(self, cid: str) -> int:
        for i, c in enumerate(self.columns):
            if c[0] == cid:
                return i
        raise KeyError(cid)


TABLES = [
    Table('tbl_evaluators', '评价人员', False, '评价组成员', [
        ('name', '姓名', 'text', True),
        ('title', '职务/职称', 'text', False),
        ('org', '单位', 'text', False),
    ]),
    Table('tbl_finance', '收支情况（按机构）', True, '第一行为“汇总”（有下属机构时等于其余各行之和）；只有本级时只填一行', [
        ('unit', '机构名称', 'text', True),
        ('carryover', '上年结转', 'money', False),
        ('general_budget', '一般公共预算财政拨款', 'money', False),
        ('fund_budget', '政府性基金预算拨款', 'money', False),
        ('special_account', '纳入专户管理的非税收入拨款', 'money', False),
        ('other_income', '其他收入', 'money', False),
        ('income_total', '收入合计', 'money', True),
        ('personnel', '人员支出', 'money', False),
        ('public_exp', '公用支出', 'money', False),
        ('basic', '基本支出', 'money', True),
        ('project', '项目支出', 'money', False),
        ('expense_total', '支出合计', 'money', True),
        ('balance_year', '当年结余', 'money', False),
        ('balance_total', '累计结余', 'money', False),
    ]),
    Table('tbl_goals', '定性绩效目标', False, '每行一个目标及其完成情况', [
        ('goal', '预期目标', 'long', True),
        ('done', '实际完成', 'long', False),
    ]),
    Table('tbl_targets', '定量绩效目标', False, '指标值可写为“≥95%”“12411人次”“6-9个月”或文字', [
        ('level1', '一级指标', 'text', True),
        ('level2', '二级指标', 'text', True),
        ('level3', '三级指标', 'text', True),
        ('target', '年度指标值', 'text', False),
        ('actual', '实际完成值', 'text', False),
        ('deviation', '偏差原因', 'long', False),
    ]),
    Table('tbl_scores', '评分表', False, '由评价框架生成；在“自评得分”和“扣分原因”列填写', [
        ('level1', '一级指标', 'text', False),
        ('level2', '二级指标', 'text', False),
        ('level3', '三级指标', 'text', True),
        ('criteria', '评分标准', 'long', False),
        ('points', '分值', 'points', False),
        ('computed', '计算值', 'text', False),
        ('system_score', '系统得分', 'points', False),
        ('self_score', '自评得分', 'points', False),
        ('reason', '扣分原因', 'long', False),
        ('note', '说明', 'long', False),
    ]),
    Table('tbl_projects', '项目支出', False, '每个项目一行，金额单位万元', [
        ('name', '项目名称', 'text', True),
        ('supervisor', '主管部门', 'text', False),
        ('implementer', '实施单位', 'text', False),
        ('budget_initial', '年初预算数', 'money', False),
        ('budget_full', '全年预算数', 'money', True),
        ('executed', '全年执行数', 'money', True),
        ('fiscal_initial', '财政拨款年初', 'money', False),
        ('fiscal_full', '财政拨款全年', 'money', False),
        ('fiscal_executed', '财政拨款执行', 'money', False),
        ('carry_initial', '上年结转年初', 'money', False),
        ('carry_full', '上年结转全年', 'money', False),
        ('carry_executed', '上年结转执行', 'money', False),
        ('other_initial', '其他资金年初', 'money', False),
        ('other_full', '其他资金全年', 'money', False),
        ('other_executed', '其他资金执行', 'money', False),
        ('goal', '年度总体目标', 'long', False),
        ('done', '实际完成情况', 'long', False),
        ('self_score', '自评得分', 'points', False),
        ('execution_self', '预算执行率得分', 'points', False),
        ('self_grade', '自评等次', 'text', False),
    ]),
    Table('tbl_project_indicators', '项目绩效指标', False, '每个指标一行，“项目名称”与项目支出表一致', [
        ('project', '项目名称', 'text', True),
        ('level1', '一级指标', 'text', True),
        ('level2', '二级指标', 'text', True),
        ('level3', '三级指标', 'text', True),
        ('target', '年度指标值', 'text', False),
        ('actual', '实际完成值', 'text', False),
        ('points', '分值', 'points', True),
        ('self_score', '自评得分', 'points', False),
        ('deviation', '偏差原因分析及改进措施', 'long', False),
    ]),
    Table('tbl_problems', '存在的主要问题', False, '每行一个问题', [
        ('text', '问题', 'long', True),
    ]),
    Table('tbl_measures', '改进措施和有关建议', False, '每行一条措施或建议', [
        ('text', '措施', 'long', True),
    ]),
]
TABLE_BY_KEY = {t.key: t for t in TABLES}
FIELD_BY_KEY = {f[0]: f for f in FIELDS}
# The template generation that added a field or a column: a workbook of an
# older template does not have it, which is no error, and its value is unknown.
FIELD_SINCE = dict.fromkeys(("budget_added", "budget_reduced", "budget_restructured", "budget_adjust_excluded",
                             "execution_note", "sg_abroad_prev_budget", "sg_car_buy_prev_budget",
                             "sg_car_run_prev_budget", "sg_reception_prev_budget", "finance_note"), 2)
COLUMN_SINCE = {("tbl_scores", "note"): 2, ("tbl_projects", "execution_self"): 3, ("tbl_projects", "self_grade"): 3}
CURRENT_GENERATION = len(TEMPLATE_VERSIONS)


def columns_in(t, generation):
    """The columns a workbook of template `generation` has (a prefix: new columns only come last)."""
    n = 0
    for c in t.columns:
        if COLUMN_SINCE.get((t.key, c[0]), 1) > generation:
            break
        n += 1
    return t.columns[:n]
SANGONG_KINDS = (("abroad", "因公出国（境）费"), ("car_buy", "公务用车购置费"),
                 ("car_run", "公务用车运行维护费"), ("reception", "公务接待费"))
SHEET_ORDER = ("填报说明", "基本情况", "收支情况", "绩效目标", "定量指标", "评分表",
               "项目支出", "项目绩效指标", "问题与措施")

# ---------------------------------------------------------------------------
# Numbers and rounding


def round2(d: Decimal, dp: int = 2) -> Decimal:
    """Half-up (四舍五入) to `dp` decimals."""
    return d.quantize(Decimal(1).scaleb(-dp), rounding=ROUND_HALF_UP)


def fixed(d: Decimal, dp: int = 2) -> str:
    """`d` rounded half-up with exactly `dp` decimals; never "-0.00"."""
    r = round2(d, dp)
    if r == 0:
        r = abs(r)
    return f"{r:.{dp}f}"


def plain(d) -> str:
    """A Decimal without trailing zeros or exponent: 5, 0.5, 2300."""
    if d is None:
        return ""
    if not isinstance(d, Decimal):
        return str(d)
    n = d.normalize()
    s = format(n, "f")
    return "0" if s in ("-0", "0") else s


def num2(d: Decimal) -> str:
    """Rounded half-up to 2 dp, trailing zeros trimmed (explanations)."""
    return plain(round2(d, 2))


def pct(d: Decimal) -> str:
    return f"{fixed(d, 2)}%"


def decimal_from_float(x: float):
    """A cell float as Excel shows it: 15 significant digits."""
    if x != x or x in (float("inf"), float("-inf")):
        return None
    if x == 0:
        return ZERO
    return Decimal(f"{x:.14e}").normalize()


# ---------------------------------------------------------------------------
# Tolerant cell parsing (SPEC §3): each tolerance applied is a note.

C_TEXTNUM = "文本型数字已按数字读取"
C_FULLWIDTH = "全角字符已按半角读取"
C_SEPARATORS = "已去除千分位分隔符"
C_SPACES = "已去除多余空格"
C_PAREN = "括号表示的负数已按负数读取"
C_PERCENT = "已去除百分号，按百分比读取"
C_FRACTION = "小数已按百分比读取（如 0.95 读作 95%）"
C_POINTS = "数字已按百分点读取（如 95 读作 95%）"
C_DATETEXT = "文字形式的日期已按日期读取"
C_INTDEC = "小数形式的整数已按整数读取"

P_NAN = "不是可识别的数字（请只填写一个数字，不要加“约”等文字或公式）"
P_NOTINT = "应为整数"
P_NOTDATE = "不是可识别的日期（如 2023-03-15 或 2023年3月15日）"
P_BOOL = "单元格为逻辑值（TRUE/FALSE），请改为实际数值"
ERROR_VALUES = frozenset(("#REF!", "#DIV/0!", "#VALUE!", "#N/A", "#NAME?", "#NUM!", "#NULL!",
                          "#GETTING_DATA", "#SPILL!", "#CALC!"))


class Problem(Exception):
    """A cell that cannot be read as the wanted kind."""


_WS_MAP = {0x3000: " ", 0x00A0: " ", 0x202F: " ", 0x205F: " "}
_WS_MAP.update({c: " " for c in range(0x2002, 0x200B)})
_FULLWIDTH_TABLE = {c: chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)}
_NORMALIZE_TABLE = dict(_FULLWIDTH_TABLE)
_NORMALIZE_TABLE.update(_WS_MAP)
_NORMALIZE_TABLE.update({0x200B: None, 0xFEFF: None, ord("≦"): "<=", ord("≧"): ">="})
_FULLWIDTH_RE = re.compile("[\uff01-\uff5e≦≧]")


def normalize(text: str):
    """Full-width to ASCII, odd spaces to spaces, trimmed.
    Returns (text, full_width_chars, spaces_changed)."""
    fw = _FULLWIDTH_RE.findall(text)
    zero_width = "\u200b" in text or "\ufeff" in text
    out = text.translate(_NORMALIZE_TABLE)
    trimmed = out.strip()
    return trimmed, fw, zero_width or len(trimmed) != len(out)


_FILLER = set("-—–―─/\\.…。·_")
_CN_DIGITS = "〇○零一二三四五六七八九十"
# The words that, as the whole cell, mark it not applicable (不适用): the
# department has no such goal or indicator. Every marker is a placeholder too.
NOT_APPLICABLE_WORDS = frozenset(("无", "没有", "无此项", "不适用", "不涉及", "未涉及", "n/a", "na"))
_PLACEHOLDER_WORDS = NOT_APPLICABLE_WORDS | {"暂无", "空", "none", "null"}
_DASHES = set("-–—―─")


def _enumerator_label(s: str) -> bool:
    if not s.endswith(":"):
        return False
    label = s[:-1].rstrip().rstrip("0123456789" + _CN_DIGITS).rstrip()
    return 1 <= len(label) <= 10 and label.isalpha()


def is_placeholder(text: str) -> bool:
    s = normalize(text)[0]
    if all(c in _FILLER or c.isspace() for c in s):
        return True
    if s.lower() in _PLACEHOLDER_WORDS:
        return True
    return _enumerator_label(s)


def is_not_applicable(text: str) -> bool:
    """A not-applicable marker as the whole cell: a word of NOT_APPLICABLE_WORDS,
    dashes alone or slashes alone (spaces ignored). “无明显变化” is text."""
    s = normalize(text)[0]
    marks = [c for c in s if not c.isspace()]
    if marks and (all(c in _DASHES for c in marks) or all(c in "/\\" for c in marks)):
        return True
    return s.strip().lower() in NOT_APPLICABLE_WORDS


def _scan_digits(c: str, start: int):
    """Digits with valid thousands groups and an optional fraction at `start`:
    (literal, end, grouped) or None."""
    n = len(c)
    i = start
    while i < n and (c[i].isdigit() and c[i].isascii()
                     or (c[i] == "," and i > start and i + 1 < n and c[i + 1].isascii() and c[i + 1].isdigit())):
        i += 1
    int_part = c[start:i]
    frac = ""
    if i < n and c[i] == "." and i + 1 < n and c[i + 1].isascii() and c[i + 1].isdigit():
        j = i + 1
        while j < n and c[j].isascii() and c[j].isdigit():
            j += 1
        frac = c[i + 1:j]
        i = j
    elif i < n and c[i] == "." and int_part:
        i += 1
    if not int_part and not frac:
        return None
    grouped = "," in int_part
    if grouped:
        groups = int_part.split(",")
        if not (1 <= len(groups[0]) <= 3) or any(len(g) != 3 for g in groups[1:]):
            return None
    literal = int_part.replace(",", "") or "0"
    if frac:
        literal += "." + frac
    return literal, i, grouped


def _parse_text_number(raw: str):
    """(value, rest, notes) or None for a placeholder; raises Problem."""
    if is_placeholder(raw):
        return None
    text, fw, spaces = normalize(raw)
    notes = [C_TEXTNUM]
    if any(ch not in "，（）" for ch in fw):
        notes.append(C_FULLWIDTH)
    if spaces:
        notes.append(C_SPACES)
    # Inner white space: a thousands separator between digits, else dropped.
    if any(ch.isspace() for ch in text):
        if C_SPACES not in notes:
            notes.append(C_SPACES)
        text = re.sub(r"(?<=\d)\s+(?=\d)", ",", text)
        text = re.sub(r"\s+", "", text)
    s = text
    i = 0
    negative = signed = False
    if s and s[0] in "+-−":
        negative = s[0] != "+"
        signed = True
        i = 1
    paren = i < len(s) and s[i] == "("
    if paren:
        if signed:
            raise Problem(P_NAN)
        i += 1
    scanned = _scan_digits(s, i)
    if scanned is None:
        raise Problem(P_NAN)
    literal, i, grouped = scanned
    if grouped:
        notes.append(C_SEPARATORS)
    exponent = ""
    if i < len(s) and s[i] in "eE":
        m = re.match(r"[eE]([+-]?)(\d+)", s[i:])
        if m:
            exponent = ("-" if m.group(1) == "-" else "") + m.group(2)
            i += m.end()
    tail = s[i:]
    if paren:
        if ")" not in tail:
            raise Problem(P_NAN)
        inner, outer = tail.split(")", 1)
        if inner and outer:
            raise Problem(P_NAN)
        negative = True
        notes.append(C_PAREN)
        rest = inner + outer
    else:
        rest = tail
    try:
        value = Decimal(literal + ("e" + exponent if exponent else ""))
    except InvalidOperation:
        raise Problem(P_NAN) from None
    return (-value if negative else value), rest, notes


def is_blank(v) -> bool:
    return v is None or v == ""


def _not_numeric(v):
    if isinstance(v, bool):
        return Problem(P_BOOL)
    return Problem(P_NAN)


def _as_error(v):
    if isinstance(v, str) and v in ERROR_VALUES:
        return Problem(f"单元格为错误值 {v}（公式出错），请改为实际数值")
    return None


def parse_number(v):
    """(Decimal, notes) or None; raises Problem."""
    if is_blank(v):
        return None
    if isinstance(v, bool):
        raise Problem(P_BOOL)
    if isinstance(v, int):
        return Decimal(v), []
    if isinstance(v, float):
        d = decimal_from_float(v)
        if d is None:
            raise Problem(P_NAN)
        return d, []
    if isinstance(v, str):
        err = _as_error(v)
        if err:
            raise err
        p = _parse_text_number(v)
        if p is None:
            return None
        value, rest, notes = p
        if rest:
            raise Problem(P_NAN)
        return value.normalize(), notes
    raise _not_numeric(v)


def parse_money(v):
    if not isinstance(v, str):
        return parse_number(v)
    err = _as_error(v)
    if err:
        raise err
    p = _parse_text_number(v)
    if p is None:
        return None
    value, rest, notes = p
    if rest == "":
        pass
    elif rest == "元":
        notes.append("已由元换算为万元（÷10000）")
        value = value.scaleb(-4)
    elif rest in ("万元", "万"):
        notes.append(f"已去除单位“{rest}”，按万元读取")
    else:
        unit_like = (1 <= len(rest) <= 4 and all(ch.isalpha() and not ch.isascii() for ch in rest)
                     and (rest.endswith("元") or rest in ("亿", "千", "百万", "千万", "美金")))
        if unit_like:
            raise Problem(f"无法识别的单位“{rest}”（金额请以万元填写，或写明“元”“万元”）")
        raise Problem(P_NAN)
    return value.normalize(), notes


def parse_percent(v):
    if isinstance(v, str):
        err = _as_error(v)
        if err:
            raise err
        p = _parse_text_number(v)
        if p is None:
            return None
        value, rest, notes = p
        if rest == "":
            bare = True
        elif rest == "%":
            notes.append(C_PERCENT)
            bare = False
        else:
            raise Problem(P_NAN)
    else:
        r = parse_number(v)
        if r is None:
            return None
        value, notes = r
        bare = True
    if bare and value != 0:
        if abs(value) > Decimal("1.5"):
            notes.append(C_POINTS)
        else:
            notes.append(C_FRACTION)
            value = value * HUNDRED
    return value.normalize(), notes


_NOT_A_UNIT = set("左右多余约近超以上下至到或及等万亿千百十")


def parse_integer(v):
    if is_blank(v):
        return None
    if isinstance(v, bool):
        raise Problem(P_BOOL)
    if isinstance(v, int):
        return v, []
    if isinstance(v, float):
        d = decimal_from_float(v)
        if d is None:
            raise Problem(P_NAN)
        if d != d.to_integral_value():
            raise Problem(P_NOTINT)
        return int(d), []
    if isinstance(v, str):
        err = _as_error(v)
        if err:
            raise err
        p = _parse_text_number(v)
        if p is None:
            return None
        value, rest, notes = p
        if rest:
            unit = 1 <= len(rest) <= 4 and all(
                ch.isalpha() and not ch.isascii() and ch not in _NOT_A_UNIT for ch in rest)
            if not unit:
                raise Problem(P_NAN)
            notes.append(f"已去除单位“{rest}”，按整数读取")
        if value != value.to_integral_value():
            raise Problem(P_NOTINT)
        if value.as_tuple().exponent < 0:
            notes.append(C_INTDEC)
        return int(value), notes
    raise _not_numeric(v)


_EPOCH = _dt.date(1899, 12, 30)


def _serial_to_date(x: float):
    if not (1 <= x < 2958466):
        return None
    n = int(x)
    if n == 60:
        return None
    if n < 60:
        return _dt.date(1899, 12, 31) + _dt.timedelta(days=n)
    return _EPOCH + _dt.timedelta(days=n)


def _cn_digit(c):
    i = "〇○零一二三四五六七八九".find(c)
    if i < 0:
        return None
    return max(0, i - 2)


def _small_number(s: str):
    if s.isdigit() and s.isascii() and 1 <= len(s) <= 2:
        return int(s)
    d = [(_cn_digit(c) if c != "十" else "十") for c in s]
    if d == ["十"]:
        return 10
    if len(d) == 1 and d[0] not in (None, "十"):
        return d[0]
    if len(d) == 2 and d[0] == "十" and isinstance(d[1], int):
        return 10 + d[1]
    if len(d) == 2 and d[1] == "十" and isinstance(d[0], int):
        return 10 * d[0]
    if len(d) == 3 and d[1] == "十" and isinstance(d[0], int) and isinstance(d[2], int):
        return 10 * d[0] + d[2]
    return None


def _ymd(y, m, d):
    if not (len(y) == 4 and y.isdigit() and 1 <= len(m) <= 2 and m.isdigit() and 1 <= len(d) <= 2 and d.isdigit()):
        return None
    try:
        return _dt.date(int(y), int(m), int(d))
    except ValueError:
        return None


def _parse_date_text(s: str):
    s = s.strip()
    m = re.match(r"^(.*?)[T ]([\d:.Z+\-]+)$", s)
    if m and ":" in m.group(2):
        s = m.group(1)
    compact = "".join(s.split())
    if "年" in compact:
        y, _, rest = compact.partition("年")
        mo, sep, d = rest.partition("月")
        if not sep:
            return None
        d = d[:-1] if d.endswith(("日", "号")) else d
        if len(y) == 4 and y.isdigit():
            year = int(y)
        else:
            digits = [_cn_digit(c) for c in y]
            if len(digits) != 4 or None in digits:
                return None
            year = int("".join(map(str, digits)))
        mm, dd = _small_number(mo), _small_number(d)
        if mm is None or dd is None:
            return None
        try:
            return _dt.date(year, mm, dd)
        except ValueError:
            return None
    if len(compact) == 8 and compact.isdigit():
        return _ymd(compact[:4], compact[4:6], compact[6:])
    for sep in "-/.":
        parts = compact.split(sep)
        if len(parts) == 3:
            return _ymd(*parts)
    return None


def parse_date(v):
    if is_blank(v):
        return None
    if isinstance(v, _dt.datetime):
        return v.date(), []
    if isinstance(v, _dt.date):
        return v, []
    if isinstance(v, bool):
        raise Problem(P_BOOL)
    if isinstance(v, (int, float)):
        d = _serial_to_date(float(v))
        if d:
            return d, []
        if float(v).is_integer() and 10000101 <= v <= 99991231:
            d = _parse_date_text(str(int(v)))
            if d:
                return d, [C_DATETEXT]
        raise Problem(P_NOTDATE)
    if isinstance(v, str):
        err = _as_error(v)
        if err:
            raise err
        if is_placeholder(v):
            return None
        s, fw, spaces = normalize(v)
        d = _parse_date_text(s)
        if d is None:
            raise Problem(P_NOTDATE)
        notes = [C_DATETEXT]
        if fw:
            notes.append(C_FULLWIDTH)
        if spaces:
            notes.append(C_SPACES)
        return d, notes
    raise Problem(P_NOTDATE)


def cell_text(v):
    """The cell as a user reads it; None for blank or a placeholder."""
    if is_blank(v):
        return None
    if isinstance(v, str):
        t = v.strip().strip("\u200b\ufeff").strip()
        return None if is_placeholder(t) else t
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, float):
        d = decimal_from_float(v)
        return plain(d) if d is not None else None
    if isinstance(v, int):
        return str(v)
    if isinstance(v, _dt.datetime):
        return v.date().isoformat()
    if isinstance(v, _dt.date):
        return v.isoformat()
    if isinstance(v, (_dt.time, _dt.timedelta)):
        return str(v)
    return str(v)


def raw_display(v) -> str:
    if is_blank(v):
        return "（空）"
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, float):
        s = f"{v:.10f}".rstrip("0").rstrip(".")
        return s
    if isinstance(v, _dt.datetime):
        return v.date().isoformat() if v.time() == _dt.time() else v.isoformat(sep=" ")
    if isinstance(v, _dt.date):
        return v.isoformat()
    return str(v)


def _digits_only(s, lo, hi):
    return lo <= len(s) <= hi and s.isascii() and s.isdigit()


def _is_mobile(d):
    return _digits_only(d, 11, 11) and d[0] == "1" and d[1] in "3456789"


def _is_local(d):
    return _digits_only(d, 7, 8) and d[0] in "23456789"


def _is_with_area(d):
    if not _digits_only(d, 10, 12) or d[0] != "0" or d[1] == "0":
        return False
    return _is_local(d[3:]) or _is_local(d[4:])


def _phone_core(s):
    s = s.strip()
    plus = s.startswith("+")
    if plus:
        s = s[1:]
    d = "".join(ch for ch in s if not (ch.isspace() or ch in "-—–()"))
    if not d or not (d.isascii() and d.isdigit()):
        return False
    for prefix in ("0086", "86"):
        if d.startswith(prefix) and _is_mobile(d[len(prefix):]):
            return True
    if plus:
        return False
    return _is_mobile(d) or _is_local(d) or _is_with_area(d)


def is_phone(text: str) -> bool:
    s = normalize(text)[0]
    for marker in ("转", "分机"):
        if marker in s:
            main, ext = s.split(marker, 1)
            return _digits_only(ext.strip(), 1, 6) and _phone_core(main)
    if _phone_core(s):
        return True
    if "-" in s:
        main, ext = s.rsplit("-", 1)
        return _digits_only(ext.strip(), 1, 6) and _phone_core(main)
    return False


# ---------------------------------------------------------------------------
# Findings (docs/diagnostics.md)

SEVERITY = {
    "FILE-NAME-SCOPE": "warning", "TABLE-HEADER": "warning", "TABLE-NOT-APPLICABLE": "note",
    "NOTE-COERCED": "note", "NOTE-UNIT": "note", "TABLE-PLACEHOLDER-ROW": "note", "SUM-ADJUSTMENT": "warning",
    "CROSS-YEAR-END": "warning", "CROSS-PROJECT-TOTAL": "warning", "CROSS-PROJECT-OVERSPEND": "warning",
    "SCORE-NO-REASON": "warning", "SCORE-SELF-DIFFERS": "warning", "SCORE-NO-SELF": "warning",
    "SCORE-NOT-APPLICABLE": "warning", "SCORE-TOTAL-DIFFERS": "warning", "SCORE-POINTS": "warning",
    "SCORE-UNKNOWN-ROW": "warning", "SCORE-MISSING-ROW": "warning", "SCORE-NO-DATA": "note",
    "SCORE-WEIGHTS": "warning", "SCORE-DUPLICATE-INDICATOR": "warning", "SCORE-UNIT-MISMATCH": "warning",
    "SCORE-MET-DEDUCTED": "warning", "SCORE-NO-TARGET": "warning", "SCORE-TARGET-EXCEEDED": "warning",
    "SCORE-PROJECT-GRADE": "warning", "TEXT-NUMBER-MISMATCH": "warning",
}
SEVERITY_LABEL = {"error": "错误", "warning": "警告", "note": "提示"}


def sev_of(code: str) -> str:
    if code in SEVERITY:
        return SEVERITY[code]
    if code.startswith("PLAUS-"):
        return "warning"
    return "error"


def col_letter(c: int) -> str:
    s = ""
    c += 1
    while c:
        c, r = divmod(c - 1, 26)
        s = chr(65 + r) + s
    return s


def a1(r: int, c: int) -> str:
    return f"{col_letter(c)}{r + 1}"


class Finding(dict):
    """code, severity, file, sheet, cell, field, message, expected, found, hint
    (+ row/col, zero-based, for sorting and highlighting)."""

    def __init__(self, code, message, spot=None, field=None, expected=None, found=None, hint=None):
        super().__init__(code=code, severity=sev_of(code), file=None,
                         sheet=spot[0] if spot else None,
                         cell=a1(spot[1], spot[2]) if spot else None,
                         field=field, message=message, expected=expected, found=found, hint=hint)
        self.spot = spot

    def at(self, spot):
        if spot:
            self.spot = spot
            self["sheet"] = spot[0]
            self["cell"] = a1(spot[1], spot[2])
        return self


# The codes in the order of jixiao's catalogue (docs/diagnostics.md), which
# orders the findings at one cell after their severity.
CODE_ORDER = {code: i for i, code in enumerate((
    "FILE-NOT-WORKBOOK FILE-EMPTY FILE-ENCRYPTED FILE-HTML FILE-UNSUPPORTED FILE-TOO-LARGE FILE-CORRUPT "
    "FILE-NOT-TEMPLATE FILE-UNKNOWN-VERSION FILE-NAME-MISSING FILE-NAME-BROKEN FILE-NAME-SCOPE FILE-INTERNAL "
    "FIELD-REQUIRED FIELD-TYPE FIELD-RANGE FIELD-PHONE FIELD-DATE FIELD-CHOICE TABLE-HEADER TABLE-EMPTY "
    "TABLE-NOT-APPLICABLE NOTE-COERCED NOTE-UNIT FIELD-FORMULA TABLE-PLACEHOLDER-ROW SUM-INCOME SUM-BASIC "
    "SUM-EXPENSE SUM-SUBUNITS SUM-ASSETS SUM-PROJECT-FUNDS SUM-ADJUSTMENT CROSS-BALANCE CROSS-BALANCE-TOTAL "
    "CROSS-YEAR-END CROSS-PROJECT-TOTAL CROSS-PROJECT-OVERSPEND CROSS-PROJECT-UNKNOWN SCORE-OVER-POINTS "
    "SCORE-NO-REASON SCORE-SELF-DIFFERS SCORE-NO-SELF SCORE-NOT-APPLICABLE SCORE-SELF-TOTAL SCORE-TOTAL-DIFFERS "
    "SCORE-POINTS SCORE-UNKNOWN-ROW SCORE-MISSING-ROW SCORE-NO-DATA SCORE-ZERO-BASE SCORE-WEIGHTS "
    "SCORE-DUPLICATE-INDICATOR SCORE-PROJECT-POINTS SCORE-PROJECT-TOTAL SCORE-UNIT-MISMATCH SCORE-MET-DEDUCTED "
    "SCORE-NO-TARGET SCORE-TARGET-EXCEEDED SCORE-PROJECT-GRADE PLAUS-RATE-HIGH PLAUS-EXECUTION-LOW "
    "PLAUS-YEAR-IN-TEXT PLAUS-NO-PROBLEMS PLAUS-NO-MEASURES TEXT-NUMBER-MISMATCH PLAUS-STAFF-OVER-QUOTA").split())}
_SEVERITY_RANK = {"error": 0, "warning": 1, "note": 2}


def sort_findings(findings):
    """As jixiao: by sheet (none first, the template's in order, then others
    by name), cell, severity, code."""
    order = {s: i + 1 for i, s in enumerate(SHEET_ORDER)}

    def key(f):
        spot = f.spot
        if spot is None:
            return (0, "", (), _SEVERITY_RANK[f["severity"]], CODE_ORDER.get(f["code"], 99))
        return (order.get(spot[0], len(SHEET_ORDER) + 1), spot[0], (spot[1], spot[2]),
                _SEVERITY_RANK[f["severity"]], CODE_ORDER.get(f["code"], 99))
    return sorted(findings, key=key)


class FileRefused(Exception):
    def __init__(self, finding: Finding):
        super().__init__(finding["message"])
        self.finding = finding


# ---------------------------------------------------------------------------
# Reading: a Book is the sheet grids plus the defined names, whatever library
# produced it. Grids are lists of rows from A1; empty cells are None or "".

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_UNCOMPRESSED = 500 * 1024 * 1024
MAX_RATIO = 200


def sniff(path) -> bytes:
    """Refuses what is not a readable .xlsx before any library sees it;
    returns xl/workbook.xml (the caller may parse the names from it)."""
    size = os.path.getsize(path)
    if size == 0:
        raise FileRefused(Finding("FILE-EMPTY", "文件为空（0 字节）"))
    if size > MAX_FILE_BYTES:
        raise FileRefused(Finding("FILE-TOO-LARGE", f"文件大小 {size} 字节超过上限 {MAX_FILE_BYTES}"))
    with open(path, "rb") as fh:
        head = fh.read(512)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        with open(path, "rb") as fh:
            blob = fh.read()
        if "EncryptedPackage".encode("utf-16-le") in blob:
            raise FileRefused(Finding("FILE-ENCRYPTED", "工作簿设置了打开密码，无法读取"))
        raise FileRefused(Finding("FILE-UNSUPPORTED", "不支持的格式：Excel 97–2003（.xls），请另存为 .xlsx"))
    lower = head.lstrip().lower()
    if lower.startswith((b"<html", b"<!doctype html", b"<table", b"<?xml")) and b"<html" in head.lower():
        raise FileRefused(Finding("FILE-HTML", "文件内容是网页（HTML），不是真正的 Excel 工作簿"))
    if not head.startswith(b"PK"):
        raise FileRefused(Finding("FILE-NOT-WORKBOOK", "不是工作簿：内容不是 .xlsx（zip）格式"))
    try:
        with zipfile.ZipFile(path) as z:
            infos = z.infolist()
            total = sum(i.file_size for i in infos)
            packed = sum(i.compress_size for i in infos) or 1
            if total > MAX_UNCOMPRESSED or total / packed > MAX_RATIO and total > 10 * 1024 * 1024:
                raise FileRefused(Finding("FILE-TOO-LARGE", f"解压后大小 {total} 字节或压缩比超出安全限制"))
            try:
                return z.read("xl/workbook.xml")
            except KeyError:
                raise FileRefused(Finding("FILE-NOT-WORKBOOK", "不是工作簿：缺少 xl/workbook.xml")) from None
    except zipfile.BadZipFile as e:
        raise FileRefused(Finding("FILE-CORRUPT", f"文件已损坏：{e}")) from None


_REF_RE = re.compile(r"^(?:'((?:[^']|'')+)'|([^'!:]+))!\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?$")


def _col_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ord(ch) - 64)
    return n - 1


def parse_reference(formula: str):
    """'Sheet'!$B$4:$J$304 → (sheet, r0, c0, r1, c1), zero-based; None if broken."""
    s = formula.strip().lstrip("=").strip()
    if "#REF" in s:
        return None
    m = _REF_RE.match(s)
    if not m:
        return None
    sheet = (m.group(1) or "").replace("''", "'") or m.group(2)
    r0, c0 = int(m.group(4)) - 1, _col_index(m.group(3))
    if m.group(5):
        r1, c1 = int(m.group(6)) - 1, _col_index(m.group(5))
    else:
        r1, c1 = r0, c0
    return sheet, min(r0, r1), min(c0, c1), max(r0, r1), max(c0, c1)


@dataclass
class Book:
    path: str
    sheet_names: list
    names: list            # [(name, local_sheet_index or None, formula)]
    grids: dict            # sheet -> list of rows (lists), from A1
    raw: object = None     # the library's workbook, for the writer

    def cell(self, sheet, r, c):
        g = self.grids.get(sheet)
        if g is None or r >= len(g):
            return None
        row = g[r]
        return row[c] if c < len(row) else None

    def last_filled_row(self, sheet, c0, c1):
        g = self.grids.get(sheet) or []
        for r in range(len(g) - 1, -1, -1):
            row = g[r]
            for c in range(c0, min(c1, len(row) - 1) + 1):
                if not is_blank(row[c]):
                    return r
        return None

    def resolve(self, key):
        """(area or ("broken", formula), irregular) or None."""
        index = self.__dict__.get("_index")
        if index is None:
            index = self._index = {}
            for name, loc, formula in self.names:
                index.setdefault(name.lower(), []).append((loc, formula))
        glob = local = None
        count = 0
        for loc, formula in index.get(key.lower(), ()):
            count += 1
            if loc is None and glob is None:
                glob = formula
            elif local is None:
                local = formula
        if glob is not None:
            chosen, irregular = glob, count > 1
        elif local is not None:
            chosen, irregular = local, True
        else:
            return None
        area = parse_reference(chosen)
        if area is None or area[0] not in self.sheet_names:
            return ("broken", chosen), irregular
        return area, irregular


# ---------------------------------------------------------------------------
# The typed model


class Entry:
    __slots__ = ("spot", "raw", "value", "unreadable")

    def __init__(self, spot=None, raw=None, value=None, unreadable=False):
        self.spot, self.raw, self.value, self.unreadable = spot, raw, value, unreadable

    def dec(self):
        v = self.value
        if isinstance(v, Decimal):
            return v
        if isinstance(v, int) and not isinstance(v, bool):
            return Decimal(v)
        return None

    def int(self):
        v = self.value
        return v if isinstance(v, int) and not isinstance(v, bool) else None

    def text(self):
        return self.value if isinstance(self.value, str) else None

    def date(self):
        return self.value if isinstance(self.value, _dt.date) else None

    def not_applicable(self):
        """A not-applicable marker (无, —, / …) rather than a blank: no value either way."""
        return (self.value is None and not self.unreadable and isinstance(self.raw, str)
                and is_not_applicable(self.raw))

    def written(self):
        """The cell as written, for showing: the text, or a marker as typed."""
        if isinstance(self.value, str):
            return self.value
        if self.not_applicable():
            return self.raw.strip()
        return None


MISSING = Entry()

# What a table makes of a not-applicable marker: in these value cells, a row
# marked and otherwise blank does not apply (a note, neither checked nor
# scored); in the 评分表, whose rows the framework prescribes, it is refused.
NA_ROW_COLUMNS = {"tbl_goals": ("goal", "done"), "tbl_targets": ("target", "actual"),
                  "tbl_project_indicators": ("target", "actual", "self_score")}
NA_REFUSED_COLUMNS = {"tbl_scores": ("self_score",)}


class Row:
    __slots__ = ("table", "sheet_row", "cells")

    def __init__(self, table, sheet_row, cells):
        self.table, self.sheet_row, self.cells = table, sheet_row, cells

    def entry(self, cid):
        return self.cells[cid]

    def dec(self, cid):
        return self.cells[cid].dec()

    def text(self, cid):
        return self.cells[cid].text()

    def spot(self, cid):
        return self.cells[cid].spot

    def is_not_applicable(self):
        cols = NA_ROW_COLUMNS.get(self.table.key, ())
        return (all(self.cells[c].value is None and not self.cells[c].unreadable for c in cols)
                and any(self.cells[c].not_applicable() for c in cols))

    def marked_columns(self):
        return [c for c in NA_ROW_COLUMNS.get(self.table.key, ()) if self.cells[c].not_applicable()]


@dataclass
class TableData:
    table: Table
    area: tuple
    rows: list


@dataclass
class Department:
    scalars: dict
    tables: dict
    generation: int = CURRENT_GENERATION    # of the template version the workbook declares

    def entry(self, key):
        return self.scalars.get(key, MISSING)

    def dec(self, key):
        return self.entry(key).dec()

    def int(self, key):
        return self.entry(key).int()

    def text(self, key):
        return self.entry(key).text()

    def rows(self, key):
        t = self.tables.get(key)
        return t.rows if t else []


def show_value(v) -> str:
    if isinstance(v, Decimal):
        return plain(v)
    if isinstance(v, _dt.date):
        return v.isoformat()
    return str(v)


def read_entry(spot, raw, kind, key, findings):
    try:
        if kind in ("text", "long", "phone", "choice", "framework"):
            t = cell_text(raw)
            parsed = (t, []) if t is not None else None
        elif kind in ("count", "year"):
            parsed = parse_integer(raw)
        elif kind == "money":
            parsed = parse_money(raw)
        elif kind == "points":
            parsed = parse_number(raw)
        elif kind == "percent":
            parsed = parse_percent(raw)
            if parsed and not isinstance(raw, str):
                parsed = (parsed[0], [n for n in parsed[1] if n != C_FRACTION])
        elif kind == "date":
            parsed = parse_date(raw)
        else:
            parsed = None
    except Problem as p:
        code = "FIELD-DATE" if kind == "date" else "FIELD-TYPE"
        findings.append(Finding(code, f"应填{KIND_DESCRIBE[kind]}，{p}", spot, key, KIND_DESCRIBE[kind],
                                raw_display(raw), TYPE_HINT.get(kind, "请按说明填写")))
        return Entry(spot, raw, None, True)
    if parsed is None:
        return Entry(spot, raw, None, False)
    value, notes = parsed
    if notes:
        unit = any("万元" in n and ("换算" in n or "按万元" in n) for n in notes)
        shown = show_value(value)
        findings.append(Finding("NOTE-UNIT" if unit else "NOTE-COERCED",
                                f"已按 {shown} 读取：{'；'.join(notes)}", spot, key, shown, raw_display(raw),
                                "金额请只填数字，单位统一为万元" if unit else "建议改为规范的数字格式"))
    return Entry(spot, raw, value, False)


def _locate(book: Book, key, findings):
    r = book.resolve(key)
    if r is None:
        findings.append(Finding("FILE-NAME-MISSING", f"缺少定义名称 `{key}`", None, key,
                                f"工作簿级定义名称 {key}", "（不存在）", "请从标准模板复制该区域，或改用标准模板填报"))
        return None
    area, irregular = r
    if area[0] == "broken":
        findings.append(Finding("FILE-NAME-BROKEN", f"定义名称 `{key}` 指向无效的位置", None, key, None,
                                area[1], "该名称指向的单元格或工作表已被删除；请从标准模板恢复"))
        return None
    if irregular:
        findings.append(Finding("FILE-NAME-SCOPE", f"定义名称 `{key}` 有多个或只在工作表内有效，已使用 {area[0]}!{a1(area[1], area[2])}",
                                (area[0], area[1], area[2]), key))
    return area


def _header_key(s):
    return "".join(ch for ch in (s or "") if not ch.isspace() and ch not in "*＊")


def _read_table(book, t: Table, area, findings, generation=CURRENT_GENERATION):
    """The columns a later template added are read when the range has them
    (a workbook jixiao completed) and are empty otherwise."""
    sheet, r0, c0, r1, c1 = area
    declared = c1 - c0 + 1
    ncols = len(t.columns)
    expected = t.columns[:max(len(columns_in(t, generation)), min(declared, ncols))]
    width = min(declared, len(expected))
    mismatched = []
    for j, col in enumerate(expected):
        found = cell_text(book.cell(sheet, r0, c0 + j)) if j < width else None
        if _header_key(found) != _header_key(col[1]):
            mismatched.append(f"第{j + 1}列应为“{col[1]}”，实为“{found or ''}”")
    if mismatched or declared != len(expected):
        msg = f"表格 {t.label}（{t.key}）的表头与模板不一致"
        if declared != len(expected):
            msg += f"：应有 {len(expected)} 列，实有 {declared} 列"
        findings.append(Finding("TABLE-HEADER", msg, (sheet, r0, c0), t.key,
                                " | ".join(c[1] for c in expected), "；".join(mismatched),
                                "请勿修改、插入或删除表头列；已按列位置读取"))
    last = book.last_filled_row(sheet, c0, c1)
    last = r0 if last is None else min(last, r1)
    rows = []
    grid = book.grids.get(sheet) or []
    for r in range(r0 + 1, last + 1):
        line = grid[r] if r < len(grid) else ()
        raws = [(line[c0 + j] if j < width and c0 + j < len(line) else None) for j in range(ncols)]
        empty = all(is_blank(v) or (isinstance(v, str) and is_placeholder(v)) for v in raws)
        # A row of placeholders says nothing, unless its value cells say
        # “无”: a goal or indicator the department has not (不适用).
        marked = any(isinstance(raws[t.col(c)], str) and is_not_applicable(raws[t.col(c)])
                     for c in NA_ROW_COLUMNS.get(t.key, ()))
        label = _placeholder_label(t, raws)
        if (empty or label is not None) and not marked:
            if label is not None:
                j = t.col("level3")
                findings.append(Finding("TABLE-PLACEHOLDER-ROW",
                                        f"{t.label}第 {r + 1} 行只有占位文字“{label}”，没有填写指标，已跳过",
                                        (sheet, r, c0 + j), f"{t.key}.level3", None, label,
                                        "没有这项指标的删除该行；有的请填写指标名称、指标值和完成值"))
            continue
        cells = {}
        for j, (col, raw) in enumerate(zip(t.columns, raws)):
            cells[col[0]] = read_entry((sheet, r, c0 + j), raw, col[2], f"{t.key}.{col[0]}", findings)
        rows.append(Row(t, r, cells))
    return rows


def _placeholder_label(t, raws):
    """The placeholder text (“指标 2:”, “……”) of an indicator row that holds
    nothing else, or None."""
    ids = [c[0] for c in t.columns]
    if "target" not in ids or "level3" not in ids:
        return None
    v = raws[ids.index("level3")]
    if not (isinstance(v, str) and v.strip() and is_placeholder(v) and not is_not_applicable(v)):
        return None
    names = ("project", "level1", "level2", "level3")
    for cid, raw in zip(ids, raws):
        if cid in names:
            continue
        if not (is_blank(raw) or (isinstance(raw, str) and is_placeholder(raw))):
            return None
    return v.strip()


def build_model(book: Book):
    findings = []
    if not any(book.resolve(f[0]) for f in FIELDS) and not any(book.resolve(t.key) for t in TABLES):
        raise FileRefused(Finding("FILE-NOT-TEMPLATE",
                                  "工作簿中没有标准模板的定义名称（如 unit_name、tbl_finance），不是 jixiao 标准模板",
                                  hint="请用 `jixiao template` 生成的标准模板重新填报"))
    # The declared version says which names the workbook must have: a field
    # or column a later template added is unknown, not missing.
    declared = None
    r = book.resolve("template_version")
    if r is not None and r[0][0] != "broken":
        declared = cell_text(book.cell(*r[0][:3]))
        declared = declared.strip() if declared else None
    generation = (TEMPLATE_VERSIONS.index(declared) + 1 if declared in TEMPLATE_VERSIONS
                  else CURRENT_GENERATION)
    scalars = {}
    for key, label, kind, req, hint in FIELDS:
        if FIELD_SINCE.get(key, 1) > generation and book.resolve(key) is None:
            scalars[key] = Entry()
            continue
        area = _locate(book, key, findings)
        if area is None:
            scalars[key] = Entry()
            continue
        spot = (area[0], area[1], area[2])
        scalars[key] = read_entry(spot, book.cell(*spot), kind, key, findings)
    version = scalars["template_version"].text()
    if version is not None and version not in TEMPLATE_VERSIONS:
        raise FileRefused(Finding("FILE-UNKNOWN-VERSION", f"模板版本“{version}”不是本程序认识的版本",
                                  scalars["template_version"].spot, "template_version",
                                  "、".join(TEMPLATE_VERSIONS), version, "请使用财政部门下发的最新模板，或升级 jixiao"))
    tables = {}
    for t in TABLES:
        area = _locate(book, t.key, findings)
        rows = _read_table(book, t, area, findings, generation) if area else []
        tables[t.key] = TableData(t, area, rows)
    return Department(scalars, tables, generation), findings


# ---------------------------------------------------------------------------
# Validation (SPEC §8: fields, tables, arithmetic, cross-sheet, plausibility)


def _may_be_negative(key):
    return key in ("budget_adjustment", "balance_year", "balance_total") or key.endswith((".balance_year", ".balance_total"))


def _range_check(entry, kind, key, label, out):
    def push(msg, expected, hint=None):
        out.append(Finding("FIELD-RANGE", msg, entry.spot, key, expected, raw_display(entry.raw), hint))

    if kind == "year":
        y = entry.int()
        if y is not None and not 2000 <= y <= 2100:
            push(f"{label}应在 2000–2100 之间", "2000–2100", "填四位年份，如 2022")
    elif kind == "count":
        n = entry.int()
        if n is not None and n < 0:
            push(f"{label}不能为负数", "≥ 0")
    elif kind == "money":
        d = entry.dec()
        if d is not None and d < 0 and not _may_be_negative(key):
            push(f"{label}不能为负数", "≥ 0", "金额填正数；追减只在“预算调整数”中填负数")
    elif kind == "points":
        d = entry.dec()
        if d is not None and d < 0:
            push(f"{label}不能为负数", "≥ 0")
    elif kind == "percent":
        d = entry.dec()
        if d is not None and (d < 0 or d > HUNDRED):
            push(f"{label}应在 0%–100% 之间", "0%–100%", "填百分比，如 95%")


def _fields_checks(dept, frameworks_known, today, out):
    for key, label, kind, req, hint in FIELDS:
        e = dept.entry(key)
        if e.spot is None:
            continue
        if e.value is None:
            if req and FIELD_SINCE.get(key, 1) <= dept.generation and not e.unreadable:
                out.append(Finding("FIELD-REQUIRED", f"必填项“{label}”未填写", e.spot, key,
                                   KIND_DESCRIBE[kind], raw_display(e.raw), hint))
            continue
        _range_check(e, kind, key, label, out)
        t = e.text()
        if kind == "phone" and t is not None and not is_phone(t):
            out.append(Finding("FIELD-PHONE", f"联系电话“{t}”格式不对", e.spot, key,
                               "固定电话（如 0730-8075108）或 11 位手机号", t, "只填一个号码，数字之间可用“-”分隔"))
        elif kind == "choice" and t is not None and t.strip() not in PERIODS:
            out.append(Finding("FIELD-CHOICE", f"“{t}”不是可选值", e.spot, key, "、".join(PERIODS), t, "请从下拉列表选择"))
        elif kind == "framework" and t is not None and t not in frameworks_known:
            out.append(Finding("FIELD-CHOICE", f"评价框架“{t}”不存在", e.spot, key, "、".join(sorted(frameworks_known)), t,
                               "请从下拉列表选择本地区使用的评价框架"))
    d = dept.entry("fill_date").date()
    if d is not None:
        year = dept.int("year")
        too_early = year is not None and d.year < year
        too_late = d > today + _dt.timedelta(days=31)
        if too_early or too_late:
            expected = f"{year}-01-01 至 {today.isoformat()}" if year is not None else f"不晚于 {today.isoformat()}"
            out.append(Finding("FIELD-DATE", "填报日期早于评价年度" if too_early else "填报日期晚于今天",
                               dept.entry("fill_date").spot, "fill_date", expected, d.isoformat(), "填写实际填报的日期"))


def _row_name(row):
    cols = [c[0] for c in row.table.columns]
    indicator = next((row.text(c) for c in ("level3", "level2", "level1") if c in cols and row.text(c)), None)
    project = row.text("project") if "project" in cols else None
    if indicator and project:
        return f"“{indicator}”（{project}）"
    if indicator:
        return f"“{indicator}”"
    if project:
        return f"（{project}）"
    return None


def _not_applicable_note(row):
    t = row.table
    marked = row.marked_columns()
    first = marked[0] if marked else None
    marker = (row.cells[first].written() if first else None) or "无"
    labels = [t.columns[t.col(c)][1] for c in marked]
    name = _row_name(row)
    what = f"{t.label}第 {row.sheet_row + 1} 行{name or ''}"
    message = f"{what}的{'、'.join(labels)}填写为“{marker}”，按不适用读取"
    if any(c[0] == "points" for c in t.columns):
        message += "，不计分"
        points = row.dec("points")
        if points is not None and points != 0:
            message += f"，分值 {plain(points)} 不计入该项目的指标分值之和"
    message += "，不作为问题"
    return Finding("TABLE-NOT-APPLICABLE", message, row.spot(first) if first else None,
                   f"{t.key}.{first}" if first else None, None, marker,
                   "没有的目标或指标填“无”或删除该行均可；有实际内容的，请填写目标值和完成情况")


def _refused_marker(row, cid):
    t = row.table
    e = row.cells[cid]
    marker = e.written() or "无"
    label = t.columns[t.col(cid)][1]
    points = row.dec("points")
    return Finding("SCORE-NOT-APPLICABLE",
                   f"{t.label}第 {row.sheet_row + 1} 行{_row_name(row) or ''}的{label}填了“{marker}”：评价框架规定的指标都要计分，"
                   "不能按不适用处理", e.spot, f"{t.key}.{cid}", f"0–{plain(points)}" if points is not None else None, marker,
                   f"该行由评价框架生成，不能填“{marker}”，也不能删除：请填写{label}，低于满分的在“扣分原因”中说明")


def _tables_checks(dept, out):
    for t in TABLES:
        data = dept.tables.get(t.key)
        if data is None or data.area is None:
            continue
        if t.required and all(r.is_not_applicable() for r in data.rows):
            if not data.rows:
                out.append(Finding("TABLE-EMPTY", f"表格“{t.label}”没有填写任何数据", data.area[:3], t.key, hint=t.hint))
            else:
                out.append(Finding("TABLE-EMPTY", f"表格“{t.label}”各行都填写为不适用（“无”），但该表必须填写", data.area[:3],
                                   t.key, hint="该表必须填写：请在行中填写实际内容；不适用的行请删除"))
        for row in data.rows:
            not_applicable = row.is_not_applicable()
            if not_applicable:
                out.append(_not_applicable_note(row))
            for cid in NA_REFUSED_COLUMNS.get(t.key, ()):
                if row.cells[cid].not_applicable():
                    out.append(_refused_marker(row, cid))
            for cid, label, kind, req in t.columns:
                e = row.cells[cid]
                key = f"{t.key}.{cid}"
                if e.spot is None:
                    continue
                if e.value is None and req and not e.unreadable and not not_applicable:
                    if e.not_applicable():
                        marker = e.written()
                        out.append(Finding("FIELD-REQUIRED", f"{t.label}第 {row.sheet_row + 1} 行的“{label}”填了“{marker}”，该项必须填写",
                                           e.spot, key, KIND_DESCRIBE[kind], raw_display(e.raw),
                                           f"“{label}”不能填“{marker}”：请填写；没有这一行的内容时删除该行"))
                    else:
                        out.append(Finding("FIELD-REQUIRED", f"{t.label}第 {row.sheet_row + 1} 行的“{label}”未填写", e.spot, key,
                                           KIND_DESCRIBE[kind], raw_display(e.raw), t.hint))
                _range_check(e, kind, key, label, out)


def _disagree(a, b):
    return abs(a - b) > TOLERANCE


def _sum_cols(row, ids):
    vals = [v for v in (row.dec(i) for i in ids) if v is not None]
    return sum(vals, ZERO) if vals else None


def _formula_text(row, ids):
    parts = []
    for i in ids:
        label = row.table.columns[row.table.col(i)][1]
        v = row.dec(i)
        parts.append(f"{label} {fixed(v) if v is not None else '0'}")
    return " + ".join(parts)


def _row_sum(row, total, parts, code, what):
    """The finding when the stated total of a row is not the sum of its parts, else None."""
    stated, s = row.dec(total), _sum_cols(row, parts)
    if stated is None or s is None or not _disagree(stated, s):
        return None
    unit = row.text(row.table.columns[0][0]) or ""
    return Finding(code, f"{row.table.label}“{unit}”：{what} {fixed(stated)} ≠ {_formula_text(row, parts)} = {fixed(s)}",
                   row.spot(total), f"{row.table.key}.{total}", fixed(s), fixed(stated),
                   f"把本行“{what}”改为 {fixed(s)}，或核对各组成部分（差额 {fixed(stated - s)}）")


def _check_row_sum(row, total, parts, code, what, out):
    f = _row_sum(row, total, parts, code, what)
    if f is not None:
        out.append(f)


CURRENT_INCOME = ("general_budget", "fund_budget", "special_account", "other_income")


def _current_income(row):
    """本年收入: the grants and other income, or 收入合计 less 上年结转."""
    v = _sum_cols(row, CURRENT_INCOME)
    if v is not None:
        return v
    total = row.dec("income_total")
    return total - (row.dec("carryover") or ZERO) if total is not None else None


def _identities(dept, out):
    """The 收支恒等式 of each 收支情况 row: 收入合计, 基本支出 and 支出合计
    against their parts; when they hold, 当年结余 = 本年收入 − 支出合计 and
    累计结余 = 上年结转 + 当年结余; when the 汇总 row holds, its 累计结余
    against the budget (CROSS-YEAR-END)."""
    summary_sound = False
    for i, row in enumerate(dept.rows("tbl_finance")):
        sound = _row_identities(row, out)
        if i == 0:
            summary_sound = sound
    if summary_sound:
        _year_end(dept, out)


def _row_identities(row, out):
    totals = [_income_total(row),
              _row_sum(row, "basic", ("personnel", "public_exp"), "SUM-BASIC", "基本支出"),
              _row_sum(row, "expense_total", ("basic", "project"), "SUM-EXPENSE", "支出合计")]
    if any(f is not None for f in totals):
        out.extend(f for f in totals if f is not None)
        return False
    income, spent = _current_income(row), row.dec("expense_total")
    if income is None or spent is None:
        return True
    unit = row.text("unit") or ""
    label = row.table.label
    stated = row.dec("balance_year")
    if stated is not None and _disagree(stated, income - spent):
        computed = income - spent
        out.append(Finding("CROSS-BALANCE",
                           f"{label}“{unit}”：当年结余 {fixed(stated)} ≠ 本年收入 {fixed(income)} − 支出合计 {fixed(spent)} = {fixed(computed)}",
                           row.spot("balance_year"), "tbl_finance.balance_year", fixed(computed), fixed(stated),
                           f"把本行“当年结余”改为 {fixed(computed)}：当年结余是本年收支差额，本年收入 = 收入合计 − 上年结转"
                           "（各项拨款与其他收入之和），上年结转不计入当年结余，计入累计结余"))
    stated = row.dec("balance_total")
    if stated is None:
        return True
    carry = row.dec("carryover")
    computed = (carry or ZERO) + income - spent
    if not _disagree(stated, computed):
        return True
    hint = f"把本行“累计结余”改为 {fixed(computed)}：累计结余 = 上年结转 + 当年结余 = 收入合计 − 支出合计"
    if carry is None:
        hint += "；有上年结转而未填的，补填本行“上年结转”并计入收入合计"
    out.append(Finding("CROSS-BALANCE-TOTAL",
                       f"{label}“{unit}”：累计结余 {fixed(stated)} ≠ 上年结转 {fixed(carry or ZERO)} + 本年收入 {fixed(income)} − "
                       f"支出合计 {fixed(spent)} = {fixed(computed)}",
                       row.spot("balance_total"), "tbl_finance.balance_total", fixed(computed), fixed(stated), hint))
    return False


def _income_total(row):
    current = _sum_cols(row, CURRENT_INCOME)
    if current is None:
        return None
    f = _row_sum(row, "income_total", INCOME_PARTS, "SUM-INCOME", "收入合计")
    if f is None:
        return None
    stated = row.dec("income_total")
    if _disagree(stated, current):
        return f
    f["hint"] = (f"本表的“收入合计”含上年结转（即决算的“收入总计” = 年初结转和结余 + 本年收入合计）；"
                 f"本格填的 {fixed(stated)} 是不含上年结转的本年收入合计，应改为 {fixed(stated + (row.dec('carryover') or ZERO))}")
    return f


def _compared(a, b):
    (a_name, a), (b_name, b) = a, b
    if not _disagree(a, b):
        how = ""
    elif a > b:
        how = f" 多 {fixed(a - b)}"
    else:
        how = f" 少 {fixed(b - a)}"
    verb = "比" if how else "等于"
    return f"{a_name} {fixed(a)} {verb}{b_name} {fixed(b)}{how}"


def _year_end(dept, out):
    summary = summary_row(dept)
    stated = summary.dec("balance_total") if summary else None
    full, executed = full_year_budget(dept), dept.dec("budget_executed")
    if stated is None or full is None or executed is None:
        return
    computed = full - executed
    if not _disagree(stated, computed):
        return
    initial = dept.dec("budget_initial") or ZERO
    adjustment = net_adjustment(dept) or ZERO
    message = (f"累计结余 {fixed(stated)} ≠ 按预算推算的年末结余：上年结转 {fixed(carryover(dept) or ZERO)} + 年初预算数 "
               f"{fixed(initial)} + 预算调整数 {fixed(adjustment)} − 预算执行数 {fixed(executed)} = {fixed(computed)}"
               f"（相差 {fixed(stated - computed)}）")
    income, spent = _current_income(summary), summary.dec("expense_total")
    if income is not None and spent is not None:
        message += (f"；{_compared(('本年收入', income), ('年初预算数与预算调整数之和', initial + adjustment))}，"
                    f"{_compared(('支出合计', spent), ('预算执行数', executed))}")

    def cell(k):
        spot = dept.entry(k).spot
        return f"（{spot[0]}!{a1(spot[1], spot[2])}）" if spot else ""
    out.append(Finding("CROSS-YEAR-END", message, summary.spot("balance_total"), "tbl_finance.balance_total",
                       fixed(computed), fixed(stated),
                       "预算外收入（如其他收入、非税收入）或预算执行数与支出合计口径不同时，两者可以不等，"
                       f"请在报告中说明差额来源；否则核对年初预算数{cell('budget_initial')}、预算调整数"
                       f"{cell('budget_adjustment')}、预算执行数{cell('budget_executed')}"))


INCOME_PARTS = ("carryover", "general_budget", "fund_budget", "special_account", "other_income")
FINANCE_MONEY = INCOME_PARTS + ("income_total", "personnel", "public_exp", "basic", "project",
                                "expense_total", "balance_year", "balance_total")


def _arithmetic(dept, out):
    finance = dept.rows("tbl_finance")
    if len(finance) > 1:
        summary, units = finance[0], finance[1:]
        for cid in FINANCE_MONEY:
            vals = [v for v in (r.dec(cid) for r in units) if v is not None]
            if not vals and summary.dec(cid) is None:
                continue
            s = sum(vals, ZERO)
            stated = summary.dec(cid) or ZERO
            if _disagree(stated, s):
                label = summary.table.columns[summary.table.col(cid)][1]
                out.append(Finding("SUM-SUBUNITS", f"汇总行的“{label}” {fixed(stated)} ≠ 各机构之和 {fixed(s)}",
                                   summary.spot(cid), f"tbl_finance.{cid}", fixed(s), fixed(stated),
                                   "第一行应为汇总行，等于其余各机构之和；只有本级时只填一行"))
    parts = ("assets_in_use", "assets_leased", "assets_other")
    vals = [dept.dec(k) for k in parts]
    total = dept.dec("assets_total")
    if total is not None and any(v is not None for v in vals):
        s = sum((v for v in vals if v is not None), ZERO)
        if _disagree(total, s):
            shown = [fixed(v) if v is not None else "0" for v in vals]
            out.append(Finding("SUM-ASSETS", f"固定资产合计 {fixed(total)} ≠ 在用 {shown[0]} + 出租 {shown[1]} + 其他 {shown[2]} = {fixed(s)}",
                               dept.entry("assets_total").spot, "assets_total", fixed(s), fixed(total), "核对固定资产合计及其组成"))
    for row in dept.rows("tbl_projects"):
        for total_id, ids, what in (("budget_initial", ("fiscal_initial", "carry_initial", "other_initial"), "年初预算数"),
                                    ("budget_full", ("fiscal_full", "carry_full", "other_full"), "全年预算数"),
                                    ("executed", ("fiscal_executed", "carry_executed", "other_executed"), "全年执行数")):
            _check_row_sum(row, total_id, ids, "SUM-PROJECT-FUNDS", what, out)


def _cross(dept, out):
    summary = summary_row(dept)
    projects = dept.rows("tbl_projects")
    for row in projects:
        bf, ex = row.dec("budget_full"), row.dec("executed")
        if bf is not None and ex is not None and ex - bf > TOLERANCE:
            out.append(Finding("CROSS-PROJECT-OVERSPEND", f"项目“{row.text('name') or ''}”全年执行数 {fixed(ex)} 大于全年预算数 {fixed(bf)}",
                               row.spot("executed"), "tbl_projects.executed", f"≤ {fixed(bf)}", fixed(ex),
                               "核实执行数，或在完成情况中说明超预算原因"))
    executed_list = [v for v in (r.dec("executed") for r in projects) if v is not None]
    if summary is not None and summary.dec("project") is not None and executed_list:
        total, project_exp = sum(executed_list, ZERO), summary.dec("project")
        if total - project_exp > TOLERANCE:
            out.append(Finding("CROSS-PROJECT-TOTAL", f"各项目全年执行数合计 {fixed(total)} 超过收支情况表的项目支出 {fixed(project_exp)}",
                               projects[0].spot("executed"), "tbl_projects.executed", f"≤ {fixed(project_exp)}", fixed(total),
                               "核对项目支出表与收支情况表的口径和单位（万元）"))
    names = {r.text("name").strip() for r in projects if r.text("name")}
    for row in dept.rows("tbl_project_indicators"):
        name = row.text("project")
        if name is not None and name.strip() not in names:
            out.append(Finding("CROSS-PROJECT-UNKNOWN", f"指标所属项目“{name}”不在项目支出表中", row.spot("project"),
                               "tbl_project_indicators.project", "、".join(sorted(names)) if names else "（项目支出表为空）",
                               name, "使项目名称与“项目支出”表完全一致"))


_YEAR_RE = re.compile(r"(?<![0-9])([0-9]{4})(?=年)")


def foreign_years(text, year):
    found = []
    for m in _YEAR_RE.finditer(text):
        y = int(m.group(1))
        if 2000 <= y <= 2100 and y != year and y not in found:
            found.append(y)
    return found


def _plausibility(dept, out):
    rate = budget_completion(dept)
    if rate is not None:
        spot = dept.entry("budget_executed").spot
        full = full_year_budget(dept) or ZERO
        executed = dept.dec("budget_executed") or ZERO
        if rate > HUNDRED:
            out.append(Finding("PLAUS-RATE-HIGH", f"预算完成率 {fixed(rate)}%（执行数 {fixed(executed)} ÷ 全年预算数 {fixed(full)}）超过 100%",
                               spot, "budget_executed", "≤ 100%", f"{fixed(rate)}%", "核实预算数（含调整数、上年结转）和执行数"))
        elif rate < 60:
            out.append(Finding("PLAUS-EXECUTION-LOW", f"预算完成率 {fixed(rate)}%（执行数 {fixed(executed)} ÷ 全年预算数 {fixed(full)}）低于 60%",
                               spot, "budget_executed", "≥ 60%", f"{fixed(rate)}%", "核实预算数和执行数；确属执行偏慢的，在存在的问题中说明原因"))
    rate = public_expense_control(dept)
    if rate is not None and rate > HUNDRED:
        public = (summary_row(dept).dec("public_exp") if summary_row(dept) else None) or ZERO
        out.append(Finding("PLAUS-RATE-HIGH", f"公用经费控制率 {fixed(rate)}%（公用支出 {fixed(public)} ÷ 公用经费预算数 {fixed(dept.dec('public_budget') or ZERO)}）超过 100%",
                           dept.entry("public_budget").spot, "public_budget", "≤ 100%", f"{fixed(rate)}%",
                           "核实公用经费预算数与公用支出的口径；超支须说明原因"))
    quota, actual = dept.int("staff_quota"), dept.int("staff_actual")
    if quota is not None and actual is not None and actual > quota:
        out.append(Finding("PLAUS-STAFF-OVER-QUOTA", f"实有人数 {actual} 超过编制数 {quota}", dept.entry("staff_actual").spot,
                           "staff_actual", f"≤ {quota}", str(actual), "核实编制数和实有人数"))
    year = dept.int("year")
    if year is not None:
        for key, cols in (("tbl_goals", ("goal", "done")), ("tbl_targets", ("target", "actual")),
                          ("tbl_projects", ("goal", "done")), ("tbl_project_indicators", ("target", "actual"))):
            for row in dept.rows(key):
                for cid in cols:
                    text = row.text(cid)
                    if not text:
                        continue
                    years = foreign_years(text, year)
                    if years:
                        out.append(Finding("PLAUS-YEAR-IN-TEXT", f"文字中写的是{'、'.join(f'{y}年' for y in years)}，评价年度是{year}年",
                                           row.spot(cid), f"{key}.{cid}", f"{year}年", text[:60], "核实是否沿用了其他年度的材料"))
    for key, code, what in (("tbl_problems", "PLAUS-NO-PROBLEMS", "存在的主要问题"), ("tbl_measures", "PLAUS-NO-MEASURES", "改进措施和有关建议")):
        data = dept.tables.get(key)
        if data is not None and data.area is not None and not data.rows:
            out.append(Finding(code, f"“{what}”未填写", data.area[:3], key, hint=f"在“{what}”表中逐条填写"))


def _adjustment(dept, out):
    """The net 预算调整数 against 追加 − 追减 (a 结构调整 nets to zero), and the
    adjustments left out of 预算调整率 against all of them. A workbook of the
    first template has no parts, and nothing is checked."""
    added, reduced = dept.dec("budget_added"), dept.dec("budget_reduced")
    if added is None or reduced is None:
        return
    reduced = abs(reduced)      # a positive amount; typed negative, still a reduction
    net = dept.dec("budget_adjustment")
    if net is not None:
        parts = added - reduced
        if _disagree(net, parts):
            out.append(Finding("SUM-ADJUSTMENT",
                               f"预算调整数 {fixed(net)} ≠ 追加预算数 {fixed(added)} − 追减预算数 {fixed(reduced)} = "
                               f"{fixed(parts)}（结构调整在科目、项目之间调剂，合计为 0）",
                               dept.entry("budget_adjustment").spot, "budget_adjustment", fixed(parts), fixed(net),
                               f"核对预算调整数与追加、追减预算数，使预算调整数等于追加减追减（差额 {fixed(net - parts)}）"))
    excluded = dept.dec("budget_adjust_excluded")
    if excluded is None:
        return
    values = [dept.dec(k) for k in ADJUSTMENT_PARTS]
    if any(v is None for v in values):
        return
    total = sum((abs(v) for v in values), ZERO)
    if abs(excluded) - total > TOLERANCE:
        out.append(Finding("SUM-ADJUSTMENT",
                           f"其中不计入预算调整率的调整数 {fixed(abs(excluded))} 大于追加、追减、结构调整之和 {fixed(total)}",
                           dept.entry("budget_adjust_excluded").spot, "budget_adjust_excluded", f"≤ {fixed(total)}",
                           fixed(abs(excluded)), "国家政策、不可抗力、上级交办等调整是追加、追减或结构调整的一部分：核对这几个数"))


# ---------------------------------------------------------------------------
# Numbers of the prose against the tables (jixiao's src/rules/claims):
# TEXT-NUMBER-MISMATCH where a 说明, 成绩 or 完成情况 names a figure of the
# workbook and writes a different number for it.

_CLAIM_BEFORE_LABEL = ("其中", "我局", "本局", "全局", "我单位", "本单位", "我部门", "本部门", "我中心", "本中心", "我委",
                       "我办", "我区", "我县", "我市", "全年", "本年度", "本年", "当年", "年度", "本级", "截至", "截止", "年末",
                       "年底", "末", "底", "共有", "共", "整体支出", "整体", "实现", "该项目", "本项目", "项目")
_CLAIM_LINKING = ("为", "是", "达到", "达", "共计", "共", "合计", "总计", "总额", "计", "数", "额", "金额", ":", "了", "已",
                  "实际", "支出", "收入", "资金", "经费", "规模", "有")
_CLAIM_OTHER_SCOPE = ("下属", "下设", "二级机构", "所属单位", "全县", "全市", "全省", "全国")
_COUNT_UNITS = ("人次", "户次", "人", "户", "次", "个", "家", "项", "名", "所", "辆", "台", "件", "场", "批", "条", "篇")
_BOUNDS_AFTER = ("以上", "以下", "以内", "左右", "上下", "余", "多", "/", "每")
_CN_NUMERALS = set("零〇一二两三四五六七八九十百千万亿")
_CN_DIGIT = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_SMALL = {"十": 10, "百": 100, "千": 1000}
_QUOTES = set("“”‘’\"'「」『』")
_TEN_THOUSAND = Decimal(10000)


class _Norm:
    """The text as the claims read it (full-width digits, ％ ． ： folded, quotes
    and spaces dropped, “（境）” read as 境), each character with its index in
    the original."""

    def __init__(self, s):
        chars, orig = [], []
        i, n = 0, len(s)
        while i < n:
            c = s[i]
            if c in "（(" and i + 2 < n and s[i + 1] == "境" and s[i + 2] in "）)":
                chars.append("境")
                orig.append(i + 1)
                i += 3
                continue
            if "０" <= c <= "９":
                c = chr(ord(c) - 0xFF10 + 0x30)
            elif c == "％":
                c = "%"
            elif c == "．":
                c = "."
            elif c == "：":
                c = ":"
            elif c in _QUOTES or (c.isspace() and c != "\n"):
                c = None
            if c is not None:
                chars.append(c)
                orig.append(i)
            i += 1
        self.text = "".join(chars)
        self.orig = orig
        self.original_len = n

    def slice(self, a, b):
        return self.text[a:b]

    def original(self, s, a, b):
        x = self.orig[a] if a < len(self.orig) else self.original_len
        y = self.orig[b] if b < len(self.orig) else self.original_len
        return s[x:y]


def _ends_sentence(c):
    return c in "。;；!！?？\n"


def _ends_clause(c):
    return _ends_sentence(c) or c in "，,、:（）()《》【】"


@dataclass
class _Quantity:
    value: Decimal
    scale: Decimal
    dim: str            # money | percent | count
    unit: str
    step: Decimal
    start: int
    end: int
    approx: bool


def _cn_number(run):
    """A Chinese numeral (万 = 10⁴, 亿 = 10⁸), or None."""
    total = wan = section = 0
    num = None
    for ch in run:
        if ch in _CN_DIGIT:
            if num is not None:
                return None
            num = _CN_DIGIT[ch]
        elif ch in _CN_SMALL:
            section += (1 if num is None else num) * _CN_SMALL[ch]
            num = None
        elif ch == "万":
            part = section + (num or 0)
            if part == 0 or wan:
                return None
            wan, section, num = part * 10000, 0, None
        else:                       # 亿
            part = wan + section + (num or 0)
            if part == 0:
                return None
            total, wan, section, num = total + part * 100000000, 0, 0, None
    return total + wan + section + (num or 0)


def _unit_after(t, start, end, value, step):
    j = end
    mult, mult_word = ONE, ""
    nxt = t[j] if j < len(t) else ""
    if nxt == "万":
        mult, mult_word, j = Decimal(10000), "万", j + 1
    elif nxt == "亿":
        mult, mult_word, j = Decimal(100000000), "亿", j + 1
    elif nxt == "千" and t[j + 1:j + 2] == "元":
        mult, mult_word, j = Decimal(1000), "千", j + 1
    approx = False
    if t[j:j + 1] in ("余", "多") and j < len(t):
        approx, j = True, j + 1
    if t[j:j + 1] == "元":
        dim, unit, scale, unit_end = "money", f"{mult_word}元", mult / _TEN_THOUSAND, j + 1
    elif t[j:j + 1] == "%" and not mult_word and not approx:
        dim, unit, scale, unit_end = "percent", "%", ONE, j + 1
    else:
        u = next((u for u in _COUNT_UNITS if t.startswith(u, j)), None)
        if u is not None:
            if u == "个" and t.startswith("百分点", j + 1):
                return None
            dim, unit, scale, unit_end = "count", f"{mult_word}{u}", mult, j + len(u)
        elif mult_word and mult_word != "千":
            dim, unit, scale, unit_end = "money", f"{mult_word}元", mult / _TEN_THOUSAND, j
        else:
            return None
    if start > 0 and t[start - 1] == "第":
        return None
    approx = approx or any(t.startswith(b, unit_end) for b in _BOUNDS_AFTER)
    return _Quantity(value, scale, dim, unit, step, start, unit_end, approx)


def _chinese_amount(t, start, end):
    run = t[start:end]
    if len(run) < 2:
        return None
    after = t[end:end + 1]
    if after == "元":
        unit_end, approx = end + 1, False
    elif after in ("余", "多") and after and t[end + 1:end + 2] == "元":
        unit_end, approx = end + 2, True
    elif run[-1] in "万亿":
        unit_end, approx = end, False
    else:
        return None
    v = _cn_number(run)
    if v is None:
        return None
    step, rest = ONE, v
    while rest >= 10 and rest % 10 == 0:
        rest //= 10
        step *= 10
    approx = approx or any(t.startswith(b, unit_end) for b in _BOUNDS_AFTER)
    return _Quantity(Decimal(v), Decimal("0.0001"), "money", "元", step, start, unit_end, approx)


def _quantities(norm):
    t = norm.text
    out = []
    i, n = 0, len(t)
    while i < n:
        c = t[i]
        prev = t[i - 1] if i > 0 else ""
        after_word = bool(prev) and ((prev.isascii() and prev.isalnum()) or prev in ".-")
        if c.isascii() and c.isdigit() and not after_word:
            d = _scan_digits(t, i)
            if d is not None:
                literal, end, _grouped = d
                dp = len(literal.split(".", 1)[1]) if "." in literal else 0
                q = _unit_after(t, i, end, Decimal(literal), Decimal(1).scaleb(-min(dp, 20)))
                if q is not None:
                    i = q.end
                    out.append(q)
                    continue
                i = max(end, i + 1)
                while i < n and t[i].isascii() and t[i].isdigit():
                    i += 1
                continue
            while i < n and ((t[i].isascii() and t[i].isdigit()) or t[i] == ","):
                i += 1
            continue
        if c in _CN_NUMERALS and prev not in _CN_NUMERALS:
            j = i
            while j < n and t[j] in _CN_NUMERALS:
                j += 1
            q = _chinese_amount(t, i, j)
            if q is not None:
                i = q.end
                out.append(q)
                continue
            i = j
            continue
        i += 1
    return out


# Labels a text gives a figure, and the figure: ("summary", col) of the
# 收支情况 汇总 row, ("sum", cols), ("income",) 本年收入, ("expense_balance",)
# 支出总计, ("field", key), ("full_year",), ("sangong", part), ("metrics", ids).
_CLAIM_SYNONYMS = (
    (("收入合计", "收入总计", "总收入", "收入总额"), ("summary", "income_total")),
    (("本年收入合计", "本年收入"), ("income",)),
    (("财政拨款收入", "财政拨款"), ("sum", ("general_budget", "fund_budget"))),
    (("支出合计", "总支出", "整体支出", "整体支出规模", "支出总额", "本年支出合计", "本年支出"), ("summary", "expense_total")),
    (("支出总计",), ("expense_balance",)),
    (("基本支出",), ("summary", "basic")),
    (("人员支出", "人员经费", "人员经费支出"), ("summary", "personnel")),
    (("公用支出", "公用经费", "日常公用经费", "公用经费支出"), ("summary", "public_exp")),
    (("项目支出", "专项支出"), ("summary", "project")),
    (("上年结转", "年初结转和结余", "年初结转结余"), ("summary", "carryover")),
    (("当年结余",), ("summary", "balance_year")),
    (("累计结余", "年末结转和结余", "年末结转结余", "结转结余"), ("summary", "balance_total")),
    (("年初预算", "年初预算数", "年初批复预算"), ("field", "budget_initial")),
    (("预算调整数",), ("field", "budget_adjustment")),
    (("全年预算数", "全年预算"), ("full_year",)),
    (("预算执行数", "预算执行金额"), ("field", "budget_executed")),
    (("公用经费预算", "公用经费预算数"), ("field", "public_budget")),
    (("重点项目支出",), ("field", "key_project_exp")),
    (("政府采购支出总额", "政府采购支出", "政府采购金额", "政府采购"), ("field", "procurement_actual")),
    (("固定资产原值", "固定资产合计", "固定资产总额"), ("field", "assets_total")),
    (("在用固定资产",), ("field", "assets_in_use")),
    (("三公经费", "三公经费支出", "三公经费总支出", "三公经费决算", "三公经费决算数", "三公支出"), ("sangong", "actual")),
    (("三公经费预算", "三公经费预算数"), ("sangong", "budget")),
    (("公务接待费", "公务接待费支出", "公务接待支出"), ("field", "sg_reception_actual")),
    (("公务用车运行维护费", "公务用车运行费", "公务用车运维费", "公车运行维护费"), ("field", "sg_car_run_actual")),
    (("公务用车购置费",), ("field", "sg_car_buy_actual")),
    (("因公出国境费", "因公出国费", "因公出国境支出"), ("field", "sg_abroad_actual")),
    (("编制", "核定编制", "人员编制", "编制数", "核定编制数"), ("field", "staff_quota")),
    (("在职人数", "实有人数", "在职人员", "在职", "在编人数", "实有人员"), ("field", "staff_actual")),
    (("在职人员控制率", "人员控制率", "编制内在职人员控制率", "财政供养人员控制率"), ("metrics", ("staff_control",))),
    (("公用经费控制率",), ("metrics", ("public_expense_control",))),
    (("三公经费控制率", "三公控制率"), ("metrics", ("sangong_control",))),
    (("预算完成率", "预算执行率"), ("metrics", ("budget_completion",))),
    (("预算调整率",), ("metrics", ("budget_adjustment_gross", "budget_adjustment_net"))),
    (("结转结余率",), ("metrics", ("carryover_balance_rate", "carryover_derived_rate"))),
    (("重点支出安排率",), ("metrics", ("key_spending",))),
    (("政府采购执行率",), ("metrics", ("procurement_execution",))),
    (("公务卡刷卡率",), ("metrics", ("card_payment",))),
    (("固定资产利用率",), ("metrics", ("asset_utilization",))),
)
_SYNONYM_FIGURE = {label: fig for labels, fig in _CLAIM_SYNONYMS for label in labels}
_FIGURE_NAME = {}
for _labels, _fig in _CLAIM_SYNONYMS:
    _FIGURE_NAME.setdefault(_fig, _labels[0])


def _leftmost_longest(text, patterns, longest):
    """(start, end, pattern) of the non-overlapping leftmost-longest matches."""
    out, i, n = [], 0, len(text)
    while i < n:
        for k in range(min(longest, n - i), 0, -1):
            if text[i:i + k] in patterns:
                out.append((i, i + k, text[i:i + k]))
                i += k
                break
        else:
            i += 1
    return out


_SYNONYM_LONGEST = max(len(k) for k in _SYNONYM_FIGURE)


@dataclass
class _Fact:
    value: Decimal
    dim: str
    unit: str | None
    place: str


def _claim_place(spot, what):
    return f"{what}，{spot[0]}!{a1(spot[1], spot[2])}" if spot else what


def _facts_of(dept, fig):
    summary = summary_row(dept)

    def cell(cid):
        if summary is None or summary.dec(cid) is None:
            return None
        label = TABLE_BY_KEY["tbl_finance"].columns[TABLE_BY_KEY["tbl_finance"].col(cid)][1]
        return summary.dec(cid), _claim_place(summary.spot(cid), f"收支情况汇总行{label}")

    kind = fig[0]
    if kind == "summary":
        c = cell(fig[1])
        return [_Fact(c[0], "money", None, c[1])] if c else []
    if kind == "sum":
        parts = [c for c in (cell(i) for i in fig[1]) if c]
        if not parts:
            return []
        return [_Fact(sum((p[0] for p in parts), ZERO), "money", None, " ＋ ".join(p[1] for p in parts))]
    if kind == "income":
        total = cell("income_total")
        if not total:
            return []
        carry = cell("carryover")
        return [_Fact(total[0] - (carry[0] if carry else ZERO), "money", None,
                      f"{total[1]} − {carry[1]}" if carry else total[1])]
    if kind == "expense_balance":
        total = cell("expense_total")
        if not total:
            return []
        b = cell("balance_total")
        if b:
            return [_Fact(total[0] + b[0], "money", None, f"{total[1]} ＋ {b[1]}")]
        return [_Fact(total[0], "money", None, total[1])]
    if kind == "field":
        k = fig[1]
        v = dept.dec(k)
        if v is None:
            return []
        f = FIELD_BY_KEY[k]
        dim = {"count": "count", "percent": "percent"}.get(f[2], "money")
        return [_Fact(v, dim, None, _claim_place(dept.entry(k).spot, f[1].removeprefix("其中：")))]
    if kind == "full_year":
        v = full_year_budget(dept)
        return [] if v is None else [_Fact(v, "money", None, "全年预算数 = 上年结转 ＋ 年初预算数 ＋ 预算调整数")]
    if kind == "sangong":
        v = sangong_total(dept, fig[1])
        if v is None:
            return []
        what = "“三公”经费本年预算四项之和" if fig[1] == "budget" else "“三公”经费本年决算四项之和"
        spot = dept.entry(f"sg_{SANGONG_KINDS[0][0]}_{fig[1]}").spot
        first = f"，自{spot[0]}!{a1(spot[1], spot[2])}起" if spot else ""
        return [_Fact(v, "money", None, f"{what}{first}")]
    out = []
    for m in fig[1]:
        kind_, v = measure(m, dept)
        if kind_ == "value":
            out.append(_Fact(v, "percent", None, f"按“{METRICS[m][1]}”计算"))
    return out


def name_variants(name):
    """The ways a text names a project or indicator: without a trailing
    parenthesis or a leading year, without 职工 or 人员, at least 4 characters."""
    full = _Norm(name).text
    base = full
    for o, c in (("（", "）"), ("(", ")")):
        if base.endswith(c) and o in base:
            base = base[:base.rfind(o)]
    if any(ch.isascii() and ch.isdigit() for ch in base):
        year_len = 0
        while year_len < len(base) and base[year_len].isascii() and base[year_len].isdigit():
            year_len += 1
        rest = base[year_len:]
        rest = rest[2:] if rest.startswith("年度") else rest[1:] if rest.startswith("年") else None
        if year_len == 4 and rest is not None and not any(ch.isascii() and ch.isdigit() for ch in rest):
            base = rest
        else:
            return []
    out = [base] + [base.replace(w, "", 1) for w in ("职工", "人员") if w in base]
    out = [v for v in out if len(v) >= 4]
    if full != base and len(full) >= 4:
        out.append(full)
    return sorted(set(out))


_BOUND_WORDS = ("≥", "≤", ">", "<", "＞", "＜", "大于", "小于", "不低于", "不少于", "不高于", "不超过", "以上", "以下", "以内")
_PLAIN_DECIMAL = re.compile(r"^[+-]?(?:\d+\.?\d*|\.\d+)$")


def _indicator_fact(row, cid, name, what):
    written = row.cells[cid].written()
    if written is None or any(b in written for b in _BOUND_WORDS):
        return None
    where = _claim_place(row.spot(cid), what)
    n = _Norm(written)
    qs = _quantities(n)
    if len(qs) == 1:
        q = qs[0]
        if q.approx:
            return None
        return _Fact(q.value * q.scale, q.dim, q.unit if q.dim == "count" else None, where)
    if qs or not _PLAIN_DECIMAL.match(n.text):
        return None
    dim = "percent" if ("%" in name or name.endswith(("率", "度"))) else "money" if "万元" in name else "count"
    return _Fact(Decimal(n.text), dim, None, where)


def _claim_names(dept):
    out = []
    for i, row in enumerate(dept.rows("tbl_projects")):
        name = row.text("name")
        if name is not None:
            out.extend((v, ("project", i)) for v in name_variants(name))
    for targets, table in ((False, "tbl_project_indicators"), (True, "tbl_targets")):
        for i, row in enumerate(dept.rows(table)):
            name = row.text("level3")
            if name is not None and not row.is_not_applicable():
                out.extend((v, ("indicator", targets, i)) for v in name_variants(name))
    return out


def _claim_target(dept, source):
    if source[0] == "figure":
        name, facts = _FIGURE_NAME[source[1]], _facts_of(dept, source[1])
    elif source[0] == "project":
        row = dept.rows("tbl_projects")[source[1]]
        facts = [_Fact(row.dec(c), "money", None, _claim_place(row.spot(c), f"项目{what}"))
                 for c, what in (("budget_initial", "年初预算数"), ("budget_full", "全年预算数"), ("executed", "全年执行数"))
                 if row.dec(c) is not None]
        name = f"项目“{row.text('name') or ''}”的资金"
    else:
        row = dept.rows("tbl_targets" if source[1] else "tbl_project_indicators")[source[2]]
        level3 = row.text("level3")
        if level3 is None:
            return None
        facts = [f for f in (_indicator_fact(row, c, level3, what) for c, what in (("actual", "实际完成值"), ("target", "年度指标值")))
                 if f is not None]
        name = f"指标“{level3}”"
    return (name, facts) if facts else None


def _tokens(s, nxt):
    while s:
        k = nxt(s)
        if not k:
            return False
        s = s[k:]
    return True


def _comparable(q, f):
    if q.dim != f.dim:
        return False
    if f.unit is not None and q.dim == "count":
        def same(a):
            return "人" if a == "名" else a
        return same(f.unit.lstrip("万")) == same(q.unit.lstrip("万"))
    return True


def _agrees(q, f):
    if q.scale == 0 or q.step == 0:
        return True
    rounded = round2(f.value / q.scale / q.step, 0) * q.step
    if rounded == q.value:
        return True
    return q.dim != "count" and abs(q.value * q.scale - f.value) <= TOLERANCE


def _claim_shown(q, f):
    v = f.value / q.scale
    dp = max(-q.step.as_tuple().exponent, 0 if q.dim == "count" else 2)
    text = fixed(v, 0) if (q.dim == "count" and v == v.to_integral_value()) else fixed(v, dp)
    return f"{text}{q.unit}"


def _claim_texts(dept):
    out = [(key, dept.entry(key)) for key, _l, kind, _r, _h in FIELDS if kind == "long" or key == "org_structure"]
    for t in TABLES:
        for cid, _label, kind, _req in t.columns:
            if kind != "long" or (t.key, cid) == ("tbl_scores", "criteria"):
                continue
            out.extend((f"{t.key}.{cid}", row.cells[cid]) for row in dept.rows(t.key))
    return out


def _claims(dept, out):
    unit = dept.text("unit_name")
    unit = _Norm(unit).text if unit else None
    year = dept.int("year")

    def year_at(s):
        if len(s) < 4 or not all(ch.isascii() and ch.isdigit() for ch in s[:4]) or (s[4:5].isascii() and s[4:5].isdigit()):
            return None
        if int(s[:4]) != year:
            return None
        return 6 if s.startswith("年度", 4) else 5 if s.startswith("年", 4) else None

    def before_label(s):
        def nxt(rest):
            cands = [len(w) for w in _CLAIM_BEFORE_LABEL if rest.startswith(w)]
            if unit and rest.startswith(unit):
                cands.append(len(unit))
            y = year_at(rest)
            if y:
                cands.append(y)
            digits = 0
            while digits < len(rest) and rest[digits].isascii() and rest[digits].isdigit():
                digits += 1
            if 0 < digits < 3 and rest.startswith(".", digits):
                cands.append(digits + 1)
            return max(cands, default=None)
        return _tokens(s, nxt)

    def linking(s):
        return _tokens(s, lambda rest: max((len(w) for w in _CLAIM_LINKING if rest.startswith(w)), default=None))

    own = {}
    for label, source in _claim_names(dept):
        own.setdefault(label, []).append(source)
    own_longest = max((len(k) for k in own), default=0)
    for field_key, entry in _claim_texts(dept):
        s = entry.text()
        if not s or not any((ch.isascii() and ch.isdigit()) or "０" <= ch <= "９" or ch in "元万亿" for ch in s):
            continue
        n = _Norm(s)
        t = n.text
        qs = _quantities(n)
        regions = []
        for q in qs:
            if q.approx:
                continue
            frm = next((i + 1 for i in range(q.start - 1, -1, -1) if _ends_clause(t[i])), 0)
            if regions and regions[-1][0] == frm:
                regions[-1][1] = max(regions[-1][1], q.start)
            else:
                regions.append([frm, q.start])
        if not regions:
            continue
        labels = []
        for frm, to in regions:
            region = t[frm:to]
            for a, b, p in _leftmost_longest(region, _SYNONYM_FIGURE, _SYNONYM_LONGEST):
                labels.append((frm + a, frm + b, ("figure", _SYNONYM_FIGURE[p])))
            if own:
                for a, b, p in _leftmost_longest(region, own, own_longest):
                    labels.extend((frm + a, frm + b, src) for src in own[p])
        for q in qs:
            if q.approx:
                continue
            ends = [l[1] for l in labels if l[1] <= q.start]
            if not ends:
                continue
            le = max(ends)
            ls = min(l[0] for l in labels if l[1] == le)
            sources = [l[2] for l in labels if l[0] == ls and l[1] == le]
            clause = next((i + 1 for i in range(q.start - 1, -1, -1) if _ends_clause(t[i])), 0)
            if ls < clause or not linking(t[le:q.start]) or not before_label(t[clause:ls]):
                continue
            s_start = next((i + 1 for i in range(q.start - 1, -1, -1) if _ends_sentence(t[i])), 0)
            s_end = next((i for i in range(q.end, len(t)) if _ends_sentence(t[i])), len(t))
            if any(w in t[s_start:s_end] for w in _CLAIM_OTHER_SCOPE):
                continue
            found = None
            for src in sources:
                target = _claim_target(dept, src)
                if target is None:
                    continue
                agreed = False
                for f in target[1]:
                    if not _comparable(q, f):
                        continue
                    if _agrees(q, f):
                        agreed = True
                        break
                    if found is None:
                        found = (target[0], f)
                if agreed:
                    found = None
                    break
            if found is None:
                continue
            name, fact = found
            frm = max(clause, q.end - 40)
            fragment = n.original(s, frm, q.end).strip()
            written = n.original(s, q.start, q.end).strip()
            shown = _claim_shown(q, fact)
            out.append(Finding("TEXT-NUMBER-MISMATCH", f"文字“{fragment}”中的 {written} 与表格不符：{name}为 {shown}（{fact.place}）",
                               entry.spot, field_key, shown, written,
                               "以表格为准核对这句文字：文字写错的改正文字，表格填错的改正表格；"
                               "说的是另一口径（上年、下属单位、计划数等）的，在文字中写明"))


def validate(dept, frameworks_known, today=None):
    out = []
    today = today or _dt.date.today()
    _fields_checks(dept, frameworks_known, today, out)
    _tables_checks(dept, out)
    _identities(dept, out)
    _arithmetic(dept, out)
    _adjustment(dept, out)
    _cross(dept, out)
    _plausibility(dept, out)
    _claims(dept, out)
    return out


# ---------------------------------------------------------------------------
# Metrics (SPEC §5), exact


def summary_row(dept):
    rows = dept.rows("tbl_finance")
    return rows[0] if rows else None


def carryover(dept):
    r = summary_row(dept)
    return r.dec("carryover") if r else None


def net_adjustment(dept):
    """The net 预算调整数: the field, or 追加 − 追减 when only those are given
    (结构调整 moves money between items and nets to zero)."""
    v = dept.dec("budget_adjustment")
    if v is not None:
        return v
    added, reduced = dept.dec("budget_added"), dept.dec("budget_reduced")
    return added - reduced if added is not None and reduced is not None else None


def full_year(dept):
    """(全年预算数 = 上年结转 + 年初预算数 + 预算调整数, None) or (None, the
    first input missing). A blank 上年结转 is no carry-over; a blank
    预算调整数 is unknown, not 0 (it is required: 无调整填 0)."""
    initial = dept.dec("budget_initial")
    if initial is None:
        return None, "budget_initial"
    adjustment = net_adjustment(dept)
    if adjustment is None:
        return None, "budget_adjustment"
    return (carryover(dept) or ZERO) + initial + adjustment, None


def full_year_budget(dept):
    return full_year(dept)[0]


def percent_of(n, d):
    if n is None or d is None or d == 0:
        return None
    return n * HUNDRED / d


def budget_completion(dept):
    return percent_of(dept.dec("budget_executed"), full_year_budget(dept))


def public_expense_control(dept):
    r = summary_row(dept)
    return percent_of(r.dec("public_exp") if r else None, dept.dec("public_budget"))


def sangong_total(dept, part):
    """Σ of `sg_{kind}_{part}` over the four kinds; None when any is missing
    (the template asks for 0: a blank kind is unknown, not none)."""
    total = ZERO
    for k, _ in SANGONG_KINDS:
        v = dept.dec(f"sg_{k}_{part}")
        if v is None:
            return None
        total += v
    return total


# The parts of the budget adjustment that 财预〔2013〕53号 counts apart.
ADJUSTMENT_PARTS = ("budget_added", "budget_reduced", "budget_restructured")


def gross_adjustment(dept):
    """(预算调整数 as 财预〔2013〕53号 counts it, []) or (None, the parts missing):
    追加 + 追减 + 结构调整, each by its amount (a negative 追减 counts like a
    positive one), less the adjustments for national policy, force majeure
    or tasks from higher authorities (blank: none). A part missing, as in a
    workbook of the first template, is never taken as 0."""
    total = ZERO
    missing = []
    for k in ADJUSTMENT_PARTS:
        v = dept.dec(k)
        if v is None:
            missing.append(k)
        else:
            total += abs(v)
    if missing:
        return None, missing
    return total - abs(dept.dec("budget_adjust_excluded") or ZERO), []


# id: (label, formula). Three indicators are read two ways: 财预〔2013〕53号
# 附件2 (sangong_budget_change, carryover_balance_rate, budget_adjustment_gross)
# and jixiao's first reading, under an explicit id (sangong_actual_change,
# carryover_derived_rate, budget_adjustment_net); the first ids are LEGACY.
METRICS = {
    "staff_control": ("在职人员控制率", "实有（在职）人数 ÷ 人员编制数 × 100%"),
    "sangong_budget_change": ("“三公经费”变动率",
                              "（本年“三公”预算合计 − 上年“三公”预算合计）÷ 上年预算合计 × 100%"),
    "sangong_actual_change": ("“三公经费”变动率", "（本年“三公”决算合计 − 上年决算合计）÷ 上年决算合计 × 100%"),
    "key_spending": ("重点支出安排率", "重点项目支出 ÷ 项目支出（收支情况汇总行）× 100%"),
    "budget_completion": ("预算完成率", "预算执行数 ÷ 全年预算数 × 100%；全年预算数 = 上年结转 + 年初预算数 + 预算调整数"),
    "budget_adjustment_gross": ("预算调整率", "（追加 + 追减 + 结构调整 − 国家政策、不可抗力、上级交办等调整）"
                                "÷ 年初预算数 × 100%；各项按金额计入，不相抵"),
    "budget_adjustment_net": ("预算调整率", "预算调整数（追加减追减的净额）÷ 年初预算数 × 100%"),
    "payment_q1": ("一季度支付进度", "截至一季度末累计支出 ÷ 全年预算数 × 100%"),
    "payment_q2": ("二季度支付进度", "截至二季度末累计支出 ÷ 全年预算数 × 100%"),
    "payment_q3": ("三季度支付进度", "截至三季度末累计支出 ÷ 全年预算数 × 100%"),
    "payment_q4": ("四季度支付进度", "截至四季度末累计支出 ÷ 全年预算数 × 100%"),
    "carryover_balance_rate": ("结转结余率", "结转结余总额（收支情况汇总行的累计结余）÷ 支出预算数（全年预算数）× 100%"),
    "carryover_derived_rate": ("结转结余率", "（全年预算数 − 预算执行数 − 年末结转中未完工项目资金）÷ 全年预算数 × 100%"),
    "public_expense_control": ("公用经费控制率", "公用支出（收支情况汇总行）÷ 公用经费预算数 × 100%"),
    "sangong_control": ("“三公经费”控制率", "本年“三公”决算合计 ÷ 本年预算合计 × 100%"),
    "procurement_execution": ("政府采购执行率", "政府采购实际数 ÷ 政府采购预算数 × 100%"),
    "card_payment": ("公务卡刷卡率", "实际公务卡结算金额 ÷ 应使用公务卡结算金额 × 100%"),
    "asset_utilization": ("固定资产利用率", "在用固定资产 ÷ 固定资产合计 × 100%"),
    "satisfaction": ("满意度", "社会公众或服务对象满意度"),
    "surplus": ("资金结余", "全年预算数 − 预算执行数（万元）"),
    "carryover": ("上年结转", "上年结转（收支情况汇总行，万元）"),
}

# The ids framework files used before the 53号 readings had ids of their own:
# id → (what it reads: the old reading, the 53号 reading, old words, 53号 words).
# A format-1 file that names one reads it the old way; a format-2 file may not.
LEGACY = {
    "sangong_change": ("sangong_actual_change", "sangong_budget_change", "本年决算比上年决算", "按预算数"),
    "carryover_rate": ("carryover_derived_rate", "carryover_balance_rate", "全年预算数减去执行数和未完工项目结转",
                       "按结转结余总额，即收支情况汇总行的累计结余"),
    "budget_adjustment": ("budget_adjustment_net", "budget_adjustment_gross", "追加与追减相抵后的净调整数",
                          "追加、追减、结构调整分别计入，不计国家政策、不可抗力、上级交办的调整"),
}


def legacy_refusal(lid):
    reads, current, old_words, current_words = LEGACY[lid]
    return (f"格式 2 中不能再写 `{lid}`（旧口径：{old_words}）；财预〔2013〕53号 的口径为 "
            f"`{current}`（{current_words}），沿用旧口径请写 `{reads}`")


INPUT_LABELS = {
    "tbl_finance.project": "项目支出（收支情况汇总行）",
    "tbl_finance.public_exp": "公用支出（收支情况汇总行）",
    "tbl_finance.balance_total": "累计结余（收支情况汇总行）",
    "sg_*_actual": "“三公”经费本年决算", "sg_*_prev": "“三公”经费上年决算", "sg_*_budget": "“三公”经费本年预算",
    "sg_*_prev_budget": "“三公”经费上年预算",
}


def input_label(key):
    if key in INPUT_LABELS:
        return INPUT_LABELS[key]
    f = FIELD_BY_KEY.get(key)
    return f[1].removeprefix("其中：") if f else key


def measure(metric, dept):
    """('value', v) | ('zero', numerator) | ('missing', [keys])."""
    def field(k):
        return dept.dec(k), k

    def ratio(n, d):
        (nv, nk), (dv, dk) = n, d
        if nv is not None and dv is not None:
            if dv == 0:
                return ("zero", nv)
            return ("value", nv * HUNDRED / dv)
        return ("missing", [k for v, k in ((nv, nk), (dv, dk)) if v is None])

    def sg(part):
        return sangong_total(dept, part), f"sg_*_{part}"

    def change(now, before):
        if now[0] is not None and before[0] is not None:
            return ratio((now[0] - before[0], now[1]), before)
        return ratio(now, before)

    def full():
        return full_year(dept)

    s = summary_row(dept)
    if metric == "staff_control":
        return ratio(field("staff_actual"), field("staff_quota"))
    if metric == "sangong_budget_change":
        return change(sg("budget"), sg("prev_budget"))
    if metric == "sangong_actual_change":
        return change(sg("actual"), sg("prev"))
    if metric == "key_spending":
        return ratio(field("key_project_exp"), (s.dec("project") if s else None, "tbl_finance.project"))
    if metric == "budget_completion":
        return ratio(field("budget_executed"), full())
    if metric == "budget_adjustment_gross":
        g, missing = gross_adjustment(dept)
        initial = field("budget_initial")
        if g is not None:
            return ratio((g, ""), initial)
        return ("missing", missing + ([initial[1]] if initial[0] is None else []))
    if metric == "budget_adjustment_net":
        return ratio(field("budget_adjustment"), field("budget_initial"))
    if metric.startswith("payment_q"):
        return ratio(field("paid_" + metric[-2:]), full())
    if metric == "carryover_balance_rate":
        return ratio((s.dec("balance_total") if s else None, "tbl_finance.balance_total"), full())
    if metric == "carryover_derived_rate":
        f, e = full(), field("budget_executed")
        if f[0] is not None and e[0] is not None:
            return ratio((f[0] - e[0] - (dept.dec("carryover_unfinished") or ZERO), ""), f)
        return ratio(e, f)
    if metric == "public_expense_control":
        return ratio((s.dec("public_exp") if s else None, "tbl_finance.public_exp"), field("public_budget"))
    if metric == "sangong_control":
        return ratio(sg("actual"), sg("budget"))
    if metric == "procurement_execution":
        return ratio(field("procurement_actual"), field("procurement_budget"))
    if metric == "card_payment":
        return ratio(field("card_paid"), field("card_payable"))
    if metric == "asset_utilization":
        return ratio(field("assets_in_use"), field("assets_total"))
    if metric == "satisfaction":
        v = dept.dec("satisfaction_rate")
        return ("value", v) if v is not None else ("missing", ["satisfaction_rate"])
    if metric == "surplus":
        f, e = full(), field("budget_executed")
        if f[0] is not None and e[0] is not None:
            return ("value", f[0] - e[0])
        return ("missing", [k for v, k in (f, e) if v is None])
    if metric == "carryover":
        return ("value", carryover(dept) or ZERO)
    raise KeyError(metric)


def all_metrics(dept):
    """Every metric of the catalogue, measured (for the report and the chart)."""
    return {m: measure(m, dept) for m in METRICS}


# ---------------------------------------------------------------------------
# Frameworks (评分表) as data: frameworks/*.toml, loaded once per process


class FrameworkError(Exception):
    pass


FRAMEWORK_FORMAT = 2


class Interval:
    __slots__ = ("low", "high")

    def __init__(self, low, high):
        self.low, self.high = low, high     # (Decimal, closed) or None

    @classmethod
    def parse(cls, s):
        s = "".join(s.split())
        if s.startswith("="):
            v = Decimal(s[1:].rstrip("%"))
            return cls((v, True), (v, True))
        if len(s) < 3 or s[0] not in "([" or s[-1] not in ")]" or "," not in s:
            raise FrameworkError(f"区间写法不对：{s}")
        lo, hi = s[1:-1].split(",", 1)
        low = (Decimal(lo.rstrip("%")), s[0] == "[") if lo else None
        high = (Decimal(hi.rstrip("%")), s[-1] == "]") if hi else None
        return cls(low, high)

    def contains(self, v):
        ok_low = self.low is None or v > self.low[0] or (self.low[1] and v == self.low[0])
        ok_high = self.high is None or v < self.high[0] or (self.high[1] and v == self.high[0])
        return ok_low and ok_high

    def __str__(self):
        if self.low and self.high and self.low[1] and self.high[1] and self.low[0] == self.high[0]:
            return f"={plain(self.low[0])}%"
        lo = "(" if self.low is None else ("[" if self.low[1] else "(") + f"{plain(self.low[0])}%"
        hi = ")" if self.high is None else f"{plain(self.high[0])}%" + ("]" if self.high[1] else ")")
        return f"{lo},{hi}"


def _dec(v):
    return Decimal(str(v))


@dataclass
class Indicator:
    id: str
    name: str
    aliases: list
    parts: list
    points: Decimal
    criteria: str
    rule: dict
    problem: str
    measure: str
    zero_base: str
    zero_base_nonzero: str
    missing: str


@dataclass
class Framework:
    id: str
    name: str
    total: Decimal
    grades: list          # [(label, min)], highest first
    level1: list          # [{"name", "points", "level2": [{"name", "points", "indicators": [Indicator]}]}]
    leaves: list = field(default_factory=list)

    def grade(self, total):
        for label, lo in self.grades:
            if total >= lo:
                return label
        return self.grades[-1][0] if self.grades else ""


def load_framework(path):
    with open(path, "rb") as fh:
        data = tomllib.load(fh)
    fmt = data.get("format", 1)     # 2: the metric ids of 财预〔2013〕53号, no LEGACY ids
    if not isinstance(fmt, int) or isinstance(fmt, bool) or not 1 <= fmt <= FRAMEWORK_FORMAT:
        raise FrameworkError(f"{path}: format 应为 1 到 {FRAMEWORK_FORMAT} 的整数")
    grades = sorted(((g["label"], _dec(g["min"])) for g in data.get("grades", [])), key=lambda g: -g[1])
    if not grades:
        grades = [("优", Decimal(90)), ("良", Decimal(80)), ("中", Decimal(60)), ("差", ZERO)]
    total = _dec(data["total"])
    level1 = []
    leaves = []
    seen = set()
    for l1 in data["level1"]:
        l1p = _dec(l1["points"])
        l2s = []
        for l2 in l1["level2"]:
            l2p = _dec(l2["points"])
            inds = []
            for i in l2["indicators"]:
                rule = dict(i["rule"])
                kind = rule["kind"]
                for slot in ("metric", "reference"):
                    if slot == "reference" and kind != "compare":
                        continue
                    mid = rule.get(slot)
                    if kind in ("linear", "bands", "proportional", "compare") and mid in LEGACY:
                        if fmt >= 2:
                            raise FrameworkError(f"{path}: 指标“{i['name']}”的评分规则：{legacy_refusal(mid)}")
                        rule[slot] = LEGACY[mid][0]     # a format-1 file: the old reading
                    elif kind in ("linear", "bands", "proportional", "compare") and mid not in METRICS:
                        raise FrameworkError(f"{path}: 指标“{i['name']}”的 {slot} 未知：{mid}")
                if kind == "bands" and "domain" in rule:
                    rule["domain"] = Interval.parse(rule["domain"])
                if kind == "bands":
                    rule["bands"] = [(Interval.parse(b["when"]), _dec(b["score"])) for b in rule["bands"]]
                if kind == "checklist":
                    s = sum((_dec(it["points"]) for it in rule["items"]), ZERO)
                    if s != _dec(i["points"]):
                        raise FrameworkError(f"{path}: 指标“{i['name']}”核查项分值之和 {s} ≠ {i['points']}")
                for k in ("standard", "per_point", "cap", "per", "none", "within", "beyond"):
                    if k in rule:
                        rule[k] = _dec(rule[k])
                if i["id"] in seen:
                    raise FrameworkError(f"{path}: 指标 id 重复：{i['id']}")
                seen.add(i["id"])
                ind = Indicator(i["id"], i["name"], list(i.get("aliases", [])), list(i.get("parts", [])),
                                _dec(i["points"]), i.get("criteria", ""), rule, i.get("problem", ""),
                                i.get("measure", ""), i.get("zero_base", "full"),
                                i.get("zero_base_nonzero", "zero-error"), i.get("missing", "self-score"))
                inds.append(ind)
                leaves.append((l1["name"], l2["name"], ind))
            if sum((x.points for x in inds), ZERO) != l2p:
                raise FrameworkError(f"{path}: 二级指标“{l2['name']}”的分值为 {l2p}，其下三级指标分值之和不同")
            l2s.append({"name": l2["name"], "points": l2p, "indicators": inds})
        if sum((x["points"] for x in l2s), ZERO) != l1p:
            raise FrameworkError(f"{path}: 一级指标“{l1['name']}”的分值与其下二级指标之和不同")
        level1.append({"name": l1["name"], "points": l1p, "level2": l2s})
    if sum((x["points"] for x in level1), ZERO) != total:
        raise FrameworkError(f"{path}: 一级指标分值之和不等于总分 {total}")
    return Framework(data["id"], data["name"], total, grades, level1, leaves)


_FRAMEWORKS = None


def frameworks():
    global _FRAMEWORKS
    if _FRAMEWORKS is None:
        _FRAMEWORKS = {}
        for p in sorted(FRAMEWORKS_DIR.glob("*.toml")):
            fw = load_framework(p)
            _FRAMEWORKS[fw.id] = fw
    return _FRAMEWORKS


# ---------------------------------------------------------------------------
# Department scoring


def name_key(s):
    s = normalize(s)[0]
    return "".join(ch for ch in s if not ch.isspace() and ch not in "“”\"'‘’《》「」")


@dataclass
class Applied:
    system: Decimal | None      # None: 无法计分
    basis: str                  # computed | self-score | self-score-for-data | policy | unscorable
    computed: str | None
    explain: str


def _policy(outcome, points, self_score, why):
    if outcome == "full":
        return Applied(points, "policy", None, f"{why}，按规则计满分")
    if outcome in ("zero", "zero-error"):
        return Applied(ZERO, "policy", None, f"{why}，按规则不得分")
    if self_score is not None:
        return Applied(self_score, "self-score-for-data", None, f"{why}，采用自评得分")
    return Applied(None, "unscorable", None, f"{why}，且未自评，无法计分")


def _missing_data(ind, keys, self_score, findings, spot):
    what = "、".join(input_label(k) for k in keys)
    if ind.missing == "self-score" and spot is not None:
        findings.append(Finding("SCORE-NO-DATA", f"指标“{ind.name}”缺少数据（{what}），采用自评得分", spot,
                                "tbl_scores.self_score", hint=f"填写{what}后，系统可按数据计分"))
    return _policy(ind.missing, ind.points, self_score, f"缺少{what}")


def _measured(dept, ind, metric, self_score, findings, spot, table_spot):
    kind, v = measure(metric, dept)
    label, formula = METRICS[metric]
    if kind == "value":
        return v, None
    if kind == "zero" and v == 0:
        return None, _policy(ind.zero_base, ind.points, self_score, f"{label}的分母为 0（无预算、无基数）")
    if kind == "zero":
        if ind.zero_base_nonzero == "zero-error":
            findings.append(Finding("SCORE-ZERO-BASE", f"{label}无法计算：分母为 0 而分子为 {fixed(v)}（{formula}）",
                                    spot or table_spot, "tbl_scores.self_score",
                                    hint="没有预算（或基数）却有支出：核对预算数，或说明无预算支出的原因"))
        return None, _policy(ind.zero_base_nonzero, ind.points, self_score, f"{label}的分母为 0 而分子为 {fixed(v)}")
    return None, _missing_data(ind, v, self_score, findings, spot)


def _value_score(rule, points, v, r):
    kind = rule["kind"]
    label = METRICS[rule["metric"]][0]
    if kind == "linear":
        std, per = rule["standard"], rule["per_point"]
        above = rule["worse"] == "above"
        past = v - std if above else std - v
        if past <= 0:
            ok = "未超过" if above else "不低于"
            return Applied(points, "computed", pct(v), f"{label} {pct(v)}，{ok} {plain(std)}%，得满分")
        deduction = past * per
        system = max(points - deduction, ZERO)
        side = "超过" if above else "低于"
        return Applied(system, "computed", pct(v),
                       f"{label} {pct(v)}，{side}标准 {plain(std)}% {fixed(past)} 个百分点，每个百分点扣 {plain(per)} 分，扣 {fixed(min(deduction, points))} 分")
    if kind == "bands":
        x = abs(v) if rule.get("absolute") else v
        domain = rule.get("domain")
        if domain is not None and not domain.contains(x):
            return Applied(None, "unscorable", pct(v), f"{label} {pct(v)} 超出取值范围 {domain}，更正后才能计分")
        for interval, score in rule["bands"]:
            if interval.contains(x):
                return Applied(score, "computed", pct(v), f"{label} {pct(v)}，在 {interval} 档，得 {plain(score)} 分")
        return Applied(ZERO, "computed", pct(v), f"{label} {pct(v)} 不在任何一档，不得分")
    if kind == "proportional":
        cap = min(rule.get("cap", points), points)
        system = min(max(points * v / HUNDRED, ZERO), cap)
        return Applied(system, "computed", pct(v), f"{label} {pct(v)}，按 {plain(points)} 分 × {pct(v)} 计 {fixed(system)} 分")
    if kind == "compare":
        shown = f"{fixed(v)} 万元"
        what = f"{label} {shown}"
        ref_label = METRICS[rule["reference"]][0]
        if v <= 0:
            return Applied(rule["none"], "computed", shown, f"{what}，无结余，得 {plain(rule['none'])} 分")
        if v <= r:
            return Applied(rule["within"], "computed", shown, f"{what}，不超过{ref_label} {fixed(r)} 万元，得 {plain(rule['within'])} 分")
        return Applied(rule["beyond"], "computed", shown, f"{what}，超过{ref_label} {fixed(r)} 万元，得 {plain(rule['beyond'])} 分")
    return Applied(None, "unscorable", None, "该规则不按数据计分")


def _subset_sums(items):
    sums = {ZERO}
    for p in items:
        sums |= {s + p for s in sums}
    return sorted(sums)


def _not_self_scored(ind, findings, spot):
    if spot is not None:
        findings.append(Finding("SCORE-NO-SELF", f"指标“{ind.name}”需要自评，但自评得分未填写，无法计分", spot,
                                "tbl_scores.self_score", f"0–{plain(ind.points)}", hint="填写该项自评得分；低于满分时写明扣分原因"))
    return Applied(None, "unscorable", None, "未自评，无法计分")


def _apply_rule(dept, ind, self_score, findings, spot, table_spot):
    rule, points = ind.rule, ind.points
    kind = rule["kind"]
    if kind in ("linear", "bands", "proportional"):
        v, applied = _measured(dept, ind, rule["metric"], self_score, findings, spot, table_spot)
        return applied if applied else _value_score(rule, points, v, ZERO)
    if kind == "compare":
        v, applied = _measured(dept, ind, rule["metric"], self_score, findings, spot, table_spot)
        if applied:
            return applied
        rk, rv = measure(rule["reference"], dept)
        return _value_score(rule, points, v, rv if rk == "value" else ZERO)
    if kind == "checklist":
        if self_score is None:
            return _not_self_scored(ind, findings, spot)
        sums = _subset_sums(_dec(it["points"]) for it in rule["items"])
        best = max((x for x in sums if x <= self_score), default=ZERO)
        if best != self_score:
            findings.append(Finding("SCORE-SELF-DIFFERS",
                                    f"指标“{ind.name}”自评 {plain(self_score)} 分，不是各核查项分值的组合（可得：{'、'.join(plain(x) for x in sums)}），按 {plain(best)} 分计",
                                    spot, "tbl_scores.self_score", plain(best), plain(self_score)))
        return Applied(best, "self-score", None,
                       f"{len(rule['items'])} 项核查内容均符合" if best == points else f"核查项自评 {plain(best)} 分（满分 {plain(points)}）")
    if kind == "per-item":
        per = rule["per"]
        key = rule.get("count")
        if key:
            n = dept.dec(key)
            if n is None:
                return _missing_data(ind, [key], self_score, findings, spot)
            label = input_label(key)
            system = max(points - n * per, ZERO)
            explain = f"{label} 0 个，得满分" if n == 0 else f"{label} {plain(n)} 个，每个扣 {plain(per)} 分，扣 {fixed(min(n * per, points))} 分"
            return Applied(system, "computed", f"{plain(n)} 个", explain)
        if self_score is None:
            return _not_self_scored(ind, findings, spot)
        items = ((points - self_score) / per).to_integral_value(rounding=ROUND_CEILING)
        system = max(points - items * per, ZERO)
        return Applied(system, "self-score", None,
                       "未发现不符合要求的情况" if items == 0 else f"自评不符合要求 {plain(items)} 例，每例扣 {plain(per)} 分")
    if self_score is not None:
        return Applied(self_score, "self-score", None, "自评指标，采用自评得分")
    return _not_self_scored(ind, findings, spot)


def _row_matches(row, names, level2):
    l3 = row.text("level3")
    if l3 is None:
        return False
    key = name_key(l3)
    if not any(name_key(n) == key for n in names):
        return False
    l2 = row.text("level2")
    return l2 is None or name_key(l2) == name_key(level2)


def _score_indicator(dept, ind, level1, level2, rows, findings, table_spot):
    points = ind.points
    selfs = [v for v in (r.dec("self_score") for r in rows) if v is not None]
    self_score = sum(selfs, ZERO) if selfs else None
    reason = "；".join(t for t in (r.text("reason") for r in rows) if t)
    reason = reason if reason.strip() else None
    first = rows[0] if rows else None
    self_spot = first.spot("self_score") if first else None
    stated_points = [v for v in (r.dec("points") for r in rows) if v is not None]
    if stated_points and first is not None:
        sp = sum(stated_points, ZERO)
        if sp != points:
            findings.append(Finding("SCORE-POINTS", f"指标“{ind.name}”的分值 {plain(sp)} 与评价框架的 {plain(points)} 不一致，按评价框架计分",
                                    first.spot("points"), "tbl_scores.points", plain(points), plain(sp), "分值由评价框架确定，请勿修改"))
    if self_score is not None:
        if self_score > points:
            findings.append(Finding("SCORE-OVER-POINTS", f"指标“{ind.name}”的自评得分 {plain(self_score)} 超过分值 {plain(points)}",
                                    self_spot, "tbl_scores.self_score", f"0–{plain(points)}", plain(self_score), "自评得分不能超过该项分值"))
        elif self_score < 0:
            findings.append(Finding("SCORE-OVER-POINTS", f"指标“{ind.name}”的自评得分 {plain(self_score)} 为负数",
                                    self_spot, "tbl_scores.self_score", f"0–{plain(points)}", plain(self_score)))
        if self_score < points and reason is None:
            findings.append(Finding("SCORE-NO-REASON", f"指标“{ind.name}”自评 {plain(self_score)} 分（满分 {plain(points)}），未说明扣分原因",
                                    (first.spot("reason") if first else None) or self_spot, "tbl_scores.reason",
                                    hint="在“扣分原因”列写明扣分的具体原因"))
    clamped = min(max(self_score, ZERO), points) if self_score is not None else None
    before = len(findings)
    applied = _apply_rule(dept, ind, clamped, findings, self_spot, table_spot)
    if any(r.cells["self_score"].not_applicable() for r in rows):
        findings[before:] = [f for f in findings[before:] if f["code"] != "SCORE-NO-SELF"]
    system = round2(min(max(applied.system, ZERO), points)) if applied.system is not None else None
    if (applied.basis == "computed" and self_score is not None and system is not None
            and abs(self_score - system) > TOLERANCE):
        findings.append(Finding("SCORE-SELF-DIFFERS", f"指标“{ind.name}”自评 {plain(self_score)} 分，按数据计算为 {fixed(system)} 分：{applied.explain}",
                                self_spot, "tbl_scores.self_score", fixed(system), plain(self_score),
                                "核对自评得分，或核对工作簿中计算该指标的数据"))
    lost = system is not None and system < points
    return {
        "id": ind.id, "level1": level1, "level2": level2, "name": ind.name, "criteria": ind.criteria,
        "points": points, "computed": applied.computed, "system": system, "self_score": self_score,
        "basis": applied.basis, "explain": applied.explain,
        "problem": ind.problem if lost and ind.problem else None,
        "measure": ind.measure if lost and ind.measure else None,
        "reason": reason, "rows": [r.sheet_row for r in rows],
    }


def score_department(dept, fw, findings):
    rows = dept.rows("tbl_scores")
    data = dept.tables.get("tbl_scores")
    table_spot = data.area[:3] if data and data.area else None
    used = [False] * len(rows)
    indicators = []
    for l1, l2, ind in fw.leaves:
        wanted = [[ind.name] + ind.aliases] if not ind.parts else [[p] for p in ind.parts]
        mine = []
        for names in wanted:
            for i, r in enumerate(rows):
                if not used[i] and _row_matches(r, names, l2):
                    used[i] = True
                    mine.append(r)
                    break
        indicators.append(_score_indicator(dept, ind, l1, l2, mine, findings, table_spot))
        if not mine and rows:
            findings.append(Finding("SCORE-MISSING-ROW", f"评分表中没有指标“{ind.name}”（{l1} / {l2}）", table_spot,
                                    "tbl_scores", ind.name, hint="按评价框架补齐该行；未补齐时系统按数据计分，自评类指标无法计分"))
    for r, u in zip(rows, used):
        if not u:
            name = r.text("level3") or ""
            findings.append(Finding("SCORE-UNKNOWN-ROW", f"评分表中的指标“{name}”不在评价框架“{fw.name}”中，未计分",
                                    r.spot("level3"), "tbl_scores.level3", None, name,
                                    "核对指标名称是否与评价框架一致，或在“评价框架”中选择本地评分表"))
    not_self_assessed = all(r.dec("self_score") is None for r in rows)     # an empty 评分表 too
    if not_self_assessed:
        before = len(findings)
        findings[:] = [f for f in findings if f["code"] != "SCORE-NO-SELF"]
        unscored = before - len(findings)
        if unscored:
            findings.append(Finding("SCORE-NO-SELF",
                                    f"评分表的自评得分一项也未填写：未自评，{unscored} 项自评类指标无法计分，不评定等次",
                                    table_spot, "tbl_scores.self_score", hint="在评分表“自评得分”列逐项填写；低于满分的写明扣分原因"))
    # Missing is a state: an indicator without its data or a self-score is
    # 无法计分; a total with any is 不完整, a 评分表 without self-scores 未自评;
    # neither gets a grade nor a comparison with the stated total.
    total = sum((i["system"] for i in indicators if i["system"] is not None), ZERO)
    unscorable = sum(1 for i in indicators if i["system"] is None)
    standing = "not-self-assessed" if not_self_assessed else "incomplete" if unscorable else "complete"
    selfs = [v for v in (r.dec("self_score") for r in rows) if v is not None]
    self_total = sum(selfs, ZERO) if selfs else None
    level1 = []
    for l1 in fw.level1:
        mine = [i for i in indicators if i["level1"] == l1["name"]]
        ss = [i["self_score"] for i in mine if i["self_score"] is not None]
        level1.append({"name": l1["name"], "points": l1["points"],
                       "score": sum((i["system"] for i in mine if i["system"] is not None), ZERO),
                       "unscorable": sum(1 for i in mine if i["system"] is None), "self_score": sum(ss, ZERO) if ss else None})
    stated = dept.dec("score_overall_self")
    if stated is not None:
        spot = dept.entry("score_overall_self").spot
        if self_total is not None and abs(stated - self_total) > TOLERANCE:
            findings.append(Finding("SCORE-SELF-TOTAL", f"自评综合得分 {fixed(stated)} 不等于评分表各项自评得分之和 {fixed(self_total)}",
                                    spot, "score_overall_self", fixed(self_total), fixed(stated), "核对评分表各项自评得分及其合计"))
        if standing == "complete" and abs(stated - total) > TOLERANCE:
            findings.append(Finding("SCORE-TOTAL-DIFFERS", f"自评综合得分 {fixed(stated)} 与按评价框架计算的总分 {fixed(total)} 不一致",
                                    spot, "score_overall_self", fixed(total), fixed(stated), "查看评分表“系统得分”列与“自评得分”列不同的指标"))
    return {"framework_id": fw.id, "framework_name": fw.name, "total_points": fw.total, "indicators": indicators,
            "level1": level1, "total": total, "standing": standing, "unscorable": unscorable,
            "grade": fw.grade(total) if standing == "complete" else None, "self_total": self_total,
            "stated_self_total": stated}


# ---------------------------------------------------------------------------
# Project targets (SPEC §7): 年度指标值 / 实际完成值 grammar and scoring.
# A unit is a tuple: ("",) bare, ("%",), ("元",), ("万元",), ("亿元",), ("分钟",),
# ("小时",), ("天",), ("个月",), ("年",), ("named", word), ("per", base, per).

PREFIX_OPS = (("≥", ("≥", ">=", "=>", "大于等于", "大于或等于", "不低于", "不少于", "不小于", "至少", "达到")),
              (">", (">", "大于", "高于", "超过", "多于")),
              ("≤", ("≤", "<=", "=<", "小于等于", "小于或等于", "不高于", "不超过", "不多于", "不大于", "至多")),
              ("<", ("<", "小于", "低于", "少于")),
              ("=", ("=", "==", "等于")))
SUFFIX_OPS = (("≥", ("以上", "及以上", "或以上")), ("≤", ("以下", "及以下", "或以下", "以内", "之内", "内")))
FILLERS = ("控制在", "保持在")
COUNT_WORDS = frozenset("人次 人 户 个 家 所 项 次 份 件 台 套 张 本 篇 场 批 例 床 辆 名 位 期 条 处 宗 笔 类 种 座".split())
NOT_IN_UNIT = set("左右上下约余多以及或至到内外不未已完成达超近逾")
RANGE_SEPS = set("-~〜—–−―至到")
BARE = ("",)
PERCENT = ("%",)
_SIMPLE_UNITS = {"": BARE, "%": PERCENT, "元": ("元",), "万元": ("万元",), "万": ("万元",), "亿元": ("亿元",),
                 "亿": ("亿元",), "分钟": ("分钟",), "小时": ("小时",), "个小时": ("小时",), "天": ("天",),
                 "日": ("天",), "个月": ("个月",), "月": ("个月",), "年": ("年",)}
_DIMENSIONS = {"": ("", 1), "%": ("%", 1), "元": ("元", 1), "万元": ("元", 10000), "亿元": ("元", 100000000),
               "分钟": ("分钟", 1), "小时": ("分钟", 60), "天": ("分钟", 1440), "个月": ("月", 1), "年": ("月", 12)}


def unit_str(u):
    if u[0] == "named":
        return u[1]
    if u[0] == "per":
        return f"{unit_str(u[1])}/{u[2]}"
    return u[0]


def _dimension(u):
    if u[0] == "named":
        return u[1], ONE
    if u[0] == "per":
        k, f = _dimension(u[1])
        return f"{k}/{u[2]}", f
    k, f = _DIMENSIONS[u[0]]
    return k, Decimal(f)


def _strip_op(s, table, prefix):
    best = None
    for op, words in table:
        for w in words:
            if prefix and s.startswith(w):
                rest = s[len(w):]
            elif not prefix and s.endswith(w):
                rest = s[:-len(w)]
            else:
                continue
            if best is None or len(rest) < len(best[1]):
                best = (op, rest)
    return best if best else (None, s)


def compact(text):
    return "".join(normalize(text)[0].split())


def _take_number(c, start):
    i = start
    negative = False
    n = len(c)

    def digit_at(k):
        return k < n and c[k].isascii() and c[k].isdigit()

    if i < n and c[i] in "+-−" and (digit_at(i + 1) or (i + 1 < n and c[i + 1] == "." and digit_at(i + 2))):
        negative = c[i] != "+"
        i += 1
    d = _scan_digits(c, i)
    if d is None:
        return None
    v = Decimal(d[0])
    return (-v if negative else v), d[1]


def _is_unit_word(s):
    return 1 <= len(s) <= 4 and all(ch.isalpha() and ch not in NOT_IN_UNIT for ch in s)


def parse_unit(s, strict):
    if s in _SIMPLE_UNITS:
        return _SIMPLE_UNITS[s], ONE
    if s == "千元":
        return ("元",), Decimal(1000)
    if "/" in s:
        left, right = s.split("/", 1)
        b = parse_unit(left, strict)
        if b is None or b[0][0] in ("", "per"):
            return None
        per = "".join("·" if ch in "/.•・*" else ch for ch in right)
        if not all(_is_unit_word(w) for w in per.split("·")):
            return None
        return ("per", b[0], per), b[1]

    def known(w):
        return w in COUNT_WORDS or (not strict and _is_unit_word(w))
    if s.startswith("万") and known(s[1:]):
        return ("named", s[1:]), Decimal(10000)
    if not known(s):
        return None
    return ("named", s), ONE


def _quantity(value, unit):
    u = parse_unit(unit, False)
    if u is None:
        return None
    return (value * u[1], u[0])


def _convert(value, frm, to):
    fk, fs = _dimension(frm)
    tk, ts = _dimension(to)
    if fk != tk:
        raise ValueError("mismatch")
    return value if fs == ts else value * fs / ts


def _parse_body(s):
    t = _take_number(s, 0)
    if t is None:
        return None
    v1, i = t
    j = next((k for k in range(i, len(s)) if s[k] in RANGE_SEPS), None)
    if j is None:
        q = _quantity(v1, s[i:])
        return (q, None) if q else None
    u1 = s[i:j]
    doubled = j + 1 < len(s) and s[j + 1] in "-—–―"
    t2 = _take_number(s, j + 2 if doubled else j + 1)
    if t2 is None:
        return None
    v2, m = t2
    u2 = s[m:]
    if any(ch in RANGE_SEPS for ch in u2):
        return None
    p1, p2 = parse_unit(u1, False), parse_unit(u2, False)
    if p1 is None or p2 is None:
        return None
    (unit1, f1), (unit2, f2) = p1, p2
    if unit1 == BARE and unit2 != BARE:
        low, high = (v1 * f2, unit2), (v2 * f2, unit2)
    elif unit1 != BARE and unit2 == BARE:
        low, high = (v1 * f1, unit1), (v2 * f1, unit1)
    else:
        try:
            v2c = _convert(v2 * f2, unit2, unit1)
        except ValueError:
            return None
        low, high = (v1 * f1, unit1), (v2c, unit1)
    return ((high, low) if low[0] > high[0] else (low, high))


def _same_side(a, b):
    hi, lo = ("≥", ">"), ("≤", "<")
    return (a in hi and b in hi) or (a in lo and b in lo) or a == b


def parse_target(text):
    """("cmp", op, (value, unit)) | ("range", low, high) | ("qual", text)."""
    s = compact(text)
    for f in FILLERS:
        if s.startswith(f):
            s = s[len(f):]
    pre, s = _strip_op(s, PREFIX_OPS, True)
    suf, s = _strip_op(s, SUFFIX_OPS, False)
    if pre and suf and not _same_side(pre, suf):
        return ("qual", text.strip())
    op = pre or suf
    body = _parse_body(s)
    if body is None:
        return ("qual", text.strip())
    q, q2 = body
    if q2 is None:
        return ("cmp", op or ("≤" if q[0] == 0 else "≥"), q)
    if op is None:
        return ("range", q, q2)
    return ("qual", text.strip())


def parse_actual(text):
    body = _parse_body(compact(text))
    if body and body[1] is None:
        return ("q", body[0])
    return ("text", text.strip())


def unit_from_name(level3):
    s = compact(level3)
    if not s.endswith(")"):
        return None
    body = s[:-1]
    o = body.rfind("(")
    if o < 0:
        return None
    inner = body[o + 1:]
    for p in ("单位:", "单位"):
        if inner.startswith(p):
            inner = inner[len(p):]
            break
    u = parse_unit(inner, True)
    if u is None or u[0] == BARE:
        return None
    return u[0] if u[1] == ONE else ("named", inner)


def target_str(t):
    if t[0] == "cmp":
        return f"{t[1]}{plain(t[2][0])}{unit_str(t[2][1])}"
    if t[0] == "range":
        lo, hi = t[1], t[2]
        if lo[1] == hi[1]:
            return f"{plain(lo[0])}–{plain(hi[0])}{unit_str(hi[1])}"
        return f"{plain(lo[0])}{unit_str(lo[1])}–{plain(hi[0])}{unit_str(hi[1])}"
    return t[1]


def _show(v, u):
    return f"{num2(v)}{unit_str(u)}"


def _band(self_score, points):
    if self_score is None or points <= 0:
        return None
    s = min(max(self_score, ZERO), points)
    if s >= points * Decimal("0.8"):
        return "达成"
    if s >= points * Decimal("0.6"):
        return "部分达成"
    return "未达成"


_VERDICT_NOT = "未完成 未达到 未达成 未达标 未实现 尚未 没有完成 没有达到 未能 不达标 未到位 未按期 未按时".split()
_VERDICT_UNSURE = "未 没有 尚 部分 基本 暂 正在 进行中".split()
_VERDICT_YES = "已完成 完成 达到 达成 实现 已 全面 100% 达标 到位 按时 足额 及时".split()


def _verdict(text):
    s = compact(text)
    if any(w in s for w in _VERDICT_NOT):
        return False
    if any(w in s for w in _VERDICT_UNSURE):
        return None
    if any(w in s for w in _VERDICT_YES):
        return True
    return None


def _direction(t):
    if t[0] == "cmp":
        return {"≥": "higher", ">": "higher", "≤": "lower", "<": "lower", "=": "equal"}[t[1]]
    return "range" if t[0] == "range" else "qualitative"


def _outcome(direction, score, met, explain, mismatch=False, band=None, no_target=False, far=False):
    return {"score": score, "direction": direction, "met": met, "unit_mismatch": mismatch, "band": band, "explain": explain,
            "no_target": no_target, "far_exceeded": far}


# A target met this far past is flagged unless a 偏差原因 explains it: 1.5×
# a ≥ target, half of a ≤ target.
FAR_ABOVE = Decimal("1.5")
FAR_BELOW = Decimal("0.5")


def _fallback(self_score):
    if self_score is not None:
        return f"，得分以自评为准（自评 {num2(self_score)} 分计入总分）"
    return "，也未填写自评得分，该项计 0 分"


def _no_target(actual, name_unit, self_score):
    if actual[0] != "text":
        why = f"实际完成值 {plain(actual[1][0])}{unit_str(actual[1][1])} 无从比较"
    elif name_unit is not None:
        why = f"指标名称带单位“{unit_str(name_unit)}”，是定量指标"
    else:
        why = ""
    return _outcome("qualitative", None, None, f"未填写年度指标值，{why}，无法计分{_fallback(self_score)}", no_target=True)


def _per(u):
    return u[2] if u[0] == "per" else None


def _resolve_units(target, actual, name):
    def from_name(u):
        return name if (u == BARE and name is not None) else u
    t, a = from_name(target), from_name(actual)
    if t == BARE and _per(a) is None:
        t = a
    if a == BARE and _per(t) is None:
        a = t
    if t[0] == "per" and a[0] == "per" and t[2] == a[2]:
        if t[1] == BARE and a[1] != BARE:
            t = a
        elif a[1] == BARE and t[1] != BARE:
            a = t
    return t, a


def _mismatch(direction, target, actual_shown, t, a, self_score):
    def other(u):
        return "未写单位，不能确定是同一口径的数还是总数" if u == BARE else f"是总数（{unit_str(u)}）"
    tshown = target_str(target)
    if _per(t) is not None and _per(a) is None:
        why = f"指标值 {tshown} 是每{_per(t)}的标准，实际完成值 {actual_shown} {other(a)}，口径不同"
    elif _per(t) is None and _per(a) is not None:
        why = f"实际完成值 {actual_shown} 是每{_per(a)}的数，指标值 {tshown} {other(t)}，口径不同"
    else:
        why = f"指标值 {tshown} 与实际完成值 {actual_shown} 单位不可比（{unit_str(t)} 与 {unit_str(a)}）"
    return _outcome(direction, None, None, f"{why}，不按比例计分{_fallback(self_score)}", True)


def _qualitative(target, actual, points, self_score):
    if actual[0] == "text":
        a = actual[1]
        if not is_placeholder(a) and compact(a) == compact(target):
            met = True
        else:
            met = _verdict(a)
    else:
        met = True if (actual[1][1] == PERCENT and actual[1][0] == HUNDRED) else None
    what = "未填写年度指标值" if is_placeholder(target) else f"定性指标“{target}”"
    band = _band(self_score, points)
    if self_score is None:
        return _outcome("qualitative", None, met, f"{what}，未填写自评得分，无法计分")
    score = min(max(self_score, ZERO), points)
    explain = f"{what}，按自评得分计 {num2(score)} 分"
    if band:
        explain += f"（自评档次：{band}）"
    if score != self_score:
        explain += f"，自评 {num2(self_score)} 分超出 0–{num2(points)} 分"
    if actual[0] == "text" and is_placeholder(actual[1]):
        explain += "；未填写实际完成值"
    elif met is True and actual[0] == "text" and compact(actual[1]) == compact(target):
        explain += "；实际完成值与指标值一致" + ("，自评却未给满分" if score < points else "")
    elif met is True:
        explain += "；实际完成值表明已达成"
    elif met is False:
        explain += "；实际完成值表明未达成"
    return _outcome("qualitative", score, met, explain, band=band)


def _ratio(points, a, t, below, lead):
    if t == 0:
        return ZERO, f"{lead}，指标值为 0，计 0 分"
    if t < 0:
        return ZERO, f"{lead}，指标值为负数，无法按比例计分，计 0 分"
    p, an, tn = num2(points), num2(a), num2(t)
    if below:
        x, formula = a, f"{p} × {an} ÷ {tn}"
    else:
        x, formula = t - (a - t), f"{p} × (1 − ({an} − {tn}) ÷ {tn})"
    x = min(max(x, ZERO), t)
    score = min(max(points * x / t, ZERO), points)
    return score, f"{lead}，按 {formula} 计 {num2(score)} 分"


def score_target(target, actual, points, self_score, name_unit):
    points = max(points, ZERO)
    direction = _direction(target)
    if target[0] == "qual" and is_placeholder(target[1]) and (actual[0] != "text" or name_unit is not None):
        return _no_target(actual, name_unit, self_score)
    if target[0] == "qual":
        return _qualitative(target[1], actual, points, self_score)
    tshown = target_str(target)
    if actual[0] == "text":
        text = actual[1]
        if is_placeholder(text):
            return _outcome(direction, None, None, f"未填写实际完成值，无法与指标值 {tshown} 比较计分")
        met = _verdict(text)
        said = {True: "按文字判断为已达成", False: "按文字判断为未达成", None: "无法判断是否达成"}[met]
        return _outcome(direction, None, met, f"实际完成值“{text}”不是数值，无法与指标值 {tshown} 计算；{said}，得分以自评为准",
                        band=_band(self_score, points))
    q = actual[1]
    if target[0] == "cmp":
        goal = ("cmp", target[1], target[2][0])
        t_unit = target[2][1]
    else:
        low, high = target[1], target[2]
        if high[1] == BARE or high[1] == low[1]:
            hv = high[0]
        else:
            try:
                hv = _convert(high[0], high[1], low[1])
            except ValueError:
                return _mismatch(direction, target, f"{plain(q[0])}{unit_str(q[1])}", low[1], high[1], self_score)
        goal = ("range", low[0], hv)
        t_unit = low[1]

    tu, au = _resolve_units(t_unit, q[1], name_unit)
    actual_shown = _show(q[0], au)
    reference = goal[2] if goal[0] == "cmp" else goal[1]
    fraction = tu == PERCENT and q[1] == BARE and reference >= 10 and ZERO < q[0] <= ONE
    raw = q[0] * HUNDRED if fraction else q[0]
    try:
        a = _convert(raw, au, tu)
    except ValueError:
        return _mismatch(direction, target, actual_shown, tu, au, self_score)
    shown = _show(a, tu)
    if fraction:
        shown = f"{num2(q[0])}（按 {shown} 读取）"
    elif au != tu:
        shown = f"{actual_shown}（折合 {shown}）"

    def full(what):
        return _outcome(direction, points, True, f"实际 {shown} {what}，得满分 {num2(points)} 分")

    if goal[0] == "cmp":
        op, t = goal[1], goal[2]
        t_shown = f"{op}{_show(t, tu)}"
        met = {"≥": a >= t, ">": a > t, "≤": a <= t, "<": a < t, "=": abs(a - t) <= CENT}[op]
        below = op in ("≥", ">") or (op == "=" and a < t)
        if met:
            verb = {"≥": "达到", ">": "达到", "≤": "未超过", "<": "未超过", "=": "符合"}[op]
            far = t > 0 and ((op in ("≥", ">") and a >= t * FAR_ABOVE) or (op in ("≤", "<") and ZERO < a <= t * FAR_BELOW))
            out = full(f"{verb}指标值 {t_shown}")
            out["far_exceeded"] = far
            return out
        score, explain = _ratio(points, a, t, below, f"实际 {shown} {'未达到' if below else '超过'}指标值 {t_shown}")
    else:
        low, high = goal[1], goal[2]
        if low <= a <= high:
            return full(f"在区间 {num2(low)}–{_show(high, tu)} 内")
        if a < low:
            score, explain = _ratio(points, a, low, True, f"实际 {shown} 低于区间下限 {_show(low, tu)}")
        else:
            score, explain = _ratio(points, a, high, False, f"实际 {shown} 高于区间上限 {_show(high, tu)}")
    return _outcome(direction, score, False, explain)


# ---------------------------------------------------------------------------
# Project scoring (财预〔2020〕10号 practice)

EXECUTION_POINTS = Decimal(10)
PROJECT_WEIGHTS = (("output", "产出指标", 50), ("benefit", "效益指标", 30), ("satisfaction", "满意度指标", 10))


def _group_of(l1, l2):
    def has(w):
        return w in l1 or w in l2
    if has("满意"):
        return "satisfaction"
    if has("效益") or has("效果") or has("影响"):
        return "benefit"
    return "output"


def _score_project_indicator(r, findings):
    level3 = r.text("level3") or ""
    ttext, atext = r.text("target") or "", r.text("actual") or ""
    points = r.dec("points") or ZERO
    self_score = r.dec("self_score")
    target, actual = parse_target(ttext), parse_actual(atext)
    out = score_target(target, actual, points, self_score, unit_from_name(level3))
    system = round2(out["score"]) if out["score"] is not None else None
    deviation = bool((r.text("deviation") or "").strip())
    if out["unit_mismatch"]:
        findings.append(Finding("SCORE-UNIT-MISMATCH", f"指标“{level3}”的指标值与完成值单位不同，不能相除计分：{out['explain']}",
                                r.spot("actual"), "tbl_project_indicators.actual", ttext, atext,
                                "指标值与完成值应使用同一口径和单位（人均标准对人均实际，总额对总额），并写明单位"))
    if out["no_target"] and not r.entry("target").unreadable:
        findings.append(Finding("SCORE-NO-TARGET", f"指标“{level3}”未填写年度指标值：{out['explain']}",
                                r.spot("target"), "tbl_project_indicators.target", None, atext,
                                "填写年度指标值（如“≥95%”“12000人次”），系统才能按完成值计分"))
    if out["far_exceeded"] and not deviation:
        findings.append(Finding("SCORE-TARGET-EXCEEDED", f"指标“{level3}”大幅超过年度指标值，未写偏差原因：{out['explain']}",
                                r.spot("deviation"), "tbl_project_indicators.deviation", ttext, atext,
                                "核实实际完成值；属实的，在“偏差原因分析及改进措施”列说明超额的原因（指标值是否定得偏低）"))
    if out["met"] is False and not deviation and (self_score is None or self_score >= points):
        findings.append(Finding("SCORE-NO-REASON", f"指标“{level3}”未完成年度指标值，未写偏差原因：{out['explain']}",
                                r.spot("deviation"), "tbl_project_indicators.deviation",
                                hint="在“偏差原因分析及改进措施”列说明未完成的原因和改进措施"))
    if self_score is not None:
        if self_score > points or self_score < 0:
            findings.append(Finding("SCORE-OVER-POINTS", f"指标“{level3}”的自评得分 {plain(self_score)} 不在 0 到分值 {plain(points)} 之间",
                                    r.spot("self_score"), "tbl_project_indicators.self_score", f"0–{plain(points)}", plain(self_score)))
        # A met target scored below full is one finding, whether or not a
        # 偏差原因 is written.
        met_deducted = out["met"] is True and self_score < points
        if met_deducted:
            why = "已写偏差原因，请核实扣分是否成立" if deviation else "未写偏差原因"
            findings.append(Finding("SCORE-MET-DEDUCTED",
                                    f"指标“{level3}”已完成目标，却自评 {plain(self_score)} 分（满分 {plain(points)}），{why}：{out['explain']}",
                                    r.spot("self_score"), "tbl_project_indicators.self_score", plain(points), plain(self_score),
                                    "目标已完成的应计满分；如有扣分理由，在偏差原因中写明"))
        elif self_score < points and not deviation:
            findings.append(Finding("SCORE-NO-REASON", f"指标“{level3}”自评 {plain(self_score)} 分（满分 {plain(points)}），未写偏差原因",
                                    r.spot("deviation"), "tbl_project_indicators.deviation", hint="在“偏差原因分析及改进措施”列说明扣分原因"))
        if (system is not None and not met_deducted and abs(system - self_score) > TOLERANCE
                and out["direction"] != "qualitative"):
            findings.append(Finding("SCORE-SELF-DIFFERS", f"指标“{level3}”自评 {plain(self_score)} 分，按指标值与完成值计算为 {fixed(system)} 分：{out['explain']}",
                                    r.spot("self_score"), "tbl_project_indicators.self_score", fixed(system), plain(self_score),
                                    "核对自评得分，或核对年度指标值、实际完成值"))
    return {"level1": r.text("level1") or "", "level2": r.text("level2") or "", "level3": level3, "target": ttext,
            "actual": atext, "points": points, "system": system, "self_score": self_score, "met": out["met"],
            "explain": out["explain"], "not_applicable": False, "sheet_row": r.sheet_row}


def _not_applicable_indicator(r):
    def written(c):
        return r.cells[c].written() or ""
    return {"level1": written("level1"), "level2": written("level2"), "level3": written("level3"),
            "target": written("target"), "actual": written("actual"), "points": r.dec("points") or ZERO,
            "system": None, "self_score": None, "met": None,
            "explain": "不适用：单位填写为没有此项指标，不计分，分值不计入", "not_applicable": True, "sheet_row": r.sheet_row}


WEIGHTS_HINT = "财预〔2020〕10号：预算执行率 10 分，产出指标、效益指标、满意度指标一般为 50、30、10 分"
USUAL_WEIGHTS = "预算执行率 10、产出指标 50、效益指标 30、满意度指标 10"
PROJECT_TOTAL = EXECUTION_POINTS + sum(Decimal(w) for _g, _l, w in PROJECT_WEIGHTS)
NOT_GRADED_WEIGHTS = "权重不符，不评定"
_LONG_GRADE = {"优": "优秀", "良": "良好", "中": "中等", "差": "较差"}


def _says_grade(stated, label):
    stated = "".join(stated.split())
    return stated == label or (len(label) == 1 and _LONG_GRADE.get(label) == stated)


def _bands_text(fw):
    parts = []
    for i, (label, lo) in enumerate(fw.grades):
        if i + 1 == len(fw.grades) and i > 0:
            parts.append(f"{label} <{plain(fw.grades[i - 1][1])}")
        else:
            parts.append(f"{label} ≥{plain(lo)}")
    return "、".join(parts)


def score_projects(dept, fw, findings):
    """Projects as 财预〔2020〕10号 scores them, with the framework's grades (the
    built-in frameworks give no [projects] table: 10 for the execution rate,
    50, 30 and 10 for the three groups)."""
    ind_rows = dept.rows("tbl_project_indicators")
    keyed = {}
    for r in ind_rows:
        n = r.text("project")
        if n is not None:
            keyed.setdefault(name_key(n), []).append(r)
    out = []
    for p in dept.rows("tbl_projects"):
        name = p.text("name")
        if name is None:
            continue
        bf, ex = p.dec("budget_full"), p.dec("executed")
        rate = percent_of(ex, bf)
        exec_score = round2(EXECUTION_POINTS * min(max(rate / HUNDRED, ZERO), ONE)) if rate is not None else ZERO
        mine = keyed.get(name_key(name), [])
        seen = {}
        for r in mine:
            level3 = r.text("level3")
            if level3 is None:
                continue
            k = name_key(level3)
            if k in seen:
                findings.append(Finding("SCORE-DUPLICATE-INDICATOR",
                                        f"项目“{name}”的绩效指标“{level3}”出现两次（另见第 {seen[k].sheet_row + 1} 行），两行都计分",
                                        r.spot("level3"), "tbl_project_indicators.level3", None, level3,
                                        "重复填写的删除一行；是两项不同的指标的，改用能区分的名称"))
            else:
                seen[k] = r
        inds = [_not_applicable_indicator(r) if r.is_not_applicable() else _score_project_indicator(r, findings)
                for r in mine]
        applicable = [i for i in inds if not i["not_applicable"]]
        valid = True
        if mine:
            first = next((r for r in mine if not r.is_not_applicable()), mine[0])
            s = sum((i["points"] for i in applicable), ZERO)
            problems = []
            if s + EXECUTION_POINTS != PROJECT_TOTAL and not applicable:
                valid = False
                problems.append(f"各指标分值之和 {plain(s)} 加预算执行率 {plain(EXECUTION_POINTS)} 分为 "
                                f"{plain(s + EXECUTION_POINTS)}，应为 {plain(PROJECT_TOTAL)}")
            elif s + EXECUTION_POINTS != PROJECT_TOTAL:
                valid = False
                findings.append(Finding("SCORE-PROJECT-POINTS",
                                        f"项目“{name}”各指标分值之和 {plain(s)} 加预算执行率 {plain(EXECUTION_POINTS)} 分为 "
                                        f"{plain(s + EXECUTION_POINTS)}，不等于满分 {plain(PROJECT_TOTAL)}：得分只作计算值，不评定等次",
                                        first.spot("points"), "tbl_project_indicators.points",
                                        fixed(PROJECT_TOTAL - EXECUTION_POINTS), fixed(s),
                                        f"调整各指标分值，使其之和为 {plain(PROJECT_TOTAL - EXECUTION_POINTS)}（{WEIGHTS_HINT}）"))
            for group, label, w in PROJECT_WEIGHTS:
                got = sum((i["points"] for i in applicable if _group_of(i["level1"], i["level2"]) == group), ZERO)
                if got != w:
                    problems.append(f"{label} {plain(got)} 分（通常为 {w} 分）")
            if problems and not applicable:
                findings.append(Finding("SCORE-WEIGHTS",
                                        f"项目“{name}”的绩效指标都填写为不适用（“无”），没有可以计分的指标：{'；'.join(problems)}",
                                        first.spot("points"), "tbl_project_indicators.points", USUAL_WEIGHTS,
                                        hint=f"项目须有适用的绩效指标：请填写指标值、完成值和分值，不适用的行删除（{WEIGHTS_HINT}）"))
            elif problems:
                findings.append(Finding("SCORE-WEIGHTS", f"项目“{name}”的指标权重与通行做法不同：{'；'.join(problems)}",
                                        first.spot("points"), "tbl_project_indicators.points", USUAL_WEIGHTS,
                                        hint=WEIGHTS_HINT))
        total = exec_score + sum(((i["system"] if i["system"] is not None else i["self_score"]) or ZERO for i in applicable),
                                 ZERO)
        execution_self = p.dec("execution_self")
        _check_execution_self(p, name, ex, bf, rate, exec_score, findings)
        execution_part = execution_self if execution_self is not None else exec_score
        selfs = [i["self_score"] for i in inds if i["self_score"] is not None]
        self_sum = execution_part + sum(selfs, ZERO) if selfs else None
        stated = p.dec("self_score")
        if stated is not None and self_sum is not None and abs(stated - self_sum) > TOLERANCE:
            findings.append(Finding("SCORE-PROJECT-TOTAL",
                                    f"项目“{name}”的自评得分 {plain(stated)} 不等于各指标自评得分之和 {fixed(self_sum)}"
                                    f"（含预算执行率{'得分' if execution_self is not None else ''} {fixed(execution_part)} 分）",
                                    p.spot("self_score"), "tbl_projects.self_score", fixed(self_sum), plain(stated),
                                    "核对项目绩效指标表中各指标的自评得分及总分"))
        self_grade = (p.text("self_grade") or "").strip() or None
        if self_grade is not None:
            _check_self_grade(p, name, self_grade, valid, stated if stated is not None else self_sum, fw, findings)
        total = round2(total)
        out.append({"name": name, "budget_full": bf, "executed": ex, "execution_rate": rate, "execution_score": exec_score,
                    "indicators": inds, "total": total, "valid": valid, "grade": fw.grade(total) if valid else None,
                    "self_sum": self_sum, "stated_self": stated, "sheet_row": p.sheet_row})
    return out


def _check_execution_self(p, name, executed, budget, rate, computed, findings):
    stated = p.dec("execution_self")
    if stated is None:
        return
    points = EXECUTION_POINTS
    if stated < 0 or stated > points:
        findings.append(Finding("SCORE-OVER-POINTS", f"项目“{name}”的预算执行率得分 {plain(stated)} 不在 0 到分值 {plain(points)} 之间",
                                p.spot("execution_self"), "tbl_projects.execution_self", f"0–{plain(points)}", plain(stated)))
        return
    if executed is None or budget is None or rate is None or abs(stated - computed) <= TOLERANCE:
        return
    capped = "（执行率超过 100% 的按 100% 计）" if rate > HUNDRED else ""
    findings.append(Finding("SCORE-SELF-DIFFERS",
                            f"项目“{name}”的预算执行率自评 {plain(stated)} 分，按全年执行数 {fixed(executed)} ÷ 全年预算数 {fixed(budget)} "
                            f"× 分值 {plain(points)} 计算为 {fixed(computed)} 分（执行率 {pct(rate)}）{capped}",
                            p.spot("execution_self"), "tbl_projects.execution_self", fixed(computed), plain(stated),
                            "预算执行率得分 = 全年执行数 ÷ 全年预算数 × 分值，执行率最高按 100% 计；核对得分或执行数、预算数"))


def _check_self_grade(p, name, stated, valid, self_total, fw, findings):
    if not valid:
        f = Finding("SCORE-PROJECT-GRADE",
                    f"项目“{name}”填写了自评等次“{stated}”，但各指标分值之和加预算执行率分值不等于满分：权重不符，不应评定等次",
                    p.spot("self_grade"), "tbl_projects.self_grade", None, stated,
                    "先调整各指标分值使其合计为满分，再按自评得分评定等次")
    else:
        if self_total is None:
            return
        total = round2(self_total)
        want = fw.grade(total)
        if _says_grade(stated, want):
            return
        f = Finding("SCORE-PROJECT-GRADE", f"项目“{name}”自评等次为“{stated}”，按自评得分 {fixed(total)} 分应为“{want}”",
                    p.spot("self_grade"), "tbl_projects.self_grade", want, stated, f"等次按自评得分评定（{_bands_text(fw)}）")
    findings.append(f)


# ---------------------------------------------------------------------------
# One workbook, end to end (everything but the library-specific read and write)


@dataclass
class Result:
    path: str
    dept: Department
    findings: list
    framework: Framework
    score: dict
    projects: list
    metrics: dict
    status: str
    counts: dict


def analyse(book: Book) -> Result:
    dept, findings = build_model(book)
    fws = frameworks()
    findings += validate(dept, fws)
    chosen = dept.text("framework")
    fw = fws.get(chosen) or fws["national"]
    score = score_department(dept, fw, findings)
    projects = score_projects(dept, fw, findings)
    for f in findings:
        f["file"] = book.path
    findings = sort_findings(findings)
    counts = {"error": 0, "warning": 0, "note": 0}
    for f in findings:
        counts[f["severity"]] += 1
    status = "failed" if counts["error"] else "passed"
    return Result(book.path, dept, findings, fw, score, projects, all_metrics(dept), status, counts)


STANDING_ZH = {"complete": "完整", "incomplete": "不完整", "not-self-assessed": "未自评"}
STATUS_LABEL = {"passed": "通过校验", "failed": "未通过校验", "unreadable": "无法读取"}


# `--scores`: each diagnostics.json also carries the scores, to check them
# against `jixiao score`. Off when timing: jixiao's diagnostics.json has none.
SCORES_IN_DIAGNOSTICS = False


def diagnostics_doc(path, status, findings, result=None):
    counts = {"error": 0, "warning": 0, "note": 0}
    for f in findings:
        counts[f["severity"]] += 1
    doc = {"schema": "jixiao-check/1", "jixiao_version": f"{TOOL}-python", "files": [{
        "file": str(path), "format": "xlsx" if status != "unreadable" else None, "status": status,
        "counts": counts, "findings": [dict(f) for f in findings]}]}
    if result is not None and SCORES_IN_DIAGNOSTICS:
        s = result.score
        doc["files"][0]["score"] = {
            "framework": s["framework_id"], "total": fixed(s["total"]), "standing": s["standing"], "grade": s["grade"],
            "self_total": fixed(s["self_total"]) if s["self_total"] is not None else None,
            "indicators": [{"id": i["id"], "name": i["name"], "points": plain(i["points"]), "computed": i["computed"],
                            "system": fixed(i["system"]) if i["system"] is not None else None,
                            "self": plain(i["self_score"]) if i["self_score"] is not None else None,
                            "basis": i["basis"], "explain": i["explain"]} for i in s["indicators"]],
            "projects": [{"name": p["name"], "execution_rate": fixed(p["execution_rate"]) if p["execution_rate"] is not None else None,
                          "execution_score": fixed(p["execution_score"]), "total": fixed(p["total"]), "grade": p["grade"]}
                         for p in result.projects],
            "metrics": {k: (fixed(v[1]) if v[0] == "value" else None) for k, v in result.metrics.items()},
        }
    return doc


# ---------------------------------------------------------------------------
# The completed workbook, as data both peers write with their own library:
# what jixiao's writer puts in it (src/complete.rs, src/template.rs). The input
# sheets keep their layout (every key stays where the file had it); the rules
# of the standard workbook (who fills what, dropdowns and prompts, locked
# cells, column widths, print setup) are laid over them.

INPUT_FILL = "FFF8DC"
LABEL_FILL = "F2F2F2"
HEADER_FILL = "DDEBF7"
MARK_FILL = {"error": "FFC7CE", "warning": "FFEB9C"}        # notes are not filled
PROJECTS_SHEET, FINDINGS_SHEET, CHARTS_SHEET = "项目计分", "校验结果", "图表"
PRINT_HEADER = '&C&"黑体"&A'
PRINT_FOOTER = "&C第 &P 页，共 &N 页"
PRINT_MARGINS = {"left": 0.5, "right": 0.5, "top": 0.6, "bottom": 0.6, "header": 0.3, "footer": 0.3}

CHOICES = {"period": PERIODS}
# Table columns the department does not fill (locked): prefilled from the
# framework, or computed. Every other column is the department's.
LOCKED_COLUMNS = {"tbl_scores": frozenset(("level1", "level2", "level3", "criteria", "points", "computed",
                                           "system_score"))}
NEGATIVE_MONEY = frozenset(("budget_adjustment", "balance_year", "balance_total"))
LONG_TEXT_WIDTH = 70


@functools.lru_cache(maxsize=8192)
def text_width(s: str) -> int:
    """Display width as a spreadsheet shows it: CJK (wide and full-width)
    characters count two columns, combining marks none; the widest line."""
    best = 0
    for line in s.split("\n"):
        w = 0
        for ch in line:
            if ch < "\u0300":
                w += 1
            elif unicodedata.east_asian_width(ch) in ("W", "F"):
                w += 2
            elif not unicodedata.combining(ch):
                w += 1
        best = max(best, w)
    return best


def column_width(kind: str, label: str) -> int:
    """A table column's width in display columns (jixiao's `column_width`)."""
    if kind == "long":
        return 40
    if kind == "money":
        return max(12, min(text_width(label), 14))
    if kind in ("points", "count", "percent"):
        return max(8, min(text_width(label), 10))
    return max(14, min(text_width(label), 24))


def framework_ids():
    """The framework dropdown's choices, the default (national) first."""
    ids = list(frameworks())
    if "national" in ids:
        ids.remove("national")
        ids.insert(0, "national")
    return ids


def _rule(kind, key, title, hint):
    describe = KIND_DESCRIBE[kind]
    rule = {"title": title[:30], "prompt": f"{hint}（{describe}）"[:250]}
    if kind in ("text", "long", "phone"):
        rule["type"] = "any"        # a prompt only: such a rule never shows an error
        return rule
    if kind == "choice":
        rule.update(type="list", values=tuple(CHOICES[key]))
    elif kind == "framework":
        rule.update(type="list", values=tuple(framework_ids()))
    elif kind == "money" and key in NEGATIVE_MONEY:
        rule.update(type="decimal", operator="between", values=(-10 ** 12, 10 ** 12))
    elif kind in ("money", "points"):
        rule.update(type="decimal", operator=">=", values=(0,))
    elif kind == "count":
        rule.update(type="whole", operator=">=", values=(0,))
    elif kind == "year":
        rule.update(type="whole", operator="between", values=(2000, 2100))
    elif kind == "percent":
        rule.update(type="decimal", operator="between", values=(0, 1))
    elif kind == "date":
        rule.update(type="date", operator="between", values=(_dt.date(2000, 1, 1), _dt.date(2100, 12, 31)))
    rule.update(error_title="输入不符合要求", error=f"请输入{describe}。")
    return rule


_RULES = None


def validation_rules():
    """{(table key or "", key): rule} of every input cell and table column the
    department fills, with its prompt; built once per process. A rule is
    {"type": any|list|decimal|whole|date, "operator": ">="|"between",
    "values": (...), "title", "prompt", "error_title", "error"}."""
    global _RULES
    if _RULES is None:
        _RULES = {}
        for key, label, kind, _req, hint in FIELDS:
            if key != "template_version":       # prefilled and locked
                _RULES[("", key)] = _rule(kind, key, label, hint)
        for t in TABLES:
            locked = LOCKED_COLUMNS.get(t.key, ())
            for cid, label, kind, _req in t.columns:
                if cid not in locked:
                    _RULES[(t.key, cid)] = _rule(kind, cid, label, t.hint)
    return _RULES


@dataclass
class SheetSetup:
    """How jixiao's template sets up one of its sheets, at the input's cells."""
    inputs: dict = field(default_factory=dict)        # (row, col) -> kind: scalar input cells (unlocked)
    table_rows: dict = field(default_factory=dict)    # row -> (locked cols, {col: kind}): table data rows (unlocked)
    validations: list = field(default_factory=list)   # (r1, c1, r2, c2, rule key)
    widths: dict = field(default_factory=dict)        # col -> width in characters
    landscape: bool = False
    one_page: bool = False                            # 填报说明: fit on one page
    header_row: int = None                            # the one table's header: print titles, freeze below

    def unlocked(self, r, c):
        if (r, c) in self.inputs:
            return True
        row = self.table_rows.get(r)
        return row is not None and c not in row[0]


def sheet_setups(sheet_names, result: Result):
    """{sheet: SheetSetup} of the template's sheets in the workbook."""
    dept = result.dept
    setups = {name: SheetSetup() for name in SHEET_ORDER if name in sheet_names}
    raw = {name: {0: 1} for name in setups}

    def widen(sheet, col, w):
        ws = raw[sheet]
        if col >= 0 and ws.get(col, 0) < w:
            ws[col] = w

    for key, label, kind, req, hint in FIELDS:
        spot = dept.entry(key).spot
        if not spot or spot[0] not in setups:
            continue
        sheet, r, c = spot
        if key.startswith("sg_"):               # the 三公 grid: value columns only
            widen(sheet, c, 12)
        else:
            widen(sheet, c - 1, min(text_width(("* " if req else "") + label), 36))
            widen(sheet, c + 1, min(text_width(hint), 40))
            widen(sheet, c, LONG_TEXT_WIDTH if kind == "long" else 30 if kind == "text" else 14)
        if key != "template_version":
            setups[sheet].inputs[(r, c)] = kind
            setups[sheet].validations.append((r, c, r, c, ("", key)))
    tables_on = {}
    for t in TABLES:
        data = dept.tables.get(t.key)
        if not data or not data.area or data.area[0] not in setups:
            continue
        sheet, r0, c0, r1, _c1 = data.area
        s = setups[sheet]
        tables_on[sheet] = tables_on.get(sheet, 0) + 1
        if len(t.columns) > 6:
            s.landscape = True
        s.header_row = r0
        locked_ids = LOCKED_COLUMNS.get(t.key, frozenset())
        locked = frozenset(c0 + j for j, col in enumerate(t.columns) if col[0] in locked_ids)
        row = (locked, {c0 + j: col[2] for j, col in enumerate(t.columns)})
        for r in range(r0 + 1, r1 + 1):
            s.table_rows[r] = row
        for j, (cid, label, kind, _req) in enumerate(t.columns):
            widen(sheet, c0 + j, column_width(kind, label))
            if cid not in locked_ids and r1 > r0:
                s.validations.append((r0 + 1, c0 + j, r1, c0 + j, (t.key, cid)))
    for sheet, s in setups.items():
        if tables_on.get(sheet, 0) != 1:
            s.header_row = None
        s.widths = {c: min(w + 2, 72) for c, w in sorted(raw[sheet].items())}
    if SHEET_ORDER[0] in setups:                 # 填报说明
        s = setups[SHEET_ORDER[0]]
        s.widths, s.landscape, s.one_page = {0: 2, 1: 96}, True, True
    return setups


def _sangong_total(dept, part):
    """The cached value of a 三公 合计 cell: the sum of the numbers typed,
    None when a cell holds something else."""
    total = 0.0
    for kind, _name in SANGONG_KINDS:
        raw = dept.entry(f"sg_{kind}_{part}").raw
        if raw is None or raw == "":
            continue
        if isinstance(raw, bool) or not isinstance(raw, (int, float)):
            return None
        total += raw
    return Decimal(f"{total:.2f}".rstrip("0").rstrip("."))


def completed_cells(result: Result):
    """[(sheet, row, col, value, style, formula)] to write over the input
    sheets, in row order; `formula` is None or a formula whose cached result
    is `value`.
    Styles: input (an input cell, as the others), given_text, given_points
    (locked, prefilled or computed), sum_money (the 三公 合计), total,
    total_number (the 评分表 合计).

    The defaults of empty dropdowns (评价框架, 报送期间); the 三公 合计 row as
    SUM formulas; the 评分表's 计算值 and 系统得分 on
    each indicator's first row (an empty 评分表 is first prefilled from the
    framework); under the table a 合计 row (SUM formulas with their results)
    and the grade."""
    out = []
    dept = result.dept
    # Dropdowns left empty show their default, as in the template.
    for key, default in (("framework", framework_ids()[0]), ("period", CHOICES["period"][0])):
        entry = dept.entry(key)
        if entry.spot and (entry.raw is None or entry.raw == ""):
            out.append((*entry.spot, default, "input", None))
    # 三公经费 合计（自动计算）: under the four kinds, one SUM per column.
    for part in ("budget", "actual", "prev", "prev_budget"):
        spots = [dept.entry(f"sg_{kind}_{part}").spot for kind, _ in SANGONG_KINDS]
        if not all(spots) or len({(s[0], s[2]) for s in spots}) != 1:
            continue
        rows = [s[1] for s in spots]
        if rows != list(range(rows[0], rows[0] + len(rows))):
            continue
        sheet, c = spots[0][0], spots[0][2]
        letter = col_letter(c)
        total = _sangong_total(dept, part)
        out.append((sheet, rows[-1] + 1, c, total if total is not None else 0, "sum_money",
                    f"=SUM({letter}{rows[0] + 1}:{letter}{rows[-1] + 1})"))
    data = dept.tables.get("tbl_scores")
    if not data or not data.area:
        return out
    sheet, r0, c0, r1, _c1 = data.area
    t = data.table
    score = result.score
    indicators = score["indicators"]
    col = {cid: c0 + j for j, (cid, *_rest) in enumerate(t.columns)}
    firsts = []                        # (sheet row, indicator)
    if not data.rows:
        r = r0 + 1
        for ind_score, (l1, l2, ind) in zip(indicators, result.framework.leaves):
            names = ind.parts or [ind.name]
            firsts.append((r, ind_score))
            for i, name in enumerate(names):
                out.append((sheet, r, col["level1"], l1, "given_text", None))
                out.append((sheet, r, col["level2"], l2, "given_text", None))
                out.append((sheet, r, col["level3"], name, "given_text", None))
                if i == 0:
                    out.append((sheet, r, col["criteria"], ind.criteria, "given_text", None))
                    out.append((sheet, r, col["points"], ind.points, "given_points", None))
                r += 1
        r1 = max(r1, r - 1)
    else:
        firsts = [(ind["rows"][0], ind) for ind in indicators if ind["rows"]]
    for r, ind in firsts:
        # An indicator that could not be scored has no 系统得分; its 计算值 says so.
        computed = ind["computed"]
        if ind["system"] is None:
            computed = f"{computed}（无法计分）" if computed is not None else "无法计分"
        if computed is not None:
            out.append((sheet, r, col["computed"], computed, "given_text", None))
        if ind["system"] is not None:
            out.append((sheet, r, col["system_score"], ind["system"], "given_points", None))
    # 合计 and 等次, a row below the table (SUM over the table's data rows).
    row = r1 + 2
    first, last = r0 + 2, r1 + 1                 # 1-based rows of the SUM

    def total(cid, value):
        letter = col_letter(col[cid])
        out.append((sheet, row, col[cid], Decimal(fixed(value)), "total_number",
                    f"=SUM({letter}{first}:{letter}{last})"))

    out.append((sheet, row, c0, "合计", "total", None))
    out.append((sheet, row, col["level3"], f"评价框架：{score['framework_name']}", "total", None))
    total("points", score["total_points"])
    total("system_score", score["total"])
    if score["self_total"] is not None:
        total("self_score", score["self_total"])
    out.append((sheet, row + 1, c0, "等次（系统）", "total", None))
    out.append((sheet, row + 1, col["system_score"], score["grade"] or f"{STANDING_ZH[score['standing']]}，不评定",
                "total", None))
    return sorted(out, key=lambda x: (x[0], x[1], x[2]))


PROJECTS_TITLE = "项目支出绩效自评计分（系统计算）"
PROJECTS_HEADER = ("项目名称", "全年预算数（万元）", "全年执行数（万元）", "预算执行率", "执行率得分（10分）",
                   "指标得分", "系统总分", "自评得分", "等次（系统）")
NO_PROJECTS = "本工作簿没有填写项目支出。"


def project_rows(result: Result):
    """项目计分, one row per project: (name, 全年预算数, 全年执行数, cached
    预算执行率 (a fraction), 执行率得分, 指标得分, cached 系统总分, 自评得分,
    等次); amounts None when missing. Row i (0-based) is sheet row 3 + i:
    预算执行率 is =IF(B>0,C/B,"") and 系统总分 =E+F of that row."""
    rows = []
    for p in result.projects:
        rate = p["execution_rate"]
        rate = Decimal(format((rate / HUNDRED).normalize(), "f")) if rate is not None else 0
        own = p["stated_self"] if p["stated_self"] is not None else p["self_sum"]
        rows.append((p["name"], p["budget_full"], p["executed"], rate, p["execution_score"],
                     p["total"] - p["execution_score"], Decimal(fixed(p["total"])), own, p["grade"] or NOT_GRADED_WEIGHTS))
    return rows


def column_widths(widths):
    """Final widths of a sheet jixiao adds: display width + 2, within 6–60."""
    return [min(max(w + 2, 6), 60) for w in widths]


def projects_widths(rows):
    widths = [text_width(h) for h in PROJECTS_HEADER]
    for row in rows:
        widths[0] = max(widths[0], text_width(row[0]))
    return column_widths(widths)


FINDINGS_TITLE = "校验结果"
FINDINGS_HEADER = ("序号", "类别", "代码", "位置", "问题", "应为", "实为", "处理建议")
_STATUS_SHORT = {"passed": "通过", "failed": "未通过校验", "unreadable": "无法读取"}


def locate(result: Result, f):
    """The cell a finding is shown at: its own, else its key's (a scalar's
    cell, a table's first header cell); None when the key has no place."""
    if f.spot:
        return f.spot
    key = f["field"]
    if not key:
        return None
    spot = result.dept.entry(key).spot
    if spot:
        return spot
    data = result.dept.tables.get(key.split(".")[0])
    return data.area[:3] if data and data.area else None


def findings_sheet(result: Result):
    """(summary line, rows, column widths) of 校验结果. A row is (序号, 类别,
    代码, 位置 text, link target (sheet, A1) or None, 问题, 应为, 实为, 处理建议)."""
    c = result.counts
    summary = (f"{_STATUS_SHORT[result.status]}：错误 {c['error']} 处，警告 {c['warning']} 处，提示 {c['note']} 处。"
               "点击“位置”可跳到该单元格；有问题的单元格已标色并附批注。")
    widths = [text_width(h) for h in FINDINGS_HEADER]
    rows = []
    for i, f in enumerate(result.findings, start=1):
        spot = locate(result, f)
        if spot:
            link = (spot[0], a1(spot[1], spot[2]))
            shown = f"{link[0]}!{link[1]}"
            widths[3] = max(widths[3], text_width(shown))
        else:
            link = None
            shown = f"{f['sheet']}!{f['cell']}" if f["sheet"] and f["cell"] else f["sheet"] or ""
        texts = (f["message"], f["expected"] or "", f["found"] or "", f["hint"] or "")
        for j, text in enumerate(texts, start=4):
            widths[j] = max(widths[j], text_width(text))
        widths[2] = max(widths[2], text_width(f["code"]))
        rows.append((i, SEVERITY_LABEL[f["severity"]], f["code"], shown, link) + texts)
    widths[4] = min(widths[4], 50)
    widths[7] = min(widths[7], 40)
    return summary, rows, column_widths(widths)


def cell_marks(result: Result):
    """{(sheet, row, col): (worst severity, note text)}: every finding at its
    cell, one line 【类别】问题 each (see `fills_mark` for the fill)."""
    rank = {"error": 0, "warning": 1, "note": 2}
    marks = {}
    for f in result.findings:
        spot = locate(result, f)
        if not spot:
            continue
        line = f"【{SEVERITY_LABEL[f['severity']]}】{f['message']}"
        mark = marks.get(spot)
        if mark is None:
            marks[spot] = [f["severity"], line]
        else:
            if rank[f["severity"]] < rank[mark[0]]:
                mark[0] = f["severity"]
            mark[1] += "\n" + line
    return {k: tuple(v) for k, v in marks.items()}


def fills_mark(setup, r, c):
    """Whether a marked cell takes its severity's fill: input and table cells
    do; labels, headers and totals keep theirs (as jixiao draws them)."""
    return setup is None or (r, c) in setup.inputs or r in setup.table_rows


CHARTS_LEVELS_ROW = 20
CHARTS_WIDTHS = (18, 16, 12)


def spending_parts(dept):
    """人员支出, 公用支出 and 项目支出 of the 汇总 row (基本支出 when it is
    not split), the positive ones."""
    s = summary_row(dept)
    if s is None:
        return []
    parts = []
    personnel, public, basic = s.dec("personnel"), s.dec("public_exp"), s.dec("basic")
    if personnel is not None and public is not None:
        parts += [("人员支出", personnel), ("公用支出", public)]
    elif basic is not None:
        parts.append(("基本支出", basic))
    if s.dec("project") is not None:
        parts.append(("项目支出", s.dec("project")))
    return [(name, v) for name, v in parts if v > 0]


def chart_data(result: Result):
    """图表: (pie title, expenditure parts, [(一级指标, 分值, 系统得分)])."""
    year = result.dept.int("year")
    title = f"{year}年支出构成" if year is not None else "支出构成"
    levels = [(lv["name"], lv["points"], lv["score"]) for lv in result.score["level1"]]
    return title, spending_parts(result.dept), levels


def extra_sheet_name(existing, base):
    """A sheet name for what the completed workbook adds, not clashing with the input's."""
    name, i = base, 2
    while name in existing:
        name, i = f"{base}{i}", i + 1
    return name


# ---------------------------------------------------------------------------
# Narrative report (SPEC §9), Jinja2 templates compiled once per process

_MOBILE_RE = re.compile(r"(?<!\d)(1[3-9]\d)(\d{4})(\d{4})(?!\d)")


def mask_mobile(s: str) -> str:
    # Most texts hold no mobile number, and a search costs a fifth of a sub
    # (whose template replacement goes through Python code on every call).
    return _MOBILE_RE.sub(r"\1****\3", s) if _MOBILE_RE.search(s) else s


def _share(part, whole):
    if part is None or whole is None or whole == 0:
        return None
    return fixed(part * HUNDRED / whole)


def _m(d):
    return fixed(d) if d is not None else "—"


def report_context(result: Result):
    dept, sc = result.dept, result.score
    t = dept.text
    year = dept.int("year")
    y = f"{year}年" if year else ""
    s = summary_row(dept)
    g = (lambda cid: s.dec(cid) if s else None)
    expense, personnel, public, project = g("expense_total"), g("personnel"), g("public_exp"), g("project")
    income = g("income_total")
    sentences = []
    if income is not None:
        parts = []
        for cid, label in (("carryover", "上年结转"), ("general_budget", "一般公共预算财政拨款"), ("fund_budget", "政府性基金预算拨款"),
                           ("special_account", "纳入专户管理的非税收入拨款"), ("other_income", "其他收入")):
            v = g(cid)
            if v:
                share = _share(v, income)
                parts.append(f"{label}{fixed(v)}万元" + (f"，占{share}%" if share else ""))
        sentences.append(f"{y}收入合计{fixed(income)}万元" + ("，其中" + "；".join(parts) if parts else "") + "。")
    if expense is not None:
        parts = []
        for v, label in ((personnel, "人员经费"), (public, "公用经费"), (project, "项目支出")):
            if v is not None:
                share = _share(v, expense)
                parts.append(f"{label}{fixed(v)}万元" + (f"，占{share}%" if share else ""))
        sentences.append(f"{y}整体支出{fixed(expense)}万元" + ("，其中" + "；".join(parts) if parts else "") + "。")
    full, executed = full_year_budget(dept), dept.dec("budget_executed")
    if full is not None and executed is not None:
        rate = percent_of(executed, full)
        sentences.append(f"全年预算数{fixed(full)}万元（上年结转{fixed(carryover(dept) or ZERO)}万元、年初预算{_m(dept.dec('budget_initial'))}万元、"
                         f"预算调整{_m(dept.dec('budget_adjustment'))}万元），预算执行数{fixed(executed)}万元，预算完成率"
                         f"{fixed(rate) + '%' if rate is not None else '无法计算'}。")
    sg_rows = []
    for kind, label in SANGONG_KINDS:
        sg_rows.append({"label": label, "budget": _m(dept.dec(f"sg_{kind}_budget")), "actual": _m(dept.dec(f"sg_{kind}_actual")),
                        "prev": _m(dept.dec(f"sg_{kind}_prev"))})
    sg_b, sg_a, sg_p = sangong_total(dept, "budget"), sangong_total(dept, "actual"), sangong_total(dept, "prev")
    sg_rows.append({"label": "合计", "budget": _m(sg_b), "actual": _m(sg_a), "prev": _m(sg_p)})
    sg_sentence = ""
    if sg_a is not None:
        sg_sentence = f"“三公”经费本年决算{fixed(sg_a)}万元"
        if sg_b:
            sg_sentence += f"，为预算{fixed(sg_b)}万元的{fixed(sg_a * HUNDRED / sg_b)}%"
        if sg_p:
            ch = (sg_a - sg_p) * HUNDRED / sg_p
            sg_sentence += f"，较上年{fixed(sg_p)}万元{'增加' if ch > 0 else '减少'}{fixed(abs(ch))}%"
        sg_sentence += "。"
    at = dept.dec("assets_total")
    assets_sentence = ""
    if at is not None:
        assets_sentence = (f"年末固定资产合计{fixed(at)}万元，其中在用{_m(dept.dec('assets_in_use'))}万元、出租{_m(dept.dec('assets_leased'))}万元、"
                           f"其他{_m(dept.dec('assets_other'))}万元")
        u = percent_of(dept.dec("assets_in_use"), at)
        assets_sentence += (f"，固定资产利用率{fixed(u)}%。" if u is not None else "。")
    units = []
    for r in dept.rows("tbl_finance"):
        units.append({"unit": r.text("unit") or "", "income": _m(r.dec("income_total")), "basic": _m(r.dec("basic")),
                      "project": _m(r.dec("project")), "expense": _m(r.dec("expense_total")), "balance": _m(r.dec("balance_total"))})
    metrics = []
    for k, (label, formula) in METRICS.items():
        kind, v = result.metrics[k]
        if kind == "value":
            shown = f"{fixed(v)} 万元" if k in ("surplus", "carryover") else pct(v)
        elif kind == "zero":
            shown = "分母为 0"
        else:
            shown = "缺少数据"
        metrics.append({"label": label, "value": shown, "formula": formula})
    deductions = [i for i in sc["indicators"] if i["system"] is not None and i["system"] < i["points"]]
    own_problems = [r.text("text") for r in dept.rows("tbl_problems") if r.text("text")]
    own_measures = [r.text("text") for r in dept.rows("tbl_measures") if r.text("text")]
    derived_problems, derived_measures = [], []
    for i in deductions:
        if i["problem"] and i["problem"] not in derived_problems:
            derived_problems.append(i["problem"])
        if i["measure"] and i["measure"] not in derived_measures:
            derived_measures.append(i["measure"])
    checks = [f"{f['message']}（{f['sheet']}!{f['cell']}）" if f["cell"] else f["message"]
              for f in result.findings if f["severity"] == "error"]
    projects = []
    for p in result.projects:
        projects.append({
            "name": p["name"], "budget": _m(p["budget_full"]), "executed": _m(p["executed"]),
            "rate": pct(p["execution_rate"]) if p["execution_rate"] is not None else "—",
            "exec_score": fixed(p["execution_score"]), "total": fixed(p["total"]), "grade": p["grade"] or NOT_GRADED_WEIGHTS,
            "self": plain(p["stated_self"]) if p["stated_self"] is not None else "—",
            "indicators": [{"level1": i["level1"], "level2": i["level2"], "level3": i["level3"], "target": i["target"],
                            "actual": i["actual"], "points": plain(i["points"]),
                            "system": fixed(i["system"]) if i["system"] is not None else "—",
                            "self": plain(i["self_score"]) if i["self_score"] is not None else "—",
                            "explain": i["explain"]} for i in p["indicators"]],
        })
    return {
        "title": f"{t('unit_name') or '（未填写单位名称）'}{y}度部门整体支出绩效自评报告",
        "unit_name": t("unit_name") or "", "unit_code": t("unit_code") or "", "supervisor": t("supervisor") or "",
        "year": year or "", "period": t("period") or "",
        "fill_date": dept.entry("fill_date").date().isoformat() if dept.entry("fill_date").date() else "",
        "head_name": t("head_name") or "", "contact_name": t("contact_name") or "", "contact_phone": t("contact_phone") or "",
        "evaluators": [{"name": r.text("name") or "", "title": r.text("title") or "", "org": r.text("org") or ""}
                       for r in dept.rows("tbl_evaluators")],
        "status": STATUS_LABEL[result.status], "counts": result.counts,
        "staff_quota": dept.int("staff_quota"), "staff_actual": dept.int("staff_actual"),
        "functions": t("functions") or "", "org_structure": t("org_structure") or "", "main_tasks": t("main_tasks") or "",
        "achievements": t("achievements") or "", "implementation": t("implementation") or "",
        "finance_sentences": sentences, "sangong": sg_rows, "sangong_sentence": sg_sentence,
        "assets_sentence": assets_sentence, "units": units, "metrics": metrics,
        "goals": [{"goal": r.text("goal") or "", "done": r.text("done") or ""} for r in dept.rows("tbl_goals")],
        "targets": [{k: (r.text(k) or "") for k in ("level1", "level2", "level3", "target", "actual", "deviation")}
                    for r in dept.rows("tbl_targets")],
        "framework_name": sc["framework_name"], "total": fixed(sc["total"]), "total_points": plain(sc["total_points"]),
        "grade": sc["grade"] or f"{STANDING_ZH[sc['standing']]}，不评定", "self_total": fixed(sc["self_total"]) if sc["self_total"] is not None else "—",
        "stated_self": fixed(sc["stated_self_total"]) if sc["stated_self_total"] is not None else "—",
        "level1": [{"name": l["name"], "points": plain(l["points"]), "score": fixed(l["score"]),
                    "self": fixed(l["self_score"]) if l["self_score"] is not None else "—"} for l in sc["level1"]],
        "deductions": [{"name": i["name"], "points": plain(i["points"]), "system": fixed(i["system"]), "explain": i["explain"],
                        "reason": i["reason"] or ""} for i in deductions],
        "own_problems": own_problems, "derived_problems": derived_problems, "checks": checks,
        "own_measures": own_measures, "derived_measures": derived_measures,
        "indicators": [{"level1": i["level1"], "level2": i["level2"], "name": i["name"], "criteria": i["criteria"],
                        "points": plain(i["points"]), "computed": i["computed"] or "—",
                        "system": fixed(i["system"]) if i["system"] is not None else "无法计分",
                        "self": plain(i["self_score"]) if i["self_score"] is not None else "—"} for i in sc["indicators"]],
        "projects": projects, "public": False,
    }


def publicize(ctx):
    """The public variant: mobile numbers masked, personal names removed."""
    names = [n for n in (ctx["head_name"], ctx["contact_name"], *(e["name"] for e in ctx["evaluators"])) if n and len(n) >= 2]

    def clean(v):
        if isinstance(v, str):
            v = mask_mobile(v)
            for n in names:
                if n in v:
                    v = v.replace(n, "***")
            return v
        if isinstance(v, list):
            return [clean(x) for x in v]
        if isinstance(v, dict):
            return {k: clean(x) for k, x in v.items()}
        return v

    out = clean(ctx)
    out["head_name"] = out["contact_name"] = ""
    out["evaluators"] = []
    out["contact_phone"] = mask_mobile(ctx["contact_phone"])
    out["public"] = True
    return out


_ENV_MD = None
_ENV_HTML = None
_TEMPLATES = {}


def _templates():
    """The report templates, compiled once per process. They read the
    context's dicts with subscripts (`r["name"]`): Jinja2 resolves `r.name`
    by trying an attribute first, and on a dict that raises and catches an
    AttributeError every time, which took half of the rendering."""
    global _ENV_MD, _ENV_HTML
    if not _TEMPLATES:
        loader = jinja2.FileSystemLoader(str(TEMPLATES_DIR))
        _ENV_MD = jinja2.Environment(loader=loader, autoescape=False, trim_blocks=True, lstrip_blocks=True,
                                     keep_trailing_newline=True)
        _ENV_HTML = jinja2.Environment(loader=loader, autoescape=True, trim_blocks=True, lstrip_blocks=True)
        _ENV_MD.filters["md"] = _md_escape
        _TEMPLATES["md"] = _ENV_MD.get_template("report.md.j2")
        _TEMPLATES["html"] = _ENV_HTML.get_template("report.html.j2")
    return _TEMPLATES


def _md_escape(s):
    s = str(s)
    return s.replace("|", "\\|").replace("\n", "<br>")


def render_reports(result: Result):
    """(report.md, report.html, report.public.html)."""
    tpl = _templates()
    ctx = report_context(result)
    pub = publicize(ctx)
    return tpl["md"].render(**ctx), tpl["html"].render(**ctx), tpl["html"].render(**pub)


# ---------------------------------------------------------------------------
# Batch driver shared by the peers

_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}


def safe_name(s: str) -> str:
    s = "".join("_" if (ch in '<>:"/\\|?*' or ord(ch) < 32) else ch for ch in s).strip(" .")
    s = s.replace("..", "_") or "_"
    if s.split(".")[0].upper() in _RESERVED:
        s = "_" + s
    return s[:120]


def _write(path: Path, text: str):
    path.write_text(text, encoding="utf-8")


def process_file(path: Path, rel: Path, out_root: Path, read_book, write_workbook):
    """Everything for one input; never raises. Returns the summary row."""
    out_dir = out_root / "/".join(safe_name(p) for p in rel.with_suffix("").parts)
    out_dir.mkdir(parents=True, exist_ok=True)
    row = {"file": str(rel), "output": str(out_dir.relative_to(out_root)), "unit": "", "year": None,
           "status": "unreadable", "total": None, "grade": None, "errors": 0, "warnings": 0, "notes": 0}
    try:
        try:
            workbook_xml = sniff(path)
            try:
                book = read_book(path, workbook_xml)
            except Exception as e:  # the library could not parse it
                raise FileRefused(Finding("FILE-CORRUPT", f"无法读取工作簿：{type(e).__name__}: {e}")) from None
            book.path = str(rel)
            result = analyse(book)
        except FileRefused as e:
            f = e.finding
            f["file"] = str(rel)
            doc = diagnostics_doc(rel, "unreadable", [f])
            _write(out_dir / "diagnostics.json", json.dumps(doc, ensure_ascii=False, indent=2))
            row["errors"] = 1
            return row
        write_workbook(book, result, out_dir / "completed.xlsx")
        md, page, public = render_reports(result)
        _write(out_dir / "report.md", md)
        _write(out_dir / "report.html", page)
        _write(out_dir / "report.public.html", public)
        doc = diagnostics_doc(rel, result.status, result.findings, result)
        _write(out_dir / "diagnostics.json", json.dumps(doc, ensure_ascii=False, indent=2))
        row.update(unit=result.dept.text("unit_name") or "", year=result.dept.int("year"), status=result.status,
                   total=fixed(result.score["total"]) if result.score["grade"] else None, grade=result.score["grade"],
                   errors=result.counts["error"],
                   warnings=result.counts["warning"], notes=result.counts["note"])
        return row
    except Exception as e:  # one bad file never stops the batch
        f = Finding("FILE-INTERNAL", f"处理此文件时程序内部出错：{type(e).__name__}: {e}",
                    hint="请把文件和提示信息反馈给维护人员")
        f["file"] = str(rel)
        doc = diagnostics_doc(rel, "unreadable", [f])
        doc["traceback"] = traceback.format_exc()
        _write(out_dir / "diagnostics.json", json.dumps(doc, ensure_ascii=False, indent=2))
        row.update(status="unreadable", errors=1)
        return row


def _worker(args):
    path, rel, out_root, peer_module = args
    mod = __import__(peer_module)
    return process_file(Path(path), Path(rel), Path(out_root), mod.read_book, mod.write_workbook)


INDEX_TEMPLATE = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>绩效自评汇总</title>
<style>body{font-family:sans-serif;margin:1rem}table{border-collapse:collapse;width:100%}td,th{border:1px solid #999;padding:4px 6px;font-size:14px}
th{background:#eee}.failed{color:#b00}.unreadable{color:#777}</style></head><body>
<h1>绩效自评汇总（{{ rows|length }} 个文件）</h1><table><thead><tr><th>文件</th><th>单位</th><th>年度</th><th>状态</th><th>总分</th><th>等次</th>
<th>错误</th><th>警告</th><th>提示</th><th>报告</th></tr></thead><tbody>
{% for r in rows %}<tr class="{{ r.status }}"><td>{{ r.file }}</td><td>{{ r.unit }}</td><td>{{ r.year or '' }}</td><td>{{ status[r.status] }}</td>
<td>{{ r.total or '' }}</td><td>{{ r.grade or '' }}</td><td>{{ r.errors }}</td><td>{{ r.warnings }}</td><td>{{ r.notes }}</td>
<td>{% if r.status != 'unreadable' %}<a href="{{ r.output }}/report.html">报告</a>{% endif %} <a href="{{ r.output }}/diagnostics.json">校验</a></td></tr>
{% endfor %}</tbody></table></body></html>
"""


def run(argv, peer_name, peer_module, read_book, write_workbook, write_summary_xlsx):
    import argparse
    ap = argparse.ArgumentParser(prog=f"peer_{peer_name}.py", description="部门整体支出绩效自评：校验、计分、写回与报告")
    ap.add_argument("input")
    ap.add_argument("output")
    ap.add_argument("--jobs", type=int, default=1)
    ap.add_argument("--scores", action="store_true",
                    help="add the scores to each diagnostics.json (to compare with `jixiao score`)")
    args = ap.parse_args(argv)
    global SCORES_IN_DIAGNOSTICS
    SCORES_IN_DIAGNOSTICS = args.scores
    t0 = time.perf_counter()
    root, out_root = Path(args.input), Path(args.output)
    out_root.mkdir(parents=True, exist_ok=True)
    files = find_inputs(root)
    frameworks()
    _templates()
    if args.jobs > 1:
        import multiprocessing as mp
        sys.path.insert(0, str(HERE))
        with mp.get_context("fork").Pool(args.jobs) as pool:
            rows = pool.map(_worker, [(str(p), str(p.relative_to(root)), str(out_root), peer_module) for p in files], chunksize=4)
    else:
        rows = [process_file(p, p.relative_to(root), out_root, read_book, write_workbook) for p in files]
    summary = {"schema": "peer-summary/1", "tool": f"peer_{peer_name}", "files": rows}
    _write(out_root / "summary.json", json.dumps(summary, ensure_ascii=False, indent=2))
    _write(out_root / "index.html", jinja2.Environment(autoescape=True).from_string(INDEX_TEMPLATE)
           .render(rows=rows, status=STATUS_LABEL))
    write_summary_xlsx(rows, out_root / "summary.xlsx")
    dt = time.perf_counter() - t0
    n = len(files)
    print(f"peer_{peer_name}: {n} files, {dt:.2f} s, {dt * 1000 / n if n else 0:.1f} ms/workbook")
    return 1 if any(r["status"] != "passed" for r in rows) else 0   # as jixiao: 1 when any workbook has errors
