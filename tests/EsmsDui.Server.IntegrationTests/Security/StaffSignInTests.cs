using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EsmsDui.Security;
using EsmsDui.Server.IntegrationTests.Fixtures;
using Hl7.Fhir.Model;
using Microsoft.AspNetCore.WebUtilities;

namespace EsmsDui.Server.IntegrationTests.Security;

/// <summary>A secured server whose staff sign in through a local OIDC provider standing for Pro Santé Connect.</summary>
public sealed class StaffSignInServer : IAsyncLifetime
{
    public TestOidcProvider Provider { get; } = new();

    public SqliteServerFixture Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await Provider.StartAsync(() => Tokens.Origin(Server) + "/signin-psc");
        Server = SqliteServerFixture.With(new Dictionary<string, string>(Secured.Settings.ToDictionary())
        {
            ["Security:ProSanteConnect:Authority"] = Provider.Issuer,
            ["Security:ProSanteConnect:ClientId"] = TestOidcProvider.ClientId,
            ["Security:ProSanteConnect:ClientSecret"] = TestOidcProvider.ClientSecret,
        });
        await Server.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        await Provider.DisposeAsync();
    }
}

/// <summary>
/// Staff applications: authorization code + PKCE through Pro Santé Connect (acr eidas1), refresh tokens, and a
/// professional who reaches the usagers of the ESMS of their PractitionerRoles only.
/// </summary>
public sealed class StaffSignInTests(StaffSignInServer fixture) : IClassFixture<StaffSignInServer>
{
    private const string RedirectUri = "http://127.0.0.1/dui-app/callback";

    [Fact]
    public async Task A_professional_signs_in_with_PSC_and_reaches_the_usagers_of_their_establishment_only()
    {
        var world = await WorldAsync("810000000001", withRole: true);
        fixture.Provider.NextProfessional = "810000000001";

        var (code, _) = await SignInAsync("openid fhirUser offline_access user/Patient.rs");
        var tokens = await ExchangeAsync([new("grant_type", "authorization_code"), new("code", code!), new("redirect_uri", RedirectUri), new("client_id", world.App), new("code_verifier", Verifier)]);

        Assert.Empty(fixture.Provider.Problems);
        Assert.Equal("openid fhirUser offline_access user/Patient.rs", tokens.GetProperty("scope").GetString());
        Assert.True(tokens.TryGetProperty("refresh_token", out var refresh));
        Assert.True(tokens.TryGetProperty("id_token", out _));
        using var client = Tokens.Client(fixture.Server, tokens.GetProperty("access_token").GetString());
        var found = await FhirHttp.ReadAsync<Bundle>(await client.GetAsync($"Patient?_id={world.Inside},{world.Outside}"));
        Assert.Equal([world.Inside], found.Entry.Select(e => e.Resource.Id));
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"Patient/{world.Outside}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("Observation?_count=1")).StatusCode);

        var renewed = await ExchangeAsync([new("grant_type", "refresh_token"), new("refresh_token", refresh.GetString()!), new("client_id", world.App)]);
        using var again = Tokens.Client(fixture.Server, renewed.GetProperty("access_token").GetString());
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync($"Patient/{world.Inside}")).StatusCode);
    }

    [Fact]
    public async Task A_professional_unknown_to_the_server_gets_no_code()
    {
        await WorldAsync("810000000002", withRole: true);
        fixture.Provider.NextProfessional = "819999999999";

        var (code, error) = await SignInAsync("openid user/Patient.rs");

        Assert.Null(code);
        Assert.Equal("access_denied", error);
    }

    [Fact]
    public async Task A_professional_without_a_role_reaches_no_usager()
    {
        var world = await WorldAsync("810000000003", withRole: false);
        fixture.Provider.NextProfessional = "810000000003";

        var (code, _) = await SignInAsync("openid user/Patient.rs");
        var tokens = await ExchangeAsync([new("grant_type", "authorization_code"), new("code", code!), new("redirect_uri", RedirectUri), new("client_id", world.App), new("code_verifier", Verifier)]);

        using var client = Tokens.Client(fixture.Server, tokens.GetProperty("access_token").GetString());
        Assert.Empty((await FhirHttp.ReadAsync<Bundle>(await client.GetAsync($"Patient?_id={world.Inside},{world.Outside}"))).Entry);
    }

    [Fact]
    public async Task A_professional_recorded_by_the_staff_verb_signs_in_until_removed()
    {
        var world = await WorldAsync("810000000009", withRole: false);
        var esms = (await FhirHttp.ReadAsync<Patient>(await AdminAsync($"Patient/{world.Inside}"))).ManagingOrganization.Reference.Split('/')[1];
        using var output = new StringWriter();
        var options = new Dictionary<string, string> { ["--family"] = "Durand", ["--given"] = "Luc", ["--esms"] = esms };
        Assert.Equal(0, await EsmsDui.Server.Cli.StaffCommand.RunAsync(fixture.Server.Services, "add", "810000000010", options, output, CancellationToken.None));
        fixture.Provider.NextProfessional = "810000000010";

        var (code, _) = await SignInAsync("openid user/Patient.rs");
        var tokens = await ExchangeAsync([new("grant_type", "authorization_code"), new("code", code!), new("redirect_uri", RedirectUri), new("client_id", world.App), new("code_verifier", Verifier)]);
        using var client = Tokens.Client(fixture.Server, tokens.GetProperty("access_token").GetString());
        Assert.Equal([world.Inside], (await FhirHttp.ReadAsync<Bundle>(await client.GetAsync($"Patient?_id={world.Inside},{world.Outside}"))).Entry.Select(e => e.Resource.Id));

        Assert.Equal(0, await EsmsDui.Server.Cli.StaffCommand.RunAsync(fixture.Server.Services, "remove", "810000000010", new Dictionary<string, string>(), output, CancellationToken.None));
        var (refused, error) = await SignInAsync("openid user/Patient.rs");
        Assert.Null(refused);
        Assert.Equal("access_denied", error);
    }

    [Fact]
    public async Task A_sign_in_below_the_level_asked_is_refused()
    {
        await WorldAsync("810000000004", withRole: true);
        fixture.Provider.NextProfessional = "810000000004";
        fixture.Provider.Acr = "eidas0";
        try
        {
            var error = await Assert.ThrowsAsync<Xunit.Sdk.TrueException>(() => SignInAsync("openid user/Patient.rs"));
            Assert.Contains("signin-psc", error.Message, StringComparison.Ordinal);
            Assert.Contains("403", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            fixture.Provider.Acr = "eidas1";
        }
    }

    private static readonly string Verifier = Base64Url(RandomNumberGenerator.GetBytes(32));

    [Fact]
    public async Task A_professional_picks_a_usager_and_the_token_reaches_that_record_only()
    {
        var world = await WorldAsync("810000000005", withRole: true);
        var neighbour = await NeighbourAsync(world.Inside);
        fixture.Provider.NextProfessional = "810000000005";

        var (code, _) = await SignInAsync("openid launch/patient patient/*.cruds", page =>
        {
            Assert.Contains(world.Inside, page, StringComparison.Ordinal);
            Assert.Contains(neighbour.Usager, page, StringComparison.Ordinal);
            Assert.DoesNotContain(world.Outside, page, StringComparison.Ordinal);
            return world.Inside;
        });
        var tokens = await ExchangeAsync([new("grant_type", "authorization_code"), new("code", code!), new("redirect_uri", RedirectUri), new("client_id", world.App), new("code_verifier", Verifier)]);

        Assert.Equal(world.Inside, tokens.GetProperty("patient").GetString());
        Assert.Equal("openid launch/patient patient/*.cruds", tokens.GetProperty("scope").GetString());
        using var client = Tokens.Client(fixture.Server, tokens.GetProperty("access_token").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"Patient/{world.Inside}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"Patient/{neighbour.Usager}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"Observation/{neighbour.Observation}")).StatusCode);
        Assert.Equal([world.Inside], (await FhirHttp.ReadAsync<Bundle>(await client.GetAsync($"Patient?_id={world.Inside},{neighbour.Usager},{world.Outside}"))).Entry.Select(e => e.Resource.Id));
        Assert.Empty((await FhirHttp.ReadAsync<Bundle>(await client.GetAsync($"Observation?_id={neighbour.Observation}"))).Entry);
        Assert.Empty((await FhirHttp.ReadAsync<Bundle>(await client.GetAsync($"Patient?_id={world.Inside}&_revinclude=Observation:subject&_has:Observation:subject:_id={neighbour.Observation}"))).Entry);

        using var ownNote = await client.PostAsync("Observation", FhirHttp.Json(Weight(world.Inside)));
        Assert.Equal(HttpStatusCode.Created, ownNote.StatusCode);
        using var otherNote = await client.PostAsync("Observation", FhirHttp.Json(Weight(neighbour.Usager)));
        Assert.Equal(HttpStatusCode.Forbidden, otherNote.StatusCode);
        using var newUsager = await client.PostAsync("Patient", FhirHttp.Json(new Patient { Name = [new HumanName { Family = "Nouveau" }] }));
        Assert.Equal(HttpStatusCode.Forbidden, newUsager.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("_history")).StatusCode);
        var everything = await FhirHttp.ReadAsync<Bundle>(await client.GetAsync($"Patient/{world.Inside}/$everything"));
        Assert.Contains(everything.Entry, e => e.Resource is Observation);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"Patient/{neighbour.Usager}/$everything")).StatusCode);

        // The picker's listing and the sign-in with the usager in context are in the audit trail.
        var trail = await AuditTrailReader.FindAsync(fixture.Server, $"entity=Patient/{neighbour.Usager}&subtype=search-type", 1);
        Assert.Contains(trail, e => e.Entity.Any(n => n.Query is not null));
        Assert.NotEmpty(await AuditTrailReader.FindAsync(fixture.Server, $"entity=Patient/{world.Inside}&type=http://dicom.nema.org/resources/ontology/DCM|110114", 1));
    }

    [Fact]
    public async Task A_usager_outside_the_professionals_establishments_cannot_be_picked()
    {
        var world = await WorldAsync("810000000006", withRole: true);
        fixture.Provider.NextProfessional = "810000000006";

        var (code, error) = await SignInAsync("openid launch/patient patient/*.rs", _ => world.Outside);

        Assert.Null(code);
        Assert.Equal("access_denied", error);
    }

    [Theory]
    [InlineData("openid patient/*.rs")]
    [InlineData("openid launch patient/*.rs")]
    [InlineData("openid launch/patient system/*.rs")]
    public async Task Patient_scopes_without_a_usager_in_context_are_refused(string scope)
    {
        await WorldAsync("810000000007", withRole: true);
        fixture.Provider.NextProfessional = "810000000007";

        var (code, error) = await SignInAsync(scope);

        Assert.Null(code);
        Assert.Equal("invalid_scope", error);
    }

    [Fact]
    public async Task PKCE_plain_is_refused()
    {
        await WorldAsync("810000000007", withRole: true);
        fixture.Provider.NextProfessional = "810000000007";

        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var url = QueryHelpers.AddQueryString(Tokens.Origin(fixture.Server) + SecurityEndpoints.Authorization, new Dictionary<string, string?>
        {
            ["response_type"] = "code",
            ["client_id"] = "dui-app",
            ["redirect_uri"] = RedirectUri,
            ["scope"] = "openid user/Patient.rs",
            ["state"] = "etat-123",
            ["code_challenge"] = Verifier,
            ["code_challenge_method"] = "plain",
        });

        using var response = await browser.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("invalid_request", body, StringComparison.Ordinal);
        Assert.Contains("code_challenge_method", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_patient_token_cannot_write_a_usager_whose_link_points_to_its_usager()
    {
        var world = await WorldAsync("810000000008", withRole: true);
        var neighbour = await NeighbourAsync(world.Inside);
        using (var admin = await AdminWriterAsync())
        {
            var linked = await FhirHttp.ReadAsync<Patient>(await admin.GetAsync($"Patient/{neighbour.Usager}"));
            linked.Link.Add(new Patient.LinkComponent { Other = new ResourceReference($"Patient/{world.Inside}"), Type = Patient.LinkType.Seealso });
            using var put = await admin.PutAsync($"Patient/{neighbour.Usager}", FhirHttp.Json(linked));
            Assert.True(put.StatusCode == HttpStatusCode.OK, await put.Content.ReadAsStringAsync());
        }

        fixture.Provider.NextProfessional = "810000000008";
        var (code, _) = await SignInAsync("openid launch/patient patient/*.cruds", _ => world.Inside);
        var tokens = await ExchangeAsync([new("grant_type", "authorization_code"), new("code", code!), new("redirect_uri", RedirectUri), new("client_id", world.App), new("code_verifier", Verifier)]);
        using var client = Tokens.Client(fixture.Server, tokens.GetProperty("access_token").GetString());
        using var patch = new HttpRequestMessage(HttpMethod.Patch, $"Patient/{neighbour.Usager}")
        {
            Content = new StringContent("[{\"op\":\"add\",\"path\":\"/active\",\"value\":false}]", Encoding.UTF8, "application/json-patch+json"),
        };

        using var patched = await client.SendAsync(patch);

        Assert.Equal(HttpStatusCode.Forbidden, patched.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync($"Patient/{neighbour.Usager}")).StatusCode);
        Assert.Empty((await FhirHttp.ReadAsync<Bundle>(await client.GetAsync($"Observation?subject=Patient/{neighbour.Usager}"))).Entry);
    }

    private async Task<HttpClient> AdminWriterAsync()
    {
        var admin = "linker-" + Guid.NewGuid().ToString("N")[..6];
        await Tokens.RegisterAsync(fixture.Server, admin, "system/*.cruds");
        return Tokens.Client(fixture.Server, await Tokens.GetAsync(fixture.Server, admin, "system/*.cruds"));
    }

    private static Observation Weight(string usager) => new()
    {
        Status = ObservationStatus.Final,
        Code = new CodeableConcept("http://loinc.org", "29463-7"),
        Subject = new ResourceReference($"Patient/{usager}"),
    };

    // A second usager of the same ESMS as inside, with an observation.
    private async Task<(string Usager, string Observation)> NeighbourAsync(string inside)
    {
        var admin = "writer-" + Guid.NewGuid().ToString("N")[..6];
        await Tokens.RegisterAsync(fixture.Server, admin, "system/*.cruds");
        using var client = Tokens.Client(fixture.Server, await Tokens.GetAsync(fixture.Server, admin, "system/*.cruds"));
        var esms = (await FhirHttp.ReadAsync<Patient>(await client.GetAsync($"Patient/{inside}"))).ManagingOrganization;
        var usager = await FhirHttp.ReadAsync<Patient>(await client.PostAsync("Patient", FhirHttp.Json(new Patient { Name = [new HumanName { Family = "Voisin" }], ManagingOrganization = esms })));
        await client.PostAsync("Observation", FhirHttp.Json(Weight(inside)));
        var observation = await FhirHttp.ReadAsync<Observation>(await client.PostAsync("Observation", FhirHttp.Json(Weight(usager.Id))));
        return (usager.Id, observation.Id);
    }

    private async Task<(string? Code, string? Error)> SignInAsync(string scope, Func<string, string>? pick = null)
    {
        using var handler = new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() };
        using var browser = new HttpClient(handler);
        var challenge = Base64Url(SHA256.HashData(Encoding.ASCII.GetBytes(Verifier)));
        var url = QueryHelpers.AddQueryString(Tokens.Origin(fixture.Server) + SecurityEndpoints.Authorization, new Dictionary<string, string?>
        {
            ["response_type"] = "code",
            ["client_id"] = "dui-app",
            ["redirect_uri"] = RedirectUri,
            ["scope"] = scope,
            ["state"] = "etat-123",
            ["code_challenge"] = challenge,
            ["code_challenge_method"] = "S256",
        });
        for (var hop = 0; hop < 8; hop++)
        {
            using var response = await browser.GetAsync(url);
            if (pick is not null && response.StatusCode == HttpStatusCode.OK)
            {
                // The usager picker: the form of the usager picked, as a browser submits it.
                var page = await response.Content.ReadAsStringAsync();
                url = PickerForm(page, pick(page), url);
                continue;
            }

            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{url} → {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            url = new Uri(new Uri(url), response.Headers.Location!).ToString();
            if (url.StartsWith(RedirectUri, StringComparison.Ordinal))
            {
                var answer = QueryHelpers.ParseQuery(new Uri(url).Query);
                Assert.Equal("etat-123", answer["state"].ToString());
                return (answer.TryGetValue("code", out var code) ? code.ToString() : null, answer.TryGetValue("error", out var error) ? error.ToString() : null);
            }
        }

        throw new InvalidOperationException("The sign-in did not come back to the application.");
    }

    private static string PickerForm(string page, string usager, string current)
    {
        var forms = System.Text.RegularExpressions.Regex.Matches(page, "<form method=\"get\" action=\"([^\"]*)\">(.*?)</form>", System.Text.RegularExpressions.RegexOptions.Singleline);
        var form = forms.FirstOrDefault(f => f.Value.Contains($"value=\"{usager}\"", StringComparison.Ordinal)) ?? forms[0];
        var inputs = System.Text.RegularExpressions.Regex.Matches(form.Groups[2].Value, "<input type=\"hidden\" name=\"([^\"]*)\" value=\"([^\"]*)\">")
            .Select(i => KeyValuePair.Create(WebUtility.HtmlDecode(i.Groups[1].Value), (string?)WebUtility.HtmlDecode(i.Groups[2].Value)))
            .Where(i => i.Key != "esmsdui_patient")
            .Append(KeyValuePair.Create("esmsdui_patient", (string?)usager));
        return QueryHelpers.AddQueryString(new Uri(new Uri(current), WebUtility.HtmlDecode(form.Groups[1].Value)).ToString(), inputs);
    }

    private async Task<JsonElement> ExchangeAsync(KeyValuePair<string, string>[] form)
    {
        using var response = await Tokens.RequestAsync(fixture.Server, form);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    // An ESMS with a professional (a PractitionerRole there, unless told otherwise), a usager it manages and one elsewhere.
    private async Task<(string App, string Inside, string Outside)> WorldAsync(string idNatPs, bool withRole)
    {
        var server = fixture.Server;
        var admin = "admin-" + Guid.NewGuid().ToString("N")[..6];
        await Tokens.RegisterAsync(server, admin, "system/*.cruds");
        using var client = Tokens.Client(server, await Tokens.GetAsync(server, admin, "system/*.cruds"));
        async Task<string> Create(Resource resource)
        {
            using var response = await client.PostAsync(resource.TypeName, FhirHttp.Json(resource));
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            return (await FhirHttp.ReadAsync<Resource>(response)).Id!;
        }

        var esms = await Create(new Organization { Name = "EHPAD " + idNatPs });
        var elsewhere = await Create(new Organization { Name = "MAS " + idNatPs });
        var practitioner = await Create(new Practitioner
        {
            Identifier = [new Identifier("urn:oid:1.2.250.1.71.4.2.1", idNatPs)],
            Name = [new HumanName { Family = "Martin", Given = ["Claire"] }],
        });
        if (withRole)
        {
            await Create(new PractitionerRole { Practitioner = new ResourceReference($"Practitioner/{practitioner}"), Organization = new ResourceReference($"Organization/{esms}") });
        }

        Patient Usager(string organization) => new() { Name = [new HumanName { Family = "Usager" }], ManagingOrganization = new ResourceReference($"Organization/{organization}") };
        var inside = await Create(Usager(esms));
        var outside = await Create(Usager(elsewhere));
        await using (var scope = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.CreateAsyncScope(server.Services))
        {
            await Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<ClientRegistry>(scope.ServiceProvider)
                .RegisterAsync(new ClientRegistration("dui-app", ["user/*.cruds", "openid", "fhirUser", "offline_access"], null, null, string.Empty, "DUI", RedirectUris: [RedirectUri]), CancellationToken.None);
        }

        return ("dui-app", inside, outside);
    }

    private async Task<HttpResponseMessage> AdminAsync(string path)
    {
        var admin = "reader-" + Guid.NewGuid().ToString("N")[..6];
        await Tokens.RegisterAsync(fixture.Server, admin, "system/*.rs");
        using var client = Tokens.Client(fixture.Server, await Tokens.GetAsync(fixture.Server, admin, "system/*.rs"));
        return await client.GetAsync(path);
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
