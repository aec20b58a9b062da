//! The report's tables, typed: each CSV (`csv.rs`) and each sheet of `report.xlsx`
//! (`xlsx.rs`) is written from the same rows of [`Cell`]s, taken from the model's
//! numbers, so that the two cannot disagree. A table's first row is its header.

use std::borrow::Cow;

use crate::{
    model::Metric,
    report::{
        Conversion, KindCell, Report, Status, TeamCurrency,
        accounting::{capped, unknowns},
        format,
    },
};

/// One cell of a report table.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Cell<'a> {
    /// Text the run wrote (headers, periods, kinds, labels): as it is.
    Text(Cow<'a, str>),
    /// Text from an input or the roster (names, teams, rejected values): a CSV
    /// neutralises what a spreadsheet would run as a formula.
    Input(Cow<'a, str>),
    /// A count.
    Count(u64),
    /// A percentage in tenths (`875` is 87.5 %).
    Pct(u64),
    /// A ratio in tenths (`133` is 13.3), not a percentage.
    Tenths(u64),
    /// A metric's value: counts bare, money and units in 1/10 000.
    Value(Metric, u64),
    /// An attainment status.
    Status(Status),
    Empty,
}

/// Where a table's rows go.
pub(crate) trait Rows {
    fn row(&mut self, cells: &[Cell<'_>]) -> std::io::Result<()>;

    /// A header row.
    fn head(&mut self, names: &[&str]) -> std::io::Result<()> {
        let cells: Vec<Cell<'_>> = names
            .iter()
            .map(|n| Cell::Text(Cow::Borrowed(*n)))
            .collect();
        self.row(&cells)
    }
}

fn text<'a>(s: impl Into<Cow<'a, str>>) -> Cell<'a> {
    Cell::Text(s.into())
}

fn input(s: &str) -> Cell<'_> {
    Cell::Input(Cow::Borrowed(s))
}

/// A count; empty when absent.
fn opt(v: Option<u64>) -> Cell<'static> {
    v.map_or(Cell::Empty, Cell::Count)
}

/// A percentage in tenths; empty when absent.
fn pct(v: Option<u64>) -> Cell<'static> {
    v.map_or(Cell::Empty, Cell::Pct)
}

/// A ratio in tenths; empty when absent.
fn ratio(v: Option<u64>) -> Cell<'static> {
    v.map_or(Cell::Empty, Cell::Tenths)
}

/// A metric's value, capped at `i64::MAX` as the CSV has always written it.
fn value(metric: Metric, v: u64) -> Cell<'static> {
    Cell::Value(metric, v.min(i64::MAX as u64))
}

/// Text of an optional model string; empty when absent.
fn opt_text(s: &Option<String>) -> &str {
    s.as_deref().unwrap_or_default()
}

fn metric_headers(report: &Report) -> Vec<String> {
    report
        .extra
        .metrics
        .iter()
        .flat_map(|m| {
            [
                format!("{m}_done"),
                format!("{m}_target"),
                format!("{m}_pct"),
            ]
        })
        .collect()
}

fn metric_values(metrics: &[Metric], cells: &[KindCell]) -> Vec<Cell<'static>> {
    metrics
        .iter()
        .zip(cells)
        .flat_map(|(m, c)| {
            [
                value(*m, c.done),
                c.target.map_or(Cell::Empty, |t| value(*m, t)),
                pct(c.pct()),
            ]
        })
        .collect()
}

fn has_conversion(report: &Report) -> bool {
    report.kinds.contains(&crate::model::Kind::Opportunity)
}

fn conversion_headers(report: &Report) -> Vec<String> {
    if !has_conversion(report) {
        return Vec::new();
    }
    let mut h = vec![
        "opportunities_per_100_activities".to_string(),
        "activities_per_opportunity".to_string(),
    ];
    for k in report.kinds.iter().filter(|k| k.is_activity()) {
        h.push(format!("{k}_per_opportunity"));
        h.push(format!("opportunities_per_100_{k}"));
    }
    h
}

fn conversion_values(report: &Report, c: &Conversion) -> Vec<Cell<'static>> {
    if !has_conversion(report) {
        return Vec::new();
    }
    let mut v = vec![ratio(c.opps_per_100()), ratio(c.activities_per_opp())];
    for k in report.kinds.iter().filter(|k| k.is_activity()) {
        let n = c
            .per_kind
            .iter()
            .find(|(x, _)| x == k)
            .map_or(0, |(_, n)| *n);
        v.push(ratio(c.per_opp(n)));
        v.push(ratio(c.opps_per_100_of(n)));
    }
    v
}

fn kind_headers(report: &Report) -> Vec<String> {
    report
        .kinds
        .iter()
        .flat_map(|k| {
            [
                format!("{k}_done"),
                format!("{k}_target"),
                format!("{k}_pct"),
            ]
        })
        .collect()
}

/// Period over period: `prev_period`, per kind and per sales metric `_prev_done` and
/// `_prev_pct`, then `prev_status`. None when the previous period is not compared.
fn prev_headers(report: &Report) -> Vec<String> {
    if report.extra.prev_period.is_none() {
        return Vec::new();
    }
    let mut h = vec!["prev_period".to_string()];
    let names = report
        .kinds
        .iter()
        .map(|k| k.to_string())
        .chain(report.extra.metrics.iter().map(|m| m.to_string()));
    for n in names {
        h.push(format!("{n}_prev_done"));
        h.push(format!("{n}_prev_pct"));
    }
    h.push("prev_status".into());
    h
}

/// The values under [`prev_headers`]; `mixed`: a team whose won amounts are in several
/// currencies (left empty, as in the current period).
fn prev_values(
    report: &Report,
    kinds: &[KindCell],
    metrics: &[KindCell],
    status: Option<Status>,
    mixed: bool,
) -> Vec<Cell<'static>> {
    let Some(prev) = &report.extra.prev_period else {
        return Vec::new();
    };
    let mut v = vec![text(prev.label())];
    for i in 0..report.kinds.len() {
        let c = kinds.get(i).copied().unwrap_or_default();
        v.push(Cell::Count(c.done));
        v.push(pct(c.pct()));
    }
    for (i, m) in report.extra.metrics.iter().enumerate() {
        if mixed && *m == Metric::WonAmount {
            v.extend([Cell::Empty, Cell::Empty]);
            continue;
        }
        let c = metrics.get(i).copied().unwrap_or_default();
        v.push(value(*m, c.done));
        v.push(pct(c.pct()));
    }
    v.push(status.map_or(Cell::Empty, Cell::Status));
    v
}

fn kind_values(cells: &[KindCell]) -> Vec<Cell<'static>> {
    cells
        .iter()
        .flat_map(|c| [Cell::Count(c.done), opt(c.target), pct(c.pct())])
        .collect()
}

/// `attainment`: one row per rep × quota period × kind with a target.
pub(crate) fn attainment(r: &Report, o: &mut dyn Rows) -> std::io::Result<()> {
    o.head(&[
        "rep_id",
        "rep_name",
        "team",
        "period",
        "kind",
        "done",
        "target",
        "attainment_pct",
        "status",
        "target_full",
        "basis",
        "tier",
        "currency",
        "plan",
        "expected_to_date",
        "projected_pct",
        "pace",
    ])?;
    for a in &r.attainment {
        let m = a.metric();
        let pace = a.extra.pacing;
        o.row(&[
            input(&a.rep_id),
            input(&a.rep_name),
            input(&a.team),
            text(a.period.label()),
            text(m.as_str()),
            value(m, a.done),
            value(m, a.target),
            pct(a.pct()),
            Cell::Status(a.status()),
            value(m, a.extra.target_full),
            text(format::basis(a.extra.basis)),
            input(opt_text(&a.extra.tier)),
            text(opt_text(&a.extra.currency)),
            input(&a.plan),
            pace.map_or(Cell::Empty, |p| value(m, p.expected)),
            pct(pace.and_then(|p| p.projected_pct)),
            text(pace.map_or("", |p| p.pace.as_str())),
        ])?;
    }
    Ok(())
}

/// `summary`: one row per rep for the report period, kinds side by side.
pub(crate) fn summary(r: &Report, o: &mut dyn Rows) -> std::io::Result<()> {
    let mut head: Vec<String> = ["rep_id", "rep_name", "team", "role", "time_zone", "period"]
        .map(String::from)
        .to_vec();
    head.extend(kind_headers(r));
    head.extend(["total_activities".into(), "status".into()]);
    head.extend(metric_headers(r));
    if !r.extra.metrics.is_empty() {
        head.push("currency".into());
    }
    head.extend(conversion_headers(r));
    head.extend(["score".into(), "rank".into(), "tier".into()]);
    head.extend(prev_headers(r));
    o.head(&head.iter().map(String::as_str).collect::<Vec<_>>())?;
    for rep in &r.reps {
        let mut row: Vec<Cell<'_>> = vec![
            input(&rep.rep_id),
            input(&rep.rep_name),
            input(&rep.team),
            input(&rep.role),
            text(rep.time_zone.as_str()),
            text(r.meta.period.label()),
        ];
        row.extend(kind_values(&rep.cells));
        row.extend([Cell::Count(rep.total_activities), Cell::Status(rep.status)]);
        row.extend(metric_values(&r.extra.metrics, &rep.extra.metric_cells));
        if !r.extra.metrics.is_empty() {
            row.push(text(opt_text(&rep.extra.currency)));
        }
        row.extend(conversion_values(r, &rep.extra.conversion));
        row.extend([
            pct(rep.extra.score),
            opt(rep.extra.rank),
            input(opt_text(&rep.extra.tier)),
        ]);
        row.extend(prev_values(
            r,
            &rep.extra.prev,
            &rep.extra.prev_metric_cells,
            rep.extra.prev_status,
            false,
        ));
        o.row(&row)?;
    }
    Ok(())
}

/// `teams`: the summary rolled up per team.
pub(crate) fn teams(r: &Report, o: &mut dyn Rows) -> std::io::Result<()> {
    let mut head: Vec<String> = ["team", "period", "reps", "reps_met"]
        .map(String::from)
        .to_vec();
    head.extend(kind_headers(r));
    head.extend(["total_activities".into(), "status".into()]);
    head.extend(metric_headers(r));
    if !r.extra.metrics.is_empty() {
        head.push("currency".into());
    }
    head.extend(conversion_headers(r));
    head.extend(prev_headers(r));
    o.head(&head.iter().map(String::as_str).collect::<Vec<_>>())?;
    for t in &r.teams {
        let mut row = vec![
            input(&t.team),
            text(r.meta.period.label()),
            Cell::Count(t.reps),
            Cell::Count(t.reps_met),
        ];
        row.extend(kind_values(&t.cells));
        row.extend([Cell::Count(t.total_activities), Cell::Status(t.status)]);
        let mixed = t.extra.mixed_currencies();
        let mut cells = metric_values(&r.extra.metrics, &t.extra.metric_cells);
        if mixed && let Some(i) = r.extra.metrics.iter().position(|m| *m == Metric::WonAmount) {
            // amounts in different currencies are not summed
            for c in cells.iter_mut().skip(3 * i).take(3) {
                *c = Cell::Empty;
            }
        }
        row.extend(cells);
        if !r.extra.metrics.is_empty() {
            row.push(match &t.extra.currency {
                Some(TeamCurrency::One(c)) => text(c.as_str()),
                Some(TeamCurrency::Mixed) => text("mixed"),
                None => Cell::Empty,
            });
        }
        row.extend(conversion_values(r, &t.extra.conversion));
        row.extend(prev_values(
            r,
            &t.extra.prev,
            &t.extra.prev_metric_cells,
            t.extra.prev_status,
            mixed,
        ));
        o.row(&row)?;
    }
    Ok(())
}

/// `rejects`: every rejected row with file, line, column, value and reason.
pub(crate) fn rejects(r: &Report, o: &mut dyn Rows) -> std::io::Result<()> {
    o.head(&["file", "line", "column", "value", "reason"])?;
    for x in &r.rejects {
        o.row(&[
            input(&x.file),
            Cell::Count(x.line),
            input(&x.column),
            input(&x.value),
            text(x.reason.as_str()),
        ])?;
    }
    Ok(())
}

/// `accounting`: where every input row went, per file, and the total.
pub(crate) fn accounting(r: &Report, o: &mut dyn Rows) -> std::io::Result<()> {
    o.head(&[
        "source",
        "file",
        "read",
        "counted",
        "not_counted",
        "not_counted_by_rule",
        "duplicates",
        "rejected",
        "unmatched",
        "empty",
        "trailer",
        "unknown_identities",
        "counted_previous",
        "first_activity",
        "last_activity",
    ])?;
    let mut files: Vec<_> = r.files.iter().collect();
    let total = r.totals();
    files.push(&total);
    for f in files {
        let rules: Vec<String> = f
            .not_counted
            .iter()
            .map(|(k, v)| format!("{}={v}", k.as_str()))
            .collect();
        let ids = capped(&f.unknown_identities, " ", |k, v| format!("{k}={v}"));
        o.row(&[
            input(&f.source),
            input(&f.file),
            Cell::Count(f.read),
            Cell::Count(f.counted),
            Cell::Count(f.not_counted_total()),
            text(rules.join(" ")),
            Cell::Count(f.duplicates),
            Cell::Count(f.rejected),
            Cell::Count(f.unmatched),
            Cell::Count(f.empty),
            Cell::Count(f.trailer),
            Cell::Input(ids.into()),
            Cell::Count(f.counted_previous),
            text(crate::count::utc_text(f.first_activity)),
            text(crate::count::utc_text(f.last_activity)),
        ])?;
    }
    Ok(())
}

/// `unknown_identities`: every identity that matched no rep (a header only when there
/// is none), most rows first: its source, the identity as looked up in the roster, the
/// cell as written when that differs, its rows and its files.
pub(crate) fn unknown_identities(r: &Report, o: &mut dyn Rows) -> std::io::Result<()> {
    o.head(&["source", "identity", "as_written", "rows", "files"])?;
    for u in unknowns(r) {
        o.row(&[
            input(&u.source),
            input(&u.identity),
            input(&u.as_written),
            Cell::Count(u.rows),
            Cell::Input(u.files.join(", ").into()),
        ])?;
    }
    Ok(())
}
