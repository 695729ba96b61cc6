namespace EsmsDui.Server.IntegrationTests.Fixtures;

/// <summary>The server on a real SQLite file in a temporary folder.</summary>
public class SqliteServerFixture : ServerFixture, IAsyncDisposable
{
    private readonly string _folder;
    private readonly bool _ownsFolder;
    private readonly Dictionary<string, string> _settings = [];

    /// <summary>A server on a new temporary folder, deleted at the end.</summary>
    public SqliteServerFixture()
        : this(Path.Combine(Path.GetTempPath(), "esmsdui-tests-" + Guid.NewGuid().ToString("N")), ownsFolder: true)
    {
    }

    /// <summary>A server on a new temporary folder with extra configuration (e.g. <c>Server:CorsOrigins:0</c>).</summary>
    public static SqliteServerFixture With(IReadOnlyDictionary<string, string> settings)
    {
        var fixture = new SqliteServerFixture();
        foreach (var (key, value) in settings)
        {
            fixture._settings[key] = value;
        }

        return fixture;
    }

    /// <summary>A server on the given folder, which is kept (to restart on the same data, or for a second node).</summary>
    public static SqliteServerFixture OnFolder(string folder, IReadOnlyDictionary<string, string>? settings = null)
    {
        var fixture = new SqliteServerFixture(folder, ownsFolder: false);
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            fixture._settings[key] = value;
        }

        return fixture;
    }

    private protected SqliteServerFixture(string folder, bool ownsFolder)
    {
        _folder = folder;
        _ownsFolder = ownsFolder;
    }

    public override string Provider => "Sqlite";

    protected override Task<IReadOnlyDictionary<string, string>> PrepareDatabaseAsync()
    {
        Directory.CreateDirectory(_folder);
        return Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>(_settings)
        {
            ["Database:Provider"] = "Sqlite",
            ["Database:DataFolder"] = _folder,
        });
    }

    protected override Task CleanUpDatabaseAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (_ownsFolder && Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }

        return Task.CompletedTask;
    }

    async ValueTask IAsyncDisposable.DisposeAsync()
    {
        await DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
