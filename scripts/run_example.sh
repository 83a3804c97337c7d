#!/usr/bin/env bash
# The README's main job: the whole pipeline on the bundled example data.
#   roster -> import -> score (into the store) -> flag threats -> report
# Everything is written under out/example/ (override with HATEWATCH_EXAMPLE_OUT).
set -euo pipefail
cd "$(dirname "$0")/.."

HW=${HATEWATCH_BIN:-.venv/bin/hatewatch}
OUT=${HATEWATCH_EXAMPLE_OUT:-out/example}
DB="$OUT/hatewatch.duckdb"
mkdir -p "$OUT"
rm -f "$DB" "$DB.wal"

if [ -z "${HATEWATCH_PSEUDONYM_KEY:-}" ]; then
    # Real runs must set their own secret key; this demo makes a throwaway one.
    echo "note: HATEWATCH_PSEUDONYM_KEY is not set; using a random key for this example run only" >&2
    HATEWATCH_PSEUDONYM_KEY=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
    export HATEWATCH_PSEUDONYM_KEY
fi

step() { printf '\n== %s\n' "$*" >&2; }

step "1/6 roster: the 2021 Tweede Kamer (data/rosters/tk2021.tsv)"
$HW roster load data/rosters/tk2021.tsv --name tk2021 --store "$DB"

step "2/6 import: 5,000 constructed example messages (data/examples/messages.jsonl)"
$HW import data/examples/messages.jsonl --roster tk2021 --store "$DB"

step "3/6 import a file with malformed lines: good lines kept, bad ones reported"
$HW import data/examples/messages_with_errors.jsonl --roster tk2021 --store "$DB"

step "4/6 score: label every stored message with the shipped model"
$HW score --store "$DB"

step "5/6 flag: threats for the support team, by priority"
$HW flag data/examples/messages.jsonl -o "$OUT/flagged.csv" --force
# the same threats as cases for `hatewatch serve` (triage.sqlite beside the
# store; kept across runs, so accounts and reviews survive; never duplicated)
$HW cases sync --store "$DB"

step "6/6 report: exposure by gender and office, corrected for classifier error"
# draw the validation sample a study labels by hand (stratified by gender x the
# model's label, with weights); the example corpus's known labels stand in for
# the annotators
$HW sample --store "$DB" --n 600 -o "$OUT/to_label.csv" --force
"${HATEWATCH_PYTHON:-.venv/bin/python}" scripts/example_validation.py "$OUT/to_label.csv" "$OUT/validation.csv"
$HW report --store "$DB" -o "$OUT/report.html" --csv-dir "$OUT/tables" \
    --validation "$OUT/validation.csv" --force

step "summary"
$HW store stats --store "$DB"
"${HATEWATCH_PYTHON:-.venv/bin/python}" - "$DB" "$OUT/tables/corrected.csv" <<'PY'
import sys

import duckdb

con = duckdb.connect(sys.argv[1], read_only=True)
print(
    con.sql(
        """
        SELECT p.gender,
               count(DISTINCT r.politician_id) AS recipients,
               count(*) AS messages,
               count(*) FILTER (WHERE s.label = 'hate') AS hate,
               count(*) FILTER (WHERE s.label = 'threat') AS threat,
               round(100.0 * count(*) FILTER (WHERE s.label <> 'neutral')
                     / count(*), 1) AS pct_hostile
        FROM message_recipients r
        JOIN scores s USING (platform, message_id)
        JOIN roster_people p ON p.politician_id = r.politician_id
                            AND p.roster = 'tk2021'
        GROUP BY p.gender ORDER BY p.gender
        """
    )
)
corrected = sys.argv[2]
print("Headline: hostile share by gender, raw model labels vs corrected for classifier error")
print(
    duckdb.sql(
        f"""
        SELECT gender, messages,
               round(100 * raw_hostile, 1) AS raw_pct,
               round(100 * corrected_hostile, 1) AS corrected_pct,
               round(100 * corrected_lo, 1) AS lo_95,
               round(100 * corrected_hi, 1) AS hi_95
        FROM read_csv_auto('{corrected}') ORDER BY gender
        """
    )
)
gaps = corrected.replace("corrected.csv", "gaps.csv")
print("Gap women minus men (corrected, percentage points)")
print(
    duckdb.sql(
        f"""
        SELECT measure, round(100 * difference, 1) AS gap_pt,
               round(100 * difference_lo, 1) AS lo_95,
               round(100 * difference_hi, 1) AS hi_95
        FROM read_csv_auto('{gaps}') ORDER BY measure
        """
    )
)
print("The labels the example messages were generated with (known only for examples)")
print(
    duckdb.sql(
        """
        SELECT gender, count(*) AS messages,
               round(100.0 * count(*) FILTER (WHERE label <> 'neutral') / count(*), 1)
                   AS true_pct
        FROM read_csv_auto('data/examples/messages_truth.csv') GROUP BY gender
        ORDER BY gender
        """
    )
)
PY
echo "report: $OUT/report.html  tables: $OUT/tables/  flagged: $OUT/flagged.csv" >&2
