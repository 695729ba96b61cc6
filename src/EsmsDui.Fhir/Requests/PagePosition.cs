using System.Globalization;
namespace EsmsDui.Fhir.Requests;

/// <summary>
/// Where a page of search results starts. Unsorted searches page by storage position (keyset: after or before
/// a version row), sorted ones by offset; both read the snapshot of the first page, so pages neither repeat
/// nor skip resources while others write.
/// </summary>
/// <param name="After">Rows after this storage position.</param>
/// <param name="Before">Rows before this storage position (a previous page).</param>
/// <param name="Offset">Rows to skip (sorted searches).</param>
public sealed record PagePosition(long? After, long? Before, int Offset)
{
    /// <summary>Query parameter of <see cref="After"/> (search pages and history pages).</summary>
    public const string CursorParameter = "_cursor";

    /// <summary>Query parameter of <see cref="Before"/>.</summary>
    public const string BeforeParameter = "_before";

    /// <summary>Query parameter of <see cref="Offset"/>.</summary>
    public const string OffsetParameter = "_offset";

    /// <summary>Query parameter of the snapshot (the last storage position the first page saw).</summary>
    public const string SnapshotParameter = "_snapshot";

    /// <summary>The first page.</summary>
    public static PagePosition Start { get; } = new(null, null, 0);

    /// <summary>Every paging parameter, replaced in next and previous links.</summary>
    public static IReadOnlySet<string> Parameters { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        CursorParameter, BeforeParameter, OffsetParameter, SnapshotParameter,
    };

    /// <summary>True for the first page.</summary>
    public bool IsStart => After is null && Before is null && Offset == 0;

    /// <summary>The query parameters that ask for this page.</summary>
    public IEnumerable<KeyValuePair<string, string>> ToQuery()
    {
        if (After is { } after)
        {
            yield return new(CursorParameter, after.ToString(CultureInfo.InvariantCulture));
        }

        if (Before is { } before)
        {
            yield return new(BeforeParameter, before.ToString(CultureInfo.InvariantCulture));
        }

        if (Offset > 0)
        {
            yield return new(OffsetParameter, Offset.ToString(CultureInfo.InvariantCulture));
        }
    }
}
