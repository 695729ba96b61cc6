namespace EsmsDui.Connectors.MsSante.Inbox;

/// <summary>The usager a received document is attached to, or why staff must match it by hand.</summary>
/// <param name="PatientId">The usager (Patient id), or null.</param>
/// <param name="Reason">Why there is no automatic match (null when there is one).</param>
/// <param name="Candidates">Usagers that carry the document's INS but could not be matched automatically.</param>
public sealed record UsagerMatch(string? PatientId, string? Reason, IReadOnlyList<string> Candidates);
