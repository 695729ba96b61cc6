namespace EsmsDui.Storage.Entities;

/// <summary>Common shape of the index rows: each belongs to one resource version.</summary>
public abstract class SearchIndexRow
{
    /// <summary>Row key.</summary>
    public long Id { get; set; }

    /// <summary>The version whose content produced this value.</summary>
    public long ResourceVersionId { get; set; }

    /// <summary>The search parameter code.</summary>
    public required string Parameter { get; set; }
}

/// <summary>A token or uri value (architecture §3: typed index tables).</summary>
public sealed class SearchTokenRow : SearchIndexRow
{
    /// <summary>The code system (null for plain codes and uris).</summary>
    public string? System { get; set; }

    /// <summary>The code, identifier value or uri.</summary>
    public required string Code { get; set; }
}

/// <summary>A string value.</summary>
public sealed class SearchStringRow : SearchIndexRow
{
    /// <summary>Case- and accent-folded value (default and :contains matches).</summary>
    public required string Normalized { get; set; }

    /// <summary>The value as written (:exact matches).</summary>
    public required string Exact { get; set; }
}

/// <summary>A date value as a range.</summary>
public sealed class SearchDateRow : SearchIndexRow
{
    /// <summary>First instant (UTC).</summary>
    public DateTime Start { get; set; }

    /// <summary>Last instant (UTC, inclusive).</summary>
    public DateTime End { get; set; }
}

/// <summary>A reference value.</summary>
public sealed class SearchReferenceRow : SearchIndexRow
{
    /// <summary>Target type of a relative reference.</summary>
    public string? TargetType { get; set; }

    /// <summary>Target id of a relative reference.</summary>
    public string? TargetId { get; set; }

    /// <summary>An absolute or other non-relative reference.</summary>
    public string? Url { get; set; }
}
