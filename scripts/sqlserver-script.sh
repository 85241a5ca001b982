#!/usr/bin/env bash
# Writes the idempotent SQL Server deployment script (every migration, safe to run on a database at
# any earlier migration) to artifacts/sqlserver-deploy.sql, or to the file given as $1. Works on a
# fresh clone: it restores the local tools and builds the app first (no SQL Server is needed).
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-artifacts/sqlserver-deploy.sql}"
project=Ruichang.Dashboard/Ruichang.Dashboard.csproj
mkdir -p "$(dirname "$out")"
dotnet tool restore >/dev/null
# dotnet ef reads the project's metadata before it builds anything, and on a clone without obj/
# fails with NETSDK1004 (no assets file): build (and so restore) it here, then let ef use that build.
dotnet build "$project" -nologo -v q
dotnet ef migrations script --idempotent --no-build --project "$project" \
  --context SqlServerDashboardDbContext --output "$out"
echo "wrote $out"
