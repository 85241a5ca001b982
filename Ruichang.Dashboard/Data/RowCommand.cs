using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Ruichang.Dashboard.Data;

/// <summary>
/// The table of an entity as SQL sees it: its name and its columns' names, quoted by the provider and
/// taken from the EF model, so that SQL written by hand follows the mapping.
/// </summary>
internal sealed class MappedTable
{
    private readonly IEntityType _entity;
    private readonly StoreObjectIdentifier _table;
    private readonly ISqlGenerationHelper _sql;

    private MappedTable(IEntityType entity, ISqlGenerationHelper sql)
    {
        _entity = entity;
        _table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        _sql = sql;
        Name = sql.DelimitIdentifier(_table.Name, _table.Schema);
    }

    /// <summary>The quoted table name.</summary>
    public string Name { get; }

    public static MappedTable Of<TEntity>(DbContext db) =>
        new(db.Model.FindEntityType(typeof(TEntity))!, db.GetService<ISqlGenerationHelper>());

    public IProperty Property(string name) =>
        _entity.FindProperty(name) ?? throw new ArgumentException($"{_entity.DisplayName()} has no property {name}.", nameof(name));

    /// <summary>The quoted column of <paramref name="property"/>.</summary>
    public string this[string property] => _sql.DelimitIdentifier(Property(property).GetColumnName(_table)!);

    /// <summary>The quoted columns of <paramref name="properties"/>, comma-separated.</summary>
    public string Columns(IEnumerable<string> properties) => string.Join(", ", properties.Select(p => this[p]));
}

/// <summary>
/// A parameterised command on a context's open connection and current transaction, executed once per
/// row with new values: for the writes that store thousands of rows a run, where EF's change tracker
/// and one SaveChanges command per entity cost many times the rows themselves. Parameters are created
/// by the provider's type mapping of the property they stand for (with its value converter), so a
/// value is bound exactly as EF would bind it. In the SQL, parameter <c>i</c> is <see cref="Parameter"/>(i).
/// </summary>
internal sealed class RowCommand : IAsyncDisposable
{
    private readonly DbCommand _command;
    private readonly DbParameter[] _parameters;
    private readonly ValueConverter?[] _converters;

    private RowCommand(DbCommand command, DbParameter[] parameters, ValueConverter?[] converters)
    {
        _command = command;
        _parameters = parameters;
        _converters = converters;
    }

    /// <summary>The placeholder of parameter <paramref name="index"/> in the SQL (<c>@p0</c>: SQLite and SQL Server both read it).</summary>
    public static string Parameter(int index) => "@p" + index.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// A command for <paramref name="sql"/> whose parameter <c>i</c> holds values of <paramref name="parameters"/>[i],
    /// on the context's connection, which must be open; see <see cref="In"/> for the transaction.
    /// </summary>
    public static RowCommand Create(DbContext db, string sql, params IReadOnlyList<IProperty> parameters)
    {
        var connection = db.Database.GetDbConnection();
        var command = connection.CreateCommand();
        command.CommandText = sql;
        var created = new DbParameter[parameters.Count];
        var converters = new ValueConverter?[parameters.Count];
        for (var i = 0; i < parameters.Count; i++)
        {
            var mapping = parameters[i].GetRelationalTypeMapping();
            created[i] = mapping.CreateParameter(command, Parameter(i), null, nullable: true);
            converters[i] = mapping.Converter;
            command.Parameters.Add(created[i]);
        }

        return new RowCommand(command, created, converters);
    }

    /// <summary>Joins <paramref name="transaction"/> (or none) for the next executions.</summary>
    public RowCommand In(DbTransaction? transaction)
    {
        _command.Transaction = transaction;
        return this;
    }

    /// <summary>Sets parameter <paramref name="index"/> to <paramref name="value"/> (a model value; null is NULL).</summary>
    public RowCommand Set(int index, object? value)
    {
        _parameters[index].Value = value is null ? DBNull.Value : _converters[index] is { } converter ? converter.ConvertToProvider(value) : value;
        return this;
    }

    public Task<int> ExecuteAsync(CancellationToken ct) => _command.ExecuteNonQueryAsync(ct);

    public Task<DbDataReader> ReadAsync(CancellationToken ct) => _command.ExecuteReaderAsync(ct);

    public ValueTask DisposeAsync() => _command.DisposeAsync();
}

/// <summary>
/// The row commands of one open connection, each created once and kept until the connection closes:
/// SQLite compiles a statement once per command, so a statement run for every channel of a run is
/// compiled once per run, not once per channel. Not thread-safe: one writer at a time.
/// </summary>
internal sealed class RowCommands(DbContext db) : IAsyncDisposable
{
    private readonly Dictionary<string, RowCommand> _commands = new(StringComparer.Ordinal);

    /// <summary>The command named <paramref name="key"/>, created by <paramref name="create"/> the first time, in the context's current transaction.</summary>
    public RowCommand Get(string key, Func<DbContext, RowCommand> create)
    {
        if (!_commands.TryGetValue(key, out var command))
        {
            command = create(db);
            _commands.Add(key, command);
        }

        return command.In(db.Database.CurrentTransaction?.GetDbTransaction());
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var command in _commands.Values)
        {
            await command.DisposeAsync();
        }

        _commands.Clear();
    }
}
