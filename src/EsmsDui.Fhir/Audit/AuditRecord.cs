namespace EsmsDui.Fhir.Audit;

/// <summary>One access to record: who did what to which resources, when, from where, and how it ended.</summary>
/// <param name="Tenant">The tenant the request worked in.</param>
/// <param name="Recorded">When it happened.</param>
/// <param name="Kind">What kind of event: a RESTful interaction, an authentication, a connector send.</param>
/// <param name="Subtype">The interaction (<c>read</c>, <c>search-type</c>, <c>create</c>, <c>operation</c>…) or event detail.</param>
/// <param name="Action">C, R, U, D or E (FHIR audit-event-action).</param>
/// <param name="Status">The HTTP status of the answer.</param>
/// <param name="OutcomeText">What went wrong, when it did.</param>
/// <param name="Client">The client or user of the token; null for an anonymous caller.</param>
/// <param name="Address">The caller's network address.</param>
/// <param name="Query">The query of a search (as sent), or null.</param>
/// <param name="Entities">The resources concerned (<c>Type/id</c>), usagers first.</param>
public sealed record AuditRecord(
    string Tenant,
    DateTimeOffset Recorded,
    AuditKind Kind,
    string Subtype,
    string Action,
    int Status,
    string? OutcomeText,
    string? Client,
    string? Address,
    string? Query,
    IReadOnlyList<string> Entities);

/// <summary>The kinds of audited events.</summary>
public enum AuditKind
{
    /// <summary>A FHIR RESTful interaction (DICOM/FHIR <c>rest</c>).</summary>
    Rest,

    /// <summary>A client or user authenticating to get a token.</summary>
    Authentication,

    /// <summary>A connector sending a usager's data out (DICOM Export); the subtype names the connector's action.</summary>
    Export,

    /// <summary>A connector storing data received from outside (DICOM Import); the subtype names the connector's action.</summary>
    Import,
}
