using EsmsDui.Fhir.Requests;
using Hl7.Fhir.Model;

namespace EsmsDui.Fhir.Operations;

/// <summary>
/// An operation call as the dispatcher hands it to its handler (the resource type and id of the URL come beside it):
/// how it was called, its body, and its query.
/// </summary>
/// <param name="IsPost">True for POST (which may record data), false for GET.</param>
/// <param name="Body">The body: a <c>Parameters</c> resource, or the resource itself where the operation takes one.</param>
/// <param name="Query">The FHIR base, the query parameters and their strictness (what a search the operation runs takes too).</param>
public sealed record OperationRequest(bool IsPost, Resource? Body, ReadQuery Query)
{
    /// <summary>The absolute URL of the FHIR base, without trailing slash.</summary>
    public string BaseUrl => Query.BaseUrl;

    /// <summary>The input read the same way from the body and the query.</summary>
    public OperationParameters Input => new(this);
}
