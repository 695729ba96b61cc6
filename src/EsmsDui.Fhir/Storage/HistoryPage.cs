namespace EsmsDui.Fhir.Storage;

/// <summary>A page of history entries, newest first.</summary>
/// <param name="Entries">The versions of this page.</param>
/// <param name="NextBefore">The cursor of the next (older) page, or null when this is the last one.</param>
/// <param name="Total">The number of matching versions, when asked for.</param>
public sealed record HistoryPage(IReadOnlyList<StoredResource> Entries, long? NextBefore, int? Total);
