// The schema compiler is marked experimental in Firely 3.6, yet it is what its validator uses.
#pragma warning disable ExperimentalApi
using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using EsmsDui.Fhir.Conformance;
using Firely.Fhir.Validation;
using Firely.Fhir.Validation.Compilation;

namespace EsmsDui.Fhir.Validation;

/// <summary>
/// Compiled validation schemas, kept for the life of the server, compiled one at a time (the compiler walks
/// shared StructureDefinition instances). A schema that cannot be compiled keeps its error, so it is not retried per request.
/// </summary>
public sealed class CompiledSchemas(ConformanceResolver resolver) : IElementSchemaResolver
{
    private readonly IElementSchemaResolver _compiler = StructureDefinitionToElementSchemaResolver.Create(resolver);
    private readonly ConcurrentDictionary<Canonical, (ElementSchema? Schema, ExceptionDispatchInfo? Error)> _compiled = new();
    private readonly Lock _gate = new();

    /// <summary>How many schemas are compiled (or failed).</summary>
    public int Count => _compiled.Count;

    /// <inheritdoc/>
    public ElementSchema? GetSchema(Canonical schemaUri)
    {
        if (!_compiled.TryGetValue(schemaUri, out var entry))
        {
            lock (_gate)
            {
                if (!_compiled.TryGetValue(schemaUri, out entry))
                {
                    try
                    {
                        entry = (_compiler.GetSchema(schemaUri), null);
                    }
                    catch (SchemaResolutionFailedException ex)
                    {
                        entry = (null, ExceptionDispatchInfo.Capture(ex));
                    }

                    _compiled[schemaUri] = entry;
                }
            }
        }

        entry.Error?.Throw();
        return entry.Schema;
    }
}
