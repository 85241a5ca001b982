using System.Globalization;

namespace Ruichang.Dashboard.Tests.TestInfrastructure;

/// <summary>Sets the UI culture for one test and puts the previous one back on dispose.</summary>
public sealed class UiCulture : IDisposable
{
    private readonly CultureInfo _previous = CultureInfo.CurrentUICulture;

    private UiCulture(string name) => CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo(name);

    public static UiCulture Use(string name) => new(name);

    public void Dispose() => CultureInfo.CurrentUICulture = _previous;
}
