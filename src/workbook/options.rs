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
    /// The framework dropdown's choices, the default first: each
    /// framework's name, as clerks know it (the reader maps a name back to
    /// its id, and still takes an id). The ids instead when a name cannot
    /// be a choice (two the same, a comma, which separates the choices) or
    /// the names are too long for Excel's 255-character list.
    pub(crate) fn framework_choices(&self) -> Vec<String> {
        let ids = self.framework_ids();
        let names: Vec<String> = ids
            .iter()
            .filter_map(|id| self.frameworks.get(id))
            .map(|f| f.name.trim().to_string())
            .collect();
        let usable = names.len() == ids.len()
            && names
                .iter()
                .all(|n| !n.is_empty() && !n.contains([',', '"']))
            && names.iter().enumerate().all(|(i, n)| {
                // A name another framework's id or name: the choice would
                // read as that one.
                !names[..i].contains(n) && ids.iter().enumerate().all(|(j, id)| j == i || id != n)
            })
            && names.iter().map(|n| n.chars().count() + 1).sum::<usize>() <= 255;
        if usable { names } else { ids }
    }

    /// The frameworks' ids, the default first.
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
