//! The fonts a document is typeset with: the families a Chinese office
//! expects for each role (GB/T 9704: 小标宋 titles, 仿宋 body, 黑体 and 楷体
//! headings), and the free CJK families that stand in for them where those
//! are not installed. A Word document names the office's families (Word and
//! WPS substitute on their own); a PDF and a figure's picture are drawn with
//! fonts found on this machine (and in folders given with `--font-dir`),
//! looked up once per run.

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

/// What a piece of text is in the 公文 layout, which decides its font.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The title: 方正小标宋简体.
    Title,
    /// Body text and level-3/4 headings: 仿宋_GB2312.
    Body,
    /// Level-1 headings (一、) and figures' labels: 黑体.
    Hei,
    /// Level-2 headings (（一）): 楷体_GB2312.
    Kai,
}

/// A family as Word names it, and the families it falls back to in order:
/// the same design under its other names first, then free families.
#[derive(Debug, Clone, Copy)]
pub struct Family {
    /// The name written into a Word document (the Chinese name, which is
    /// how Word and WPS on Chinese Windows list it).
    pub word: &'static str,
    /// The names to look for on this machine, best first.
    pub candidates: &'static [&'static str],
}

impl Role {
    /// The families of the role.
    pub fn family(self) -> Family {
        match self {
            Role::Title => Family {
                word: "方正小标宋简体",
                candidates: &[
                    "方正小标宋简体",
                    "FZXiaoBiaoSong-B05S",
                    "FZXiaoBiaoSong-B05",
                    "华文中宋",
                    "STZhongsong",
                    "宋体",
                    "SimSun",
                    "Noto Serif CJK SC",
                    "Noto Serif SC",
                    "Source Han Serif SC",
                    "Source Han Serif CN",
                    "AR PL UMing CN",
                ],
            },
            Role::Body => Family {
                word: "仿宋_GB2312",
                candidates: &[
                    "仿宋_GB2312",
                    "FangSong_GB2312",
                    "仿宋",
                    "FangSong",
                    "华文仿宋",
                    "STFangsong",
                    "Noto Serif CJK SC",
                    "Noto Serif SC",
                    "Source Han Serif SC",
                    "Source Han Serif CN",
                    "AR PL UMing CN",
                ],
            },
            Role::Hei => Family {
                word: "黑体",
                candidates: &[
                    "黑体",
                    "SimHei",
                    "华文黑体",
                    "STHeiti",
                    "微软雅黑",
                    "Microsoft YaHei",
                    "Noto Sans CJK SC",
                    "Noto Sans SC",
                    "Source Han Sans SC",
                    "Source Han Sans CN",
                    "WenQuanYi Zen Hei",
                    "WenQuanYi Micro Hei",
                ],
            },
            Role::Kai => Family {
                word: "楷体_GB2312",
                candidates: &[
                    "楷体_GB2312",
                    "KaiTi_GB2312",
                    "楷体",
                    "KaiTi",
                    "华文楷体",
                    "STKaiti",
                    "AR PL UKai CN",
                    "LXGW WenKai",
                    "Noto Serif CJK SC",
                    "Noto Serif SC",
                    "Source Han Serif SC",
                ],
            },
        }
    }
}

/// Where fonts are looked for, and what was found there (loaded on first
/// use, once for the whole run).
#[derive(Debug, Clone, Default)]
pub struct Fonts {
    /// Folders of font files (`--font-dir`, `fonts` in `jixiao.toml`),
    /// searched before the system's.
    pub dirs: Vec<PathBuf>,
    /// Whether the system's fonts are searched too.
    pub system: bool,
    found: Arc<OnceLock<Found>>,
}

/// The fonts found, and the family found for each role.
pub(super) struct Found {
    pub(super) database: Arc<fontdb::Database>,
    /// Per role (in [`Role`] order), the families present, best first; the
    /// last is a family with Chinese characters whatever its name, when no
    /// candidate is installed.
    families: [Vec<String>; 4],
    /// The same fonts as Typst sees them, made on the first PDF.
    #[cfg(feature = "pdf")]
    pub(super) typst: OnceLock<Arc<typst_kit::fonts::FontStore>>,
}

impl std::fmt::Debug for Found {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Found")
            .field("faces", &self.database.len())
            .field("families", &self.families)
            .finish()
    }
}

impl Fonts {
    /// The system's fonts, and those of `dirs` before them.
    pub fn new(dirs: Vec<PathBuf>) -> Fonts {
        Fonts {
            dirs,
            system: true,
            found: Arc::default(),
        }
    }

    /// Only the fonts of `dirs` (for tests that must not depend on what a
    /// machine has installed).
    pub fn only(dirs: Vec<PathBuf>) -> Fonts {
        Fonts {
            dirs,
            system: false,
            found: Arc::default(),
        }
    }

    pub(super) fn found(&self) -> &Found {
        self.found.get_or_init(|| {
            let mut database = fontdb::Database::new();
            for dir in &self.dirs {
                database.load_fonts_dir(dir);
            }
            if self.system {
                database.load_system_fonts();
            }
            let any_chinese = || chinese_family(&database);
            let families = [Role::Title, Role::Body, Role::Hei, Role::Kai].map(|role| {
                let mut present = present(&database, role.family().candidates);
                if present.is_empty() {
                    present.extend(any_chinese());
                }
                present
            });
            Found {
                database: Arc::new(database),
                families,
                #[cfg(feature = "pdf")]
                typst: OnceLock::new(),
            }
        })
    }

    /// The families present for a role, best first; empty when no font
    /// here has Chinese characters.
    pub fn families(&self, role: Role) -> &[String] {
        let found = self.found();
        match role {
            Role::Title => &found.families[0],
            Role::Body => &found.families[1],
            Role::Hei => &found.families[2],
            Role::Kai => &found.families[3],
        }
    }

    /// Whether some font here has Chinese characters.
    pub fn has_chinese(&self) -> bool {
        !self.families(Role::Body).is_empty()
    }
}

/// The candidates that some face here has as a family name (in any
/// language), in the candidates' order, each under the name the face gives
/// first (the one typesetters match on).
fn present(database: &fontdb::Database, candidates: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for candidate in candidates {
        let face = database.faces().find(|face| {
            face.families
                .iter()
                .any(|(name, _)| name.eq_ignore_ascii_case(candidate))
        });
        if let Some((name, _)) = face.and_then(|f| f.families.first())
            && !out.contains(name)
        {
            out.push(name.clone());
        }
    }
    out
}

/// Some family whose font has the characters of 中文, when none of the
/// expected ones is installed.
fn chinese_family(database: &fontdb::Database) -> Option<String> {
    database.faces().find_map(|face| {
        let covers = database
            .with_face_data(face.id, |data, index| {
                let parsed = ttf_parser::Face::parse(data, index).ok()?;
                Some(parsed.glyph_index('中').is_some() && parsed.glyph_index('文').is_some())
            })
            .flatten()
            .unwrap_or(false);
        covers
            .then(|| face.families.first().map(|(name, _)| name.clone()))
            .flatten()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_names_its_word_family_first() {
        for role in [Role::Title, Role::Body, Role::Hei, Role::Kai] {
            let family = role.family();
            assert_eq!(family.candidates.first(), Some(&family.word), "{role:?}");
        }
    }

    #[test]
    fn an_empty_folder_and_no_system_fonts_have_no_chinese() {
        let dir = tempfile::tempdir().expect("dir");
        let fonts = Fonts::only(vec![dir.path().to_path_buf()]);
        assert!(!fonts.has_chinese());
        assert!(fonts.families(Role::Title).is_empty());
    }
}
