using EsmsDui.Fhir.Requests;

namespace EsmsDui.Fhir.UnitTests.Requests;

public sealed class FhirBaseTests
{
    [Theory]
    [InlineData("/fhir", "", "")]
    [InlineData("/fhir/", "", "")]
    [InlineData("/fhir/Patient/1", "", "Patient/1")]
    [InlineData("/FHIR/Patient", "", "Patient")]
    [InlineData("/fhir//Patient/", "", "Patient")]
    [InlineData("/t/ehpad-1/fhir/metadata", "ehpad-1", "metadata")]
    [InlineData("/T/ehpad-1/Fhir", "ehpad-1", "")]
    public void A_path_under_a_base_gives_its_tenant_and_the_path_below(string path, string tenant, string relative)
    {
        Assert.Equal((tenant, relative), FhirBase.Split(path));
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/fhirx/Patient")]
    [InlineData("/connect/token")]
    [InlineData("/t//fhir/Patient")]
    [InlineData("/t/ehpad-1/other")]
    public void A_path_under_no_base_is_not_split(string path)
    {
        Assert.Null(FhirBase.Split(path));
    }

    [Fact]
    public void The_base_of_a_tenant_is_under_t_and_the_default_tenant_is_fhir()
    {
        Assert.Equal("/fhir", FhirBase.PathOf(string.Empty));
        Assert.Equal("/t/ehpad-1/fhir", FhirBase.PathOf("ehpad-1"));
    }
}
