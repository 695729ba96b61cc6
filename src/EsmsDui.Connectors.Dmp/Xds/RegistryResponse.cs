using System.Xml.Linq;

namespace EsmsDui.Connectors.Dmp.Xds;

/// <summary>An ebRS RegistryResponse: its status and the errors it lists.</summary>
/// <param name="Status">The status URN (…:ResponseStatusType:Success, Failure or PartialSuccess).</param>
/// <param name="Errors">The RegistryErrors (errorCode, codeContext, severity, location).</param>
public sealed record RegistryResponse(string Status, IReadOnlyList<RegistryError> Errors)
{
    /// <summary>The ebRS 3.0 namespace.</summary>
    public static readonly XNamespace Rs = "urn:oasis:names:tc:ebxml-regrep:xsd:rs:3.0";

    /// <summary>Success.</summary>
    public const string Success = "urn:oasis:names:tc:ebxml-regrep:ResponseStatusType:Success";

    /// <summary>Failure.</summary>
    public const string Failure = "urn:oasis:names:tc:ebxml-regrep:ResponseStatusType:Failure";

    /// <summary>Whether the registry accepted the request.</summary>
    public bool Succeeded => Status == Success;

    /// <summary>The response in <paramref name="element"/> (a RegistryResponse, or an element holding one), or null.</summary>
    public static RegistryResponse? Read(XElement? element)
    {
        var response = element?.Name == Rs + "RegistryResponse" ? element : element?.Descendants(Rs + "RegistryResponse").FirstOrDefault();
        if (response is null)
        {
            return null;
        }

        var errors = response.Element(Rs + "RegistryErrorList")?.Elements(Rs + "RegistryError")
            .Select(e => new RegistryError((string?)e.Attribute("errorCode") ?? string.Empty, (string?)e.Attribute("codeContext") ?? e.Value,
                (string?)e.Attribute("severity") ?? string.Empty, (string?)e.Attribute("location")))
            .ToList() ?? [];
        return new RegistryResponse((string?)response.Attribute("status") ?? string.Empty, errors);
    }
}

/// <summary>One error of a RegistryResponse.</summary>
/// <param name="Code">errorCode (XDSUnknownPatientId, XDSRegistryMetadataError, or a DMP code).</param>
/// <param name="Context">codeContext: what went wrong, as the registry says it.</param>
/// <param name="Severity">The severity URN.</param>
/// <param name="Location">Where, when given.</param>
public sealed record RegistryError(string Code, string Context, string Severity, string? Location);
