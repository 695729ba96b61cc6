using EsmsDui.Fhir.Requests;

namespace EsmsDui.Fhir.UnitTests.Requests;

public sealed class FhirTargetTests
{
    [Theory]
    [InlineData("", FhirTargetKind.System, "", "", "")]
    [InlineData("metadata", FhirTargetKind.Capabilities, "", "", "")]
    [InlineData("_history", FhirTargetKind.SystemHistory, "", "", "")]
    [InlineData("$reindex", FhirTargetKind.SystemOperation, "", "", "$reindex")]
    [InlineData("Patient", FhirTargetKind.Type, "Patient", "", "")]
    [InlineData("Patient/_search", FhirTargetKind.TypeSearch, "Patient", "", "")]
    [InlineData("Patient/_history", FhirTargetKind.TypeHistory, "Patient", "", "")]
    [InlineData("Patient/$duplicates", FhirTargetKind.TypeOperation, "Patient", "", "$duplicates")]
    [InlineData("Patient/1", FhirTargetKind.Instance, "Patient", "1", "")]
    [InlineData("Patient/1/$everything", FhirTargetKind.InstanceOperation, "Patient", "1", "$everything")]
    [InlineData("Patient/1/_history", FhirTargetKind.InstanceHistory, "Patient", "1", "")]
    [InlineData("Patient/1/_history/2", FhirTargetKind.InstanceVersion, "Patient", "1", "2")]
    [InlineData("Patient/1/Observation", FhirTargetKind.Compartment, "Patient", "1", "Observation")]
    [InlineData("Patient/_other", FhirTargetKind.None, "", "", "")]
    [InlineData("Patient/1/_history/2/x", FhirTargetKind.None, "", "", "")]
    public void A_path_is_parsed_into_what_it_names(string path, FhirTargetKind kind, string type, string id, string name)
    {
        Assert.Equal(new FhirTarget(kind, type, id, name), FhirTarget.Parse(path));
    }

    [Fact]
    public void A_request_parses_its_path_again_when_a_copy_changes_it()
    {
        var request = new FhirRequest { Method = "PUT", Path = "Patient", BaseUrl = "http://localhost/fhir" };
        Assert.Equal(FhirTargetKind.Type, request.Target.Kind);
        var resolved = request with { Path = "Patient/7" };
        Assert.Equal(new FhirTarget(FhirTargetKind.Instance, "Patient", "7"), resolved.Target);
    }
}
