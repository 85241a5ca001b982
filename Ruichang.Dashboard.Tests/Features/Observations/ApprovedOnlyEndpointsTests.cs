using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.Account;
using Ruichang.Dashboard.Features.Observations;
using Ruichang.Dashboard.Features.Rankings;
using Ruichang.Dashboard.Tests.TestInfrastructure;

namespace Ruichang.Dashboard.Tests.Features.Observations;

/// <summary>
/// The app started with <c>Figures:LeadersSeeApprovedOnly=true</c>: a Leader token reads the collected figure
/// where staff entered one for a month not yet approved; a Staff token reads the entered one.
/// </summary>
public sealed class ApprovedOnlyEndpointsTests
{
    private static async Task<DashboardAppFactory> StartAsync()
    {
        var app = new DashboardAppFactory();
        app.Settings["Figures:LeadersSeeApprovedOnly"] = "true";
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<DashboardDbContext>>().CreateDbContextAsync();
        var home = await db.Counties.SingleAsync(c => c.IsHome);
        var posts = await db.Metrics.SingleAsync(m => m.Key == MetricKeys.WeiboPosts);
        var weibo = await db.Channels.Where(c => c.Kind == ChannelKinds.Weibo && c.CountyId == home.Id).Select(c => c.Id).FirstAsync();
        var writer = app.Services.GetRequiredService<ObservationWriter>();
        await writer.UpsertAsync(db, [new(posts.Id, home.Id, weibo, Period.Month(2014, 9), 42)], new WriteProvenance(ObservationSource.Collector, "weibo:test"), CancellationToken.None);
        await writer.UpsertAsync(db, [new(posts.Id, home.Id, null, Period.Month(2014, 9), 100)], new WriteProvenance(ObservationSource.Manual, "staff"), CancellationToken.None);
        return app;
    }

    [Theory]
    [InlineData(Roles.Leader, 42)]
    [InlineData(Roles.Staff, 100)]
    public async Task The_api_gives_a_Leader_the_collected_figure_until_the_month_is_approved(string role, double expected)
    {
        await using var app = await StartAsync();
        using var api = app.CreateApiClient(await app.CreateApiTokenAsync(role));

        var series = await api.GetFromJsonAsync<List<ObservationDto>>("/api/v1/observations?metric=weibo_posts&county=360481&from=2014-09&to=2014-09");
        var ranking = await api.GetFromJsonAsync<List<RankingDto>>("/api/v1/rankings?metric=weibo_posts&period=2014-09");

        Assert.Equal(expected, Assert.Single(series!).Value);
        Assert.Equal(expected, ranking!.Single(r => r.County == "360481").Value);
    }
}
