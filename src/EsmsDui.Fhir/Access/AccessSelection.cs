namespace EsmsDui.Fhir.Access;

/// <summary>
/// The access a scope works under, chosen before anything resolves its <see cref="AccessContext"/>: the HTTP edge
/// selects the token's, work outside a request its actor's. Nothing is passed through the HTTP context. Once the
/// scope's access has been resolved, it can no longer be changed.
/// </summary>
public sealed class AccessSelection
{
    private AccessContext? _context;
    private bool _resolved;

    /// <summary>The chosen access, or null when none was chosen.</summary>
    public AccessContext? Context
    {
        get => _context;
        set => _context = _resolved
            ? throw new InvalidOperationException("The access of this scope was already resolved; choose it before anything uses it.")
            : value;
    }

    /// <summary>The chosen access, for the scope's <see cref="AccessContext"/>: from now on it cannot change.</summary>
    public AccessContext? Resolve()
    {
        _resolved = true;
        return _context;
    }
}
