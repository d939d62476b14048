//! The choices a workbook is written with that the contract does not fix:
//! the frameworks its dropdown offers, the room its tables leave, and how
//! its sheets are written.

use crate::rules::framework::Frameworks;
use crate::workbook::layout::Room;

/// Choices the template offers that are not fixed by the contract.
#[derive(Debug, Clone)]
pub struct TemplateOptions {
    /// The frameworks the `framework` dropdown offers; the chosen one
    /// (`forced`, else `national`) is the default and fills the 评分表.
    pub frameworks: Frameworks,
    /// How many empty rows tables leave to fill in.
    pub room: Room,
    /// Write every sheet in rust_xlsxwriter's constant-memory mode: rows go
    /// to a temporary file as they are written, strings are stored inline,
    /// and saving starts no thread per sheet (twelve thread starts per
    /// workbook cost a batch more than the sheets themselves, and on two
    /// cores they stall the other worker). Cells must then be written row
    /// by row, as `template::workbook` does.
    /// The completed workbook uses it; the blank template keeps the
    /// standard mode (shared strings).
    pub streamed: bool,
}

impl Default for TemplateOptions {
    fn default() -> Self {
        TemplateOptions {
            frameworks: Frameworks::builtin_checked(),
            room: Room::Template,
            streamed: false,
        }
    }
}

impl TemplateOptions {
    /// The dropdown's ids, the default first.
    pub(crate) fn framework_ids(&self) -> Vec<String> {
        let mut ids = self.frameworks.ids();
        if let Some(chosen) = self.frameworks.for_workbook(None)
            && let Some(p) = ids.iter().position(|id| *id == chosen.id)
        {
            let id = ids.remove(p);
            ids.insert(0, id);
        }
        ids
    }
}
