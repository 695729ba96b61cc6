using EsmsDui.Fhir.Primitives;
using Hl7.Fhir.Model;

namespace EsmsDui.Dossier.Identity;

/// <summary>
/// Keeps the INS of an identity that is not qualified inside the server: in what leaves it (exports, documents,
/// mails, DMP feeds), such a patient carries no INS identifier, and no reference names it by its INS.
/// </summary>
public static class InsDisclosure
{
    /// <summary>
    /// Removes from <paramref name="resource"/> (and the resources of a Bundle) the INS of the identities that are not
    /// qualified: from each such Patient, and from references that identify <paramref name="usager"/> by an INS when
    /// <paramref name="usager"/> is not qualified.
    /// </summary>
    public static void Apply(Resource resource, Patient usager)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ArgumentNullException.ThrowIfNull(usager);
        var stripReferences = !UsagerIdentity.MayDiscloseIns(usager);
        foreach (var item in resource is Bundle bundle ? bundle.Entry.Select(e => e.Resource).OfType<Resource>() : [resource])
        {
            if (item is Patient patient && !UsagerIdentity.MayDiscloseIns(patient))
            {
                patient.Identifier.RemoveAll(UsagerIdentity.IsIns);
            }

            if (stripReferences)
            {
                StripReferences(item);
            }
        }
    }

    private static void StripReferences(Base element)
    {
        foreach (var reference in ResourceReferences.Of(element).Where(r => r.Identifier is { } identifier && UsagerIdentity.IsIns(identifier)).ToList())
        {
            reference.Identifier = null;
        }
    }
}
