using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.Account;
using Ruichang.Dashboard.Features.Entry;
using Ruichang.Dashboard.Features.Observations;
using Ruichang.Dashboard.Features.Sources.Parsing;
using Ruichang.Dashboard.Tests.TestInfrastructure;

namespace Ruichang.Dashboard.Tests.Features.Entry;

/// <summary>
/// The entry pages' services for a component test: the app's entry services on a real SQLite database, a fake
/// clock, the signed-in user, and the app's own role policies deciding (bUnit's placeholder
/// authorization fails every check).
/// </summary>
internal static class EntryTestServices
{
    public static IServiceCollection AddEntryPages(this IServiceCollection services, TestDatabase database, FakeTimeProvider time, SignedInUser user)
    {
        services.AddSingleton(database.Factory);
        services.AddSingleton<TimeProvider>(time);
        services.AddSingleton(new CountyClock(time, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")));
        services.AddSingleton<ObservationQueries>();
        services.AddSingleton<ObservationWriter>();
        services.AddSingleton<ChangeNotifier>();
        services.AddLogging();
        services.AddOptions<EntryOptions>();
        services.AddOptions<SpreadsheetOptions>();
        services.AddScoped<EnteredFigures>();
        services.AddScoped<MonthlyFigures>();
        services.AddScoped<MonthSubmissions>();
        services.AddScoped<AnnualTargets>();
        services.AddSingleton<FigureInputs>();
        services.AddScoped<FigureImport>();
        services.AddSingleton<AuditTrail>();
        services.AddSingleton<AuthenticationStateProvider>(user);
        services.RemoveAll<IAuthorizationService>();
        services.AddRolePolicies();
        services.AddSingleton<AccountAccess>();
        return services;
    }

    // The app's role policies, built once: the import's services ask AccountAccess, which decides with them.
    private static readonly AccountAccess Access =
        new ServiceCollection().AddLogging().AddRolePolicies().AddSingleton<AccountAccess>().BuildServiceProvider().GetRequiredService<AccountAccess>();

    /// <summary>The importer as the app composes it, on <paramref name="database"/>, with <paramref name="options"/> (which a test may change between imports).</summary>
    public static FigureImport CreateImport(TestDatabase database, TimeProvider time, EntryOptions options)
    {
        var clock = new CountyClock(time, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"));
        return new FigureImport(
            database.Factory, new FigureInputs(database.Factory, clock),
            new EnteredFigures(database.Factory, new ObservationWriter(time), new ChangeNotifier(NullLogger<ChangeNotifier>.Instance), Access, clock),
            Access, new FixedOptions<EntryOptions>(options), new FixedOptions<SpreadsheetOptions>(new SpreadsheetOptions()));
    }
}
