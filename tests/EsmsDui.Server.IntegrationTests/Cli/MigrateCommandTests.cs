using EsmsDui.Server.Cli;

namespace EsmsDui.Server.IntegrationTests.Cli;

public sealed class MigrateCommandTests
{
    [Fact]
    public async Task Migrate_creates_the_sqlite_database_and_is_idempotent()
    {
        var folder = Path.Combine(Path.GetTempPath(), "esmsdui-migrate-" + Guid.NewGuid().ToString("N"));
        try
        {
            string[] args = ["migrate", "--Database:Provider", "Sqlite", "--Database:DataFolder", folder, "--Logging:LogLevel:Default", "Warning"];
            Assert.Equal(0, await CommandLine.RunAsync(args));
            Assert.True(File.Exists(Path.Combine(folder, "esmsdui.db")));
            Assert.Equal(0, await CommandLine.RunAsync(args));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Reindex_verb_runs_to_the_end_and_can_run_again()
    {
        var folder = Path.Combine(Path.GetTempPath(), "esmsdui-reindex-" + Guid.NewGuid().ToString("N"));
        try
        {
            string[] settings = ["--Database:Provider", "Sqlite", "--Database:DataFolder", folder, "--Logging:LogLevel:Default", "Warning"];
            Assert.Equal(0, await CommandLine.RunAsync(["reindex", .. settings]));
            Assert.Equal(0, await CommandLine.RunAsync(["reindex", "--restart", .. settings]));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Unknown_verb_exits_with_usage_code()
    {
        Assert.Equal(2, await CommandLine.RunAsync(["frobnicate"]));
    }
}
