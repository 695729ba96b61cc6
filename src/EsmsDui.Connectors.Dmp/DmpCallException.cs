namespace EsmsDui.Connectors.Dmp;

/// <summary>Why a DMP call failed, which decides what the sender does next.</summary>
public enum DmpFailure
{
    /// <summary>The DMP was not reached or did not answer (network, TLS handshake, timeout, HTTP 5xx): try again later.</summary>
    Unreachable,

    /// <summary>The DMP refused the call (a SOAP fault or a RegistryResponse Failure): sending it again changes nothing.</summary>
    Refused,

    /// <summary>The answer is not one the protocol allows: whether the call took effect is unknown.</summary>
    Unreadable,
}

/// <summary>A DMP call failed; <see cref="Failure"/> says how, the message says what the DMP or the network said.</summary>
public sealed class DmpCallException : Exception
{
    /// <summary>A failure of <paramref name="failure"/> kind.</summary>
    public DmpCallException(DmpFailure failure, string message, IReadOnlyList<string>? codes = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Failure = failure;
        Codes = codes ?? [];
    }

    /// <summary>An exception for no particular reason.</summary>
    public DmpCallException()
        : this(DmpFailure.Unreadable, "The DMP call failed.")
    {
    }

    /// <summary>An exception with a message.</summary>
    public DmpCallException(string message)
        : this(DmpFailure.Unreadable, message)
    {
    }

    /// <summary>An exception with a message and its cause.</summary>
    public DmpCallException(string message, Exception innerException)
        : this(DmpFailure.Unreadable, message, null, innerException)
    {
    }

    /// <summary>How the call failed.</summary>
    public DmpFailure Failure { get; }

    /// <summary>The error codes the DMP gave (RegistryError errorCode, SOAP fault subcode).</summary>
    public IReadOnlyList<string> Codes { get; }
}
