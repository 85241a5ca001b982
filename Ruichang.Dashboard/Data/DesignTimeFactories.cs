using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Ruichang.Dashboard.Data;

// Used by `dotnet ef` (scripts/add-migration.sh): migrations are made from the model alone,
// without starting the app or reaching a server.

internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteDashboardDbContext>
{
    public SqliteDashboardDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<SqliteDashboardDbContext>();
        DataFeature.ConfigureSqlite(options, "Data Source=design-time.db");
        return new SqliteDashboardDbContext(options.Options);
    }
}

internal sealed class SqlServerDesignTimeFactory : IDesignTimeDbContextFactory<SqlServerDashboardDbContext>
{
    public SqlServerDashboardDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<SqlServerDashboardDbContext>();
        DataFeature.ConfigureSqlServer(options, "Server=localhost;Database=RuichangDashboard;Integrated Security=true;TrustServerCertificate=true");
        return new SqlServerDashboardDbContext(options.Options);
    }
}
