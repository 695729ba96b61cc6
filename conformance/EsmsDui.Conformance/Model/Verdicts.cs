namespace EsmsDui.Conformance.Model;

/// <summary>A check of the server that did not hold: the test fails with this message.</summary>
public sealed class CheckFailedException : Exception
{
    /// <summary>A failure saying what was expected and what came.</summary>
    public CheckFailedException(string message)
        : base(message)
    {
    }

    /// <summary>A failure caused by <paramref name="inner"/> (a timeout, an unreadable answer).</summary>
    public CheckFailedException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>A failure without message.</summary>
    public CheckFailedException()
    {
    }
}

/// <summary>Stops a test that does not apply to the server (an optional capability it does not claim) or cannot run.</summary>
public sealed class TestNotRunException : Exception
{
    /// <summary>Not applicable, or skipped when <paramref name="status"/> says so, for <paramref name="reason"/>.</summary>
    public TestNotRunException(TestStatus status, string reason)
        : base(reason)
    {
        Status = status;
    }

    /// <summary>A test not run for <paramref name="message"/>.</summary>
    public TestNotRunException(string message)
        : this(TestStatus.Skip, message)
    {
    }

    /// <summary>A test not run for <paramref name="message"/>, caused by <paramref name="inner"/>.</summary>
    public TestNotRunException(string message, Exception inner)
        : base(message, inner)
    {
        Status = TestStatus.Skip;
    }

    /// <summary>A test not run.</summary>
    public TestNotRunException()
    {
        Status = TestStatus.Skip;
    }

    /// <summary><see cref="TestStatus.Skip"/> or <see cref="TestStatus.NotApplicable"/>.</summary>
    public TestStatus Status { get; }
}

/// <summary>The checks tests make: each one that does not hold ends the test with its message.</summary>
public static class Check
{
    /// <summary>Fails the test with <paramref name="message"/> unless <paramref name="condition"/>.</summary>
    public static void That(bool condition, string message)
    {
        if (!condition)
        {
            throw new CheckFailedException(message);
        }
    }

    /// <summary>Fails the test with <paramref name="message"/>.</summary>
    public static CheckFailedException Fail(string message) => new(message);

    /// <summary>Ends the test as not applicable: the server does not claim what it checks.</summary>
    public static TestNotRunException NotApplicable(string reason) => new(TestStatus.NotApplicable, reason);

    /// <summary>Ends the test as skipped: what it needs was not given.</summary>
    public static TestNotRunException Skip(string reason) => new(TestStatus.Skip, reason);
}
