using EsmsDui.Fhir.Errors;
using EsmsDui.Fhir.Storage;

namespace EsmsDui.Fhir.Resources;

/// <summary>
/// The writes of one request, committed together: a single interaction commits at once, a transaction
/// collects the writes of all its entries and commits them in one store transaction. Reads through the
/// session see its own pending writes.
/// </summary>
public sealed class WriteSession
{
    private readonly Dictionary<(string Type, string Id), StoredResource> _pending = [];
    private readonly List<ResourceWrite> _writes = [];

    /// <summary>Creates a session.</summary>
    /// <param name="isTransaction">True to defer every write to one final commit.</param>
    public WriteSession(bool isTransaction) => IsTransaction = isTransaction;

    /// <summary>True when the writes are committed together at the end of a transaction Bundle.</summary>
    public bool IsTransaction { get; }

    /// <summary>True for writes of published package content, which is not validated again on write.</summary>
    public bool FromPackage { get; init; }

    /// <summary>
    /// True for the server's own audit trail writer: the only writer of AuditEvent resources (no API request, whatever
    /// its scopes, and no import writes one).
    /// </summary>
    public bool ForAuditTrail { get; init; }

    /// <summary>The writes collected so far.</summary>
    public IReadOnlyList<ResourceWrite> Writes => _writes;

    /// <summary>The pending version of a resource written in this session, or null.</summary>
    public StoredResource? FindPending(string resourceType, string id) =>
        _pending.TryGetValue((resourceType, id), out var stored) ? stored : null;

    /// <summary>Records a write; a transaction may not touch the same resource twice (FHIR R4 §3.1.0.11.2).</summary>
    public void Add(ResourceWrite write, StoredResource stored)
    {
        if (IsTransaction && _pending.ContainsKey((write.ResourceType, write.Id)))
        {
            throw new FhirException(
                FhirErrorKind.Invalid,
                $"The transaction changes {write.ResourceType}/{write.Id} more than once.",
                Hl7.Fhir.Model.OperationOutcome.IssueType.BusinessRule);
        }

        _pending[(write.ResourceType, write.Id)] = stored;
        _writes.Add(write);
    }
}
