namespace EsmsDui.Fhir.Access;

/// <summary>The interactions a SMART v2 scope grants: <c>c</c>reate, <c>r</c>ead, <c>u</c>pdate, <c>d</c>elete, <c>s</c>earch.</summary>
[Flags]
public enum SmartPermissions
{
    /// <summary>Nothing.</summary>
    None = 0,

    /// <summary>c: create.</summary>
    Create = 1,

    /// <summary>r: read and vread (and history of an instance or a type).</summary>
    Read = 2,

    /// <summary>u: update and patch.</summary>
    Update = 4,

    /// <summary>d: delete.</summary>
    Delete = 8,

    /// <summary>s: search.</summary>
    Search = 16,

    /// <summary>cruds.</summary>
    All = Create | Read | Update | Delete | Search,
}
