using Microsoft.EntityFrameworkCore;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Domain;

namespace Ruichang.Dashboard.Features.Sources.Commentators;

/// <summary>One task of one commentator, from a tasking platform's export; <paramref name="ExternalId"/> is their id on that platform.</summary>
public sealed record CommentatorTaskReading(string Name, string? ExternalId, string? Unit, string? Task, DateOnly Date, int Reposts, int Replies);

/// <summary>
/// The tasks of one export, and how they are stored (design.md: counts come from stored items):
/// <list type="bullet">
/// <item>People are matched by the platform's id within that platform (<see cref="CommentatorAccount"/>);
///   an id seen for the first time, or a task without one, by name within the channel's county. A
///   name shared by several commentators of the county is ambiguous: the task goes to the first of
///   them (the lowest id), and the read says so in its notes. Someone nobody knew yet is added.</item>
/// <item>Each task is kept, unique on (platform channel, commentator, date, task): reading the same
///   export again, or one that lists only part of a month, changes only the tasks it lists. Rows of
///   one export with the same key (a platform that gives no task names) are summed.</item>
/// <item>A commentator's month is the sum of their stored tasks over every platform, and the
///   county's months (<c>commentator_reposts</c>, <c>commentator_replies</c>, <c>commentator_count</c>,
///   county-level) the sums over its commentators; only the months whose tasks changed are recomputed.</item>
/// </list>
/// </summary>
public sealed record CommentatorTaskItems(IReadOnlyList<CommentatorTaskReading> Tasks) : ISourceItems
{
    public Type PreviewComponent => typeof(CommentatorTasksPreview);

    public async Task<int> StoreAsync(SourceWrite write, CancellationToken ct)
    {
        if (Tasks.Count == 0)
        {
            return 0;
        }

        var db = write.Db;
        var channel = write.Channel;
        var people = new People(
            await db.Commentators.Where(c => c.CountyId == channel.CountyId).OrderBy(c => c.Id).ToListAsync(ct),
            await db.CommentatorAccounts.Where(a => a.ChannelId == channel.Id).ToListAsync(ct),
            write);
        var written = 0;
        foreach (var task in Tasks)
        {
            written += people.Resolve(task);
        }

        await db.SaveChangesAsync(ct);

        var read = Tasks
            .GroupBy(t => (CommentatorId: people.IdOf(t), t.Date, Task: TaskKey(t.Task)))
            .ToDictionary(g => g.Key, g => (Reposts: g.Sum(t => t.Reposts), Replies: g.Sum(t => t.Replies)));
        var ids = read.Keys.Select(k => k.CommentatorId).Distinct().ToList();
        var first = read.Keys.Min(k => k.Date);
        var last = read.Keys.Max(k => k.Date);
        var stored = await db.CommentatorTasks
            .Where(t => t.ChannelId == channel.Id && ids.Contains(t.CommentatorId) && t.Date >= first && t.Date <= last)
            .ToDictionaryAsync(t => (t.CommentatorId, t.Date, t.Task), ct);

        var changedMonths = new HashSet<(int CommentatorId, DateOnly Month)>();
        foreach (var (key, totals) in read)
        {
            if (stored.TryGetValue(key, out var row))
            {
                if (row.Reposts == totals.Reposts && row.Replies == totals.Replies)
                {
                    continue;
                }

                (row.Reposts, row.Replies) = totals;
                row.IsDemo = false;
            }
            else
            {
                db.CommentatorTasks.Add(new CommentatorTask
                {
                    CommentatorId = key.CommentatorId, ChannelId = channel.Id, Date = key.Date, Task = key.Task,
                    Reposts = totals.Reposts, Replies = totals.Replies,
                });
            }

            written++;
            changedMonths.Add((key.CommentatorId, Period.MonthOf(key.Date).Start));
        }

        await db.SaveChangesAsync(ct);
        return changedMonths.Count == 0 ? written : written + await RecountAsync(write, changedMonths, ct);
    }

    /// <summary>The changed commentator-months from all their stored tasks, then the county's months from all its commentators.</summary>
    private static async Task<int> RecountAsync(SourceWrite write, HashSet<(int CommentatorId, DateOnly Month)> changed, CancellationToken ct)
    {
        var db = write.Db;
        var ids = changed.Select(c => c.CommentatorId).Distinct().ToList();
        var months = changed.Select(c => c.Month).Distinct().ToList();
        var from = months.Min();
        var to = months.Max().AddMonths(1);
        var tasks = await db.CommentatorTasks
            .Where(t => ids.Contains(t.CommentatorId) && t.Date >= from && t.Date < to)
            .Select(t => new { t.CommentatorId, t.Date, t.Reposts, t.Replies })
            .ToListAsync(ct);
        var totals = tasks
            .GroupBy(t => (t.CommentatorId, Month: Period.MonthOf(t.Date).Start))
            .Where(g => changed.Contains(g.Key))
            .ToDictionary(g => g.Key, g => (Reposts: g.Sum(t => t.Reposts), Replies: g.Sum(t => t.Replies)));
        var activity = await db.CommentatorActivity
            .Where(a => ids.Contains(a.CommentatorId) && months.Contains(a.Month))
            .ToDictionaryAsync(a => (a.CommentatorId, a.Month), ct);

        var written = 0;
        foreach (var ((id, month), (reposts, replies)) in totals)
        {
            if (!activity.TryGetValue((id, month), out var row))
            {
                db.CommentatorActivity.Add(new CommentatorActivity { CommentatorId = id, Month = month, Reposts = reposts, Replies = replies });
                written++;
            }
            else if (row.Reposts != reposts || row.Replies != replies || row.IsDemo)
            {
                (row.Reposts, row.Replies, row.IsDemo) = (reposts, replies, false);
                written++;
            }
        }

        await db.SaveChangesAsync(ct);

        // The county's figures are the sums over all its commentators, whatever platform they came from.
        var countyId = write.Channel.CountyId;
        var perMonth = await db.CommentatorActivity
            .Where(a => a.Commentator!.CountyId == countyId && months.Contains(a.Month))
            .GroupBy(a => a.Month)
            .Select(g => new { Month = g.Key, Reposts = g.Sum(a => a.Reposts), Replies = g.Sum(a => a.Replies), Count = g.Count() })
            .ToListAsync(ct);
        var metrics = write.Context;
        var writes = perMonth.SelectMany(m => new[]
        {
            new ObservationWrite(metrics.Metric(MetricKeys.CommentatorReposts).Id, countyId, null, Period.MonthOf(m.Month), m.Reposts),
            new ObservationWrite(metrics.Metric(MetricKeys.CommentatorReplies).Id, countyId, null, Period.MonthOf(m.Month), m.Replies),
            new ObservationWrite(metrics.Metric(MetricKeys.CommentatorCount).Id, countyId, null, Period.MonthOf(m.Month), m.Count),
        });
        return written + await write.UpsertAsync(writes, ct);
    }

    // The column's size; a longer name from an export is cut, the same way every time.
    private static string TaskKey(string? task)
    {
        var key = (task ?? "").Trim();
        return key.Length > 200 ? key[..200] : key;
    }

    /// <summary>Who each task's commentator is, adding people and platform ids as they are met.</summary>
    private sealed class People(List<Commentator> commentators, List<CommentatorAccount> accounts, SourceWrite write)
    {
        private readonly Dictionary<string, Commentator> _byAccount = accounts
            .Join(commentators, a => a.CommentatorId, c => c.Id, (a, c) => (a.ExternalId, Commentator: c))
            .ToDictionary(x => x.ExternalId, x => x.Commentator, StringComparer.Ordinal);

        private readonly Dictionary<CommentatorTaskReading, Commentator> _resolved = [];
        private readonly HashSet<string> _noted = new(StringComparer.Ordinal);

        public int IdOf(CommentatorTaskReading task) => _resolved[task].Id;

        /// <summary>Finds or adds the task's commentator; returns how many rows that added.</summary>
        public int Resolve(CommentatorTaskReading task)
        {
            if (task.ExternalId is { } id && _byAccount.TryGetValue(id, out var known))
            {
                Found(task, known);
                return 0;
            }

            var namesakes = commentators.Where(c => c.Name == task.Name).ToList();
            if (task.ExternalId is { } newId)
            {
                // A platform id belongs to one person: someone already known here by another id is someone else.
                var linked = _byAccount.Values.ToHashSet();
                namesakes = [.. namesakes.Where(c => !linked.Contains(c))];
                if (namesakes.Count == 1)
                {
                    return Link(task, namesakes[0], newId);
                }
            }

            if (namesakes.Count > 1)
            {
                NoteAmbiguous(task, namesakes);
            }

            if (namesakes.Count > 0)
            {
                Found(task, namesakes[0]);
                return 0;
            }

            // Someone the team did not know yet is added, not dropped.
            var added = new Commentator
            {
                CountyId = write.Channel.CountyId, Name = task.Name, ExternalId = task.ExternalId, Unit = task.Unit,
                JoinedOn = task.Date,
            };
            commentators.Add(added);
            write.Db.Commentators.Add(added);
            if (task.ExternalId is { } ownId)
            {
                return 1 + Link(task, added, ownId);
            }

            Found(task, added);
            return 1;
        }

        private int Link(CommentatorTaskReading task, Commentator commentator, string externalId)
        {
            write.Db.CommentatorAccounts.Add(new CommentatorAccount { Commentator = commentator, ChannelId = write.Channel.Id, ExternalId = externalId });
            _byAccount[externalId] = commentator;
            Found(task, commentator);
            return 1;
        }

        private void Found(CommentatorTaskReading task, Commentator commentator)
        {
            _resolved[task] = commentator;
            if (commentator.Id == 0 && task.Date < commentator.JoinedOn)
            {
                // Added by this read: they joined with their first task in it.
                commentator.JoinedOn = task.Date;
            }
        }

        private void NoteAmbiguous(CommentatorTaskReading task, List<Commentator> namesakes)
        {
            if (_noted.Add(task.Name))
            {
                var id = task.ExternalId is null ? "平台未提供编号" : $"平台编号 {task.ExternalId} 尚未对应到具体的人";
                write.Note($"姓名「{task.Name}」在本县有 {namesakes.Count} 名网评员，{id}：其任务暂记到第一位（系统编号 {namesakes[0].Id}），请核对。");
            }
        }
    }
}
