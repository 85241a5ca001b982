using Ruichang.Dashboard.Data;

namespace Ruichang.Dashboard.Features.CommandLine;

/// <summary>One of the app's verbs (<c>dotnet Ruichang.Dashboard.dll migrate</c>, ...).</summary>
public interface ICommandLineVerb
{
    string Name { get; }

    /// <summary>One line: the arguments and what the verb does.</summary>
    string Usage { get; }

    /// <summary>Runs against a migrated database; prints what it made on its last line; returns the exit code.</summary>
    Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, CancellationToken ct);
}

public static class CommandLineFeature
{
    public static IHostApplicationBuilder AddCommandLine(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ICommandLineVerb, MigrateVerb>();
        return builder;
    }

    /// <summary>True when the first argument names a verb rather than a host option (<c>--urls</c>, ...).</summary>
    public static bool IsVerb(string[] args) => args.Length > 0 && !args[0].StartsWith('-') && !args[0].Contains('=');

    /// <summary>Runs the verb named by <c>args[0]</c> without starting the server or the scheduler.</summary>
    public static async Task<int> RunVerbAsync(this IHost app, string[] args, TextWriter output, TextWriter error)
    {
        var verbs = app.Services.GetServices<ICommandLineVerb>().ToList();
        var verb = verbs.FirstOrDefault(v => v.Name == args[0]);
        if (verb is null)
        {
            await error.WriteLineAsync($"未知命令 \"{args[0]}\"。可用命令：");
            foreach (var v in verbs.OrderBy(v => v.Name))
            {
                await error.WriteLineAsync($"  {v.Name} {v.Usage}");
            }

            return 2;
        }

        using var cts = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; cts.Cancel(); };
        await app.Services.GetRequiredService<DatabaseInitializer>().MigrateAsync(cts.Token);
        try
        {
            return await verb.RunAsync(args.Skip(1).ToList(), output, cts.Token);
        }
        catch (CommandLineException ex)
        {
            await error.WriteLineAsync(ex.Message);
            await error.WriteLineAsync($"用法：{verb.Name} {verb.Usage}");
            return 2;
        }
    }
}

/// <summary>Wrong arguments to a verb; the message says which.</summary>
public sealed class CommandLineException(string message) : Exception(message);

/// <summary><c>migrate</c>: brings the database to the current schema and seeds the reference data.</summary>
internal sealed class MigrateVerb(DatabaseInitializer initializer, DatabaseOptions options) : ICommandLineVerb
{
    public string Name => "migrate";

    public string Usage => "—— 将数据库迁移到当前版本并写入基础数据";

    public async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, CancellationToken ct)
    {
        await initializer.InitializeAsync(ct);
        await output.WriteLineAsync($"migrated: {options.Provider} database is current");
        return 0;
    }
}
