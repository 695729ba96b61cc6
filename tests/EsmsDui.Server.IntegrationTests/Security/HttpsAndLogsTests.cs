using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using EsmsDui.Security;
using EsmsDui.Server.Hosting;
using EsmsDui.Server.IntegrationTests.Fixtures;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EsmsDui.Server.IntegrationTests.Security;

/// <summary>
/// A production-like server: HTTPS with the configured certificate, HSTS, tokens over TLS; and its logs name no
/// usager and no secret.
/// </summary>
public sealed class HttpsAndLogsTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "esmsdui-https-" + Guid.NewGuid().ToString("N"));
    private readonly TestCertificates _certificates;
    private readonly string _serverCertificate;

    public HttpsAndLogsTests()
    {
        Directory.CreateDirectory(_folder);
        _certificates = new TestCertificates(_folder);
        _serverCertificate = Path.Combine(_folder, "server.p12");
        File.WriteAllBytes(_serverCertificate, _certificates.Server.Export(X509ContentType.Pkcs12, "server"));
    }

    [Fact]
    public async Task Over_HTTPS_with_the_configured_certificate_tokens_are_issued_and_answers_carry_HSTS_and_the_logs_name_no_usager_nor_secret()
    {
        var logs = new CapturingLoggerProvider();
        await using var app = EsmsDuiApp.Build(
            ["--urls", "https://127.0.0.1:0", "--Kestrel:Certificates:Default:Path", _serverCertificate, "--Kestrel:Certificates:Default:Password", "server",
             "--Database:DataFolder", _folder, "--Server:RateLimitPerSecond", "0", .. ServerFixture.Unbounded, "--Logging:LogLevel:Default", "Debug", "--Logging:LogLevel:Microsoft.AspNetCore", "Information"],
            builder => builder.Logging.AddProvider(logs));
        await EsmsDuiApp.StartAsync(app, CancellationToken.None);
        try
        {
            var origin = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            await using (var scope = app.Services.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<ClientRegistry>()
                    .RegisterAsync(new ClientRegistration("tls-client", ["system/*.cruds"], "Tr3s-secret", null, string.Empty, null), CancellationToken.None);
            }

            using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, certificate, _, _) => certificate is not null && _certificates.IsIssuedByAuthority(certificate) };
            using var http = new HttpClient(handler) { BaseAddress = new Uri(origin + "/") };
            using var tokenResponse = await http.PostAsync("connect/token", new FormUrlEncodedContent(
                [new("grant_type", "client_credentials"), new("client_id", "tls-client"), new("client_secret", "Tr3s-secret"), new("scope", "system/*.cruds")]));
            Assert.Equal(HttpStatusCode.OK, tokenResponse.StatusCode);
            var token = JsonDocument.Parse(await tokenResponse.Content.ReadAsStringAsync()).RootElement.GetProperty("access_token").GetString();
            http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);

            using var created = await http.PostAsync("fhir/Patient", FhirHttp.Json(FhirHttp.NewPatient("Zébulon-Confidentiel", "Hortense")));
            using var search = await http.GetAsync("fhir/Patient?family=Zébulon-Confidentiel");

            // HSTS is not sent to loopback host names (ASP.NET Core's default): this request names a real host.
            using var metadataRequest = new HttpRequestMessage(HttpMethod.Get, "fhir/metadata");
            metadataRequest.Headers.Host = "dui.esms-exemple.fr";
            using var metadata = await http.SendAsync(metadataRequest);

            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            Assert.Equal(HttpStatusCode.OK, search.StatusCode);
            Assert.Contains("Zébulon", await search.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Contains("max-age=", metadata.Headers.GetValues("Strict-Transport-Security").Single(), StringComparison.Ordinal);
            Assert.NotEmpty(logs.Lines);
            Assert.DoesNotContain(logs.Lines, l => l.Contains("Zébulon", StringComparison.OrdinalIgnoreCase) || l.Contains("Hortense", StringComparison.Ordinal));
            Assert.DoesNotContain(logs.Lines, l => l.Contains("Tr3s-secret", StringComparison.Ordinal) || l.Contains(token!, StringComparison.Ordinal));
        }
        finally
        {
            await app.StopAsync();
        }
    }

    [Fact]
    public async Task A_token_bound_to_a_client_certificate_is_refused_over_a_connection_without_it()
    {
        await using var app = EsmsDuiApp.Build(
            ["--urls", "https://127.0.0.1:0", "--Kestrel:Certificates:Default:Path", _serverCertificate, "--Kestrel:Certificates:Default:Password", "server",
             "--Database:DataFolder", _folder, "--Server:RateLimitPerSecond", "0", .. ServerFixture.Unbounded, "--Security:AcceptClientCertificates", "true", "--Logging:LogLevel:Default", "Warning"]);
        await EsmsDuiApp.StartAsync(app, CancellationToken.None);
        try
        {
            var origin = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            await using (var scope = app.Services.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<ClientRegistry>()
                    .RegisterAsync(new ClientRegistration("bound-client", ["system/*.rs"], "b0und", null, string.Empty, null, BindToCertificate: true), CancellationToken.None);
            }

            using var withCertificate = Https(origin, _certificates.Client);
            using var withoutCertificate = Https(origin, null);
            FormUrlEncodedContent Form() => new([new("grant_type", "client_credentials"), new("client_id", "bound-client"), new("client_secret", "b0und"), new("scope", "system/Patient.rs")]);

            using var refused = await withoutCertificate.PostAsync("connect/token", Form());
            using var issued = await withCertificate.PostAsync("connect/token", Form());
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.True(issued.StatusCode == HttpStatusCode.OK, await issued.Content.ReadAsStringAsync());
            var token = JsonDocument.Parse(await issued.Content.ReadAsStringAsync()).RootElement.GetProperty("access_token").GetString();

            foreach (var client in new[] { withCertificate, withoutCertificate })
            {
                client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            }

            Assert.Equal(HttpStatusCode.OK, (await withCertificate.GetAsync("fhir/Patient?_count=1")).StatusCode);
            using var stolen = await withoutCertificate.GetAsync("fhir/Patient?_count=1");
            Assert.True(stolen.StatusCode == HttpStatusCode.Unauthorized, System.Text.Encoding.UTF8.GetString(Microsoft.IdentityModel.Tokens.Base64UrlEncoder.DecodeBytes(token!.Split('.')[1])));
            Assert.Contains("invalid_token", stolen.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            await app.StopAsync();
        }
    }

    private HttpClient Https(string origin, X509Certificate2? clientCertificate)
    {
        var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, certificate, _, _) => certificate is not null && _certificates.IsIssuedByAuthority(certificate) };
        if (clientCertificate is not null)
        {
            handler.ClientCertificateOptions = ClientCertificateOption.Manual;
            handler.ClientCertificates.Add(X509CertificateLoader.LoadPkcs12(clientCertificate.Export(X509ContentType.Pkcs12, "c"), "c"));
        }

        return new HttpClient(handler) { BaseAddress = new Uri(origin + "/") };
    }

    public void Dispose()
    {
        _certificates.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        public System.Collections.Concurrent.ConcurrentQueue<string> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(Lines, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(System.Collections.Concurrent.ConcurrentQueue<string> lines, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue($"{category}: {formatter(state, exception)} {exception}");
        }
    }
}
