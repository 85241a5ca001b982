using System.Buffers;
using Ruichang.Dashboard.Domain;

namespace Ruichang.Dashboard.Features.Sources;

/// <summary>Which counties a text is about: those whose name or one of whose keywords appears in it.</summary>
public sealed class CountyMatcher
{
    private readonly string[] _codes;
    private readonly (string Word, StringComparison Comparison, int County)[] _words;

    // Where any word may start: one vectorised search over the text instead of a search per word (a feed
    // run matches thousands of stories against every county's words). Each place it finds is confirmed
    // word by word with the word's own comparison, so a match is exactly a Contains of that word.
    private readonly SearchValues<string> _anyWord;

    /// <summary>A matcher for <paramref name="counties"/>, their keyword lists split once.</summary>
    public CountyMatcher(IEnumerable<County> counties)
    {
        var list = counties.ToList();
        _codes = [.. list.Select(c => c.Code)];
        _words = [.. list.SelectMany((c, i) => c.KeywordList.Append(c.Name).Where(k => k.Length > 0).Select(k => (k, Comparison(k), i)))];
        _anyWord = SearchValues.Create([.. _words.Select(w => w.Word).Distinct(StringComparer.OrdinalIgnoreCase)], StringComparison.OrdinalIgnoreCase);
    }

    // Names are compared ignoring case. A word of Chinese characters only has no case, and no character's
    // upper case is a Chinese character, so the ordinal comparison finds the same, several times faster.
    private static StringComparison Comparison(string word) =>
        word.All(c => c is (>= '\u3400' and <= '\u4DBF') or (>= '\u4E00' and <= '\u9FFF')) ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;

    /// <summary>A one-off match: it builds a matcher, so code that matches many texts keeps one instead.</summary>
    public static IReadOnlyList<string> Match(string text, IEnumerable<County> counties) => new CountyMatcher(counties).Match(text);

    /// <summary>The codes of the counties <paramref name="text"/> is about, in the order the matcher was given them.</summary>
    public IReadOnlyList<string> Match(string text)
    {
        if (string.IsNullOrWhiteSpace(text) || _words.Length == 0)
        {
            return [];
        }

        var matched = new bool[_codes.Length];
        var rest = text.AsSpan();
        for (var at = rest.IndexOfAny(_anyWord); at >= 0; at = rest.IndexOfAny(_anyWord))
        {
            rest = rest[at..];
            foreach (var (word, comparison, county) in _words)
            {
                matched[county] |= rest.StartsWith(word, comparison);
            }

            rest = rest[1..];
        }

        List<string>? codes = null;
        for (var i = 0; i < matched.Length; i++)
        {
            if (matched[i])
            {
                (codes ??= []).Add(_codes[i]);
            }
        }

        return codes is null ? [] : codes;
    }
}
