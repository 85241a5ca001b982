#!/usr/bin/env bash
# Runs every test: unit, component (bUnit), integration (real SQLite, loopback HTTP) and browser
# (Playwright driving Debian's Chromium). Installs what the tests need when it is missing, then
# ends with one line: "N passed, N failed, N skipped".
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

# Browser tests drive Debian's Chromium; Playwright's own browser download is not used.
if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    echo "installing Debian's chromium for the browser tests..."
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "chromium is missing and this is not root: the browser tests will be skipped" >&2
  fi
fi

results="$root/Ruichang.Dashboard.Tests/TestResults"
rm -rf "$results"

# The build installs the front-end packages (npm ci) when they are missing.
dotnet build Ruichang.Dashboard.sln -nologo -v q -c Debug

# Benchmarks are scripts/bench.sh's; a --filter given here narrows the tests further.
filter="Category!=Benchmark"
args=()
while [ $# -gt 0 ]; do
  if [ "$1" = "--filter" ] && [ $# -gt 1 ]; then
    filter="($2)&$filter"
    shift 2
  else
    args+=("$1")
    shift
  fi
done

status=0
dotnet test Ruichang.Dashboard.sln --no-build -nologo -c Debug \
  --logger "trx;LogFileName=results.trx" --logger "console;verbosity=normal" \
  --results-directory "$results" --filter "$filter" "${args[@]}" || status=$?

trx="$results/results.trx"
if [ ! -f "$trx" ]; then
  echo "0 passed, 1 failed, 0 skipped"
  echo "no test results were written" >&2
  exit 1
fi

counters=$(grep -o '<Counters [^>]*>' "$trx")
attr() { echo "$counters" | sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p"; }
total=$(attr total); executed=$(attr executed); passed=$(attr passed); failed=$(attr failed)
errors=$(attr error); timeouts=$(attr timeout); aborted=$(attr aborted)
failed=$((failed + errors + timeouts + aborted))
skipped=$((total - executed))

# The console log is long and CI shows only its end: name each failed test and the first lines of
# its message here, just above the summary.
if [ "$failed" -ne 0 ]; then
  python3 - "$trx" <<'PY' || true
import sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
for r in ET.parse(sys.argv[1]).getroot().iterfind(".//t:UnitTestResult", ns):
    if r.get("outcome") not in ("Passed", "NotExecuted"):
        message = r.findtext(".//t:Message", "", ns).strip().splitlines()[:6]
        print("FAILED", r.get("testName"))
        for line in message:
            print("   ", line[:300])
PY
fi
echo "$passed passed, $failed failed, $skipped skipped"

if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then
  exit 1
fi
