namespace EsmsDui.Fhir.Storage;

/// <summary>The interaction that produced a version (history entries report it as <c>request.method</c>).</summary>
public enum WriteMethod : byte
{
    /// <summary>POST (create).</summary>
    Post = 1,
    /// <summary>PUT (update, or update as create).</summary>
    Put = 2,
    /// <summary>PATCH.</summary>
    Patch = 3,
    /// <summary>DELETE.</summary>
    Delete = 4,
}
