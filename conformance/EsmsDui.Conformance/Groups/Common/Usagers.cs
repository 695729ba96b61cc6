using System.Globalization;
using System.Security.Cryptography;
using EsmsDui.Conformance.Runner;
using Hl7.Fhir.Model;

namespace EsmsDui.Conformance.Groups.Common;

/// <summary>
/// The usagers the suite writes: FR Core INS identities (a fictitious matricule with its right key, the local
/// identifier <c>3+FINESS/…</c>) managed by the preset's establishment, qualified (status VALI) or not (PROV).
/// </summary>
public static class Usagers
{
    /// <summary>The INS-NIR system.</summary>
    public const string InsNir = "urn:oid:1.2.250.1.213.1.4.8";

    /// <summary>The usager local identifier system (TDDUI).</summary>
    public const string LocalIdentifier = "https://identifiant-medicosocial-localusager.esante.gouv.fr";

    /// <summary>FR Core's Patient INS profile.</summary>
    public const string PatientInsProfile = "https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-patient-ins";

    /// <summary>FR Core's Patient profile.</summary>
    public const string PatientProfile = "https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-patient";

    /// <summary>A new matricule: 13 digits (sex, year, month, département, commune, order) and the key 97 − (number mod 97).</summary>
    public static string NewIns(bool female)
    {
        var number = string.Create(CultureInfo.InvariantCulture, $"{(female ? 2 : 1)}{RandomNumberGenerator.GetInt32(30, 60):00}{RandomNumberGenerator.GetInt32(1, 13):00}63{RandomNumberGenerator.GetInt32(100, 999):000}{RandomNumberGenerator.GetInt32(1, 999):000}");
        return WithKey(number);
    }

    /// <summary><paramref name="number"/> (13 digits) followed by its key.</summary>
    public static string WithKey(string number) =>
        string.Create(CultureInfo.InvariantCulture, $"{number}{97 - (long.Parse(number, CultureInfo.InvariantCulture) % 97):00}");

    /// <summary>A usager of the preset's establishment with an INS, qualified or not, and a marker family name to find it by.</summary>
    public static Patient New(Preset preset, bool qualified, string family = "CONFORMITE")
    {
        var local = Guid.NewGuid().ToString("N")[..10];
        var patient = new Patient
        {
            Meta = new Meta { Profile = [PatientInsProfile] },
            Identifier =
            [
                new Identifier(InsNir, NewIns(female: true))
                {
                    Use = Identifier.IdentifierUse.Official,
                    Type = new CodeableConcept("https://hl7.fr/ig/fhir/core/CodeSystem/fr-core-cs-v2-0203", "INS-NIR"),
                },
                new Identifier(LocalIdentifier, $"3{preset.Finess}/{local}")
                {
                    Type = new CodeableConcept("http://terminology.hl7.org/CodeSystem/v2-0203", "PI"),
                },
            ],
            Name =
            [
                new HumanName { Use = HumanName.NameUse.Official, Family = family, Given = ["Marie"] }
                    .WithBirthListGivenNames("Marie Louise"),
            ],
            Gender = AdministrativeGender.Female,
            BirthDate = "1938-05-12",
            ManagingOrganization = preset.Establishment is { } esms ? new ResourceReference("Organization/" + esms) : null,
        };
        patient.Extension.Add(new Extension { Url = "https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-identity-reliability", Extension = [new Extension("identityStatus", new Coding("https://hl7.fr/ig/fhir/core/CodeSystem/fr-core-cs-v2-0445", qualified ? "VALI" : "PROV"))] });
        patient.Extension.Add(new Extension("http://hl7.org/fhir/StructureDefinition/patient-birthPlace", new Address
        {
            City = "Clermont-Ferrand",
            Country = "FRA",
            Extension = [new Extension("https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-address-insee-code", new Coding("https://mos.esante.gouv.fr/NOS/TRE_R13-CommuneOM/FHIR/TRE-R13-CommuneOM", "63113"))],
        }));
        return patient;
    }

    /// <summary>The INS matricule of <paramref name="patient"/>, if it carries one.</summary>
    public static string? Ins(Patient patient) => patient.Identifier.FirstOrDefault(i => i.System == InsNir)?.Value;

    private static HumanName WithBirthListGivenNames(this HumanName name, string names)
    {
        name.Extension.Add(new Extension("https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-patient-birth-list-given-name", new FhirString(names)));
        return name;
    }
}
