namespace EsmsDui.Fhir.Requests;

/// <summary>What the path of a FHIR request names, before its method says what is done to it (FHIR R4 RESTful API).</summary>
public enum FhirTargetKind
{
    /// <summary>The server base: system search (GET), batch or transaction (POST).</summary>
    System,

    /// <summary><c>metadata</c>.</summary>
    Capabilities,

    /// <summary><c>_history</c>.</summary>
    SystemHistory,

    /// <summary><c>$operation</c> on the server.</summary>
    SystemOperation,

    /// <summary><c>[type]</c>: search (GET), create (POST), conditional update, patch and delete.</summary>
    Type,

    /// <summary><c>[type]/_search</c>.</summary>
    TypeSearch,

    /// <summary><c>[type]/_history</c>.</summary>
    TypeHistory,

    /// <summary><c>[type]/$operation</c>.</summary>
    TypeOperation,

    /// <summary><c>[type]/[id]</c>: read, update, patch, delete.</summary>
    Instance,

    /// <summary><c>[type]/[id]/_history</c>.</summary>
    InstanceHistory,

    /// <summary><c>[type]/[id]/_history/[vid]</c>.</summary>
    InstanceVersion,

    /// <summary><c>[type]/[id]/$operation</c>.</summary>
    InstanceOperation,

    /// <summary><c>[type]/[id]/[member type or *]</c>: a compartment search, when the type has a compartment.</summary>
    Compartment,

    /// <summary>A path that names no FHIR interaction.</summary>
    None,
}

/// <summary>
/// The path of a FHIR request parsed once, for the dispatcher, the audit trail and the access check alike. Names are as
/// written: the dispatcher checks types and ids when it serves them, so its answers for a bad one do not change.
/// </summary>
/// <param name="Kind">What the path names.</param>
/// <param name="Type">The resource type (or compartment type); empty when the path has none.</param>
/// <param name="Id">The resource id; empty when the path has none.</param>
/// <param name="Name">The operation (with its <c>$</c>), the version id, or the compartment's member type, by <paramref name="Kind"/>; else empty.</param>
public sealed record FhirTarget(FhirTargetKind Kind, string Type = "", string Id = "", string Name = "")
{
    /// <summary>Parses a path relative to the FHIR base, without leading slash or query.</summary>
    public static FhirTarget Parse(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var segments = path.Length == 0 ? [] : path.Split('/');
        return segments switch
        {
            [] => new(FhirTargetKind.System),
            ["metadata"] => new(FhirTargetKind.Capabilities),
            ["_history"] => new(FhirTargetKind.SystemHistory),
            [var operation] when operation.StartsWith('$') => new(FhirTargetKind.SystemOperation, Name: operation),
            [var type] => new(FhirTargetKind.Type, type),
            [var type, "_history"] => new(FhirTargetKind.TypeHistory, type),
            [var type, var operation] when operation.StartsWith('$') => new(FhirTargetKind.TypeOperation, type, Name: operation),
            [var type, "_search"] => new(FhirTargetKind.TypeSearch, type),
            [var type, var id] when !id.StartsWith('_') => new(FhirTargetKind.Instance, type, id),
            [var type, var id, var operation] when operation.StartsWith('$') => new(FhirTargetKind.InstanceOperation, type, id, operation),
            [var type, var id, "_history"] => new(FhirTargetKind.InstanceHistory, type, id),
            [var type, var id, "_history", var version] => new(FhirTargetKind.InstanceVersion, type, id, version),
            [var type, var id, var member] => new(FhirTargetKind.Compartment, type, id, member),
            _ => new(FhirTargetKind.None),
        };
    }

    /// <summary>The resource the path names (<c>Type/id</c>), when it names one.</summary>
    public string? Resource => Id.Length > 0 ? $"{Type}/{Id}" : null;
}
