namespace EsmsDui.Fhir.Errors;

/// <summary>What went wrong, in FHIR terms; mapped to an HTTP status in exactly one place (<see cref="FhirErrorStatus"/>).</summary>
public enum FhirErrorKind
{
    /// <summary>Malformed request or content (400).</summary>
    Invalid,
    /// <summary>Authentication required (401).</summary>
    Unauthorized,
    /// <summary>Authenticated but not allowed (403).</summary>
    Forbidden,
    /// <summary>Unknown type, id or version (404).</summary>
    NotFound,
    /// <summary>The interaction is not supported on this target (405).</summary>
    MethodNotAllowed,
    /// <summary>The requested format cannot be produced (406).</summary>
    NotAcceptable,
    /// <summary>A version conflict or a resource changed by another request (409).</summary>
    Conflict,
    /// <summary>The resource was deleted (410).</summary>
    Gone,
    /// <summary>A precondition (If-Match, conditional match count) failed (412).</summary>
    PreconditionFailed,
    /// <summary>The request body exceeds the configured limit (413).</summary>
    PayloadTooLarge,
    /// <summary>The content type is not supported (415).</summary>
    UnsupportedMediaType,
    /// <summary>A business rule or profile rejected the content (422).</summary>
    Unprocessable,
    /// <summary>Too many requests for this client (429).</summary>
    TooManyRequests,
    /// <summary>An unexpected failure of the server (500).</summary>
    Internal,
    /// <summary>A feature the server does not implement (501).</summary>
    NotImplemented,
    /// <summary>A remote service the request needed (a national teleservice) failed or refused it (502).</summary>
    BadGateway,
    /// <summary>A remote service the request needs is not configured or not reachable now (503).</summary>
    ServiceUnavailable,
}
