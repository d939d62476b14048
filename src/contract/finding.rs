//! Findings: every problem jixiao sees in a workbook is data (SPEC §8), with a
//! stable code from one catalogue, a severity, where it is and what to do.
//! `docs/diagnostics.md` is generated from [`CATALOGUE`].

use serde::Serialize;
use std::fmt;

use crate::contract::cell::Spot;

/// How serious a finding is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Blocks a clean status (未通过校验).
    Error,
    /// Needs review; does not block.
    Warning,
    /// A coercion or an information (e.g. `2300万元` read as 2300).
    Note,
}

impl Severity {
    /// The Chinese word for the severity (错误, 警告, 提示).
    pub fn zh(self) -> &'static str {
        match self {
            Severity::Error => "错误",
            Severity::Warning => "警告",
            Severity::Note => "提示",
        }
    }
}

/// What a code means, for the catalogue and the docs.
#[derive(Debug, Clone, Copy)]
pub struct CodeInfo {
    /// The code described.
    pub code: Code,
    /// The stable identifier, e.g. `SUM-INCOME`.
    pub id: &'static str,
    /// How serious its findings are.
    pub severity: Severity,
    /// The SPEC §8 category (1 file … 6 plausibility).
    pub category: Category,
    /// A short Chinese title.
    pub title: &'static str,
    /// When it is raised and what to do, in Chinese.
    pub explain: &'static str,
}

/// SPEC §8 categories.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    /// 1 文件: the file cannot be read as the template.
    File,
    /// 2 字段: a field's or a table's content (required, type, range, choice).
    Field,
    /// 3 勾稽（合计）: totals that do not add up.
    Arithmetic,
    /// 4 跨表一致性: figures that disagree across sheets.
    Cross,
    /// 5 评分: the 评分表 and the self-scores.
    Scoring,
    /// 6 合理性: figures or text worth a second look.
    Plausibility,
    /// 7 上年对比: this year's workbook beside last year's submission
    /// (`--previous`).
    Prior,
}

impl Category {
    /// The category's Chinese name.
    pub fn zh(self) -> &'static str {
        match self {
            Category::File => "文件",
            Category::Field => "字段",
            Category::Arithmetic => "勾稽（合计）",
            Category::Cross => "跨表一致性",
            Category::Scoring => "评分",
            Category::Plausibility => "合理性",
            Category::Prior => "上年对比",
        }
    }
}

macro_rules! codes {
    ($( $(#[$doc:meta])* $variant:ident = ($id:literal, $sev:ident, $cat:ident, $title:literal, $explain:literal), )*) => {
        /// A finding's stable code. The catalogue below is the single source of
        /// truth for ids, severities and explanations.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Code { $( $(#[$doc])* $variant, )* }

        /// Every code, in documentation order.
        pub const CATALOGUE: &[CodeInfo] = &[
            $( CodeInfo {
                code: Code::$variant,
                id: $id,
                severity: Severity::$sev,
                category: Category::$cat,
                title: $title,
                explain: $explain,
            }, )*
        ];
    };
}

codes! {
    /// The file is not a spreadsheet at all.
    FileNotWorkbook = ("FILE-NOT-WORKBOOK", Error, File, "不是工作簿文件",
        "文件内容不是 Excel/WPS/LibreOffice 工作簿（按内容识别，与扩展名无关）。请另存为 .xlsx 后重新报送。不是普通文件的（管道、设备或指向它们的链接）不读取，也记为此问题。"),
    /// Zero bytes.
    FileEmpty = ("FILE-EMPTY", Error, File, "空文件",
        "文件大小为 0，通常是邮件附件下载或复制中断。请重新获取原文件。"),
    /// A password-protected (encrypted) workbook.
    FileEncrypted = ("FILE-ENCRYPTED", Error, File, "工作簿已加密",
        "工作簿设置了打开密码，无法读取。请在 Excel/WPS 中取消“用密码进行加密”后另存。"),
    /// A web page saved with an .xls name.
    FileHtml = ("FILE-HTML", Error, File, "网页文件冒充 .xls",
        "文件实际是网页（HTML），常见于从系统“导出为 Excel”。请用 Excel/WPS 打开后另存为 .xlsx。"),
    /// A spreadsheet format jixiao does not read (xlsb, csv, an old BIFF version, a Word file …).
    FileUnsupported = ("FILE-UNSUPPORTED", Error, File, "不支持的文件格式",
        "支持 .xlsx、.xlsm、.xls（Excel 97–2003）和 .ods。请另存为 .xlsx。"),
    /// The file or something inside it is larger than the safety limits.
    FileTooLarge = ("FILE-TOO-LARGE", Error, File, "文件超出安全限制",
        "文件大小、压缩比、单元格数量、表格范围、工作表数量、共享字符串数量、单元格文字总量、样式数量、合并单元格数量或工作表 XML 大小超出安全限制（可能是损坏或恶意文件），上限见 docs/limits.md；读取时用尽单独读取进程的内存或 CPU 时间上限的，也记为此问题。请删除多余的空行空列、工作表或格式后另存。"),
    /// Truncated or damaged.
    FileCorrupt = ("FILE-CORRUPT", Error, File, "文件已损坏",
        "文件结构不完整或已损坏，无法读取。请用 Excel/WPS 打开检查并重新另存。"),
    /// A workbook, but not the standard template.
    FileNotTemplate = ("FILE-NOT-TEMPLATE", Error, File, "不是标准模板",
        "工作簿中找不到标准模板的任何填报项（单位名称、收支情况表、项目名称等所在的定义名称），多半是自制表格、旧版表格或从其他系统导出的文件。消息中列出工作簿的工作表。请用 `jixiao template` 生成的标准模板填报。"),
    /// `template_version` names a version this build does not know.
    FileUnknownVersion = ("FILE-UNKNOWN-VERSION", Error, File, "未知的模板版本",
        "填报说明中的模板版本不是本程序认识的版本。请用最新模板重新填报，或升级 jixiao。"),
    /// A defined name of the contract is missing.
    FileNameMissing = ("FILE-NAME-MISSING", Error, File, "缺少定义名称",
        "模板中的某个定义名称被删除（常因删除了整行/整表）。请从标准模板复制对应区域，或重新使用标准模板。"),
    /// A defined name points nowhere (`#REF!`, a deleted sheet, a malformed reference).
    FileNameBroken = ("FILE-NAME-BROKEN", Error, File, "定义名称无效",
        "定义名称指向已删除的单元格或工作表（#REF!）。请从标准模板恢复该区域。"),
    /// A sheet of the template is missing: renamed or deleted, so that
    /// every defined name on it points nowhere.
    FileSheetMissing = ("FILE-SHEET-MISSING", Error, File, "缺少工作表",
        "模板的某张工作表找不到了：多半是工作表被改名（名称不能修改），也可能被删除，这张表上的填报项全部无法读取。一张表只报一条，写明找不到的工作表和工作簿中模板没有的工作表（可能就是改名后的它）。请把工作表改回原名，或从标准模板恢复该表。"),
    /// A defined name is scoped to a sheet instead of the workbook.
    FileNameScope = ("FILE-NAME-SCOPE", Warning, File, "定义名称作用域不对",
        "同名的定义名称只在某个工作表内有效，已改用工作簿级的名称。一般由复制工作表引起，可在名称管理器中删除多余的名称。"),
    /// An internal failure while processing this file.
    FileInternal = ("FILE-INTERNAL", Error, File, "内部错误",
        "处理此文件时程序内部出错：这是 jixiao 的缺陷，不是文件的问题。其他文件不受影响；校验或计分中出错时，此前已找到的问题照常列出，报告照常生成；生成报告等输出文件时出错，只写出问题清单（diagnostics.json）。请把文件和提示信息反馈给维护人员。读取文件使单独的读取进程意外终止（中止、栈溢出等）时也记为此问题：该文件已跳过，多半是特意构造或已损坏的文件，请向报送单位索取原文件。"),

    /// A required field is empty.
    FieldRequired = ("FIELD-REQUIRED", Error, Field, "必填项为空",
        "必填单元格为空或只填了占位符（—、/、无）。必填项不能填“无”：请填写；表格中没有这一行的内容时删除该行。"),
    /// The value has the wrong type (text in a number cell, a fraction in a headcount …).
    FieldType = ("FIELD-TYPE", Error, Field, "数据类型不对",
        "单元格应填数字、整数或日期，但内容无法识别。"),
    /// The value is outside its allowed range.
    FieldRange = ("FIELD-RANGE", Error, Field, "数值超出范围",
        "数值不在允许范围内（如金额为负、年份不在 2000–2100、百分比超过 100%，或绝对值超过 10¹⁵ 这样不可信的数字）。"),
    /// Not a valid telephone number.
    FieldPhone = ("FIELD-PHONE", Error, Field, "电话号码格式不对",
        "联系电话应为固定电话（可带区号，如 0730-8075108）或 11 位手机号。"),
    /// A date that cannot be read or is implausible.
    FieldDate = ("FIELD-DATE", Error, Field, "日期不对",
        "日期无法识别，或早于评价年度、晚于今天太多。请填写如 2023-03-15 的日期。"),
    /// Not one of the dropdown choices.
    FieldChoice = ("FIELD-CHOICE", Error, Field, "不是可选值",
        "内容不在下拉列表中。请从下拉列表选择。"),
    /// A table's header row differs from the template.
    TableHeader = ("TABLE-HEADER", Warning, Field, "表头与模板不一致",
        "表格首行（表头）与标准模板不同，已按列位置读取。请勿修改、插入或删除表头列。"),
    /// A required table has no rows (or only rows marked not applicable).
    TableEmpty = ("TABLE-EMPTY", Error, Field, "表格未填写",
        "必填表格没有任何数据行，或各行都只填了“无”“不适用”等。请填写实际内容，不适用的行删除。"),
    /// A row of goals or indicators marked not applicable (无, 不适用, —).
    TableNotApplicable = ("TABLE-NOT-APPLICABLE", Note, Field, "不适用的行",
        "定性绩效目标、定量绩效目标或项目绩效指标中，一行的预期目标和实际完成（指标为年度指标值和实际完成值，项目指标还有自评得分）只填了“无”“没有”“无此项”“不适用”“不涉及”“未涉及”“N/A”“—”“-”“/”等或留空（至少一格填了）：单位没有这一目标或指标，该行按不适用读取。不检查该行的必填项，不计分（项目指标的分值不计入该项目的指标分值之和），报告中显示为“不适用”，不列为存在的问题。没有的指标填“无”或删除该行均可。"),
    /// A value was read after a tolerant conversion.
    NoteCoerced = ("NOTE-COERCED", Note, Field, "已自动转换",
        "单元格内容经过容错转换后读取（文本型数字、全角字符、千分位、百分号等）。建议改为规范的数字格式。"),
    /// A money value carried a unit and was converted to 万元.
    NoteUnit = ("NOTE-UNIT", Note, Field, "已换算为万元",
        "金额带有单位（元、万元），已换算为万元。建议只填数字，单位统一为万元。"),
    /// An input cell holds a formula whose value the file does not keep.
    FieldFormula = ("FIELD-FORMULA", Error, Field, "公式没有计算结果",
        "填报单元格是公式，文件中却没有保存它的计算结果（工作簿由不计算公式的程序保存，或在旧模板常规格式的单元格中输入了以“=”开头的内容，如“=200/人”），无法读取，按未填写处理。要填文字的，先把单元格设为文本格式再输入，或在前面加英文单引号（'=200/人）；确是公式的，在 Excel 或 WPS 中打开后重新保存。"),
    /// A row of a target or indicator table holding only placeholder text.
    TablePlaceholderRow = ("TABLE-PLACEHOLDER-ROW", Note, Field, "只有占位文字的行",
        "定量绩效目标或项目绩效指标中，一行的三级指标只有“指标 2:”“……”之类的占位文字，指标值、完成值、分值等都没有填写：这是表格留下的空行，已跳过，不检查、不计分。没有这项指标的删除该行；有的请填写指标名称和内容。三级指标是占位文字而其他格填了内容的行照常读取，按未填写指标名称报告。"),

    /// 收入合计 ≠ 上年结转 + 本年收入 (the income columns).
    SumIncome = ("SUM-INCOME", Error, Arithmetic, "收入合计不等于各项之和",
        "收入合计含上年结转（即决算的“收入总计”），应等于上年结转、一般公共预算财政拨款、政府性基金预算拨款、纳入专户管理的非税收入拨款、其他收入之和。只填了上年结转而未填本年收入各项时不校验。"),
    /// 基本支出 ≠ 人员支出 + 公用支出.
    SumBasic = ("SUM-BASIC", Error, Arithmetic, "基本支出不等于人员支出与公用支出之和",
        "基本支出应等于人员支出加公用支出。"),
    /// 支出合计 ≠ 基本支出 + 项目支出.
    SumExpense = ("SUM-EXPENSE", Error, Arithmetic, "支出合计不等于基本支出与项目支出之和",
        "支出合计应等于基本支出加项目支出。"),
    /// The 汇总 row ≠ the sum of the sub-units.
    SumSubunits = ("SUM-SUBUNITS", Error, Arithmetic, "汇总行不等于各机构之和",
        "有下属机构时，第一行（汇总）的每一列应等于其余各行之和。"),
    /// 固定资产合计 ≠ 在用 + 出租 + 其他.
    SumAssets = ("SUM-ASSETS", Error, Arithmetic, "固定资产合计不等于各项之和",
        "固定资产合计应等于在用、出租、其他固定资产之和。"),
    /// A project's funds by source do not add up to its totals.
    SumProjectFunds = ("SUM-PROJECT-FUNDS", Error, Arithmetic, "项目资金来源合计不符",
        "项目的年初预算数、全年预算数、全年执行数应分别等于财政拨款、上年结转、其他资金三项之和。"),
    /// 预算调整数 ≠ 追加 − 追减, or more excluded than adjusted (template version 2).
    SumAdjustment = ("SUM-ADJUSTMENT", Warning, Arithmetic, "预算调整数与追加、追减不符",
        "预算调整数（净额）应等于追加预算数减追减预算数：结构调整在科目、项目之间调剂，合计为 0。其中不计入预算调整率的调整数（国家政策、不可抗力、上级交办）是这些调整的一部分，不应大于追加、追减、结构调整之和。模板第 1 版的工作簿没有这几项，不检查。"),

    /// 当年结余 ≠ 本年收入 − 支出合计.
    CrossBalance = ("CROSS-BALANCE", Error, Cross, "当年结余与收支不符",
        "当年结余是本年收支差额，应等于本年收入（收入合计减上年结转，即各项拨款与其他收入之和）减去支出合计；上年结转不计入当年结余。本行收入合计、基本支出、支出合计与各组成部分不符时先报那些问题，不校验本项。"),
    /// 累计结余 ≠ 上年结转 + 本年收入 − 支出合计.
    CrossBalanceTotal = ("CROSS-BALANCE-TOTAL", Error, Cross, "累计结余与上年结转及本年收支不符",
        "累计结余应等于上年结转加当年结余，也就是收入合计（含上年结转）减去支出合计。本行收入合计、基本支出、支出合计与各组成部分不符时先报那些问题，不校验本项。"),
    /// 累计结余 ≠ 上年结转 + 年初预算 + 调整 − 执行: a warning, since income
    /// outside the budget makes them differ in a correct workbook.
    CrossYearEnd = ("CROSS-YEAR-END", Warning, Cross, "累计结余与预算执行不符",
        "汇总行的累计结余与按预算推算的年末结余（上年结转＋年初预算数＋预算调整数－预算执行数）不等。预算外收入（如其他收入、非税收入）或预算执行数与支出合计口径不同时两者本可不等，消息中写明差额来自收入还是支出，请核实并在报告中说明。汇总行的收支恒等式不成立时先报那些问题，不校验本项。"),
    /// Projects' executed funds exceed the unit's 项目支出.
    CrossProjectTotal = ("CROSS-PROJECT-TOTAL", Warning, Cross, "项目执行数合计超过项目支出",
        "项目支出表各项目全年执行数之和超过收支情况表（汇总行）的项目支出。"),
    /// A project spent more than its full-year budget.
    CrossProjectOverspend = ("CROSS-PROJECT-OVERSPEND", Warning, Cross, "项目执行数超过预算数",
        "项目全年执行数大于全年预算数，请核实或说明原因。"),
    /// An indicator row names a project that is not in the project table.
    CrossProjectUnknown = ("CROSS-PROJECT-UNKNOWN", Error, Cross, "指标所属项目不存在",
        "项目绩效指标表中的项目名称在项目支出表中找不到。请使两表的项目名称完全一致。"),

    /// A self-score above the indicator's points (or negative).
    ScoreOverPoints = ("SCORE-OVER-POINTS", Error, Scoring, "自评得分超过分值",
        "某项指标的自评得分超过该项分值或为负数。自评得分应在 0 到分值之间。"),
    /// Points lost without a reason.
    ScoreNoReason = ("SCORE-NO-REASON", Warning, Scoring, "扣分未说明原因",
        "自评得分低于满分，但“扣分原因”（项目为“偏差原因分析及改进措施”）为空。"),
    /// The self-score differs from the score computed from the workbook.
    ScoreSelfDiffers = ("SCORE-SELF-DIFFERS", Warning, Scoring, "自评得分与计算得分不一致",
        "按评价框架和工作簿数据计算的得分与自评得分不同（差额超过 0.01 分）。消息中写明计算过程，请核对。"),
    /// A self-scored indicator without a self-score.
    ScoreNoSelf = ("SCORE-NO-SELF", Warning, Scoring, "未填写自评得分",
        "自评类、核查类指标需要单位填写自评得分；未填写的无法计分，总分不完整、不评定等次。评分表为空或一项自评得分也没有时，合为一条，单位视为未自评。"),
    /// A 评分表 row's self-score marked not applicable (无, 不适用, —).
    ScoreNotApplicable = ("SCORE-NOT-APPLICABLE", Warning, Scoring, "评分表指标填了“无”",
        "评分表的各项指标由评价框架规定，每项都要计分，不能填“无”“不适用”“—”等，也不能删除该行；填了的按未填写自评得分处理（自评类指标无法计分）。请填写自评得分，低于满分的在“扣分原因”中说明。"),
    /// The stated 自评综合得分 differs from the sum of the self-scores.
    ScoreSelfTotal = ("SCORE-SELF-TOTAL", Error, Scoring, "自评综合得分不等于各项之和",
        "基本情况或评分表中填写的自评综合得分，与评分表各项自评得分之和不相等。"),
    /// The stated 自评综合得分 differs from the computed total.
    ScoreTotalDiffers = ("SCORE-TOTAL-DIFFERS", Warning, Scoring, "自评综合得分与系统计算总分不一致",
        "自评综合得分与按评价框架计算的总分不同。请查看评分表中“系统得分”与“自评得分”不同的指标。"),
    /// A row's 分值 differs from the framework.
    ScorePoints = ("SCORE-POINTS", Warning, Scoring, "分值与评价框架不一致",
        "评分表中某项的分值与评价框架不同，已按评价框架计分。分值由评价框架确定，请勿修改。"),
    /// A row of the 评分表 that is not in the framework.
    ScoreUnknownRow = ("SCORE-UNKNOWN-ROW", Warning, Scoring, "评分表中有框架外的指标",
        "评分表中的三级指标名称在所选评价框架中找不到，该行未计分。请核对名称或所选评价框架。"),
    /// A framework indicator missing from the 评分表.
    ScoreMissingRow = ("SCORE-MISSING-ROW", Warning, Scoring, "评分表缺少指标",
        "评价框架中的某项指标在评分表中没有对应行。数据类指标仍按数据计分，自评类无法计分。"),
    /// Data for a computed indicator is missing; the self-score is used.
    ScoreNoData = ("SCORE-NO-DATA", Note, Scoring, "缺少计分数据，采用自评",
        "计算某项指标所需的数据未填写，按评价框架的规定采用自评得分。填写数据后系统可按数据计分。"),
    /// A rate with a zero denominator but a non-zero numerator.
    ScoreZeroBase = ("SCORE-ZERO-BASE", Error, Scoring, "分母为零",
        "计算比率时分母为 0 而分子不为 0（如没有预算却有支出），按评价框架规定不得分。请核对预算数。"),
    /// The points a department set for a block's indicators do not add up
    /// to the block's total.
    ScoreSetWeights = ("SCORE-SET-WEIGHTS", Error, Scoring, "设定分值之和不等于合计分值",
        "评价框架允许单位在一组指标的合计分值内自定各项分值（设定分值，可以为 0），各项设定分值之和却不等于合计分值，或有负数。该组按参考分值计分。请改正“设定分值”列。"),
    /// Project indicator points do not follow the usual weights.
    ScoreWeights = ("SCORE-WEIGHTS", Warning, Scoring, "项目指标权重不合常规",
        "项目的产出、效益、满意度指标分值不是通行的 50、30、10（财预〔2020〕10号“原则上”如此），或项目的指标都填为不适用。"),
    /// Two indicators of one project with the same 三级指标.
    ScoreDuplicateIndicator = ("SCORE-DUPLICATE-INDICATOR", Warning, Scoring, "项目指标重复",
        "同一项目中有两个三级指标名称相同的绩效指标，可能是重复填写，也可能是两项不同的指标用了同一个名称。"),
    /// A project's points do not add up to the full marks.
    ScoreProjectPoints = ("SCORE-PROJECT-POINTS", Error, Scoring, "项目分值之和不等于满分",
        "项目各指标分值之和加预算执行率分值（默认 10 分）不等于满分（默认 100 分）。这样的得分不能与满分比较：报告只给出计算值并注明权重不符，不评定等次。"),
    /// A project's stated 自评得分 differs from the sum of its indicators.
    ScoreProjectTotal = ("SCORE-PROJECT-TOTAL", Error, Scoring, "项目自评得分不等于各项之和",
        "项目支出表中的自评得分，与项目绩效指标表中该项目各指标自评得分之和（加预算执行率得分）不相等。"),
    /// Target and actual in incomparable units.
    ScoreUnitMismatch = ("SCORE-UNIT-MISMATCH", Warning, Scoring, "指标值与完成值单位不一致",
        "年度指标值与实际完成值的单位或口径不同（如人均标准对总金额），不能相除计分。"),
    /// A met target scored below full.
    ScoreMetDeducted = ("SCORE-MET-DEDUCTED", Warning, Scoring, "已完成目标却扣分",
        "实际完成值已达到年度指标值，自评得分却低于满分。"),
    /// A quantitative indicator without its 年度指标值.
    ScoreNoTarget = ("SCORE-NO-TARGET", Warning, Scoring, "定量指标未填写指标值",
        "实际完成值是数值（或指标名称带有单位），年度指标值却为空：系统无法计分，按自评得分计入项目总分（未填写自评得分的计 0 分）。请填写年度指标值，如“≥95%”“12000人次”。"),
    /// A target exceeded by far without a 偏差原因.
    ScoreTargetExceeded = ("SCORE-TARGET-EXCEEDED", Warning, Scoring, "大幅超过指标值未说明原因",
        "实际完成值远超年度指标值（“≥”类指标达到指标值的 150% 及以上，“≤”类指标不到指标值的一半且不为 0），“偏差原因分析及改进措施”却为空。偏差到这个程度已不是估算误差：指标值定得偏低，或完成值有误。请核实，并说明原因。"),
    /// A project's stated 自评等次 differs from the grade of its self-score.
    ScoreProjectGrade = ("SCORE-PROJECT-GRADE", Warning, Scoring, "项目自评等次与得分不符",
        "项目填写的自评等次与按评价框架等次标准（默认优 ≥90、良 ≥80、中 ≥60、差 <60）对其自评得分评定的等次不同；或项目分值之和不等于满分（权重不符，不应评定等次），却填写了等次。"),

    /// A rate above 100% where that is unusual.
    PlausRateHigh = ("PLAUS-RATE-HIGH", Warning, Plausibility, "比率异常偏高",
        "预算完成率、公用经费控制率等超过 100%，请核实数据或说明原因。"),
    /// 预算完成率 below 60%.
    PlausExecutionLow = ("PLAUS-EXECUTION-LOW", Warning, Plausibility, "预算完成率偏低",
        "预算完成率低于 60%，请核实预算数、执行数，或说明原因。"),
    /// A year written in a target or result text differs from the report year.
    PlausYearInText = ("PLAUS-YEAR-IN-TEXT", Warning, Plausibility, "文字中的年份与评价年度不同",
        "目标或完成情况的文字中写的年份与评价年度不一致，常因沿用上年材料。请核实。项目名称中的年份（如“2020年离休干部医疗统筹金”），以及写明资金所属年度的（如“2022年度参保”“2022年度配套资金”），不在此列。"),
    /// The problems section is empty.
    PlausNoProblems = ("PLAUS-NO-PROBLEMS", Warning, Plausibility, "未填写存在的主要问题",
        "“存在的主要问题”为空。绩效自评报告应如实列出问题。"),
    /// The measures section is empty.
    PlausNoMeasures = ("PLAUS-NO-MEASURES", Warning, Plausibility, "未填写改进措施",
        "“改进措施和有关建议”为空。"),
    /// A number of the prose differs from the figure the tables give.
    TextNumberMismatch = ("TEXT-NUMBER-MISMATCH", Warning, Plausibility, "文字中的数字与表格不符",
        "说明、成绩、完成情况等文字中写的金额、百分比或人数（户数、次数等）与表格中同一项目的数不一致：按文字本身写到的精度比较（“15万元”按整万元，“2854.94万元”按分），相差在容差以内的不算。只比较紧跟在表格项目名称（收入合计、支出合计、三公经费、在职人数、各项目名称、各项指标名称及其常见说法）之后的本年数；上年数、计划或目标数、“约”“余”“以上”等约数、下属单位或全县（市、省）的数不比较。请以表格为准核对文字，改正写错的一方（docs/claims.md）。"),
    /// More staff than the quota.
    PlausStaffOverQuota = ("PLAUS-STAFF-OVER-QUOTA", Warning, Plausibility, "实有人数超过编制",
        "实有在职人数超过核定编制数，请核实。"),
    /// A 上年问题整改情况 row without what was done.
    RectificationMissing = ("RECTIFY-MISSING", Warning, Plausibility, "未填写整改落实情况",
        "“上年问题整改情况”中列出了上年的问题，却没有写明本年做了什么（“整改落实情况”为空）；或用 `--previous` 找到了上年报送的问题，本工作簿却没有逐条填写整改情况。请逐条说明整改措施和结果，并选择整改状态。"),

    /// A blank cell filled from last year's submission.
    PriorFilled = ("PRIOR-FILLED", Note, Prior, "已按上年报送填入",
        "本年工作簿空着的上年数（上年“三公”经费预算和决算、收支表的上年结转），或空着的上年问题整改情况表，已按 `--previous` 给出的上年报送填入，计算和报告用的就是这个数。填入的数在完成工作簿中写在原单元格并加批注，说明取自哪个文件。如上年数另有调整，请在本格填写正确的数。"),
    /// A last-year figure differs from what last year's submission said.
    PriorMismatch = ("PRIOR-MISMATCH", Warning, Prior, "上年数与上年报送不一致",
        "本年填写的上年数（上年“三公”经费预算或决算、上年结转）与上年报送的工作簿中同一个数（上年的本年预算、本年决算、年末累计结余）不一致，差额超过容差。请核实：上年数据如有调整，请在说明中写明原因。"),
    /// A problem of last year appears again.
    PriorRepeat = ("PRIOR-REPEAT", Warning, Prior, "上年问题再次出现",
        "本年“存在的主要问题”中有一条与上年报送的问题相同或相近，或某项指标上年和本年都被扣分：上年的问题没有整改到位。请在“上年问题整改情况”中说明原因，并在改进措施中提出针对性的办法。"),
}

impl Code {
    /// This code's catalogue entry.
    pub fn info(self) -> &'static CodeInfo {
        CATALOGUE
            .iter()
            .find(|i| i.code == self)
            .unwrap_or_else(|| unreachable!("every code is in the catalogue"))
    }

    /// The stable identifier, e.g. `SUM-INCOME`.
    pub fn id(self) -> &'static str {
        self.info().id
    }

    pub(crate) fn severity(self) -> Severity {
        self.info().severity
    }

    /// What to do about a finding of this code, when the place that
    /// raises it has nothing more particular to say (listed code by code
    /// in `docs/diagnostics.md`). Each speaks of its own code's problem:
    /// never another column's format or another table's rule.
    pub fn default_hint(self) -> &'static str {
        match self {
            Code::FileNotWorkbook => {
                "请用 Excel 或 WPS 打开原表格，另存为 .xlsx（Excel 工作簿）后重新报送"
            }
            Code::FileEmpty => "文件是空的：请向报送单位重新索取原文件",
            Code::FileEncrypted => "请在 Excel/WPS 中取消“用密码进行加密”，另存后重新报送",
            Code::FileHtml => "请用 Excel/WPS 打开该文件，另存为 .xlsx（Excel 工作簿）后重新报送",
            Code::FileUnsupported => "请另存为 .xlsx（Excel 工作簿）后重新报送",
            Code::FileTooLarge => {
                "请删除多余的空行空列、工作表或格式后另存；仍超出的，请向报送单位索取原文件"
            }
            Code::FileCorrupt => {
                "请用 Excel/WPS 打开检查并重新另存为 .xlsx；打不开的，请向报送单位索取原文件"
            }
            Code::FileNotTemplate => {
                "请用 `jixiao template`（部门整体）或 `jixiao template --kind project`（项目支出）生成的标准模板重新填报"
            }
            Code::FileUnknownVersion => "请使用财政部门下发的最新模板重新填报，或升级 jixiao",
            Code::FileNameMissing => "请从标准模板复制该区域，或改用标准模板重新填报",
            Code::FileNameBroken => "该位置的单元格或工作表已被删除：请从标准模板恢复",
            Code::FileSheetMissing => {
                "工作表名称不能修改：请把改名的工作表改回原名，或从标准模板恢复该表"
            }
            Code::FileNameScope => {
                "不影响读取；可在“公式 → 名称管理器”中删除只在工作表内有效的同名名称"
            }
            Code::FileInternal => {
                "这是 jixiao 的缺陷，不是文件的问题：请把文件和这条信息反馈给维护人员"
            }
            Code::FieldRequired => "请填写该项",
            Code::FieldType => "请按“应为”所示填写：数字只填数字，不带单位和文字",
            Code::FieldRange => "请核对数值，填在允许的范围内",
            Code::FieldPhone => "填一个号码：固定电话（可带区号，如 0730-8075108）或 11 位手机号",
            Code::FieldDate => "填写如 2023-03-15 的日期",
            Code::FieldChoice => "请从下拉列表选择",
            Code::TableHeader => {
                "请勿修改、插入或删除表头列；已按列位置读取，请核对各列内容是否对应"
            }
            Code::TableEmpty => "请填写实际内容；不适用的行删除",
            Code::TableNotApplicable => {
                "没有这项目标或指标的，填“无”或删除该行均可；有实际内容的，请填写"
            }
            Code::NoteCoerced => "建议改为规范的数字格式",
            Code::NoteUnit => "金额请只填数字，单位统一为万元",
            Code::FieldFormula => {
                "要填文字的，先把单元格设为文本格式，或在前面加英文单引号；确是公式的，在 Excel 或 WPS 中打开后重新保存"
            }
            Code::TablePlaceholderRow => "没有这项指标的删除该行；有的请填写指标名称和内容",
            Code::SumIncome => "核对收入合计与上年结转、各项拨款和其他收入，改正填错的一项",
            Code::SumBasic => "核对基本支出与人员支出、公用支出，改正填错的一项",
            Code::SumExpense => "核对支出合计与基本支出、项目支出，改正填错的一项",
            Code::SumSubunits => "核对汇总行和各下属机构的数：汇总行应等于其余各行之和",
            Code::SumAssets => "核对固定资产合计与在用、出租、其他固定资产，改正填错的一项",
            Code::SumProjectFunds => "核对该项目的财政拨款、上年结转、其他资金三项及其合计",
            Code::SumAdjustment => "核对预算调整数与追加、追减、结构调整数",
            Code::CrossBalance => "核对本年收入、支出合计和当年结余",
            Code::CrossBalanceTotal => "核对上年结转、收入合计、支出合计和累计结余",
            Code::CrossYearEnd => "核实差额来自预算外收入还是支出口径，并在报告中说明",
            Code::CrossProjectTotal => "核对项目支出表与收支情况表的口径和单位（万元）",
            Code::CrossProjectOverspend => "核实执行数，或在完成情况中说明超预算原因",
            Code::CrossProjectUnknown => "使项目名称与“项目支出”表完全一致",
            Code::ScoreOverPoints => "自评得分应在 0 到该项分值之间",
            Code::ScoreNoReason => "在“扣分原因”（项目为“偏差原因分析及改进措施”）中说明扣分原因",
            Code::ScoreSelfDiffers => "按消息中的计算过程核对数据和自评得分",
            Code::ScoreNoSelf => "填写自评得分；低于满分的在“扣分原因”中说明",
            Code::ScoreNotApplicable => "评分表每项都要计分：请填写自评得分，不能填“无”或删除该行",
            Code::ScoreSelfTotal => "使自评综合得分等于评分表各项自评得分之和",
            Code::ScoreTotalDiffers => "查看评分表中“系统得分”与“自评得分”不同的指标并核对",
            Code::ScorePoints => "分值由评价框架确定：请改回框架规定的分值",
            Code::ScoreUnknownRow => "核对三级指标名称和所选的评价框架",
            Code::ScoreMissingRow => "从标准模板恢复评分表中缺少的行",
            Code::ScoreNoData => "填写计算所需的数据后，系统可按数据计分",
            Code::ScoreZeroBase => "核对预算数（分母）和执行数",
            Code::ScoreSetWeights => "改正“设定分值”列：各项之和等于合计分值，且没有负数",
            Code::ScoreWeights => "核实各类指标的分值；不按通行权重的，在报告中说明理由",
            Code::ScoreDuplicateIndicator => "重复填写的删除一行；是两项不同指标的，改用不同的名称",
            Code::ScoreProjectPoints => "核对各指标分值，使其与预算执行率分值之和等于满分",
            Code::ScoreProjectTotal => "使项目的自评得分等于各指标自评得分之和加预算执行率得分",
            Code::ScoreUnitMismatch => "使年度指标值和实际完成值用同一单位和口径",
            Code::ScoreMetDeducted => "核实自评得分；确有扣分理由的，在偏差原因中说明",
            Code::ScoreNoTarget => "填写年度指标值，如“≥95%”“12000人次”",
            Code::ScoreTargetExceeded => {
                "核实指标值和完成值，并在“偏差原因分析及改进措施”中说明原因"
            }
            Code::ScoreProjectGrade => {
                "按自评得分和等次标准填写自评等次；分值合计不是满分的项目不填等次"
            }
            Code::PlausRateHigh => "核实数据，或在报告中说明原因",
            Code::PlausExecutionLow => "核实预算数、执行数；确属执行偏慢的，在存在的问题中说明原因",
            Code::PlausYearInText => "核实是否沿用了其他年度的材料",
            Code::PlausNoProblems => "在“问题与措施”表中逐条填写存在的主要问题",
            Code::PlausNoMeasures => "在“问题与措施”表中逐条填写改进措施和有关建议",
            Code::TextNumberMismatch => "以表格为准核对文字，改正写错的一方",
            Code::PlausStaffOverQuota => "核实编制数和实有人数",
            Code::RectificationMissing => "写明本年针对这个问题做了什么、结果如何，并选择整改状态",
            Code::PriorFilled => "如上年数另有调整，请在本格填写正确的数",
            Code::PriorMismatch => "请核实；上年数据如有调整，请在说明中写明原因",
            Code::PriorRepeat => {
                "上年问题没有整改到位：请在“上年问题整改情况”中说明原因，并提出针对性的改进措施"
            }
        }
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}

/// A code read back by its id (the read stage's worker processes send
/// findings as they are serialized).
impl<'de> serde::Deserialize<'de> for Code {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let id = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        CATALOGUE
            .iter()
            .find(|i| i.id == id)
            .map(|i| i.code)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown finding code {id}")))
    }
}

/// One problem, at one place.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct Finding {
    /// What kind of problem.
    pub code: Code,
    /// How serious it is.
    pub severity: Severity,
    /// The workbook's path as given on the command line or found in the batch.
    pub file: String,
    /// The sheet's name.
    pub sheet: Option<String>,
    /// The A1 reference, e.g. `D7`.
    pub cell: Option<String>,
    /// The contract key (defined name) the cell belongs to.
    pub field: Option<String>,
    /// What is wrong, in Chinese.
    pub message: String,
    /// What the cell should hold.
    pub expected: Option<String>,
    /// What it holds.
    pub found: Option<String>,
    /// What to do about it.
    pub hint: Option<String>,
}

impl Finding {
    /// A finding with the code's severity and no location yet.
    pub(crate) fn new(code: Code, message: impl Into<String>) -> Self {
        Finding {
            code,
            severity: code.severity(),
            file: String::new(),
            sheet: None,
            cell: None,
            field: None,
            message: message.into(),
            expected: None,
            found: None,
            hint: Some(code.default_hint().to_string()),
        }
    }

    pub(crate) fn at(mut self, spot: &Spot) -> Self {
        self.sheet = Some(spot.sheet.clone());
        self.cell = Some(spot.a1());
        self
    }

    pub(crate) fn field(mut self, key: impl Into<String>) -> Self {
        self.field = Some(key.into());
        self
    }

    pub(crate) fn expected(mut self, v: impl Into<String>) -> Self {
        self.expected = Some(v.into());
        self
    }

    pub(crate) fn found(mut self, v: impl Into<String>) -> Self {
        self.found = Some(v.into());
        self
    }

    pub(crate) fn hint(mut self, v: impl Into<String>) -> Self {
        self.hint = Some(v.into());
        self
    }

    /// Whether it comes from scoring (SPEC §8 category 5).
    pub(crate) fn is_scoring(&self) -> bool {
        self.code.info().category == Category::Scoring
    }

    /// `收支情况!D7`, or just the sheet, or nothing.
    pub fn location(&self) -> String {
        match (&self.sheet, &self.cell) {
            (Some(s), Some(c)) => format!("{s}!{c}"),
            (Some(s), None) => s.clone(),
            _ => String::new(),
        }
    }
}

/// Sorts findings for display: by sheet order in the template, then row, column, code.
pub(crate) fn sort_findings(findings: &mut [Finding]) {
    use crate::contract::fields::Sheet;
    let sheet_rank = |s: &Option<String>| -> usize {
        match s {
            None => 0,
            Some(name) => Sheet::ALL
                .iter()
                .position(|sh| sh.name() == name)
                .map_or(Sheet::ALL.len() + 1, |p| p + 1),
        }
    };
    let cell_key = |c: &Option<String>| c.as_deref().and_then(crate::contract::cell::parse_a1);
    findings.sort_by(|a, b| {
        sheet_rank(&a.sheet)
            .cmp(&sheet_rank(&b.sheet))
            .then_with(|| a.sheet.cmp(&b.sheet))
            .then_with(|| cell_key(&a.cell).cmp(&cell_key(&b.cell)))
            .then_with(|| a.severity.cmp(&b.severity))
            .then_with(|| a.code.cmp(&b.code))
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn code_ids_are_unique_and_shaped() {
        let mut ids = HashSet::new();
        for info in CATALOGUE {
            assert!(ids.insert(info.id), "duplicate id {}", info.id);
            assert!(
                info.id
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c == '-' || c.is_ascii_digit())
            );
            assert_eq!(info.code.info().id, info.id);
        }
    }

    #[test]
    fn every_code_has_a_hint_of_its_own() {
        let mut seen = HashSet::new();
        for info in CATALOGUE {
            let hint = info.code.default_hint();
            assert!(!hint.is_empty(), "{}", info.id);
            assert!(seen.insert(hint), "{} shares its hint", info.id);
            assert_eq!(
                Finding::new(info.code, "x").hint.as_deref(),
                Some(hint),
                "{}",
                info.id
            );
        }
    }

    #[test]
    fn findings_sort_by_sheet_then_cell() {
        let mk = |sheet: &str, cell: &str| {
            let mut f = Finding::new(Code::FieldRequired, "x");
            f.sheet = Some(sheet.into());
            f.cell = Some(cell.into());
            f
        };
        let mut v = vec![
            mk("收支情况", "B10"),
            mk("基本情况", "C9"),
            mk("收支情况", "B9"),
            mk("收支情况", "AA1"),
        ];
        sort_findings(&mut v);
        let locs: Vec<_> = v.iter().map(Finding::location).collect();
        assert_eq!(
            locs,
            ["基本情况!C9", "收支情况!AA1", "收支情况!B9", "收支情况!B10"]
        );
    }
}
