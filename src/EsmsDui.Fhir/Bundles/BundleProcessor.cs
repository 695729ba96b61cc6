using EsmsDui.Fhir.Errors;
using EsmsDui.Fhir.Primitives;
using EsmsDui.Fhir.Requests;
using EsmsDui.Fhir.Resources;
using EsmsDui.Fhir.Search;
using EsmsDui.Fhir.Serialization;
using EsmsDui.Fhir.Settings;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Options;

namespace EsmsDui.Fhir.Bundles;

/// <summary>
/// Batch and transaction Bundles (FHIR R4 §3.1.0.11). A transaction resolves fullUrls to new ids, rewrites
/// the references to them, processes DELETE, POST, PUT/PATCH then GET/HEAD, and commits every write in one
/// store transaction: any failing entry fails it all. Batch entries run independently, in order.
/// </summary>
public sealed class BundleProcessor(ResourceService resources, SearchService search, FhirSerializer serializer, Validation.WriteValidation validation, IOptions<FhirEngineOptions> options, TimeProvider clock)
{
    private static readonly string[] ProcessingOrder = ["DELETE", "POST", "PUT", "PATCH", "GET", "HEAD"];

    /// <summary>Processes a batch or transaction Bundle posted to the server base.</summary>
    public async Task<FhirResponse> ProcessAsync(Bundle bundle, FhirRequest outer, IBundleEntryRouter dispatcher, CancellationToken cancellationToken)
    {
        if (bundle.Entry.Count > options.Value.MaxBundleEntries)
        {
            throw new FhirException(FhirErrorKind.PayloadTooLarge, $"The Bundle has {bundle.Entry.Count} entries; at most {options.Value.MaxBundleEntries} are accepted.");
        }

        return bundle.Type switch
        {
            Bundle.BundleType.Transaction => await TransactionAsync(bundle, outer, dispatcher, cancellationToken),
            Bundle.BundleType.Batch => await BatchAsync(bundle, outer, dispatcher, cancellationToken),
            _ => throw new FhirException(FhirErrorKind.Invalid, $"POST to the server base takes a batch or transaction Bundle, not a {bundle.Type?.ToString() ?? "Bundle without type"}.", OperationOutcome.IssueType.Invalid, "Bundle.type"),
        };
    }

    private async Task<FhirResponse> TransactionAsync(Bundle bundle, FhirRequest outer, IBundleEntryRouter dispatcher, CancellationToken cancellationToken)
    {
        // The Bundle as a whole against the profile it declares (tddui-bundle: POST entries only, references
        // between entries), before any entry runs; each entry is validated again as it is written.
        validation.EnsureValid(bundle);
        var plan = await TransactionPlan.BuildAsync(bundle, outer, search, cancellationToken);
        foreach (var entry in bundle.Entry)
        {
            if (entry.Resource is { } resource)
            {
                ReferenceRewriter.Rewrite(resource, plan.References);
            }
        }

        var session = new WriteSession(isTransaction: true);
        var requests = plan.Requests;
        var responses = new FhirResponse[requests.Length];
        var order = Enumerable.Range(0, requests.Length)
            .OrderBy(i => Array.IndexOf(ProcessingOrder, requests[i].Method))
            .ToList();
        foreach (var i in order)
        {
            // Entries are worked on in memory until the commit: a caller gone stops the work here (nothing is written).
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                responses[i] = plan.Existing[i] is { } existing ? FhirResponse.ForStored(200, existing, null, isWrite: false)
                    : plan.CreateIds[i] is { } id ? await CreateAsync(requests[i].Resource!, id, session, cancellationToken)
                    : WithoutPendingDeletes(await dispatcher.RouteAsync(requests[i], session, cancellationToken), session);
            }
            catch (FhirException ex)
            {
                throw InEntry(ex, i);
            }
        }

        await resources.CommitAsync(session, underIfMatch: requests.Any(r => r.IfMatch is not null), cancellationToken);
        return Respond(Bundle.BundleType.TransactionResponse, responses, outer);
    }

    // GET entries run after the writes (R4 order) but searches and operations read what is committed: what this
    // transaction deletes is left out of their Bundles, as a read of it would answer 410.
    private static FhirResponse WithoutPendingDeletes(FhirResponse response, WriteSession session)
    {
        if (response.Resource is Bundle found && session.Writes.Count > 0)
        {
            found.Entry.RemoveAll(e => e.Resource is { Id: { } id } resource && session.FindPending(resource.TypeName, id) is { IsDeleted: true });
        }

        return response;
    }

    private async Task<FhirResponse> BatchAsync(Bundle bundle, FhirRequest outer, IBundleEntryRouter dispatcher, CancellationToken cancellationToken)
    {
        var responses = new FhirResponse[bundle.Entry.Count];
        for (var i = 0; i < bundle.Entry.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                var request = BundleEntryRequest.From(bundle.Entry[i], i, outer);
                responses[i] = await dispatcher.RouteAsync(request, session: null, cancellationToken);
            }
            catch (FhirException ex)
            {
                responses[i] = new FhirResponse { Status = ex.Kind.ToStatusCode(), Outcome = new OperationOutcome { Issue = [.. ex.Issues] } };
            }
        }

        return Respond(Bundle.BundleType.BatchResponse, responses, outer);
    }

    private async Task<FhirResponse> CreateAsync(Resource resource, string id, WriteSession session, CancellationToken cancellationToken)
    {
        var result = await resources.CreateWithIdAsync(resource, id, session, cancellationToken);
        return FhirResponse.ForStored(201, result.Stored, result.Resource, isWrite: true);
    }

    private FhirResponse Respond(Bundle.BundleType type, FhirResponse[] responses, FhirRequest outer) =>
        FhirResponse.Ok(new Bundle
        {
            Id = ResourceIds.New(),
            Type = type,
            Meta = new Meta { LastUpdated = clock.UtcNowMilliseconds() },
            Entry = [.. responses.Select(r => ResponseEntry(r, outer))],
        });

    private Bundle.EntryComponent ResponseEntry(FhirResponse response, FhirRequest outer)
    {
        var entry = new Bundle.EntryComponent
        {
            Response = new Bundle.ResponseComponent
            {
                Status = StatusText(response.Status),
                Location = response.Location is null ? null : $"{outer.BaseUrl}/{response.Location}",
                Etag = response.VersionId is { } v ? ETag.Format(v) : null,
                LastModified = response.LastModified,
                Outcome = response.Outcome,
            },
        };
        if (response.IsWriteResult && outer.Return == PreferReturn.Minimal)
        {
            return entry;
        }

        var resource = response.Resource
            ?? (response.Stored is { IsDeleted: false } stored ? serializer.ParseJson(stored.Json.Span) : null);
        if (resource is not null)
        {
            entry.Resource = resource;
            entry.FullUrl = resource.Id is null || resource is Bundle ? null : $"{outer.BaseUrl}/{resource.TypeName}/{resource.Id}";
        }

        return entry;
    }

    private static string StatusText(int status) => status switch
    {
        200 => "200 OK",
        201 => "201 Created",
        204 => "204 No Content",
        304 => "304 Not Modified",
        _ => $"{status} {FhirErrorStatus.FromStatusCode(status)}",
    };

    private static FhirException InEntry(FhirException ex, int index)
    {
        var issues = ex.Issues.Select(issue =>
        {
            var copy = (OperationOutcome.IssueComponent)issue.DeepCopy();
            if (!copy.Expression.Any())
            {
                copy.Expression = [$"Bundle.entry[{index}]"];
            }

            copy.Diagnostics = $"Bundle.entry[{index}]: {copy.Diagnostics}";
            return copy;
        }).ToList();
        return new FhirException(ex.Kind, issues);
    }
}
