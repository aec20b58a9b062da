//! Aggregation with polars: daily cells → quota periods, joined with the target grid.

use std::collections::HashMap;

use polars::prelude::*;

use crate::{
    ingest::{CellVal, Cells, day_number},
    quota::Target,
    record::{Kind, Metric, RepIdx},
};

/// Done of one grid cell (rep × metric × quota period), in grid order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GridDone {
    pub grid_index: usize,
    /// The metric's value: a count, or 1/10 000 units for decimal metrics.
    pub done: u64,
    pub amount: i64,
}

const VALUES: [&str; 6] = [
    "done",
    "amount",
    "won",
    "won_amount",
    "units",
    "new_customers",
];

fn cells_frame(cells: &Cells) -> PolarsResult<DataFrame> {
    let mut keys: Vec<_> = cells.iter().collect();
    keys.sort_by_key(|(k, _)| **k);
    let rep: Vec<u32> = keys.iter().map(|(k, _)| k.rep).collect();
    let day: Vec<i32> = keys.iter().map(|(k, _)| k.day).collect();
    let kind: Vec<u32> = keys.iter().map(|(k, _)| k.kind.index() as u32).collect();
    let done: Vec<u64> = keys.iter().map(|(_, v)| v.count).collect();
    let amount: Vec<i64> = keys.iter().map(|(_, v)| v.amount).collect();
    let won: Vec<u64> = keys.iter().map(|(_, v)| v.won).collect();
    let won_amount: Vec<i64> = keys.iter().map(|(_, v)| v.won_amount).collect();
    let units: Vec<i64> = keys.iter().map(|(_, v)| v.units).collect();
    let new_customers: Vec<u64> = keys.iter().map(|(_, v)| v.new_customers).collect();
    df!("rep" => rep, "day" => day, "kind" => kind, "done" => done, "amount" => amount,
        "won" => won, "won_amount" => won_amount, "units" => units,
        "new_customers" => new_customers)
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
pub fn metric_value(v: &CellVal, metric: Metric) -> u64 {
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
/// days each target counts (`count_start..count_end`).
pub fn done_per_target(cells: &Cells, grid: &[Target]) -> PolarsResult<Vec<GridDone>> {
    let cells = cells_frame(cells)?;
    let idx: Vec<u32> = (0..grid.len() as u32).collect();
    let rep: Vec<u32> = grid.iter().map(|t| t.rep).collect();
    let kind: Vec<u32> = grid
        .iter()
        .map(|t| t.metric.kind().index() as u32)
        .collect();
    let start: Vec<i32> = grid.iter().map(|t| day_number(t.count_start)).collect();
    let end: Vec<i32> = grid.iter().map(|t| day_number(t.count_end)).collect();
    let grid_df = df!("g" => idx, "rep" => rep, "kind" => kind, "start" => start, "end" => end)?;

    let sums_lf = grid_df
        .clone()
        .lazy()
        .join(
            cells.lazy(),
            [col("rep"), col("kind")],
            [col("rep"), col("kind")],
            JoinArgs::new(JoinType::Inner),
        )
        .filter(
            col("day")
                .gt_eq(col("start"))
                .and(col("day").lt(col("end"))),
        )
        .group_by([col("g")])
        .agg(agg_exprs());
    let out = grid_df
        .lazy()
        .select([col("g")])
        .join(
            sums_lf,
            [col("g")],
            [col("g")],
            JoinArgs::new(JoinType::Left),
        )
        .sort(["g"], SortMultipleOptions::default())
        .collect()?;
    let g = out.column("g")?.u32()?.clone();
    let all = Sums::of(&out)?;
    let mut res = Vec::with_capacity(grid.len());
    for (i, gi) in g.iter().enumerate() {
        let Some(gi) = gi else { continue };
        let Some(t) = grid.get(gi as usize) else {
            continue;
        };
        let v = all.get(i);
        res.push(GridDone {
            grid_index: gi as usize,
            done: metric_value(&v, t.metric),
            amount: v.amount,
        });
    }
    Ok(res)
}

/// Summed cells per rep and kind over everything counted (the counting windows
/// already limit cells to the report's periods).
pub fn done_per_rep_kind(cells: &Cells) -> PolarsResult<HashMap<(RepIdx, Kind), CellVal>> {
    let df = cells_frame(cells)?
        .lazy()
        .group_by([col("rep"), col("kind")])
        .agg(agg_exprs())
        .collect()?;
    let rep = df.column("rep")?.u32()?.clone();
    let kind = df.column("kind")?.u32()?.clone();
    let all = Sums::of(&df)?;
    let mut map = HashMap::new();
    for (i, (r, k)) in rep.iter().zip(kind.iter()).enumerate() {
        if let (Some(r), Some(k)) = (r, k)
            && let Some(kind) = Kind::ALL.get(k as usize)
        {
            map.insert((r, *kind), all.get(i));
        }
    }
    Ok(map)
}
