//! The 填报说明 sheet, first in every workbook: what each sheet is, units,
//! how to fill, what happens after the workbook is sent.

use std::sync::OnceLock;

use rust_xlsxwriter::{Worksheet, XlsxError};

use crate::contract::fields::{Sheet, TEMPLATE_VERSION};
use crate::workbook::layout::LABEL_COL;
use crate::workbook::styles::{Styles, print_setup, protect, wrapped_lines};

/// The 填报说明 sheet: what each sheet is, units, how to fill, what happens next.
pub(crate) fn write_instructions(ws: &mut Worksheet, styles: &Styles) -> Result<(), XlsxError> {
    // The same text in every workbook.
    static LINES: OnceLock<Vec<(bool, String)>> = OnceLock::new();
    let lines = LINES.get_or_init(instructions_text);
    ws.write_string_with_format(
        0,
        LABEL_COL,
        "部门整体支出绩效自评表 填报说明",
        &styles.title,
    )?;
    ws.set_row_height(0, 24)?;
    for (row, (is_heading, text)) in (2u32..).zip(lines) {
        let fmt = if *is_heading {
            &styles.section
        } else {
            &styles.body
        };
        ws.write_string_with_format(row, LABEL_COL, text, fmt)?;
        let lines = wrapped_lines(text, 96);
        if lines > 1 {
            ws.set_row_height(row, (15 * lines + 2) as f64)?;
        }
    }
    ws.set_column_width(0, 2)?;
    ws.set_column_width(LABEL_COL, 96)?;
    protect(ws);
    print_setup(ws, true);
    ws.set_print_fit_to_pages(1, 1);
    ws.set_active(true);
    Ok(())
}

/// The instructions as (is heading, text) lines; also used by `docs/fields.md`.
pub(crate) fn instructions_text() -> Vec<(bool, String)> {
    let mut lines = vec![(true, "一、本表用途".to_string())];
    lines.push((
        false,
        "本工作簿用于年度部门整体支出绩效自评和项目支出绩效自评。请按各工作表逐项填写，保存为 .xlsx 后报送财政部门。".to_string(),
    ));
    lines.push((true, "二、各工作表".to_string()));
    for sheet in Sheet::ALL {
        let what = match sheet {
            Sheet::Instructions | Sheet::ProjectForm => continue,
            Sheet::Basic => {
                "单位名称、年度、联系人、编制与实有人数、职能职责、年度主要工作；评价人员。"
            }
            Sheet::Finance => {
                "预算数、调整数、执行数等；“三公”经费本年预算、本年决算、上年决算；固定资产；按机构的收支情况。"
            }
            Sheet::Goals => "定性绩效目标及实际完成情况。",
            Sheet::Targets => {
                "定量绩效目标（一级、二级、三级指标）、年度指标值、实际完成值；满意度。"
            }
            Sheet::Scores => "评分表：由评价框架生成，填写自评得分和扣分原因；自评综合得分。",
            Sheet::Projects => {
                "项目支出：每个项目的资金（年初预算、全年预算、全年执行，按资金来源）、年度总体目标、完成情况、自评得分。"
            }
            Sheet::Indicators => {
                "项目绩效指标：每个项目的各项指标、指标值、完成值、分值、自评得分、偏差原因。"
            }
            Sheet::Problems => "存在的主要问题；改进措施和有关建议。",
        };
        lines.push((false, format!("【{}】{}", sheet.name(), what)));
    }
    lines.push((true, "三、填写要求".to_string()));
    for s in [
        "1. 金额单位统一为万元，保留两位小数。只填数字，不要带“万元”“元”等单位，也不要用文字代替数字。",
        "2. 百分比直接输入，如 95%；人数、个数填整数；日期填如 2023-03-15。",
        "3. 淡黄色单元格为填写区。灰色单元格为标题、说明或自动计算的内容，已锁定（未设密码），请勿取消保护后修改。",
        "4. 表格内可以插入或删除行；请不要删除或修改表头，不要改动工作表名称，不要删除工作表。",
        "5. 没有发生的金额填 0；不适用的文字项可留空。没有的指标填“无”或删除该行。带 * 的为必填项。",
        "6. 合计数应等于各项之和，汇总行应等于各机构之和，收支、结余应互相衔接。",
        "7. 选中单元格时会显示填写提示；下拉框请从列表中选择。",
    ] {
        lines.push((false, s.to_string()));
    }
    lines.push((true, "四、报送后会发生什么".to_string()));
    for s in [
        "财政部门用 jixiao 逐格校验本工作簿：每个问题都会标明工作表和单元格（如“收支情况!D7”），说明应填什么、实际填了什么、怎样改正。",
        "校验通过后自动计算各项指标（在职人员控制率、预算完成率、“三公”经费控制率等）并按评价框架评分、定等次，生成自评报告。",
        "有错误的工作簿也会得到完整的校验结果，请按提示一次改完后重新报送。",
    ] {
        lines.push((false, s.to_string()));
    }
    lines.push((
        false,
        format!("模板版本：{TEMPLATE_VERSION}。请使用财政部门下发的最新模板。"),
    ));
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::coerce::normalize::is_not_applicable;

    /// The instructions tell departments to write “无” for an indicator they
    /// do not have; the reader must take “无” so (and not as a blank).
    #[test]
    fn the_marker_the_instructions_name_is_read_as_not_applicable() {
        let lines = instructions_text();
        assert!(
            lines
                .iter()
                .any(|(_, l)| l.contains("没有的指标填“无”或删除该行")),
            "{lines:?}"
        );
        assert!(is_not_applicable("无"));
    }
}
