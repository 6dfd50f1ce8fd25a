//! Text set on A4 pages: words wrapped to the measured width of the embedded font, pages broken
//! when the next block does not fit. Pure layout: `pdf.rs` draws what this places, so the layout
//! is tested without a PDF reader.

use std::sync::LazyLock;

/// DejaVu Sans (its licence: `server/assets/fonts/LICENSE`): every letter of Turkish (İ ı Ş ş Ğ ğ
/// Ç ç Ö ö Ü ü), embedded and subset by krilla.
pub const REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
pub const BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

pub const PAGE_WIDTH: f32 = 595.28;
pub const PAGE_HEIGHT: f32 = 841.89;
pub const MARGIN: f32 = 56.0;
/// Room kept at the foot of every page for the sipariş no, the form kodu and the page number.
pub const FOOTER: f32 = 56.0;
const LEADING: f32 = 1.35;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weight {
    Regular,
    Bold,
}

/// A run of text on one line; `y` is its baseline, from the top of the page.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    pub x: f32,
    pub y: f32,
    pub size: f32,
    pub weight: Weight,
    pub text: String,
}

/// An empty box to sign in, or a rule.
#[derive(Debug, Clone, PartialEq)]
pub struct Frame {
    pub x: f32,
    pub y: f32,
    pub width: f32,
    pub height: f32,
}

#[derive(Debug, Default)]
pub struct Page {
    pub runs: Vec<Run>,
    pub frames: Vec<Frame>,
}

/// Places blocks top to bottom, starting a page when one does not fit.
pub struct Layout {
    pub pages: Vec<Page>,
    y: f32,
    /// Where the first block of every page starts (below the header `pdf.rs` draws there).
    top: f32,
}

impl Layout {
    pub fn new(top: f32) -> Self {
        Self { pages: vec![Page::default()], y: top, top }
    }

    pub fn new_page(&mut self) {
        self.pages.push(Page::default());
        self.y = self.top;
    }

    fn page(&mut self) -> &mut Page {
        self.pages.last_mut().expect("a layout has a page")
    }

    /// Makes room for `height` points on this page, or starts the next.
    fn reserve(&mut self, height: f32) {
        if self.y + height > PAGE_HEIGHT - FOOTER {
            self.new_page();
        }
    }

    pub fn gap(&mut self, height: f32) {
        self.y += height;
    }

    /// A paragraph wrapped to the text width, `indent` points in from the margin.
    pub fn paragraph(&mut self, text: &str, size: f32, weight: Weight, indent: f32) {
        let width = PAGE_WIDTH - 2.0 * MARGIN - indent;
        for line in wrap(text, width, size, weight) {
            self.reserve(size * LEADING);
            self.y += size * LEADING;
            let y = self.y;
            self.page().runs.push(Run { x: MARGIN + indent, y, size, weight, text: line });
        }
    }

    /// `Label: value`, the label in bold in a column `label_width` wide, the value beside it; either
    /// wraps within its column.
    pub fn field(&mut self, label: &str, value: &str, size: f32, label_width: f32) {
        let labels = wrap(&format!("{label}:"), label_width - 8.0, size, Weight::Bold);
        let values = wrap(value, PAGE_WIDTH - 2.0 * MARGIN - label_width, size, Weight::Regular);
        let rows = labels.len().max(values.len());
        self.reserve(size * LEADING * rows as f32);
        let top = self.y;
        for (column, weight, lines) in [(0.0, Weight::Bold, labels), (label_width, Weight::Regular, values)] {
            for (i, text) in lines.into_iter().enumerate() {
                let y = top + size * LEADING * (i + 1) as f32;
                self.page().runs.push(Run { x: MARGIN + column, y, size, weight, text });
            }
        }
        self.y = top + size * LEADING * rows as f32;
    }

    /// A box `height` points high across the text width, with `caption` above it.
    pub fn signature_box(&mut self, caption: &str, size: f32, height: f32) {
        self.reserve(size * LEADING + height + 4.0);
        self.paragraph(caption, size, Weight::Bold, 0.0);
        let (y, width) = (self.y + 4.0, PAGE_WIDTH - 2.0 * MARGIN);
        self.page().frames.push(Frame { x: MARGIN, y, width, height });
        self.y = y + height;
    }
}

static REGULAR_FACE: LazyLock<ttf_parser::Face<'static>> =
    LazyLock::new(|| ttf_parser::Face::parse(REGULAR, 0).expect("the embedded font parses"));
static BOLD_FACE: LazyLock<ttf_parser::Face<'static>> =
    LazyLock::new(|| ttf_parser::Face::parse(BOLD, 0).expect("the embedded font parses"));

/// The advance width of `text` at `size` points, from the font's own metrics.
pub fn width(text: &str, size: f32, weight: Weight) -> f32 {
    let face: &ttf_parser::Face = match weight {
        Weight::Regular => &REGULAR_FACE,
        Weight::Bold => &BOLD_FACE,
    };
    let units: u32 = text
        .chars()
        .map(|c| face.glyph_index(c).and_then(|glyph| face.glyph_hor_advance(glyph)).unwrap_or(0) as u32)
        .sum();
    units as f32 * size / f32::from(face.units_per_em())
}

/// Greedy word wrap to `max` points; a word wider than a line is broken between letters. Line
/// breaks in `text` are kept. Empty text is one empty line.
pub fn wrap(text: &str, max: f32, size: f32, weight: Weight) -> Vec<String> {
    let mut lines = Vec::new();
    for source_line in text.split('\n') {
        let mut line = String::new();
        for word in source_line.split_whitespace() {
            let candidate = if line.is_empty() { word.to_owned() } else { format!("{line} {word}") };
            if width(&candidate, size, weight) <= max {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            for c in word.chars() {
                if !line.is_empty() && width(&format!("{line}{c}"), size, weight) > max {
                    lines.push(std::mem::take(&mut line));
                }
                line.push(c);
            }
        }
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapped_lines_fit_and_keep_every_word() {
        let text =
            "Akıllı kartımın kaybolması, çalınması ya da imza oluşturma verisinin gizliliğinden şüphe duymam durumunda";
        let lines = wrap(text, 150.0, 10.0, Weight::Regular);
        assert!(lines.len() > 2, "{lines:?}");
        assert!(lines.iter().all(|line| width(line, 10.0, Weight::Regular) <= 150.0), "{lines:?}");
        assert_eq!(lines.join(" "), text);
    }

    #[test]
    fn a_word_wider_than_the_line_is_broken() {
        let word = "Ş".repeat(40);
        let lines = wrap(&word, 100.0, 10.0, Weight::Bold);
        assert!(lines.len() > 1);
        assert_eq!(lines.concat(), word);
    }

    #[test]
    fn turkish_letters_have_their_own_glyphs() {
        for c in "İıŞşĞğÇçÖöÜü".chars() {
            assert!(REGULAR_FACE.glyph_index(c).is_some() && BOLD_FACE.glyph_index(c).is_some(), "{c}");
        }
    }

    #[test]
    fn a_block_that_does_not_fit_starts_a_page() {
        let mut layout = Layout::new(100.0);
        for _ in 0..80 {
            layout.field("Adres", "Kızılay Mahallesi Atatürk Bulvarı No: 1", 10.0, 120.0);
        }
        assert!(layout.pages.len() > 1);
        let before = layout.pages.last().unwrap().runs.len();
        layout.field("Sertifikanız İnternette Yayınlansın mı?", "Hayır", 10.0, 120.0);
        let added = &layout.pages.last().unwrap().runs[before..];
        let labels: Vec<&Run> = added.iter().filter(|run| run.weight == Weight::Bold).collect();
        assert!(labels.len() > 1, "a long label wraps: {labels:?}");
        assert!(
            labels.iter().all(|run| width(&run.text, 10.0, Weight::Bold) <= 112.0),
            "within its column: {labels:?}"
        );
        for page in &layout.pages {
            assert!(page.runs.iter().all(|run| run.y <= PAGE_HEIGHT - FOOTER && run.y > 100.0));
        }
    }
}
