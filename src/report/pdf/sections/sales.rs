//! Sections: sales, conversion, pacing, proration.

use super::*;

/// A metric of the sales tables: where its cells are, and whether any rep has a target.
pub(crate) struct SalesCol {
    pub(crate) metric: Metric,
    /// Index into the kind cells (opportunities created) …
    pub(crate) kind: Option<usize>,
    /// … or into the sales-metric cells.
    pub(crate) sales: Option<usize>,
    pub(crate) target: bool,
}

impl SalesCol {
    pub(crate) fn cell(&self, cells: &[KindCell], metric_cells: &[KindCell]) -> KindCell {
        match (self.kind, self.sales) {
            (Some(i), _) => cells.get(i).copied().unwrap_or_default(),
            (_, Some(j)) => metric_cells.get(j).copied().unwrap_or_default(),
            _ => KindCell::default(),
        }
    }
}

pub(crate) fn sales_cols(r: &Report) -> Vec<SalesCol> {
    let mut v = Vec::new();
    if let Some(i) = r.kinds.iter().position(|k| *k == Kind::Opportunity) {
        v.push(SalesCol {
            metric: Metric::Count(Kind::Opportunity),
            kind: Some(i),
            sales: None,
            target: r
                .reps
                .iter()
                .any(|x| x.cells.get(i).is_some_and(|c| c.target.is_some())),
        });
    }
    for (j, m) in r.extra.metrics.iter().enumerate() {
        v.push(SalesCol {
            metric: *m,
            kind: None,
            sales: Some(j),
            target: r.reps.iter().any(|x| {
                x.extra
                    .metric_cells
                    .get(j)
                    .is_some_and(|c| c.target.is_some())
            }),
        });
    }
    v
}

/// Columns and group headers of the sales metrics, starting at column `first`.
pub(crate) fn sales_head(l: &Labels, cols: &[SalesCol], first: usize) -> (Vec<Col>, Vec<Group>) {
    let mut out = Vec::new();
    let mut groups = Vec::new();
    let mut at = first;
    for sc in cols {
        let title = l.metric(sc.metric).to_string();
        let span = if sc.target { 3 } else { 1 };
        groups.push(Group {
            first: at,
            span,
            title,
        });
        out.push(Col::num(&l.sales.done));
        if sc.target {
            out.push(Col::num(&l.sales.target));
            out.push(Col::num(&l.sales.pct));
        }
        at += span;
    }
    (out, groups)
}

/// The sales cells of one row; `no_amount`: the won amount is not shown (mixed currencies).
pub(crate) fn sales_cells(
    l: &Labels,
    cols: &[SalesCol],
    cells: &[KindCell],
    metric_cells: &[KindCell],
    no_amount: bool,
) -> Vec<Cell> {
    let mut out = Vec::new();
    for sc in cols {
        let m = sc.metric;
        if no_amount && m == Metric::WonAmount {
            let n = if sc.target { 3 } else { 1 };
            out.extend((0..n).map(|_| Cell::new(DASH).color(Palette::muted())));
            continue;
        }
        let c = sc.cell(cells, metric_cells);
        out.push(Cell::new(l.value(m, c.done)));
        if sc.target {
            out.push(Cell::new(l.opt_value(m, c.target)));
            out.push(pct_cell(l, &c));
        }
    }
    out
}

/// Sum of cells over several rows (targets summed over the rows that have one).
pub(crate) fn sum_cells<'a>(rows: impl Iterator<Item = &'a [KindCell]>, n: usize) -> Vec<KindCell> {
    let mut out = vec![KindCell::default(); n];
    for cells in rows {
        for (o, c) in out.iter_mut().zip(cells) {
            o.done += c.done;
            if let Some(t) = c.target {
                o.target = Some(o.target.unwrap_or(0) + t);
            }
        }
    }
    out
}

/// Sales: opportunities created and the sales metrics against targets, per rep, then
/// per team.
pub(crate) fn sales(lay: &mut Layout, r: &Report) {
    let cols = sales_cols(r);
    if cols.is_empty() {
        return;
    }
    let sl = &lay.l.sales;
    lay.section(&sl.title, 30.0);
    lay.paragraph(&sl.note, 7.5, &Palette::muted());
    sales_reps(lay, r, &cols);
    if !r.teams.is_empty() {
        sales_teams(lay, r, &cols);
    }
}

/// The sales table per rep, with the currency of won amounts.
fn sales_reps(lay: &mut Layout, r: &Report, cols: &[SalesCol]) {
    let l = lay.l;
    let sl = &l.sales;
    let amount = r.extra.metrics.contains(&Metric::WonAmount);
    let mut head = vec![
        Col::left(&sl.rep, ColWidth::Flex(24.0)),
        Col::left(&sl.team, ColWidth::Flex(14.0)),
    ];
    let (c, groups) = sales_head(l, cols, head.len());
    head.extend(c);
    if amount {
        head.push(Col::left(&sl.currency, ColWidth::Natural));
    }
    let mut t = Table::new(sl.title.clone(), head);
    t.groups = groups;
    t.size = 7.5;
    for rep in &r.reps {
        let mut cells = vec![
            Cell::new(rep.rep_name.as_str()),
            Cell::new(rep.team.as_str()),
        ];
        cells.extend(sales_cells(
            l,
            cols,
            &rep.cells,
            &rep.extra.metric_cells,
            false,
        ));
        if amount {
            cells.push(Cell::new(rep.extra.currency.as_deref().unwrap_or_default()));
        }
        t.push(cells);
    }
    lay.table(&t);
}

/// The sales table per team, with a total row over teams when there are several; won
/// amounts in several currencies are not summed.
fn sales_teams(lay: &mut Layout, r: &Report, cols: &[SalesCol]) {
    let l = lay.l;
    let sl = &l.sales;
    let amount = r.extra.metrics.contains(&Metric::WonAmount);
    lay.subheading(&sl.teams_title, 18.0);
    let mut head = vec![
        Col::left(&sl.team, ColWidth::Flex(22.0)),
        Col::num(&sl.reps),
    ];
    let (c, groups) = sales_head(l, cols, head.len());
    head.extend(c);
    if amount {
        head.push(Col::left(&sl.currency, ColWidth::Natural));
    }
    let mut t = Table::new(sl.teams_title.clone(), head);
    t.groups = groups;
    t.size = 7.5;
    let mixed_cell = || Cell::new(sl.mixed.as_str()).color(Palette::muted());
    for team in &r.teams {
        let mixed = team.extra.mixed_currencies();
        let mut cells = vec![Cell::new(team.team.as_str()), Cell::new(l.int(team.reps))];
        cells.extend(sales_cells(
            l,
            cols,
            &team.cells,
            &team.extra.metric_cells,
            mixed,
        ));
        if amount {
            cells.push(match &team.extra.currency {
                Some(TeamCurrency::One(c)) => Cell::new(c.as_str()),
                Some(TeamCurrency::Mixed) => mixed_cell(),
                None => Cell::new(""),
            });
        }
        t.push(cells);
    }
    if r.teams.len() > 1 {
        let currencies: std::collections::BTreeSet<&str> = r
            .reps
            .iter()
            .filter_map(|x| x.extra.currency.as_deref())
            .collect();
        let mixed = currencies.len() > 1;
        let kinds = sum_cells(r.reps.iter().map(|x| x.cells.as_slice()), r.kinds.len());
        let metrics = sum_cells(
            r.reps.iter().map(|x| x.extra.metric_cells.as_slice()),
            r.extra.metrics.len(),
        );
        let mut cells = vec![
            Cell::new(l.quality.total.as_str()),
            Cell::new(l.int(r.teams.iter().map(|x| x.reps).sum())),
        ];
        cells.extend(sales_cells(l, cols, &kinds, &metrics, mixed));
        if amount {
            cells.push(if mixed {
                mixed_cell()
            } else {
                Cell::new(currencies.into_iter().next().unwrap_or_default())
            });
        }
        t.push_total(cells);
    }
    lay.table(&t);
}

/// The activity kinds (not opportunities) of a report, for conversion.
pub(crate) fn activity_kinds(r: &Report) -> Vec<Kind> {
    r.kinds
        .iter()
        .copied()
        .filter(|k| k.is_activity())
        .collect()
}

/// Conversion columns after `first` leading columns: activities, opportunities, then
/// "opportunities per 100" and "per opportunity" overall and per kind.
pub(crate) fn conversion_head(l: &Labels, kinds: &[Kind], first: usize) -> (Vec<Col>, Vec<Group>) {
    let c = &l.conversion;
    let mut cols = vec![Col::num(&c.activities), Col::num(&c.opportunities)];
    let mut groups = Vec::new();
    let mut at = first + 2;
    for title in std::iter::once(c.all_kinds.as_str()).chain(kinds.iter().map(|k| l.kind(*k))) {
        groups.push(Group {
            first: at,
            span: 2,
            title: title.to_string(),
        });
        cols.push(Col::num(&c.per_100));
        cols.push(Col::num(&c.per_opp));
        at += 2;
    }
    (cols, groups)
}

pub(crate) fn conversion_cells(l: &Labels, kinds: &[Kind], cv: &Conversion) -> Vec<Cell> {
    let mut out = vec![
        Cell::new(l.int(cv.activities)),
        Cell::new(l.int(cv.opportunities)),
        Cell::new(l.opt_tenths(cv.opps_per_100())).bold(),
        Cell::new(l.opt_tenths(cv.activities_per_opp())).bold(),
    ];
    for k in kinds {
        let n = kind_count(cv, *k);
        out.push(Cell::new(l.opt_tenths(cv.opps_per_100_of(n))));
        out.push(Cell::new(l.opt_tenths(cv.per_opp(n))));
    }
    out
}

pub(crate) fn kind_count(cv: &Conversion, k: Kind) -> u64 {
    cv.per_kind
        .iter()
        .find(|(x, _)| *x == k)
        .map_or(0, |(_, n)| *n)
}

/// Conversion over all reps.
pub(crate) fn overall_conversion(r: &Report) -> Conversion {
    let kinds = activity_kinds(r);
    let mut c = Conversion {
        per_kind: kinds.iter().map(|k| (*k, 0)).collect(),
        ..Conversion::default()
    };
    for rep in &r.reps {
        let x = &rep.extra.conversion;
        c.activities += x.activities;
        c.opportunities += x.opportunities;
        for (k, n) in c.per_kind.iter_mut() {
            *n += kind_count(x, *k);
        }
    }
    c
}

pub(crate) fn conversion(lay: &mut Layout, r: &Report) {
    if !r.kinds.contains(&Kind::Opportunity) {
        return;
    }
    let l = lay.l;
    let c = &l.conversion;
    let kinds = activity_kinds(r);
    lay.section(&c.title, 30.0);
    lay.paragraph(&c.note, 7.5, &Palette::muted());
    let mut head = vec![
        Col::left(&c.rep, ColWidth::Flex(24.0)),
        Col::left(&c.team, ColWidth::Flex(14.0)),
    ];
    let (cols, groups) = conversion_head(l, &kinds, head.len());
    head.extend(cols);
    let mut t = Table::new(c.title.clone(), head);
    t.groups = groups;
    t.size = 7.5;
    for rep in &r.reps {
        let mut cells = vec![
            Cell::new(rep.rep_name.as_str()),
            Cell::new(rep.team.as_str()),
        ];
        cells.extend(conversion_cells(l, &kinds, &rep.extra.conversion));
        t.push(cells);
    }
    lay.table(&t);

    if r.teams.is_empty() {
        return;
    }
    lay.subheading(&c.teams_title, 18.0);
    let mut head = vec![Col::left(&c.team, ColWidth::Flex(30.0))];
    let (cols, groups) = conversion_head(l, &kinds, head.len());
    head.extend(cols);
    let mut t = Table::new(c.teams_title.clone(), head);
    t.groups = groups;
    t.size = 7.5;
    for team in &r.teams {
        let mut cells = vec![Cell::new(team.team.as_str())];
        cells.extend(conversion_cells(l, &kinds, &team.extra.conversion));
        t.push(cells);
    }
    let mut cells = vec![Cell::new(l.quality.total.as_str())];
    cells.extend(conversion_cells(l, &kinds, &overall_conversion(r)));
    t.push_total(cells);
    lay.table(&t);
}

/// The as-of date, when it lies inside the report period and some quota period is
/// still running at it (the pacing columns are shown then).
pub(crate) fn pacing_as_of(r: &Report) -> Option<NaiveDate> {
    r.extra
        .as_of
        .filter(|d| *d >= r.meta.period.start() && *d <= r.meta.period.last_day())
        .filter(|_| r.attainment.iter().any(|a| a.extra.pacing.is_some()))
}

pub(crate) fn pacing(lay: &mut Layout, r: &Report) {
    let Some(as_of) = pacing_as_of(r) else {
        return;
    };
    let l = lay.l;
    let p = &l.pacing;
    let title = fill(&p.title, &[("date", &l.date(as_of))]);
    lay.section(&title, 30.0);
    lay.paragraph(&p.note, 7.5, &Palette::muted());
    let mut t = Table::new(
        title,
        vec![
            Col::left(&p.rep, ColWidth::Flex(26.0)),
            Col::left(&p.period, ColWidth::Natural),
            Col::left(&p.metric, ColWidth::Natural),
            Col::num(&p.done),
            Col::num(&p.expected),
            Col::num(&p.target),
            Col::num(&p.projected),
            Col::left(&p.pace, ColWidth::Natural),
        ],
    );
    t.size = 7.5;
    for a in &r.attainment {
        let Some(pc) = a.extra.pacing else { continue };
        let m = a.metric();
        t.push(vec![
            Cell::new(a.rep_name.as_str()),
            Cell::new(l.one_period(&a.period)),
            Cell::new(l.row_metric(a)),
            Cell::new(l.value(m, a.done)),
            Cell::new(l.value(m, pc.expected)),
            Cell::new(l.value(m, a.target)),
            Cell::new(l.opt_pct(pc.projected_pct)),
            pace_cell(l, pc.pace),
        ]);
    }
    lay.table(&t);
}

pub(crate) fn proration(lay: &mut Layout, r: &Report) {
    let rows: Vec<&AttainmentRow> = r.attainment.iter().filter(|a| prorated(a)).collect();
    if rows.is_empty() {
        return;
    }
    let l = lay.l;
    let p = &l.proration;
    lay.section(&p.title, 30.0);
    lay.paragraph(&p.note, 7.5, &Palette::muted());
    let mut t = Table::new(
        p.title.clone(),
        vec![
            Col::left(&p.rep, ColWidth::Flex(30.0)),
            Col::left(&p.period, ColWidth::Natural),
            Col::left(&p.metric, ColWidth::Natural),
            Col::num(&p.full),
            Col::left(&p.basis, ColWidth::Natural),
            Col::num(&p.target),
        ],
    );
    t.size = 7.5;
    for a in rows {
        let m = a.metric();
        t.push(vec![
            Cell::new(a.rep_name.as_str()),
            Cell::new(l.one_period(&a.period)),
            Cell::new(l.row_metric(a)),
            Cell::new(l.value(m, a.extra.target_full)),
            Cell::new(l.basis(a.extra.basis)),
            Cell::new(l.value(m, a.target)).bold(),
        ]);
    }
    lay.table(&t);
}
