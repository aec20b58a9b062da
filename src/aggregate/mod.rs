//! Aggregation with polars: daily cells → quota periods, joined with the target grid.

pub(crate) mod quota;

use std::collections::HashMap;

use polars::prelude::*;

use crate::{
    aggregate::quota::Target,
    count::cells::{CellVal, Counted},
    model::day::day_number,
    model::{Kind, Metric, RepIdx},
};

/// Done of one grid cell (rep × metric × quota period), in grid order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct GridDone {
    pub(crate) grid_index: usize,
    /// The metric's value: a count, or 1/10 000 units for decimal metrics.
    pub(crate) done: u64,
    pub(crate) amount: i64,
}

const VALUES: [&str; 6] = [
    "done",
    "amount",
    "won",
    "won_amount",
    "units",
    "new_customers",
];

/// The daily cells as a polars frame, built once and shared by every aggregation
/// (row order does not matter, nor that a cell comes from several sets: every
/// aggregation sums integers).
pub(crate) struct CellFrame(DataFrame);

impl CellFrame {
    pub(crate) fn new(sets: &[Counted]) -> PolarsResult<CellFrame> {
        let n = sets.iter().map(Counted::len).sum();
        let mut rep = Vec::with_capacity(n);
        let mut day = Vec::with_capacity(n);
        let mut kind = Vec::with_capacity(n);
        let mut done = Vec::with_capacity(n);
        let mut amount = Vec::with_capacity(n);
        let mut won = Vec::with_capacity(n);
        let mut won_amount = Vec::with_capacity(n);
        let mut units = Vec::with_capacity(n);
        let mut new_customers = Vec::with_capacity(n);
        for (k, v) in sets.iter().flat_map(Counted::iter) {
            rep.push(k.rep);
            day.push(k.day);
            kind.push(k.kind.index() as u32);
            done.push(v.count);
            amount.push(v.amount);
            won.push(v.won);
            won_amount.push(v.won_amount);
            units.push(v.units);
            new_customers.push(v.new_customers);
        }
        Ok(CellFrame(
            df!("rep" => rep, "day" => day, "kind" => kind, "done" => done,
            "amount" => amount, "won" => won, "won_amount" => won_amount, "units" => units,
            "new_customers" => new_customers)?,
        ))
    }
}

impl CellFrame {
    fn col_u32(&self, name: &str) -> PolarsResult<Vec<u32>> {
        Ok(self.0.column(name)?.u32()?.into_no_null_iter().collect())
    }
    fn col_i32(&self, name: &str) -> PolarsResult<Vec<i32>> {
        Ok(self.0.column(name)?.i32()?.into_no_null_iter().collect())
    }
}

/// The summed value columns of a frame, extracted once.
struct Sums {
    u: [Vec<u64>; 3],
    s: [Vec<i64>; 3],
}

impl Sums {
    fn of(df: &DataFrame) -> PolarsResult<Sums> {
        let u = |name: &str| -> PolarsResult<Vec<u64>> {
            Ok(df
                .column(name)?
                .cast(&DataType::UInt64)?
                .u64()?
                .iter()
                .map(|v| v.unwrap_or(0))
                .collect())
        };
        let s = |name: &str| -> PolarsResult<Vec<i64>> {
            Ok(df
                .column(name)?
                .cast(&DataType::Int64)?
                .i64()?
                .iter()
                .map(|v| v.unwrap_or(0))
                .collect())
        };
        Ok(Sums {
            u: [u("done")?, u("won")?, u("new_customers")?],
            s: [s("amount")?, s("won_amount")?, s("units")?],
        })
    }
    fn get(&self, i: usize) -> CellVal {
        let u = |k: usize| self.u[k].get(i).copied().unwrap_or(0);
        let s = |k: usize| self.s[k].get(i).copied().unwrap_or(0);
        CellVal {
            count: u(0),
            amount: s(0),
            won: u(1),
            won_amount: s(1),
            units: s(2),
            new_customers: u(2),
        }
    }
}

/// The value of `metric` in summed cells (negative sums count as 0).
pub(crate) fn metric_value(v: &CellVal, metric: Metric) -> u64 {
    match metric {
        Metric::Count(_) => v.count,
        Metric::Won => v.won,
        Metric::WonAmount => v.won_amount.max(0) as u64,
        Metric::Units => v.units.max(0) as u64,
        Metric::NewCustomers => v.new_customers,
    }
}

fn agg_exprs() -> Vec<Expr> {
    VALUES.iter().map(|c| col(*c).sum().alias(*c)).collect()
}

/// Sum the daily cells into every grid cell (zero where nothing was done), over the
/// days each target counts (`count_start..count_end`): each cell is tagged with the
/// grid cells whose window holds its day (usually one; several for the metrics of one
/// opportunity kind), and polars sums per grid cell.
pub(crate) fn done_per_target(cells: &CellFrame, grid: &[Target]) -> PolarsResult<Vec<GridDone>> {
    // (first day, end day, grid index) of the targets of each rep and kind, at
    // `rep * Kind::ALL.len() + kind`
    type Windows = Vec<(i32, i32, u32)>;
    let slot = |rep: RepIdx, kind: u32| rep as usize * Kind::ALL.len() + kind as usize;
    let mut windows: Vec<Windows> = Vec::new();
    for (g, t) in grid.iter().enumerate() {
        let i = slot(t.rep, t.metric.kind().index() as u32);
        if windows.len() <= i {
            windows.resize_with(i + 1, Vec::new);
        }
        windows[i].push((day_number(t.count_start), day_number(t.count_end), g as u32));
    }
    let (rep, day, kind) = (
        cells.col_u32("rep")?,
        cells.col_i32("day")?,
        cells.col_u32("kind")?,
    );
    let mut rows: Vec<IdxSize> = Vec::with_capacity(rep.len());
    let mut tags: Vec<u32> = Vec::with_capacity(rep.len());
    for (i, ((r, d), k)) in rep.iter().zip(&day).zip(&kind).enumerate() {
        for &(start, end, g) in windows.get(slot(*r, *k)).map_or(&[][..], Vec::as_slice) {
            if start <= *d && *d < end {
                rows.push(i as IdxSize);
                tags.push(g);
            }
        }
    }
    // only the summed columns are taken
    let mut tagged = cells
        .0
        .select(VALUES)?
        .take(&IdxCa::from_vec("i".into(), rows))?;
    tagged.with_column(Column::new("g".into(), tags))?;
    let sums = tagged
        .lazy()
        .group_by([col("g")])
        .agg(agg_exprs())
        .collect()?;
    let g = sums.column("g")?.u32()?.clone();
    let all = Sums::of(&sums)?;
    let mut by_g: Vec<CellVal> = vec![CellVal::default(); grid.len()];
    for (i, gi) in g.iter().enumerate() {
        if let Some(slot) = gi.and_then(|gi| by_g.get_mut(gi as usize)) {
            *slot = all.get(i);
        }
    }
    Ok(grid
        .iter()
        .zip(by_g)
        .enumerate()
        .map(|(i, (t, v))| GridDone {
            grid_index: i,
            done: metric_value(&v, t.metric),
            amount: v.amount,
        })
        .collect())
}

/// Summed cells per rep and kind over everything counted (the counting windows
/// already limit cells to the report's periods).
pub(crate) fn done_per_rep_kind(
    cells: &CellFrame,
) -> PolarsResult<HashMap<(RepIdx, Kind), CellVal>> {
    // one integer key (grouping by two columns was slower by half)
    let kinds = Kind::ALL.len() as u64;
    let df = cells
        .0
        .clone()
        .lazy()
        .with_column(
            (col("rep").cast(DataType::UInt64) * lit(kinds) + col("kind").cast(DataType::UInt64))
                .alias("rk"),
        )
        .group_by([col("rk")])
        .agg(agg_exprs())
        .collect()?;
    let rk = df.column("rk")?.u64()?.clone();
    let all = Sums::of(&df)?;
    let mut map = HashMap::new();
    for (i, rk) in rk.iter().enumerate() {
        if let Some(rk) = rk
            && let Ok(r) = RepIdx::try_from(rk / kinds)
            && let Some(kind) = Kind::ALL.get((rk % kinds) as usize)
        {
            map.insert((r, *kind), all.get(i));
        }
    }
    Ok(map)
}
