namespace EsmsDui.Conformance.Model;

/// <summary>
/// One test: a stable id (<c>group.number</c>, e.g. <c>2.05</c>) that reports and proofs keep from one version of
/// the suite to the next, what it checks, the requirements it verifies and how it runs.
/// </summary>
/// <param name="Id">The stable id, <c>group.two-digit number</c>.</param>
/// <param name="Title">What the test checks, as a sentence.</param>
/// <param name="Requirements">The ids of the requirements it verifies (<c>set@number</c>).</param>
/// <param name="RunAsync">The test: returns when every check held, throws <see cref="CheckFailedException"/> otherwise.</param>
public sealed record ConformanceTest(string Id, string Title, IReadOnlyList<string> Requirements, Func<TestContext, Task> RunAsync);

/// <summary>A numbered group of tests about one subject (discovery, REST, identity…).</summary>
/// <param name="Number">The group's number, the first part of its tests' ids.</param>
/// <param name="Title">The subject.</param>
/// <param name="Needs">What the preset must give for the group to run, for the README and the report.</param>
/// <param name="Tests">The tests, run in this order (later ones may use what earlier ones created).</param>
public sealed record TestGroup(int Number, string Title, string Needs, IReadOnlyList<ConformanceTest> Tests);
