#!/usr/bin/env bash
# Benchmark activity-quota against the DuckDB job of ../shared/bench on the same data,
# check that both give the same numbers, and print a table of medians.
#
#   benches/bench.sh [ROWS] [RUNS]        (defaults: 1000000 rows, 5 runs)
#
# Needs: python3 with numpy, polars, duckdb (pip install numpy polars duckdb), a release
# build (cargo build --release), GNU time (/usr/bin/time). Runs are interleaved
# (aq, duckdb, aq, duckdb, ...) so that a noisy machine hurts both alike.
#
#   AQ_BASE=/path/to/older/activity-quota benches/bench.sh 10000000 5
#
# adds a third series, interleaved with the other two, for before/after comparisons
# in one sitting (its output is checked against DuckDB too).
set -euo pipefail
cd "$(dirname "$0")/.."
ROWS=${1:-1000000}
RUNS=${2:-5}
BENCH=${BENCH_DIR:-../shared/bench}
DATA=${DATA_DIR:-/tmp/benchdata-$ROWS}
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/activity-quota-target}"
AQ="$CARGO_TARGET_DIR/release/activity-quota"
PY=$(python3 -c 'import sys; print(sys.executable)')   # bypass a pyenv shim

[ -x "$AQ" ] || cargo build --release
if [ ! -f "$DATA/calls.csv" ]; then
  echo "generating $ROWS rows into $DATA" >&2
  "$PY" "$BENCH/gen.py" --rows "$ROWS" --out "$DATA"
fi
cp benches/job.toml "$DATA/activity-quota.toml"
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

aq() { "$AQ" run -q --config "$DATA/activity-quota.toml" --period 2026-09..2026-11 --out "$OUT/aq"; }
duck() { "$PY" "$BENCH/duckdb_job.py" "$DATA" "$OUT/duck.csv"; }

# warm-up (page cache), then check equality
aq; duck
python3 benches/check_equal.py "$OUT/aq" "$OUT/duck.csv"
if [ -n "${AQ_BASE:-}" ]; then
  "$AQ_BASE" run -q --config "$DATA/activity-quota.toml" --period 2026-09..2026-11 --out "$OUT/base"
  python3 benches/check_equal.py "$OUT/base" "$OUT/duck.csv"
fi

for i in $(seq "$RUNS"); do
  /usr/bin/time -f '%e %M' -a -o "$OUT/aq.times" \
    "$AQ" run -q --config "$DATA/activity-quota.toml" --period 2026-09..2026-11 --out "$OUT/aq"
  /usr/bin/time -f '%e %M' -a -o "$OUT/duck.times" \
    "$PY" "$BENCH/duckdb_job.py" "$DATA" "$OUT/duck.csv"
  if [ -n "${AQ_BASE:-}" ]; then
    /usr/bin/time -f '%e %M' -a -o "$OUT/base.times" \
      "$AQ_BASE" run -q --config "$DATA/activity-quota.toml" --period 2026-09..2026-11 --out "$OUT/base"
  fi
done

"$PY" - "$OUT/aq.times" "$OUT/duck.times" "$ROWS" "$RUNS" "${AQ_BASE:+$OUT/base.times}" <<'PYEOF'
import statistics, sys
def load(p):
    rows = [l.split() for l in open(p) if l.strip()]
    return [float(r[0]) for r in rows], [int(r[1]) / 1024 for r in rows]
aw, am = load(sys.argv[1]); dw, dm = load(sys.argv[2])
print(f"rows={int(sys.argv[3]):,} runs={sys.argv[4]}")
print(f"{'tool':<16}{'wall median':>12}{'min':>8}{'max':>8}{'peak RSS median':>17}")
for name, w, m in (("activity-quota", aw, am), ("duckdb_job.py", dw, dm)):
    print(f"{name:<16}{statistics.median(w):>11.2f}s{min(w):>7.2f}s{max(w):>7.2f}s{statistics.median(m):>13.0f} MiB")
ratios = [a / d for a, d in zip(aw, dw)]
print(f"wall ratio activity-quota / duckdb: median {statistics.median(ratios):.2f} (pairs: {', '.join(f'{r:.2f}' for r in ratios)})")
print(f"peak RSS ratio: {statistics.median(am) / statistics.median(dm):.2f}")
if len(sys.argv) > 5 and sys.argv[5]:
    bw, bm = load(sys.argv[5])
    print(f"{'baseline':<16}{statistics.median(bw):>11.2f}s{min(bw):>7.2f}s{max(bw):>7.2f}s{statistics.median(bm):>13.0f} MiB")
    br = [b / d for b, d in zip(bw, dw)]
    print(f"wall ratio baseline / duckdb: median {statistics.median(br):.2f} (pairs: {', '.join(f'{r:.2f}' for r in br)})")
    print(f"activity-quota vs baseline: wall {statistics.median(ratios) / statistics.median(br):.3f}, peak RSS {statistics.median(am) / statistics.median(bm):.3f}")
PYEOF
