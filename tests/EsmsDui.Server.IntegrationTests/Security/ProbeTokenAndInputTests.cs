using System.Net;
using System.Text.Json;
using EsmsDui.Server.IntegrationTests.Fixtures;
using Hl7.Fhir.Model;
using Microsoft.Extensions.DependencyInjection;

namespace EsmsDui.Server.IntegrationTests.Security;

/// <summary>
/// Regression tests of the outside probe (issue 14): self-granted audit scopes (finding 3), path spellings that
/// skipped authentication (7), tokens in the URL (10), forbidden characters (11) and the input oddities of 19.
/// </summary>
public abstract class ProbeTokenAndInputTests(ServerFixture server)
{
    [Theory]
    [InlineData("system/*.cruds", "system/AuditEvent.rs")]
    [InlineData("system/*.cruds", "system/AuditEvent.write")]
    [InlineData("system/*.cud", "system/AuditEvent.c")]
    [InlineData("system/*.*", "system/AuditEvent.read")]
    public async Task A_star_registration_never_grants_the_audit_trail(string registered, string asked)
    {
        var clientId = "star-" + Guid.NewGuid().ToString("N")[..8];
        await Tokens.RegisterAsync(server, clientId, registered, establishments: null);

        using var response = await Tokens.RequestAsync(server, [new("grant_type", "client_credentials"), new("client_id", clientId), new("client_secret", "s3cret"), new("scope", asked)]);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_scope", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString());
    }

    [Fact]
    public async Task No_client_writes_an_AuditEvent_through_the_API_even_one_registered_for_it()
    {
        var clientId = "auditor-" + Guid.NewGuid().ToString("N")[..8];
        await Tokens.RegisterAsync(server, clientId, "system/AuditEvent.cruds");
        using var client = Tokens.Client(server, await Tokens.GetAsync(server, clientId, "system/AuditEvent.cruds"));
        var forged = new AuditEvent
        {
            Type = new Coding("http://dicom.nema.org/resources/ontology/DCM", "110110"),
            Recorded = DateTimeOffset.UtcNow,
            Agent = [new AuditEvent.AgentComponent { Requestor = true, Who = new ResourceReference { Display = "forged" } }],
            Source = new AuditEvent.SourceComponent { Observer = new ResourceReference { Display = "forged" } },
        };
        var transaction = new Bundle { Type = Bundle.BundleType.Transaction };
        transaction.Entry.Add(new Bundle.EntryComponent { Resource = forged, Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.POST, Url = "AuditEvent" } });

        using var created = await client.PostAsync("AuditEvent", FhirHttp.Json(forged));
        using var inTransaction = await client.PostAsync(string.Empty, FhirHttp.Json(transaction));
        var found = await FhirHttp.ReadAsync<Bundle>(await client.GetAsync("AuditEvent?agent-name=forged"));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, created.StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, inTransaction.StatusCode);
        Assert.Empty(found.Entry);
    }

    [Theory]
    [InlineData("POST", "/FHIR/Patient/$validate")]
    [InlineData("POST", "/FHIR")]
    [InlineData("GET", "/Fhir/Patient")]
    [InlineData("GET", "/T/autre/FHIR/Patient")]
    [InlineData("GET", "/t/autre/Fhir/metadata/../Patient")]
    public async Task Every_spelling_of_the_FHIR_base_needs_a_token(string method, string path)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), Tokens.Origin(server) + path);
        if (method == "POST")
        {
            request.Content = FhirHttp.Json(path.EndsWith("FHIR", StringComparison.Ordinal) ? new Bundle { Type = Bundle.BundleType.Batch } : FhirHttp.NewPatient());
        }

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_token_in_the_URL_is_refused_and_not_kept()
    {
        var clientId = "url-token-" + Guid.NewGuid().ToString("N")[..8];
        await Tokens.RegisterAsync(server, clientId, "system/*.rs system/AuditEvent.rs");
        var token = await Tokens.GetAsync(server, clientId, "system/*.rs system/AuditEvent.rs");
        using var anonymous = Tokens.Client(server, null);
        using var bearer = Tokens.Client(server, token);

        using var alone = await anonymous.GetAsync($"Patient?access_token={token}");
        using var both = await bearer.GetAsync($"Patient?_count=1&access_token={token}");
        var bodies = await alone.Content.ReadAsStringAsync() + await both.Content.ReadAsStringAsync();
        var trail = await bearer.GetAsync($"AuditEvent?agent={Uri.EscapeDataString(clientId)}&_count=50");

        Assert.Equal(HttpStatusCode.Unauthorized, alone.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, both.StatusCode);
        Assert.DoesNotContain(token, bodies, StringComparison.Ordinal);
        Assert.DoesNotContain(token, await trail.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\\u0000")]
    [InlineData("\\u0001")]
    [InlineData("\\u001b")]
    [InlineData("\\uffff")]
    [InlineData("\\ud800")]
    public async Task A_string_with_a_character_FHIR_forbids_is_refused_with_400_and_stores_nothing(string escaped)
    {
        using var client = await AdminAsync();
        var family = "Controle" + Guid.NewGuid().ToString("N")[..6];
        var json = $$"""{"resourceType":"Patient","name":[{"family":"{{family}}a{{escaped}}b"}]}""";

        using var response = await client.PostAsync("Patient", FhirHttp.Json(json));
        var found = await FhirHttp.ReadAsync<Bundle>(await client.GetAsync($"Patient?family={family}"));
        using var xml = await client.GetAsync("Patient?_format=xml&_count=50");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await FhirHttp.ReadAsync<OperationOutcome>(response);
        Assert.Empty(found.Entry);
        Assert.Equal(HttpStatusCode.OK, xml.StatusCode);
    }

    [Theory]
    [InlineData("0.00000000000000000000000000000000000001")]
    [InlineData("1234567890123456789012345678901234567890")]
    [InlineData("1e400")]
    public async Task A_number_beyond_the_precision_kept_is_refused_rather_than_rounded(string number)
    {
        using var client = await AdminAsync();
        var json = "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"mesure\"},\"valueQuantity\":{\"value\":" + number + "}}";

        using var response = await client.PostAsync("Observation", FhirHttp.Json(json));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await FhirHttp.ReadAsync<OperationOutcome>(response);
    }

    [Fact]
    public async Task A_huge_number_is_not_echoed_back_whole()
    {
        using var client = await AdminAsync();
        var number = "1" + new string('0', 100_000);
        var json = "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":{\"text\":\"mesure\"},\"valueQuantity\":{\"value\":" + number + "}}";

        using var response = await client.PostAsync("Observation", FhirHttp.Json(json));
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(body.Length < 4_000, $"The answer is {body.Length} characters long.");
    }

    [Fact]
    public async Task A_doubly_encoded_slash_is_not_a_path_separator()
    {
        using var client = await AdminAsync();
        var patient = await FhirHttp.CreatePatientAsync(client, "Encodage");

        using var response = await client.GetAsync(Tokens.Origin(server) + $"/fhir/Patient%252f{patient.Id}");

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("Encodage", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_has_nested_eleven_levels_deep_is_refused_with_400_naming_it()
    {
        using var client = await AdminAsync();
        var key = "_has:Observation:subject:" + string.Concat(Enumerable.Repeat("_has:Provenance:target:", 10)) + "agent=Device/x";

        using var response = await client.GetAsync($"Patient?{key}");
        var outcome = await FhirHttp.ReadAsync<OperationOutcome>(response);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("_has", outcome.Issue[0].Diagnostics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PKCE_plain_is_refused_at_the_authorization_endpoint()
    {
        // Finding 13 on both providers (the staff sign-in tests also check it through Pro Santé Connect).
        var clientId = "pkce-" + Guid.NewGuid().ToString("N")[..8];
        const string redirect = "http://127.0.0.1/app/callback";
        await using (var scope = server.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<EsmsDui.Security.ClientRegistry>()
                .RegisterAsync(new EsmsDui.Security.ClientRegistration(clientId, ["openid", "user/Patient.rs"], null, null, string.Empty, "app", null, [redirect]), CancellationToken.None);
        }

        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var url = Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(Tokens.Origin(server) + EsmsDui.Security.SecurityEndpoints.Authorization, new Dictionary<string, string?>
        {
            ["response_type"] = "code",
            ["client_id"] = clientId,
            ["redirect_uri"] = redirect,
            ["scope"] = "openid user/Patient.rs",
            ["state"] = "etat",
            ["code_challenge"] = new string('v', 64),
            ["code_challenge_method"] = "plain",
        });

        using var response = await browser.GetAsync(url);
        var answer = (response.Headers.Location?.ToString() ?? string.Empty) + await response.Content.ReadAsStringAsync();

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("invalid_request", answer, StringComparison.Ordinal);
        Assert.Contains("code_challenge_method", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Shared_conformance_resources_are_changed_by_a_platform_administrator_only()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        await Tokens.RegisterAsync(server, "platform-" + suffix, "platform/admin system/CodeSystem.cruds system/StructureDefinition.cruds");
        using var platform = Tokens.Client(server, await Tokens.GetAsync(server, "platform-" + suffix, "platform/admin system/CodeSystem.cruds system/StructureDefinition.cruds"));
        await Tokens.RegisterAsync(server, "tenant-" + suffix, "system/*.cruds", tenant: Secured.OtherTenant);
        using var tenant = Tokens.Client(server, await Tokens.GetAsync(server, "tenant-" + suffix, "system/*.cruds"), Secured.OtherTenant);
        using var local = await AdminAsync();
        var codeSystem = new CodeSystem { Id = "partage-" + suffix, Url = $"https://esmsdui.example/CodeSystem/partage-{suffix}", Status = PublicationStatus.Active, Content = CodeSystemContentMode.Complete, Concept = [new CodeSystem.ConceptDefinitionComponent { Code = "a", Display = "A" }] };

        using var created = await platform.PutAsync($"CodeSystem/{codeSystem.Id}", FhirHttp.Json(codeSystem));
        codeSystem.Concept[0].Display = "changé";
        using var byTenant = await tenant.PutAsync($"CodeSystem/{codeSystem.Id}", FhirHttp.Json(codeSystem));
        using var deletedByLocal = await local.DeleteAsync($"CodeSystem/{codeSystem.Id}");
        using var newByTenant = await tenant.PostAsync("CodeSystem", FhirHttp.Json(new CodeSystem { Url = $"https://esmsdui.example/CodeSystem/autre-{suffix}", Status = PublicationStatus.Active, Content = CodeSystemContentMode.NotPresent }));
        var after = await FhirHttp.ReadAsync<CodeSystem>(await local.GetAsync($"CodeSystem/{codeSystem.Id}"));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, byTenant.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, deletedByLocal.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, newByTenant.StatusCode);
        Assert.Equal("A", after.Concept[0].Display);
        Assert.Equal("1", after.Meta.VersionId);
    }

    [Theory]
    [InlineData("")]
    [InlineData("autre")]
    public async Task The_platform_administrator_scope_is_only_for_a_default_tenant_client_reaching_every_usager(string tenant)
    {
        var clientId = "platform-bad-" + Guid.NewGuid().ToString("N")[..8];

        var error = await Record.ExceptionAsync(() => Tokens.RegisterAsync(server, clientId, "platform/admin system/CodeSystem.cruds", tenant: tenant, establishments: tenant.Length == 0 ? ["esms-1"] : null));

        Assert.IsType<EsmsDui.Fhir.Errors.FhirException>(error);
    }

    [Fact]
    public async Task An_unknown_client_and_a_wrong_secret_get_the_same_answer()
    {
        var clientId = "known-" + Guid.NewGuid().ToString("N")[..8];
        await Tokens.RegisterAsync(server, clientId, "system/Patient.rs");

        using var unknown = await Tokens.RequestAsync(server, [new("grant_type", "client_credentials"), new("client_id", "unknown-" + clientId), new("client_secret", "x"), new("scope", "system/Patient.rs")]);
        using var wrong = await Tokens.RequestAsync(server, [new("grant_type", "client_credentials"), new("client_id", clientId), new("client_secret", "x"), new("scope", "system/Patient.rs")]);

        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal(unknown.StatusCode, wrong.StatusCode);
        Assert.Equal(await unknown.Content.ReadAsStringAsync(), await wrong.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Wrong_secrets_hold_back_that_client_from_that_address_only()
    {
        var guessed = "guessed-" + Guid.NewGuid().ToString("N")[..8];
        var other = "other-" + Guid.NewGuid().ToString("N")[..8];
        await Tokens.RegisterAsync(server, guessed, "system/Patient.rs");
        await Tokens.RegisterAsync(server, other, "system/Patient.rs");
        var attempts = await Task.WhenAll(Enumerable.Range(0, 12).Select(async i =>
        {
            using var response = await Tokens.RequestAsync(server, [new("grant_type", "client_credentials"), new("client_id", guessed), new("client_secret", "guess" + i), new("scope", "system/Patient.rs")]);
            return response.StatusCode;
        }));

        using var right = await Tokens.RequestAsync(server, [new("grant_type", "client_credentials"), new("client_id", guessed), new("client_secret", "s3cret"), new("scope", "system/Patient.rs")]);
        using var otherClient = await Tokens.RequestAsync(server, [new("grant_type", "client_credentials"), new("client_id", other), new("client_secret", "s3cret"), new("scope", "system/Patient.rs")]);

        Assert.All(attempts, s => Assert.True(s is HttpStatusCode.Unauthorized or HttpStatusCode.TooManyRequests, s.ToString()));
        Assert.Equal(HttpStatusCode.TooManyRequests, right.StatusCode);
        Assert.NotNull(right.Headers.RetryAfter);
        Assert.Equal(HttpStatusCode.OK, otherClient.StatusCode);
    }

    [Fact]
    public async Task A_client_introspects_its_own_tokens_only()
    {
        var (a, b) = ("introspect-a-" + Guid.NewGuid().ToString("N")[..8], "introspect-b-" + Guid.NewGuid().ToString("N")[..8]);
        await Tokens.RegisterAsync(server, a, "system/Patient.rs");
        await Tokens.RegisterAsync(server, b, "system/Patient.rs");
        var tokenOfB = await Tokens.GetAsync(server, b, "system/Patient.rs");
        using var http = new HttpClient();
        async Task<JsonElement> IntrospectAsync(string caller) =>
            JsonDocument.Parse(await (await http.PostAsync(Tokens.Origin(server) + EsmsDui.Security.SecurityEndpoints.Introspection, new FormUrlEncodedContent(
                [new("token", tokenOfB), new("client_id", caller), new("client_secret", "s3cret")]))).Content.ReadAsStringAsync()).RootElement.Clone();

        var byOther = await IntrospectAsync(a);
        var byOwner = await IntrospectAsync(b);

        Assert.False(byOther.GetProperty("active").GetBoolean());
        Assert.False(byOther.TryGetProperty("scope", out _));
        Assert.True(byOwner.GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task A_client_id_with_a_line_break_is_refused_before_anything_logs_it()
    {
        using var response = await Tokens.RequestAsync(server, [new("grant_type", "client_credentials"), new("client_id", "intrus\r\nFAUX: connecté"), new("client_secret", "x"), new("scope", "system/Patient.rs")]);
        var trail = await AuditTrailReader.FindAsync(server, "agent-name=FAUX", 0);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_request", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString());
        Assert.Empty(trail);
    }

    [Fact]
    public async Task The_tokens_of_a_removed_client_stop_working_at_once()
    {
        var clientId = "removed-" + Guid.NewGuid().ToString("N")[..8];
        await Tokens.RegisterAsync(server, clientId, "system/Patient.rs");
        using var client = Tokens.Client(server, await Tokens.GetAsync(server, clientId, "system/Patient.rs"));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("Patient?_count=1")).StatusCode);

        await using (var scope = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.CreateAsyncScope(server.Services))
        {
            Assert.True(await Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<EsmsDui.Security.ClientRegistry>(scope.ServiceProvider).RemoveAsync(clientId, CancellationToken.None));
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("Patient?_count=1")).StatusCode);
    }

    private async Task<HttpClient> AdminAsync()
    {
        var clientId = "probe-admin-" + Guid.NewGuid().ToString("N")[..8];
        await Tokens.RegisterAsync(server, clientId, "system/*.cruds");
        return Tokens.Client(server, await Tokens.GetAsync(server, clientId, "system/*.cruds"));
    }
}

[Collection(SecuredSqliteServers.Name)]
public sealed class SqliteProbeTokenAndInputTests(SecuredSqliteServer server) : ProbeTokenAndInputTests(server);

[Collection(SecuredPostgresServers.Name)]
public sealed class PostgresProbeTokenAndInputTests(SecuredPostgresServer server) : ProbeTokenAndInputTests(server);
