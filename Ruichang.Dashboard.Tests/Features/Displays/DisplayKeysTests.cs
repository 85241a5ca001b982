using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using Ruichang.Dashboard.Features.Displays;
using Ruichang.Dashboard.Tests.TestInfrastructure;

namespace Ruichang.Dashboard.Tests.Features.Displays;

/// <summary>Wall-display keys on a real SQLite database migrated by the app's migrations.</summary>
public sealed class DisplayKeysTests : IAsyncLifetime, IDisposable
{
    private readonly TestDatabase _database = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2014, 10, 15, 4, 0, 0, TimeSpan.Zero));
    private DisplayKeys _keys = default!;

    public async Task InitializeAsync()
    {
        await _database.MigrateAsync();
        _keys = new DisplayKeys(_database.Factory, _time);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task A_new_key_is_stored_only_as_its_SHA256()
    {
        var created = await _keys.CreateAsync("三楼会议室", "user:admin", CancellationToken.None);

        Assert.StartsWith(DisplayKeys.Prefix, created.Key, StringComparison.Ordinal);
        Assert.Equal(DisplayKeys.Prefix.Length + 43, created.Key.Length);
        await using var db = _database.CreateContext();
        var stored = await db.DisplayKeys.SingleAsync();
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(created.Key))), stored.KeyHash);
        Assert.Equal("三楼会议室", stored.Name);
        Assert.Equal("user:admin", stored.CreatedBy);
        Assert.Equal(_time.GetUtcNow().UtcDateTime, stored.CreatedAtUtc);
        Assert.Null(stored.RevokedAtUtc);
        Assert.Null(stored.LastUsedAtUtc);

        // Nowhere in the file: not in the table, not in the log.
        SqliteConnection.ClearAllPools();
        foreach (var file in Directory.GetFiles(_database.Folder))
        {
            var bytes = await File.ReadAllBytesAsync(file);
            Assert.False(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(created.Key[DisplayKeys.Prefix.Length..])) >= 0, $"{file} holds the key");
        }
    }

    [Fact]
    public async Task Two_keys_are_different_and_each_opens_only_itself()
    {
        var first = await _keys.CreateAsync("大屏一", "user:admin", CancellationToken.None);
        var second = await _keys.CreateAsync("大屏二", "user:admin", CancellationToken.None);

        Assert.NotEqual(first.Key, second.Key);
        Assert.Equal(first.Info.Id, await _keys.ValidateAsync(first.Key, CancellationToken.None));
        Assert.Equal(second.Info.Id, await _keys.ValidateAsync(second.Key, CancellationToken.None));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("rcs_")]
    [InlineData("rcs_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    [InlineData("rcd_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task A_wrong_key_opens_nothing(string? key)
    {
        await _keys.CreateAsync("大屏", "user:admin", CancellationToken.None);

        Assert.Null(await _keys.ValidateAsync(key, CancellationToken.None));
    }

    [Fact]
    public async Task A_revoked_key_opens_nothing_and_says_who_revoked_it()
    {
        var created = await _keys.CreateAsync("大屏", "user:admin", CancellationToken.None);
        _time.Advance(TimeSpan.FromHours(1));

        Assert.True(await _keys.RevokeAsync(created.Info.Id, "user:chief", CancellationToken.None));

        Assert.Null(await _keys.ValidateAsync(created.Key, CancellationToken.None));
        Assert.False(await _keys.IsLiveAsync(created.Info.Id, CancellationToken.None));
        var listed = Assert.Single(await _keys.ListAsync(CancellationToken.None));
        Assert.True(listed.IsRevoked);
        Assert.Equal(_time.GetUtcNow().UtcDateTime, listed.RevokedAtUtc);
        Assert.Equal("user:chief", listed.RevokedBy);
        // Once only: a second revocation changes nothing.
        Assert.False(await _keys.RevokeAsync(created.Info.Id, "user:other", CancellationToken.None));
        Assert.Equal("user:chief", Assert.Single(await _keys.ListAsync(CancellationToken.None)).RevokedBy);
    }

    [Fact]
    public async Task Use_is_noted_at_most_every_five_minutes()
    {
        var created = await _keys.CreateAsync("大屏", "user:admin", CancellationToken.None);
        var first = _time.GetUtcNow().UtcDateTime;

        await _keys.ValidateAsync(created.Key, CancellationToken.None);
        _time.Advance(TimeSpan.FromMinutes(4));
        await _keys.ValidateAsync(created.Key, CancellationToken.None);
        Assert.Equal(first, Assert.Single(await _keys.ListAsync(CancellationToken.None)).LastUsedAtUtc);

        _time.Advance(TimeSpan.FromMinutes(1));
        await _keys.ValidateAsync(created.Key, CancellationToken.None);
        Assert.Equal(_time.GetUtcNow().UtcDateTime, Assert.Single(await _keys.ListAsync(CancellationToken.None)).LastUsedAtUtc);
    }

    [Fact]
    public async Task A_name_is_required_short_and_not_shared_by_two_live_keys()
    {
        var taken = await _keys.CreateAsync("  大屏  ", "user:admin", CancellationToken.None);
        Assert.Equal("大屏", taken.Info.Name);

        Assert.Contains("请填写大屏名称", (await Assert.ThrowsAsync<DisplayKeyException>(() => _keys.CreateAsync(" ", "user:admin", CancellationToken.None))).Message, StringComparison.Ordinal);
        Assert.Contains("最长 100 个字符", (await Assert.ThrowsAsync<DisplayKeyException>(() => _keys.CreateAsync(new string('屏', 101), "user:admin", CancellationToken.None))).Message, StringComparison.Ordinal);
        Assert.Contains("已有名为“大屏”的有效大屏链接", (await Assert.ThrowsAsync<DisplayKeyException>(() => _keys.CreateAsync("大屏", "user:admin", CancellationToken.None))).Message, StringComparison.Ordinal);

        // A revoked key's name is free again.
        await _keys.RevokeAsync(taken.Info.Id, "user:admin", CancellationToken.None);
        var again = await _keys.CreateAsync("大屏", "user:admin", CancellationToken.None);
        Assert.Equal(again.Info.Id, await _keys.ValidateAsync(again.Key, CancellationToken.None));
    }

    [Fact]
    public async Task The_list_puts_live_keys_first_newest_first()
    {
        var old = await _keys.CreateAsync("旧", "user:admin", CancellationToken.None);
        _time.Advance(TimeSpan.FromDays(1));
        await _keys.CreateAsync("新", "user:admin", CancellationToken.None);
        _time.Advance(TimeSpan.FromDays(1));
        var revoked = await _keys.CreateAsync("撤", "user:admin", CancellationToken.None);
        await _keys.RevokeAsync(revoked.Info.Id, "user:admin", CancellationToken.None);

        Assert.Equal(["新", "旧", "撤"], (await _keys.ListAsync(CancellationToken.None)).Select(k => k.Name));
        Assert.False((await _keys.ListAsync(CancellationToken.None)).Single(k => k.Id == old.Info.Id).IsRevoked);
    }

    [Theory]
    [InlineData(null, "/screen?key=rcs_abc-_1")]
    [InlineData("http://dashboard.example/", "http://dashboard.example/screen?key=rcs_abc-_1")]
    [InlineData("https://example.gov.cn/ruichang/", "https://example.gov.cn/ruichang/screen?key=rcs_abc-_1")]
    public void The_link_is_under_the_public_base_or_relative(string? baseUrl, string expected) =>
        Assert.Equal(expected, DisplayKeys.Link(baseUrl is null ? null : new Uri(baseUrl), "rcs_abc-_1"));
}
