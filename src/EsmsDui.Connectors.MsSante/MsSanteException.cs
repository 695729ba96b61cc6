namespace EsmsDui.Connectors.MsSante;

/// <summary>An MSSanté exchange failed; <see cref="Permanent"/> tells whether trying again can help.</summary>
public sealed class MsSanteException : Exception
{
    /// <summary>A failure with its reason.</summary>
    public MsSanteException(string message, bool permanent, Exception? innerException = null)
        : base(message, innerException)
    {
        Permanent = permanent;
    }

    /// <summary>A failure for no particular reason.</summary>
    public MsSanteException()
    {
    }

    /// <summary>A failure with its reason.</summary>
    public MsSanteException(string message)
        : base(message)
    {
    }

    /// <summary>A failure with its reason and cause.</summary>
    public MsSanteException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>True when trying again will not help (refused recipient, bad credentials, message refused).</summary>
    public bool Permanent { get; }
}
