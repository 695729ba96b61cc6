using EsmsDui.Fhir.Primitives;
using EsmsDui.Fhir.Storage;

namespace EsmsDui.Fhir.Search;

/// <summary>One parameter of a search; its values are alternatives (comma = OR), criteria are combined with AND.</summary>
public abstract record SearchCriterion(string Parameter);

/// <summary><c>_id</c>.</summary>
public sealed record IdCriterion(IReadOnlyList<string> Ids) : SearchCriterion("_id");

/// <summary><c>_lastUpdated</c>.</summary>
public sealed record LastUpdatedCriterion(IReadOnlyList<DateValue> Values) : SearchCriterion("_lastUpdated");

/// <summary>A token parameter (<c>code</c>, <c>system|code</c>, <c>|code</c>, <c>system|</c>); <c>:not</c> negates.</summary>
public sealed record TokenCriterion(string Parameter, IReadOnlyList<TokenValue> Values, bool Not) : SearchCriterion(Parameter);

/// <summary>A uri parameter: exact match, or with <paramref name="Below"/> every uri that starts with a value.</summary>
public sealed record UriCriterion(string Parameter, IReadOnlyList<string> Values, bool Below = false) : SearchCriterion(Parameter);

/// <summary>A string parameter.</summary>
public sealed record StringCriterion(string Parameter, IReadOnlyList<string> Values, StringMatch Match) : SearchCriterion(Parameter);

/// <summary>A date parameter with prefixes.</summary>
public sealed record DateCriterion(string Parameter, IReadOnlyList<DateValue> Values) : SearchCriterion(Parameter)
{
    /// <summary>
    /// True when every value must hold for the same indexed value: repeated criteria on a parameter a resource
    /// has one value of (<c>birthdate=ge1950&amp;birthdate=lt1960</c>), merged so that one index range answers them.
    /// </summary>
    public bool AllOf { get; init; }
}

/// <summary>A reference parameter.</summary>
public sealed record ReferenceCriterion(string Parameter, IReadOnlyList<ReferenceEntry> Values) : SearchCriterion(Parameter);

/// <summary>A number parameter with prefixes.</summary>
public sealed record NumberCriterion(string Parameter, IReadOnlyList<NumberValue> Values) : SearchCriterion(Parameter);

/// <summary>A quantity parameter: <c>[prefix]number|system|code</c>.</summary>
public sealed record QuantityCriterion(string Parameter, IReadOnlyList<QuantityValue> Values) : SearchCriterion(Parameter);

/// <summary>
/// A quantity of a search. With a UCUM unit that converts, <see cref="Canonical"/> holds the comparison in
/// canonical units and <see cref="CanonicalCode"/> the unit; otherwise system and code (or unit) match as written.
/// </summary>
public sealed record QuantityValue(NumberValue Number, string? System, string? Code, string? CanonicalCode, NumberValue? Canonical);

/// <summary>
/// A chained parameter (<c>subject:Patient.name=x</c>): the reference must point to a current resource of one
/// of the target types that meets that type's criterion.
/// </summary>
public sealed record ChainCriterion(string Parameter, IReadOnlyList<ChainTarget> Targets) : SearchCriterion(Parameter);

/// <summary>One resource type a chain may reach, with the criterion on it.</summary>
public sealed record ChainTarget(string ResourceType, SearchCriterion Criterion);

/// <summary>
/// Reverse chaining (<c>_has:Observation:patient:code=x</c>): some current resource of <paramref name="SourceType"/>
/// refers to the match (of <paramref name="TargetType"/>) through <paramref name="ReferenceParameter"/> and meets
/// <paramref name="Criterion"/>.
/// </summary>
public sealed record HasCriterion(string SourceType, string ReferenceParameter, SearchCriterion Criterion, string TargetType) : SearchCriterion("_has");

/// <summary>
/// Membership of a compartment (<c>/Patient/123/Observation</c>): the resource refers to the compartment's owner
/// through one of its type's parameters, or is the owner itself.
/// </summary>
public sealed record CompartmentCriterion(string CompartmentType, string Id, IReadOnlyList<CompartmentMember> Members) : SearchCriterion("_compartment");

/// <summary>
/// Access limited to some usagers: a resource of the Patient compartment is visible only when it belongs to a usager
/// of one of <paramref name="Organizations"/> (ESMS) — a Patient whose managing organization is one of them, or who
/// has a séjour (Encounter) whose service provider is one of them — and, with a usager in context, to that usager.
/// Other types are not limited.
/// </summary>
/// <param name="Organizations">The ESMS (Organization ids), or null when not limited by establishment.</param>
/// <param name="Usager">The usager in context (Patient id, SMART <c>launch/patient</c>), or null.</param>
/// <param name="MemberTypes">The types of the Patient compartment (Patient included).</param>
/// <param name="MemberParameters">The reference parameters (index names) that link them to the Patient.</param>
/// <param name="ManagingParameter">Patient's managing-organization parameter (index name).</param>
/// <param name="ServiceProviderParameter">Encounter's service-provider parameter (index name).</param>
/// <param name="EncounterPatientParameters">Encounter's parameters naming the usager (index names).</param>
public sealed record EstablishmentCriterion(
    IReadOnlyList<string>? Organizations,
    string? Usager,
    IReadOnlyList<string> MemberTypes,
    IReadOnlyList<string> MemberParameters,
    string ManagingParameter,
    string ServiceProviderParameter,
    IReadOnlyList<string> EncounterPatientParameters) : SearchCriterion("_establishment");

/// <summary>A resource type of a compartment with the reference parameters (index names) that link it.</summary>
/// <param name="ResourceType">The member type.</param>
/// <param name="Parameters">Reference parameters pointing to the owner.</param>
/// <param name="IsOwnerType">True when the type is the compartment's own: the owner itself belongs.</param>
public sealed record CompartmentMember(string ResourceType, IReadOnlyList<string> Parameters, bool IsOwnerType);

/// <summary>
/// A composite parameter (<c>code-value-quantity=loinc|8480-6$gt100</c>): each alternative lists one criterion per
/// component, all to be met by the values of one element.
/// </summary>
public sealed record CompositeCriterion(string Parameter, IReadOnlyList<IReadOnlyList<SearchCriterion>> Values) : SearchCriterion(Parameter);

/// <summary><c>:missing=true|false</c> on any parameter.</summary>
public sealed record MissingCriterion(string Parameter, SearchIndexTable Table, bool Missing) : SearchCriterion(Parameter);

/// <summary>A token value; a null system with <see cref="AnySystem"/> false means "no system" (<c>|code</c>).</summary>
public sealed record TokenValue(string? System, string? Code, bool AnySystem);

/// <summary>A date value with its comparison prefix.</summary>
public sealed record DateValue(SearchPrefix Prefix, FhirDateRange Range);

/// <summary>How a string parameter matches.</summary>
public enum StringMatch
{
    /// <summary>Starts with, case- and accent-insensitive (the default).</summary>
    StartsWith,
    /// <summary><c>:exact</c>: the whole value, case and accents included.</summary>
    Exact,
    /// <summary><c>:contains</c>: anywhere, case- and accent-insensitive.</summary>
    Contains,
}

/// <summary>Comparison prefixes of FHIR search (dates, numbers, quantities).</summary>
public enum SearchPrefix
{
    /// <summary>eq</summary>
    Eq,
    /// <summary>ne</summary>
    Ne,
    /// <summary>gt</summary>
    Gt,
    /// <summary>lt</summary>
    Lt,
    /// <summary>ge</summary>
    Ge,
    /// <summary>le</summary>
    Le,
    /// <summary>sa</summary>
    Sa,
    /// <summary>eb</summary>
    Eb,
    /// <summary>ap</summary>
    Ap,
}

/// <summary>The index table a parameter's values live in.</summary>
public enum SearchIndexTable
{
    /// <summary>Tokens and uris.</summary>
    Tokens,
    /// <summary>Strings.</summary>
    Strings,
    /// <summary>Dates.</summary>
    Dates,
    /// <summary>References.</summary>
    References,
    /// <summary>Numbers.</summary>
    Numbers,
    /// <summary>Quantities.</summary>
    Quantities,
}

/// <summary>
/// <c>_contained=true|both</c>: resources that contain a <paramref name="ContainedType"/> meeting every one of
/// <paramref name="ContainedCriteria"/> (already on the contained index names; all met by the same contained
/// resource), and with <paramref name="AlsoContainers"/> also the <paramref name="ContainedType"/> resources
/// themselves meeting <paramref name="Criteria"/>.
/// </summary>
public sealed record ContainedCriterion(string ContainedType, IReadOnlyList<SearchCriterion> ContainedCriteria, IReadOnlyList<SearchCriterion> Criteria, bool AlsoContainers)
    : SearchCriterion("_contained");
