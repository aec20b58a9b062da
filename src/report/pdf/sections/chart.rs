//! The rep chart of `report.pdf`: one horizontal bar per rep, their lowest attainment,
//! with the 100 % line (see the module doc of `pdf`, section 3).

use super::*;

/// The rep chart's geometry (mm and pt).
struct Chart {
    /// Font size of names and values.
    size: f32,
    /// Width of the names, right-aligned before the bars.
    label_w: f32,
    /// Where the bars start.
    x0: f32,
    /// Width of a bar at [`Chart::CAP`].
    bar_w: f32,
    row_h: f32,
    bar_h: f32,
    /// Height of the axis labels above the bars.
    axis_h: f32,
}

/// A value printed beside a bar, on a patch of the row's background.
struct BarValue {
    x: f32,
    mid: f32,
    text: String,
    color: Color,
    face: Face,
    bg: Color,
}

impl Chart {
    /// Bars are drawn up to 150 %.
    const CAP: u64 = 1500;

    fn new() -> Chart {
        let label_w = 46.0;
        let value_w = 17.0;
        let x0 = LEFT + label_w + 2.0;
        Chart {
            size: 7.5,
            label_w,
            x0,
            bar_w: RIGHT - value_w - x0,
            row_h: 5.2,
            bar_h: 3.3,
            axis_h: 6.0,
        }
    }

    /// The x of an attainment in tenths (capped).
    fn x_of(&self, tenths: u64) -> f32 {
        self.x0 + self.bar_w * tenths.min(Self::CAP) as f32 / Self::CAP as f32
    }
}

/// Reps with the chart's bar (their lowest attainment), highest first.
fn chart_entries(r: &Report) -> Vec<(&RepRow, Option<u64>)> {
    let mut entries: Vec<(&RepRow, Option<u64>)> = r.reps.iter().map(|x| (x, min_pct(x))).collect();
    entries.sort_by(|a, b| {
        b.1.cmp(&a.1)
            .then_with(|| a.0.rep_name.cmp(&b.0.rep_name))
            .then_with(|| a.0.rep_id.cmp(&b.0.rep_id))
    });
    entries
}

pub(crate) fn chart(lay: &mut Layout, r: &Report) {
    let l = lay.l;
    lay.section(&l.chart.title, 40.0);
    lay.paragraph(&l.chart.note, 7.5, &Palette::muted());
    let entries = chart_entries(r);
    if entries.is_empty() {
        lay.paragraph(&l.document.none, 8.0, &Palette::muted());
        return;
    }
    let g = Chart::new();
    let mut i = 0;
    while i < entries.len() {
        lay.need(g.axis_h + 3.0 * g.row_h + 2.0);
        let fit = ((lay.y - BODY_BOTTOM - g.axis_h - 1.0) / g.row_h)
            .floor()
            .max(1.0) as usize;
        let chunk = &entries[i..(i + fit).min(entries.len())];
        chart_part(lay, &g, chunk, i);
        i += chunk.len();
        if i < entries.len() {
            lay.new_page();
            let cont = l.continued(&l.chart.title);
            lay.text(Face::Bold, 8.5, LEFT, lay.y - 3.5, &cont, &Palette::muted());
            lay.y -= 5.5;
        }
    }
}

/// The chart's rows `chunk` (from row `first` on) on one page: axis labels and grid,
/// bars, the 100 % line, then the values over it.
fn chart_part(lay: &mut Layout, g: &Chart, chunk: &[(&RepRow, Option<u64>)], first: usize) {
    let l = lay.l;
    let top = lay.y - g.axis_h;
    let bottom = top - chunk.len() as f32 * g.row_h;
    // Axis labels and grid.
    for tick in [0, 500, 1000, 1500] {
        let x = g.x_of(tick);
        let label = l.numbers().whole_pct(tick / 10);
        lay.text_center(Face::Regular, 7.0, x, top + 1.8, &label, &Palette::muted());
        if tick != 1000 {
            op_line(
                &mut lay.cur,
                (x, bottom),
                (x, top + 0.5),
                0.3,
                &Palette::grid_light(),
            );
        }
    }
    // Value labels are drawn last, on a patch of the row's background, so that
    // the 100 % line does not run through them.
    let values: Vec<BarValue> = chunk
        .iter()
        .enumerate()
        .map(|(j, (rep, pct))| chart_bar(lay, g, rep, *pct, top - j as f32 * g.row_h, first + j))
        .collect();
    // The 100 % line over the bars.
    let x100 = g.x_of(1000);
    op_dashed(
        &mut lay.cur,
        (x100, bottom - 0.5),
        (x100, top + 0.5),
        0.9,
        &Palette::text(),
    );
    for v in values {
        let w = lay.f.width(v.face, &v.text, g.size);
        op_rect(&mut lay.cur, v.x - 0.6, v.mid - 1.8, w + 1.2, 3.6, &v.bg);
        lay.text(v.face, g.size, v.x, v.mid - 0.95, &v.text, &v.color);
    }
    op_line(
        &mut lay.cur,
        (g.x0, bottom),
        (g.x0, top + 0.5),
        0.6,
        &Palette::muted(),
    );
    lay.y = bottom - 2.0;
}

/// One rep's row of the chart (row `n` of the chart, for the zebra): background,
/// name and bar; returns the value to print beside the bar.
fn chart_bar(
    lay: &mut Layout,
    g: &Chart,
    rep: &RepRow,
    pct: Option<u64>,
    row_top: f32,
    n: usize,
) -> BarValue {
    let l = lay.l;
    let mid = row_top - g.row_h / 2.0;
    let bg = if n % 2 == 1 {
        Palette::zebra()
    } else {
        Palette::white()
    };
    if n % 2 == 1 {
        op_rect(&mut lay.cur, LEFT, row_top - g.row_h, WIDTH, g.row_h, &bg);
    }
    let name = lay
        .f
        .fit(Face::Regular, &rep.rep_name, g.size, g.label_w - 1.0);
    lay.text_right(
        Face::Regular,
        g.size,
        g.x0 - 2.0,
        mid - 0.95,
        &name,
        &Palette::text(),
    );
    let Some(p) = pct else {
        return BarValue {
            x: g.x0 + 1.5,
            mid,
            text: l.chart.no_quota.clone(),
            color: Palette::muted(),
            face: Face::Regular,
            bg,
        };
    };
    let x1 = g.x_of(p);
    if x1 > g.x0 {
        let bar = Palette::bar(rep.status);
        op_rect(
            &mut lay.cur,
            g.x0,
            mid - g.bar_h / 2.0,
            x1 - g.x0,
            g.bar_h,
            &bar,
        );
    }
    if p > Chart::CAP {
        // Break marks: the bar is longer than drawn.
        for dx in [-3.4, -2.2] {
            op_line(
                &mut lay.cur,
                (x1 + dx - 0.6, mid - g.bar_h / 2.0 - 0.4),
                (x1 + dx + 0.6, mid + g.bar_h / 2.0 + 0.4),
                1.4,
                &bg,
            );
        }
    }
    BarValue {
        x: x1 + 1.5,
        mid,
        text: l.pct(p),
        color: Palette::status_text(rep.status),
        face: Face::Bold,
        bg,
    }
}
