using Hl7.Fhir.Model;

namespace EsmsDui.Fhir.Operations;

/// <summary>The input of an operation: a <c>Parameters</c> body (POST) and/or query parameters (GET), read the same way.</summary>
/// <param name="request">The operation request.</param>
public sealed class OperationParameters(OperationRequest request)
{
    private readonly Parameters? _body = request.Body as Parameters;

    /// <summary>A primitive input, from the body first, else the query.</summary>
    public string? Text(string name) =>
        _body?.Parameter.Find(p => p.Name == name)?.Value is PrimitiveType primitive ? primitive.ToString() : request.Query.Value(name);

    /// <summary>A complex or resource input of the body.</summary>
    public T? Value<T>(string name)
        where T : Base =>
        _body?.Parameter.Find(p => p.Name == name) is { } parameter ? (parameter.Value as T ?? parameter.Resource as T) : null;

    /// <summary>An integer input; 400 when it is not one.</summary>
    public int? NonNegative(string name) =>
        Text(name) is not { } text ? null
        : int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) ? value
        : throw new Errors.FhirException(Errors.FhirErrorKind.Invalid, $"The parameter {name} must be a non-negative integer.", OperationOutcome.IssueType.Invalid);
}
