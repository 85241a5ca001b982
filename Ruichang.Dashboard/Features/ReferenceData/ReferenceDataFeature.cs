namespace Ruichang.Dashboard.Features.ReferenceData;

public static class ReferenceDataFeature
{
    /// <summary>The editing of the counties and metrics (<c>/admin/counties</c>, <c>/admin/metrics</c>).</summary>
    public static IHostApplicationBuilder AddReferenceData(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<CountyEditor>();
        builder.Services.AddSingleton<MetricEditor>();
        return builder;
    }
}
