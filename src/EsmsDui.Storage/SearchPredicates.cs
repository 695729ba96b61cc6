using System.Linq.Expressions;
using EsmsDui.Fhir.Search;
using EsmsDui.Storage.Entities;

namespace EsmsDui.Storage;

/// <summary>Translates search criteria into LINQ predicates over version rows (EF turns them into EXISTS).</summary>
internal static class SearchPredicates
{
    public static Expression<Func<ResourceVersionRow, bool>> For(SearchCriterion criterion) => criterion switch
    {
        IdCriterion id => v => id.Ids.Contains(v.LogicalId),
        LastUpdatedCriterion updated => Or(updated.Values.Select(LastUpdated)),
        TokenCriterion token => token.Not
            ? Not(Any(v => v.Tokens, Or(token.Values.Select(value => Token(token.Parameter, value)))))
            : Any(v => v.Tokens, Or(token.Values.Select(value => Token(token.Parameter, value)))),
        UriCriterion uri => Any(v => v.Tokens, t => t.Parameter == uri.Parameter && t.System == null && uri.Values.Contains(t.Code)),
        StringCriterion text => Any(v => v.Strings, Or(text.Values.Select(value => String(text.Parameter, value, text.Match)))),
        DateCriterion date => Any(v => v.Dates, Or(date.Values.Select(value => Date(date.Parameter, value)))),
        ReferenceCriterion reference => Any(v => v.References, Or(reference.Values.Select(value => Reference(reference.Parameter, value)))),
        MissingCriterion missing => Missing(missing),
        _ => throw new NotSupportedException($"No SQL translation for {criterion.GetType().Name}."),
    };

    private static Expression<Func<SearchTokenRow, bool>> Token(string parameter, TokenValue value) => value switch
    {
        { AnySystem: true } => t => t.Parameter == parameter && t.Code == value.Code,
        { System: null } => t => t.Parameter == parameter && t.System == null && t.Code == value.Code,
        { Code: null } => t => t.Parameter == parameter && t.System == value.System,
        _ => t => t.Parameter == parameter && t.System == value.System && t.Code == value.Code,
    };

    private static Expression<Func<SearchStringRow, bool>> String(string parameter, string value, StringMatch match) => match switch
    {
        StringMatch.Exact => s => s.Parameter == parameter && s.Exact == value,
        StringMatch.Contains => s => s.Parameter == parameter && s.Normalized.Contains(value),
        _ => s => s.Parameter == parameter && s.Normalized.StartsWith(value),
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
            DatePrefix.Ne => d => d.Parameter == parameter && (d.Start < start || d.End > end),
            DatePrefix.Gt => d => d.Parameter == parameter && d.End > end,
            DatePrefix.Lt => d => d.Parameter == parameter && d.Start < start,
            DatePrefix.Ge => d => d.Parameter == parameter && d.End >= start,
            DatePrefix.Le => d => d.Parameter == parameter && d.Start <= end,
            DatePrefix.Sa => d => d.Parameter == parameter && d.Start > end,
            DatePrefix.Eb => d => d.Parameter == parameter && d.End < start,
            DatePrefix.Ap => d => d.Parameter == parameter && d.Start <= end && d.End >= start,
            _ => d => d.Parameter == parameter && d.Start >= start && d.End <= end,
        };
    }

    private static Expression<Func<ResourceVersionRow, bool>> LastUpdated(DateValue value)
    {
        var (start, end) = Bounds(value);
        return value.Prefix switch
        {
            DatePrefix.Ne => v => v.LastUpdated < start || v.LastUpdated > end,
            DatePrefix.Gt or DatePrefix.Sa => v => v.LastUpdated > end,
            DatePrefix.Lt or DatePrefix.Eb => v => v.LastUpdated < start,
            DatePrefix.Ge => v => v.LastUpdated >= start,
            DatePrefix.Le => v => v.LastUpdated <= end,
            _ => v => v.LastUpdated >= start && v.LastUpdated <= end,
        };
    }

    // ap widens the period by 10% of its distance to now (at least a day), as the spec suggests.
    private static (DateTime Start, DateTime End) Bounds(DateValue value)
    {
        var start = value.Range.Start.UtcDateTime;
        var end = value.Range.End.UtcDateTime;
        if (value.Prefix != DatePrefix.Ap)
        {
            return (start, end);
        }

        var margin = TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerDay, Math.Abs((DateTime.UtcNow - start).Ticks) / 10));
        return (start - margin, end + margin);
    }

    private static Expression<Func<ResourceVersionRow, bool>> Missing(MissingCriterion missing)
    {
        var parameter = missing.Parameter;
        Expression<Func<ResourceVersionRow, bool>> has = missing.Table switch
        {
            SearchIndexTable.Strings => v => v.Strings.Any(s => s.Parameter == parameter),
            SearchIndexTable.Dates => v => v.Dates.Any(d => d.Parameter == parameter),
            SearchIndexTable.References => v => v.References.Any(r => r.Parameter == parameter),
            _ => v => v.Tokens.Any(t => t.Parameter == parameter),
        };
        return missing.Missing ? Not(has) : has;
    }

    private static Expression<Func<ResourceVersionRow, bool>> Any<T>(Expression<Func<ResourceVersionRow, IEnumerable<T>>> collection, Expression<Func<T, bool>> predicate)
    {
        var any = typeof(Enumerable).GetMethods().Single(m => m.Name == nameof(Enumerable.Any) && m.GetParameters().Length == 2).MakeGenericMethod(typeof(T));
        return Expression.Lambda<Func<ResourceVersionRow, bool>>(Expression.Call(any, collection.Body, predicate), collection.Parameters);
    }

    private static Expression<Func<ResourceVersionRow, bool>> Not(Expression<Func<ResourceVersionRow, bool>> predicate) =>
        Expression.Lambda<Func<ResourceVersionRow, bool>>(Expression.Not(predicate.Body), predicate.Parameters);

    private static Expression<Func<T, bool>> Or<T>(IEnumerable<Expression<Func<T, bool>>> predicates) =>
        predicates.Aggregate((left, right) =>
        {
            var body = new ParameterReplacer(right.Parameters[0], left.Parameters[0]).Visit(right.Body);
            return Expression.Lambda<Func<T, bool>>(Expression.OrElse(left.Body, body), left.Parameters);
        });

    private sealed class ParameterReplacer(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }
}
