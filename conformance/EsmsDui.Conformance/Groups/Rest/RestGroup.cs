using EsmsDui.Conformance.Groups.Common;
using EsmsDui.Conformance.Http;
using EsmsDui.Conformance.Model;
using Hl7.Fhir.Model;
using Interaction = Hl7.Fhir.Model.CapabilityStatement.TypeRestfulInteraction;

namespace EsmsDui.Conformance.Groups.Rest;

/// <summary>Group 2: the REST interactions a DUI uses, on usagers (Patient): versions, concurrency, conditional writes, transactions, paging, errors.</summary>
public static class RestGroup
{
    /// <summary>The group.</summary>
    public static TestGroup Create() => new(2, "REST semantics on the usager record", "The preset's client (create, read, update, delete on Patient and Observation).",
    [
        new("2.01", "Create answers 201 with Location (with the version), ETag and Last-Modified", ["fhir-r4@10", "fhir-r4@11"], CreateAsync),
        new("2.02", "Read answers 200 with the resource, its ETag matching meta.versionId", ["fhir-r4@12", "fhir-r4@11"], ReadAsync),
        new("2.03", "Update with the current If-Match makes a new version", ["fhir-r4@13", "fhir-r4@14"], UpdateAsync),
        new("2.04", "Update with a stale If-Match answers 412 with an OperationOutcome and changes nothing", ["fhir-r4@14", "fhir-r4@30"], StaleUpdateAsync),
        new("2.05", "Vread returns each version as it was written", ["fhir-r4@15"], VreadAsync),
        new("2.06", "Instance history lists every version, newest first", ["fhir-r4@16"], HistoryAsync),
        new("2.07", "Delete removes the resource: a read afterwards answers 410 or 404", ["fhir-r4@17"], DeleteAsync),
        new("2.08", "Conditional create (If-None-Exist) matching one resource creates nothing", ["fhir-r4@18"], ConditionalCreateAsync),
        new("2.09", "A transaction with one failing entry (stale If-Match) is refused as a whole: nothing of it is stored", ["fhir-r4@19", "tddui@3"], TransactionAtomicityAsync),
        new("2.10", "A transaction resolves urn:uuid references and answers a transaction-response with 201 per entry", ["fhir-r4@20"], TransactionAsync),
        new("2.11", "Search pages with next links that neither repeat nor skip a match", ["fhir-r4@21"], PagingAsync),
        new("2.12", "Errors answer an OperationOutcome: unknown id 404, unreadable body 400, unknown type 404 or 400", ["fhir-r4@30", "http-security@2"], ErrorsAsync),
        new("2.13", "A resource sent in XML is read back in XML and JSON alike", ["fhir-r4@3"], XmlRoundTripAsync),
    ]);

    private static Task<Patient> UsagerAsync(TestContext context) =>
        context.State.OnceAsync("rest-usager", () => Writes.CreateAsync(context, Usagers.New(context.Preset, qualified: false, family: "RESTCONFORMITE")));

    private static async Task CreateAsync(TestContext context)
    {
        await context.State.RequireInteractionAsync(context, "Patient", Interaction.Create);
        var answer = await context.Client.PostAsync("Patient", Usagers.New(context.Preset, qualified: false, family: "RESTCONFORMITE"));
        answer.Expect(201);
        var location = answer.Header("Location") ?? string.Empty;
        Check.That(location.Contains("Patient/", StringComparison.Ordinal) && location.Contains("/_history/", StringComparison.Ordinal), $"Location '{location}' is not [base]/Patient/[id]/_history/[vid].");
        context.State.Remember(Writes.ReferenceOf(location)!);
        Check.That(answer.ETag is { } etag && etag.StartsWith("W/\"", StringComparison.Ordinal), $"ETag is '{answer.ETag}', expected a weak ETag W/\"[vid]\".");
        Check.That(answer.Header("Last-Modified") is not null, "No Last-Modified header.");
    }

    private static async Task ReadAsync(TestContext context)
    {
        var patient = await UsagerAsync(context);
        var answer = await context.Client.GetAsync("Patient/" + patient.Id);
        var read = answer.Expect<Patient>(200);
        Check.That(read.Id == patient.Id, $"Read Patient/{patient.Id} returned id {read.Id}.");
        Check.That(answer.ETag == $"W/\"{read.Meta?.VersionId}\"", $"ETag {answer.ETag} does not match meta.versionId {read.Meta?.VersionId}.");
        Check.That(Usagers.Ins(read) == Usagers.Ins(patient), "The INS read back is not the one written.");
    }

    private static async Task UpdateAsync(TestContext context)
    {
        await context.State.RequireInteractionAsync(context, "Patient", Interaction.Update);
        var patient = await UsagerAsync(context);
        var current = (await context.Client.GetAsync("Patient/" + patient.Id)).Expect<Patient>(200);
        current.BirthDate = "1938-05-13";
        var answer = await context.Client.PutAsync("Patient/" + patient.Id, current, FhirActor.Header("If-Match", $"W/\"{current.Meta?.VersionId}\""), FhirActor.Header("Prefer", "return=representation"));
        var updated = answer.Expect<Patient>(200);
        Check.That(updated.Meta?.VersionId != current.Meta?.VersionId, "The update kept the version id.");
        Check.That(updated.BirthDate == "1938-05-13", "The update did not change birthDate.");
        Check.That(answer.ETag == $"W/\"{updated.Meta?.VersionId}\"", $"ETag {answer.ETag} does not name the new version {updated.Meta?.VersionId}.");
    }

    private static async Task StaleUpdateAsync(TestContext context)
    {
        await context.State.RequireInteractionAsync(context, "Patient", Interaction.Update);
        var patient = await UsagerAsync(context);
        var current = (await context.Client.GetAsync("Patient/" + patient.Id)).Expect<Patient>(200);
        var changed = (Patient)current.DeepCopy();
        changed.BirthDate = "1901-01-01";
        var answer = await context.Client.PutAsync("Patient/" + patient.Id, changed, FhirActor.Header("If-Match", "W/\"999999\""));
        answer.Expect(412);
        answer.ExpectOutcome();
        var after = (await context.Client.GetAsync("Patient/" + patient.Id)).Expect<Patient>(200);
        Check.That(after.BirthDate == current.BirthDate && after.Meta?.VersionId == current.Meta?.VersionId, "The refused update changed the usager.");
    }

    private static async Task VreadAsync(TestContext context)
    {
        await context.State.RequireInteractionAsync(context, "Patient", Interaction.Vread);
        var patient = await Writes.CreateAsync(context, Usagers.New(context.Preset, qualified: false, family: "VREADCONFORMITE"));
        var changed = (Patient)patient.DeepCopy();
        changed.BirthDate = "1939-06-13";
        var second = (await context.Client.PutAsync("Patient/" + patient.Id, changed, FhirActor.Header("Prefer", "return=representation"))).Expect<Patient>(200);
        var first = (await context.Client.GetAsync($"Patient/{patient.Id}/_history/{patient.Meta?.VersionId}")).Expect<Patient>(200);
        Check.That(first.BirthDate == patient.BirthDate && first.Meta?.VersionId == patient.Meta?.VersionId, $"Version {patient.Meta?.VersionId} read back is not the one created (birthDate {first.BirthDate}, version {first.Meta?.VersionId}).");
        var latest = (await context.Client.GetAsync($"Patient/{patient.Id}/_history/{second.Meta?.VersionId}")).Expect<Patient>(200);
        Check.That(latest.BirthDate == "1939-06-13", $"Version {second.Meta?.VersionId} read back is not the update.");
    }

    private static async Task HistoryAsync(TestContext context)
    {
        await context.State.RequireInteractionAsync(context, "Patient", Interaction.HistoryInstance);
        var patient = await UsagerAsync(context);
        var current = (await context.Client.GetAsync("Patient/" + patient.Id)).Expect<Patient>(200);
        current.Gender = AdministrativeGender.Female;
        current.Active = true;
        (await context.Client.PutAsync("Patient/" + patient.Id, current)).Expect(200);
        var history = (await context.Client.GetAsync($"Patient/{patient.Id}/_history")).Expect<Bundle>(200);
        Check.That(history.Type == Bundle.BundleType.History, $"The history Bundle is of type {history.Type}.");
        var versions = history.Entry.Select(e => e.Resource?.Meta?.VersionId).ToList();
        Check.That(versions.Count >= 2, $"The history lists {versions.Count} version(s) after an update.");
        var stamps = history.Entry.Select(e => e.Resource?.Meta?.LastUpdated).ToList();
        Check.That(stamps.SequenceEqual(stamps.OrderByDescending(s => s)), "The history is not newest first.");
    }

    private static async Task DeleteAsync(TestContext context)
    {
        await context.State.RequireInteractionAsync(context, "Patient", Interaction.Delete);
        var patient = await Writes.CreateAsync(context, Usagers.New(context.Preset, qualified: false, family: "RESTCONFORMITE"));
        (await context.Client.DeleteAsync("Patient/" + patient.Id)).Expect(200, 202, 204);
        var read = await context.Client.GetAsync("Patient/" + patient.Id);
        read.Expect(410, 404);
        var search = (await context.Client.GetAsync("Patient?_id=" + patient.Id)).Expect<Bundle>(200);
        Check.That(search.Entry.All(e => e.Resource?.Id != patient.Id), "The deleted usager is still found by search.");
    }

    private static async Task ConditionalCreateAsync(TestContext context)
    {
        await context.State.RequireInteractionAsync(context, "Patient", Interaction.Create);
        var patient = await UsagerAsync(context);
        var local = patient.Identifier.First(i => i.System == Usagers.LocalIdentifier);
        var again = Usagers.New(context.Preset, qualified: false, family: "RESTCONFORMITE");
        var answer = await context.Client.PostAsync("Patient", again, FhirActor.Header("If-None-Exist", $"identifier={Uri.EscapeDataString(local.System + "|" + local.Value)}"));
        if (answer.Status == 201)
        {
            if (Writes.ReferenceOf(answer.Header("Location")) is { } created)
            {
                context.State.Remember(created);
            }

            throw Check.Fail("The conditional create matching an existing usager created another one (201).");
        }

        answer.Expect(200);
        var search = (await context.Client.GetAsync($"Patient?identifier={Uri.EscapeDataString(local.System + "|" + local.Value)}")).Expect<Bundle>(200);
        Check.That(search.Entry.Count(e => e.Resource is Patient) == 1, $"{search.Entry.Count} usagers carry the local identifier after the conditional create.");
    }

    private static async Task TransactionAtomicityAsync(TestContext context)
    {
        var existing = await UsagerAsync(context);
        var current = (await context.Client.GetAsync("Patient/" + existing.Id)).Expect<Patient>(200);
        var patient = Usagers.New(context.Preset, qualified: false, family: "ATOMICITE");
        var local = patient.Identifier.First(i => i.System == Usagers.LocalIdentifier);
        var changed = (Patient)current.DeepCopy();
        changed.BirthDate = "1902-02-02";
        var bundle = new Bundle
        {
            Type = Bundle.BundleType.Transaction,
            Entry =
            [
                Post(patient, "urn:uuid:" + Guid.NewGuid()),
                // An update whose If-Match names a version that never existed: this entry fails (412) on any server.
                new Bundle.EntryComponent
                {
                    FullUrl = context.Client.Server.Base + "Patient/" + existing.Id,
                    Resource = changed,
                    Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.PUT, Url = "Patient/" + existing.Id, IfMatch = "W/\"999999\"" },
                },
            ],
        };
        var answer = await context.Client.SendAsync(HttpMethod.Post, string.Empty, FhirActor.Json(bundle));
        var search = (await context.Client.GetAsync($"Patient?identifier={Uri.EscapeDataString(local.System + "|" + local.Value)}")).Expect<Bundle>(200);
        foreach (var found in search.Entry.Where(e => e.Resource is Patient))
        {
            context.State.Remember("Patient/" + found.Resource!.Id);
        }

        Check.That(answer.Status >= 400, $"The transaction with a failing entry answered {answer.Status}.");
        answer.ExpectOutcome();
        Check.That(!search.Entry.Any(e => e.Resource is Patient), "The usager created by the refused transaction was stored: the transaction was half applied.");
        var after = (await context.Client.GetAsync("Patient/" + existing.Id)).Expect<Patient>(200);
        Check.That(after.Meta?.VersionId == current.Meta?.VersionId, "The usager updated by the refused transaction changed.");
    }

    private static async Task TransactionAsync(TestContext context)
    {
        var patientUrl = "urn:uuid:" + Guid.NewGuid();
        var bundle = new Bundle
        {
            Type = Bundle.BundleType.Transaction,
            Entry =
            [
                Post(Usagers.New(context.Preset, qualified: false, family: "TRANSACTION"), patientUrl),
                Post(new Observation
                {
                    Status = ObservationStatus.Final,
                    Code = new CodeableConcept("http://loinc.org", "8867-4", "Heart rate"),
                    Subject = new ResourceReference(patientUrl),
                    Value = new Quantity(72, "/min", "http://unitsofmeasure.org"),
                }, "urn:uuid:" + Guid.NewGuid()),
            ],
        };
        var response = (await context.Client.SendAsync(HttpMethod.Post, string.Empty, FhirActor.Json(bundle))).Expect<Bundle>(200);
        Check.That(response.Type == Bundle.BundleType.TransactionResponse, $"The answer is a {response.Type} Bundle, expected transaction-response.");
        Check.That(response.Entry.Count == 2 && response.Entry.All(e => e.Response?.Status?.StartsWith("201", StringComparison.Ordinal) == true), $"Entry statuses: {string.Join(", ", response.Entry.Select(e => e.Response?.Status))}; expected 201 for both.");
        var references = response.Entry.Select(e => Writes.ReferenceOf(e.Response?.Location) ?? throw Check.Fail($"Entry location '{e.Response?.Location}' is not Type/id.")).ToList();
        foreach (var reference in references)
        {
            context.State.Remember(reference);
        }

        var observation = (await context.Client.GetAsync(references[1])).Expect<Observation>(200);
        Check.That(observation.Subject?.Reference?.EndsWith(references[0], StringComparison.Ordinal) == true, $"The Observation's subject is {observation.Subject?.Reference}, not the usager created ({references[0]}).");
    }

    private static async Task PagingAsync(TestContext context)
    {
        var family = "PAGE" + Guid.NewGuid().ToString("N")[..8].ToUpperInvariant();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await Writes.CreateAsync(context, Usagers.New(context.Preset, qualified: false, family: family))).Id!);
        }

        var seen = new List<string>();
        var url = $"Patient?family={family}&_count=1";
        for (var page = 0; url is not null && page < 10; page++)
        {
            var bundle = (await context.Client.GetAsync(url)).Expect<Bundle>(200);
            Check.That(bundle.Entry.Count(e => e.Search?.Mode != Bundle.SearchEntryMode.Include) <= 1, $"Page {page + 1} holds more than _count=1 matches.");
            seen.AddRange(bundle.Entry.Select(e => e.Resource).OfType<Patient>().Select(p => p.Id ?? string.Empty));
            url = bundle.Link.FirstOrDefault(l => l.Relation == "next")?.Url;
        }

        Check.That(seen.Count == seen.Distinct().Count(), $"A usager came on two pages: {string.Join(", ", seen)}.");
        Check.That(ids.SetEquals(seen), $"The pages held {seen.Count} of the 3 usagers created.");
    }

    private static async Task ErrorsAsync(TestContext context)
    {
        var missing = await context.Client.GetAsync("Patient/conformance-" + Guid.NewGuid().ToString("N")[..12]);
        missing.Expect(404);
        missing.ExpectOutcome();
        var garbage = await context.Client.SendAsync(HttpMethod.Post, "Patient", "{\"resourceType\":\"Patient\",\"gender\":");
        garbage.Expect(400, 422);
        garbage.ExpectOutcome();
        var unknown = await context.Client.GetAsync("NoSuchType/1");
        unknown.Expect(404, 400);
        unknown.ExpectOutcome();
        foreach (var answer in new[] { missing, garbage, unknown })
        {
            Check.That(!answer.Body.Contains("   at ", StringComparison.Ordinal) && !answer.Body.Contains("Exception", StringComparison.Ordinal), $"{answer.Request}: the error shows a stack trace or exception.");
        }
    }

    private static async Task XmlRoundTripAsync(TestContext context)
    {
        var statement = await context.State.CapabilitiesAsync(context);
        if (!statement.Format.Any(f => f?.Contains("xml", StringComparison.OrdinalIgnoreCase) == true))
        {
            throw Check.NotApplicable("The CapabilityStatement does not list XML in format.");
        }

        var patient = Usagers.New(context.Preset, qualified: false, family: "XMLCONFORMITE");
        var answer = await context.Client.SendAsync(HttpMethod.Post, "Patient", FhirActor.Xml(patient), [FhirActor.Header("Accept", "application/fhir+xml"), FhirActor.Header("Prefer", "return=representation")], "application/fhir+xml; charset=utf-8");
        var created = answer.Expect<Patient>(201);
        context.State.Remember("Patient/" + created.Id);
        Check.That(answer.MediaType == "application/fhir+xml", $"The answer to an XML create with Accept XML came as {answer.MediaType}.");
        var json = (await context.Client.GetAsync("Patient/" + created.Id)).Expect<Patient>(200);
        Check.That(Usagers.Ins(json) == Usagers.Ins(patient) && json.Name.FirstOrDefault()?.Family == "XMLCONFORMITE", "The usager sent in XML does not read back the same in JSON.");
    }

    private static Bundle.EntryComponent Post(Resource resource, string fullUrl) => new()
    {
        FullUrl = fullUrl,
        Resource = resource,
        Request = new Bundle.RequestComponent { Method = Bundle.HTTPVerb.POST, Url = resource.TypeName },
    };
}
