using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.Account;

namespace Ruichang.Dashboard.Features.Entry;

/// <summary>What can be done to a county's month.</summary>
public enum SubmissionAction
{
    /// <summary>Staff hand a draft month in for approval.</summary>
    Submit,

    /// <summary>An admin approves a month: it is then locked for staff.</summary>
    Approve,

    /// <summary>An admin sends a submitted or approved month back to draft, saying why.</summary>
    Reopen,
}

/// <summary>
/// The workflow of a county's month: Draft → Submitted → Approved, and back to Draft only by an admin who
/// gives a reason. A month without a row is a draft. Each change is checked on the server (role, the state it
/// leaves), guarded by the row's version against two people acting at once, and written with its audit entry
/// (old → new status, who, why) in one transaction.
/// </summary>
public sealed class MonthSubmissions(IDbContextFactory<DashboardDbContext> factory, AccountAccess access, TimeProvider time)
{
    public const int MaxReasonLength = 500;

    /// <summary>Applies <paramref name="action"/> to each county's month that it fits; returns null, or why nothing was done.</summary>
    public async Task<string?> ApplyAsync(ClaimsPrincipal user, IReadOnlyCollection<int> countyIds, Period month, SubmissionAction action, string? reason, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(countyIds);
        var policy = action == SubmissionAction.Submit ? AccountFeature.WritersPolicy : AccountFeature.AdminPolicy;
        if (!await access.AuthorizeAsync(user, policy, ct) || user.Identity?.Name is not { Length: > 0 } name)
        {
            return action == SubmissionAction.Submit ? "没有权限：只有填报人员和管理员可以提交。" : "没有权限：只有管理员可以审核或退回。";
        }

        reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        if (action == SubmissionAction.Reopen && reason is null)
        {
            return "退回时请填写原因。";
        }

        if (reason is { Length: > MaxReasonLength })
        {
            return $"原因最多 {MaxReasonLength} 个字。";
        }

        await using var db = await factory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var existing = await db.Submissions.Where(s => s.Month == month.Start && countyIds.Contains(s.CountyId)).ToDictionaryAsync(s => s.CountyId, ct);
        var now = time.GetUtcNow().UtcDateTime;
        var changed = 0;
        foreach (var countyId in countyIds.Distinct())
        {
            if (!existing.TryGetValue(countyId, out var submission))
            {
                submission = new Submission { CountyId = countyId, Month = month.Start };
                db.Submissions.Add(submission);
            }

            var from = submission.Status;
            var to = Next(from, action);
            if (to is null)
            {
                if (submission.Id == 0)
                {
                    db.Submissions.Remove(submission);
                }

                continue;
            }

            submission.Status = to.Value;
            switch (action)
            {
                case SubmissionAction.Submit:
                    (submission.SubmittedBy, submission.SubmittedAtUtc) = (name, now);
                    break;
                case SubmissionAction.Approve:
                    (submission.ApprovedBy, submission.ApprovedAtUtc) = (name, now);
                    break;
                default:
                    (submission.ApprovedBy, submission.ApprovedAtUtc) = (null, null);
                    break;
            }

            db.AuditEntries.Add(new AuditEntry
            {
                AtUtc = now,
                UserName = name,
                Action = action switch { SubmissionAction.Submit => AuditActions.Submit, SubmissionAction.Approve => AuditActions.Approve, _ => AuditActions.Reopen },
                EntityType = AuditEntities.Submission,
                EntityKey = FormattableString.Invariant($"{countyId}:{month}"),
                OldValue = from.ToString(),
                NewValue = to.Value.ToString(),
                CountyId = countyId,
                PeriodStart = month.Start,
                Granularity = PeriodGranularity.Month,
                Reason = reason,
            });
            changed++;
        }

        if (changed == 0)
        {
            return action switch
            {
                SubmissionAction.Submit => "没有可提交的草稿。",
                SubmissionAction.Approve => "没有待审核的月份。",
                _ => "没有可退回的月份。",
            };
        }

        try
        {
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Someone else changed one of these months (or created its row) since it was read: nothing was changed.
            return "其中有月份的状态刚被他人更改，本次未做任何更改，请刷新后重试。";
        }

        return null;
    }

    /// <summary>The status <paramref name="action"/> leads to from <paramref name="status"/>, or null when it does not apply.</summary>
    public static SubmissionStatus? Next(SubmissionStatus status, SubmissionAction action) => (status, action) switch
    {
        (SubmissionStatus.Draft, SubmissionAction.Submit) => SubmissionStatus.Submitted,
        (SubmissionStatus.Draft or SubmissionStatus.Submitted, SubmissionAction.Approve) => SubmissionStatus.Approved,
        (SubmissionStatus.Submitted or SubmissionStatus.Approved, SubmissionAction.Reopen) => SubmissionStatus.Draft,
        _ => null,
    };
}
