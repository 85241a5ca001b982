using Microsoft.Extensions.DependencyInjection.Extensions;
using Ruichang.Dashboard.Features.Settings;

namespace Ruichang.Dashboard.Features.Observations;

public static class ObservationsFeature
{
    public static IHostApplicationBuilder AddObservations(this IHostApplicationBuilder builder)
    {
        builder.AddSettings<FigureOptions, FigureOptionsValidator>(FigureOptions.SectionName);
        builder.Services.TryAddSingleton<ObservationQueries>();
        builder.Services.TryAddSingleton<FigureViews>();
        return builder;
    }
}
