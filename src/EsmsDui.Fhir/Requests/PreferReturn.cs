namespace EsmsDui.Fhir.Requests;

/// <summary>The <c>Prefer: return=</c> choice of a client for write responses.</summary>
public enum PreferReturn
{
    /// <summary>The resource as stored (the default).</summary>
    Representation,
    /// <summary>No body.</summary>
    Minimal,
    /// <summary>An OperationOutcome describing the result.</summary>
    OperationOutcome,
}
