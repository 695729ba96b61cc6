using EsmsDui.Fhir.Errors;
using EsmsDui.Fhir.Requests;
using EsmsDui.Fhir.Search;
using EsmsDui.Fhir.Settings;
using Microsoft.Extensions.Options;

namespace EsmsDui.Fhir.UnitTests.Search;

public sealed class SearchQueryParserTests
{
    private readonly SearchQueryParser _parser = new(new SearchParameterRegistry(), NoPackages.Terminology, Options.Create(new FhirEngineOptions()));

    private SearchQuery Parse(string query, bool strict = false) =>
        _parser.Parse("Patient", QueryStringParser.Parse(query), strict);

    [Fact]
    public void Comma_separated_values_are_alternatives_and_escaped_commas_are_kept()
    {
        var criterion = Assert.IsType<TokenCriterion>(Assert.Single(Parse(@"identifier=a|1,b\,c|2").Criteria));
        Assert.Equal([new TokenValue("a", "1", false), new TokenValue("b,c", "2", false)], criterion.Values);
    }

    [Fact]
    public void Token_forms_distinguish_any_system_no_system_and_system_only()
    {
        var values = Assert.IsType<TokenCriterion>(Assert.Single(Parse("identifier=x,|y,s|").Criteria)).Values;
        Assert.Equal([new TokenValue(null, "x", true), new TokenValue(null, "y", false), new TokenValue("s", null, false)], values);
    }

    [Fact]
    public void Range_on_a_single_valued_date_becomes_one_criterion_that_all_values_must_meet()
    {
        var range = Assert.IsType<DateCriterion>(Assert.Single(Parse("birthdate=ge1940&birthdate=lt1960").Criteria));
        Assert.True(range.AllOf);
        Assert.Equal([SearchPrefix.Ge, SearchPrefix.Lt], range.Values.Select(v => v.Prefix));
    }

    [Theory]
    [InlineData("Patient", "death-date", 1)]
    [InlineData("Encounter", "date", 1)]
    [InlineData("Observation", "date", 1)]
    [InlineData("Goal", "target-date", 2)]
    [InlineData("Patient", "_lastUpdated", 2)]
    public void Ranges_merge_only_on_single_valued_dates(string type, string parameter, int criteria)
    {
        var query = _parser.Parse(type, QueryStringParser.Parse($"{parameter}=ge2020&{parameter}=lt2021"), strict: false);
        Assert.Equal(criteria, query.Criteria.Count);
    }

    [Fact]
    public void Date_prefixes_are_read()
    {
        var values = Assert.IsType<DateCriterion>(Assert.Single(Parse("birthdate=ge1940,lt1950-06").Criteria)).Values;
        Assert.Equal([SearchPrefix.Ge, SearchPrefix.Lt], values.Select(v => v.Prefix));
    }

    [Fact]
    public void String_values_are_folded_unless_exact()
    {
        Assert.Equal(["helene"], Assert.IsType<StringCriterion>(Assert.Single(Parse("name=Hélène").Criteria)).Values);
        Assert.Equal(["Hélène"], Assert.IsType<StringCriterion>(Assert.Single(Parse("name:exact=Hélène").Criteria)).Values);
    }

    [Fact]
    public void Unknown_parameters_are_ignored_when_lenient_and_refused_when_strict()
    {
        Assert.Equal(["shoe-size"], Parse("shoe-size=42").Ignored);
        Assert.Equal(FhirErrorKind.Invalid, Assert.Throws<FhirException>(() => Parse("shoe-size=42", strict: true)).Kind);
    }

    [Theory]
    [InlineData("name:text=x")]
    [InlineData("organization.shoe-size=x")]
    [InlineData("_has:Observation:patient=x")]
    [InlineData("birthdate=zz2020")]
    [InlineData("_count=-1")]
    public void Unsupported_or_malformed_parameters_are_refused_even_when_lenient(string query) =>
        Assert.Throws<FhirException>(() => Parse(query));

    [Fact]
    public void Result_parameters_select_nothing()
    {
        var query = Parse("_count=5&_total=none&_format=json");
        Assert.Empty(query.Criteria);
        Assert.Equal(5, query.Count);
        Assert.False(query.IncludeTotal);
    }
}
