using System.Globalization;
using EsmsDui.Fhir.Errors;
using EsmsDui.Fhir.Requests;
using EsmsDui.Fhir.Serialization;
using Microsoft.AspNetCore.Http.Features;

namespace EsmsDui.Server.Http;

/// <summary>Turns an HTTP request under the FHIR base into a <see cref="FhirRequest"/>.</summary>
internal sealed class FhirHttpRequestReader(FhirSerializer serializer)
{
    /// <summary>The request the edge opened <paramref name="exchange"/> for, with its body.</summary>
    public async Task<FhirRequest> ReadAsync(HttpContext context, FhirExchange exchange, CancellationToken cancellationToken)
    {
        var http = context.Request;
        var body = await ReadBodyAsync(context, cancellationToken);
        var path = exchange.Rest;
        Hl7.Fhir.Model.Resource? resource = null;
        ReadOnlyMemory<byte>? jsonPatch = null;
        var query = QueryStringParser.Parse(http.QueryString.Value);
        if (body.Length > 0 && path.EndsWith("_search", StringComparison.Ordinal) && http.HasFormContentType)
        {
            // POST [type]/_search carries its parameters as a form, added to those of the URL.
            query = [.. query, .. QueryStringParser.Parse(System.Text.Encoding.UTF8.GetString(body.Span))];
        }
        else if (body.Length > 0)
        {
            var format = FhirMediaTypes.ForBody(http.ContentType, body.Span);
            if (format is { } f)
            {
                resource = serializer.Parse(body.Span, f);
            }
            else
            {
                jsonPatch = body;
            }
        }

        return new FhirRequest
        {
            Method = http.Method.ToUpperInvariant(),
            // ASP.NET Core has decoded the path already (all but %2F): decoding again would turn %252F into a separator.
            Path = path,
            Target = exchange.Target,
            BaseUrl = $"{http.Scheme}://{http.Host}{http.PathBase}{FhirBase.PathOf(exchange.Tenant)}",
            Query = query,
            Resource = resource,
            JsonPatch = jsonPatch,
            IfMatch = Header(http, "If-Match"),
            IfNoneMatch = Header(http, "If-None-Match"),
            IfNoneExist = Header(http, "If-None-Exist"),
            IfModifiedSince = DateTimeOffset.TryParse(Header(http, "If-Modified-Since"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var since) ? since : null,
            Return = Prefer(http),
            StrictHandling = PreferParts(http).Contains("handling=strict"),
        };
    }


    private static async Task<ReadOnlyMemory<byte>> ReadBodyAsync(HttpContext context, CancellationToken cancellationToken)
    {
        if (context.Request.ContentLength == 0 || HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method) || HttpMethods.IsDelete(context.Request.Method))
        {
            return ReadOnlyMemory<byte>.Empty;
        }

        var limit = context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize;
        if (limit is { } max && context.Request.ContentLength > max)
        {
            throw new FhirException(FhirErrorKind.PayloadTooLarge, $"The body is larger than the limit of {max} bytes.");
        }

        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer, cancellationToken);
        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }

    private static string? Header(HttpRequest http, string name) =>
        http.Headers.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.ToString() : null;

    private static PreferReturn Prefer(HttpRequest http)
    {
        foreach (var part in PreferParts(http))
        {
            switch (part)
            {
                case "return=minimal":
                    return PreferReturn.Minimal;
                case "return=operationoutcome":
                    return PreferReturn.OperationOutcome;
                case "return=representation":
                    return PreferReturn.Representation;
            }
        }

        return PreferReturn.Representation;
    }

    private static IEnumerable<string> PreferParts(HttpRequest http) =>
        http.Headers["Prefer"].SelectMany(h => (h ?? string.Empty).Split([',', ';'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).Select(p => p.ToLowerInvariant());
}
