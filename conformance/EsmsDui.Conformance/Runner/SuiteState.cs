using EsmsDui.Conformance.Http;
using EsmsDui.Conformance.Model;
using Hl7.Fhir.Model;

namespace EsmsDui.Conformance.Runner;

/// <summary>
/// What tests share in one run: the server's CapabilityStatement (read once, the claims the tests check against)
/// and the resources the suite created, deleted at the end where the server allows.
/// </summary>
public sealed class SuiteState
{
    private readonly List<string> _created = [];
    private readonly Dictionary<string, object> _data = new(StringComparer.Ordinal);
    private CapabilityStatement? _capabilities;

    /// <summary>What was created (<c>Type/id</c>), newest last.</summary>
    public IReadOnlyList<string> Created => _created;

    /// <summary>Remembers a created resource for the final clean-up.</summary>
    public void Remember(string reference)
    {
        if (!_created.Contains(reference))
        {
            _created.Add(reference);
        }
    }

    /// <summary>The server's CapabilityStatement (asked once, anonymously then with the client's token); fails the test when it has none.</summary>
    public async Task<CapabilityStatement> CapabilitiesAsync(TestContext context)
    {
        if (_capabilities is null)
        {
            var answer = await context.Anonymous.GetAsync("metadata");
            if (answer.Status is 401 or 403)
            {
                answer = await context.Client.GetAsync("metadata");
            }

            _capabilities = answer.Expect<CapabilityStatement>(200);
        }

        return _capabilities;
    }

    /// <summary>The server's claims about <paramref name="type"/> (null when it does not list the type).</summary>
    public async Task<CapabilityStatement.ResourceComponent?> ResourceAsync(TestContext context, string type) =>
        (await CapabilitiesAsync(context)).Rest.Where(r => r.Mode == CapabilityStatement.RestfulCapabilityMode.Server).SelectMany(r => r.Resource).FirstOrDefault(r => r.Type?.ToString() == type);

    /// <summary>Ends the test as not applicable unless the server claims <paramref name="interaction"/> on <paramref name="type"/>.</summary>
    public async Task RequireInteractionAsync(TestContext context, string type, CapabilityStatement.TypeRestfulInteraction interaction)
    {
        var resource = await ResourceAsync(context, type);
        if (resource?.Interaction.Any(i => i.Code == interaction) != true)
        {
            throw Check.NotApplicable($"The CapabilityStatement does not claim {Hl7.Fhir.Utility.EnumUtility.GetLiteral(interaction)} on {type}.");
        }
    }

    /// <summary>Ends the test as not applicable unless the server claims the operation <paramref name="name"/> (on <paramref name="type"/>, or at system level).</summary>
    public async Task RequireOperationAsync(TestContext context, string? type, string name)
    {
        var statement = await CapabilitiesAsync(context);
        var rest = statement.Rest.Where(r => r.Mode == CapabilityStatement.RestfulCapabilityMode.Server).ToList();
        var claimed = rest.SelectMany(r => r.Operation).Concat(rest.SelectMany(r => r.Resource).Where(r => type is null || r.Type?.ToString() == type).SelectMany(r => r.Operation))
            .Any(o => o.Name?.TrimStart('$') == name.TrimStart('$'));
        if (!claimed)
        {
            throw Check.NotApplicable($"The CapabilityStatement does not claim ${name.TrimStart('$')}{(type is null ? string.Empty : " on " + type)}.");
        }
    }

    /// <summary>A value earlier tests made (a usager, a token), made by <paramref name="make"/> the first time it is asked.</summary>
    public async Task<T> OnceAsync<T>(string key, Func<Task<T>> make)
        where T : notnull
    {
        if (_data.TryGetValue(key, out var value))
        {
            return (T)value;
        }

        var made = await make();
        _data[key] = made;
        return made;
    }

    /// <summary>Deletes what the suite created, newest first; what the server refuses to delete stays (noted in the clean-up proofs).</summary>
    public async Task CleanUpAsync(FhirActor client)
    {
        foreach (var reference in Enumerable.Reverse(_created))
        {
            try
            {
                await client.DeleteAsync(reference);
            }
            catch (CheckFailedException)
            {
                // No answer: the proofs say so; the rest is still cleaned.
            }
        }
    }
}
