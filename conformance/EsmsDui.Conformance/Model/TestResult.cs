namespace EsmsDui.Conformance.Model;

/// <summary>The verdict of one test, with what explains it and where its proofs are.</summary>
/// <param name="Id">The test's id.</param>
/// <param name="Title">What it checks.</param>
/// <param name="Group">Its group's number.</param>
/// <param name="Status">The verdict.</param>
/// <param name="Messages">Why (the failed check, the reason for a skip) and the notes.</param>
/// <param name="Requirements">The requirements it verifies.</param>
/// <param name="Shall">Whether one of them is a SHALL.</param>
/// <param name="Proofs">The proof files, relative to the report folder.</param>
/// <param name="DurationMs">How long it ran.</param>
public sealed record TestResult(string Id, string Title, int Group, TestStatus Status, IReadOnlyList<string> Messages, IReadOnlyList<string> Requirements, bool Shall, IReadOnlyList<string> Proofs, long DurationMs);
