//! A rep's statement body.

use super::*;

/// A rep's statement: who, their numbers, their quota periods, their exceptions.
pub(crate) fn statement_body(
    lay: &mut Layout,
    r: &Report,
    rep: &RepRow,
    rows: &[&AttainmentRow],
    opts: &PdfOptions,
) {
    statement_head(lay, r, rep);
    statement_totals(lay, r, rep);
    if r.kinds.contains(&Kind::Opportunity) {
        statement_conversion(lay, r, rep);
    }
    statement_rows(lay, r, rows);
    statement_below(lay, rows);
    statement_source(lay, r, opts);
}

/// The rep's name, who they are, and the cards: total, status, score and rank, tier.
fn statement_head(lay: &mut Layout, r: &Report, rep: &RepRow) {
    let l = lay.l;
    let s = &l.statement;
    let name = lay.f.fit(Face::Bold, &rep.rep_name, 12.5, WIDTH);
    lay.section(&name, 40.0);
    lay.key_values(&[
        (s.rep_id.clone(), rep.rep_id.clone()),
        (s.team.clone(), rep.team.clone()),
        (s.role.clone(), rep.role.clone()),
        (s.time_zone.clone(), rep.time_zone.clone()),
    ]);
    lay.gap(2.0);
    let scored = r.reps.iter().filter(|x| x.extra.score.is_some()).count() as u64;
    let tier = rep.extra.tier.as_deref();
    cards(
        lay,
        &[
            Card {
                label: l.kpi.total_activities.clone(),
                value: l.int(rep.total_activities),
                note: s.total_note.clone(),
                color: Palette::accent(),
            },
            Card {
                label: s.status.clone(),
                value: l.status(rep.status).to_string(),
                note: String::new(),
                color: Palette::status_text(rep.status),
            },
            Card {
                label: s.score.clone(),
                value: l.opt_pct(rep.extra.score),
                note: match rep.extra.rank {
                    Some(k) => fill(&s.rank_of, &[("rank", &l.int(k)), ("n", &l.int(scored))]),
                    None => s.no_rank.clone(),
                },
                color: Palette::accent(),
            },
            Card {
                label: s.tier.clone(),
                value: tier.unwrap_or(DASH).to_string(),
                note: match tier {
                    None => s.no_tier.clone(),
                    Some(_) => String::new(),
                },
                color: match tier {
                    None => Palette::muted(),
                    Some(_) => Palette::status_text(Status::Exceeded),
                },
            },
        ],
    );
}

/// The rep's totals for the report period.
fn statement_totals(lay: &mut Layout, r: &Report, rep: &RepRow) {
    let l = lay.l;
    let s = &l.statement;
    let title = fill(
        &s.summary_title,
        &[("period", &l.period_name(&r.meta.period))],
    );
    lay.section(&title, 30.0);
    let mut t = Table::new(
        title,
        vec![
            Col::left(&s.metric, ColWidth::Flex(40.0)),
            Col::num(&l.kpi.done),
            Col::num(&l.kpi.target),
            Col::num(&l.kpi.pct),
            Col::left(&l.kpi.status, ColWidth::Natural),
        ],
    );
    t.size = 8.5;
    t.width = Some(140.0);
    for (m, c) in rep_metric_cells(r, rep) {
        let label = l.metric_in(m, rep.extra.currency.as_deref());
        t.push(vec![
            Cell::new(label),
            Cell::new(l.value(m, c.done)),
            Cell::new(l.opt_value(m, c.target)),
            pct_cell(l, &c),
            Cell::status(l, c.status()),
        ]);
    }
    lay.table(&t);
}

/// The rep's conversion: opportunities per 100 activities and activities per
/// opportunity, per kind and over all kinds.
fn statement_conversion(lay: &mut Layout, r: &Report, rep: &RepRow) {
    let l = lay.l;
    let s = &l.statement;
    let cv = &rep.extra.conversion;
    let c = &l.conversion;
    lay.subheading(&s.conversion_title, 20.0);
    lay.paragraph(
        &fill(&s.opportunities, &[("n", &l.int(cv.opportunities))]),
        8.0,
        &Palette::text(),
    );
    let mut t = Table::new(
        s.conversion_title.clone(),
        vec![
            Col::left(&s.kind, ColWidth::Flex(40.0)),
            Col::num(&c.activities),
            Col::num(&c.per_100),
            Col::num(&c.per_opp),
        ],
    );
    t.size = 8.0;
    t.width = Some(120.0);
    for k in activity_kinds(r) {
        let n = kind_count(cv, k);
        t.push(vec![
            Cell::new(l.kind(k)),
            Cell::new(l.int(n)),
            Cell::new(l.opt_tenths(cv.opps_per_100_of(n))),
            Cell::new(l.opt_tenths(cv.per_opp(n))),
        ]);
    }
    t.push_total(vec![
        Cell::new(c.all_kinds.as_str()),
        Cell::new(l.int(cv.activities)),
        Cell::new(l.opt_tenths(cv.opps_per_100())),
        Cell::new(l.opt_tenths(cv.activities_per_opp())),
    ]);
    lay.table(&t);
}

/// Every quota period of the rep, with pacing columns when the as-of date is inside
/// the report period.
fn statement_rows(lay: &mut Layout, r: &Report, rows: &[&AttainmentRow]) {
    let l = lay.l;
    let s = &l.statement;
    lay.section(&s.rows_title, 30.0);
    let paced = pacing_as_of(r).is_some() && rows.iter().any(|a| a.extra.pacing.is_some());
    let e = &l.exceptions;
    let p = &l.pacing;
    // With pacing, twelve columns: when they do not fit on one line each even in the
    // smallest size (Polish: `październik 2026`, `22/22 dni roboczych`, `zgodnie z
    // planem`), the wordy ones wrap rather than have every cell cut.
    let cols = |wrap: bool| {
        let w = |min: f32| {
            if wrap {
                ColWidth::Wrap(min)
            } else {
                ColWidth::Natural
            }
        };
        let mut cols = vec![
            Col::left(&e.period, w(16.0)),
            Col::left(&s.metric, w(18.0)),
            Col::num(&e.done),
            Col::num(&e.target),
            Col::num(&l.reps.pct),
            Col::left(&l.kpi.status, ColWidth::Natural),
            Col::left(&l.proration.basis, w(15.0)),
            Col::left(&l.leaderboard.tier, ColWidth::Natural),
            Col::left(&s.plan, ColWidth::Wrap(18.0)),
        ];
        if paced {
            cols.extend([
                Col::num(&p.expected),
                Col::num(&p.projected),
                Col::left(&p.pace, w(15.0)),
            ]);
        }
        cols
    };
    let mut t = Table::new(s.rows_title.clone(), cols(false));
    t.size = 7.5;
    for a in rows {
        let m = a.metric();
        let cell = KindCell {
            done: a.done,
            target: Some(a.target),
        };
        let mut cells = vec![
            Cell::new(l.one_period(&a.period)),
            Cell::new(l.row_metric(a)),
            Cell::new(l.value(m, a.done)),
            Cell::new(l.value(m, a.target)),
            pct_cell(l, &cell),
            Cell::status(l, a.status()),
            Cell::new(l.basis(a.extra.basis)),
            tier_cell(a.extra.tier.as_deref()),
            Cell::new(a.plan.as_str()),
        ];
        if paced {
            match a.extra.pacing {
                Some(pc) => cells.extend([
                    Cell::new(l.value(m, pc.expected)),
                    Cell::new(l.opt_pct(pc.projected_pct)),
                    pace_cell(l, pc.pace),
                ]),
                None => cells.extend((0..3).map(|_| Cell::new(""))),
            }
        }
        t.push(cells);
    }
    if plan_table(lay.f, &t).is_none() {
        t.cols = cols(true);
    }
    lay.table(&t);
}

/// The rep's exceptions: quota periods below target.
fn statement_below(lay: &mut Layout, rows: &[&AttainmentRow]) {
    let l = lay.l;
    let s = &l.statement;
    let e = &l.exceptions;
    lay.section(&s.below_title, 20.0);
    lay.paragraph(&s.below_note, 7.5, &Palette::muted());
    let mut t = Table::new(
        s.below_title.clone(),
        vec![
            Col::left(&e.period, ColWidth::Natural),
            Col::left(&s.metric, ColWidth::Flex(30.0)),
            Col::num(&e.done),
            Col::num(&e.target),
            Col::num(&e.pct),
            Col::left(&l.proration.basis, ColWidth::Natural),
        ],
    );
    t.size = 8.0;
    for a in rows.iter().filter(|a| a.status() == Status::Below) {
        let m = a.metric();
        t.push(vec![
            Cell::new(l.one_period(&a.period)),
            Cell::new(l.row_metric(a)),
            Cell::new(l.value(m, a.done)),
            Cell::new(l.value(m, a.target)),
            Cell::new(l.opt_pct(a.pct()))
                .bold()
                .color(Palette::status_text(Status::Below)),
            Cell::new(l.basis(a.extra.basis)),
        ]);
    }
    lay.table(&t);
}

/// Where the numbers come from, and the sign-off.
fn statement_source(lay: &mut Layout, r: &Report, opts: &PdfOptions) {
    let l = lay.l;
    let s = &l.statement;
    let pv = &l.provenance;
    lay.section(&s.source_title, 30.0);
    lay.paragraph(&s.source_note, 7.5, &Palette::muted());
    let m = &r.meta;
    lay.key_values(&[
        (pv.config.clone(), m.config.clone()),
        (pv.config_sha256.clone(), m.config_sha256.clone()),
        (pv.tool.clone(), format!("activity-quota {}", m.version)),
        (pv.language.clone(), opts.lang.as_str().to_string()),
        (pv.generated.clone(), l.date(opts.generated)),
    ]);
    let so = &l.signoff;
    signoff(
        lay,
        [
            (&s.signoff_rep, &so.name_signature, None),
            (&s.signoff_manager, &so.name_signature, None),
            (&so.date, &so.date_hint, None),
        ],
    );
}

/// Each rep's weakest attainment row (lowest %, then metric order, then period).
pub(crate) fn weakest_rows(r: &Report) -> std::collections::HashMap<&str, &AttainmentRow> {
    let mut worst: std::collections::HashMap<&str, &AttainmentRow> =
        std::collections::HashMap::new();
    let key = |x: &AttainmentRow| (x.pct(), x.metric(), x.period.start);
    for a in r.attainment.iter().filter(|a| a.target > 0) {
        let e = worst.entry(a.rep_id.as_str()).or_insert(a);
        if key(a) < key(e) {
            *e = a;
        }
    }
    worst
}

/// The cells of `rep` with their metric: kinds, then sales metrics.
pub(crate) fn rep_metric_cells<'r>(r: &'r Report, rep: &'r RepRow) -> Vec<(Metric, KindCell)> {
    r.kinds
        .iter()
        .map(|k| Metric::Count(*k))
        .zip(rep.cells.iter().copied())
        .chain(
            r.extra
                .metrics
                .iter()
                .copied()
                .zip(rep.extra.metric_cells.iter().copied()),
        )
        .collect()
}
