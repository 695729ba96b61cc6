using System.Linq.Expressions;
using System.Reflection;
using EsmsDui.Fhir.Search;
using EsmsDui.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace EsmsDui.Storage;

/// <summary>The leading forms: <c>v.Id IN (…)</c> from an index, so the database starts there.</summary>
internal sealed partial class SearchPredicates
{
    /// <summary>
    /// How good a criterion is at leading the query (lower first): exact lookups, then prefixes and ranges, then
    /// what matches many rows; negations and <c>:missing</c> never lead.
    /// </summary>
    public static int Rank(SearchCriterion criterion) => criterion switch
    {
        IdCriterion or CompartmentCriterion => 0,
        TokenCriterion { Not: false } token when token.Values.All(v => v is { AnySystem: false, Code: not null }) => 1,
        ReferenceCriterion or StringCriterion { Match: StringMatch.Exact } => 2,
        TokenCriterion { Not: false } or UriCriterion or StringCriterion { Match: StringMatch.StartsWith } or ChainCriterion => 3,
        CompositeCriterion or DateCriterion => 4,
        NumberCriterion or QuantityCriterion or HasCriterion or ContainedCriterion { AlsoContainers: false } => 5,
        StringCriterion or LastUpdatedCriterion => 6,
        _ => 9,
    };

    /// <summary>The leading form of a criterion, or null when it has none (it is then only checked).</summary>
    public Expression<Func<ResourceVersionRow, bool>>? Drive(SearchCriterion criterion) => criterion switch
    {
        IdCriterion => For(criterion),
        TokenCriterion { Not: false } or UriCriterion or StringCriterion or DateCriterion or ReferenceCriterion or NumberCriterion or QuantityCriterion => In(Row(criterion).VersionIds),
        ChainCriterion chain => In(chain.Targets.Select(target => ChainIds(chain.Parameter, target)).Aggregate(Queryable.Concat)),
        HasCriterion has => HasDrive(has),
        CompartmentCriterion compartment => Or(compartment.Members.Select(member => MemberDrive(compartment, member))),
        CompositeCriterion composite => Or(composite.Values.Select(CompositeDrive)),
        ContainedCriterion { AlsoContainers: false } contained => contained.ContainedCriteria.Count > 0
            ? CompositeDrive([.. contained.ContainedCriteria.OrderBy(Rank)])
            : In(ContainedId(contained.ContainedType).VersionIds),
        _ => null,
    };

    private static Expression<Func<ResourceVersionRow, bool>> In(IQueryable<long> ids) => v => ids.Contains(v.Id);

    private IQueryable<ResourceVersionRow> CurrentOf(string type, SearchCriterion criterion) =>
        _versions.Where(t => t.ResourceType == type && t.IsCurrent && t.Method != Deleted).Where(Drive(criterion) ?? For(criterion));

    // Targets meeting the criterion → references to them → the referring versions. Several target types give one
    // UNION ALL, which the database joins once (an OR of IN would be checked row by row).
    private IQueryable<long> ChainIds(string parameter, ChainTarget target)
    {
        var type = target.ResourceType;
        var targets = CurrentOf(type, target.Criterion).Select(t => t.LogicalId);
        return db.SearchReferences.AsNoTracking()
            .Where(r => r.Parameter == parameter && r.TargetType == type && targets.Contains(r.TargetId!))
            .Select(r => r.ResourceVersionId);
    }

    // Sources meeting the criterion → their references of that parameter → the ids they point to.
    private Expression<Func<ResourceVersionRow, bool>> HasDrive(HasCriterion has)
    {
        var (parameter, type) = (has.ReferenceParameter, has.TargetType);
        var sources = CurrentOf(has.SourceType, has.Criterion).Select(s => s.Id);
        var targets = db.SearchReferences.AsNoTracking()
            .Where(r => r.Parameter == parameter && r.TargetType == type && sources.Contains(r.ResourceVersionId))
            .Select(r => r.TargetId);
        return v => targets.Contains(v.LogicalId);
    }

    private Expression<Func<ResourceVersionRow, bool>> MemberDrive(CompartmentCriterion compartment, CompartmentMember member)
    {
        var (type, parameters, owner, id) = (member.ResourceType, member.Parameters, compartment.CompartmentType, compartment.Id);
        var ids = db.SearchReferences.AsNoTracking()
            .Where(r => parameters.Contains(r.Parameter) && r.TargetType == owner && r.TargetId == id)
            .Select(r => r.ResourceVersionId);
        Expression<Func<ResourceVersionRow, bool>> linked = v => v.ResourceType == type && ids.Contains(v.Id);
        return member.IsOwnerType ? Or([linked, v => v.ResourceType == type && v.LogicalId == id]) : linked;
    }

    // The first component's rows lead; the others are checked on the same version and group.
    private Expression<Func<ResourceVersionRow, bool>> CompositeDrive(IReadOnlyList<SearchCriterion> components)
    {
        var matches = components.Select(Row).ToList();
        var first = matches[0].Test.Parameters[0];
        var body = matches[0].Test.Body;
        foreach (var next in matches.Skip(1))
        {
            var row = next.Test.Parameters[0];
            var same = Expression.AndAlso(
                Expression.Equal(Expression.Property(row, nameof(SearchIndexRow.ResourceVersionId)), Expression.Property(first, nameof(SearchIndexRow.ResourceVersionId))),
                Expression.Equal(Expression.Property(row, nameof(SearchIndexRow.Group)), Expression.Property(first, nameof(SearchIndexRow.Group))));
            body = Expression.AndAlso(body, Expression.Call(QueryableAnyOf(next.RowType), next.Table.Expression, Expression.Quote(Expression.Lambda(Expression.AndAlso(same, next.Test.Body), row))));
        }

        var lead = matches[0];
        var filtered = Expression.Call(QueryableWhere.MakeGenericMethod(lead.RowType), lead.Table.Expression, Expression.Quote(Expression.Lambda(body, first)));
        var ids = Expression.Call(
            QueryableSelect.MakeGenericMethod(lead.RowType, typeof(long)),
            filtered,
            Expression.Quote(Expression.Lambda(Expression.Property(first, nameof(SearchIndexRow.ResourceVersionId)), first)));
        return In(lead.Table.Provider.CreateQuery<long>(ids));
    }

    private static readonly MethodInfo QueryableWhere = typeof(Queryable).GetMethods()
        .Single(m => m.Name == nameof(Queryable.Where) && m.GetParameters()[1].ParameterType.GetGenericArguments()[0].GetGenericArguments().Length == 2);

    private static readonly MethodInfo QueryableSelect = typeof(Queryable).GetMethods()
        .Single(m => m.Name == nameof(Queryable.Select) && m.GetParameters()[1].ParameterType.GetGenericArguments()[0].GetGenericArguments().Length == 2);
}
