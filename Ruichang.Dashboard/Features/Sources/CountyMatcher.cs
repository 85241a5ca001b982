using Ruichang.Dashboard.Domain;

namespace Ruichang.Dashboard.Features.Sources;

/// <summary>Which counties a text is about: those whose name or one of whose keywords appears in it.</summary>
public static class CountyMatcher
{
    public static IReadOnlyList<string> Match(string text, IEnumerable<County> counties)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        return [.. counties
            .Where(c => c.KeywordList.Append(c.Name).Any(k => k.Length > 0 && text.Contains(k, StringComparison.OrdinalIgnoreCase)))
            .Select(c => c.Code)];
    }
}
