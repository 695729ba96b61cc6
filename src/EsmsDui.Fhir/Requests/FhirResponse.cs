using EsmsDui.Fhir.Storage;
using Hl7.Fhir.Model;

namespace EsmsDui.Fhir.Requests;

/// <summary>The result of one interaction, independent of HTTP framing.</summary>
public sealed class FhirResponse
{
    /// <summary>The status code (FHIR reuses HTTP codes, in Bundle entries too).</summary>
    public required int Status { get; init; }

    /// <summary>The resource to return, when it exists as an object.</summary>
    public Resource? Resource { get; init; }

    /// <summary>The stored version to return as is (fast path: its JSON is written without re-serialising).</summary>
    public StoredResource? Stored { get; init; }

    /// <summary>The version for the ETag and Location headers.</summary>
    public int? VersionId { get; init; }

    /// <summary>The Last-Modified time.</summary>
    public DateTimeOffset? LastModified { get; init; }

    /// <summary>The Location header (relative to the FHIR base: <c>Patient/1/_history/1</c>).</summary>
    public string? Location { get; init; }

    /// <summary>An outcome to return instead of, or when there is no, resource.</summary>
    public OperationOutcome? Outcome { get; init; }

    /// <summary>Whether the body may be reduced per the request's <c>Prefer: return</c>.</summary>
    public bool IsWriteResult { get; init; }

    /// <summary>A 200 response carrying a resource object.</summary>
    public static FhirResponse Ok(Resource resource) => new() { Status = 200, Resource = resource };

    /// <summary>The response of a successful write or read of a stored version.</summary>
    public static FhirResponse ForStored(int status, StoredResource stored, Resource? resource, bool isWrite) => new()
    {
        Status = status,
        Stored = stored,
        Resource = resource,
        VersionId = stored.VersionId,
        LastModified = stored.LastUpdated,
        Location = isWrite ? $"{stored.ResourceType}/{stored.Id}/_history/{stored.VersionId}" : null,
        IsWriteResult = isWrite,
    };
}
