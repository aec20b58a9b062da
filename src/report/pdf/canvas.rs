//! Page geometry, colours and drawing primitives (all lengths in mm, origin bottom-left): `Canvas` writes the content-stream operators.

use super::*;

// ---------------------------------------------------------------------------------------
// Page geometry, colours and drawing primitives (all lengths in mm, origin bottom-left)
// ---------------------------------------------------------------------------------------

pub(crate) const PAGE_W: f32 = 210.0;
pub(crate) const PAGE_H: f32 = 297.0;
pub(crate) const LEFT: f32 = 15.0;
pub(crate) const RIGHT: f32 = 195.0;
pub(crate) const WIDTH: f32 = RIGHT - LEFT;
/// Top of the body (the header sits above).
pub(crate) const BODY_TOP: f32 = 262.0;
/// Bottom of the body (the footer sits below).
pub(crate) const BODY_BOTTOM: f32 = 19.0;

/// A fill or stroke colour, RGB in 0..=1.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) struct Color {
    pub(crate) r: f32,
    pub(crate) g: f32,
    pub(crate) b: f32,
}

pub(crate) fn rgb(r: f32, g: f32, b: f32) -> Color {
    Color { r, g, b }
}

pub(crate) struct Palette;

impl Palette {
    pub(crate) fn text() -> Color {
        rgb(0.12, 0.13, 0.15)
    }
    pub(crate) fn muted() -> Color {
        rgb(0.42, 0.44, 0.48)
    }
    pub(crate) fn accent() -> Color {
        rgb(0.11, 0.27, 0.45)
    }
    pub(crate) fn head_fill() -> Color {
        rgb(0.86, 0.90, 0.95)
    }
    pub(crate) fn zebra() -> Color {
        rgb(0.965, 0.972, 0.982)
    }
    pub(crate) fn total_fill() -> Color {
        rgb(0.90, 0.92, 0.95)
    }
    pub(crate) fn grid() -> Color {
        rgb(0.80, 0.82, 0.86)
    }
    pub(crate) fn grid_light() -> Color {
        rgb(0.88, 0.89, 0.92)
    }
    pub(crate) fn card() -> Color {
        rgb(0.945, 0.957, 0.973)
    }
    pub(crate) fn white() -> Color {
        rgb(1.0, 1.0, 1.0)
    }
    pub(crate) fn status_text(s: Status) -> Color {
        match s {
            Status::Below => rgb(0.68, 0.11, 0.11),
            Status::Met | Status::Exceeded => rgb(0.07, 0.43, 0.20),
            Status::NoQuota => Palette::muted(),
        }
    }
    pub(crate) fn status_fill(s: Status) -> Option<Color> {
        match s {
            Status::Below => Some(rgb(0.99, 0.88, 0.87)),
            Status::Met | Status::Exceeded => Some(rgb(0.86, 0.95, 0.87)),
            Status::NoQuota => None,
        }
    }
    pub(crate) fn pace(p: Pace) -> Color {
        match p {
            Pace::OnTrack => Palette::status_text(Status::Met),
            Pace::Behind => rgb(0.62, 0.40, 0.02),
            Pace::AtRisk => Palette::status_text(Status::Below),
            Pace::NotStarted => Palette::muted(),
        }
    }
    pub(crate) fn bar(s: Status) -> Color {
        match s {
            Status::Below => rgb(0.86, 0.37, 0.33),
            Status::Met => rgb(0.40, 0.70, 0.45),
            Status::Exceeded => rgb(0.20, 0.57, 0.33),
            Status::NoQuota => rgb(0.70, 0.72, 0.75),
        }
    }
}

/// Page content streams, written directly as PDF operators, and the glyphs they use.
pub(crate) struct Canvas<'a> {
    pub(crate) f: &'a Fonts,
    /// The current page's operators, one per line, each ending in `\n`.
    pub(crate) buf: Vec<u8>,
    /// Per face and glyph id: the order key (plus one; 0 = unused) of its last use,
    /// and the character it was drawn for: each font's ToUnicode map gives the last
    /// character drawn per glyph in page order (`embed.rs`).
    pub(crate) used: [Vec<(u32, char)>; 2],
    /// The order of what is drawn now within the document: `2 × page` for the
    /// header and footer, `2 × page + 1` for the body (which follows them).
    pub(crate) key: u32,
    /// The graphics state the operators so far leave, as far as it is known, so
    /// that a colour, line width or font is only set when it changes.
    pub(crate) state: GState,
    /// The state at each open `q`.
    pub(crate) saved: Vec<GState>,
    /// Reals written recently, as written (direct-mapped by their bits): most
    /// coordinates recur, in every row of a column or on every page.
    pub(crate) reals: Vec<(u32, u8, [u8; 14])>,
}

/// log2 of the number of entries of [`Canvas::reals`].
pub(crate) const REALS_BITS: u32 = 10;

/// What [`Canvas`] knows of the graphics state (`None`: not known, set it).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(crate) struct GState {
    pub(crate) fill: Option<Color>,
    pub(crate) stroke: Option<Color>,
    pub(crate) line_width: Option<f32>,
    pub(crate) font: Option<(Face, f32)>,
}

impl<'a> Canvas<'a> {
    pub(crate) fn new(f: &'a Fonts) -> Canvas<'a> {
        let glyphs = |face: Face| f.metrics[face as usize].glyphs;
        Canvas {
            f,
            buf: Vec::new(),
            used: [
                vec![(0, '\0'); glyphs(Face::Regular)],
                vec![(0, '\0'); glyphs(Face::Bold)],
            ],
            key: 1,
            state: GState::default(),
            saved: Vec::new(),
            reals: vec![(0, 0, [0; 14]); 1 << REALS_BITS],
        }
    }

    /// Start a new content stream (a new page, or the header and footer of one):
    /// nothing is known of its graphics state.
    pub(crate) fn start(&mut self) {
        self.state = GState::default();
        self.saved.clear();
    }

    pub(crate) fn fill(&mut self, col: &Color) {
        if self.state.fill != Some(*col) {
            self.state.fill = Some(*col);
            self.nums(&[col.r, col.g, col.b]);
            self.buf.extend_from_slice(b"rg\n");
        }
    }

    pub(crate) fn stroke(&mut self, col: &Color, width: f32) {
        if self.state.stroke != Some(*col) {
            self.state.stroke = Some(*col);
            self.nums(&[col.r, col.g, col.b]);
            self.buf.extend_from_slice(b"RG\n");
        }
        if self.state.line_width != Some(width) {
            self.state.line_width = Some(width);
            self.nums(&[width]);
            self.buf.extend_from_slice(b"w\n");
        }
    }

    pub(crate) fn font(&mut self, face: Face, size: f32) {
        if self.state.font != Some((face, size)) {
            self.state.font = Some((face, size));
            self.buf.push(b'/');
            self.buf.extend_from_slice(face.id().as_bytes());
            self.buf.push(b' ');
            self.num(size);
            self.buf.extend_from_slice(b" Tf\n");
        }
    }

    pub(crate) fn save(&mut self) {
        self.saved.push(self.state);
        self.buf.extend_from_slice(b"q\n");
    }

    pub(crate) fn restore(&mut self) {
        self.state = self.saved.pop().unwrap_or_default();
        self.buf.extend_from_slice(b"Q\n");
    }

    pub(crate) fn num(&mut self, v: f32) {
        let bits = v.to_bits();
        let slot = (bits.wrapping_mul(0x9E37_79B1) >> (32 - REALS_BITS)) as usize;
        if let Some(e) = self.reals.get(slot)
            && e.0 == bits
            && e.1 > 0
        {
            self.buf.extend_from_slice(&e.2[..usize::from(e.1)]);
            return;
        }
        let start = self.buf.len();
        push_real(&mut self.buf, v);
        let text = &self.buf[start..];
        if let Some(e) = self.reals.get_mut(slot)
            && text.len() <= e.2.len()
        {
            e.2[..text.len()].copy_from_slice(text);
            *e = (bits, text.len() as u8, e.2);
        }
    }

    pub(crate) fn nums(&mut self, vs: &[f32]) {
        for &v in vs {
            self.num(v);
            self.buf.push(b' ');
        }
    }

    /// `s` as Identity-H glyph ids, recording every glyph used.
    pub(crate) fn glyphs(&mut self, face: Face, s: &str) {
        const HEX: &[u8; 16] = b"0123456789ABCDEF";
        let key = self.key + 1;
        let used = &mut self.used[face as usize];
        self.buf.push(b'<');
        for c in s.chars() {
            let g = match self.f.glyph(face, c) {
                Some(g) => {
                    if let Some(u) = used.get_mut(usize::from(g))
                        && u.0 <= key
                    {
                        *u = (key, c);
                    }
                    g
                }
                None => 0,
            };
            let b = g.to_be_bytes();
            self.buf.extend_from_slice(&[
                HEX[usize::from(b[0] >> 4)],
                HEX[usize::from(b[0] & 15)],
                HEX[usize::from(b[1] >> 4)],
                HEX[usize::from(b[1] & 15)],
            ]);
        }
        self.buf.push(b'>');
    }
}

/// `v` as lopdf writes a real (`{}`: the shortest digits that read back as `v`, no
/// exponent, no `.0` on whole numbers), through ryu where that gives the same text.
pub(crate) fn push_real(buf: &mut Vec<u8>, v: f32) {
    let mut b = ryu::Buffer::new();
    let s = b.format(v).as_bytes();
    if tie_possible(v) || s.contains(&b'e') {
        use std::io::Write as _;
        let _ = write!(buf, "{v}");
    } else {
        buf.extend_from_slice(s.strip_suffix(b".0").unwrap_or(s));
    }
}

/// Whether ryu and `{}` may choose different shortest digits for `v`: they break
/// ties differently (ryu to even, `{}` up), and a tie needs the exact value of `v` to
/// have at most 10 significant digits. Also true for values from 2^24 up, subnormals
/// and non-finite values (checked: every `f32` below 2^24 gives the same text).
pub(crate) fn tie_possible(v: f32) -> bool {
    let bits = v.to_bits();
    let exp = ((bits >> 23) & 0xff) as i32;
    if exp == 0 || exp == 0xff {
        return true;
    }
    let mut m = u64::from((bits & 0x7f_ffff) | 0x80_0000);
    let mut e = exp - 150;
    let tz = m.trailing_zeros() as i32;
    m >>= tz;
    e += tz;
    if e >= 0 {
        // an integer: exact below 2^24
        return e >= 24 || (m << e) >= 1 << 24;
    }
    // v = m / 2^k = m * 5^k / 10^k, with m * 5^k odd: its significant digits
    let k = e.unsigned_abs();
    k <= 14 && m * 5u64.pow(k) < 10_000_000_000
}

pub(crate) fn mm_pt(v: f32) -> f32 {
    Mm(v).into_pt().0
}

/// Text with its baseline starting at (`x`, `y`); nothing for an empty string.
pub(crate) fn op_text(
    cv: &mut Canvas,
    face: Face,
    size: f32,
    x: f32,
    y: f32,
    s: &str,
    col: &Color,
) {
    if s.is_empty() {
        return;
    }
    cv.buf.extend_from_slice(b"BT\n");
    cv.fill(col);
    cv.font(face, size);
    cv.nums(&[mm_pt(x), mm_pt(y)]);
    cv.buf.extend_from_slice(b"Td\n");
    cv.glyphs(face, s);
    cv.buf.extend_from_slice(b" Tj\nET\n");
}

/// Filled rectangle; `y` is its bottom edge.
pub(crate) fn op_rect(cv: &mut Canvas, x: f32, y: f32, w: f32, h: f32, col: &Color) {
    cv.fill(col);
    cv.nums(&[mm_pt(x), mm_pt(y), mm_pt(w), mm_pt(h)]);
    cv.buf.extend_from_slice(b"re\nf\n");
}

pub(crate) fn op_line(
    cv: &mut Canvas,
    a: (f32, f32),
    b: (f32, f32),
    thickness_pt: f32,
    col: &Color,
) {
    cv.stroke(col, thickness_pt);
    cv.nums(&[mm_pt(a.0), mm_pt(a.1)]);
    cv.buf.extend_from_slice(b"m\n");
    cv.nums(&[mm_pt(b.0), mm_pt(b.1)]);
    cv.buf.extend_from_slice(b"l\nS\n");
}

pub(crate) fn op_dashed(
    cv: &mut Canvas,
    a: (f32, f32),
    b: (f32, f32),
    thickness_pt: f32,
    col: &Color,
) {
    cv.save();
    cv.buf.extend_from_slice(b"[3 2] 0 d\n");
    op_line(cv, a, b, thickness_pt, col);
    cv.restore();
}
