using EsmsDui.Dossier.Identity;
using EsmsDui.Dossier.Identity.Insi;
using EsmsDui.Fhir.Engine;
using EsmsDui.Fhir.Errors;
using EsmsDui.Fhir.Serialization;
using Hl7.Fhir.Model;

namespace EsmsDui.Connectors.MsSante.Inbox;

/// <summary>
/// Matches a received document to a usager as identitovigilance allows: automatically only by the INS, when the
/// usager's identity is qualified (neither douteuse nor fictive) and the document's birth name, birth given names,
/// sex and birth date are the usager's; otherwise staff match it by hand.
/// </summary>
public sealed class MsSanteUsagerMatcher(IFhirSearch search, FhirSerializer serializer)
{
    /// <summary>The match of <paramref name="identity"/>.</summary>
    public async Task<UsagerMatch> MatchAsync(ReceivedIdentity identity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(identity);
        if (identity.Ins is null || identity.InsOid is null)
        {
            return new(null, "the document carries no INS with the 4 identity traits: its usager cannot be recognised automatically", []);
        }

        var criteria = $"identifier={Uri.EscapeDataString("urn:oid:" + identity.InsOid)}|{Uri.EscapeDataString(identity.Ins)}";
        var candidates = (await search.FindAsync("Patient", criteria, 10, cancellationToken)).Select(s => (Patient)serializer.ParseJson(s.Json.Span)).ToList();
        if (candidates.Count == 0)
        {
            return new(null, "no usager of the establishment has the document's INS", []);
        }

        var qualified = candidates.Where(UsagerIdentity.MayDiscloseIns).ToList();
        if (qualified.Count == 0)
        {
            return new(null, "the usager with the document's INS has an identity that is not qualified", [.. candidates.Select(c => c.Id!)]);
        }

        var same = qualified.Where(p => SameTraits(p, identity)).ToList();
        return same.Count switch
        {
            1 => new(same[0].Id, null, []),
            0 => new(null, "the document's identity traits (birth name, given names, sex, birth date) are not those of the usager with its INS", [.. qualified.Select(c => c.Id!)]),
            _ => new(null, "several usagers have the document's INS and traits", [.. same.Select(c => c.Id!)]),
        };
    }

    private static bool SameTraits(Patient patient, ReceivedIdentity identity)
    {
        InsiTraits traits;
        try
        {
            traits = InsiTraitsOfPatient.Of(patient);
        }
        catch (FhirException)
        {
            return false;
        }

        static string Names(string? text) => InsiTraitsOfPatient.Alphabet(text).Replace('-', ' ');
        return traits.BirthName == InsiTraitsOfPatient.Alphabet(identity.Family)
            && Names(string.Join(' ', traits.FirstNames)) == Names(identity.Given)
            && traits.Sex == identity.Gender
            && traits.BirthDate == identity.BirthDate?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
    }
}
