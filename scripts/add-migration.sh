#!/usr/bin/env bash
# Adds a migration named $1 to both providers' sets (SQLite and SQL Server), from the model alone.
# Usage: scripts/add-migration.sh AddTargets
set -euo pipefail
cd "$(dirname "$0")/.."
name="${1:?usage: scripts/add-migration.sh <MigrationName>}"
dotnet tool restore >/dev/null
project=Ruichang.Dashboard/Ruichang.Dashboard.csproj
dotnet build "$project" -nologo -v q >/dev/null
dotnet ef migrations add "$name" --no-build --project "$project" \
  --context SqliteDashboardDbContext --output-dir Data/Migrations/Sqlite
dotnet ef migrations add "$name" --no-build --project "$project" \
  --context SqlServerDashboardDbContext --output-dir Data/Migrations/SqlServer
echo "added migration $name for Sqlite and SqlServer"
