namespace EsmsDui.Storage.Entities;

/// <summary>One row per resource version; history and vread read the same table (architecture §3).</summary>
public sealed class ResourceVersionRow
{
    /// <summary>Storage position: increases with every write, so it orders history and serves as paging cursor.</summary>
    public long Id { get; set; }

    /// <summary>The FHIR resource type.</summary>
    public required string ResourceType { get; set; }

    /// <summary>The tenant the version belongs to (<see cref="Fhir.Tenancy.TenantContext"/>; shared conformance resources: <c>*</c>).</summary>
    public string TenantId { get; set; } = Fhir.Tenancy.TenantContext.Default;

    /// <summary>The logical id.</summary>
    public required string LogicalId { get; set; }

    /// <summary>The version id (1, 2, …).</summary>
    public int VersionId { get; set; }

    /// <summary>When the version was written (UTC).</summary>
    public DateTime LastUpdated { get; set; }

    /// <summary>The interaction that wrote it (<see cref="Fhir.Storage.WriteMethod"/>).</summary>
    public byte Method { get; set; }

    /// <summary>True for the newest version of the resource only.</summary>
    public bool IsCurrent { get; set; }

    /// <summary>The resource as UTF-8 JSON; null for a deletion.</summary>
    public byte[]? Body { get; set; }

    /// <summary>Token and uri index values of this version.</summary>
    public List<SearchTokenRow> Tokens { get; } = [];

    /// <summary>String index values of this version.</summary>
    public List<SearchStringRow> Strings { get; } = [];

    /// <summary>Date index values of this version.</summary>
    public List<SearchDateRow> Dates { get; } = [];

    /// <summary>Reference index values of this version.</summary>
    public List<SearchReferenceRow> References { get; } = [];

    /// <summary>Number index values of this version.</summary>
    public List<SearchNumberRow> Numbers { get; } = [];

    /// <summary>Quantity index values of this version.</summary>
    public List<SearchQuantityRow> Quantities { get; } = [];
}
