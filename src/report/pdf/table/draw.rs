//! Drawing a planned table: rows, zebra, header rows repeated on every page.

use super::*;

/// A table at its planned widths: where the columns are, the header's lines and the
/// heights of the group and header rows (what [`Layout::table_header`] draws from).
struct Frame {
    /// Font size (pt).
    size: f32,
    /// Column widths (mm).
    widths: Vec<f32>,
    /// Left edge of each column.
    xs: Vec<f32>,
    /// Right edge of the table.
    right: f32,
    /// Each column title, wrapped to its column.
    head_lines: Vec<Vec<String>>,
    /// Height of the group header row; 0 without groups.
    group_h: f32,
    /// Height of the column header row.
    head_h: f32,
}

impl Frame {
    fn new(f: &Fonts, t: &Table, plan: Plan) -> Frame {
        let size = plan.size;
        let widths = plan.widths;
        let xs: Vec<f32> = widths
            .iter()
            .scan(LEFT, |x, w| {
                let at = *x;
                *x += w;
                Some(at)
            })
            .collect();
        let right = LEFT + widths.iter().sum::<f32>();
        let head_lines: Vec<Vec<String>> = t
            .cols
            .iter()
            .zip(&widths)
            .map(|(c, w)| f.wrap(Face::Bold, &c.title, size, w - 2.0 * PAD_X))
            .collect();
        let head_h = block_h(head_lines.iter().map(Vec::len).max().unwrap_or(1), size);
        let group_h = if t.groups.is_empty() {
            0.0
        } else {
            block_h(1, size)
        };
        Frame {
            size,
            widths,
            xs,
            right,
            head_lines,
            group_h,
            head_h,
        }
    }

    /// The lines of every cell of `row` at the final widths (wrapped or cut), and the
    /// row's height.
    fn row_lines(&self, f: &Fonts, t: &Table, row: &Row) -> (Vec<Vec<String>>, f32) {
        let size = self.size;
        let lines: Vec<Vec<String>> = (0..t.cols.len())
            .map(|i| {
                let Some(cell) = row.cells.get(i) else {
                    return vec![String::new()];
                };
                let face = if row.total { Face::Bold } else { cell.face };
                let inner = self.widths[i] - 2.0 * PAD_X;
                let mut lines: Vec<String> = cell
                    .text
                    .split('\n')
                    .flat_map(|part| match t.cols[i].width {
                        ColWidth::Wrap(_) => f.wrap(face, part, size, inner),
                        _ => vec![f.fit(face, part, size, inner)],
                    })
                    .collect();
                if lines.len() > MAX_CELL_LINES {
                    lines.truncate(MAX_CELL_LINES);
                    if let Some(last) = lines.last_mut() {
                        *last = f.fit(face, &format!("{last}…"), size, inner);
                    }
                }
                lines
            })
            .collect();
        let h = block_h(lines.iter().map(Vec::len).max().unwrap_or(1), size);
        (lines, h)
    }
}

impl Layout<'_> {
    /// Draw `t` at the cursor: planned to fit (without its optional columns, or
    /// squeezed, if it must), paginated with its header repeated, zebra-striped.
    pub(crate) fn table(&mut self, t: &Table) {
        let f = self.f;
        let (t, plan) = match plan_table(f, t) {
            Some(p) => (std::borrow::Cow::Borrowed(t), p),
            None => {
                let slim = t.without_optional();
                let p = plan_table(f, &slim).unwrap_or_else(|| squeeze_table(f, &slim));
                (std::borrow::Cow::Owned(slim), p)
            }
        };
        let fr = Frame::new(f, &t, plan);
        let rows: Vec<(Vec<Vec<String>>, f32)> =
            t.rows.iter().map(|row| fr.row_lines(f, &t, row)).collect();

        let first_rows: f32 = rows.iter().take(3).map(|r| r.1).sum();
        self.need(fr.group_h + fr.head_h + first_rows);
        self.table_header(&t, &fr);
        for (r, (row, (lines, h))) in t.rows.iter().zip(&rows).enumerate() {
            if self.y - h < BODY_BOTTOM {
                // Close the page with the bottom rule, continue with the header.
                self.new_page();
                let cont = self.l.continued(&t.cont);
                self.text(
                    Face::Bold,
                    8.5,
                    LEFT,
                    self.y - 3.5,
                    &cont,
                    &Palette::muted(),
                );
                self.y -= 5.5;
                self.table_header(&t, &fr);
            }
            self.table_row(&t, &fr, r, row, (lines, *h));
        }
        if t.rows.is_empty() {
            self.y -= 1.0;
            self.text(
                Face::Regular,
                8.0,
                LEFT + PAD_X,
                self.y - 3.0,
                &self.l.document.none,
                &Palette::muted(),
            );
            self.y -= 4.5;
        }
        self.y -= 1.5;
    }

    /// Row `r` of `t` at the cursor, with its cells' lines and its height: the
    /// background (total, or zebra on odd rows), cell fills, column rules, text and
    /// the bottom rule (thick under the last row).
    fn table_row(
        &mut self,
        t: &Table,
        fr: &Frame,
        r: usize,
        row: &Row,
        (lines, h): (&[Vec<String>], f32),
    ) {
        let (xs, widths, right) = (&fr.xs, &fr.widths, fr.right);
        let n = t.cols.len();
        let top = self.y;
        let bottom = top - h;
        if row.total {
            op_rect(
                &mut self.cur,
                LEFT,
                bottom,
                right - LEFT,
                h,
                &Palette::total_fill(),
            );
        } else if r % 2 == 1 {
            op_rect(
                &mut self.cur,
                LEFT,
                bottom,
                right - LEFT,
                h,
                &Palette::zebra(),
            );
        }
        for (i, cell) in row.cells.iter().enumerate().take(n) {
            if let Some(fill) = &cell.fill {
                op_rect(
                    &mut self.cur,
                    xs[i] + 0.35,
                    bottom + 0.35,
                    widths[i] - 0.7,
                    h - 0.7,
                    fill,
                );
            }
        }
        for &x in xs.iter().skip(1) {
            op_line(
                &mut self.cur,
                (x, bottom),
                (x, top),
                0.25,
                &Palette::grid_light(),
            );
        }
        self.row_text(t, fr, row, lines, top);
        if row.total {
            op_line(
                &mut self.cur,
                (LEFT, top),
                (right, top),
                0.8,
                &Palette::accent(),
            );
        }
        let last = r + 1 == t.rows.len();
        let (thick, col) = if last {
            (0.8, Palette::accent())
        } else {
            (0.25, Palette::grid())
        };
        op_line(&mut self.cur, (LEFT, bottom), (right, bottom), thick, &col);
        self.y = bottom;
    }

    /// The text of a row whose top is at `top`, aligned in each column.
    fn row_text(&mut self, t: &Table, fr: &Frame, row: &Row, lines: &[Vec<String>], top: f32) {
        let f = self.f;
        let size = fr.size;
        let lh = line_h(size);
        for (i, cell) in row.cells.iter().enumerate().take(t.cols.len()) {
            let face = if row.total { Face::Bold } else { cell.face };
            let col = cell.color.unwrap_or_else(Palette::text);
            for (j, line) in lines[i].iter().enumerate() {
                let base = top - PAD_Y - 0.72 * size * PT_MM - j as f32 * lh;
                let x = match t.cols[i].align {
                    Align::Left => fr.xs[i] + PAD_X,
                    Align::Right => {
                        let w = f.width(face, line, size);
                        fr.xs[i] + fr.widths[i] - PAD_X - w
                    }
                };
                op_text(&mut self.cur, face, size, x, base, line, &col);
            }
        }
    }

    /// The group and column header rows of `t` at the cursor.
    fn table_header(&mut self, t: &Table, fr: &Frame) {
        let f = self.f;
        let (xs, widths, right, size) = (&fr.xs, &fr.widths, fr.right, fr.size);
        let (group_h, head_h) = (fr.group_h, fr.head_h);
        let top = self.y;
        let bottom = top - group_h - head_h;
        op_rect(
            &mut self.cur,
            LEFT,
            bottom,
            right - LEFT,
            top - bottom,
            &Palette::head_fill(),
        );
        let lh = line_h(size);
        let text_col = Palette::accent();
        for g in &t.groups {
            let Some(&x0) = xs.get(g.first) else { continue };
            let end = (g.first + g.span).min(xs.len());
            let x1 = xs.get(end).copied().unwrap_or(right);
            let title = f.fit(Face::Bold, &g.title, size, x1 - x0 - 2.0 * PAD_X);
            let base = top - PAD_Y - 0.72 * size * PT_MM;
            let w = f.width(Face::Bold, &title, size);
            op_text(
                &mut self.cur,
                Face::Bold,
                size,
                (x0 + x1 - w) / 2.0,
                base,
                &title,
                &text_col,
            );
            let y = top - group_h + 0.3;
            op_line(
                &mut self.cur,
                (x0 + 0.8, y),
                (x1 - 0.8, y),
                0.5,
                &Palette::grid(),
            );
            for x in [x0, x1] {
                if x > LEFT + 0.01 && x < right - 0.01 {
                    op_line(&mut self.cur, (x, top), (x, y), 0.25, &Palette::white());
                }
            }
        }
        for &x in xs.iter().skip(1) {
            op_line(
                &mut self.cur,
                (x, bottom),
                (x, top - group_h),
                0.4,
                &Palette::white(),
            );
        }
        for (i, lines) in fr.head_lines.iter().enumerate() {
            let k = lines.len();
            for (j, line) in lines.iter().enumerate() {
                // Bottom-aligned, so that one-line and two-line titles share a baseline.
                let base = bottom + PAD_Y + (k - 1 - j) as f32 * lh;
                let x = match t.cols[i].align {
                    Align::Left => xs[i] + PAD_X,
                    Align::Right => xs[i] + widths[i] - PAD_X - f.width(Face::Bold, line, size),
                };
                op_text(&mut self.cur, Face::Bold, size, x, base, line, &text_col);
            }
        }
        op_line(
            &mut self.cur,
            (LEFT, bottom),
            (right, bottom),
            0.9,
            &Palette::accent(),
        );
        self.y = bottom;
    }
}
