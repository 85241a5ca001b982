namespace Ruichang.Dashboard.Data;

public enum DatabaseProvider
{
    Sqlite,
    SqlServer,
}

/// <summary>Settings under <c>Database</c> and <c>ConnectionStrings:Dashboard</c>.</summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "Database";
    public const string ProviderKey = "Database:Provider";
    public const string ConnectionStringKey = "ConnectionStrings:Dashboard";

    public DatabaseProvider Provider { get; init; } = DatabaseProvider.Sqlite;
    public required string ConnectionString { get; init; }
}
