//! Tables: columns, cells and rows; planning the column widths ([`plan`]) and drawing
//! with pagination ([`draw`]).

mod draw;
mod plan;

pub(crate) use plan::*;

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
