#!/bin/bash
# Times whole processes on one corpus, interleaved in one run: the floor (a plain Rust regex
# capture loop, PERFORMANCE.md), `extract` (JSON and JSONL), `check` on the articles and
# `check --claims` on the JSONL, at 1 and 2 threads, with wall time and peak memory from
# /usr/bin/time. Compare ratios: absolute times on a shared 2-core machine drift by 25%.
#
#   benches/scale.sh CORPUS_DIR BINARY [LABEL] [FLOOR_BINARY FLOOR_RULES]
#
# Corpora: `cargo bench --bench extract -- --keep DIR --generate-only 1000 10000` (the
# project's own, few distinct figures per key) or the shared `gen_corpus.py --articles N
# --out DIR` (many distinct figures per key). The floor is the shared `rust_floor`, built
# outside the repository. Prints one line per command, then speeds relative to the floor.
set -u
DIR=$1; BIN=$2; LABEL=${3:-$(basename "$BIN")}; FLOOR=${4:-}; FLOOR_RULES=${5:-}
RULES=$(dirname "$0")/../rules
BYTES=$(find "$DIR" -name '*.txt' -printf '%s\n' | awk '{s+=$1} END {print s}')
OUT=$(mktemp -d)
SECS=0
time_one() { # name threads command...
  local name=$1 threads=$2 kib
  shift 2
  RAYON_NUM_THREADS=$threads /usr/bin/time -f "%e %M" -o "$OUT/t" "$@" >/dev/null 2>"$OUT/err"
  # A failing command makes /usr/bin/time write a status line first: the figures are last.
  read -r SECS kib < <(tail -1 "$OUT/t")
  case $SECS in [0-9]*) ;; *) echo "$LABEL $name threads=$threads: failed: $(head -3 "$OUT/err")"; SECS=0; return ;; esac
  printf '%-8s %-30s threads=%s %8.2f s %8.2f MB/s %6.0f MiB\n' "$LABEL" "$name" "$threads" "$SECS" \
    "$(echo "$BYTES / 1000000 / $SECS" | bc -l)" "$(echo "$kib / 1024" | bc -l)"
}
for T in 1 2; do
  FLOOR_SECS=""
  if [ -n "$FLOOR" ]; then
    time_one floor "$T" "$FLOOR" --rules "$FLOOR_RULES" --mode each --threads "$T" "$DIR"
    FLOOR_SECS=$SECS
  fi
  time_one "extract --format json" "$T" "$BIN" extract "$DIR" --rules "$RULES" --format json -o /dev/null
  EXTRACT_SECS=$SECS
  time_one "extract --format jsonl" "$T" "$BIN" extract "$DIR" --rules "$RULES" --format jsonl -o "$OUT/claims.jsonl"
  time_one "check --format json" "$T" "$BIN" check "$DIR" --rules "$RULES" --fail-on never --format json -o /dev/null
  CHECK_SECS=$SECS
  if [ -s "$OUT/claims.jsonl" ]; then
    time_one "check --claims (the jsonl)" "$T" "$BIN" check --claims "$OUT/claims.jsonl" --rules "$RULES" --fail-on never --format json -o /dev/null
  fi
  if [ -n "$FLOOR_SECS" ]; then
    printf '%-8s threads=%s: extract %.3fx the floor, check %.3fx the floor\n' "$LABEL" "$T" \
      "$(echo "$FLOOR_SECS / $EXTRACT_SECS" | bc -l)" "$(echo "$FLOOR_SECS / $CHECK_SECS" | bc -l)"
  fi
done
rm -rf "$OUT"
