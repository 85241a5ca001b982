using Microsoft.Extensions.Options;

namespace Ruichang.Dashboard.Tests.TestInfrastructure;

/// <summary>Settings a test chooses and may change between calls, handed to a service as the app hands it an options monitor.</summary>
public sealed class FixedOptions<T>(T value) : IOptionsMonitor<T>
{
    public T CurrentValue => value;

    public T Get(string? name) => value;

    public IDisposable? OnChange(Action<T, string?> listener) => null;
}
