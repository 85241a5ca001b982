using Microsoft.Extensions.Options;
using Ruichang.Dashboard.Features.Account;
using Ruichang.Dashboard.Features.CommandLine;

namespace Ruichang.Dashboard.Features.Displays;

/// <summary><c>create-display-key &lt;name&gt;</c>: prints a new wall-display link, with its key, once, on its last line.</summary>
internal sealed class CreateDisplayKeyVerb(DisplayKeys keys, IOptions<DisplaysOptions> options) : ICommandLineVerb
{
    public string Name => "create-display-key";

    public string Usage => "<大屏名称> —— 生成大屏的只读访问链接（/screen?key=…），链接只显示一次";

    public async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, CancellationToken ct)
    {
        var arguments = VerbArguments.Parse(args, "大屏名称");
        CreatedDisplayKey created;
        try
        {
            created = await keys.CreateAsync(arguments.Name, $"cli:{Environment.UserName}", ct);
        }
        catch (DisplayKeyException ex)
        {
            throw new CommandLineException(ex.Message);
        }

        var baseUrl = options.Value.ConfiguredBaseUrl;
        await output.WriteLineAsync("链接只显示这一次，数据库只保存密钥的哈希值。The link is shown only once.");
        if (baseUrl is null)
        {
            await output.WriteLineAsync("未设置 Displays:PublicBaseUrl，下面是相对链接：请在前面加上本应用的访问地址。Displays:PublicBaseUrl is not set: prefix the app's address.");
        }

        await output.WriteLineAsync($"created display key {created.Info.Name} (id {created.Info.Id}):");
        await output.WriteLineAsync(DisplayKeys.Link(baseUrl, created.Key));
        return 0;
    }
}
