namespace EsmsDui.Fhir.Storage;

/// <summary>Thrown by a store when a write lost a race: the version it builds on is no longer current.</summary>
public sealed class VersionConflictException : Exception
{
    /// <summary>Creates the exception for one resource.</summary>
    public VersionConflictException(string resourceType, string id)
        : base($"{resourceType}/{id} was changed by another request.")
    {
        ResourceType = resourceType;
        Id = id;
    }

    /// <summary>Creates the exception when the store cannot tell which resource conflicted.</summary>
    public VersionConflictException(string message, Exception inner)
        : base(message, inner)
    {
        ResourceType = string.Empty;
        Id = string.Empty;
    }

    /// <summary>The type of the resource that conflicted, when known.</summary>
    public string ResourceType { get; }

    /// <summary>The id of the resource that conflicted, when known.</summary>
    public string Id { get; }
}
