using System.Security.Claims;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.Api;

namespace Ruichang.Dashboard.Features.CollectionJobs;

/// <summary>A collection job as <c>GET /api/v1/jobs</c> lists it; times in UTC.</summary>
public sealed record JobDto(
    string Key, string Name, string Cron, string State, bool Running, DateTime? NextRun, DateTime? PreviousRun, int Channels, JobRunDto? LastRun);

/// <summary>A run of a job; <see cref="Sources"/> only in the run history.</summary>
public sealed record JobRunDto(
    long Id, string Status, DateTime StartedAt, DateTime? EndedAt, int ItemsRead, int ItemsWritten, string? Error, string? TriggeredBy,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<JobRunSourceDto>? Sources = null);

/// <summary>One source's part in a run.</summary>
public sealed record JobRunSourceDto(
    int? ChannelId, string Name, bool Succeeded, int ItemsRead, int ItemsWritten, string? Error, DateTime StartedAt, DateTime EndedAt);

/// <summary>
/// The collection jobs' API, for administrators: <c>GET /api/v1/jobs</c>, <c>POST /api/v1/jobs/{key}/run</c>
/// and <c>GET /api/v1/jobs/{key}/runs?take=</c>.
/// </summary>
public static class JobEndpoints
{
    public const int DefaultRuns = 20;
    public const int MaxRuns = 200;

    public static IEndpointRouteBuilder MapCollectionJobs(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapApiV1().RequireAuthorization(ApiFeature.AdminPolicy);
        api.MapGet("/jobs", GetJobsAsync);
        api.MapPost("/jobs/{key}/run", RunAsync);
        api.MapGet("/jobs/{key}/runs", GetRunsAsync);
        return endpoints;
    }

    private static async Task<Ok<List<JobDto>>> GetJobsAsync(CollectionJobsService jobs, CancellationToken ct)
    {
        var list = await jobs.GetJobsAsync(ct);
        return TypedResults.Ok(list.Select(j => new JobDto(
            j.Job.Key, j.Job.Name, j.Cron, j.State, j.IsRunning, j.NextRunUtc, j.PreviousRunUtc, j.ChannelCount,
            j.LastRun is null ? null : ToDto(j.LastRun, withSources: false))).ToList());
    }

    private static async Task<Results<Accepted, ProblemHttpResult>> RunAsync(string key, ClaimsPrincipal user, CollectionJobsService jobs, CancellationToken ct)
    {
        if (CollectionJobDefinitions.Find(key) is null)
        {
            return UnknownJob(key);
        }

        try
        {
            await jobs.RunNowAsync(key, $"api:{user.Identity?.Name}", ct);
        }
        catch (JobCommandException ex)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "无法运行采集任务", detail: ex.Message);
        }

        return TypedResults.Accepted($"{ApiFeature.Prefix}/jobs/{key}/runs");
    }

    private static async Task<Results<Ok<List<JobRunDto>>, ProblemHttpResult, ValidationProblem>> GetRunsAsync(
        string key, int? take, CollectionJobsService jobs, CancellationToken ct)
    {
        if (CollectionJobDefinitions.Find(key) is null)
        {
            return UnknownJob(key);
        }

        if (take is < 1 or > MaxRuns)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["take"] = [$"take 应在 1 到 {MaxRuns} 之间（默认 {DefaultRuns}）。"] }, title: "查询参数有误");
        }

        var runs = await jobs.GetRunsAsync(key, take ?? DefaultRuns, ct);
        return TypedResults.Ok(runs.Select(r => ToDto(r, withSources: true)).ToList());
    }

    private static ProblemHttpResult UnknownJob(string key) => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound,
        title: "找不到采集任务",
        detail: $"没有名为“{key}”的采集任务；可用的有 {string.Join("、", CollectionJobDefinitions.All.Select(j => j.Key))}。");

    internal static JobRunDto ToDto(JobRun run, bool withSources) => new(
        run.Id, StatusName(run.Status), Utc(run.StartedAtUtc), run.EndedAtUtc is { } ended ? Utc(ended) : null,
        run.ItemsRead, run.ItemsWritten, run.Error, run.TriggeredBy,
        withSources
            ? run.Sources.OrderBy(s => s.StartedAtUtc).ThenBy(s => s.Id)
                .Select(s => new JobRunSourceDto(s.ChannelId, s.SourceName, s.Succeeded, s.ItemsRead, s.ItemsWritten, s.Error, Utc(s.StartedAtUtc), Utc(s.EndedAtUtc)))
                .ToList()
            : null);

    internal static string StatusName(JobRunStatus status) => status switch
    {
        JobRunStatus.Running => "running",
        JobRunStatus.Succeeded => "succeeded",
        JobRunStatus.PartlyFailed => "partlyFailed",
        JobRunStatus.Failed => "failed",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    // SQLite gives DateTime back without a kind; the columns hold UTC.
    private static DateTime Utc(DateTime value) => DateTime.SpecifyKind(value, DateTimeKind.Utc);
}
