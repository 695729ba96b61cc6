namespace EsmsDui.Connectors.MsSante.Inbox;

/// <summary>What a received mail gave.</summary>
/// <param name="Attached">Documents stored and attached to their usager.</param>
/// <param name="ToMatch">Documents stored with a Task for staff to match their usager.</param>
/// <param name="Duplicates">Documents already stored (same uniqueId), skipped.</param>
/// <param name="Receipt">The sending a receipt was recorded on (<c>Communication/[id]</c>), or null.</param>
public sealed record MsSanteImportResult(int Attached, int ToMatch, int Duplicates, string? Receipt);
