#!/usr/bin/env bash
# Runs the benchmarks the issues ask for (Release build) and prints one line per figure:
#   bench <name>: <value> <unit>, ratio <r> to <limit>, target <t>, met <bool>
# and writes the same to bench-results.json. Each figure is a ratio against the bare operation
# measured in the same run, which each figure names as its limit (the bare HTTP fetch of the same
# responses at the same concurrency; the bare batched insert of the same rows), or, where nothing
# bare compares (the big screen's update latency and memory per wall), against the budget the issue sets.
set -euo pipefail
cd "$(dirname "$0")/.."
results="$(pwd)/bench-results.json"
lines="$(mktemp)"
log="$(mktemp)"
trap 'rm -f "$lines" "$log"' EXIT

dotnet build Ruichang.Dashboard.sln -nologo -v q -c Release
# The tests' own output only when one fails: which benchmark, and why.
if ! RUICHANG_BENCH_RESULTS="$lines" dotnet test Ruichang.Dashboard.Tests --no-build -nologo -c Release \
  --filter "Category=Benchmark" --logger "console;verbosity=minimal" >"$log" 2>&1; then
  cat "$log" >&2
  echo "a benchmark failed (see above); no figures written" >&2
  exit 1
fi

if [ ! -s "$lines" ]; then
  echo "no benchmark wrote a figure" >&2
  exit 1
fi

# One JSON array of {name, value, unit, ratio, target, met, limit, better}, and one line per figure.
{ echo "["; sed '$!s/$/,/' "$lines"; echo "]"; } > "$results"
sed -E 's/.*"name":"([^"]*)","value":([^,]*),"unit":"([^"]*)","ratio":([^,]*),"target":([^,]*),"met":(true|false),"limit":"([^"]*)".*/bench \1: \2 \3, ratio \4 to \7, target \5, met \6/' "$lines"
echo "wrote $results"
