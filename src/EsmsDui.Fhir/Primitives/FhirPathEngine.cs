using System.Text.RegularExpressions;
using Hl7.Fhir.FhirPath;
using Hl7.FhirPath;
using Hl7.FhirPath.Expressions;

namespace EsmsDui.Fhir.Primitives;

/// <summary>
/// One FHIRPath compiler for the engine and the validator: the standard functions plus FHIR's (resolve, memberOf…),
/// compiled once per expression. Regular expressions (<c>matches</c>, <c>replaceMatches</c>) come from clients (a
/// FHIRPath Patch, a constraint of an uploaded profile): each evaluation ends within <see cref="RegexTimeout"/>, so
/// that no pattern backtracks for minutes.
/// </summary>
public static class FhirPathEngine
{
    /// <summary>The longest one regular expression evaluation may run.</summary>
    public static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(100);

    /// <summary>The functions: the standard ones, FHIR's, and bounded regular expressions in place of the SDK's.</summary>
    public static SymbolTable Symbols { get; } = BuildSymbols();

    /// <summary>The compiler over <see cref="Symbols"/>.</summary>
    public static FhirPathCompiler RawCompiler { get; } = new(Symbols);

    /// <summary>Compiled expressions, cached.</summary>
    public static FhirPathCompilerCache Compiler { get; } = new(RawCompiler, 4000);

    // A child table is searched before its parent: its functions replace the SDK's of the same signature.
    private static SymbolTable BuildSymbols()
    {
        var symbols = new SymbolTable(new SymbolTable().AddStandardFP().AddFhirExtensions());
        symbols.Add("matches", (string input, string pattern) => Regex.IsMatch(input, pattern, RegexOptions.None, RegexTimeout), doNullProp: true);
        symbols.Add("replaceMatches", (string input, string pattern, string substitution) => Regex.Replace(input, pattern, substitution, RegexOptions.None, RegexTimeout), doNullProp: true);
        return symbols;
    }
}
