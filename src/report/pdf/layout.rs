//! Pass 1: the body. `Layout` places sections, headings, paragraphs and key-value lists on pages.

use super::*;

// ---------------------------------------------------------------------------------------
// Pass 1: the body
// ---------------------------------------------------------------------------------------

pub(crate) struct Layout<'a> {
    pub(crate) f: &'a Fonts,
    pub(crate) l: &'a Labels,
    /// Where finished pages go.
    pub(crate) done: &'a Queue,
    /// Pages finished so far.
    pub(crate) pages: usize,
    pub(crate) cur: Canvas<'a>,
    /// The cursor: everything above it on the current page is drawn.
    pub(crate) y: f32,
    /// The sign-off of a closed period (`activity-quota close`); `None`: a draft.
    pub(crate) closure: Option<&'a SignOff>,
}

impl<'a> Layout<'a> {
    pub(crate) fn new(f: &'a Fonts, l: &'a Labels, done: &'a Queue) -> Layout<'a> {
        Layout {
            f,
            l,
            done,
            pages: 0,
            cur: Canvas::new(f),
            y: BODY_TOP,
            closure: None,
        }
    }

    /// The number of pages, and the canvas (with the glyphs used) for the rest.
    pub(crate) fn finish(mut self) -> (usize, Canvas<'a>) {
        self.done
            .push(self.pages, std::mem::take(&mut self.cur.buf));
        (self.pages + 1, self.cur)
    }

    pub(crate) fn new_page(&mut self) {
        // the next page is likely about as long as this one
        let next = Vec::with_capacity(self.cur.buf.len() + 1024);
        self.done
            .push(self.pages, std::mem::replace(&mut self.cur.buf, next));
        self.pages += 1;
        self.cur.start();
        self.cur.key += 2;
        self.y = BODY_TOP;
    }

    pub(crate) fn at_top(&self) -> bool {
        self.y >= BODY_TOP - 0.01
    }

    /// Start a new page unless `h` mm still fit on this one.
    pub(crate) fn need(&mut self, h: f32) {
        if self.y - h < BODY_BOTTOM && !self.at_top() {
            self.new_page();
        }
    }

    pub(crate) fn gap(&mut self, h: f32) {
        if !self.at_top() {
            self.y -= h;
        }
    }

    pub(crate) fn text(&mut self, face: Face, size: f32, x: f32, y: f32, s: &str, col: &Color) {
        let s = self.f.clean(s);
        op_text(&mut self.cur, face, size, x, y, &s, col);
    }

    pub(crate) fn text_right(
        &mut self,
        face: Face,
        size: f32,
        x: f32,
        y: f32,
        s: &str,
        col: &Color,
    ) {
        let s = self.f.clean(s);
        let w = self.f.width(face, &s, size);
        op_text(&mut self.cur, face, size, x - w, y, &s, col);
    }

    pub(crate) fn text_center(
        &mut self,
        face: Face,
        size: f32,
        x: f32,
        y: f32,
        s: &str,
        col: &Color,
    ) {
        let s = self.f.clean(s);
        let w = self.f.width(face, &s, size);
        op_text(&mut self.cur, face, size, x - w / 2.0, y, &s, col);
    }

    /// A section title with a rule under it; keeps `keep` mm of what follows with it.
    pub(crate) fn section(&mut self, title: &str, keep: f32) {
        self.gap(4.0);
        self.need(10.0 + keep);
        let base = self.y - 5.0;
        self.text(Face::Bold, 12.5, LEFT, base, title, &Palette::accent());
        op_line(
            &mut self.cur,
            (LEFT, base - 2.0),
            (RIGHT, base - 2.0),
            0.6,
            &Palette::accent(),
        );
        self.y = base - 4.5;
    }

    /// A sub-heading inside a section.
    pub(crate) fn subheading(&mut self, title: &str, keep: f32) {
        self.gap(2.5);
        self.need(6.0 + keep);
        let base = self.y - 3.8;
        self.text(Face::Bold, 9.5, LEFT, base, title, &Palette::text());
        self.y = base - 2.2;
    }

    /// Wrapped text over the full width.
    pub(crate) fn paragraph(&mut self, s: &str, size: f32, col: &Color) {
        let lh = size * PT_MM * 1.3;
        for line in self.f.wrap(Face::Regular, s, size, WIDTH) {
            self.need(lh);
            self.y -= lh;
            self.text(Face::Regular, size, LEFT, self.y + lh * 0.25, &line, col);
        }
        self.y -= 1.2;
    }

    /// Label-value lines (provenance). Values wrap.
    pub(crate) fn key_values(&mut self, rows: &[(String, String)]) {
        let size = 8.0;
        let lh = size * PT_MM * 1.35;
        let label_w = rows
            .iter()
            .map(|(k, _)| self.f.width(Face::Bold, k, size))
            .fold(30.0_f32, f32::max)
            .min(60.0)
            + 3.0;
        for (k, v) in rows {
            let lines = self.f.wrap(Face::Regular, v, size, WIDTH - label_w);
            self.need(lh * lines.len() as f32);
            let key = self.f.fit(Face::Bold, k, size, label_w - 3.0);
            self.text(
                Face::Bold,
                size,
                LEFT,
                self.y - lh * 0.75,
                &key,
                &Palette::text(),
            );
            for line in lines {
                self.y -= lh;
                self.text(
                    Face::Regular,
                    size,
                    LEFT + label_w,
                    self.y + lh * 0.25,
                    &line,
                    &Palette::text(),
                );
            }
            self.y -= 0.6;
        }
    }
}
