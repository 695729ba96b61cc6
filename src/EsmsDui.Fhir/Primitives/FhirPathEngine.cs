using Hl7.Fhir.FhirPath;
using Hl7.FhirPath;
using Hl7.FhirPath.Expressions;

namespace EsmsDui.Fhir.Primitives;

/// <summary>One FHIRPath compiler for the engine: the standard functions plus FHIR's (resolve, memberOf…), compiled once per expression.</summary>
public static class FhirPathEngine
{
    /// <summary>Compiled expressions, cached.</summary>
    public static FhirPathCompilerCache Compiler { get; } =
        new(new FhirPathCompiler(new SymbolTable().AddStandardFP().AddFhirExtensions()), 4000);
}
