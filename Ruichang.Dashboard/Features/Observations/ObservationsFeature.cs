using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Ruichang.Dashboard.Features.Observations;

public static class ObservationsFeature
{
    public static IHostApplicationBuilder AddObservations(this IHostApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton<ObservationQueries>();
        return builder;
    }
}
