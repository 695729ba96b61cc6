namespace EsmsDui.Fhir.Storage;

/// <summary>The values of one resource version for every indexed search parameter.</summary>
public sealed class SearchIndexEntries
{
    /// <summary>Token values (code, Coding, Identifier, ContactPoint, boolean…) and uris (system null).</summary>
    public List<TokenEntry> Tokens { get; } = [];

    /// <summary>String values, normalised for the default (starts-with, case- and accent-insensitive) match.</summary>
    public List<StringEntry> Strings { get; } = [];

    /// <summary>Date values as the period they cover.</summary>
    public List<DateEntry> Dates { get; } = [];

    /// <summary>References to other resources.</summary>
    public List<ReferenceEntry> References { get; } = [];

    /// <summary>Number values.</summary>
    public List<NumberEntry> Numbers { get; } = [];

    /// <summary>Quantity values, with their UCUM canonical form where the unit converts.</summary>
    public List<QuantityEntry> Quantities { get; } = [];
}

/// <summary>A token: <c>system|code</c> (system may be null).</summary>
public sealed record TokenEntry(string Parameter, string? System, string Code)
{
    /// <summary>Shared by the component values taken from one element of a composite parameter (one Observation.component); null otherwise.</summary>
    public int? Group { get; init; }
}

/// <summary>A string: normalised value for matching and the exact text (both truncated to the column size).</summary>
public sealed record StringEntry(string Parameter, string Normalized, string Exact)
{
    /// <summary>Shared by the component values taken from one element of a composite parameter (one Observation.component); null otherwise.</summary>
    public int? Group { get; init; }
}

/// <summary>A date range, inclusive bounds in UTC.</summary>
public sealed record DateEntry(string Parameter, DateTimeOffset Start, DateTimeOffset End)
{
    /// <summary>Shared by the component values taken from one element of a composite parameter (one Observation.component); null otherwise.</summary>
    public int? Group { get; init; }
}

/// <summary>A reference: to a resource of this server (type + id) or to an absolute URL (Url).</summary>
public sealed record ReferenceEntry(string Parameter, string? TargetType, string? TargetId, string? Url)
{
    /// <summary>Shared by the component values taken from one element of a composite parameter (one Observation.component); null otherwise.</summary>
    public int? Group { get; init; }
}

/// <summary>A number.</summary>
public sealed record NumberEntry(string Parameter, decimal Value)
{
    /// <summary>Shared by the component values taken from one element of a composite parameter (one Observation.component); null otherwise.</summary>
    public int? Group { get; init; }
}

/// <summary>
/// A quantity as written (system, code, unit) and, for UCUM units that convert, in canonical units
/// (<c>5 mg</c> is also <c>0.005 g</c>) so that values in different units compare.
/// </summary>
public sealed record QuantityEntry(string Parameter, string? System, string? Code, string? Unit, decimal Value, string? CanonicalCode, decimal? CanonicalValue)
{
    /// <summary>Shared by the component values taken from one element of a composite parameter (one Observation.component); null otherwise.</summary>
    public int? Group { get; init; }
}
