namespace EsmsDui.Fhir.Operations;

/// <summary>Where a contributed operation answers: its name, its resource type and levels, and its definition.</summary>
/// <param name="Name">The operation code, without <c>$</c>.</param>
/// <param name="ResourceType">The resource type it is defined on.</param>
/// <param name="Definition">The canonical URL of its OperationDefinition (listed in the CapabilityStatement).</param>
/// <param name="TypeLevel">True when <c>[type]/$name</c> is served.</param>
/// <param name="InstanceLevel">True when <c>[type]/[id]/$name</c> is served.</param>
/// <param name="AffectsState">True when it writes: then only POST calls it (GET would change data).</param>
/// <param name="Handler">The <see cref="IFhirOperationHandler"/> type (resolved per request).</param>
public sealed record FhirOperationRoute(string Name, string ResourceType, string Definition, bool TypeLevel, bool InstanceLevel, bool AffectsState, Type Handler);
