//! Sections of `report.pdf`: key figures, cards, teams, reps, leaderboard (the chart
//! is in `chart.rs`).

use super::*;

// ------------------------------------ sections -----------------------------------------

/// Totals per kind over all reps: done summed; target summed over reps that have one.
pub(crate) fn kind_totals(r: &Report) -> Vec<KindCell> {
    (0..r.kinds.len())
        .map(|k| {
            let mut c = KindCell::default();
            for rep in &r.reps {
                if let Some(cell) = rep.cells.get(k) {
                    c.done += cell.done;
                    if let Some(t) = cell.target {
                        c.target = Some(c.target.unwrap_or(0) + t);
                    }
                }
            }
            c
        })
        .collect()
}

/// The rep's lowest attainment over the kinds and sales metrics with a target (the
/// chart's bar; the one that decides the rep's overall status).
pub(crate) fn min_pct(rep: &RepRow) -> Option<u64> {
    rep.cells
        .iter()
        .chain(&rep.extra.metric_cells)
        .filter_map(KindCell::pct)
        .min()
}

pub(crate) fn lay_out_body(lay: &mut Layout, r: &Report, opts: &PdfOptions) {
    kpis(lay, r);
    teams(lay, r);
    reps(lay, r);
    chart(lay, r);
    leaderboard(lay, r);
    sales(lay, r);
    conversion(lay, r);
    pacing(lay, r);
    proration(lay, r);
    exceptions(lay, r);
    quality(lay, r);
    provenance(lay, r, opts);
    let s = &lay.l.signoff;
    // a closed period: who closed it approved the report, on the day they closed it
    let (by, on) = match lay.closure {
        Some(c) => (Some(c.by.clone()), Some(lay.l.date(c.at.date_naive()))),
        None => (None, None),
    };
    signoff(
        lay,
        [
            (&s.prepared_by, &s.name_signature, None),
            (&s.approved_by, &s.name_signature, by),
            (&s.date, &s.date_hint, on),
        ],
    );
}

/// One key-figure card.
pub(crate) struct Card {
    pub(crate) label: String,
    pub(crate) value: String,
    pub(crate) note: String,
    pub(crate) color: Color,
}

/// A row of key-figure cards over the full width.
pub(crate) fn cards(lay: &mut Layout, cards: &[Card]) {
    if cards.is_empty() {
        return;
    }
    let gap = 5.0;
    let n = cards.len() as f32;
    let w = (WIDTH - (n - 1.0) * gap) / n;
    let h = 19.0;
    lay.need(h + 2.0);
    let top = lay.y - 1.0;
    for (i, c) in cards.iter().enumerate() {
        let x = LEFT + i as f32 * (w + gap);
        op_rect(&mut lay.cur, x, top - h, w, h, &Palette::card());
        op_rect(&mut lay.cur, x, top - h, 1.2, h, &Palette::accent());
        let label = lay.f.fit(Face::Regular, &c.label, 8.0, w - 6.0);
        lay.text(
            Face::Regular,
            8.0,
            x + 4.0,
            top - 5.0,
            &label,
            &Palette::muted(),
        );
        // a long word (Polish `przekroczony`) is set smaller rather than cut
        let natural = lay.f.width(Face::Bold, &c.value, 17.0);
        let size = (17.0 * (w - 6.0) / natural.max(0.01)).clamp(12.0, 17.0);
        let value = lay.f.fit(Face::Bold, &c.value, size, w - 6.0);
        lay.text(Face::Bold, size, x + 4.0, top - 12.2, &value, &c.color);
        let note = lay.f.fit(Face::Regular, &c.note, 7.0, w - 6.0);
        lay.text(
            Face::Regular,
            7.0,
            x + 4.0,
            top - 16.6,
            &note,
            &Palette::muted(),
        );
    }
    lay.y = top - h - 4.0;
}

pub(crate) fn kpis(lay: &mut Layout, r: &Report) {
    let l = lay.l;
    lay.section(&l.kpi.title, 30.0);
    let n = r.reps.len() as u64;
    let met = r
        .reps
        .iter()
        .filter(|x| matches!(x.status, Status::Met | Status::Exceeded))
        .count();
    let rewarded = r.reps.iter().filter(|x| x.extra.tier.is_some()).count() as u64;
    let total: u64 = r.reps.iter().map(|x| x.total_activities).sum();
    let met_pct = if n > 0 {
        crate::report::pct_tenths(met as u64, n)
    } else {
        None
    };
    cards(
        lay,
        &[
            Card {
                label: l.kpi.total_activities.clone(),
                value: l.int(total),
                note: l.kpi.total_activities_note.clone(),
                color: Palette::accent(),
            },
            Card {
                label: l.kpi.reps_meeting.clone(),
                value: fill(
                    &l.kpi.n_of_m,
                    &[("n", &l.int(met as u64)), ("m", &l.int(n))],
                ),
                note: l.opt_pct(met_pct),
                color: Palette::accent(),
            },
            Card {
                label: l.kpi.reward_eligible.clone(),
                value: l.int(rewarded),
                note: l.kpi.reward_eligible_note.clone(),
                color: Palette::accent(),
            },
        ],
    );

    let mut t = Table::new(
        l.kpi.title.clone(),
        vec![
            Col::left(&l.kpi.kind, ColWidth::Flex(30.0)),
            Col::num(&l.kpi.done),
            Col::num(&l.kpi.target),
            Col::num(&l.kpi.pct),
            Col::left(&l.kpi.status, ColWidth::Natural),
        ],
    );
    t.size = 8.5;
    t.width = Some(120.0);
    for (k, c) in r.kinds.iter().zip(kind_totals(r)) {
        t.push(vec![
            Cell::new(l.kind(*k)),
            Cell::new(l.int(c.done)),
            Cell::new(l.opt_int(c.target)),
            Cell::new(l.opt_pct(c.pct())),
            Cell::status(l, c.status()),
        ]);
    }
    lay.table(&t);
}

/// Group headers "Calls | Emails | ..." over three columns each, starting at `first`.
pub(crate) fn kind_groups(l: &Labels, kinds: &[Kind], first: usize) -> Vec<Group> {
    kinds
        .iter()
        .enumerate()
        .map(|(i, k)| Group {
            first: first + 3 * i,
            span: 3,
            title: l.kind(*k).to_string(),
        })
        .collect()
}

pub(crate) fn kind_cols(l: &Labels, kinds: &[Kind]) -> Vec<Col> {
    kinds
        .iter()
        .flat_map(|_| {
            [
                Col::num(&l.reps.done),
                Col {
                    optional: true,
                    ..Col::num(&l.reps.target)
                },
                Col::num(&l.reps.pct),
            ]
        })
        .collect()
}

pub(crate) fn kind_cells(l: &Labels, kinds: &[Kind], cells: &[KindCell]) -> Vec<Cell> {
    (0..kinds.len())
        .flat_map(|i| {
            let c = cells.get(i).copied().unwrap_or_default();
            let pct = Cell::new(l.opt_pct(c.pct()));
            let pct = match c.status() {
                Status::Below => pct.color(Palette::status_text(Status::Below)),
                _ => pct,
            };
            [
                Cell::new(l.int(c.done)),
                Cell::new(l.opt_int(c.target)),
                pct,
            ]
        })
        .collect()
}

pub(crate) fn teams(lay: &mut Layout, r: &Report) {
    let l = lay.l;
    lay.section(&l.teams.title, 30.0);
    let mut cols = vec![
        Col::left(&l.teams.team, ColWidth::Flex(22.0)),
        Col::num(&l.teams.reps),
        Col::num(&l.teams.reps_met),
    ];
    cols.extend(kind_cols(l, &r.kinds));
    cols.push(Col::num(&l.teams.total));
    cols.push(Col::left(&l.teams.status, ColWidth::Natural));
    let mut t = Table::new(l.teams.title.clone(), cols);
    t.groups = kind_groups(l, &r.kinds, 3);
    t.size = 7.5;
    for team in &r.teams {
        let mut cells = vec![
            Cell::new(team.team.as_str()),
            Cell::new(l.int(team.reps)),
            Cell::new(l.int(team.reps_met)),
        ];
        cells.extend(kind_cells(l, &r.kinds, &team.cells));
        cells.push(Cell::new(l.int(team.total_activities)));
        cells.push(Cell::status(l, team.status));
        t.push(cells);
    }
    if r.teams.len() > 1 {
        let reps: u64 = r.teams.iter().map(|x| x.reps).sum();
        let met: u64 = r.teams.iter().map(|x| x.reps_met).sum();
        let totals = kind_totals(r);
        let mut cells = vec![
            Cell::new(l.quality.total.as_str()),
            Cell::new(l.int(reps)),
            Cell::new(l.int(met)),
        ];
        cells.extend(kind_cells(l, &r.kinds, &totals));
        cells.push(Cell::new(
            l.int(r.reps.iter().map(|x| x.total_activities).sum()),
        ));
        cells.push(Cell::new(""));
        t.push_total(cells);
    }
    lay.table(&t);
}

pub(crate) fn reps(lay: &mut Layout, r: &Report) {
    let l = lay.l;
    lay.section(&l.reps.title, 30.0);
    let mut cols = vec![
        Col::left(&l.reps.rep, ColWidth::Flex(24.0)),
        Col::left(&l.reps.team, ColWidth::Flex(14.0)),
    ];
    cols.extend(kind_cols(l, &r.kinds));
    cols.push(Col::num(&l.reps.total));
    cols.push(Col::left(&l.reps.status, ColWidth::Natural));
    let mut t = Table::new(l.reps.title.clone(), cols);
    t.groups = kind_groups(l, &r.kinds, 2);
    t.size = 7.5;
    for rep in &r.reps {
        let mut cells = vec![
            Cell::new(rep.rep_name.as_str()),
            Cell::new(rep.team.as_str()),
        ];
        cells.extend(kind_cells(l, &r.kinds, &rep.cells));
        cells.push(Cell::new(l.int(rep.total_activities)));
        cells.push(Cell::status(l, rep.status));
        t.push(cells);
    }
    lay.table(&t);
}

/// A reward tier, or a dash without one.
pub(crate) fn tier_cell(tier: Option<&str>) -> Cell {
    match tier {
        None => Cell::new(DASH).color(Palette::muted()),
        Some(tier) => Cell::new(tier)
            .bold()
            .color(Palette::status_text(Status::Exceeded)),
    }
}

pub(crate) fn pct_cell(l: &Labels, c: &KindCell) -> Cell {
    let cell = Cell::new(l.opt_pct(c.pct()));
    match c.status() {
        Status::Below => cell.color(Palette::status_text(Status::Below)),
        _ => cell,
    }
}

pub(crate) fn pace_cell(l: &Labels, p: Pace) -> Cell {
    Cell::new(l.pace(p)).bold().color(Palette::pace(p))
}

/// Reps in leaderboard order: by rank, reps without a score last.
pub(crate) fn by_rank(r: &Report) -> Vec<&RepRow> {
    let mut order: Vec<&RepRow> = r.reps.iter().collect();
    order.sort_by(|a, b| {
        (a.extra.rank.is_none(), a.extra.rank, &a.rep_name, &a.rep_id).cmp(&(
            b.extra.rank.is_none(),
            b.extra.rank,
            &b.rep_name,
            &b.rep_id,
        ))
    });
    order
}

pub(crate) fn leaderboard(lay: &mut Layout, r: &Report) {
    if r.reps.iter().all(|x| x.extra.score.is_none()) {
        return;
    }
    let l = lay.l;
    let b = &l.leaderboard;
    lay.section(&b.title, 30.0);
    lay.paragraph(&b.note, 7.5, &Palette::muted());
    let order = by_rank(r);
    let mut t = Table::new(
        b.title.clone(),
        vec![
            Col::num(&b.rank),
            Col::left(&b.rep, ColWidth::Flex(30.0)),
            Col::left(&b.team, ColWidth::Flex(18.0)),
            Col::num(&b.score),
            Col::left(&b.tier, ColWidth::Natural),
            Col::left(&b.status, ColWidth::Natural),
        ],
    );
    t.width = Some(150.0);
    for rep in &order {
        t.push(vec![
            Cell::new(l.opt_int(rep.extra.rank)),
            Cell::new(rep.rep_name.as_str()),
            Cell::new(rep.team.as_str()),
            Cell::new(l.opt_pct(rep.extra.score)).bold(),
            tier_cell(rep.extra.tier.as_deref()),
            Cell::status(l, rep.status),
        ]);
    }
    lay.table(&t);

    // Reward-eligible reps by tier, the tier reached by the highest scores first.
    lay.subheading(&b.eligible_title, 18.0);
    lay.paragraph(&b.eligible_note, 7.5, &Palette::muted());
    let mut tiers: Vec<(&str, Vec<&RepRow>)> = Vec::new();
    for rep in &order {
        let Some(tier) = rep.extra.tier.as_deref() else {
            continue;
        };
        match tiers.iter_mut().find(|(t, _)| *t == tier) {
            Some((_, reps)) => reps.push(rep),
            None => tiers.push((tier, vec![rep])),
        }
    }
    let best = |reps: &[&RepRow]| reps.iter().filter_map(|x| x.extra.score).max();
    tiers.sort_by(|a, b| best(&b.1).cmp(&best(&a.1)).then_with(|| a.0.cmp(b.0)));
    // One row per rep (a list in one cell would be cut in a large company).
    let mut t = Table::new(
        b.eligible_title.clone(),
        vec![
            Col::left(&b.tier, ColWidth::Natural),
            Col::num(&b.rank),
            Col::left(&b.rep, ColWidth::Flex(30.0)),
            Col::left(&b.team, ColWidth::Flex(18.0)),
            Col::num(&b.score),
        ],
    );
    t.width = Some(150.0);
    for (tier, reps) in &tiers {
        for rep in reps {
            t.push(vec![
                tier_cell(Some(tier)),
                Cell::new(l.opt_int(rep.extra.rank)),
                Cell::new(rep.rep_name.as_str()),
                Cell::new(rep.team.as_str()),
                Cell::new(l.opt_pct(rep.extra.score)).bold(),
            ]);
        }
    }
    lay.table(&t);
}
