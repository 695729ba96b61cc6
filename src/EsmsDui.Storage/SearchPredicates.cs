using System.Linq.Expressions;
using System.Reflection;
using EsmsDui.Fhir.Search;
using EsmsDui.Fhir.Storage;
using EsmsDui.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace EsmsDui.Storage;

/// <summary>
/// Translates search criteria into LINQ predicates over version rows. <see cref="For"/> gives the checking form
/// (EXISTS over the index, correlated with the candidate row); <see cref="Drive"/> the leading form (the row id IN the
/// ids an index gives), which lets the database start from the index instead of from every row of the type.
/// </summary>
internal sealed partial class SearchPredicates(EsmsDuiDbContext db, Dictionary<EstablishmentCriterion, List<string>> usagersOfRequest)
{
    private const byte Deleted = (byte)WriteMethod.Delete;

    private readonly IQueryable<ResourceVersionRow> _versions = db.ResourceVersions.AsNoTracking();

    private static readonly MethodInfo EnumerableAny = typeof(Enumerable).GetMethods()
        .Single(m => m.Name == nameof(Enumerable.Any) && m.GetParameters().Length == 2);

    private static readonly MethodInfo QueryableAnyDefinition = typeof(Queryable).GetMethods()
        .Single(m => m.Name == nameof(Queryable.Any) && m.GetParameters().Length == 2);

    private static readonly MethodInfo QueryableAny = QueryableAnyOf(typeof(ResourceVersionRow));

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
        ContainedCriterion contained => Contained(contained),
        EstablishmentCriterion establishment => Establishment(establishment),
        _ => throw new NotSupportedException($"No SQL translation for {criterion.GetType().Name}."),
    };

    /// <summary>
    /// A criterion on the rows of one index table: the table of a version (navigation), the test of one row, and
    /// the ids of the versions whose rows pass (for the leading form).
    /// </summary>
    private sealed record RowMatch(LambdaExpression Rows, LambdaExpression Test, Type RowType, IQueryable Table, IQueryable<long> VersionIds);

    private RowMatch Row(SearchCriterion criterion) => criterion switch
    {
        TokenCriterion token => Match(v => v.Tokens, Or(token.Values.Select(value => Token(token.Parameter, value)))),
        UriCriterion { Below: true } uri => Match(v => v.Tokens, Or(uri.Values.Select(value => UriBelow(uri.Parameter, value)))),
        UriCriterion uri => Match(v => v.Tokens, t => t.Parameter == uri.Parameter && t.System == null && uri.Values.Contains(t.Code)),
        StringCriterion text => Match(v => v.Strings, Or(text.Values.Select(value => String(text.Parameter, value, text.Match)))),
        DateCriterion { AllOf: true } date => Match(v => v.Dates, And(date.Values.Select(value => Date(date.Parameter, value)))),
        DateCriterion date => Match(v => v.Dates, Or(date.Values.Select(value => Date(date.Parameter, value)))),
        ReferenceCriterion reference => Match(v => v.References, Or(reference.Values.Select(value => Reference(reference.Parameter, value)))),
        NumberCriterion number => Match(v => v.Numbers, Or(number.Values.Select(value => Compare<SearchNumberRow>(value, n => n.Parameter == number.Parameter, n => n.Value)))),
        QuantityCriterion quantity => Match(v => v.Quantities, Or(quantity.Values.Select(value => Quantity(quantity.Parameter, value)))),
        _ => throw new NotSupportedException($"{criterion.GetType().Name} is not a test on index rows."),
    };

    private RowMatch Match<T>(Expression<Func<ResourceVersionRow, IEnumerable<T>>> rows, Expression<Func<T, bool>> test)
        where T : SearchIndexRow => new(rows, test, typeof(T), db.Set<T>().AsNoTracking(), db.Set<T>().AsNoTracking().Where(test).Select(r => r.ResourceVersionId));

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
    private Expression<Func<ResourceVersionRow, bool>> Composite(IReadOnlyList<SearchCriterion> components)
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

    // Containers holding a contained resource that meets every criterion: all rows of one position (group), as
    // for the components of a composite; with `both`, also the resources of the type meeting the criteria.
    private Expression<Func<ResourceVersionRow, bool>> Contained(ContainedCriterion contained)
    {
        var holds = contained.ContainedCriteria.Count > 0
            ? Composite([.. contained.ContainedCriteria.OrderBy(Rank)])
            : Any(ContainedId(contained.ContainedType));
        if (!contained.AlsoContainers)
        {
            return holds;
        }

        var type = contained.ContainedType;
        Expression<Func<ResourceVersionRow, bool>> own = v => v.ResourceType == type;
        return Or([And([own, .. contained.Criteria.Select(For)]), holds]);
    }

    private RowMatch ContainedId(string type)
    {
        var name = SearchModifiers.Contained(type, "_id");
        return Match<SearchTokenRow>(v => v.Tokens, t => t.Parameter == name);
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

    // The usagers of an establishment criterion are read once per request (a few hundred to a few thousand ids): as a
    // list the checks below are IN over a small set; as a sub-query the planners re-ran it for every candidate row.
    private readonly Dictionary<EstablishmentCriterion, List<string>> _usagers = usagersOfRequest;

    // v => not a compartment type, or the usager itself, or a record referring to it — the usagers being those managed
    // by one of the ESMS or with a séjour there (current versions only). Another Patient is never part of a usager's
    // record through its own references (Patient.link, generalPractitioner…): it is reached as a usager or not at all.
    private Expression<Func<ResourceVersionRow, bool>> Establishment(EstablishmentCriterion establishment)
    {
        var (members, parameters) = (establishment.MemberTypes, establishment.MemberParameters);
        var usagers = Usagers(establishment);
        return v => !members.Contains(v.ResourceType)
            || (v.ResourceType == "Patient" && usagers.Contains(v.LogicalId))
            || (v.ResourceType != "Patient" && v.References.Any(r => parameters.Contains(r.Parameter) && r.TargetType == "Patient" && usagers.Contains(r.TargetId!)));
    }

    private List<string> Usagers(EstablishmentCriterion establishment)
    {
        if (_usagers.TryGetValue(establishment, out var known))
        {
            return known;
        }

        if (establishment.Organizations is not { } organizations)
        {
            // One usager in context, and no establishment limit: that usager alone.
            return _usagers[establishment] = [establishment.Usager!];
        }

        var (managing, provider, encounterPatient) = (establishment.ManagingParameter, establishment.ServiceProviderParameter, establishment.EncounterPatientParameters);
        var references = db.SearchReferences.AsNoTracking();
        var patients = _versions.Where(p => p.ResourceType == "Patient" && p.IsCurrent && p.Method != Deleted);
        var managed = references.Where(r => r.Parameter == managing && r.TargetType == "Organization" && organizations.Contains(r.TargetId))
            .Join(patients, r => r.ResourceVersionId, p => p.Id, (r, p) => p.LogicalId);
        // From the few references to the ESMS to their séjours, then to those séjours' usagers (never from every
        // reference to a Patient).
        var sejours = references.Where(r => r.Parameter == provider && r.TargetType == "Organization" && organizations.Contains(r.TargetId))
            .Join(_versions.Where(e => e.ResourceType == "Encounter" && e.IsCurrent && e.Method != Deleted), r => r.ResourceVersionId, e => e.Id, (r, e) => e.Id);
        var hosted = references.Where(r => sejours.Contains(r.ResourceVersionId) && encounterPatient.Contains(r.Parameter) && r.TargetType == "Patient")
            .Select(r => r.TargetId!);
        var usagers = managed.Concat(hosted).Distinct().ToList();
        if (establishment.Usager is { } usager)
        {
            usagers = usagers.Contains(usager) ? [usager] : [];
        }

        _usagers[establishment] = usagers;
        return usagers;
    }

    private static Expression<Func<ResourceVersionRow, bool>> Member(CompartmentCriterion compartment, CompartmentMember member)
    {
        var (type, parameters, owner, id) = (member.ResourceType, member.Parameters, compartment.CompartmentType, compartment.Id);
        Expression<Func<ResourceVersionRow, bool>> linked = v => v.ResourceType == type
            && v.References.Any(r => parameters.Contains(r.Parameter) && r.TargetType == owner && r.TargetId == id);
        return member.IsOwnerType ? Or([linked, v => v.ResourceType == type && v.LogicalId == id]) : linked;
    }

    // v => EXISTS (reference row to v whose version is a current source meeting the criterion): the reference
    // index on (parameter, target id) leads, so each candidate costs a few index probes.
    private Expression<Func<ResourceVersionRow, bool>> Has(HasCriterion has)
    {
        var (source, parameter) = (has.SourceType, has.ReferenceParameter);
        Expression<Func<ResourceVersionRow, SearchReferenceRow, bool>> reference = (v, r) =>
            r.Parameter == parameter && r.TargetId == v.LogicalId && r.TargetType == v.ResourceType;
        Expression<Func<SearchReferenceRow, ResourceVersionRow, bool>> link = (r, s) =>
            s.Id == r.ResourceVersionId && s.ResourceType == source && s.IsCurrent && s.Method != Deleted;
        var (candidate, row) = (reference.Parameters[0], reference.Parameters[1]);
        var test = Expression.Lambda<Func<SearchReferenceRow, bool>>(Expression.AndAlso(reference.Body, Exists(link, For(has.Criterion), row)), row);
        var any = Expression.Call(QueryableAnyOf(typeof(SearchReferenceRow)), db.SearchReferences.AsNoTracking().Expression, Expression.Quote(test));
        return Expression.Lambda<Func<ResourceVersionRow, bool>>(any, candidate);
    }

    // versions.Any(t => link(outer, t) && criterion(t)), with outer left free for the enclosing lambda.
    private MethodCallExpression Exists<TOuter>(
        Expression<Func<TOuter, ResourceVersionRow, bool>> link, Expression<Func<ResourceVersionRow, bool>> criterion, ParameterExpression outer)
    {
        var inner = link.Parameters[1];
        var linkBody = new ParameterReplacer(link.Parameters[0], outer).Visit(link.Body);
        var criterionBody = new ParameterReplacer(criterion.Parameters[0], inner).Visit(criterion.Body);
        var predicate = Expression.Lambda<Func<ResourceVersionRow, bool>>(Expression.AndAlso(linkBody, criterionBody), inner);
        return Expression.Call(QueryableAny, _versions.Expression, Expression.Quote(predicate));
    }

    private static MethodInfo QueryableAnyOf(Type type) => QueryableAnyDefinition.MakeGenericMethod(type);

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

    private static Expression<Func<T, bool>> And<T>(IEnumerable<Expression<Func<T, bool>>> predicates) =>
        predicates.Aggregate((left, right) =>
            Expression.Lambda<Func<T, bool>>(Expression.AndAlso(left.Body, new ParameterReplacer(right.Parameters[0], left.Parameters[0]).Visit(right.Body)), left.Parameters));

    private static Expression<Func<T, bool>> Or<T>(IEnumerable<Expression<Func<T, bool>>> predicates) =>
        predicates.Aggregate((left, right) =>
        {
            var body = new ParameterReplacer(right.Parameters[0], left.Parameters[0]).Visit(right.Body);
            return Expression.Lambda<Func<T, bool>>(Expression.OrElse(left.Body, body), left.Parameters);
        });

}
