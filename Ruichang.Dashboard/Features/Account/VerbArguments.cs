using Ruichang.Dashboard.Features.CommandLine;

namespace Ruichang.Dashboard.Features.Account;

/// <summary>
/// A verb's arguments: one positional name and <c>--option value</c> pairs. Anything else is a
/// <see cref="CommandLineException"/> that says what was wrong.
/// </summary>
internal sealed class VerbArguments
{
    private readonly Dictionary<string, string> _options = new(StringComparer.OrdinalIgnoreCase);

    private VerbArguments(string name) => Name = name;

    public string Name { get; }

    public static VerbArguments Parse(IReadOnlyList<string> args, string nameLabel, params string[] allowedOptions)
    {
        string? name = null;
        var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                var option = arg[2..];
                if (!allowedOptions.Contains(option, StringComparer.OrdinalIgnoreCase))
                {
                    throw new CommandLineException($"未知选项 {arg}。");
                }

                if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    throw new CommandLineException($"选项 {arg} 缺少值。");
                }

                options[option] = args[++i];
            }
            else if (name is null)
            {
                name = arg.Trim();
            }
            else
            {
                throw new CommandLineException($"多余的参数 \"{arg}\"。");
            }
        }

        if (string.IsNullOrWhiteSpace(name))
        {
            throw new CommandLineException($"缺少{nameLabel}。");
        }

        var result = new VerbArguments(name);
        foreach (var (key, value) in options)
        {
            result._options[key] = value;
        }

        return result;
    }

    public string? Option(string name) => _options.GetValueOrDefault(name);

    /// <summary>The <c>--role</c> option as spelled in <see cref="Roles.All"/>.</summary>
    public string Role()
    {
        var text = Option("role");
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new CommandLineException($"缺少 --role，应为 {string.Join("、", Roles.All)} 之一。");
        }

        return Roles.Normalize(text)
            ?? throw new CommandLineException($"未知角色 \"{text}\"，应为 {string.Join("、", Roles.All)} 之一。");
    }
}
