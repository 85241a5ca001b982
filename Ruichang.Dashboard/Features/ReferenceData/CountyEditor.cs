using Microsoft.EntityFrameworkCore;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Domain;
using Ruichang.Dashboard.Features.Admin;

namespace Ruichang.Dashboard.Features.ReferenceData;

/// <summary>
/// A county as the admin page shows and edits it. The division code (fixed by the design) and the home
/// county are not edited; <paramref name="Keywords"/> is the text of the keyword list, comma-separated.
/// </summary>
public sealed record CountyEdit(string Code, string Name, string ShortName, string Keywords, int DisplayOrder, bool IsHome)
{
    public static CountyEdit Of(County county)
    {
        ArgumentNullException.ThrowIfNull(county);
        return new(county.Code, county.Name, county.ShortName, string.Join(",", county.KeywordList), county.DisplayOrder, county.IsHome);
    }
}

/// <summary>
/// Lists the counties and edits their names, keywords and order (<c>/admin/counties</c>). A county's name and
/// keywords decide which stories count for it (<see cref="Sources.CountyMatcher"/>, read again by every
/// collection run), so a keyword is refused when it is a single character, or when it contains or is contained in another
/// county's name or keyword: either would count stories for the wrong county. An edit is refused whole when the county changed
/// since the admin opened it, every field changed is kept in the audit trail, and open dashboards are told to read the county again. Errors are keyed
/// <c>name</c>, <c>shortName</c>, <c>keywords</c>, <c>displayOrder</c>, and <c>county</c> for the county as a whole.
/// </summary>
public sealed class CountyEditor(IDbContextFactory<DashboardDbContext> factory, ChangeNotifier notifier, TimeProvider time)
{
    public const int MaxNameLength = 50, MaxShortNameLength = 20, MaxKeywordsLength = 500;
    public const int MinKeywordLength = 2, MaxKeywordLength = 20, MaxKeywords = 30;

    // What separates keywords in the form: commas of either width, the enumeration comma, semicolons, line breaks.
    private static readonly char[] KeywordSeparators = [',', '，', '、', ';', '；', '\r', '\n'];

    /// <summary>The counties in display order.</summary>
    public async Task<IReadOnlyList<CountyEdit>> ListAsync(CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var counties = await db.Counties.AsNoTracking().OrderBy(c => c.DisplayOrder).ThenBy(c => c.Code).ToListAsync(ct);
        return [.. counties.Select(CountyEdit.Of)];
    }

    /// <summary>The latest changes of counties, newest first.</summary>
    public async Task<IReadOnlyList<ReferenceChange>> RecentChangesAsync(int count, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var names = await db.Counties.AsNoTracking().ToDictionaryAsync(c => c.Code, c => c.Name, ct);
        return await AuditedFields.RecentAsync(db, AuditEntities.County, count, code => names.GetValueOrDefault(code, code), ct);
    }

    /// <summary>
    /// Saves <paramref name="edited"/> for the county with its code, as <paramref name="actor"/>, if the county is
    /// still as <paramref name="seen"/> shows it; nothing is saved when any field is wrong.
    /// </summary>
    public async Task<ReferenceWriteResult<CountyEdit>> UpdateAsync(CountyEdit seen, CountyEdit edited, string actor, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(seen);
        ArgumentNullException.ThrowIfNull(edited);
        await using var db = await factory.CreateDbContextAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var counties = await db.Counties.ToListAsync(ct);
        var county = counties.SingleOrDefault(c => c.Code == edited.Code);
        if (county is null)
        {
            return new(FieldErrors.One("county", $"没有区县代码为 {edited.Code} 的区县。"), null);
        }

        if (CountyEdit.Of(county) != seen with { IsHome = county.IsHome })
        {
            return new(FieldErrors.One("county", $"{county.Name}在你打开本页后已被他人修改，本次未保存。请刷新页面，看过最新的设置后再改。"), null);
        }

        var errors = new FieldErrors();
        var others = counties.Where(c => c.Id != county.Id).ToList();
        var name = (edited.Name ?? "").Trim();
        var shortName = (edited.ShortName ?? "").Trim();
        errors.Text(Fields.Name, "区县名称", name, MaxNameLength, others.FirstOrDefault(c => c.Name == name)?.Name);
        errors.Text(Fields.ShortName, "简称", shortName, MaxShortNameLength, others.FirstOrDefault(c => c.ShortName == shortName)?.Name);
        var keywords = CheckKeywords(edited.Keywords, others, errors);
        errors.DisplayOrder(Fields.DisplayOrder, edited.DisplayOrder);
        if (errors.Any)
        {
            return new(errors.ToDictionary(), null);
        }

        var fields = new AuditedFields(db, time.GetUtcNow().UtcDateTime, actor, AuditEntities.County, county.Code) { CountyId = county.Id };
        fields.Set(Fields.Name, county.Name, name, () => county.Name = name);
        fields.Set(Fields.ShortName, county.ShortName, shortName, () => county.ShortName = shortName);
        fields.Set(Fields.Keywords, county.Keywords, keywords, () => county.Keywords = keywords);
        fields.Set(Fields.DisplayOrder, county.DisplayOrder, edited.DisplayOrder, () => county.DisplayOrder = edited.DisplayOrder);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        if (fields.Changed)
        {
            // Every figure of the county is shown under its name and in its order: open dashboards read them again.
            notifier.Publish(new ChangeNotice($"county:{actor}", MetricKeys.All.ToHashSet(StringComparer.Ordinal), new HashSet<int> { county.Id }, time.GetUtcNow().UtcDateTime));
        }

        return new(new Dictionary<string, string[]>(), CountyEdit.Of(county));
    }

    /// <summary>The keywords of <paramref name="text"/> as a county keeps them: trimmed, each once, in their order.</summary>
    public static IReadOnlyList<string> SplitKeywords(string? text) =>
        [.. (text ?? "").Split(KeywordSeparators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.OrdinalIgnoreCase)];

    private static string CheckKeywords(string? text, List<County> others, FieldErrors errors)
    {
        var keywords = SplitKeywords(text);
        if (keywords.Count > MaxKeywords)
        {
            errors.Add(Fields.Keywords, $"关键词最多 {MaxKeywords} 个（现在 {keywords.Count} 个）。");
        }

        foreach (var keyword in keywords)
        {
            if (keyword.Length < MinKeywordLength)
            {
                errors.Add(Fields.Keywords, $"关键词「{keyword}」太短：至少 {MinKeywordLength} 个字，一个字会匹配到大量无关的稿件。");
            }
            else if (keyword.Length > MaxKeywordLength)
            {
                errors.Add(Fields.Keywords, $"关键词「{keyword[..MaxKeywordLength]}…」太长：最多 {MaxKeywordLength} 个字。");
            }
            else if (Overlap(keyword, others) is var (other, word))
            {
                errors.Add(Fields.Keywords, keyword.Equals(word, StringComparison.OrdinalIgnoreCase)
                    ? $"关键词「{keyword}」已是{other.Name}的名称或关键词：提到它的稿件会同时计入两个区县。"
                    : $"关键词「{keyword}」与{other.Name}的「{word}」重叠：提到它的稿件会同时计入两个区县。");
            }
        }

        var joined = string.Join(",", keywords);
        if (joined.Length > MaxKeywordsLength)
        {
            errors.Add(Fields.Keywords, $"关键词合计最多 {MaxKeywordsLength} 个字符（现在 {joined.Length} 个）。");
        }

        return joined;
    }

    // Another county's name or keyword that one of the two contains: a story matched by the longer is matched by the
    // shorter too (CountyMatcher looks for each word anywhere in the text), so it would count for both counties.
    // The same word is named before one that only overlaps.
    private static (County County, string Word)? Overlap(string keyword, List<County> others)
    {
        var words = others.SelectMany(c => c.KeywordList.Append(c.Name).Select(word => (County: c, Word: word))).ToList();
        return words.Where(w => w.Word.Equals(keyword, StringComparison.OrdinalIgnoreCase))
            .Concat(words.Where(w => keyword.Contains(w.Word, StringComparison.OrdinalIgnoreCase) || w.Word.Contains(keyword, StringComparison.OrdinalIgnoreCase)))
            .Select(w => ((County, string)?)w)
            .FirstOrDefault();
    }

    /// <summary>The fields an audit row of a county names (after the county's code: <c>360481:keywords</c>).</summary>
    public static class Fields
    {
        public const string Name = "name";
        public const string ShortName = "shortName";
        public const string Keywords = "keywords";
        public const string DisplayOrder = "displayOrder";
    }
}
