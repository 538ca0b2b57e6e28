//! How a widget looks on a partner's page: its theme (`theme=light|dark|auto`), an accent colour (`accent=`, hex)
//! and its font (`font=`: `inherit`, which `embed.js` turns into the host element's font, or a font-family list).
//!
//! Everything here is a pure function, so the server (which writes the page's `<style>` before the first paint) and
//! the builder (which explains a refusal while the partner types) decide the same way.
//!
//! - **Contrast.** An accent colour is text (links) and a background (the apply button, whose text is the theme's
//!   background colour), so it must keep a WCAG contrast of at least [`MIN_CONTRAST`] against every surface of the
//!   theme (background and panel; both themes' for `auto`). A colour that does not is **refused**, with the ratio
//!   it reached, never silently changed: the partner chose it, and a different colour than the one they typed
//!   would surprise them. The builder shows the message as they type; the widget drops the option and shows the
//!   theme's own accent (with a notice, as for every unusable option).
//! - **Fonts.** A font-family list from another page is untrusted text that ends up in a stylesheet. It is accepted
//!   only as family names made of letters, digits, spaces, hyphens, underscores and dots (each optionally quoted),
//!   separated by commas, at most [`FONT_MAX`] characters; it is written back with every name quoted (generic
//!   families excepted), so nothing in it can end a declaration, open a rule, call a function or load a URL.

use crate::error::FieldError;

/// The smallest contrast ratio an accent colour must keep against the theme's surfaces (WCAG 2.2 AA, normal text).
pub const MIN_CONTRAST: f64 = 4.5;
/// The longest font-family list accepted (characters).
pub const FONT_MAX: usize = 300;

/// A colour: red, green, blue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// `#rrggbb`, `rrggbb`, `#rgb` or `rgb` (hex digits of either case).
    pub fn parse_hex(s: &str) -> Option<Rgb> {
        let h = s.trim();
        let h = h.strip_prefix('#').unwrap_or(h);
        if !h.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        let d = |i: usize, n: usize| u8::from_str_radix(&h[i..i + n], 16).ok();
        match h.len() {
            6 => Some(Rgb(d(0, 2)?, d(2, 2)?, d(4, 2)?)),
            3 => {
                let x = |i| d(i, 1).map(|v| v * 17);
                Some(Rgb(x(0)?, x(1)?, x(2)?))
            }
            _ => None,
        }
    }

    /// `rrggbb`, lower case, without `#` (how URLs carry it).
    pub fn hex(self) -> String {
        format!("{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }

    /// `#rrggbb`, for CSS.
    pub fn css(self) -> String {
        format!("#{}", self.hex())
    }

    /// WCAG 2.x relative luminance (sRGB), 0 (black) to 1 (white).
    pub fn luminance(self) -> f64 {
        fn channel(c: u8) -> f64 {
            let c = f64::from(c) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        }
        0.2126 * channel(self.0) + 0.7152 * channel(self.1) + 0.0722 * channel(self.2)
    }
}

/// WCAG 2.x contrast ratio of two colours: 1 (same) to 21 (black on white), whichever is lighter.
pub fn contrast(a: Rgb, b: Rgb) -> f64 {
    let (la, lb) = (a.luminance(), b.luminance());
    let (hi, lo) = if la >= lb { (la, lb) } else { (lb, la) };
    (hi + 0.05) / (lo + 0.05)
}

/// The widget's colour schemes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Theme {
    #[default]
    Light,
    Dark,
    /// The reader's system setting (`prefers-color-scheme`).
    Auto,
}

impl Theme {
    pub const ALL: [Theme; 3] = [Theme::Light, Theme::Dark, Theme::Auto];

    pub fn as_str(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
            Theme::Auto => "auto",
        }
    }

    pub fn parse(s: &str) -> Option<Theme> {
        Theme::ALL
            .into_iter()
            .find(|t| t.as_str() == s.trim().to_ascii_lowercase())
    }

    /// The palettes a reader may see with this theme.
    pub fn palettes(self) -> &'static [&'static Palette] {
        match self {
            Theme::Light => &[&LIGHT],
            Theme::Dark => &[&DARK],
            Theme::Auto => &[&LIGHT, &DARK],
        }
    }
}

/// One colour scheme: every colour the widget's stylesheet takes from a custom property (`--aq-<name>`).
#[derive(Debug)]
pub struct Palette {
    /// `light` or `dark`, for `color-scheme` (form controls, scroll bars).
    pub scheme: &'static str,
    /// `(name, colour)`: the custom property `--aq-<name>`.
    pub colors: &'static [(&'static str, &'static str)],
}

impl Palette {
    pub fn get(&self, name: &str) -> Option<Rgb> {
        self.colors
            .iter()
            .find(|(n, _)| *n == name)
            .and_then(|(_, c)| Rgb::parse_hex(c))
    }

    /// The colours text and links sit on, which an accent must contrast with.
    pub fn surfaces(&self) -> [Rgb; 2] {
        [
            self.get("bg").unwrap_or(Rgb(255, 255, 255)),
            self.get("panel").unwrap_or(Rgb(255, 255, 255)),
        ]
    }
}

/// The light theme: the stylesheet's defaults (`frontend/style/widget.css`; a test holds them equal).
pub const LIGHT: Palette = Palette {
    scheme: "light",
    colors: &[
        ("text", "#1d232b"),
        ("muted", "#5f6b7a"),
        ("bg", "#ffffff"),
        ("panel", "#f5f7fa"),
        ("line", "#dfe3ea"),
        ("accent", "#0b5cad"),
        ("card-text", "#39424e"),
        ("error", "#c92a2a"),
        ("notice-bg", "#fff4e6"),
        ("notice-line", "#ffd8a8"),
        ("correction-bg", "#fff9db"),
        ("correction-line", "#ffe066"),
        ("col-on", "#e7f0fb"),
        ("col-in", "#eef4fb"),
        ("story", "#343a40"),
        ("story-law", "#5f3dc4"),
    ],
};

/// The dark theme. Every text colour keeps at least 4.5:1 against `bg` and `panel` (a test checks).
pub const DARK: Palette = Palette {
    scheme: "dark",
    colors: &[
        ("text", "#e6e9ed"),
        ("muted", "#a7b1bd"),
        ("bg", "#14181d"),
        ("panel", "#1e242b"),
        ("line", "#3b4451"),
        ("accent", "#74b3f2"),
        ("card-text", "#c9d0d8"),
        ("error", "#ff8f8f"),
        ("notice-bg", "#3b2c14"),
        ("notice-line", "#6e4e1c"),
        ("correction-bg", "#37320f"),
        ("correction-line", "#6b611c"),
        ("col-on", "#1d3553"),
        ("col-in", "#18293d"),
        ("story", "#ced4da"),
        ("story-law", "#b197fc"),
    ],
};

/// The font a widget uses.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Font {
    /// The widget's own (a system font stack).
    #[default]
    Own,
    /// The host page's: `embed.js` replaces it with the host element's font-family. In a plain iframe, where no
    /// script can read the host's font, the widget keeps its own.
    Inherit,
    /// A validated font-family list, as CSS (every name quoted but generic families).
    Family(String),
}

impl Font {
    /// The `font=` value of a URL (`None` for the widget's own font).
    pub fn param(&self) -> Option<&str> {
        match self {
            Font::Own => None,
            Font::Inherit => Some("inherit"),
            Font::Family(f) => Some(f),
        }
    }
}

const GENERIC_FAMILIES: [&str; 13] = [
    "serif",
    "sans-serif",
    "monospace",
    "cursive",
    "fantasy",
    "system-ui",
    "ui-serif",
    "ui-sans-serif",
    "ui-monospace",
    "ui-rounded",
    "emoji",
    "math",
    "fangsong",
];

fn font_error(message: impl Into<String>) -> FieldError {
    FieldError::new("font", "invalid_font", message)
}

/// A font-family list from a URL (`font=`), checked and rewritten safely (see the module's documentation).
pub fn parse_font(raw: &str) -> Result<Font, FieldError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(Font::Own);
    }
    if raw.eq_ignore_ascii_case("inherit") {
        return Ok(Font::Inherit);
    }
    if raw.chars().count() > FONT_MAX {
        return Err(font_error(format!(
            "a font-family list of at most {FONT_MAX} characters"
        )));
    }
    let mut names = Vec::new();
    for part in raw.split(',') {
        let part = part.trim();
        let (name, quoted) = match (part.chars().next(), part.chars().last()) {
            (Some(q @ ('"' | '\'')), Some(e)) if part.len() >= 2 && e == q => {
                (&part[1..part.len() - 1], true)
            }
            _ => (part, false),
        };
        let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
        if name.is_empty() {
            return Err(font_error("an empty font name in the list"));
        }
        if let Some(bad) = name
            .chars()
            .find(|c| !(c.is_alphanumeric() || matches!(c, ' ' | '-' | '_' | '.')))
        {
            return Err(font_error(format!(
                "font names may hold letters, digits, spaces, hyphens, underscores and dots, not {bad:?}"
            )));
        }
        let generic = !quoted && GENERIC_FAMILIES.contains(&name.to_ascii_lowercase().as_str());
        names.push(if generic {
            name.to_ascii_lowercase()
        } else {
            format!("\"{name}\"")
        });
    }
    if names.len() > 12 {
        return Err(font_error("at most 12 font names"));
    }
    Ok(Font::Family(names.join(",")))
}

/// An accent colour from a URL (`accent=`), refused when it is not readable on `theme`'s surfaces.
pub fn parse_accent(raw: &str, theme: Theme) -> Result<Option<Rgb>, FieldError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    let c = Rgb::parse_hex(raw).ok_or_else(|| {
        FieldError::new(
            "accent",
            "invalid_color",
            "a colour as six hex digits, e.g. 0b5cad or #0b5cad",
        )
    })?;
    check_accent(c, theme).map(Some)
}

/// The lowest contrast `c` has against a surface of `theme`, rounded down to a tenth (so a refusal never shows
/// "4.5:1"), and the scheme (`light`, `dark`) of that surface.
pub fn worst_contrast(c: Rgb, theme: Theme) -> (f64, &'static str) {
    let mut worst = (f64::INFINITY, "light");
    for p in theme.palettes() {
        for s in p.surfaces() {
            let r = contrast(c, s);
            if r < worst.0 {
                worst = (r, p.scheme);
            }
        }
    }
    worst
}

/// Whether `c` keeps [`MIN_CONTRAST`] against every surface of `theme`; the error names the worst ratio.
pub fn check_accent(c: Rgb, theme: Theme) -> Result<Rgb, FieldError> {
    let (r, scheme) = worst_contrast(c, theme);
    if r >= MIN_CONTRAST {
        return Ok(c);
    }
    Err(FieldError::new(
        "accent",
        "low_contrast",
        format!(
            "{} has a contrast of {}:1 on the {scheme} theme; at least 4.5:1 is needed",
            c.css(),
            ratio_text(r)
        ),
    ))
}

/// A contrast ratio for people: one decimal, rounded down (4.49 is "4.4", never a passing-looking "4.5"). Written
/// with integers: float formatting would add kilobytes to the widget, which parses every look too.
pub fn ratio_text(r: f64) -> String {
    let tenths = (r * 10.0).floor().clamp(0.0, 1000.0) as u32;
    format!("{}.{}", tenths / 10, tenths % 10)
}

/// How a view looks: theme, accent and font, as its URL says.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Appearance {
    pub theme: Theme,
    pub accent: Option<Rgb>,
    pub font: Font,
}

impl Appearance {
    /// From the URL's `theme`, `accent` and `font` values; each unusable one is reported and dropped.
    pub fn parse(
        theme: Option<&str>,
        accent: Option<&str>,
        font: Option<&str>,
    ) -> (Appearance, Vec<FieldError>) {
        let mut errors = Vec::new();
        let theme = match theme.map(str::trim).filter(|t| !t.is_empty()) {
            None => Theme::Light,
            Some(t) => Theme::parse(t).unwrap_or_else(|| {
                errors.push(FieldError::new(
                    "theme",
                    "unknown_value",
                    format!("{t:?} is not a theme (light, dark, auto)"),
                ));
                Theme::Light
            }),
        };
        let accent = parse_accent(accent.unwrap_or(""), theme).unwrap_or_else(|e| {
            errors.push(e);
            None
        });
        let font = parse_font(font.unwrap_or("")).unwrap_or_else(|e| {
            errors.push(e);
            Font::Own
        });
        (
            Appearance {
                theme,
                accent,
                font,
            },
            errors,
        )
    }

    /// `(key, value)` for a URL, in canonical order; nothing for the defaults.
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        let mut v = Vec::new();
        if self.theme != Theme::Light {
            v.push(("theme", self.theme.as_str().to_owned()));
        }
        if let Some(c) = self.accent {
            v.push(("accent", c.hex()));
        }
        if let Some(f) = self.font.param() {
            v.push(("font", f.to_owned()));
        }
        v
    }

    pub fn is_default(&self) -> bool {
        self.theme == Theme::Light && self.accent.is_none() && self.font.param().is_none()
    }

    /// The stylesheet that gives a page this appearance over the light defaults, or `None` when it has them. It
    /// sets custom properties only, on the same elements the default stylesheet does (and `html`, whose
    /// background shows around the view), so it must come after that stylesheet.
    pub fn css(&self) -> Option<String> {
        if self.is_default() || (self.theme == Theme::Light && self.font == Font::Inherit) {
            return None;
        }
        const SEL: &str = "html,.aq-root,.aq";
        let extra = |p: &Palette| {
            let mut s = String::new();
            if let Some(c) = self.accent {
                s.push_str(&format!("--aq-accent:{};", c.css()));
            }
            s.push_str(&format!(
                "--aq-on-accent:{};",
                p.get("bg").unwrap_or(Rgb(255, 255, 255)).css()
            ));
            if let Font::Family(f) = &self.font {
                s.push_str(&format!(
                    "--aq-font:{f},system-ui,-apple-system,\"Segoe UI\",Roboto,sans-serif;"
                ));
            }
            s
        };
        let vars = |p: &Palette| {
            let mut s = format!("color-scheme:{};", p.scheme);
            for (n, c) in p.colors {
                s.push_str(&format!("--aq-{n}:{c};"));
            }
            s
        };
        Some(match self.theme {
            Theme::Light => format!("{SEL}{{{}}}", extra(&LIGHT)),
            Theme::Dark => format!("{SEL}{{{}{}}}", vars(&DARK), extra(&DARK)),
            Theme::Auto => format!(
                "{SEL}{{{}}}@media (prefers-color-scheme:dark){{{SEL}{{{}{}}}}}",
                extra(&LIGHT),
                vars(&DARK),
                extra(&DARK)
            ),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contrast_matches_wcag_reference_values() {
        let white = Rgb(255, 255, 255);
        let black = Rgb(0, 0, 0);
        assert!((contrast(white, black) - 21.0).abs() < 1e-9);
        assert!((contrast(white, white) - 1.0).abs() < 1e-9);
        // Symmetric.
        assert_eq!(
            contrast(Rgb(10, 20, 30), white),
            contrast(white, Rgb(10, 20, 30))
        );
        // Known ratios (WebAIM's checker): #767676 on white is 4.54:1, #777777 4.48:1.
        assert!((contrast(Rgb::parse_hex("767676").unwrap(), white) - 4.54).abs() < 0.01);
        assert!((contrast(Rgb::parse_hex("#777").unwrap(), white) - 4.48).abs() < 0.01);
        assert!((Rgb(255, 0, 0).luminance() - 0.2126).abs() < 1e-9);
        assert_eq!(ratio_text(4.4999), "4.4");
        assert_eq!(ratio_text(21.0), "21.0");
        assert_eq!(ratio_text(1.07), "1.0");
        assert_eq!(MIN_CONTRAST, 4.5, "the refusal's text names 4.5:1");
    }

    #[test]
    fn hex_colours_parse_strictly() {
        assert_eq!(Rgb::parse_hex("#0B5CAD"), Some(Rgb(11, 92, 173)));
        assert_eq!(Rgb::parse_hex("0b5cad"), Some(Rgb(11, 92, 173)));
        assert_eq!(Rgb::parse_hex("#fff"), Some(Rgb(255, 255, 255)));
        for bad in [
            "", "#", "12345", "#1234567", "red", "#ggg", "+12345", "1e5cad;",
        ] {
            assert_eq!(Rgb::parse_hex(bad), None, "{bad:?}");
        }
        assert_eq!(Rgb(11, 92, 173).hex(), "0b5cad");
    }

    #[test]
    fn a_low_contrast_accent_is_refused_with_its_ratio() {
        assert_eq!(
            parse_accent("0b5cad", Theme::Light).unwrap(),
            Some(Rgb(11, 92, 173))
        );
        let e = parse_accent("#ffdd00", Theme::Light).unwrap_err();
        assert_eq!(
            (e.field.as_str(), e.code.as_str()),
            ("accent", "low_contrast")
        );
        assert!(
            e.message.contains("#ffdd00") && e.message.contains("light"),
            "{}",
            e.message
        );
        // Dark blue reads on white but not on the dark theme; auto needs both.
        assert!(parse_accent("0b5cad", Theme::Dark).is_err());
        assert!(parse_accent("0b5cad", Theme::Auto).is_err());
        assert!(parse_accent("ffdd00", Theme::Dark).is_ok());
        assert_eq!(
            parse_accent("blue", Theme::Light).unwrap_err().code,
            "invalid_color"
        );
        // A mid grey is readable on neither theme's panel at 4.5:1.
        assert!(parse_accent("777777", Theme::Auto).is_err());
    }

    #[test]
    fn the_themes_own_colours_are_readable() {
        for p in [&LIGHT, &DARK] {
            for s in p.surfaces() {
                for text in ["text", "muted", "accent", "card-text", "error"] {
                    let r = contrast(p.get(text).unwrap(), s);
                    assert!(r >= MIN_CONTRAST, "{} {text}: {r:.2}", p.scheme);
                }
            }
            for box_bg in ["notice-bg", "correction-bg"] {
                let r = contrast(p.get("text").unwrap(), p.get(box_bg).unwrap());
                assert!(r >= MIN_CONTRAST, "{} text on {box_bg}: {r:.2}", p.scheme);
            }
            assert_eq!(p.colors.len(), LIGHT.colors.len());
            assert!(p.colors.iter().all(|(_, c)| Rgb::parse_hex(c).is_some()));
        }
    }

    #[test]
    fn the_light_palette_is_the_stylesheets_default() {
        let css = include_str!("../../frontend/style/widget.css");
        let defaults = &css[css.find(".aq-root, .aq {").unwrap()..];
        let defaults = &defaults[..defaults.find('}').unwrap()];
        for (name, colour) in LIGHT.colors {
            assert!(
                defaults.contains(&format!("--aq-{name}: {colour};")),
                "widget.css lacks --aq-{name}: {colour}"
            );
        }
        // And nothing the stylesheet themes is missing from the palettes.
        let declared = defaults.matches(": #").count();
        assert_eq!(
            declared,
            LIGHT.colors.len() + 1 + 5,
            "on-accent and five category colours besides"
        );
    }

    #[test]
    fn fonts_are_rewritten_safely() {
        assert_eq!(parse_font(""), Ok(Font::Own));
        assert_eq!(parse_font(" Inherit "), Ok(Font::Inherit));
        assert_eq!(
            parse_font("Georgia, 'Times New Roman', serif"),
            Ok(Font::Family("\"Georgia\",\"Times New Roman\",serif".into()))
        );
        assert_eq!(
            parse_font("\"PT Sans\",  Arial,SANS-SERIF"),
            Ok(Font::Family("\"PT Sans\",\"Arial\",sans-serif".into()))
        );
        // Cyrillic and Kazakh names are letters too.
        assert!(parse_font("Қазақ Sans").is_ok());
        // A quoted generic name is a family called so, and stays quoted.
        assert_eq!(parse_font("'serif'"), Ok(Font::Family("\"serif\"".into())));
    }

    #[test]
    fn hostile_fonts_are_refused() {
        for bad in [
            "x;}body{display:none",
            "x;}body{display:none}",
            "url(https://evil.example/f.woff)",
            "Arial;background:url(//evil.example/x)",
            "\"Arial\";color:red",
            "Arial\" ; x:y; \"",
            "a\\\"b",
            "Arial</style><script>alert(1)</script>",
            "expression(alert(1))",
            "var(--x)",
            "Arial,,serif",
            "'unterminated",
            "Arial /* c */",
            "a\nb{",
            "@import 'x'",
        ] {
            let e = parse_font(bad).expect_err(bad);
            assert_eq!(
                (e.field.as_str(), e.code.as_str()),
                ("font", "invalid_font")
            );
        }
        assert!(parse_font(&"a".repeat(FONT_MAX + 1)).is_err());
        assert!(parse_font(&["a"; 13].join(",")).is_err());
        assert!(parse_font(&["a"; 12].join(",")).is_ok());
    }

    #[test]
    fn appearance_css_sets_only_custom_properties() {
        assert_eq!(Appearance::default().css(), None);
        let (a, errs) = Appearance::parse(Some("dark"), Some("#ffdd00"), Some("Georgia, serif"));
        assert!(errs.is_empty(), "{errs:?}");
        let css = a.css().unwrap();
        assert!(css.starts_with("html,.aq-root,.aq{color-scheme:dark;--aq-text:#e6e9ed;"));
        assert!(css.contains("--aq-accent:#ffdd00;"));
        assert!(css.contains("--aq-font:\"Georgia\",serif,"));
        let (auto, _) = Appearance::parse(Some("auto"), None, None);
        assert!(
            auto.css()
                .unwrap()
                .contains("@media (prefers-color-scheme:dark)")
        );
        let (bad, errs) =
            Appearance::parse(Some("neon"), Some("zzz"), Some("x;}body{display:none"));
        assert_eq!(bad, Appearance::default());
        let fields: Vec<_> = errs.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["theme", "accent", "font"]);
    }
}
