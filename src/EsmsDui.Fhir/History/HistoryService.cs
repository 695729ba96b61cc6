using System.Globalization;
using EsmsDui.Fhir.Errors;
using EsmsDui.Fhir.Primitives;
using EsmsDui.Fhir.Requests;
using EsmsDui.Fhir.Resources;
using EsmsDui.Fhir.Serialization;
using EsmsDui.Fhir.Settings;
using EsmsDui.Fhir.Storage;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Options;

namespace EsmsDui.Fhir.History;

/// <summary>
/// History at system, type and instance level with <c>_since</c>, <c>_at</c>, <c>_count</c> and keyset paging:
/// a page cursor is a storage position, so pages stay correct while others write.
/// </summary>
public sealed class HistoryService(IResourceStore store, FhirSerializer serializer, IOptions<FhirEngineOptions> options, TimeProvider clock)
{
    /// <summary>The name of the paging cursor parameter in next-page links.</summary>

    /// <summary>Reads one page of history as a <c>history</c> Bundle.</summary>
    public async Task<Bundle> ReadAsync(string? resourceType, string? id, ReadQuery request, CancellationToken cancellationToken)
    {
        var since = Instant(request, "_since");
        var at = DateParameter(request, "_at");
        var count = Count(request);
        long? cursor = request.Value(PagePosition.CursorParameter) is { } c
            ? long.TryParse(c, NumberStyles.None, CultureInfo.InvariantCulture, out var position) ? position : throw Bad(PagePosition.CursorParameter, c)
            : null;
        var page = await store.ReadHistoryAsync(
            new HistoryQuery(resourceType, id, since, at, count, cursor, IncludeTotal: cursor is null), cancellationToken);

        var bundle = new Bundle
        {
            Id = ResourceIds.New(),
            Type = Bundle.BundleType.History,
            Meta = new Meta { LastUpdated = clock.UtcNowMilliseconds() },
            Total = page.Total,
        };
        var path = string.Join('/', new[] { resourceType, id, "_history" }.Where(p => p is not null));
        bundle.Link.Add(new Bundle.LinkComponent { Relation = "self", Url = PagingLinks.Build(request, path, cursor) });
        if (page.NextBefore is { } next)
        {
            bundle.Link.Add(new Bundle.LinkComponent { Relation = "next", Url = PagingLinks.Build(request, path, next) });
        }

        foreach (var version in page.Entries)
        {
            bundle.Entry.Add(Entry(version, request.BaseUrl));
        }

        return bundle;
    }

    private Bundle.EntryComponent Entry(StoredResource version, string baseUrl)
    {
        var entry = new Bundle.EntryComponent
        {
            FullUrl = $"{baseUrl}/{version.ResourceType}/{version.Id}",
            Request = new Bundle.RequestComponent
            {
                Method = version.Method switch
                {
                    WriteMethod.Post => Bundle.HTTPVerb.POST,
                    WriteMethod.Put => Bundle.HTTPVerb.PUT,
                    WriteMethod.Patch => Bundle.HTTPVerb.PATCH,
                    _ => Bundle.HTTPVerb.DELETE,
                },
                Url = version.Method == WriteMethod.Post ? version.ResourceType : $"{version.ResourceType}/{version.Id}",
            },
            Response = new Bundle.ResponseComponent
            {
                Status = version.IsDeleted ? "204 No Content" : version.VersionId == 1 ? "201 Created" : "200 OK",
                Etag = ETag.Format(version.VersionId),
                LastModified = version.LastUpdated,
            },
        };
        if (!version.IsDeleted)
        {
            entry.Resource = serializer.ParseJson(version.Json.Span);
        }

        return entry;
    }

    private int Count(ReadQuery request)
    {
        var text = request.Value("_count");
        if (text is null)
        {
            return options.Value.DefaultPageSize;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            ? Math.Min(count, options.Value.MaxPageSize)
            : throw Bad("_count", text);
    }

    private static DateTimeOffset? Instant(ReadQuery request, string name) =>
        DateParameter(request, name)?.Start;

    private static FhirDateRange? DateParameter(ReadQuery request, string name)
    {
        var text = request.Value(name);
        if (text is null)
        {
            return null;
        }

        return FhirDateRange.TryParse(text, out var range) ? range : throw Bad(name, text);
    }

    private static FhirException Bad(string name, string value) =>
        new(FhirErrorKind.Invalid, $"'{ResourceIds.Truncate(value)}' is not a valid value for {name}.", OperationOutcome.IssueType.Value);
}
