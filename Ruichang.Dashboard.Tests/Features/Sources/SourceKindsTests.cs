using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.CollectionJobs;
using Ruichang.Dashboard.Features.Sources;
using Ruichang.Dashboard.Tests.TestInfrastructure;

namespace Ruichang.Dashboard.Tests.Features.Sources;

/// <summary>A source kind is declared once, in its folder, and everything that knows kinds follows from that.</summary>
public sealed class SourceKindsTests : CollectorTest
{
    [Fact]
    public void Every_channel_kind_is_a_declared_source_kind_once()
    {
        var constants = typeof(ChannelKinds).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!).Order().ToList();

        Assert.Equal(constants, SourceKinds.All.Select(k => k.Key).Order());
    }

    [Fact]
    public void Every_kind_has_exactly_one_adapter_and_a_job_that_reads_it()
    {
        var adapters = Host.Services.GetServices<ISourceAdapter>().ToList();

        Assert.All(SourceKinds.All, kind =>
        {
            Assert.Single(adapters, a => a.Kinds.Contains(kind.Key));
            Assert.Contains(kind.Key, CollectionJobDefinitions.Find(kind.JobKey)!.Kinds);
        });
        // Every job reads some kind, but the reports job, which writes the monthly work summary instead.
        Assert.All(CollectionJobDefinitions.All.Where(j => j.Key != CollectionJobDefinitions.Reports), job => Assert.NotEmpty(job.Kinds));
        Assert.Empty(CollectionJobDefinitions.Find(CollectionJobDefinitions.Reports)!.Kinds);
    }
}
