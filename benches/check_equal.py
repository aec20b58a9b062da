#!/usr/bin/env python3
"""Check that activity-quota's reports equal duckdb_job.py's output exactly.

    python3 check_equal.py AQ_OUT_DIR DUCKDB_OUT.csv

Compares attainment (rep_id, month, kind, done, target, attainment_pct) row for row,
and the rejected counts per file: JOB.md's "rejected" is activity-quota's rejected
(bad value) plus unmatched (unknown rep), which activity-quota keeps apart.
"""
import csv
import os
import sys


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    aq, duck = sys.argv[1], sys.argv[2]
    with open(os.path.join(aq, "attainment.csv"), newline="", encoding="utf-8-sig") as f:
        mine = sorted(
            (r["rep_id"], r["period"], r["kind"], r["done"], r["target"], r["attainment_pct"])
            for r in csv.DictReader(f)
        )
    with open(duck, newline="") as f:
        theirs = sorted(
            (r["rep_id"], r["month"], r["kind"], r["done"], r["target"], r["attainment_pct"])
            for r in csv.DictReader(f)
        )
    ok = True
    if mine != theirs:
        ok = False
        a, b = set(mine), set(theirs)
        print(f"attainment differs: {len(a - b)} rows only in activity-quota, {len(b - a)} only in duckdb")
        for r in sorted(a - b)[:5]:
            print("  aq    ", ",".join(r))
        for r in sorted(b - a)[:5]:
            print("  duckdb", ",".join(r))
    rej_path = duck[:-4] + ".rejected.csv" if duck.endswith(".csv") else duck + ".rejected.csv"
    with open(rej_path, newline="") as f:
        want = {r["file"]: int(r["rejected"]) for r in csv.DictReader(f)}
    with open(os.path.join(aq, "accounting.csv"), newline="", encoding="utf-8-sig") as f:
        got = {
            os.path.basename(r["file"]): int(r["rejected"]) + int(r["unmatched"])
            for r in csv.DictReader(f)
            if r["file"] != "total"
        }
    for name, n in want.items():
        if got.get(name) != n:
            ok = False
            print(f"rejected differs for {name}: activity-quota {got.get(name)}, duckdb {n}")
    print(f"{'EQUAL' if ok else 'DIFFERENT'}: {len(mine)} attainment rows, rejected {want}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
