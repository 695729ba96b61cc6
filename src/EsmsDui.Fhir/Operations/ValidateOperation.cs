using EsmsDui.Fhir.Errors;
using EsmsDui.Fhir.Primitives;
using EsmsDui.Fhir.Requests;
using EsmsDui.Fhir.Resources;
using EsmsDui.Fhir.Serialization;
using EsmsDui.Fhir.Validation;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Options;

namespace EsmsDui.Fhir.Operations;

/// <summary>
/// <c>$validate</c> (FHIR R4 §resource-operation-validate) at type and instance level: the resource (the body,
/// a <c>resource</c> parameter, or the stored one) against core, its declared profiles, the profiles the
/// configuration requires for its type and the <c>profile</c> parameter. Always 200 with the OperationOutcome.
/// </summary>
public sealed class ValidateOperation(ResourceService resources, ResourceValidator validator, FhirSerializer serializer, IOptions<ValidationOptions> options)
{
    /// <summary>Runs the operation.</summary>
    public async Task<FhirResponse> RunAsync(OperationRequest request, string type, string? id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var input = request.Input;
        var mode = input.Text("mode") ?? "create";
        if (mode is not ("create" or "update" or "delete"))
        {
            throw new FhirException(FhirErrorKind.Invalid, $"mode must be create, update or delete, not '{ResourceIds.Truncate(mode)}'.", OperationOutcome.IssueType.Invalid);
        }

        if (mode == "delete")
        {
            var stored = await resources.ReadAsync(type, id ?? throw new FhirException(FhirErrorKind.Invalid, $"mode=delete validates the deletion of an existing resource: call it on {type}/[id]/$validate."), null, cancellationToken);
            return Answer(new OperationOutcome { Issue = [Information($"Nothing on this server forbids deleting {type}/{stored.Id}.")] });
        }

        var resource = Body(request, input) ?? (id is null
            ? throw new FhirException(FhirErrorKind.Invalid, "Give the resource to validate in the body (or as the 'resource' parameter).", OperationOutcome.IssueType.Required)
            : serializer.ParseJson((await resources.ReadAsync(type, id, null, cancellationToken)).Json.Span));
        if (resource.TypeName != type)
        {
            throw new FhirException(FhirErrorKind.Invalid, $"The resource is a {resource.TypeName} but the URL is for {type}.", OperationOutcome.IssueType.Invalid);
        }

        if (mode == "update" && (resource.Id is null || (id is not null && resource.Id != id)))
        {
            throw new FhirException(FhirErrorKind.Invalid, "mode=update needs the resource's id, the same as the URL's.", OperationOutcome.IssueType.Required, "Resource.id");
        }

        var profiles = (options.Value.RequiredProfiles.GetValueOrDefault(type) ?? []).ToList();
        if (input.Text("profile") is { } profile)
        {
            profiles.Add(profile);
        }

        var outcome = validator.Validate(resource, profiles, declaredProfiles: true);
        if (!outcome.Issue.Exists(WriteValidation.IsError))
        {
            var warnings = outcome.Issue.Count > 0 ? " (see the warnings that follow)" : string.Empty;
            outcome.Issue.Insert(0, Information($"No error: the {type} conforms to FHIR R4 core and to the profiles it was checked against{warnings}."));
        }

        return Answer(outcome);
    }

    private static Resource? Body(OperationRequest request, OperationParameters input) =>
        request.Body is Parameters ? input.Value<Resource>("resource") : request.Body;

    private static FhirResponse Answer(OperationOutcome outcome) => FhirResponse.Ok(outcome);

    private static OperationOutcome.IssueComponent Information(string text) =>
        FhirException.Issue(OperationOutcome.IssueSeverity.Information, OperationOutcome.IssueType.Informational, text);
}
