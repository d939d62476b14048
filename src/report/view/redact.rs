//! The public variant of the report, for the disclosure site. A department
//! may write a person's name or number anywhere in its prose, not only in
//! the fields made for them, so the public report is not made by leaving
//! fields out: every string of its data passes through one [`Redactor`],
//! which masks the people the workbook names (单位负责人, 联系人, 评价人员)
//! and every ID, mobile, e-mail and bank card number, wherever they stand.
//! The check's internals (the findings it quotes, the file's name) are left
//! out of the public view. `docs/redaction.md` states the rules.

use crate::report::view::mask::Redactor;
use crate::report::view::model::{ProjectReportView, ReportView};

impl ReportView {
    /// The same report for the disclosure site: the names of the filler,
    /// the contact and the evaluators removed from their fields and kept in
    /// its [`Redactor`] (which masks them, and every personal number, in
    /// any text of its data: [`ReportView::to_value`]); the file's name and
    /// the problems and measures made from the check's findings left out.
    pub fn into_public(mut self) -> ReportView {
        let names = [&self.unit.head_name, &self.unit.contact_name]
            .into_iter()
            .flatten()
            .chain(self.unit.evaluators.iter().filter_map(|e| e.name.as_ref()));
        self.redactor = Redactor::new(names.map(String::as_str));
        self.public = true;
        self.file = String::new();
        self.unit.head_name = None;
        self.unit.contact_name = None;
        for e in &mut self.unit.evaluators {
            e.name = None;
        }
        self.problems.retain(|i| !i.from_check);
        self.measures.retain(|i| !i.from_check);
        // What changed since the last version is for the finance office,
        // and so is the file last year's figures came from.
        self.revision = None;
        if let Some(prior) = &mut self.prior {
            prior.source = None;
        }
        self
    }

    /// What masks the public report's data (empty for the internal one).
    pub(crate) fn redactor(&self) -> &Redactor {
        &self.redactor
    }

    /// The view as template data: in the public report every string passes
    /// through its [`Redactor`]. (The reports make the public data from the
    /// internal report's instead, masking only the keys that change; a test
    /// keeps the two the same.)
    #[cfg(test)]
    pub fn to_value(&self) -> serde_json::Value {
        let mut value = serde_json::to_value(self).unwrap_or_default();
        if self.public {
            self.redactor.redact_value(&mut value);
        }
        value
    }
}

impl ProjectReportView {
    /// The same report for the disclosure site: the contact's name removed
    /// and masked in every text, as in the department report's
    /// ([`ReportView::into_public`]); the file's name and 七's list of the
    /// check's findings left out.
    pub fn into_public(mut self) -> ProjectReportView {
        self.redactor = Redactor::new(self.unit.contact_name.as_deref());
        self.public = true;
        self.file = String::new();
        self.unit.contact_name = None;
        self.other.clear();
        self.revision = None;
        self
    }

    /// What masks the public report's data (empty for the internal one).
    pub(crate) fn redactor(&self) -> &Redactor {
        &self.redactor
    }

    /// The view as template data, masked in the public report (see
    /// [`ReportView::to_value`]).
    #[cfg(test)]
    pub fn to_value(&self) -> serde_json::Value {
        let mut value = serde_json::to_value(self).unwrap_or_default();
        if self.public {
            self.redactor.redact_value(&mut value);
        }
        value
    }
}
