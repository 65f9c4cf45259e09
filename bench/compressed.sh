#!/usr/bin/env bash
# Import speed from compressed scans against the plain file, in the same run.
#   bench/compressed.sh [SCAN] [RUNS]   default: the import benchmark's 10M-line scan, 3 runs
# Needs zstd and gzip (Debian packages) to make the compressed copies, /usr/bin/time for RSS.
set -euo pipefail
cd "$(dirname "$0")/.."
scan="${1:-target/bench/20260111_bench_s10000000.list.list_all.log}"
runs="${2:-3}"
[ -f target/fsscan.jar ] || mvn -q -B package -DskipTests
[ -f "$scan" ] || { echo "no $scan: run bench/run import first" >&2; exit 1; }
[ -f "$scan.zst" ] || zstd -q -T2 -3 "$scan" -o "$scan.zst"
[ -f "$scan.gz" ] || gzip -6 -c "$scan" > "$scan.gz"
db=target/bench/compressed.db
printf '| input | size MiB | wall s (median of %s) | lines/s | x plain |\n|---|---|---|---|---|\n' "$runs"
plain_median=""
for f in "$scan" "$scan.zst" "$scan.gz"; do
  cat "$f" > /dev/null
  times=()
  for r in $(seq "$runs"); do
    t=$( { /usr/bin/time -f "%e" bin/fsscan import "$f" -f bench --db "$db" -q > /dev/null; } 2>&1 | tail -1)
    times+=("$t")
  done
  median=$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p")
  [ -n "$plain_median" ] || plain_median="$median"
  size=$(( $(stat -c %s "$f") / 1048576 ))
  awk -v f="$(basename "$f")" -v s="$size" -v m="$median" -v p="$plain_median" \
    'BEGIN { printf "| %s | %d | %.2f | %.0f | %.2f |\n", f, s, m, 10000004 / m, p / m }'
done
