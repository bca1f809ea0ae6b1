//! The bundled CJK font and the text sizes.

use std::sync::Arc;

use egui::{FontData, FontDefinitions, FontFamily, FontId, TextStyle};

use crate::export::CJK_FONT as NOTO_SANS_SC;

/// Registers the CJK font as a fallback of both families and sets readable text sizes.
/// Call before the first frame.
pub fn install(ctx: &egui::Context) {
    let mut fonts = FontDefinitions::default();
    fonts.font_data.insert(
        "noto_sans_sc".to_owned(),
        Arc::new(FontData::from_static(NOTO_SANS_SC)),
    );
    for family in [FontFamily::Proportional, FontFamily::Monospace] {
        fonts
            .families
            .entry(family)
            .or_default()
            .push("noto_sans_sc".to_owned());
    }
    ctx.set_fonts(fonts);
    ctx.all_styles_mut(|style| {
        style.text_styles = [
            (TextStyle::Small, FontId::proportional(13.0)),
            (TextStyle::Body, FontId::proportional(16.0)),
            (TextStyle::Button, FontId::proportional(16.0)),
            (TextStyle::Heading, FontId::proportional(22.0)),
            (TextStyle::Monospace, FontId::monospace(15.0)),
        ]
        .into();
        style.spacing.item_spacing = egui::vec2(8.0, 6.0);
        style.spacing.button_padding = egui::vec2(8.0, 4.0);
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fonts as the app has them after its first frame.
    fn ready() -> egui::Context {
        let ctx = egui::Context::default();
        install(&ctx);
        let output = ctx.run_ui(egui::RawInput::default(), |_| {});
        output.drop_without_applying_deltas();
        ctx
    }

    #[test]
    fn names_with_rare_hanzi_render_from_the_bundled_font() {
        let ctx = ready();
        for family in [FontId::proportional(16.0), FontId::monospace(15.0)] {
            // CJK Unified, Extension A, Extension B.
            for text in ["喆堃玥䶮营业厅", "吉𠮷", "王芳（已归档）："] {
                assert!(ctx.fonts_mut(|f| f.has_glyphs(&family, text)), "{text}");
            }
        }
    }

    #[test]
    fn every_chinese_ui_string_and_checklist_renders() {
        let ctx = ready();
        let mut text = format!("{:?}", crate::ui::i18n::Lang::Zh.tr());
        for loaded in crate::checklist::load_catalog(None).templates {
            text.push_str(&format!("{:?}", loaded.template));
        }
        let missing: Vec<char> = text
            .chars()
            .filter(|c| !c.is_control())
            .filter(|c| !ctx.fonts_mut(|f| f.has_glyph(&FontId::proportional(16.0), *c)))
            .collect();
        assert!(missing.is_empty(), "no glyph for {missing:?}");
    }
}
