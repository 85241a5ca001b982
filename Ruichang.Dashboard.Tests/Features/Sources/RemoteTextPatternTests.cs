using System.Reflection;
using System.Text.RegularExpressions;
using Ruichang.Dashboard.Features.Sources;

namespace Ruichang.Dashboard.Tests.Features.Sources;

/// <summary>
/// The regular expressions of the sources run on remote text: each must be linear in it
/// (NonBacktracking) or give up after a timeout, so that no feed, page or export can pin a CPU.
/// </summary>
public sealed class RemoteTextPatternTests
{
    [Fact]
    public void Every_pattern_under_Features_Sources_is_NonBacktracking_or_has_a_match_timeout()
    {
        var patterns = Patterns().ToList();

        // The sources hold about twenty; finding none would mean this test looks in the wrong place.
        Assert.True(patterns.Count >= 15, $"only {patterns.Count} patterns found");
        Assert.Empty(patterns
            .Where(p => !p.Regex.Options.HasFlag(RegexOptions.NonBacktracking) && p.Regex.MatchTimeout == Regex.InfiniteMatchTimeout)
            .Select(p => $"{p.Name}: {p.Regex}"));
    }

    // [GeneratedRegex] methods and properties, and static Regex fields, of every type under Features.Sources.
    private static IEnumerable<(string Name, Regex Regex)> Patterns()
    {
        const BindingFlags statics = BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;
        var types = typeof(SourcesFeature).Assembly.GetTypes()
            .Where(t => t.Namespace?.StartsWith(typeof(SourcesFeature).Namespace!, StringComparison.Ordinal) == true);
        foreach (var type in types)
        {
            foreach (var method in type.GetMethods(statics).Where(m => m.ReturnType == typeof(Regex) && m.GetParameters().Length == 0))
            {
                yield return ($"{type.Name}.{method.Name}", (Regex)method.Invoke(null, null)!);
            }

            foreach (var property in type.GetProperties(statics).Where(p => p.PropertyType == typeof(Regex)))
            {
                yield return ($"{type.Name}.{property.Name}", (Regex)property.GetValue(null)!);
            }

            foreach (var field in type.GetFields(statics).Where(f => f.FieldType == typeof(Regex) || f.FieldType == typeof(Regex[])))
            {
                var value = field.GetValue(null);
                foreach (var regex in value as Regex[] ?? [(Regex)value!])
                {
                    yield return ($"{type.Name}.{field.Name}", regex);
                }
            }
        }
    }
}
