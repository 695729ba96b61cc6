using System.Net;
using EsmsDui.Dossier.Oppositions;
using EsmsDui.Server.IntegrationTests.Fixtures;
using Hl7.Fhir.Model;

namespace EsmsDui.Server.IntegrationTests.Dossier;

/// <summary>Oppositions to DMP feeding and MSSanté sending, recorded as Consent, searchable, and answered by <c>$oppositions</c>.</summary>
public abstract class OppositionTests(ServerFixture server)
{
    [Fact]
    public async Task An_opposition_recorded_as_Consent_is_found_until_it_is_withdrawn()
    {
        var usager = (await FhirHttp.CreatePatientAsync(server.Client, "Opposition")).Id;
        var other = (await FhirHttp.CreatePatientAsync(server.Client, "SansOpposition")).Id;
        Assert.Equal((false, false), await OppositionsAsync(usager));

        using var created = await server.Client.PostAsync("Consent", FhirHttp.Json(UsagerOppositions.Opposition(usager, OppositionChannel.Dmp, DateTimeOffset.UtcNow)));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var consent = await FhirHttp.ReadAsync<Consent>(created);

        Assert.Equal((true, false), await OppositionsAsync(usager));
        Assert.Equal((false, false), await OppositionsAsync(other));
        var found = await FhirHttp.ReadAsync<Bundle>(await server.Client.GetAsync($"Consent?patient=Patient/{usager}&category={UsagerOppositions.System}|dmp&status=active"));
        Assert.Equal(1, found.Total);

        consent.Status = Consent.ConsentState.Inactive;
        (await server.Client.PutAsync($"Consent/{consent.Id}", FhirHttp.Json(consent))).EnsureSuccessStatusCode();
        Assert.Equal((false, false), await OppositionsAsync(usager));
    }

    [Fact]
    public async Task An_opposition_that_names_no_usager_is_refused_with_422()
    {
        var consent = UsagerOppositions.Opposition("x", OppositionChannel.MsSante, DateTimeOffset.UtcNow);
        consent.Patient = null;
        using var response = await server.Client.PostAsync("Consent", FhirHttp.Json(consent));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains((await FhirHttp.ReadAsync<OperationOutcome>(response)).Issue, i => i.Expression.Contains("Consent.patient"));
    }

    private async Task<(bool Dmp, bool MsSante)> OppositionsAsync(string? patient)
    {
        var answer = await FhirHttp.ReadAsync<Parameters>(await server.Client.GetAsync($"Patient/{patient}/$oppositions"));
        bool Opposed(string code) => answer.Parameter
            .Single(p => p.Part.Any(x => x.Name == "channel" && ((Coding)x.Value).Code == code))
            .Part.Single(x => x.Name == "opposed").Value is FhirBoolean { Value: true };
        return (Opposed("dmp"), Opposed("mssante"));
    }
}

[Collection(SqliteServers.Name)]
public sealed class SqliteOppositionTests(SqliteServerFixture server) : OppositionTests(server);

[Collection(PostgresServers.Name)]
public sealed class PostgresOppositionTests(PostgresServerFixture server) : OppositionTests(server);
