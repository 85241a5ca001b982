using Microsoft.Extensions.DependencyInjection.Extensions;
using Quartz;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.Collection.Http;

namespace Ruichang.Dashboard.Features.Collection;

public static class CollectionFeature
{
    /// <summary>
    /// Registers the county clock (<c>Collection:TimeZone</c>, checked now so a bad zone stops the
    /// app with the key's name) and, unless <c>Collection:Enabled</c> is false, the Quartz scheduler.
    /// </summary>
    public static IHostApplicationBuilder AddCollection(this IHostApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(CollectionOptions.SectionName);
        var options = new CollectionOptions();
        try
        {
            section.Bind(options);
        }
        catch (InvalidOperationException ex)
        {
            throw new ConfigurationException($"{CollectionOptions.SectionName}:{nameof(CollectionOptions.Enabled)}", ex.InnerException?.Message ?? ex.Message);
        }

        var zone = FindZone(options.TimeZone);
        builder.Services.AddSingleton(options);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(sp => new CountyClock(sp.GetRequiredService<TimeProvider>(), zone));

        builder.AddSourceHttp();

        if (options.Enabled)
        {
            builder.Services.AddQuartz();
            builder.Services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        }

        return builder;
    }

    internal static TimeZoneInfo FindZone(string? id)
    {
        const string key = $"{CollectionOptions.SectionName}:{nameof(CollectionOptions.TimeZone)}";
        if (string.IsNullOrWhiteSpace(id))
        {
            throw new ConfigurationException(key, "时区不能为空，例如 Asia/Shanghai。");
        }

        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id.Trim());
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new ConfigurationException(key, $"找不到时区 \"{id}\"，例如 Asia/Shanghai。");
        }
    }
}
