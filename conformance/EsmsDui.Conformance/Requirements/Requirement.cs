namespace EsmsDui.Conformance.Requirements;

/// <summary>
/// One requirement of a published specification (or one we state ourselves, set <c>esmsdui</c>), as the
/// catalogue gives it: <c>set@number</c>, its text, its strength, who must meet it, where it is written, the tests
/// that verify it, or why none can.
/// </summary>
/// <param name="Id">The id, <c>set@number</c> (<c>fr-core@12</c>).</param>
/// <param name="Conformance"><c>SHALL</c>, <c>SHOULD</c> or <c>MAY</c>.</param>
/// <param name="Actor">Who must meet it (<c>server</c>, <c>sender</c>…).</param>
/// <param name="Text">The requirement, quoted or closely paraphrased.</param>
/// <param name="Source">The specification and version.</param>
/// <param name="Url">The section it is written in.</param>
/// <param name="Tests">The ids of the tests that verify it.</param>
/// <param name="NotTestedReason">Why no test verifies it, when none does.</param>
public sealed record Requirement(string Id, string Conformance, string Actor, string Text, string Source, string Url, IReadOnlyList<string> Tests, string NotTestedReason)
{
    /// <summary>Whether a failure keeps the server from conforming (a SHALL).</summary>
    public bool IsShall => Conformance.Equals("SHALL", StringComparison.OrdinalIgnoreCase);
}
