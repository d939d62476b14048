//! Which report formats a run writes (`--formats md,html,docx,pdf`,
//! `formats = [...]` in `jixiao.toml`), and the fonts its documents use.

use std::fmt;

use crate::report::document::Fonts;

/// A report format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    /// `report.md`.
    Markdown,
    /// `report.html` and `report.public.html`.
    Html,
    /// `report.docx` and `report.public.docx`.
    Docx,
    /// `report.pdf` and `report.public.pdf` (builds with the `pdf` feature).
    Pdf,
}

impl Format {
    /// Every format, in the order of `--formats`' help.
    pub const ALL: [Format; 4] = [Format::Markdown, Format::Html, Format::Docx, Format::Pdf];

    /// Its name on the command line and in `jixiao.toml`.
    pub fn name(self) -> &'static str {
        match self {
            Format::Markdown => "md",
            Format::Html => "html",
            Format::Docx => "docx",
            Format::Pdf => "pdf",
        }
    }

    /// The format a name means (`md`, `html`, `docx`, `pdf`; also
    /// `markdown` and `word`).
    pub fn parse(name: &str) -> Result<Format, String> {
        match name.trim().to_ascii_lowercase().as_str() {
            "md" | "markdown" => Ok(Format::Markdown),
            "html" => Ok(Format::Html),
            "docx" | "word" => Ok(Format::Docx),
            "pdf" => Ok(Format::Pdf),
            other => Err(format!(
                "不认识的报告格式“{other}”：可选 md、html、docx、pdf"
            )),
        }
    }

    /// Whether this build can write it (PDF needs the `pdf` feature).
    pub fn built(self) -> bool {
        self != Format::Pdf || cfg!(feature = "pdf")
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The formats a run writes, and where its documents' fonts come from.
#[derive(Debug, Clone)]
pub struct Formats {
    chosen: Vec<Format>,
    /// The fonts of the Word document's figures and of the PDF.
    pub fonts: Fonts,
}

impl Formats {
    /// The formats given, each once, in the usual order.
    pub fn new(formats: impl IntoIterator<Item = Format>, fonts: Fonts) -> Formats {
        let mut chosen: Vec<Format> = formats.into_iter().collect();
        chosen.sort();
        chosen.dedup();
        Formats { chosen, fonts }
    }

    /// What `report` and `run` write when not told: every format this
    /// build can write.
    pub fn every_built(fonts: Fonts) -> Formats {
        Formats::new(Format::ALL.into_iter().filter(|f| f.built()), fonts)
    }

    /// Whether the format is written.
    pub fn has(&self, format: Format) -> bool {
        self.chosen.contains(&format)
    }

    /// The formats written.
    pub fn chosen(&self) -> &[Format] {
        &self.chosen
    }

    /// Without one format.
    pub fn without(mut self, format: Format) -> Formats {
        self.chosen.retain(|f| *f != format);
        self
    }

    /// What an incremental run compares: the formats (a run with other
    /// formats redoes every workbook) and the font folders.
    pub fn key(&self) -> String {
        let names: Vec<&str> = self.chosen.iter().map(|f| f.name()).collect();
        let dirs: Vec<String> = self
            .fonts
            .dirs
            .iter()
            .map(|d| d.display().to_string())
            .collect();
        format!("{}|{}", names.join(","), dirs.join(";"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_parse_to_formats_and_an_unknown_one_is_an_error() {
        assert_eq!(Format::parse(" DOCX "), Ok(Format::Docx));
        assert_eq!(Format::parse("markdown"), Ok(Format::Markdown));
        let err = Format::parse("rtf").expect_err("unknown");
        assert!(err.contains("rtf") && err.contains("docx"), "{err}");
        for f in Format::ALL {
            assert_eq!(Format::parse(f.name()), Ok(f));
        }
    }

    #[test]
    fn formats_are_kept_once_in_order() {
        let f = Formats::new(
            [Format::Pdf, Format::Markdown, Format::Pdf],
            Fonts::only(Vec::new()),
        );
        assert_eq!(f.chosen(), &[Format::Markdown, Format::Pdf]);
        assert!(f.has(Format::Pdf) && !f.has(Format::Html));
        assert_eq!(f.key(), "md,pdf|");
    }
}
