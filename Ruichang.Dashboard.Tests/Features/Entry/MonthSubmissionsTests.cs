using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.Account;
using Ruichang.Dashboard.Features.Entry;
using Ruichang.Dashboard.Tests.TestInfrastructure;

namespace Ruichang.Dashboard.Tests.Features.Entry;

/// <summary>A county-month's workflow on a real SQLite database.</summary>
public sealed class MonthSubmissionsTests : IAsyncLifetime, IDisposable
{
    private static readonly Period September = Period.Month(2014, 9);
    private readonly TestDatabase _database = new();
    private readonly ServiceProvider _services = new ServiceCollection().AddLogging().AddRolePolicies().AddSingleton<AccountAccess>().BuildServiceProvider();
    private int _home;
    private int _wuning;

    public async Task InitializeAsync()
    {
        await _database.MigrateAsync();
        await using var db = _database.CreateContext();
        _home = (await db.Counties.SingleAsync(c => c.Code == "360481")).Id;
        _wuning = (await db.Counties.SingleAsync(c => c.Code == "360423")).Id;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        _services.Dispose();
        _database.Dispose();
    }

    private MonthSubmissions Submissions => new(
        _database.Factory, _services.GetRequiredService<AccountAccess>(), new FakeTimeProvider(new DateTimeOffset(2014, 10, 2, 1, 0, 0, TimeSpan.Zero)));

    private static readonly ClaimsPrincipal Staff = SignedInUser.Principal("zhang", Roles.Staff);
    private static readonly ClaimsPrincipal Admin = SignedInUser.Principal("admin", Roles.Admin);

    private async Task<Dictionary<int, SubmissionStatus>> StatusesAsync()
    {
        await using var db = _database.CreateContext();
        return await db.Submissions.ToDictionaryAsync(s => s.CountyId, s => s.Status);
    }

    [Fact]
    public async Task A_month_goes_from_draft_to_submitted_to_approved_and_back_to_draft_with_a_reason()
    {
        Assert.Null(await Submissions.ApplyAsync(Staff, [_home, _wuning], September, SubmissionAction.Submit, null, CancellationToken.None));
        Assert.Null(await Submissions.ApplyAsync(Admin, [_home], September, SubmissionAction.Approve, null, CancellationToken.None));
        Assert.Equal(new Dictionary<int, SubmissionStatus> { [_home] = SubmissionStatus.Approved, [_wuning] = SubmissionStatus.Submitted }, await StatusesAsync());

        Assert.Equal("退回时请填写原因。", await Submissions.ApplyAsync(Admin, [_home], September, SubmissionAction.Reopen, "  ", CancellationToken.None));
        Assert.Null(await Submissions.ApplyAsync(Admin, [_home], September, SubmissionAction.Reopen, "武宁数字有误", CancellationToken.None));

        Assert.Equal(SubmissionStatus.Draft, (await StatusesAsync())[_home]);
        await using var db = _database.CreateContext();
        var home = await db.Submissions.SingleAsync(s => s.CountyId == _home);
        Assert.Equal(("zhang", (string?)null), (home.SubmittedBy, home.ApprovedBy));
        Assert.Equal(4, await db.AuditEntries.CountAsync(a => a.EntityType == AuditEntities.Submission));
    }

    [Fact]
    public async Task Only_admins_approve_or_reopen_and_leaders_cannot_submit()
    {
        Assert.Equal("没有权限：只有填报人员和管理员可以提交。", await Submissions.ApplyAsync(SignedInUser.Principal("wang", Roles.Leader), [_home], September, SubmissionAction.Submit, null, CancellationToken.None));
        Assert.Equal("没有权限：只有管理员可以审核或退回。", await Submissions.ApplyAsync(Staff, [_home], September, SubmissionAction.Approve, null, CancellationToken.None));
        Assert.Equal("没有权限：只有管理员可以审核或退回。", await Submissions.ApplyAsync(Staff, [_home], September, SubmissionAction.Reopen, "x", CancellationToken.None));

        Assert.Empty(await StatusesAsync());
        await using var db = _database.CreateContext();
        Assert.Empty(await db.AuditEntries.ToListAsync());
    }

    [Fact]
    public async Task An_action_that_fits_no_month_changes_nothing_and_says_so()
    {
        Assert.Equal("没有可退回的月份。", await Submissions.ApplyAsync(Admin, [_home], September, SubmissionAction.Reopen, "x", CancellationToken.None));
        Assert.Null(await Submissions.ApplyAsync(Staff, [_home], September, SubmissionAction.Submit, null, CancellationToken.None));
        Assert.Equal("没有可提交的草稿。", await Submissions.ApplyAsync(Staff, [_home], September, SubmissionAction.Submit, null, CancellationToken.None));

        Assert.Equal(new Dictionary<int, SubmissionStatus> { [_home] = SubmissionStatus.Submitted }, await StatusesAsync());
    }
}
