using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Ruichang.Dashboard.Data;
using Ruichang.Dashboard.Features.Api;
using Ruichang.Dashboard.Features.CommandLine;

namespace Ruichang.Dashboard.Tests.TestInfrastructure;

/// <summary>
/// The whole app in memory (environment <c>Testing</c>) on its own SQLite file, migrated and seeded
/// by the app's own start-up. Demo data and the collectors are off unless a test turns them on;
/// the first administrator is <see cref="AdminUserName"/> / <see cref="AdminPassword"/>.
/// Change <see cref="Settings"/> before the first client or <see cref="WebApplicationFactory{T}.Services"/>
/// call: the app reads them once, when it starts.
/// </summary>
/// <remarks>Not sealed: a browser test may derive from it (e.g. to start it on Kestrel).</remarks>
public partial class DashboardAppFactory : WebApplicationFactory<Program>
{
    public const string AdminUserName = "admin";
    public const string AdminPassword = "admin-test-password";

    /// <summary>The password <see cref="CreateUserAsync"/> gives when none is named.</summary>
    public const string UserPassword = "user-test-password";

    private readonly bool _ownsDatabase;
    private readonly ConcurrentQueue<string> _log = new();
    private bool _databaseDisposed;

    /// <summary>A factory on a new, empty database of its own, deleted on dispose.</summary>
    public DashboardAppFactory()
        : this(new TestDatabase(), ownsDatabase: true)
    {
    }

    /// <param name="database">The database file the app uses.</param>
    /// <param name="ownsDatabase">Whether disposing the factory deletes <paramref name="database"/>.</param>
    protected DashboardAppFactory(TestDatabase database, bool ownsDatabase)
    {
        Database = database;
        _ownsDatabase = ownsDatabase;
        Settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            [DatabaseOptions.ConnectionStringKey] = database.ConnectionString,
            ["Demo:Enabled"] = "false",
            ["Collection:Enabled"] = "false",
            ["Bootstrap:AdminUserName"] = AdminUserName,
            ["Bootstrap:AdminPassword"] = AdminPassword,
            // The test server and the browser tests speak plain HTTP; a Secure cookie would never come back.
            ["Sessions:SecureCookie"] = "false",
            // Every test client shares one address: the sign-in rate limit would count them all together.
            ["SignIn:PermitLimit"] = "100000",
        };
    }

    public TestDatabase Database { get; }

    /// <summary>
    /// A factory on an existing <paramref name="database"/>, e.g. to start the app a second time on
    /// the same file; the caller disposes the database. (xunit class fixtures need a single public
    /// constructor, hence a method.)
    /// </summary>
    public static DashboardAppFactory On(TestDatabase database) => new(database, ownsDatabase: false);

    /// <summary>Configuration the app starts with (key as in appsettings, <c>:</c>-separated); a null value unsets a key.</summary>
    public IDictionary<string, string?> Settings { get; }

    /// <summary>
    /// How long a stop waits for open connections before it cuts them (the host's default is 30 s);
    /// null keeps the default. Set it, like <see cref="Settings"/>, before the app starts.
    /// </summary>
    public TimeSpan? ShutdownTimeout { get; set; }

    /// <summary>
    /// The clock the app runs on (a <c>FakeTimeProvider</c> the test advances), null for the system's.
    /// Set it, like <see cref="Settings"/>, before the app starts.
    /// </summary>
    public TimeProvider? Time { get; set; }

    public bool DemoEnabled
    {
        get => Settings["Demo:Enabled"] == "true";
        set => Settings["Demo:Enabled"] = value ? "true" : "false";
    }

    public bool CollectionEnabled
    {
        get => Settings["Collection:Enabled"] == "true";
        set => Settings["Collection:Enabled"] = value ? "true" : "false";
    }

    /// <summary>Every log message the app wrote (Information and above), formatted, in order.</summary>
    public IReadOnlyList<string> LogMessages => [.. _log];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        // Outside Development the framework's and packages' files (_framework/, _content/) are only
        // found in a published app; the build's manifest points at them for the test host.
        builder.UseStaticWebAssets();
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services =>
        {
            services.AddSingleton<ILoggerProvider>(new QueueLoggerProvider(_log));
            if (ShutdownTimeout is { } timeout)
            {
                services.Configure<HostOptions>(o => o.ShutdownTimeout = timeout);
            }

            if (Time is { } time)
            {
                services.AddSingleton(time);
            }
        });
    }

    // ---- browser sessions -------------------------------------------------------------------

    /// <summary>Starts the app on Kestrel at a free loopback port, for a real browser; returns its base address.</summary>
    public string StartOnLoopback()
    {
        UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        StartServer();
        return Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    }

    /// <summary>A client like a browser: keeps cookies (on the app's clock, see <see cref="BrowserCookies"/>), does not follow redirects (tests look at them).</summary>
    public HttpClient CreateBrowserClient() =>
        CreateDefaultClient(ClientOptions.BaseAddress, new BrowserCookies(Time ?? TimeProvider.System));

    /// <summary>
    /// Fills in and posts the real sign-in form as a browser would: GETs the page (which sets the
    /// antiforgery cookie), takes the form's token and posts user name and password.
    /// </summary>
    public static async Task<HttpResponseMessage> PostLoginAsync(HttpClient browser, string userName, string password, string? returnUrl = null)
    {
        var url = returnUrl is null ? "/account/login" : $"/account/login?returnUrl={Uri.EscapeDataString(returnUrl)}";
        var page = await browser.GetStringAsync(url);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["__RequestVerificationToken"] = AntiforgeryToken(page),
            ["Input.UserName"] = userName,
            ["Input.Password"] = password,
        });
        return await browser.PostAsync(url, form);
    }

    /// <summary>A browser client signed in through the sign-in form; throws when the sign-in is refused.</summary>
    public async Task<HttpClient> SignInAsync(string userName, string password = UserPassword)
    {
        var browser = CreateBrowserClient();
        using var response = await PostLoginAsync(browser, userName, password);
        if (response.StatusCode != HttpStatusCode.Found)
        {
            browser.Dispose();
            throw new InvalidOperationException($"Signing in as {userName} was refused: {(int)response.StatusCode}\n{await response.Content.ReadAsStringAsync()}");
        }

        return browser;
    }

    /// <summary>
    /// The page's text with character references decoded: the renderer writes 登录 as
    /// <c>&amp;#x767B;&amp;#x5F55;</c>, which a browser shows as Chinese but a string search misses.
    /// </summary>
    public static async Task<string> ReadHtmlAsync(HttpResponseMessage response) =>
        WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

    /// <summary>Where a redirect goes, as path and query; fails when it leaves the app's own origin.</summary>
    public static string RedirectTarget(HttpResponseMessage response)
    {
        var location = response.Headers.Location ?? throw new InvalidOperationException($"{(int)response.StatusCode} is not a redirect.");
        if (!location.IsAbsoluteUri)
        {
            location = new Uri(new Uri("http://localhost/"), location);
        }

        if (location.Scheme != Uri.UriSchemeHttp || location.Authority != "localhost")
        {
            throw new InvalidOperationException($"The redirect leaves the app: {location}");
        }

        return location.PathAndQuery;
    }

    /// <summary>The antiforgery token of the (first) form on a server-rendered page.</summary>
    public static string AntiforgeryToken(string html)
    {
        var input = AntiforgeryInput().Match(html);
        if (!input.Success)
        {
            throw new InvalidOperationException("The page has no antiforgery token field.");
        }

        return WebUtility.HtmlDecode(ValueAttribute().Match(input.Value).Groups[1].Value);
    }

    [GeneratedRegex("""<input[^>]*name="__RequestVerificationToken"[^>]*>""")]
    private static partial Regex AntiforgeryInput();

    [GeneratedRegex("""value="([^"]*)""")]
    private static partial Regex ValueAttribute();

    // ---- users, tokens, verbs ---------------------------------------------------------------

    /// <summary>Creates a user with <paramref name="role"/> (none when null) through the app's UserManager.</summary>
    public async Task<DashboardUser> CreateUserAsync(string userName, string? role, string password = UserPassword)
    {
        return await InScopeAsync(async services =>
        {
            var users = services.GetRequiredService<UserManager<DashboardUser>>();
            var user = new DashboardUser { UserName = userName };
            Succeeded(await users.CreateAsync(user, password));
            if (role is not null)
            {
                Succeeded(await users.AddToRoleAsync(user, role));
            }

            return user;
        });

        static void Succeeded(IdentityResult result)
        {
            if (!result.Succeeded)
            {
                throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
            }
        }
    }

    /// <summary>Runs <paramref name="work"/> with a fresh DI scope of the running app.</summary>
    public async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    /// <summary>Issues an API token for <paramref name="role"/> as <c>create-token</c> does; returns the plain token.</summary>
    public Task<string> CreateApiTokenAsync(string role, string? name = null) =>
        Services.GetRequiredService<ApiTokenIssuer>().IssueAsync(name ?? $"test-{role}-{Guid.NewGuid():N}", role, CancellationToken.None);

    /// <summary>A client that sends <c>Authorization: Bearer <paramref name="token"/></c> and no cookies.</summary>
    public HttpClient CreateApiClient(string? token)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    /// <summary>
    /// Runs a command-line verb (<c>create-user zhangsan --role Staff</c>) inside the running app,
    /// through the same entry the app's <c>Main</c> uses, and returns what it printed.
    /// </summary>
    public async Task<VerbResult> RunVerbAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var host = new ServicesHost(Services);
        var exitCode = await host.RunVerbAsync(args, output, error);
        return new VerbResult(exitCode, output.ToString(), error.ToString());
    }

    // ---- clean-up ---------------------------------------------------------------------------

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);

        // After the host has stopped: the app no longer holds the file.
        if (disposing && _ownsDatabase && !_databaseDisposed)
        {
            _databaseDisposed = true;
            Database.Dispose();
        }
    }

    /// <summary>The running app's services seen as the <see cref="IHost"/> the verb runner takes; starting and stopping are no-ops.</summary>
    private sealed class ServicesHost(IServiceProvider services) : IHost
    {
        public IServiceProvider Services { get; } = services;

        public Task StartAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

        public void Dispose()
        {
        }
    }

    private sealed class QueueLoggerProvider(ConcurrentQueue<string> log) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new QueueLogger(log);

        public void Dispose()
        {
        }
    }

    private sealed class QueueLogger(ConcurrentQueue<string> log) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                log.Enqueue(formatter(state, exception));
            }
        }
    }
}

/// <summary>What a command-line verb returned and printed.</summary>
public sealed record VerbResult(int ExitCode, string Output, string Error)
{
    /// <summary>The last non-empty line of the output: where a verb says what it made.</summary>
    public string LastLine => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "";
}
