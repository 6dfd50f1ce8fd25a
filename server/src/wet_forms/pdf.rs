//! The printable ıslak imzalı form: the completed başvuru formu with its declaration and a box to
//! sign, then the Nitelikli Elektronik Sertifika Sahibi Taahhütnamesi with another. Every page
//! carries the sipariş no and the form kodu, as text and as a QR code, so BİDB matches each sheet
//! to its application. Made with krilla, DejaVu Sans embedded (subset), so Turkish letters print and
//! copy out right.

use krilla::Document;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::text::{Font, TextDirection};
use nes_core::form::{ApplicationForm, Field};
use nes_core::texts::{COMMITMENT_PARAGRAPHS, COMMITMENT_TITLE, FORM_DECLARATION};
use qrcode::{Color, EcLevel, QrCode};

use super::layout::{self, Frame, Layout, MARGIN, PAGE_HEIGHT, PAGE_WIDTH, Run, Weight};

const TITLE: &str = "NİTELİKLİ ELEKTRONİK SERTİFİKA BAŞVURU FORMU";
const QR_SIZE: f32 = 72.0;
const BODY: f32 = 9.5;
const LABEL_WIDTH: f32 = 150.0;

/// What goes on the paper.
pub struct WetFormPaper<'a> {
    pub no: &'a str,
    /// As printed: `ABCD-EFGH-JK`.
    pub form_code: &'a str,
    pub form: &'a ApplicationForm,
    /// `GG.AA.YYYY`
    pub printed_on: &'a str,
}

impl WetFormPaper<'_> {
    /// What the QR code holds: a scanner typing it into Kurum İşlemleri gives both values.
    pub fn qr_text(&self) -> String {
        format!("{} {}", self.no, self.form_code)
    }

    /// The PDF's bytes.
    pub fn render(&self) -> Result<Vec<u8>, String> {
        let layout = self.layout();
        let fonts = Fonts {
            regular: Font::new(layout::REGULAR.into(), 0).ok_or("the regular font")?,
            bold: Font::new(layout::BOLD.into(), 0).ok_or("the bold font")?,
        };
        let qr = QrCode::with_error_correction_level(self.qr_text(), EcLevel::M).map_err(|e| e.to_string())?;
        let mut document = Document::new();
        document.set_metadata(
            Metadata::new()
                .title(format!("NES Başvuru Formu {}", self.no))
                .language("tr".to_owned())
                .creator("nes-portal".to_owned()),
        );
        let count = layout.pages.len();
        for (index, page) in layout.pages.iter().enumerate() {
            let settings = PageSettings::from_wh(PAGE_WIDTH, PAGE_HEIGHT).ok_or("A4")?;
            let mut pdf_page = document.start_page_with(settings);
            let mut surface = pdf_page.surface();
            let footer = self.footer(index + 1, count);
            for run in page.runs.iter().chain(&footer) {
                let font = if run.weight == Weight::Bold { fonts.bold.clone() } else { fonts.regular.clone() };
                let start = Point::from_xy(run.x, run.y);
                surface.draw_text(start, font, run.size, &run.text, false, TextDirection::LeftToRight);
            }
            surface.set_fill(None);
            surface.set_stroke(Some(Stroke { width: 0.8, ..Stroke::default() }));
            for frame in &page.frames {
                if let Some(path) = rectangle(frame) {
                    surface.draw_path(&path);
                }
            }
            surface.set_stroke(None);
            surface.set_fill(Some(Fill::default()));
            if let Some(path) = qr_path(&qr) {
                surface.draw_path(&path);
            }
            surface.finish();
            pdf_page.finish();
        }
        document.finish().map_err(|error| format!("{error:?}"))
    }

    fn layout(&self) -> Layout {
        let form = self.form;
        let name = format!("{} {}", form.first_name, form.last_name);
        let mut layout = Layout::new(MARGIN + QR_SIZE + 8.0);
        // The header of the first page: title, sipariş no, form kodu (the QR code sits beside them).
        layout.paragraph(TITLE, 13.0, Weight::Bold, 0.0);
        layout.paragraph("Islak imzalı başvuru — Kamu Sertifikasyon Merkezi (Kamu SM)", BODY, Weight::Regular, 0.0);
        layout.gap(6.0);
        layout.field("Sipariş No", self.no, BODY, LABEL_WIDTH);
        layout.field("Form Kodu", self.form_code, BODY, LABEL_WIDTH);
        layout.field("Form Tarihi", self.printed_on, BODY, LABEL_WIDTH);
        layout.gap(10.0);
        layout.paragraph("Başvuru Bilgileri", 11.0, Weight::Bold, 0.0);
        for &field in Field::ALL {
            if let Some(value) = form.display_value(field) {
                layout.field(field.label(), &value, BODY, LABEL_WIDTH);
            }
        }
        layout.gap(10.0);
        layout.paragraph("Beyan", 11.0, Weight::Bold, 0.0);
        layout.paragraph(FORM_DECLARATION, BODY, Weight::Regular, 0.0);
        layout.gap(8.0);
        layout.signature_box(&format!("Ad Soyad: {name}      Tarih: ....../....../..........      İmza:"), BODY, 56.0);

        layout.new_page();
        layout.paragraph(&nes_core::turkish::upper(COMMITMENT_TITLE), 13.0, Weight::Bold, 0.0);
        layout.gap(6.0);
        let holder = format!("Ben, {name} (T.C. Kimlik No: {}),", form.national_id);
        layout.paragraph(&holder, BODY, Weight::Regular, 0.0);
        for (i, text) in COMMITMENT_PARAGRAPHS.iter().enumerate() {
            layout.gap(3.0);
            layout.paragraph(&format!("{}. {text}", i + 1), BODY, Weight::Regular, 12.0);
        }
        layout.gap(10.0);
        layout.signature_box(&format!("Ad Soyad: {name}      Tarih: ....../....../..........      İmza:"), BODY, 56.0);
        layout.gap(14.0);
        layout.paragraph("Ne yapmalıyım?", 11.0, Weight::Bold, 0.0);
        layout.paragraph(
            "Her iki sayfayı yazdırıp imza kutularını imzalayınız ve kimliğinizle birlikte kurumunuzun e-imza \
             yetkilisine (Bilgi İşlem) teslim ediniz. Form Kamu SM'ye posta ile gönderilir; her adımı \
             Başvurularım sayfasında izleyebilirsiniz. Formu değiştirmeyiniz: form kodu kayıtlı bilgilerle \
             eşleşmeyen form kabul edilmez.",
            BODY,
            Weight::Regular,
            0.0,
        );
        layout
    }

    /// The line at the foot of page `number` of `count`.
    fn footer(&self, number: usize, count: usize) -> Vec<Run> {
        let text = format!("Sipariş No {} · Form Kodu {} · Sayfa {number}/{count}", self.no, self.form_code);
        vec![Run { x: MARGIN, y: PAGE_HEIGHT - MARGIN / 2.0, size: 8.0, weight: Weight::Regular, text }]
    }
}

struct Fonts {
    regular: Font,
    bold: Font,
}

fn rectangle(frame: &Frame) -> Option<krilla::geom::Path> {
    let mut builder = PathBuilder::new();
    builder.push_rect(Rect::from_xywh(frame.x, frame.y, frame.width, frame.height)?);
    builder.finish()
}

/// The QR code's dark modules as one path, in the top right corner of the page.
fn qr_path(qr: &QrCode) -> Option<krilla::geom::Path> {
    let modules = qr.width();
    let module = QR_SIZE / modules as f32;
    let (left, top) = (PAGE_WIDTH - MARGIN - QR_SIZE, MARGIN / 2.0);
    let mut builder = PathBuilder::new();
    for (i, color) in qr.to_colors().into_iter().enumerate() {
        if color == Color::Dark {
            let (x, y) = ((i % modules) as f32, (i / modules) as f32);
            builder.push_rect(Rect::from_xywh(left + x * module, top + y * module, module, module)?);
        }
    }
    builder.finish()
}
