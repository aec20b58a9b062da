//! Fonts and text measurement: faces, metrics, width, fit and wrap.

use super::*;

// ---------------------------------------------------------------------------------------
// Fonts and text measurement
// ---------------------------------------------------------------------------------------

pub(crate) const PT_MM: f32 = 25.4 / 72.0;
/// Widths planned at 1 pt and scaled differ from widths measured at the final size
/// in the last float bits; without this slack a cell that fits exactly gets cut.
pub(crate) const FIT_SLACK: f32 = 0.05;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Face {
    Regular,
    Bold,
}

impl Face {
    /// The font's resource name in the pages.
    pub(crate) fn id(self) -> &'static str {
        match self {
            Face::Regular => "LSR",
            Face::Bold => "LSB",
        }
    }
    pub(crate) fn base_font(self) -> &'static str {
        match self {
            Face::Regular => "LiberationSans",
            Face::Bold => "LiberationSans-Bold",
        }
    }
}

pub(crate) struct Fonts {
    pub(crate) regular: ParsedFont,
    pub(crate) bold: ParsedFont,
    /// Glyph ids and advances of both faces, looked up once (the fonts' own maps are
    /// B-trees, and every character drawn or measured needs them).
    pub(crate) metrics: [Metrics; 2],
    /// Whether both faces have a glyph, for the code points below [`TABLE`].
    pub(crate) both: Vec<bool>,
    /// The subsets embedded so far.
    pub(crate) subsets: SubsetCache,
}

/// Code points below this have their glyph ids in a table; the rest are looked up.
pub(crate) const TABLE: u32 = 0x2200;

pub(crate) struct Metrics {
    /// Glyph id of each code point below [`TABLE`].
    pub(crate) gid: Vec<Option<u16>>,
    /// Advance of each glyph id in font units (0 when the font has none).
    pub(crate) advance: Vec<u16>,
    /// One more than the highest glyph id the font maps a character to.
    pub(crate) glyphs: usize,
    pub(crate) units_per_em: u16,
}

impl Metrics {
    pub(crate) fn of(f: &ParsedFont) -> Metrics {
        let gid = (0..TABLE).map(|cp| f.lookup_glyph_index(cp)).collect();
        let max = f
            .glyph_widths
            .keys()
            .next_back()
            .map_or(0, |&g| usize::from(g) + 1);
        let mut advance = vec![0u16; max];
        for (&g, &w) in &f.glyph_widths {
            advance[usize::from(g)] = w;
        }
        let glyphs = f
            .codepoint_to_glyph
            .values()
            .max()
            .map_or(0, |&g| usize::from(g) + 1);
        Metrics {
            gid,
            advance,
            glyphs,
            units_per_em: f.units_per_em,
        }
    }
}

impl Fonts {
    pub(crate) fn load() -> Result<Fonts> {
        let parse = |bytes: &[u8], name: &str| {
            let mut warnings = Vec::new();
            ParsedFont::from_bytes(bytes, 0, &mut warnings)
                .ok_or_else(|| Error::Pdf(format!("cannot parse the embedded font {name}")))
        };
        let regular = parse(REGULAR_TTF, "LiberationSans-Regular.ttf")?;
        let bold = parse(BOLD_TTF, "LiberationSans-Bold.ttf")?;
        let metrics = [Metrics::of(&regular), Metrics::of(&bold)];
        let both = (0..TABLE as usize)
            .map(|cp| metrics[0].gid[cp].is_some() && metrics[1].gid[cp].is_some())
            .collect();
        Ok(Fonts {
            regular,
            bold,
            metrics,
            both,
            subsets: SubsetCache::default(),
        })
    }

    pub(crate) fn font(&self, face: Face) -> &ParsedFont {
        match face {
            Face::Regular => &self.regular,
            Face::Bold => &self.bold,
        }
    }

    /// The glyph id of `c` in `face`, if the face has one.
    pub(crate) fn glyph(&self, face: Face, c: char) -> Option<u16> {
        let cp = c as u32;
        match self.metrics[face as usize].gid.get(cp as usize) {
            Some(g) => *g,
            None => self.font(face).lookup_glyph_index(cp),
        }
    }

    /// The advance of glyph `g` of `face` in font units.
    pub(crate) fn advance(&self, face: Face, g: u16) -> u16 {
        self.metrics[face as usize]
            .advance
            .get(usize::from(g))
            .copied()
            .unwrap_or(0)
    }

    /// Whether `c` is drawn as itself: not a control character, and both faces have it.
    pub(crate) fn drawable(&self, c: char) -> bool {
        if c.is_control() {
            return false;
        }
        match self.both.get(c as usize) {
            Some(&b) => b,
            None => {
                self.regular.lookup_glyph_index(c as u32).is_some()
                    && self.bold.lookup_glyph_index(c as u32).is_some()
            }
        }
    }

    /// Text as it will be drawn: control characters become spaces, characters the
    /// font has no glyph for become `?` (rather than silently vanishing).
    pub(crate) fn clean<'s>(&self, s: &'s str) -> std::borrow::Cow<'s, str> {
        if s.chars().all(|c| self.drawable(c)) {
            return std::borrow::Cow::Borrowed(s);
        }
        s.chars()
            .map(|c| {
                if self.drawable(c) {
                    c
                } else if c.is_control() {
                    ' '
                } else {
                    '?'
                }
            })
            .collect()
    }

    /// Width in mm of `s` at `size` pt, from the font's glyph advances.
    pub(crate) fn width(&self, face: Face, s: &str, size: f32) -> f32 {
        let units: u64 = s
            .chars()
            .map(|c| {
                self.glyph(face, c)
                    .or_else(|| self.glyph(face, '?'))
                    .map_or(0, |g| u64::from(self.advance(face, g)))
            })
            .sum();
        let upem = self.metrics[face as usize].units_per_em;
        units as f32 / f32::from(upem.max(1)) * size * PT_MM
    }

    /// `s` cut to `max` mm, ending in "…" when it was cut.
    pub(crate) fn fit(&self, face: Face, s: &str, size: f32, max: f32) -> String {
        let max = max + FIT_SLACK;
        let s = self.clean(s);
        if self.width(face, &s, size) <= max {
            return s.into_owned();
        }
        let budget = max - self.width(face, "…", size);
        let mut out = String::new();
        let mut w = 0.0;
        let mut buf = [0u8; 4];
        for c in s.chars() {
            let cw = self.width(face, c.encode_utf8(&mut buf), size);
            if w + cw > budget {
                break;
            }
            w += cw;
            out.push(c);
        }
        let mut out = out.trim_end().to_string();
        out.push('…');
        out
    }

    /// `s` broken into lines of at most `max` mm: at spaces, and inside words that
    /// are too long (after the last `/`, `\`, `_` or `-` when there is one, as in paths).
    pub(crate) fn wrap(&self, face: Face, s: &str, size: f32, max: f32) -> Vec<String> {
        let max = max + FIT_SLACK;
        let s = self.clean(s);
        let mut lines = Vec::new();
        let mut cur = String::new();
        for word in s.split(' ') {
            let candidate = if cur.is_empty() {
                word.to_string()
            } else {
                format!("{cur} {word}")
            };
            if self.width(face, &candidate, size) <= max {
                cur = candidate;
                continue;
            }
            if !cur.is_empty() {
                lines.push(std::mem::take(&mut cur));
            }
            let mut piece = String::new();
            for c in word.chars() {
                let mut t = piece.clone();
                t.push(c);
                if piece.is_empty() || self.width(face, &t, size) <= max {
                    piece = t;
                    continue;
                }
                match piece.rfind(['/', '\\', '_', '-']).map(|i| i + 1) {
                    Some(cut) if cut < piece.len() => {
                        let rest = piece.split_off(cut);
                        lines.push(std::mem::replace(&mut piece, rest));
                        piece.push(c);
                    }
                    _ => {
                        lines.push(std::mem::take(&mut piece));
                        piece.push(c);
                    }
                }
            }
            cur = piece;
        }
        if !cur.is_empty() || lines.is_empty() {
            lines.push(cur);
        }
        lines
    }
}
