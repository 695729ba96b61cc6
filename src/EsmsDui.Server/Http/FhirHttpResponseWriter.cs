using System.Diagnostics;
using System.Globalization;
using EsmsDui.Fhir.Errors;
using EsmsDui.Fhir.Requests;
using EsmsDui.Fhir.Resources;
using EsmsDui.Fhir.Serialization;
using Hl7.Fhir.Model;

namespace EsmsDui.Server.Http;

/// <summary>Writes a <see cref="FhirResponse"/> or an error as HTTP: status, headers, negotiated body.</summary>
internal sealed class FhirHttpResponseWriter(FhirSerializer serializer)
{
    public async Task WriteAsync(HttpContext context, FhirRequest request, FhirResponse response, CancellationToken cancellationToken)
    {
        var http = context.Response;
        http.StatusCode = response.Status;
        if (response.VersionId is { } version)
        {
            http.Headers.ETag = ETag.Format(version);
        }

        if (response.LastModified is { } modified)
        {
            http.Headers.LastModified = modified.ToString("R", CultureInfo.InvariantCulture);
        }

        if (response.Location is { } location)
        {
            http.Headers.Location = $"{request.BaseUrl}/{location}";
            if (response.Status != 201)
            {
                http.Headers.ContentLocation = http.Headers.Location;
            }
        }

        if (response.Status is 204 or 304 || HttpMethods.IsHead(context.Request.Method))
        {
            return;
        }

        var body = Body(request, response);
        if (body is null)
        {
            return;
        }

        await WriteBodyAsync(context, request, body.Value, response, cancellationToken);
    }

    public async Task WriteErrorAsync(HttpContext context, FhirErrorKind kind, IReadOnlyList<OperationOutcome.IssueComponent> issues, CancellationToken cancellationToken)
    {
        if (context.Response.HasStarted)
        {
            return;
        }

        // A 401 keeps (or gets) its Bearer challenge (RFC 6750) and a 429 or 503 its Retry-After, which the clearing would drop.
        var challenge = context.Response.Headers.WWWAuthenticate;
        var retryAfter = context.Response.Headers.RetryAfter;
        context.Response.Clear();
        context.Response.StatusCode = kind.ToStatusCode();
        if (kind == FhirErrorKind.Unauthorized)
        {
            context.Response.Headers.WWWAuthenticate = challenge.Count > 0 ? challenge : "Bearer";
        }

        if (kind is FhirErrorKind.TooManyRequests or FhirErrorKind.ServiceUnavailable && retryAfter.Count > 0)
        {
            context.Response.Headers.RetryAfter = retryAfter;
        }

        var outcome = new OperationOutcome { Id = TraceId(context), Issue = [.. issues.Select(Shortened)] };
        context.RequestServices.GetRequiredService<FhirExchange>().Outcome = issues.Count > 0 ? issues[0].Diagnostics : null;
        var (format, contentType) = SafeNegotiate(context);
        context.Response.ContentType = contentType + "; charset=utf-8";
        var bytes = serializer.Serialize(outcome, format, Pretty(context.Request));
        await context.Response.Body.WriteAsync(bytes, cancellationToken);
    }

    // A message may quote the input (the SDK's parser quotes a refused value whole): an answer never echoes more than this.
    private const int MaxDiagnostics = 1000;

    private static OperationOutcome.IssueComponent Shortened(OperationOutcome.IssueComponent issue)
    {
        if (issue.Diagnostics is not { Length: > MaxDiagnostics } diagnostics)
        {
            return issue;
        }

        var copy = (OperationOutcome.IssueComponent)issue.DeepCopy();
        copy.Diagnostics = string.Concat(diagnostics.AsSpan(0, MaxDiagnostics), $"… ({diagnostics.Length} characters)");
        return copy;
    }

    /// <summary>The trace id of the request, a valid FHIR id (OperationOutcome.id).</summary>
    public static string TraceId(HttpContext context) =>
        Activity.Current?.TraceId.ToHexString() ?? new string([.. context.TraceIdentifier.Where(char.IsLetterOrDigit)]);

    private static (Resource? Resource, ReadOnlyMemory<byte>? RawJson)? Body(FhirRequest request, FhirResponse response)
    {
        if (response.IsWriteResult)
        {
            switch (request.Return)
            {
                case PreferReturn.Minimal:
                    return null;
                case PreferReturn.OperationOutcome:
                    return (response.Outcome ?? Informational(response), null);
            }
        }

        if (response.Resource is null && response.Stored is { IsDeleted: false } stored)
        {
            return (null, stored.Json);
        }

        return response.Resource is { } resource ? (resource, null)
            : response.Outcome is { } outcome ? (outcome, null)
            : null;
    }

    private async Task WriteBodyAsync(HttpContext context, FhirRequest request, (Resource? Resource, ReadOnlyMemory<byte>? RawJson) body, FhirResponse response, CancellationToken cancellationToken)
    {
        var (format, contentType) = FhirMediaTypes.ForResponse(request.QueryValue("_format"), context.Request.GetTypedHeaders().Accept);
        var pretty = Pretty(context.Request);
        var filter = ResponseFilters.For(request, response);
        context.Response.ContentType = contentType + "; charset=utf-8";
        if (body.RawJson is { } raw && format == FhirFormat.Json && !pretty && filter is null)
        {
            // Fast path: the stored JSON already is the representation.
            await context.Response.Body.WriteAsync(raw, cancellationToken);
            return;
        }

        var resource = body.Resource ?? serializer.ParseJson(body.RawJson!.Value.Span);
        var bytes = serializer.Serialize(resource, format, pretty, filter);
        await context.Response.Body.WriteAsync(bytes, cancellationToken);
    }

    private static OperationOutcome Informational(FhirResponse response) => new()
    {
        Issue =
        [
            FhirException.Issue(
                OperationOutcome.IssueSeverity.Information,
                OperationOutcome.IssueType.Informational,
                response.Location is null ? "Done." : $"{(response.Status == 201 ? "Created" : "Updated")} {response.Location}."),
        ],
    };

    private static bool Pretty(HttpRequest request) =>
        string.Equals(request.Query["_pretty"], "true", StringComparison.OrdinalIgnoreCase);

    private static (FhirFormat, string) SafeNegotiate(HttpContext context)
    {
        try
        {
            return FhirMediaTypes.ForResponse(context.Request.Query["_format"], context.Request.GetTypedHeaders().Accept);
        }
        catch (Exception ex) when (ex is FhirException or FormatException)
        {
            return (FhirFormat.Json, FhirMediaTypes.FhirJson);
        }
    }
}
