using Microsoft.EntityFrameworkCore;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Domain;

namespace Ruichang.Dashboard.Features.Admin;

/// <summary>What an edit of a reference row (a county, a metric) did: the row as saved, or the errors per field.</summary>
public sealed record ReferenceWriteResult<T>(IReadOnlyDictionary<string, string[]> Errors, T? Saved)
    where T : class
{
    public bool Succeeded => Saved is not null;
}

/// <summary>One change of a reference row's field in the audit trail: <paramref name="Row"/> is the county's or metric's name.</summary>
public sealed record ReferenceChange(DateTime AtUtc, string UserName, string Row, string Field, string? OldValue, string? NewValue);

/// <summary>
/// The errors of one edit of a reference row, per field, in Chinese, and the checks the admin pages'
/// forms share: a required text of limited length that no other row has, a display order.
/// </summary>
internal sealed class FieldErrors
{
    public const int MaxDisplayOrder = 999;

    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list))
        {
            _errors[field] = list = [];
        }

        list.Add(message);
    }

    /// <summary>Checks a required text of at most <paramref name="maxLength"/> characters; <paramref name="takenBy"/> names the other row that has it.</summary>
    public void Text(string field, string label, string value, int maxLength, string? takenBy = null)
    {
        if (value.Length == 0)
        {
            Add(field, $"请填写{label}。");
        }
        else if (value.Length > maxLength)
        {
            Add(field, $"{label}最多 {maxLength} 个字（现在 {value.Length} 个）。");
        }
        else if (takenBy is not null)
        {
            Add(field, $"{label}「{value}」已是{takenBy}的{label}。");
        }
    }

    public void DisplayOrder(string field, int value)
    {
        if (value is < 1 or > MaxDisplayOrder)
        {
            Add(field, $"显示顺序应为 1 到 {MaxDisplayOrder} 之间的整数。");
        }
    }

    /// <summary>The errors of an edit refused for one reason.</summary>
    public static IReadOnlyDictionary<string, string[]> One(string field, string message) =>
        new Dictionary<string, string[]>(StringComparer.Ordinal) { [field] = [message] };

    public IReadOnlyDictionary<string, string[]> ToDictionary() => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
}

/// <summary>
/// Applies the changed fields of one reference row in <paramref name="db"/>, each kept in the audit trail
/// (<paramref name="entityType"/>, key <c>row:field</c>, old → new, who, when) in the same save.
/// </summary>
internal sealed class AuditedFields(DashboardDbContext db, DateTime nowUtc, string actor, string entityType, string row)
{
    public int? CountyId { get; init; }

    public int? MetricId { get; init; }

    /// <summary>Whether any field changed.</summary>
    public bool Changed { get; private set; }

    public void Set(string field, string before, string after, Action apply)
    {
        if (before == after)
        {
            return;
        }

        apply();
        Changed = true;
        db.AuditEntries.Add(new AuditEntry
        {
            AtUtc = nowUtc,
            UserName = actor.Length <= 256 ? actor : actor[..256],
            Action = AuditActions.Update,
            EntityType = entityType,
            EntityKey = $"{row}:{field}",
            OldValue = before,
            NewValue = after,
            CountyId = CountyId,
            MetricId = MetricId,
        });
    }

    public void Set(string field, int before, int after, Action apply) =>
        Set(field, before.ToString(System.Globalization.CultureInfo.InvariantCulture), after.ToString(System.Globalization.CultureInfo.InvariantCulture), apply);

    /// <summary>The latest changes of <paramref name="entityType"/>, newest first, each with the name <paramref name="rowName"/> gives its row key.</summary>
    public static async Task<IReadOnlyList<ReferenceChange>> RecentAsync(
        DashboardDbContext db, string entityType, int count, Func<string, string> rowName, CancellationToken ct)
    {
        var rows = await db.AuditEntries.AsNoTracking()
            .Where(a => a.EntityType == entityType)
            .OrderByDescending(a => a.Id).Take(count)
            .Select(a => new { a.AtUtc, a.UserName, a.EntityKey, a.OldValue, a.NewValue })
            .ToListAsync(ct);
        return [.. rows.Select(r =>
        {
            var colon = r.EntityKey.LastIndexOf(':');
            var (key, field) = colon < 0 ? (r.EntityKey, "") : (r.EntityKey[..colon], r.EntityKey[(colon + 1)..]);
            return new ReferenceChange(r.AtUtc, r.UserName, rowName(key), field, r.OldValue, r.NewValue);
        })];
    }
}
