using System.Linq.Expressions;
using System.Reflection;
using EsmsDui.Fhir.Search;
using EsmsDui.Fhir.Storage;
using EsmsDui.Storage.Entities;

namespace EsmsDui.Storage;

/// <summary>
/// Translates search criteria into LINQ predicates over version rows (EF turns them into EXISTS). Chains and
/// <c>_has</c> become nested EXISTS over <paramref name="versions"/>, the whole version table.
/// </summary>
internal sealed class SearchPredicates(IQueryable<ResourceVersionRow> versions)
{
    private const byte Deleted = (byte)WriteMethod.Delete;

    private static readonly MethodInfo EnumerableAny = typeof(Enumerable).GetMethods()
        .Single(m => m.Name == nameof(Enumerable.Any) && m.GetParameters().Length == 2);

    private static readonly MethodInfo QueryableAny = typeof(Queryable).GetMethods()
        .Single(m => m.Name == nameof(Queryable.Any) && m.GetParameters().Length == 2).MakeGenericMethod(typeof(ResourceVersionRow));

    public Expression<Func<ResourceVersionRow, bool>> For(SearchCriterion criterion) => criterion switch
    {
        IdCriterion id => v => id.Ids.Contains(v.LogicalId),
        LastUpdatedCriterion updated => Or(updated.Values.Select(LastUpdated)),
        TokenCriterion { Not: true } token => Not(Any(Row(token with { Not = false }))),
        TokenCriterion or UriCriterion or StringCriterion or DateCriterion or ReferenceCriterion or NumberCriterion or QuantityCriterion => Any(Row(criterion)),
        MissingCriterion missing => Missing(missing),
        ChainCriterion chain => Any(Match(v => v.References, Or(chain.Targets.Select(target => Chained(chain.Parameter, target))))),
        HasCriterion has => Has(has),
        CompartmentCriterion compartment => Or(compartment.Members.Select(member => Member(compartment, member))),
        CompositeCriterion composite => Or(composite.Values.Select(Composite)),
        _ => throw new NotSupportedException($"No SQL translation for {criterion.GetType().Name}."),
    };

    /// <summary>A criterion on the rows of one index table: the table of a version, and the test of one row.</summary>
    private sealed record RowMatch(LambdaExpression Rows, LambdaExpression Test, Type RowType);

    private static RowMatch Row(SearchCriterion criterion) => criterion switch
    {
        TokenCriterion token => Match(v => v.Tokens, Or(token.Values.Select(value => Token(token.Parameter, value)))),
        UriCriterion { Below: true } uri => Match(v => v.Tokens, Or(uri.Values.Select(value => UriBelow(uri.Parameter, value)))),
        UriCriterion uri => Match(v => v.Tokens, t => t.Parameter == uri.Parameter && t.System == null && uri.Values.Contains(t.Code)),
        StringCriterion text => Match(v => v.Strings, Or(text.Values.Select(value => String(text.Parameter, value, text.Match)))),
        DateCriterion date => Match(v => v.Dates, Or(date.Values.Select(value => Date(date.Parameter, value)))),
        ReferenceCriterion reference => Match(v => v.References, Or(reference.Values.Select(value => Reference(reference.Parameter, value)))),
        NumberCriterion number => Match(v => v.Numbers, Or(number.Values.Select(value => Compare<SearchNumberRow>(value, n => n.Parameter == number.Parameter, n => n.Value)))),
        QuantityCriterion quantity => Match(v => v.Quantities, Or(quantity.Values.Select(value => Quantity(quantity.Parameter, value)))),
        _ => throw new NotSupportedException($"{criterion.GetType().Name} is not a test on index rows."),
    };

    private static RowMatch Match<T>(Expression<Func<ResourceVersionRow, IEnumerable<T>>> rows, Expression<Func<T, bool>> test) => new(rows, test, typeof(T));

    // v => v.Rows.Any(test)
    private static Expression<Func<ResourceVersionRow, bool>> Any(RowMatch match)
    {
        var version = match.Rows.Parameters[0];
        return Expression.Lambda<Func<ResourceVersionRow, bool>>(AnyCall(match, version, match.Test), version);
    }

    private static MethodCallExpression AnyCall(RowMatch match, ParameterExpression version, LambdaExpression test) =>
        Expression.Call(
            EnumerableAny.MakeGenericMethod(match.RowType),
            new ParameterReplacer(match.Rows.Parameters[0], version).Visit(match.Rows.Body),
            test);

    // v => v.Rows0.Any(a => test0(a) && v.Rows1.Any(b => b.Group == a.Group && test1(b)) && …): all components from one element.
    private static Expression<Func<ResourceVersionRow, bool>> Composite(IReadOnlyList<SearchCriterion> components)
    {
        var version = Expression.Parameter(typeof(ResourceVersionRow), "v");
        var matches = components.Select(Row).ToList();
        var first = matches[0].Test.Parameters[0];
        var body = matches[0].Test.Body;
        foreach (var next in matches.Skip(1))
        {
            var row = next.Test.Parameters[0];
            var sameGroup = Expression.Equal(Expression.Property(row, nameof(SearchIndexRow.Group)), Expression.Property(first, nameof(SearchIndexRow.Group)));
            body = Expression.AndAlso(body, AnyCall(next, version, Expression.Lambda(Expression.AndAlso(sameGroup, next.Test.Body), row)));
        }

        return Expression.Lambda<Func<ResourceVersionRow, bool>>(AnyCall(matches[0], version, Expression.Lambda(body, first)), version);
    }

    // r => r.Parameter == p && r.TargetType == T && EXISTS (current T with that id meeting the criterion)
    private Expression<Func<SearchReferenceRow, bool>> Chained(string parameter, ChainTarget target)
    {
        var type = target.ResourceType;
        Expression<Func<SearchReferenceRow, ResourceVersionRow, bool>> link = (r, t) =>
            t.ResourceType == type && t.LogicalId == r.TargetId && t.IsCurrent && t.Method != Deleted;
        Expression<Func<SearchReferenceRow, bool>> reference = r => r.Parameter == parameter && r.TargetType == type;
        var exists = Exists(link, For(target.Criterion), reference.Parameters[0]);
        return Expression.Lambda<Func<SearchReferenceRow, bool>>(Expression.AndAlso(reference.Body, exists), reference.Parameters);
    }

    private static Expression<Func<ResourceVersionRow, bool>> Member(CompartmentCriterion compartment, CompartmentMember member)
    {
        var (type, parameters, owner, id) = (member.ResourceType, member.Parameters, compartment.CompartmentType, compartment.Id);
        Expression<Func<ResourceVersionRow, bool>> linked = v => v.ResourceType == type
            && v.References.Any(r => parameters.Contains(r.Parameter) && r.TargetType == owner && r.TargetId == id);
        return member.IsOwnerType ? Or([linked, v => v.ResourceType == type && v.LogicalId == id]) : linked;
    }

    // v => EXISTS (current source resource referring to v through the parameter and meeting the criterion)
    private Expression<Func<ResourceVersionRow, bool>> Has(HasCriterion has)
    {
        var (source, parameter) = (has.SourceType, has.ReferenceParameter);
        Expression<Func<ResourceVersionRow, ResourceVersionRow, bool>> link = (v, s) =>
            s.ResourceType == source && s.IsCurrent && s.Method != Deleted
            && s.References.Any(r => r.Parameter == parameter && r.TargetType == v.ResourceType && r.TargetId == v.LogicalId);
        var outer = link.Parameters[0];
        return Expression.Lambda<Func<ResourceVersionRow, bool>>(Exists(link, For(has.Criterion), outer), outer);
    }

    // versions.Any(t => link(outer, t) && criterion(t)), with outer left free for the enclosing lambda.
    private MethodCallExpression Exists<TOuter>(
        Expression<Func<TOuter, ResourceVersionRow, bool>> link, Expression<Func<ResourceVersionRow, bool>> criterion, ParameterExpression outer)
    {
        var inner = link.Parameters[1];
        var linkBody = new ParameterReplacer(link.Parameters[0], outer).Visit(link.Body);
        var criterionBody = new ParameterReplacer(criterion.Parameters[0], inner).Visit(criterion.Body);
        var predicate = Expression.Lambda<Func<ResourceVersionRow, bool>>(Expression.AndAlso(linkBody, criterionBody), inner);
        return Expression.Call(QueryableAny, versions.Expression, Expression.Quote(predicate));
    }

    private static Expression<Func<SearchTokenRow, bool>> UriBelow(string parameter, string value) =>
        t => t.Parameter == parameter && t.System == null && t.Code.StartsWith(value);

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
            SearchPrefix.Ne => d => d.Parameter == parameter && (d.Start < start || d.End > end),
            SearchPrefix.Gt => d => d.Parameter == parameter && d.End > end,
            SearchPrefix.Lt => d => d.Parameter == parameter && d.Start < start,
            SearchPrefix.Ge => d => d.Parameter == parameter && d.End >= start,
            SearchPrefix.Le => d => d.Parameter == parameter && d.Start <= end,
            SearchPrefix.Sa => d => d.Parameter == parameter && d.Start > end,
            SearchPrefix.Eb => d => d.Parameter == parameter && d.End < start,
            SearchPrefix.Ap => d => d.Parameter == parameter && d.Start <= end && d.End >= start,
            _ => d => d.Parameter == parameter && d.Start >= start && d.End <= end,
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

    private static Expression<Func<ResourceVersionRow, bool>> Missing(MissingCriterion missing)
    {
        var parameter = missing.Parameter;
        Expression<Func<ResourceVersionRow, bool>> has = missing.Table switch
        {
            SearchIndexTable.Strings => v => v.Strings.Any(s => s.Parameter == parameter),
            SearchIndexTable.Dates => v => v.Dates.Any(d => d.Parameter == parameter),
            SearchIndexTable.References => v => v.References.Any(r => r.Parameter == parameter),
            SearchIndexTable.Numbers => v => v.Numbers.Any(n => n.Parameter == parameter),
            SearchIndexTable.Quantities => v => v.Quantities.Any(q => q.Parameter == parameter),
            _ => v => v.Tokens.Any(t => t.Parameter == parameter),
        };
        return missing.Missing ? Not(has) : has;
    }

    private static Expression<Func<ResourceVersionRow, bool>> Not(Expression<Func<ResourceVersionRow, bool>> predicate) =>
        Expression.Lambda<Func<ResourceVersionRow, bool>>(Expression.Not(predicate.Body), predicate.Parameters);

    private static Expression<Func<T, bool>> Or<T>(IEnumerable<Expression<Func<T, bool>>> predicates) =>
        predicates.Aggregate((left, right) =>
        {
            var body = new ParameterReplacer(right.Parameters[0], left.Parameters[0]).Visit(right.Body);
            return Expression.Lambda<Func<T, bool>>(Expression.OrElse(left.Body, body), left.Parameters);
        });

    private sealed class ParameterReplacer(ParameterExpression from, Expression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : base.VisitParameter(node);
    }
}
