namespace EsmsDui.Connectors.Documents;

/// <summary>A document, a package or its metadata breaks the rules it should follow; the message says which.</summary>
public sealed class DocumentFormatException : Exception
{
    /// <summary>An exception with the problems found.</summary>
    public DocumentFormatException(string message)
        : base(message)
    {
    }

    /// <summary>An exception with the problems found and what caused it.</summary>
    public DocumentFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>An exception for no particular reason.</summary>
    public DocumentFormatException()
    {
    }
}
