using System.Globalization;
using System.Text;
using EsmsDui.Fhir.Errors;
using Hl7.Fhir.Model;

namespace EsmsDui.Dossier.Identity.Insi;

/// <summary>The strict traits of a Patient as INSi takes them: capitals without accents, F or M, a full birth date.</summary>
public static class InsiTraitsOfPatient
{
    /// <summary>FR Core: the list of birth first names on the official name.</summary>
    public const string BirthListGivenName = "https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-patient-birth-list-given-name";

    /// <summary>The place of birth.</summary>
    public const string BirthPlace = "http://hl7.org/fhir/StructureDefinition/patient-birthPlace";

    /// <summary>FR Core: the INSEE code of an address.</summary>
    public const string InseeCode = "https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-address-insee-code";

    /// <summary>The traits of <paramref name="patient"/>; 422 naming what is missing.</summary>
    public static InsiTraits Of(Patient patient)
    {
        ArgumentNullException.ThrowIfNull(patient);
        var name = patient.Name.FirstOrDefault(n => n.Use == HumanName.NameUse.Official) ?? patient.Name.FirstOrDefault();
        var birthList = name?.GetStringExtension(BirthListGivenName);
        var firstNames = (birthList is not null ? birthList.Split(' ', StringSplitOptions.RemoveEmptyEntries) : name?.Given ?? [])
            .Select(f => Alphabet(f).Replace(" ", "-", StringComparison.Ordinal)).Where(f => f.Length > 0).ToList();
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(name?.Family))
        {
            problems.Add("a birth name (Patient.name.family, official)");
        }

        if (firstNames.Count == 0)
        {
            problems.Add("a first name (Patient.name.given or the birth list of first names)");
        }

        var sex = patient.Gender switch
        {
            AdministrativeGender.Female => "F",
            AdministrativeGender.Male => "M",
            _ => null,
        };
        if (sex is null)
        {
            problems.Add("a sex INSi knows (Patient.gender male or female)");
        }

        if (patient.BirthDate is not { Length: 10 } birthDate)
        {
            problems.Add("a full birth date (Patient.birthDate YYYY-MM-DD)");
            birthDate = string.Empty;
        }

        return problems.Count > 0
            ? throw new FhirException(FhirErrorKind.Unprocessable, $"INSi is asked with the strict traits; this usager lacks {string.Join(", ", problems)}.", OperationOutcome.IssueType.Required)
            : new InsiTraits(Alphabet(name!.Family), firstNames, sex!, birthDate, BirthPlaceCode(patient));
    }

    /// <summary>The INSEE code of the place of birth, if recorded.</summary>
    public static string? BirthPlaceCode(Patient patient) =>
        (patient?.GetExtensionValue<Address>(BirthPlace)?.GetExtensionValue<Coding>(InseeCode))?.Code;

    /// <summary>A name in INSi's alphabet: capitals without diacritics, hyphen, apostrophe and single spaces (to compare traits).</summary>
    public static string Alphabet(string? text)
    {
        var ligatures = (text ?? string.Empty).Replace("æ", "ae", StringComparison.Ordinal).Replace("Æ", "AE", StringComparison.Ordinal)
            .Replace("œ", "oe", StringComparison.Ordinal).Replace("Œ", "OE", StringComparison.Ordinal);
        var builder = new StringBuilder(ligatures.Length);
        foreach (var c in ligatures.Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            var upper = char.ToUpperInvariant(c);
            builder.Append(upper is >= 'A' and <= 'Z' or '-' or '\'' ? upper : ' ');
        }

        return string.Join(' ', builder.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }
}
