//! A report's figure in a document: the SVG the HTML report draws (the
//! chart partial's `<svg>`, so every format shows the same chart), and for
//! Word a PNG of it drawn by resvg with the fonts found here.

use std::sync::Arc;

use super::fonts::{Fonts, Role};

/// A figure ready for a document.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    /// Its caption (图1　…).
    pub caption: String,
    /// The SVG drawing, with its labels' font set.
    pub svg: String,
    /// What it shows, in words (the SVG's `<title>`): the picture's
    /// alternative text, and what stands in for it where it cannot be drawn.
    pub description: String,
    /// Width and height in the drawing's units (its `viewBox`).
    pub size: (f32, f32),
}

/// How many pixels a PNG has per unit of the drawing: 420 units become
/// 840 pixels, about 140 dpi at the 150 mm a figure is printed (three
/// times the pixels cost twice the time per report for no difference a
/// reader sees on paper).
const PNG_SCALE: f32 = 2.0;

thread_local! {
    /// The last pictures drawn on this thread, by their SVG: a report's
    /// public variant has the same figures as the internal one, drawn once.
    static DRAWN: std::cell::RefCell<Vec<(blake3::Hash, Option<Picture>)>> =
        const { std::cell::RefCell::new(Vec::new()) };
}

/// A PNG and its size in pixels.
type Picture = (Vec<u8>, u32, u32);

/// How many pictures a thread remembers: a report's figures.
const DRAWN_KEPT: usize = 4;

impl Figure {
    /// The figure in a chart template's rendered HTML: its outermost
    /// `<svg>` element. `None` when the HTML holds no SVG (a template that
    /// draws nothing for this report).
    pub fn from_html(caption: &str, html: &str, fonts: &Fonts) -> Option<Figure> {
        let start = html.find("<svg")?;
        let end = html.rfind("</svg>")? + "</svg>".len();
        let svg = html.get(start..end)?;
        let size = view_box(svg)?;
        let description = between(svg, "<title", "</title>")
            .and_then(|t| t.split_once('>'))
            .and_then(|(_, text)| {
                quick_xml::escape::unescape(text)
                    .ok()
                    .map(|t| t.into_owned())
            })
            .unwrap_or_default();
        // The HTML report's labels take their font from its style sheet;
        // standing alone they are given one here (the first family found
        // for figures, else the usual Windows name), as an attribute that
        // an element's own still overrides.
        let family = fonts
            .families(Role::Hei)
            .first()
            .cloned()
            .unwrap_or_else(|| Role::Hei.family().word.to_string());
        let mut svg = svg.replacen(
            "<svg",
            &format!(
                "<svg xmlns=\"http://www.w3.org/2000/svg\" font-family=\"{}\" font-size=\"14\"",
                quick_xml::escape::escape(family.as_str())
            ),
            1,
        );
        // An `xmlns` the template wrote itself would now be there twice.
        if svg.matches("xmlns=\"http://www.w3.org/2000/svg\"").count() > 1 {
            svg = svg.replacen(" xmlns=\"http://www.w3.org/2000/svg\"", "", 1);
        }
        Some(Figure {
            caption: caption.to_string(),
            svg,
            description,
            size,
        })
    }

    /// The figure as a PNG, and its size in pixels; `None` when no font here
    /// has Chinese characters (its labels would be empty boxes) or the SVG
    /// cannot be drawn.
    pub fn png(&self, fonts: &Fonts) -> Option<(Vec<u8>, u32, u32)> {
        if !fonts.has_chinese() {
            return None;
        }
        let key = blake3::hash(self.svg.as_bytes());
        if let Some(picture) = DRAWN.with_borrow(|drawn| {
            drawn
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, p)| p.clone())
        }) {
            return picture;
        }
        let picture = self.draw(fonts);
        DRAWN.with_borrow_mut(|drawn| {
            if drawn.len() == DRAWN_KEPT {
                drawn.remove(0);
            }
            drawn.push((key, picture.clone()));
        });
        picture
    }

    fn draw(&self, fonts: &Fonts) -> Option<Picture> {
        let options = resvg::usvg::Options {
            fontdb: Arc::clone(&fonts.found().database),
            ..resvg::usvg::Options::default()
        };
        let tree = resvg::usvg::Tree::from_str(&self.svg, &options).ok()?;
        let size = tree.size().to_int_size().scale_by(PNG_SCALE)?;
        let mut pixmap = resvg::tiny_skia::Pixmap::new(size.width(), size.height())?;
        pixmap.fill(resvg::tiny_skia::Color::WHITE);
        resvg::render(
            &tree,
            resvg::tiny_skia::Transform::from_scale(PNG_SCALE, PNG_SCALE),
            &mut pixmap.as_mut(),
        );
        // An opaque RGB picture with the png crate's fast compression:
        // tiny-skia's own encoder keeps the alpha channel and compresses
        // hard, for a third of a report's time.
        let rgb: Vec<u8> = pixmap
            .pixels()
            .iter()
            .flat_map(|p| [p.red(), p.green(), p.blue()])
            .collect();
        let mut png = Vec::new();
        let mut encoder = png::Encoder::new(&mut png, size.width(), size.height());
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        encoder.set_compression(png::Compression::Fast);
        let mut writer = encoder.write_header().ok()?;
        writer.write_image_data(&rgb).ok()?;
        writer.finish().ok()?;
        Some((png, size.width(), size.height()))
    }
}

/// The width and height of an SVG's `viewBox`.
fn view_box(svg: &str) -> Option<(f32, f32)> {
    let value = between(svg, "viewBox=\"", "\"")?;
    let numbers: Vec<f32> = value
        .split([' ', ','])
        .filter(|s| !s.is_empty())
        .map(str::parse)
        .collect::<Result<_, _>>()
        .ok()?;
    match numbers[..] {
        [_, _, w, h] if w > 0.0 && h > 0.0 => Some((w, h)),
        _ => None,
    }
}

/// The text between the first `open` and the `close` after it.
fn between<'a>(text: &'a str, open: &str, close: &str) -> Option<&'a str> {
    let start = text.find(open)? + open.len();
    let len = text.get(start..)?.find(close)?;
    text.get(start..start + len)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HTML: &str = "<figure class=\"chart\">\n<svg viewBox=\"0 0 420 110\" role=\"img\">\
        <title id=\"t\">支出构成：人员支出1.00万元，占50.00%&amp;</title>\
        <svg x=\"76\" y=\"10\" width=\"210\" height=\"20\"><rect width=\"50%\"/></svg>\
        <text x=\"0\" y=\"25\">人员支出</text></svg>\n<figcaption>图1</figcaption></figure>";

    #[test]
    fn the_outermost_svg_is_taken_with_its_size_title_and_a_font() {
        let fonts = Fonts::only(Vec::new());
        let figure = Figure::from_html("图1　支出构成", HTML, &fonts).expect("a figure");
        assert_eq!(figure.size, (420.0, 110.0));
        assert_eq!(figure.description, "支出构成：人员支出1.00万元，占50.00%&");
        assert!(
            figure
                .svg
                .starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" font-family=\"黑体\"")
        );
        assert!(figure.svg.ends_with("</text></svg>"), "{}", figure.svg);
        assert!(!figure.svg.contains("figcaption"));
    }

    #[test]
    fn html_without_svg_is_no_figure_and_no_chinese_font_is_no_picture() {
        let fonts = Fonts::only(Vec::new());
        assert!(Figure::from_html("图", "<p>无</p>", &fonts).is_none());
        let figure = Figure::from_html("图", HTML, &fonts).expect("a figure");
        assert!(figure.png(&fonts).is_none());
    }
}
