using EsmsDui.Fhir.Requests;
using Hl7.Fhir.Model;

namespace EsmsDui.Server.IntegrationTests.Security.Disclosure;

/// <summary>A resource an answer carries, as a direct read would name it (the version when the answer has one).</summary>
internal sealed record Leaf(string Type, string Id, string? Version)
{
    /// <summary>The read (or version read) that fetches it directly.</summary>
    public string Path => Version is null ? $"{Type}/{Id}" : $"{Type}/{Id}/_history/{Version}";

    /// <summary>Every resource with an id in the answer: containers the server builds (search pages, Bundle responses, Parameters) are looked into.</summary>
    public static List<Leaf> Of(FhirResponse response)
    {
        var leaves = new List<Leaf>();
        if (response.Resource is { } resource)
        {
            Collect(resource, leaves);
        }
        else if (response.Stored is { IsDeleted: false } stored)
        {
            leaves.Add(new Leaf(stored.ResourceType, stored.Id, stored.VersionId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        return leaves;
    }

    private static void Collect(Resource resource, List<Leaf> leaves)
    {
        switch (resource)
        {
            case Bundle bundle when bundle.Meta?.VersionId is null:
                foreach (var entry in bundle.Entry)
                {
                    if (entry.Resource is not null)
                    {
                        Collect(entry.Resource, leaves);
                    }

                    if (entry.Response?.Outcome is not null)
                    {
                        Collect(entry.Response.Outcome, leaves);
                    }
                }

                break;
            case Parameters parameters:
                foreach (var parameter in parameters.Parameter.SelectMany(Flatten))
                {
                    if (parameter.Resource is not null)
                    {
                        Collect(parameter.Resource, leaves);
                    }
                }

                break;
            default:
                if (resource.Id is not null)
                {
                    leaves.Add(new Leaf(resource.TypeName, resource.Id, resource.Meta?.VersionId));
                }

                break;
        }
    }

    private static IEnumerable<Parameters.ParameterComponent> Flatten(Parameters.ParameterComponent parameter) =>
        parameter.Part.SelectMany(Flatten).Prepend(parameter);
}
