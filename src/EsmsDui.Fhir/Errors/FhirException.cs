using Hl7.Fhir.Model;

namespace EsmsDui.Fhir.Errors;

/// <summary>
/// A failure that carries FHIR issues and knows nothing about HTTP; the host turns it into an
/// <see cref="OperationOutcome"/> with the status of <see cref="Kind"/>.
/// </summary>
public sealed class FhirException : Exception
{
    /// <summary>Creates an exception with one error issue.</summary>
    public FhirException(FhirErrorKind kind, string message, OperationOutcome.IssueType? code = null, string? expression = null)
        : base(message)
    {
        Kind = kind;
        Issues = [Issue(OperationOutcome.IssueSeverity.Error, code ?? DefaultCode(kind), message, expression)];
    }

    /// <summary>Creates an exception with several issues (e.g. every parse error of a body).</summary>
    public FhirException(FhirErrorKind kind, IReadOnlyList<OperationOutcome.IssueComponent> issues)
        : base(issues.Count > 0 ? issues[0].Diagnostics : kind.ToString())
    {
        Kind = kind;
        Issues = issues;
    }

    /// <summary>What kind of failure this is.</summary>
    public FhirErrorKind Kind { get; }

    /// <summary>The issues to report.</summary>
    public IReadOnlyList<OperationOutcome.IssueComponent> Issues { get; }

    /// <summary>Builds one issue.</summary>
    public static OperationOutcome.IssueComponent Issue(
        OperationOutcome.IssueSeverity severity, OperationOutcome.IssueType code, string diagnostics, string? expression = null)
    {
        var issue = new OperationOutcome.IssueComponent { Severity = severity, Code = code, Diagnostics = diagnostics };
        if (expression is not null)
        {
            issue.Expression = [expression];
        }

        return issue;
    }

    private static OperationOutcome.IssueType DefaultCode(FhirErrorKind kind) => kind switch
    {
        FhirErrorKind.Invalid => OperationOutcome.IssueType.Invalid,
        FhirErrorKind.Unauthorized => OperationOutcome.IssueType.Login,
        FhirErrorKind.Forbidden => OperationOutcome.IssueType.Forbidden,
        FhirErrorKind.NotFound => OperationOutcome.IssueType.NotFound,
        FhirErrorKind.MethodNotAllowed or FhirErrorKind.NotImplemented => OperationOutcome.IssueType.NotSupported,
        FhirErrorKind.BadGateway or FhirErrorKind.ServiceUnavailable => OperationOutcome.IssueType.Transient,
        FhirErrorKind.NotAcceptable or FhirErrorKind.UnsupportedMediaType => OperationOutcome.IssueType.NotSupported,
        FhirErrorKind.Conflict => OperationOutcome.IssueType.Conflict,
        FhirErrorKind.Gone => OperationOutcome.IssueType.Deleted,
        FhirErrorKind.PreconditionFailed => OperationOutcome.IssueType.Conflict,
        FhirErrorKind.PayloadTooLarge => OperationOutcome.IssueType.TooLong,
        FhirErrorKind.Unprocessable => OperationOutcome.IssueType.BusinessRule,
        FhirErrorKind.TooManyRequests => OperationOutcome.IssueType.Throttled,
        _ => OperationOutcome.IssueType.Exception,
    };
}
