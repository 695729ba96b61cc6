using EsmsDui.Fhir.Primitives;
using Hl7.Fhir.Model;

namespace EsmsDui.Fhir.UnitTests.Primitives;

public sealed class ResourceReferencesTests
{
    private static Observation Observation() => new()
    {
        Subject = new ResourceReference("Patient/1"),
        Performer = [new ResourceReference("Practitioner/2"), new ResourceReference("#org")],
        Component = [new Observation.ComponentComponent { Value = new CodeableConcept("http://loinc.org", "1") }],
        Contained = [new Organization { Id = "org", PartOf = new ResourceReference("Patient/9") }],
        Note = [new Annotation { Author = new ResourceReference("RelatedPerson/3") }],
    };

    [Fact]
    public void Every_reference_is_found_at_any_depth_in_document_order_contained_resources_included()
    {
        Assert.Equal(["Patient/9", "Patient/1", "Practitioner/2", "#org", "RelatedPerson/3"], ResourceReferences.Of(Observation()).Select(r => r.Reference));
    }

    [Fact]
    public void The_references_of_contained_resources_can_be_left_out()
    {
        Assert.DoesNotContain("Patient/9", ResourceReferences.Of(Observation(), intoContained: false).Select(r => r.Reference));
    }

    [Theory]
    [InlineData("Patient/1", "Patient", "1")]
    [InlineData("Patient/1/_history/2", "Patient", "1")]
    [InlineData("http://example.org/fhir/Patient/1", null, null)]
    [InlineData("#org", null, null)]
    [InlineData("Unknown/1", null, null)]
    [InlineData("Patient/1/x/2", null, null)]
    public void A_relative_reference_names_its_type_and_id(string reference, string? type, string? id)
    {
        Assert.Equal(type is null ? null : (type, id!), ResourceReferences.Target(reference));
    }
}
