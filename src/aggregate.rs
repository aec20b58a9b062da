//! Aggregation with polars: daily cells → quota periods, joined with the target grid.

use std::collections::HashMap;

use polars::prelude::*;

use crate::{
    ingest::{Cells, day_number},
    quota::Target,
    record::{Kind, RepIdx},
};

/// Done and target of one grid cell (rep × kind × quota period), in grid order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GridDone {
    pub grid_index: usize,
    pub done: u64,
    pub amount: i64,
}

fn cells_frame(cells: &Cells) -> PolarsResult<DataFrame> {
    let mut keys: Vec<_> = cells.iter().collect();
    keys.sort_by_key(|(k, _)| **k);
    let rep: Vec<u32> = keys.iter().map(|(k, _)| k.rep).collect();
    let day: Vec<i32> = keys.iter().map(|(k, _)| k.day).collect();
    let kind: Vec<u32> = keys.iter().map(|(k, _)| k.kind.index() as u32).collect();
    let done: Vec<u64> = keys.iter().map(|(_, v)| v.count).collect();
    let amount: Vec<i64> = keys.iter().map(|(_, v)| v.amount).collect();
    df!("rep" => rep, "day" => day, "kind" => kind, "done" => done, "amount" => amount)
}

/// Sum the daily cells into every grid cell (zero where nothing was done).
pub fn done_per_target(cells: &Cells, grid: &[Target]) -> PolarsResult<Vec<GridDone>> {
    let cells = cells_frame(cells)?;
    let idx: Vec<u32> = (0..grid.len() as u32).collect();
    let rep: Vec<u32> = grid.iter().map(|t| t.rep).collect();
    let kind: Vec<u32> = grid.iter().map(|t| t.kind.index() as u32).collect();
    let start: Vec<i32> = grid.iter().map(|t| day_number(t.period.start)).collect();
    let end: Vec<i32> = grid.iter().map(|t| day_number(t.period.end)).collect();
    let grid_df = df!("g" => idx, "rep" => rep, "kind" => kind, "start" => start, "end" => end)?;

    let sums = grid_df
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
        .agg([
            col("done").sum().alias("done"),
            col("amount").sum().alias("amount"),
        ]);
    let out = grid_df
        .lazy()
        .select([col("g")])
        .join(sums, [col("g")], [col("g")], JoinArgs::new(JoinType::Left))
        .with_columns([
            col("done").fill_null(lit(0u64)).cast(DataType::UInt64),
            col("amount").fill_null(lit(0i64)).cast(DataType::Int64),
        ])
        .sort(["g"], SortMultipleOptions::default())
        .collect()?;
    let g = out.column("g")?.u32()?;
    let done = out.column("done")?.u64()?;
    let amount = out.column("amount")?.i64()?;
    Ok(g.iter()
        .zip(done.iter())
        .zip(amount.iter())
        .filter_map(|((g, d), a)| {
            Some(GridDone {
                grid_index: g? as usize,
                done: d.unwrap_or(0),
                amount: a.unwrap_or(0),
            })
        })
        .collect())
}

/// Activities per rep and kind over everything counted (the counting windows
/// already limit cells to the report's periods).
pub fn done_per_rep_kind(cells: &Cells) -> PolarsResult<HashMap<(RepIdx, Kind), (u64, i64)>> {
    let df = cells_frame(cells)?
        .lazy()
        .group_by([col("rep"), col("kind")])
        .agg([col("done").sum(), col("amount").sum()])
        .collect()?;
    let rep = df.column("rep")?.u32()?;
    let kind = df.column("kind")?.u32()?;
    let done = df.column("done")?.u64()?;
    let amount = df.column("amount")?.i64()?;
    let mut map = HashMap::new();
    for (((r, k), d), a) in rep
        .iter()
        .zip(kind.iter())
        .zip(done.iter())
        .zip(amount.iter())
    {
        if let (Some(r), Some(k)) = (r, k)
            && let Some(kind) = Kind::ALL.get(k as usize)
        {
            map.insert((r, *kind), (d.unwrap_or(0), a.unwrap_or(0)));
        }
    }
    Ok(map)
}
