using Ruichang.Dashboard.Features.Settings;

namespace Ruichang.Dashboard.Features.Entry;

public static class EntryFeature
{
    /// <summary>The monthly figures grid (<c>/entry</c>), its workflow, the annual targets (<c>/entry/targets</c>), the audit trail (<c>/entry/history</c>) and the settings <c>Entry:*</c>.</summary>
    public static IHostApplicationBuilder AddEntry(this IHostApplicationBuilder builder)
    {
        builder.AddSettings<EntryOptions, EntryOptionsValidator>(EntryOptions.SectionName);
        builder.Services.AddScoped<EnteredFigures>();
        builder.Services.AddScoped<MonthlyFigures>();
        builder.Services.AddSingleton<FigureInputs>();
        builder.Services.AddScoped<FigureImport>();
        builder.Services.AddScoped<MonthSubmissions>();
        builder.Services.AddSingleton<AuditTrail>();
        builder.Services.AddScoped<AnnualTargets>();
        return builder;
    }
}
