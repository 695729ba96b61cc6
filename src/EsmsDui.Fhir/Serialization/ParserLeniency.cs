using Hl7.Fhir.Utility;
using Hl7.Fhir.Validation;

namespace EsmsDui.Fhir.Serialization;

/// <summary>
/// Parser issues that are not about whether the data can be represented, and so are left to the
/// validation layer (on write, per configured level) instead of rejecting the body at parse time.
/// </summary>
internal static class ParserLeniency
{
    private static readonly string[] Cardinality =
    [
        CodedValidationException.INCORRECT_CARDINALITY_MIN_CODE,
        CodedValidationException.INCORRECT_CARDINALITY_MAX_CODE,
        CodedValidationException.MANDATORY_ELEMENT_MUST_BE_PRESENT_CODE,
    ];

    // FHIR defines uri, url, canonical as \S* and code as non-empty tokens; the SDK checks them more strictly
    // (e.g. it refuses urn:uuid with upper-case hex), and rejects published R4 examples for it.
    private static readonly string[] LooselyDefinedLiterals = ["literal for a uri", "literal for a url", "literal for a canonical", "literal for a code"];

    /// <summary>True for an issue the parser should not report (the predicate filters it out).</summary>
    public static bool IsLeftToValidation(CodedException issue) =>
        Cardinality.Contains(issue.ErrorCode)
        || (issue.ErrorCode == CodedValidationException.LITERAL_INVALID_CODE && LooselyDefinedLiterals.Any(l => issue.Message.Contains(l, StringComparison.Ordinal)));
}
