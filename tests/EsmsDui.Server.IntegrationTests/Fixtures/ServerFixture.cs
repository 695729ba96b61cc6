using EsmsDui.Fhir.Installation;
using EsmsDui.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace EsmsDui.Server.IntegrationTests.Fixtures;

/// <summary>A real EsmsDui server on a free loopback port, over a database the subclass provides.</summary>
public abstract class ServerFixture : IAsyncLifetime
{
    private WebApplication? _app;

    /// <summary>
    /// The load limits off for a server inside the test process (its memory is the process's, shared with the other
    /// servers of the suite; requests are not to queue behind other tests' ones).
    /// </summary>
    public static readonly string[] Unbounded =
        ["--Server:MaxConcurrentRequests", "0", "--Server:MaxConcurrentRequestsPerClient", "0", "--Server:MemoryBudgetBytes", "0"];

    /// <summary>The FHIR base URL, e.g. http://127.0.0.1:41234/fhir.</summary>
    public string BaseUrl { get; private set; } = string.Empty;

    /// <summary>A client whose base address is the FHIR base (with trailing slash).</summary>
    public HttpClient Client { get; private set; } = new();

    /// <summary>The services of the running server (to drive CLI verbs against the same database).</summary>
    public IServiceProvider Services => _app?.Services ?? throw new InvalidOperationException("The server is not started.");

    /// <summary>The name of the storage provider, for messages.</summary>
    public abstract string Provider { get; }

    public async Task InitializeAsync()
    {
        var settings = (await PrepareDatabaseAsync()).Concat(ExtraSettings);
        // Anonymous on loopback, no rate or concurrency limit and no audit trail (which would add resources to what
        // tests count) unless a fixture sets them (later arguments win). No memory budget either: the test process
        // holds many servers, and the budget is one server process's.
        List<string> args =
        [
            "--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default", "Warning", "--Security:Enabled", "false", "--Server:RateLimitPerSecond", "0", "--Server:TokenRequestsPerMinute", "0",
            .. Unbounded, "--Audit:Enabled", "false",
        ];
        foreach (var (key, value) in settings)
        {
            args.Add($"--{key}");
            args.Add(value);
        }

        _app = EsmsDuiApp.Build([.. args]);
        await EsmsDuiApp.StartAsync(_app, CancellationToken.None);
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseUrl = address.TrimEnd('/') + "/fhir";
        Client = new HttpClient { BaseAddress = new Uri(BaseUrl + "/"), Timeout = TimeSpan.FromMinutes(2) };
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        await CleanUpDatabaseAsync();
    }

    /// <summary>Waits until the packages' conformance resources, stored in the background after start-up, are there.</summary>
    public Task WaitForPackagesAsync() => Services.GetRequiredService<PackageInstaller>().Installed.WaitAsync(TimeSpan.FromMinutes(3));

    /// <summary>Configuration a subclass adds (packages, validation…).</summary>
    protected virtual IEnumerable<KeyValuePair<string, string>> ExtraSettings => [];

    /// <summary>Creates the database and returns the configuration that points the server at it.</summary>
    protected abstract Task<IReadOnlyDictionary<string, string>> PrepareDatabaseAsync();

    /// <summary>Removes what <see cref="PrepareDatabaseAsync"/> made.</summary>
    protected abstract Task CleanUpDatabaseAsync();
}
