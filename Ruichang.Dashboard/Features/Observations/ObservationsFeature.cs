namespace Ruichang.Dashboard.Features.Observations;

public static class ObservationsFeature
{
    public static IHostApplicationBuilder AddObservations(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ObservationQueries>();
        return builder;
    }
}
