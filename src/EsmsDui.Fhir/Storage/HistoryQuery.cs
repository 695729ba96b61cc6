using EsmsDui.Fhir.Primitives;

namespace EsmsDui.Fhir.Storage;

/// <summary>Which history to read: system (no type), type (no id) or instance level.</summary>
/// <param name="ResourceType">Restricts to one type, or null for the whole system.</param>
/// <param name="Id">Restricts to one resource (requires a type).</param>
/// <param name="Since">Only versions written at or after this instant.</param>
/// <param name="At">Only the versions that were current at some point of this period.</param>
/// <param name="Count">Page size.</param>
/// <param name="Before">Paging cursor: only versions stored before this position (from a previous page).</param>
/// <param name="IncludeTotal">Whether to count all matching versions.</param>
public sealed record HistoryQuery(
    string? ResourceType,
    string? Id,
    DateTimeOffset? Since,
    FhirDateRange? At,
    int Count,
    long? Before,
    bool IncludeTotal);
