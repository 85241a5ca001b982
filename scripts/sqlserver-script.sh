#!/usr/bin/env bash
# Writes the idempotent SQL Server deployment script (every migration, safe to run on a database at
# any earlier migration) to artifacts/sqlserver-deploy.sql, or to the file given as $1.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-artifacts/sqlserver-deploy.sql}"
mkdir -p "$(dirname "$out")"
dotnet tool restore >/dev/null
dotnet ef migrations script --idempotent --project Ruichang.Dashboard/Ruichang.Dashboard.csproj \
  --context SqlServerDashboardDbContext --output "$out"
echo "wrote $out"
