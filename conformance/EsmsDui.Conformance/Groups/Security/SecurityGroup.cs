using EsmsDui.Conformance.Groups.Common;
using EsmsDui.Conformance.Http;
using EsmsDui.Conformance.Model;
using Hl7.Fhir.Model;

namespace EsmsDui.Conformance.Groups.Security;

/// <summary>
/// Group 5: tokens and scopes, and one establishment's usagers out of another's reach by every way a FHIR API
/// offers (read, search, includes, reverse chaining, history, $everything, writes).
/// </summary>
public static class SecurityGroup
{
    /// <summary>The group.</summary>
    public static TestGroup Create() => new(5, "Security: tokens, scopes, establishments", "The preset's client, and for 5.06 to 5.12 a client of another establishment (otherClient).",
    [
        new("5.01", "A request without token answers 401 with a Bearer challenge and an OperationOutcome", ["smart@10", "fhir-r4@30"], NoTokenAsync),
        new("5.02", "A forged token answers 401 and the answer does not echo it", ["smart@11", "http-security@2"], ForgedTokenAsync),
        new("5.03", "A token whose scopes do not cover the type answers 403", ["smart@12"], NarrowScopeAsync),
        new("5.04", "The token endpoint refuses a wrong client secret", ["smart@13"], WrongSecretAsync),
        new("5.05", "A token in the URL (access_token=) is not accepted", ["http-security@3"], TokenInUrlAsync),
        new("5.06", "Another establishment's client cannot read the usager (403 or 404)", ["esmsdui@1"], OtherReadAsync),
        new("5.07", "Another establishment's client does not find the usager by search (_id, identifier, name)", ["esmsdui@2"], OtherSearchAsync),
        new("5.08", "Another establishment's client gets nothing of the usager through _include or _revinclude", ["esmsdui@3"], OtherIncludeAsync),
        new("5.09", "Another establishment's client does not find the usager through _has", ["esmsdui@4"], OtherHasAsync),
        new("5.10", "Another establishment's client cannot read the usager's history", ["esmsdui@5"], OtherHistoryAsync),
        new("5.11", "Another establishment's client cannot export the usager's record ($everything)", ["esmsdui@6"], OtherEverythingAsync),
        new("5.12", "Another establishment's client cannot change the usager", ["esmsdui@7"], OtherWriteAsync),
        new("5.13", "Answers carry X-Content-Type-Options: nosniff", ["http-security@4"], HeadersAsync),
    ]);

    private static async Task NoTokenAsync(TestContext context)
    {
        var answer = await context.Anonymous.GetAsync("Patient?_count=1");
        answer.Expect(401);
        Check.That(answer.Header("WWW-Authenticate")?.StartsWith("Bearer", StringComparison.OrdinalIgnoreCase) == true, $"WWW-Authenticate is '{answer.Header("WWW-Authenticate")}', expected a Bearer challenge.");
        answer.ExpectOutcome();
    }

    private static async Task ForgedTokenAsync(TestContext context)
    {
        // A well-formed JWT signed by nobody the server trusts.
        var forged = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJmb3JnZWQiLCJzY29wZSI6InN5c3RlbS8qLmNydWRzIiwiZXhwIjo0MTAyNDQ0ODAwfQ.Zm9yZ2VkLXNpZ25hdHVyZQ";
        var answer = await context.Anonymous.Server.SendAsync(HttpMethod.Get, "Patient?_count=1", forged);
        answer.Expect(401);
        answer.ExpectOutcome();
        Check.That(!answer.Body.Contains(forged, StringComparison.Ordinal) && !answer.Body.Contains("Zm9yZ2VkLXNpZ25hdHVyZQ", StringComparison.Ordinal), "The 401 answer echoes the token it refused.");
    }

    private static async Task NarrowScopeAsync(TestContext context)
    {
        var tokens = context.Client.Tokens ?? throw Check.Skip("The preset gives no client.");
        var answer = await context.Client.SendAsync(HttpMethod.Get, "Patient?_count=1", null, scope: "system/Observation.rs");
        answer.Expect(403);
        answer.ExpectOutcome();
        context.Note($"Token asked for system/Observation.rs only (the client holds {tokens.Scope}).");
    }

    private static async Task WrongSecretAsync(TestContext context)
    {
        if (context.Preset.Client is not { ClientId: { } id, ClientSecret: not null } client)
        {
            throw Check.NotApplicable("The preset's client does not authenticate with a secret.");
        }

        var wrong = new Runner.ClientPreset { ClientId = id, ClientSecret = "wrong-" + Guid.NewGuid().ToString("N"), Scope = client.Scope, TokenEndpoint = client.TokenEndpoint };
        var answer = await new TokenSource(wrong, context.Client.Server, new Redactor()).RequestAsync(client.Scope);
        answer.Expect(400, 401);
        Check.That(!answer.Body.Contains("access_token", StringComparison.Ordinal), "The token endpoint answered a token to a wrong secret.");
    }

    private static async Task TokenInUrlAsync(TestContext context)
    {
        var token = await (context.Client.Tokens ?? throw Check.Skip("The preset gives no client.")).GetAsync();
        var answer = await context.Anonymous.GetAsync("Patient?_count=1&access_token=" + Uri.EscapeDataString(token));
        answer.Expect(401, 400);
    }

    private static async Task OtherReadAsync(TestContext context)
    {
        var other = context.RequireOther();
        var usager = await Writes.SharedUsagerAsync(context);
        (await other.GetAsync("Patient/" + usager.Id)).Expect(403, 404);
        (await other.GetAsync($"Patient/{usager.Id}/_history/{usager.Meta?.VersionId}")).Expect(403, 404);
    }

    private static async Task OtherSearchAsync(TestContext context)
    {
        var other = context.RequireOther();
        var usager = await Writes.SharedUsagerAsync(context);
        foreach (var query in new[] { "Patient?_id=" + usager.Id, $"Patient?identifier={Usagers.InsNir}|{Usagers.Ins(usager)}", "Patient?family=CONFORMITE&birthdate=1938-05-12", $"Observation?subject=Patient/{usager.Id}", $"Patient/{usager.Id}/Observation" })
        {
            ExpectNothingOf(await other.GetAsync(query), usager);
        }
    }

    private static async Task OtherIncludeAsync(TestContext context)
    {
        var other = context.RequireOther();
        var usager = await Writes.SharedUsagerAsync(context);
        foreach (var query in new[] { "Observation?code=http://loinc.org|29463-7&_include=Observation:subject&_count=100", $"Patient?_revinclude=Observation:subject&_id={usager.Id}", "Observation?_include=Observation:patient&_sort=-_lastUpdated&_count=50" })
        {
            ExpectNothingOf(await other.GetAsync(query), usager);
        }
    }

    private static async Task OtherHasAsync(TestContext context)
    {
        var other = context.RequireOther();
        var usager = await Writes.SharedUsagerAsync(context);
        ExpectNothingOf(await other.GetAsync("Patient?_has:Observation:subject:code=http://loinc.org|29463-7&_count=100"), usager);
    }

    private static async Task OtherHistoryAsync(TestContext context)
    {
        var other = context.RequireOther();
        var usager = await Writes.SharedUsagerAsync(context);
        (await other.GetAsync($"Patient/{usager.Id}/_history")).Expect(403, 404);
        foreach (var query in new[] { "Patient/_history?_count=100", "_history?_count=100" })
        {
            var answer = await other.GetAsync(query);
            if (answer.Status is not 403 and not 404 and not 405)
            {
                ExpectNothingOf(answer, usager);
            }
        }
    }

    private static async Task OtherEverythingAsync(TestContext context)
    {
        await context.State.RequireOperationAsync(context, "Patient", "everything");
        var other = context.RequireOther();
        var usager = await Writes.SharedUsagerAsync(context);
        var answer = await other.GetAsync($"Patient/{usager.Id}/$everything");
        if (answer.Status == 200)
        {
            ExpectNothingOf(answer, usager);
        }
        else
        {
            answer.Expect(403, 404);
        }
    }

    private static async Task OtherWriteAsync(TestContext context)
    {
        var other = context.RequireOther();
        var usager = await Writes.SharedUsagerAsync(context);
        var before = (await context.Client.GetAsync("Patient/" + usager.Id)).Expect<Patient>(200);
        var changed = (Patient)before.DeepCopy();
        changed.BirthDate = "1900-01-01";
        (await other.PutAsync("Patient/" + usager.Id, changed)).Expect(403, 404);
        (await other.DeleteAsync("Patient/" + usager.Id)).Expect(403, 404);
        var after = (await context.Client.GetAsync("Patient/" + usager.Id)).Expect<Patient>(200);
        Check.That(after.BirthDate == before.BirthDate && after.Meta?.VersionId == before.Meta?.VersionId, "The other establishment's client changed the usager.");
    }

    private static async Task HeadersAsync(TestContext context)
    {
        var answer = await context.Client.GetAsync("metadata");
        Check.That(string.Equals(answer.Header("X-Content-Type-Options"), "nosniff", StringComparison.OrdinalIgnoreCase), $"X-Content-Type-Options is '{answer.Header("X-Content-Type-Options")}'.");
    }

    /// <summary>Fails when the answer holds the usager or anything of his record (a 403 holds nothing).</summary>
    private static void ExpectNothingOf(Answer answer, Patient usager)
    {
        if (answer.Status is 403 or 404)
        {
            return;
        }

        var bundle = answer.Expect<Bundle>(200);
        var leaked = bundle.Entry.Select(e => e.Resource).Where(r => r is Patient p ? p.Id == usager.Id : r is Observation o && o.Subject?.Reference?.EndsWith("Patient/" + usager.Id, StringComparison.Ordinal) == true).ToList();
        Check.That(leaked.Count == 0, $"{answer.Request}: the other establishment's client got {string.Join(", ", leaked.Select(r => r!.TypeName + "/" + r.Id))} of the usager.");
    }
}
