using EsmsDui.Fhir.Primitives;

namespace EsmsDui.Fhir.UnitTests.Primitives;

public sealed class FhirDateRangeTests
{
    [Theory]
    [InlineData("2024", "2024-01-01T00:00:00.0000000+00:00", "2024-12-31T23:59:59.9999999+00:00")]
    [InlineData("2024-02", "2024-02-01T00:00:00.0000000+00:00", "2024-02-29T23:59:59.9999999+00:00")]
    [InlineData("2024-03-05", "2024-03-05T00:00:00.0000000+00:00", "2024-03-05T23:59:59.9999999+00:00")]
    [InlineData("2024-03-05T10:30+01:00", "2024-03-05T09:30:00.0000000+00:00", "2024-03-05T09:30:59.9999999+00:00")]
    [InlineData("2024-03-05T10:30:15Z", "2024-03-05T10:30:15.0000000+00:00", "2024-03-05T10:30:15.9999999+00:00")]
    [InlineData("2024-03-05T10:30:15.12Z", "2024-03-05T10:30:15.1200000+00:00", "2024-03-05T10:30:15.1299999+00:00")]
    public void A_partial_date_stands_for_the_whole_period_it_names(string text, string start, string end)
    {
        Assert.True(FhirDateRange.TryParse(text, out var range));
        Assert.Equal(DateTimeOffset.Parse(start, System.Globalization.CultureInfo.InvariantCulture), range.Start);
        Assert.Equal(DateTimeOffset.Parse(end, System.Globalization.CultureInfo.InvariantCulture), range.End);
    }

    [Theory]
    [InlineData("")]
    [InlineData("yesterday")]
    [InlineData("2024-13")]
    [InlineData("2024-02-30")]
    [InlineData("24-01-01")]
    [InlineData("2024-01-01T25:00Z")]
    [InlineData(null)]
    public void Text_that_is_not_a_fhir_date_is_refused(string? text) =>
        Assert.False(FhirDateRange.TryParse(text, out _));
}
