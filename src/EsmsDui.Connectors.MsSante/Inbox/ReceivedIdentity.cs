using System.Xml.Linq;
using EsmsDui.Connectors.Documents.Cda;
using EsmsDui.Connectors.Documents.Xds;

namespace EsmsDui.Connectors.MsSante.Inbox;

/// <summary>
/// Who a received document is about: the INS (with its OID) when the sender gave it with the identity traits, and
/// the traits themselves, from the CDA header or, for another document, from its XDS metadata (patientId,
/// sourcePatientInfo PID-5, PID-7, PID-8).
/// </summary>
/// <param name="Ins">The matricule INS, or null.</param>
/// <param name="InsOid">Its OID.</param>
/// <param name="Family">Birth name.</param>
/// <param name="Given">Birth given names, space-separated.</param>
/// <param name="Gender">F or M.</param>
/// <param name="BirthDate">Birth date.</param>
public sealed record ReceivedIdentity(string? Ins, string? InsOid, string? Family, string? Given, string? Gender, DateOnly? BirthDate)
{
    /// <summary>The identity a CDA header gives.</summary>
    public static ReceivedIdentity OfCda(XDocument cda)
    {
        var identity = CdaIdentity.Read(cda);
        return new(identity.Ins, identity.InsOid, identity.BirthFamily, identity.BirthGivenNames, identity.Gender, identity.BirthDate);
    }

    /// <summary>The identity the XDS metadata of <paramref name="entry"/> gives.</summary>
    public static ReceivedIdentity OfMetadata(XdsDocumentEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        string? Field(string pid) => entry.SourcePatientInfo.FirstOrDefault(l => l.StartsWith(pid + "|", StringComparison.Ordinal))?[(pid.Length + 1)..];
        var name = Field("PID-5")?.Split('^');
        var gender = Field("PID-8") is "F" or "M" ? Field("PID-8") : null;
        var born = Hl7V2.ParseDtm(Field("PID-7")) is { } time ? DateOnly.FromDateTime(time.UtcDateTime) : (DateOnly?)null;
        var complete = name is { Length: > 1 } && name[0].Length > 0 && name[1].Length > 0 && gender is not null && born is not null;
        var ins = complete && Hl7V2.ParseCx(entry.PatientId) is { } cx && cx.Authority is Hl7V2.InsNirOid or Hl7V2.InsNiaOid ? cx : ((string Id, string Authority)?)null;
        return new(ins?.Id, ins?.Authority, name?.ElementAtOrDefault(0), name?.ElementAtOrDefault(1), gender, born);
    }
}
