namespace Ruichang.Dashboard.Features.Counties;

public static class CountiesFeature
{
    /// <summary>The editing of the counties' names, keywords and order (<c>/admin/counties</c>).</summary>
    public static IHostApplicationBuilder AddCounties(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<CountyEditor>();
        return builder;
    }
}
