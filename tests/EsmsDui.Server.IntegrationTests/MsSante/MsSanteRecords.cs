using System.Net;
using System.Text;
using EsmsDui.Server.IntegrationTests.Fixtures;
using Hl7.Fhir.Model;

namespace EsmsDui.Server.IntegrationTests.MsSante;

/// <summary>What the MSSanté tests record on a server through its FHIR API: establishments, authors, usagers, documents.</summary>
public static class MsSanteRecords
{
    public const string Reliability = "https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-identity-reliability";

    public static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");

    /// <summary>A family name no other test uses (letters only: INS traits).</summary>
    public static string UniqueFamily(string family) => family + string.Concat(Guid.NewGuid().ToString("N").Where(char.IsAsciiLetter).Take(5)).ToUpperInvariant();

    /// <summary>A usager; qualified with <paramref name="ins"/> when given, provisoire without INS otherwise.</summary>
    public static Patient Usager(string family, string? ins, string? organization = null)
    {
        var patient = new Patient
        {
            Name = [new HumanName { Use = HumanName.NameUse.Official, Family = family, Given = ["Hélène"] }],
            Gender = AdministrativeGender.Female,
            BirthDate = "1942-03-15",
            ManagingOrganization = organization is null ? null : new ResourceReference($"Organization/{organization}"),
        };
        var status = ins is null ? "PROV" : "QUAL";
        patient.Extension.Add(new Extension { Url = Reliability, Extension = [new Extension("identityStatus", new Coding("https://hl7.fr/ig/fhir/core/CodeSystem/fr-core-cs-identity-status", status))] });
        if (ins is not null)
        {
            patient.Identifier.Add(new Identifier("urn:oid:1.2.250.1.213.1.4.8", ins)
            {
                Use = Identifier.IdentifierUse.Official,
                Type = new CodeableConcept { Coding = [new Coding("https://hl7.fr/ig/fhir/core/CodeSystem/fr-core-cs-v2-0203", "INS-NIR")] },
            });
            patient.Extension.Add(new Extension("http://hl7.org/fhir/StructureDefinition/patient-birthPlace", new Address
            {
                Extension = [new Extension("https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-address-insee-code", new Coding("https://mos.esante.gouv.fr/NOS/TRE_R13-CommuneOM/FHIR/TRE-R13-CommuneOM", "63113"))],
            }));
        }

        return patient;
    }

    /// <summary>An establishment with its FINESS, reachable at <paramref name="mailbox"/> when given.</summary>
    public static Organization Establishment(string name, string? mailbox = null, string finess = "010000001") => new()
    {
        Name = name,
        Identifier = [new Identifier("http://finess.esante.gouv.fr", finess)],
        Telecom = mailbox is null ? [] : [new ContactPoint(ContactPoint.ContactPointSystem.Email, null, mailbox)],
    };

    /// <summary>A professional with an RPPS (idNatPs).</summary>
    public static Practitioner Author(bool withRpps = true) => new()
    {
        Name = [new HumanName { Family = "MARTIN", Given = ["Claire"] }],
        Identifier = withRpps ? [new Identifier("urn:oid:1.2.250.1.71.4.2.1", "810001234567")] : [],
    };

    /// <summary>A current letter (LOINC 11490-0) about the usager with its PDF inline.</summary>
    public static DocumentReference Letter(string usager, string author, string establishment, string title) => new()
    {
        Status = DocumentReferenceStatus.Current,
        Type = new CodeableConcept("http://loinc.org", "11490-0", "Lettre de sortie"),
        Subject = new ResourceReference($"Patient/{usager}"),
        Date = new DateTimeOffset(2026, 12, 2, 10, 0, 0, TimeSpan.FromHours(1)),
        Description = title,
        Author = [new ResourceReference($"Practitioner/{author}")],
        Custodian = new ResourceReference($"Organization/{establishment}"),
        Content = [new DocumentReference.ContentComponent { Attachment = new Attachment { ContentType = "application/pdf", Data = Pdf, Title = title } }],
    };

    /// <summary>Creates <paramref name="resource"/> and answers its id.</summary>
    public static async Task<string> CreateAsync(HttpClient client, Resource resource)
    {
        using var response = await client.PostAsync(resource.TypeName, FhirHttp.Json(resource));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await FhirHttp.ReadAsync<Resource>(response)).Id!;
    }

    /// <summary>Calls <c>$mssante-send</c> on a document with the given parameters.</summary>
    public static Task<HttpResponseMessage> SendAsync(HttpClient client, string document, params (string Name, DataType Value)[] parameters)
    {
        var body = new Parameters();
        foreach (var (name, value) in parameters)
        {
            body.Add(name, value);
        }

        return client.PostAsync($"DocumentReference/{document}/$mssante-send", FhirHttp.Json(body));
    }

    /// <summary>Reads until <paramref name="found"/> holds (or fails after <paramref name="seconds"/>).</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T?>> read, Func<T, bool> found, int seconds = 60)
        where T : class
    {
        var until = DateTime.UtcNow.AddSeconds(seconds);
        T? last = null;
        while (DateTime.UtcNow < until)
        {
            last = await read();
            if (last is not null && found(last))
            {
                return last;
            }

            await Task.Delay(250);
        }

        throw new Xunit.Sdk.XunitException($"Not there after {seconds} s; last read: {(last is Resource resource ? FhirHttp.Serializer.SerializeJson(resource).Length + " bytes " + Encoding.UTF8.GetString(FhirHttp.Serializer.SerializeJson(resource)) : last?.ToString() ?? LastFailure)}");
    }

    /// <summary>A resource read by its relative URL (null when it is not there: the failure is kept for the message).</summary>
    public static async Task<T?> ReadAsync<T>(HttpClient client, string url)
        where T : Resource
    {
        using var response = await client.GetAsync(url);
        if (response.IsSuccessStatusCode)
        {
            return await FhirHttp.ReadAsync<T>(response);
        }

        LastFailure = $"GET {url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
        return null;
    }

    private static string? LastFailure { get; set; }
}
