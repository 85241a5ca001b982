using System.Net;
using Ruichang.Dashboard.Tests.TestInfrastructure;

namespace Ruichang.Dashboard.Tests.Features.Health;

public sealed class HealthTests
{
    [Fact]
    public async Task Healthy_when_the_database_answers_and_the_scheduler_runs()
    {
        await using var app = new DashboardAppFactory { CollectionEnabled = true };
        using var client = app.CreateClient();

        // Quartz starts its scheduler once the app has started: until then the answer is 503.
        var response = await Eventually.ReturnsAsync(() => client.GetAsync("/healthz"), r => r.StatusCode == HttpStatusCode.OK);

        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
        response.Dispose();
    }

    [Fact]
    public async Task Healthy_without_a_scheduler_when_collection_is_off()
    {
        await using var app = new DashboardAppFactory { CollectionEnabled = false };
        using var client = app.CreateClient();

        using var response = await client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Unhealthy_503_when_the_database_is_gone()
    {
        await using var app = new DashboardAppFactory();
        using var client = app.CreateClient();
        using (var healthy = await client.GetAsync("/healthz"))
        {
            Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);
        }

        File.Delete(Path.Combine(app.Database.Folder, "dashboard.db"));
        using var response = await client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("Unhealthy", await response.Content.ReadAsStringAsync());
    }
}
