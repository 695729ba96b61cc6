using System.Net;
using EsmsDui.Server.IntegrationTests.Fixtures;
using Hl7.Fhir.Model;
using static EsmsDui.Server.IntegrationTests.MsSante.MsSanteRecords;

namespace EsmsDui.Server.IntegrationTests.Dmp;

/// <summary>What the DMP tests do through the API.</summary>
internal static class DmpRecords
{
    /// <summary>The inputs of a rendering operation: its author and more.</summary>
    public static Parameters Inputs(string author, params (string Name, DataType Value)[] more)
    {
        var parameters = new Parameters();
        parameters.Add("author", new ResourceReference(author));
        foreach (var (name, value) in more)
        {
            parameters.Add(name, value);
        }

        return parameters;
    }

    /// <summary>Sends <c>DocumentReference/[document]</c> to the DMP ($dmp-send) and waits until the feeding is completed.</summary>
    public static async Task<Communication> FedAsync(HttpClient client, string document)
    {
        using var response = await client.PostAsync($"DocumentReference/{document}/$dmp-send", null);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        var sending = await FhirHttp.ReadAsync<Communication>(response);
        return await EventuallyAsync(() => ReadAsync<Communication>(client, $"Communication/{sending.Id}"), c => c.Status == EventStatus.Completed);
    }

    /// <summary>A qualified resident of a new EHPAD with a médecin traitant, contacts, a pathology, an allergy, a treatment, his state and a blood pressure.</summary>
    // A qualified resident of a new EHPAD with a médecin traitant, contacts, a pathology, an allergy, a treatment, his state and a blood pressure.
    public static async Task<(string Usager, string Ins, string Author)> ResidentAsync(DmpConnectedServer fixture)
    {
        var client = fixture.Client;
        var ins = TestIns.Next();
        fixture.Dmp.Patients[ins] = DmpState.Open;
        var establishment = await CreateAsync(client, Establishment("EHPAD Les Tilleuls"));
        var author = "Practitioner/" + await CreateAsync(client, Author());
        var doctor = Author();
        doctor.Identifier[0].Value = "810009876543";
        doctor.Name[0].Family = "MEDIONI";
        var resident = Usager(UniqueFamily("DLU"), ins, establishment);
        resident.GeneralPractitioner = [new ResourceReference($"Practitioner/{await CreateAsync(client, doctor)}")];
        const string Relationship = "https://hl7.fr/ig/fhir/core/CodeSystem/fr-core-cs-contact-relationship";
        resident.Contact =
        [
            Contact("CONFIANCE", new Coding(Relationship, "K", "Personne de confiance"), new Coding(Relationship, "DAUC", "daughter")),
            Contact("URGENCE", new Coding("http://terminology.hl7.org/CodeSystem/v2-0131", "C", "Emergency Contact")),
            Contact("INTERDIT", new Coding(Relationship, "P", "Personne à ne pas prévenir"), new Coding("http://terminology.hl7.org/CodeSystem/v2-0131", "C", "Emergency Contact")),
        ];
        var usager = "Patient/" + await CreateAsync(client, resident);
        await CreateAsync(client, new Condition
        {
            Subject = new ResourceReference(usager),
            ClinicalStatus = new CodeableConcept("http://terminology.hl7.org/CodeSystem/condition-clinical", "active"),
            Code = new CodeableConcept("http://hl7.org/fhir/sid/icd-10", "G30.9", "Maladie d'Alzheimer, sans précision"),
            Onset = new FhirDateTime("2021-05-03"),
        });
        await CreateAsync(client, new AllergyIntolerance
        {
            Patient = new ResourceReference(usager),
            Category = [AllergyIntolerance.AllergyIntoleranceCategory.Medication],
            Code = new CodeableConcept { Text = "Pénicilline" },
        });
        await CreateAsync(client, new MedicationStatement
        {
            Status = MedicationStatement.MedicationStatusCodes.Active,
            Subject = new ResourceReference(usager),
            Medication = new CodeableConcept { Text = "DOLIPRANE 1000 mg, comprimé" },
            Dosage = [new Dosage { Text = "1 comprimé matin et soir" }],
        });
        await CreateAsync(client, new Observation
        {
            Status = ObservationStatus.Final,
            Subject = new ResourceReference(usager),
            Code = new CodeableConcept("http://snomed.info/sct", "161898004", "chutes"),
            Effective = new FhirDateTime("2026-11-20"),
            Value = new FhirBoolean(true),
        });
        await CreateAsync(client, new Observation
        {
            Status = ObservationStatus.Final,
            Category = [new CodeableConcept("http://terminology.hl7.org/CodeSystem/observation-category", "vital-signs")],
            Subject = new ResourceReference(usager),
            Code = new CodeableConcept("http://loinc.org", "85354-9", "Blood pressure panel"),
            Effective = new FhirDateTime("2026-12-01"),
            Component =
            [
                new Observation.ComponentComponent { Code = new CodeableConcept("http://loinc.org", "8480-6"), Value = new Quantity(128, "mm[Hg]") { Unit = "mmHg" } },
                new Observation.ComponentComponent { Code = new CodeableConcept("http://loinc.org", "8462-4"), Value = new Quantity(76, "mm[Hg]") { Unit = "mmHg" } },
            ],
        });
        return (usager, ins, author);
    }

    private static Patient.ContactComponent Contact(string family, params Coding[] relationship) => new()
    {
        Name = new HumanName { Family = family, Given = ["Anne"] },
        Telecom = [new ContactPoint(ContactPoint.ContactPointSystem.Phone, null, "0600000000")],
        Relationship = [.. relationship.Select(c => new CodeableConcept { Coding = [c] })],
    };
}
