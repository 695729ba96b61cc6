using EsmsDui.Fhir.Storage;
using Hl7.Fhir.Model;

namespace EsmsDui.Fhir.Resources;

/// <summary>A version written by the resource service.</summary>
/// <param name="Stored">The stored version.</param>
/// <param name="Resource">The resource as stored, with its meta.</param>
/// <param name="Created">True when the write created the resource (201).</param>
public sealed record WriteResult(StoredResource Stored, Resource Resource, bool Created);
