namespace EsmsDui.Fhir.Errors;

/// <summary>The single mapping from <see cref="FhirErrorKind"/> to HTTP status and OperationOutcome issue code.</summary>
public static class FhirErrorStatus
{
    /// <summary>The HTTP status code for an error kind.</summary>
    public static int ToStatusCode(this FhirErrorKind kind) => kind switch
    {
        FhirErrorKind.Invalid => 400,
        FhirErrorKind.Unauthorized => 401,
        FhirErrorKind.Forbidden => 403,
        FhirErrorKind.NotFound => 404,
        FhirErrorKind.MethodNotAllowed => 405,
        FhirErrorKind.NotAcceptable => 406,
        FhirErrorKind.Conflict => 409,
        FhirErrorKind.Gone => 410,
        FhirErrorKind.PreconditionFailed => 412,
        FhirErrorKind.PayloadTooLarge => 413,
        FhirErrorKind.UnsupportedMediaType => 415,
        FhirErrorKind.Unprocessable => 422,
        FhirErrorKind.TooManyRequests => 429,
        FhirErrorKind.NotImplemented => 501,
        FhirErrorKind.BadGateway => 502,
        FhirErrorKind.ServiceUnavailable => 503,
        _ => 500,
    };

    /// <summary>The error kind an HTTP status stands for (used when a lower layer only knows the status).</summary>
    public static FhirErrorKind FromStatusCode(int status) => status switch
    {
        401 => FhirErrorKind.Unauthorized,
        403 => FhirErrorKind.Forbidden,
        404 => FhirErrorKind.NotFound,
        405 => FhirErrorKind.MethodNotAllowed,
        406 => FhirErrorKind.NotAcceptable,
        409 => FhirErrorKind.Conflict,
        410 => FhirErrorKind.Gone,
        412 => FhirErrorKind.PreconditionFailed,
        413 => FhirErrorKind.PayloadTooLarge,
        415 => FhirErrorKind.UnsupportedMediaType,
        422 => FhirErrorKind.Unprocessable,
        429 => FhirErrorKind.TooManyRequests,
        500 => FhirErrorKind.Internal,
        501 => FhirErrorKind.NotImplemented,
        502 => FhirErrorKind.BadGateway,
        503 => FhirErrorKind.ServiceUnavailable,
        _ => FhirErrorKind.Invalid,
    };
}
