using EsmsDui.Security;
using EsmsDui.Server.Hosting;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenIddict.Client;
using OpenIddict.Server;

namespace EsmsDui.Server.IntegrationTests.Security;

/// <summary>The token certificates are read, or made, when the server first needs them, not while its services are registered.</summary>
public sealed class TokenKeysTests
{
    [Fact]
    public async Task Building_the_server_touches_no_key_file_and_its_first_use_makes_the_certificates_and_protected_keys()
    {
        using var data = new TemporaryFolder("esmsdui-keys-");
        var keys = Path.Combine(data.Path, "keys");

        await using (var app = EsmsDuiApp.Build(["--Database:DataFolder", data.Path, "--urls", "http://127.0.0.1:0"]))
        {
            Assert.False(Directory.Exists(data.Path));

            var server = app.Services.GetRequiredService<IOptions<OpenIddictServerOptions>>().Value;
            var client = app.Services.GetRequiredService<IOptions<OpenIddictClientOptions>>().Value;
            var protectedText = app.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Protect("staff session");

            Assert.True(File.Exists(Path.Combine(keys, TokenKeys.SigningFile)));
            Assert.True(File.Exists(Path.Combine(keys, TokenKeys.EncryptionFile)));
            Assert.Contains(server.SigningCredentials, c => c.Key is Microsoft.IdentityModel.Tokens.X509SecurityKey);
            Assert.Contains(client.EncryptionCredentials, c => c.Key is Microsoft.IdentityModel.Tokens.X509SecurityKey);
            var ring = Assert.Single(Directory.GetFiles(Path.Combine(keys, "data-protection"), "*.xml"));
            Assert.Contains("EncryptedData", await File.ReadAllTextAsync(ring), StringComparison.Ordinal);
            Assert.DoesNotContain("<masterKey", await File.ReadAllTextAsync(ring), StringComparison.Ordinal);

            // Another node (here, the next start) reads the ring with the kept certificate.
            await using var next = EsmsDuiApp.Build(["--Database:DataFolder", data.Path, "--urls", "http://127.0.0.1:0"]);
            Assert.Equal("staff session", next.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Unprotect(protectedText));
        }
    }

    [Fact]
    public async Task Without_security_no_key_file_is_made_and_tokens_use_keys_of_the_process()
    {
        using var data = new TemporaryFolder("esmsdui-keys-");

        await using var app = EsmsDuiApp.Build(["--Database:DataFolder", data.Path, "--Security:Enabled", "false", "--urls", "http://127.0.0.1:0"]);
        var server = app.Services.GetRequiredService<IOptions<OpenIddictServerOptions>>().Value;

        Assert.NotEmpty(server.SigningCredentials);
        Assert.DoesNotContain(server.SigningCredentials, c => c.Key is Microsoft.IdentityModel.Tokens.X509SecurityKey);
        Assert.False(Directory.Exists(Path.Combine(data.Path, "keys")));
    }
}
