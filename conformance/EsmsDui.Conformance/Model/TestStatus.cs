namespace EsmsDui.Conformance.Model;

/// <summary>The verdict of one test, as FHIR's <c>TestReport</c> and Inferno name them.</summary>
public enum TestStatus
{
    /// <summary>Every check held.</summary>
    Pass,

    /// <summary>The server did not do what the requirement says (or answered with an error, late or unreadably).</summary>
    Fail,

    /// <summary>Not run: the preset asked it, or what it needs (packages, a second client, a mailbox) was not given.</summary>
    Skip,

    /// <summary>The server does not claim the optional capability the test checks.</summary>
    NotApplicable,

    /// <summary>The test itself could not run to a verdict (a defect of the suite, never of the server).</summary>
    Error,
}

/// <summary>The names of the statuses in the reports.</summary>
public static class TestStatusNames
{
    /// <summary>The status as written in <c>results.json</c>: <c>pass</c>, <c>fail</c>, <c>skip</c>, <c>not-applicable</c>, <c>error</c>.</summary>
    public static string Name(this TestStatus status) => status switch
    {
        TestStatus.Pass => "pass",
        TestStatus.Fail => "fail",
        TestStatus.Skip => "skip",
        TestStatus.NotApplicable => "not-applicable",
        _ => "error",
    };
}
