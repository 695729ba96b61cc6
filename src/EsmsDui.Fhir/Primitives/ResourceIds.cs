using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;
using EsmsDui.Fhir.Errors;
using Hl7.Fhir.Model;

namespace EsmsDui.Fhir.Primitives;

/// <summary>Rules for resource types and logical ids.</summary>
public static partial class ResourceIds
{
    /// <summary>A new server-assigned id: time-ordered, so that index pages fill in order.</summary>
    public static string New() => Guid.CreateVersion7().ToString("N");

    /// <summary>True when the text is a valid FHIR id (<c>[A-Za-z0-9\-\.]{1,64}</c>).</summary>
    public static bool IsValid([NotNullWhen(true)] string? id) => id is not null && IdPattern().IsMatch(id);

    /// <summary>Throws 400 when the id is not valid.</summary>
    public static void EnsureValid([NotNull] string? id)
    {
        if (!IsValid(id))
        {
            throw new FhirException(FhirErrorKind.Invalid, $"'{Truncate(id ?? string.Empty)}' is not a valid resource id ([A-Za-z0-9-.]{{1,64}}).");
        }
    }

    /// <summary>Throws 404 when the type is not a concrete R4 resource type.</summary>
    public static void EnsureKnownType(string resourceType)
    {
        if (!IsKnownType(resourceType))
        {
            throw new FhirException(FhirErrorKind.NotFound, $"'{Truncate(resourceType)}' is not a resource type of FHIR R4.", OperationOutcome.IssueType.NotSupported);
        }
    }

    /// <summary>True when the type is a concrete R4 resource type.</summary>
    public static bool IsKnownType(string resourceType) =>
        ModelInfo.IsKnownResource(resourceType) && resourceType is not ("Resource" or "DomainResource");

    /// <summary>Every concrete R4 resource type.</summary>
    public static IReadOnlyList<string> KnownTypes { get; } = [.. ModelInfo.SupportedResources.Where(IsKnownType).Order(StringComparer.Ordinal)];

    /// <summary>Shortens user input quoted in messages.</summary>
    public static string Truncate(string text) => text.Length <= 80 ? text : text[..80] + "…";

    [GeneratedRegex("^[A-Za-z0-9\\-\\.]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();
}
