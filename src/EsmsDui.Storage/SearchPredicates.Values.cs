using System.Linq.Expressions;
using EsmsDui.Fhir.Search;
using EsmsDui.Fhir.Storage;
using EsmsDui.Storage.Entities;

namespace EsmsDui.Storage;

/// <summary>The tests of one index row against one searched value.</summary>
internal sealed partial class SearchPredicates
{
    private static Expression<Func<SearchTokenRow, bool>> UriBelow(string parameter, string value) =>
        t => t.Parameter == parameter && t.System == null && t.Code.StartsWith(value);

    private static Expression<Func<SearchTokenRow, bool>> Token(string parameter, TokenValue value) => value switch
    {
        { AnySystem: true } => t => t.Parameter == parameter && t.Code == value.Code,
        { System: null } => t => t.Parameter == parameter && t.System == null && t.Code == value.Code,
        { Code: null } => t => t.Parameter == parameter && t.System == value.System,
        _ => t => t.Parameter == parameter && t.System == value.System && t.Code == value.Code,
    };

    // A prefix as a range of the binary order (PostgreSQL keeps this column in the C collation), which every
    // provider answers with an index seek; LIKE 'x%' with a parameter cannot use the index on PostgreSQL.
    private static readonly string Highest = char.ConvertFromUtf32(0x10FFFF);

    private static Expression<Func<SearchStringRow, bool>> StartsWith(string parameter, string value)
    {
        var end = value + Highest;
        return s => s.Parameter == parameter && s.Normalized.CompareTo(value) >= 0 && s.Normalized.CompareTo(end) < 0;
    }

    private static Expression<Func<SearchStringRow, bool>> String(string parameter, string value, StringMatch match) => match switch
    {
        StringMatch.Exact => s => s.Parameter == parameter && s.Exact == value,
        StringMatch.Contains => s => s.Parameter == parameter && s.Normalized.Contains(value),
        _ => StartsWith(parameter, value),
    };

    private static Expression<Func<SearchReferenceRow, bool>> Reference(string parameter, ReferenceEntry value) => value switch
    {
        { Url: { } url } => r => r.Parameter == parameter && r.Url == url,
        { TargetType: null } => r => r.Parameter == parameter && r.TargetId == value.TargetId,
        _ => r => r.Parameter == parameter && r.TargetType == value.TargetType && r.TargetId == value.TargetId,
    };

    private static Expression<Func<SearchDateRow, bool>> Date(string parameter, DateValue value)
    {
        var (start, end) = Bounds(value);
        return value.Prefix switch
        {
            SearchPrefix.Ne => d => d.Parameter == parameter && (d.Start < start || d.End > end),
            SearchPrefix.Gt => d => d.Parameter == parameter && d.End > end,
            SearchPrefix.Lt => d => d.Parameter == parameter && d.Start < start,
            SearchPrefix.Ge => d => d.Parameter == parameter && d.End >= start,
            SearchPrefix.Le => d => d.Parameter == parameter && d.Start <= end,
            SearchPrefix.Sa => d => d.Parameter == parameter && d.Start > end,
            SearchPrefix.Eb => d => d.Parameter == parameter && d.End < start,
            SearchPrefix.Ap => d => d.Parameter == parameter && d.Start <= end && d.End >= start,
            // Start <= end follows from the rest; said, it bounds the index range on Start from both sides.
            _ => d => d.Parameter == parameter && d.Start >= start && d.Start <= end && d.End <= end,
        };
    }

    private static Expression<Func<SearchQuantityRow, bool>> Quantity(string parameter, QuantityValue value) => value switch
    {
        { Canonical: { } canonical, CanonicalCode: var unit } =>
            Compare<SearchQuantityRow>(canonical, q => q.Parameter == parameter && q.CanonicalCode == unit, q => q.CanonicalValue!.Value),
        { System: { } system, Code: var code } => Compare<SearchQuantityRow>(value.Number, q => q.Parameter == parameter && q.System == system && q.Code == code, q => q.Value),
        { Code: { } code } => Compare<SearchQuantityRow>(value.Number, q => q.Parameter == parameter && (q.Code == code || q.Unit == code), q => q.Value),
        _ => Compare<SearchQuantityRow>(value.Number, q => q.Parameter == parameter, q => q.Value),
    };

    // Numbers compare as the spec's implicit ranges: eq means within the precision of the value searched.
    private static Expression<Func<T, bool>> Compare<T>(NumberValue number, Expression<Func<T, bool>> match, Expression<Func<T, double>> value)
    {
        var (low, high, exact) = ((double)number.Low, (double)number.High, (double)number.Value);
        var margin = Math.Abs(exact) / 10;
        Expression<Func<double, bool>> test = number.Prefix switch
        {
            SearchPrefix.Ne => x => x < low || x >= high,
            SearchPrefix.Gt or SearchPrefix.Sa => x => x > exact,
            SearchPrefix.Lt or SearchPrefix.Eb => x => x < exact,
            SearchPrefix.Ge => x => x >= exact,
            SearchPrefix.Le => x => x <= exact,
            SearchPrefix.Ap => x => x >= exact - margin && x <= exact + margin,
            _ => x => x >= low && x < high,
        };
        var body = new ParameterReplacer(test.Parameters[0], new ParameterReplacer(value.Parameters[0], match.Parameters[0]).Visit(value.Body)).Visit(test.Body);
        return Expression.Lambda<Func<T, bool>>(Expression.AndAlso(match.Body, body), match.Parameters);
    }

    private static Expression<Func<ResourceVersionRow, bool>> LastUpdated(DateValue value)
    {
        var (start, end) = Bounds(value);
        return value.Prefix switch
        {
            SearchPrefix.Ne => v => v.LastUpdated < start || v.LastUpdated > end,
            SearchPrefix.Gt or SearchPrefix.Sa => v => v.LastUpdated > end,
            SearchPrefix.Lt or SearchPrefix.Eb => v => v.LastUpdated < start,
            SearchPrefix.Ge => v => v.LastUpdated >= start,
            SearchPrefix.Le => v => v.LastUpdated <= end,
            _ => v => v.LastUpdated >= start && v.LastUpdated <= end,
        };
    }

    // ap widens the period by 10% of its distance to now (at least a day), as the spec suggests.
    private static (DateTime Start, DateTime End) Bounds(DateValue value)
    {
        var start = value.Range.Start.UtcDateTime;
        var end = value.Range.End.UtcDateTime;
        if (value.Prefix != SearchPrefix.Ap)
        {
            return (start, end);
        }

        var margin = TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerDay, Math.Abs((DateTime.UtcNow - start).Ticks) / 10));
        return (start - margin, end + margin);
    }
}
