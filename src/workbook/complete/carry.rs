//! What a regenerated completed workbook (of an .xls or .ods, which cannot
//! be edited in place) carries of the department's file besides its named
//! cells: every sheet that is not one of the template's, with every cell's
//! value, and a note saying which formatting could not come along (in
//! 填报说明; a project workbook, which has none, in 校验结果).

use std::io::Cursor;

use calamine::{Data, Reader, open_workbook_auto_from_rs};
use rust_xlsxwriter::{Format, Workbook, XlsxError};

use crate::contract::fields::Sheet;
use crate::workbook::cell_text::fit_cell;
use crate::workbook::complete::add_sheet;
use crate::workbook::instructions::instructions_text;
use crate::workbook::package::ADDED_SHEETS;

/// What 填报说明 says of a workbook converted from .xls or .ods.
pub(crate) const CONVERTED_NOTE: &str = "本完成工作簿由单位的 .xls/.ods 文件转换为 .xlsx：各项填写内容和单位另加工作表中的数值已全部带入，\
但单位自己的字体、颜色、列宽、合并单元格、批注、图片和打印设置无法带入，表格旁另写的备注也未带入；如需保留，请以 .xlsx 格式提交。";

/// Writes the conversion note under 填报说明's text.
pub(crate) fn note_conversion(wb: &mut Workbook) -> Result<(), XlsxError> {
    let instructions = wb.worksheet_from_name(Sheet::Instructions.name())?;
    let row = 3 + instructions_text().len() as u32;
    instructions.write_string_with_format(
        row,
        1,
        CONVERTED_NOTE,
        &Format::new().set_text_wrap().set_bold(),
    )?;
    let lines = crate::workbook::styles::wrapped_lines(CONVERTED_NOTE, 96);
    instructions.set_row_height(row, super::sheets::row_height(lines))?;
    // A streamed sheet's last row must not have a height.
    crate::workbook::template::end_streamed(instructions, row + 1)?;
    Ok(())
}

/// Adds the department's own sheets (those not in the template: neither
/// the department workbook's nor the project form) with their values.
pub(crate) fn carry_sheets(
    wb: &mut Workbook,
    source: &[u8],
    streamed: bool,
) -> Result<(), XlsxError> {
    // A file that no longer opens here was read moments ago: nothing to add.
    let Ok(mut book) = open_workbook_auto_from_rs(Cursor::new(source)) else {
        return Ok(());
    };
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for name in book.sheet_names() {
        if Sheet::ALL.iter().any(|s| s.name() == name)
            || name == Sheet::ProjectForm.name()
            || ADDED_SHEETS.contains(&name.as_str())
        {
            continue;
        }
        let Ok(range) = book.worksheet_range(&name) else {
            continue;
        };
        let ws = add_sheet(wb, streamed)?;
        ws.set_name(&name)?;
        let (r0, c0) = range.start().unwrap_or((0, 0));
        for (r, c, v) in range.used_cells() {
            let (Ok(row), Ok(col)) = (u32::try_from(r), u16::try_from(c)) else {
                continue;
            };
            let (row, col) = (r0 + row, c0 as u16 + col);
            match v {
                Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => {
                    ws.write_string(row, col, fit_cell(s).as_ref())?;
                }
                Data::Float(x) => {
                    ws.write_number(row, col, *x)?;
                }
                Data::Int(x) => {
                    ws.write_number(row, col, *x as f64)?;
                }
                Data::Bool(b) => {
                    ws.write_boolean(row, col, *b)?;
                }
                Data::DateTime(d) => {
                    ws.write_number_with_format(row, col, d.as_f64(), &date)?;
                }
                Data::Error(e) => {
                    ws.write_string(row, col, format!("{e}"))?;
                }
                Data::Empty => {}
            }
        }
    }
    Ok(())
}
