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

    /// <summary>Shared by the component values of a composite parameter taken from one element; null otherwise.</summary>
    public int? Group { get; set; }
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

/// <summary>A number value (double: comparable and indexable on every provider; search ranges are wider than its error).</summary>
public sealed class SearchNumberRow : SearchIndexRow
{
    /// <summary>The value.</summary>
    public double Value { get; set; }
}

/// <summary>A quantity value, as written and in UCUM canonical units.</summary>
public sealed class SearchQuantityRow : SearchIndexRow
{
    /// <summary>The unit system.</summary>
    public string? System { get; set; }

    /// <summary>The coded unit.</summary>
    public string? Code { get; set; }

    /// <summary>The unit as displayed (matched when a search gives a code without a system).</summary>
    public string? Unit { get; set; }

    /// <summary>The value in the unit written.</summary>
    public double Value { get; set; }

    /// <summary>The UCUM canonical unit, when the unit converts.</summary>
    public string? CanonicalCode { get; set; }

    /// <summary>The value in canonical units.</summary>
    public double? CanonicalValue { get; set; }
}
