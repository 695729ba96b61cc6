using System.Net;
using EsmsDui.Security;
using EsmsDui.Server.Cli;
using EsmsDui.Server.Hosting;
using EsmsDui.Server.IntegrationTests.Fixtures;

namespace EsmsDui.Server.IntegrationTests.Security;

/// <summary>The <c>clients</c> verb manages who gets tokens; anonymous access exists only on loopback.</summary>
[Collection(SecuredSqliteServers.Name)]
public sealed class ClientsAndAnonymousAccessTests(SecuredSqliteServer server)
{
    [Fact]
    public async Task A_client_added_by_the_clients_verb_gets_tokens_until_it_is_removed()
    {
        var clientId = "cli-" + Guid.NewGuid().ToString("N")[..8];
        var options = new Dictionary<string, string> { ["--scope"] = "system/Patient.rs", ["--secret"] = "cli-secret", ["--name"] = "Plateforme e-parcours" };
        using var output = new StringWriter();

        Assert.Equal(0, await ClientsCommand.RunAsync(server.Services, "add", clientId, options, output, CancellationToken.None));
        Assert.Equal(0, await ClientsCommand.RunAsync(server.Services, "list", null, new Dictionary<string, string>(), output, CancellationToken.None));
        var token = await Tokens.GetAsync(server, clientId, "system/Patient.rs", "cli-secret");
        Assert.Equal(0, await ClientsCommand.RunAsync(server.Services, "remove", clientId, new Dictionary<string, string>(), output, CancellationToken.None));

        Assert.Contains(clientId, output.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("cli-secret", output.ToString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(token));
        using var refused = await Tokens.RequestAsync(server, [new("grant_type", "client_credentials"), new("client_id", clientId), new("client_secret", "cli-secret"), new("scope", "system/Patient.rs")]);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task The_clients_verb_refuses_a_scope_that_is_not_a_SMART_resource_scope()
    {
        using var output = new StringWriter();
        var options = new Dictionary<string, string> { ["--scope"] = "admin", ["--secret"] = "x" };

        Assert.Equal(1, await ClientsCommand.RunAsync(server.Services, "add", "cli-bad", options, output, CancellationToken.None));
        Assert.Contains("not a SMART resource scope", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Anonymous_access_on_an_address_that_is_not_loopback_refuses_to_start()
    {
        var folder = Path.Combine(Path.GetTempPath(), "esmsdui-anonymous-" + Guid.NewGuid().ToString("N"));
        await using var app = EsmsDuiApp.Build(["--urls", "http://0.0.0.0:0", "--Security:Enabled", "false", "--Database:DataFolder", folder, .. ServerFixture.Unbounded]);

        try
        {
            var error = await Assert.ThrowsAsync<InvalidOperationException>(() => EsmsDuiApp.StartAsync(app, CancellationToken.None));

            Assert.Contains("loopback", error.Message, StringComparison.Ordinal);
            Assert.False(File.Exists(Path.Combine(folder, "esmsdui.db")), "no database is made before the refusal");
        }
        finally
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080", true)]
    [InlineData("http://localhost:5000", true)]
    [InlineData("http://[::1]:5000", true)]
    [InlineData("http://0.0.0.0:8080", false)]
    [InlineData("http://*:8080", false)]
    [InlineData("http://+:8080", false)]
    [InlineData("https://esms.example.fr", false)]
    public void Loopback_addresses_are_told_apart(string address, bool loopback) =>
        Assert.Equal(loopback, AnonymousAccess.NotLoopback([address]).Count == 0);
}
