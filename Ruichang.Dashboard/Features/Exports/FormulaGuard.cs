namespace Ruichang.Dashboard.Features.Exports;

/// <summary>
/// Keeps a text cell of an exported table from running as a formula when a spreadsheet opens it (CSV or
/// formula injection): text that starts with <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, tab, CR or LF gets a
/// leading <c>'</c>, which Excel shows as text. Only text goes through here; numbers are written as numbers,
/// so a negative figure stays a number. The one place both file formats, and the importer reading them back, use.
/// </summary>
public static class FormulaGuard
{
    public const char Escape = '\'';

    /// <summary>The characters that make a cell a possible formula when it starts with one (OWASP's list, and LF).</summary>
    public static readonly char[] Triggers = ['=', '+', '-', '@', '\t', '\r', '\n'];

    /// <summary>Whether <paramref name="text"/> starts like a formula.</summary>
    public static bool IsTriggered(string? text) => text is { Length: > 0 } && Array.IndexOf(Triggers, text[0]) >= 0;

    /// <summary><paramref name="text"/> with a leading <c>'</c> when it starts like a formula, else as it is.</summary>
    public static string? Neutralize(string? text) => IsTriggered(text) ? Escape + text : text;

    /// <summary>
    /// The text a neutralised cell stood for: <c>'=x</c> reads back as <c>=x</c>, anything else as it is. The importer
    /// reads cells through this, so a file this app exported imports back unchanged (a round trip changes nothing).
    /// </summary>
    public static string Restore(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length > 1 && text[0] == Escape && Array.IndexOf(Triggers, text[1]) >= 0 ? text[1..] : text;
    }
}
