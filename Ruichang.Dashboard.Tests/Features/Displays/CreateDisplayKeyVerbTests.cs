using Microsoft.Extensions.DependencyInjection;
using Ruichang.Dashboard.Features.Displays;
using Ruichang.Dashboard.Tests.TestInfrastructure;

namespace Ruichang.Dashboard.Tests.Features.Displays;

public sealed class CreateDisplayKeyVerbTests(DashboardAppFactory app) : IClassFixture<DashboardAppFactory>
{
    [Fact]
    public async Task Prints_the_wall_link_with_a_working_key_on_its_last_line()
    {
        var result = await app.RunVerbAsync("create-display-key", "三楼会议室");

        Assert.Equal(0, result.ExitCode);
        Assert.StartsWith("/screen?key=rcs_", result.LastLine, StringComparison.Ordinal);
        Assert.Contains("Displays:PublicBaseUrl", result.Output, StringComparison.Ordinal);
        var key = result.LastLine["/screen?key=".Length..];
        var keys = app.Services.GetRequiredService<DisplayKeys>();
        var id = await keys.ValidateAsync(key, CancellationToken.None);
        Assert.NotNull(id);
        var listed = Assert.Single(await keys.ListAsync(CancellationToken.None), k => k.Id == id);
        Assert.Equal("三楼会议室", listed.Name);
        Assert.StartsWith("cli:", listed.CreatedBy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Prints_an_absolute_link_under_the_public_base_url()
    {
        await using var configured = new DashboardAppFactory();
        configured.Settings["Displays:PublicBaseUrl"] = "http://dashboard.example/ruichang";

        var result = await configured.RunVerbAsync("create-display-key", "大厅");

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"^http://dashboard\.example/ruichang/screen\?key=rcs_[A-Za-z0-9_-]{43}$", result.LastLine);
        Assert.DoesNotContain("Displays:PublicBaseUrl", result.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "create-display-key" }, "缺少大屏名称")]
    [InlineData(new[] { "create-display-key", "甲", "乙" }, "多余的参数 \"乙\"")]
    [InlineData(new[] { "create-display-key", "甲", "--role", "Admin" }, "未知选项 --role")]
    public async Task Wrong_arguments_fail_with_a_Chinese_message(string[] args, string message)
    {
        var result = await app.RunVerbAsync(args);

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        Assert.Contains("用法：create-display-key", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_name_taken_by_a_live_key_is_refused()
    {
        Assert.Equal(0, (await app.RunVerbAsync("create-display-key", "重名大屏")).ExitCode);

        var again = await app.RunVerbAsync("create-display-key", "重名大屏");

        Assert.NotEqual(0, again.ExitCode);
        Assert.Contains("已有名为“重名大屏”的有效大屏链接", again.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_built_app_prints_the_link_last_on_a_fresh_database()
    {
        using var database = new TestDatabase();

        var result = await AppProcess.RunAsync(
            new Dictionary<string, string> { ["ConnectionStrings__Dashboard"] = database.ConnectionString, ["Displays__PublicBaseUrl"] = "http://wall.example:8080/" },
            "create-display-key", "演示大屏");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Matches(@"^http://wall\.example:8080/screen\?key=rcs_[A-Za-z0-9_-]{43}$", result.LastLine);
        var keys = new DisplayKeys(database.Factory, TimeProvider.System);
        Assert.NotNull(await keys.ValidateAsync(result.LastLine[(result.LastLine.IndexOf("key=", StringComparison.Ordinal) + 4)..], CancellationToken.None));
    }

    [Fact]
    public async Task A_wrong_public_base_url_stops_the_app_naming_the_key()
    {
        using var database = new TestDatabase();

        var result = await AppProcess.RunAsync(
            new Dictionary<string, string> { ["ConnectionStrings__Dashboard"] = database.ConnectionString, ["Displays__PublicBaseUrl"] = "ftp://wall.example/" },
            "create-display-key", "演示大屏");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Displays:PublicBaseUrl", result.Error, StringComparison.Ordinal);
    }
}
