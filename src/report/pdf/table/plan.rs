//! Planning a table: the font size and column widths that fit it.

use super::*;

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
