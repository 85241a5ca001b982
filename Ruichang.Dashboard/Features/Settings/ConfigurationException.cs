namespace Ruichang.Dashboard.Features.Settings;

/// <summary>A setting that stops the app at start; the message names the key.</summary>
public sealed class ConfigurationException(string key, string problem)
    : Exception($"配置错误 {key}: {problem}")
{
    public string Key { get; } = key;
}
