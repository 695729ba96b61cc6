using EsmsDui.Conformance.Http;
using EsmsDui.Conformance.Runner;
using EsmsDui.Conformance.Validation;

namespace EsmsDui.Conformance.Model;

/// <summary>What a running test works with: the callers, what earlier tests learnt and created, the validator, its proofs.</summary>
public sealed class TestContext
{
    private readonly List<string> _notes = [];

    /// <summary>The test running.</summary>
    public required ConformanceTest Test { get; init; }

    /// <summary>The preset's client (it reaches the usagers of the preset's establishment).</summary>
    public required FhirActor Client { get; init; }

    /// <summary>A caller without token.</summary>
    public required FhirActor Anonymous { get; init; }

    /// <summary>The other establishment's client, when the preset gives one.</summary>
    public required FhirActor? Other { get; init; }

    /// <summary>The preset.</summary>
    public required Preset Preset { get; init; }

    /// <summary>What the tests share: the CapabilityStatement, the usagers created, what to delete at the end.</summary>
    public required SuiteState State { get; init; }

    /// <summary>The independent validator.</summary>
    public required PackageValidator Validator { get; init; }

    /// <summary>This test's proofs.</summary>
    public required ProofLog Proofs { get; init; }

    /// <summary>Notes for the report (what was observed besides the verdict).</summary>
    public IReadOnlyList<string> Notes => _notes;

    /// <summary>The other establishment's client; skips the test when the preset has none.</summary>
    public FhirActor RequireOther() => Other ?? throw Check.Skip("The preset gives no client of another establishment (otherClient).");

    /// <summary>Adds a note to the report.</summary>
    public void Note(string note) => _notes.Add(note);
}
