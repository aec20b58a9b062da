//! Tables: columns, cells, rows, planning the column widths and drawing with pagination.

use super::*;

// ------------------------------------ tables -------------------------------------------

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Align {
    Left,
    Right,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum ColWidth {
    /// As wide as its widest cell.
    Natural,
    /// Takes the spare width; cut with "…" down to this minimum (mm).
    Flex(f32),
    /// Like `Flex`, but wraps onto more lines instead of cutting.
    Wrap(f32),
}

#[derive(Clone, Debug)]
pub(crate) struct Col {
    pub(crate) title: String,
    pub(crate) align: Align,
    pub(crate) width: ColWidth,
    /// Dropped first when the table does not fit even in the smallest font.
    pub(crate) optional: bool,
}

impl Col {
    pub(crate) fn left(title: &str, width: ColWidth) -> Col {
        Col {
            title: title.into(),
            align: Align::Left,
            width,
            optional: false,
        }
    }
    pub(crate) fn num(title: &str) -> Col {
        Col {
            title: title.into(),
            align: Align::Right,
            width: ColWidth::Natural,
            optional: false,
        }
    }
}

#[derive(Clone, Debug)]
pub(crate) struct Cell {
    /// `\n` separates lines that are always broken.
    pub(crate) text: String,
    pub(crate) face: Face,
    pub(crate) color: Option<Color>,
    pub(crate) fill: Option<Color>,
}

impl Cell {
    pub(crate) fn new(text: impl Into<String>) -> Cell {
        Cell {
            text: text.into(),
            face: Face::Regular,
            color: None,
            fill: None,
        }
    }
    pub(crate) fn bold(mut self) -> Cell {
        self.face = Face::Bold;
        self
    }
    pub(crate) fn color(mut self, c: Color) -> Cell {
        self.color = Some(c);
        self
    }
    pub(crate) fn status(l: &Labels, s: Status) -> Cell {
        Cell {
            text: l.status(s).to_string(),
            face: Face::Bold,
            color: Some(Palette::status_text(s)),
            fill: Palette::status_fill(s),
        }
    }
}

#[derive(Clone, Debug, Default)]
pub(crate) struct Row {
    pub(crate) cells: Vec<Cell>,
    pub(crate) total: bool,
}

#[derive(Clone, Debug)]
pub(crate) struct Group {
    pub(crate) first: usize,
    pub(crate) span: usize,
    pub(crate) title: String,
}

#[derive(Clone, Debug)]
pub(crate) struct Table {
    /// Printed above the header rows on pages where the table continues.
    pub(crate) cont: String,
    pub(crate) cols: Vec<Col>,
    pub(crate) groups: Vec<Group>,
    pub(crate) rows: Vec<Row>,
    /// Largest font size tried (pt); smaller ones are tried until the table fits.
    pub(crate) size: f32,
    /// Total width (mm); the full body width when `None`.
    pub(crate) width: Option<f32>,
}

pub(crate) const PAD_X: f32 = 1.3;
pub(crate) const PAD_Y: f32 = 1.25;
pub(crate) const MIN_SIZE: f32 = 6.0;
/// A wrapped cell longer than this is cut, so that no row outgrows a page.
pub(crate) const MAX_CELL_LINES: usize = 12;

pub(crate) fn line_h(size: f32) -> f32 {
    size * PT_MM * 1.22
}

/// Height of a block of `n` lines with padding; caps are centred vertically.
pub(crate) fn block_h(n: usize, size: f32) -> f32 {
    2.0 * PAD_Y + (n.max(1) - 1) as f32 * line_h(size) + 0.72 * size * PT_MM
}

impl Table {
    pub(crate) fn new(cont: String, cols: Vec<Col>) -> Table {
        Table {
            cont,
            cols,
            groups: Vec::new(),
            rows: Vec::new(),
            size: 8.0,
            width: None,
        }
    }

    pub(crate) fn push(&mut self, cells: Vec<Cell>) {
        self.rows.push(Row {
            cells,
            total: false,
        });
    }

    pub(crate) fn push_total(&mut self, cells: Vec<Cell>) {
        self.rows.push(Row { cells, total: true });
    }

    /// The same table without its optional columns.
    pub(crate) fn without_optional(&self) -> Table {
        let keep: Vec<bool> = self.cols.iter().map(|c| !c.optional).collect();
        let before = |i: usize| keep.iter().take(i).filter(|k| **k).count();
        let groups = self
            .groups
            .iter()
            .filter_map(|g| {
                let span = keep
                    .iter()
                    .skip(g.first)
                    .take(g.span)
                    .filter(|k| **k)
                    .count();
                (span > 0).then(|| Group {
                    first: before(g.first),
                    span,
                    title: g.title.clone(),
                })
            })
            .collect();
        let pick = |v: &[Cell]| -> Vec<Cell> {
            v.iter()
                .zip(&keep)
                .filter(|(_, k)| **k)
                .map(|(c, _)| c.clone())
                .collect()
        };
        Table {
            cont: self.cont.clone(),
            cols: self.cols.iter().filter(|c| !c.optional).cloned().collect(),
            groups,
            rows: self
                .rows
                .iter()
                .map(|r| Row {
                    cells: pick(&r.cells),
                    total: r.total,
                })
                .collect(),
            size: self.size,
            width: self.width,
        }
    }
}

/// Widths (mm) and font size of a table.
pub(crate) struct Plan {
    pub(crate) size: f32,
    pub(crate) widths: Vec<f32>,
}

pub(crate) fn plan_table(f: &Fonts, t: &Table) -> Option<Plan> {
    let avail = t.width.unwrap_or(WIDTH);
    let n = t.cols.len();
    if n == 0 {
        return None;
    }
    // Widths at 1 pt; they scale linearly with the size.
    let mut content = vec![0.0_f32; n];
    for row in &t.rows {
        for (i, cell) in row.cells.iter().enumerate().take(n) {
            let face = if row.total { Face::Bold } else { cell.face };
            for line in cell.text.split('\n') {
                content[i] = content[i].max(f.width(face, &f.clean(line), 1.0));
            }
        }
    }
    let header: Vec<f32> = t
        .cols
        .iter()
        .map(|c| {
            c.title
                .split(' ')
                .map(|w| f.width(Face::Bold, w, 1.0))
                .fold(0.0, f32::max)
        })
        .collect();
    // Header titles on one line, at 1 pt.
    let header_line: Vec<f32> = t
        .cols
        .iter()
        .map(|c| f.width(Face::Bold, &c.title, 1.0))
        .collect();
    let try_size = |size: f32, allow_cut: bool| -> Option<Plan> {
        let mut nat: Vec<f32> = (0..n)
            .map(|i| content[i].max(header[i]) * size + 2.0 * PAD_X)
            .collect();
        for g in &t.groups {
            let need = f.width(Face::Bold, &g.title, size) + 2.0 * PAD_X;
            let span = g.first.min(n)..(g.first + g.span).min(n);
            let have: f32 = nat[span.clone()].iter().sum();
            if have < need && !span.is_empty() {
                let add = (need - have) / span.len() as f32;
                nat[span].iter_mut().for_each(|w| *w += add);
            }
        }
        let is_flex = |i: usize| !matches!(t.cols[i].width, ColWidth::Natural);
        // The least width each column accepts at this size.
        let need: Vec<f32> = (0..n)
            .map(|i| match t.cols[i].width {
                ColWidth::Natural => nat[i],
                ColWidth::Flex(m) if allow_cut => nat[i].min(m),
                ColWidth::Flex(_) => nat[i],
                ColWidth::Wrap(m) => nat[i].min(m),
            })
            .collect();
        let spare = avail - need.iter().sum::<f32>();
        if spare < 0.0 {
            return None;
        }
        // Spare width goes first to columns below their natural width, then to
        // headers that would wrap (so that they take fewer lines), then to the
        // flexible columns (or to all columns when there are none).
        let deficit: f32 = (0..n).map(|i| nat[i] - need[i]).sum();
        let widths = if spare <= deficit {
            (0..n)
                .map(|i| need[i] + spare * (nat[i] - need[i]) / deficit.max(0.001))
                .collect()
        } else {
            let extra = spare - deficit;
            let want: Vec<f32> = (0..n)
                .map(|i| (header_line[i] * size + 2.0 * PAD_X + FIT_SLACK - nat[i]).max(0.0))
                .collect();
            let want_sum: f32 = want.iter().sum();
            let give = extra.min(want_sum);
            let extra = extra - give;
            let head: Vec<f32> = (0..n)
                .map(|i| nat[i] + want[i] * give / want_sum.max(0.001))
                .collect();
            let any_flex = (0..n).any(is_flex);
            let base: f32 = (0..n)
                .filter(|&i| !any_flex || is_flex(i))
                .map(|i| head[i])
                .sum();
            (0..n)
                .map(|i| {
                    if !any_flex || is_flex(i) {
                        head[i] + extra * head[i] / base.max(0.001)
                    } else {
                        head[i]
                    }
                })
                .collect()
        };
        Some(Plan { size, widths })
    };
    // Up to 1 pt smaller rather than cut a name; beyond that, cut.
    let sizes = |down_to: f32| {
        (0..)
            .map(move |k| t.size - 0.5 * k as f32)
            .take_while(move |s| *s >= down_to.max(MIN_SIZE) - 0.01)
    };
    sizes(t.size - 1.0)
        .find_map(|s| try_size(s, false))
        .or_else(|| sizes(MIN_SIZE).find_map(|s| try_size(s, true)))
}

/// Last resort: the smallest size, every column scaled to fit (cells are cut).
pub(crate) fn squeeze_table(f: &Fonts, t: &Table) -> Plan {
    let n = t.cols.len();
    let size = MIN_SIZE;
    let mut nat = vec![0.0_f32; n];
    for (i, c) in t.cols.iter().enumerate() {
        nat[i] = c
            .title
            .split(' ')
            .map(|w| f.width(Face::Bold, w, size))
            .fold(0.0, f32::max);
    }
    for row in &t.rows {
        for (i, cell) in row.cells.iter().enumerate().take(n) {
            for line in cell.text.split('\n') {
                nat[i] = nat[i].max(f.width(cell.face, line, size));
            }
        }
    }
    let sum: f32 = nat.iter().map(|w| w + 2.0 * PAD_X).sum();
    let avail = t.width.unwrap_or(WIDTH);
    let widths = nat
        .iter()
        .map(|w| (w + 2.0 * PAD_X) * avail / sum.max(0.01))
        .collect();
    Plan { size, widths }
}

impl Layout<'_> {
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
        let size = plan.size;
        let widths = &plan.widths;
        let n = t.cols.len();
        let xs: Vec<f32> = widths
            .iter()
            .scan(LEFT, |x, w| {
                let at = *x;
                *x += w;
                Some(at)
            })
            .collect();
        let right = LEFT + widths.iter().sum::<f32>();

        // Lines of every header and cell at the final widths.
        let head_lines: Vec<Vec<String>> = t
            .cols
            .iter()
            .zip(widths)
            .map(|(c, w)| f.wrap(Face::Bold, &c.title, size, w - 2.0 * PAD_X))
            .collect();
        let head_h = block_h(head_lines.iter().map(Vec::len).max().unwrap_or(1), size);
        let group_h = if t.groups.is_empty() {
            0.0
        } else {
            block_h(1, size)
        };
        let rows: Vec<(Vec<Vec<String>>, f32)> = t
            .rows
            .iter()
            .map(|row| {
                let lines: Vec<Vec<String>> = (0..n)
                    .map(|i| {
                        let Some(cell) = row.cells.get(i) else {
                            return vec![String::new()];
                        };
                        let face = if row.total { Face::Bold } else { cell.face };
                        let inner = widths[i] - 2.0 * PAD_X;
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
            })
            .collect();

        let first_rows: f32 = rows.iter().take(3).map(|r| r.1).sum();
        self.need(group_h + head_h + first_rows);
        self.table_header(&t, &xs, widths, right, size, &head_lines, group_h, head_h);
        let lh = line_h(size);
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
                self.table_header(&t, &xs, widths, right, size, &head_lines, group_h, head_h);
            }
            let top = self.y;
            let bottom = top - h;
            if row.total {
                op_rect(
                    &mut self.cur,
                    LEFT,
                    bottom,
                    right - LEFT,
                    *h,
                    &Palette::total_fill(),
                );
            } else if r % 2 == 1 {
                op_rect(
                    &mut self.cur,
                    LEFT,
                    bottom,
                    right - LEFT,
                    *h,
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
            for (i, cell) in row.cells.iter().enumerate().take(n) {
                let face = if row.total { Face::Bold } else { cell.face };
                let col = cell.color.unwrap_or_else(Palette::text);
                for (j, line) in lines[i].iter().enumerate() {
                    let base = top - PAD_Y - 0.72 * size * PT_MM - j as f32 * lh;
                    match t.cols[i].align {
                        Align::Left => {
                            op_text(&mut self.cur, face, size, xs[i] + PAD_X, base, line, &col)
                        }
                        Align::Right => {
                            let w = f.width(face, line, size);
                            op_text(
                                &mut self.cur,
                                face,
                                size,
                                xs[i] + widths[i] - PAD_X - w,
                                base,
                                line,
                                &col,
                            )
                        }
                    }
                }
            }
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

    #[allow(clippy::too_many_arguments)]
    pub(crate) fn table_header(
        &mut self,
        t: &Table,
        xs: &[f32],
        widths: &[f32],
        right: f32,
        size: f32,
        head_lines: &[Vec<String>],
        group_h: f32,
        head_h: f32,
    ) {
        let f = self.f;
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
        for (i, lines) in head_lines.iter().enumerate() {
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
