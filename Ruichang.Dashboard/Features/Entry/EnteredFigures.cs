using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.Account;

namespace Ruichang.Dashboard.Features.Entry;

/// <summary>
/// Writes figures a person sent (the grid, the API, an import) as that person: through
/// <see cref="ObservationWriter"/> in one transaction, where an admin may change an approved month and no one
/// else may, then a change notice for the live dashboards once committed. Its callers have checked the figures;
/// a conflict or a locked month is thrown as <see cref="ObservationWriter"/> throws it, with nothing written.
/// </summary>
public sealed class EnteredFigures(
    IDbContextFactory<DashboardDbContext> factory, ObservationWriter writer, ChangeNotifier notifier, AccountAccess access, CountyClock clock)
{
    public async Task<UpsertResult> WriteAsync(
        ClaimsPrincipal user, string recordedBy, ObservationSource source, IReadOnlyCollection<string> metricKeys,
        IReadOnlyList<ObservationWrite> writes, IReadOnlyList<ObservationRemoval> removals, CancellationToken ct, string? reason = null)
    {
        ArgumentNullException.ThrowIfNull(user);
        var mayEditApproved = await access.AuthorizeAsync(user, AccountFeature.AdminPolicy, ct);
        UpsertResult written;
        await using (var db = await factory.CreateDbContextAsync(ct))
        {
            written = await writer.UpsertAsync(db, writes, new WriteProvenance(source, recordedBy, Reason: reason, MayEditApproved: mayEditApproved), ct, removals);
        }

        if (written.Written > 0)
        {
            notifier.Publish(new ChangeNotice(
                $"{source.ToString().ToLowerInvariant()}:{recordedBy}", metricKeys.ToHashSet(StringComparer.Ordinal),
                writes.Select(w => w.CountyId).Concat(removals.Select(r => r.CountyId)).ToHashSet(), clock.Now.UtcDateTime));
        }

        return written;
    }
}
