using Ruichang.Dashboard.Domain;

namespace Ruichang.Dashboard.Features.Sources;

/// <summary>Which counties a text is about: those whose name or one of whose keywords appears in it.</summary>
public sealed class CountyMatcher
{
    private readonly (string Code, (string Word, StringComparison Comparison)[] Words)[] _counties;

    /// <summary>A matcher for <paramref name="counties"/>, their keyword lists split once (a feed run matches thousands of stories).</summary>
    public CountyMatcher(IEnumerable<County> counties) =>
        _counties = [.. counties.Select(c => (c.Code, c.KeywordList.Append(c.Name).Where(k => k.Length > 0).Select(k => (k, Comparison(k))).ToArray()))];

    // Names are compared ignoring case. A word of Chinese characters only has no case, and no character's
    // upper case is a Chinese character, so the ordinal comparison finds the same, several times faster.
    private static StringComparison Comparison(string word) =>
        word.All(c => c is (>= '\u3400' and <= '\u4DBF') or (>= '\u4E00' and <= '\u9FFF')) ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;

    public static IReadOnlyList<string> Match(string text, IEnumerable<County> counties) => new CountyMatcher(counties).Match(text);

    public IReadOnlyList<string> Match(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        List<string>? matched = null;
        foreach (var (code, words) in _counties)
        {
            foreach (var (word, comparison) in words)
            {
                if (text.Contains(word, comparison))
                {
                    (matched ??= []).Add(code);
                    break;
                }
            }
        }

        return matched is null ? [] : matched;
    }
}
