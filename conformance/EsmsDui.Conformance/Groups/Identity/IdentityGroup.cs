using EsmsDui.Conformance.Groups.Common;
using EsmsDui.Conformance.Http;
using EsmsDui.Conformance.Model;
using Hl7.Fhir.Model;

namespace EsmsDui.Conformance.Groups.Identity;

/// <summary>Group 3: the usager's identity as FR Core and the INS rules (RNIV, référentiel INS) require it.</summary>
public static class IdentityGroup
{
    /// <summary>The group.</summary>
    public static TestGroup Create() => new(3, "Identity and INS", "The preset's client; the FHIR packages (--packages) for 3.01.",
    [
        new("3.01", "A usager with a qualified INS reads back conforming to FR Core Patient INS (checked by the suite)", ["fr-core@1", "fr-core@2"], ConformsAsync),
        new("3.02", "An INS whose key is wrong is refused and nothing is stored", ["ins@1"], WrongKeyAsync),
        new("3.03", "An identity declared VALI without INS is refused", ["fr-core@3"], ValidatedWithoutInsAsync),
        new("3.04", "An INS of the test OID (1.2.250.1.213.1.4.10) is refused in production", ["ins@4"], TestOidAsync),
        new("3.05", "The INS of an unqualified identity does not leave the server in the record export ($everything)", ["ins@2"], UnqualifiedExportAsync),
        new("3.06", "The INS of a qualified identity is carried in the record export ($everything)", ["ins@3"], QualifiedExportAsync),
    ]);

    private static async Task ConformsAsync(TestContext context)
    {
        var usager = await Writes.SharedUsagerAsync(context);
        var read = (await context.Client.GetAsync("Patient/" + usager.Id)).Expect<Patient>(200);
        context.Proofs.Keep("patient.json", FhirActor.Json(read));
        await context.Validator.ExpectValidAsync(read, Usagers.PatientInsProfile, $"Patient/{usager.Id}");
    }

    private static async Task WrongKeyAsync(TestContext context)
    {
        var patient = Usagers.New(context.Preset, qualified: true);
        var ins = patient.Identifier.First(i => i.System == Usagers.InsNir);
        var key = int.Parse(ins.Value![13..], System.Globalization.CultureInfo.InvariantCulture);
        ins.Value = ins.Value[..13] + ((key % 97) + 1).ToString("00", System.Globalization.CultureInfo.InvariantCulture);
        await ExpectRefusedAsync(context, patient, "An INS with a wrong key");
    }

    private static async Task ValidatedWithoutInsAsync(TestContext context)
    {
        var patient = Usagers.New(context.Preset, qualified: true);
        patient.Identifier.RemoveAll(i => i.System == Usagers.InsNir);
        await ExpectRefusedAsync(context, patient, "A VALI identity without INS");
    }

    private static async Task TestOidAsync(TestContext context)
    {
        var patient = Usagers.New(context.Preset, qualified: true);
        patient.Identifier.First(i => i.System == Usagers.InsNir).System = "urn:oid:1.2.250.1.213.1.4.10";
        await ExpectRefusedAsync(context, patient, "An INS of the test OID");
    }

    private static async Task UnqualifiedExportAsync(TestContext context)
    {
        await context.State.RequireOperationAsync(context, "Patient", "everything");
        var usager = await Writes.CreateAsync(context, Usagers.New(context.Preset, qualified: false, family: "PROVISOIRE"));
        var ins = Usagers.Ins(usager) ?? throw Check.Fail("The server dropped the INS of a provisional identity on write.");
        var export = await context.Client.GetAsync($"Patient/{usager.Id}/$everything");
        export.Expect<Bundle>(200);
        context.Proofs.Keep("everything.json", export.Body);
        Check.That(!export.Body.Contains(ins, StringComparison.Ordinal), $"The export of an unqualified identity carries its INS {ins}.");
    }

    private static async Task QualifiedExportAsync(TestContext context)
    {
        await context.State.RequireOperationAsync(context, "Patient", "everything");
        var usager = await Writes.SharedUsagerAsync(context);
        var export = (await context.Client.GetAsync($"Patient/{usager.Id}/$everything")).Expect<Bundle>(200);
        var patient = export.Entry.Select(e => e.Resource).OfType<Patient>().FirstOrDefault(p => p.Id == usager.Id) ?? throw Check.Fail("$everything does not hold the usager.");
        Check.That(Usagers.Ins(patient) == Usagers.Ins(usager), "The export of a qualified identity does not carry its INS.");
    }

    private static async Task ExpectRefusedAsync(TestContext context, Patient patient, string what)
    {
        var local = patient.Identifier.First(i => i.System == Usagers.LocalIdentifier);
        var answer = await context.Client.PostAsync("Patient", patient);
        if (Writes.ReferenceOf(answer.Header("Location")) is { } created)
        {
            context.State.Remember(created);
        }

        Check.That(answer.Status is 400 or 422, $"{what} was answered {answer.Status}, expected 400 or 422.");
        answer.ExpectOutcome();
        var search = (await context.Client.GetAsync($"Patient?identifier={Uri.EscapeDataString(local.System + "|" + local.Value)}")).Expect<Bundle>(200);
        Check.That(!search.Entry.Any(e => e.Resource is Patient), $"{what} was refused but the usager is stored.");
    }
}
