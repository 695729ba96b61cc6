using EsmsDui.Dossier.Identity;
using Hl7.Fhir.Model;

namespace EsmsDui.Dossier.UnitTests.Identity;

public class UsagerIdentityTests
{
    private const string Table0445 = "https://hl7.fr/ig/fhir/core/CodeSystem/fr-core-cs-v2-0445";
    private const string Rniv = "https://hl7.fr/ig/fhir/core/CodeSystem/fr-core-cs-identity-status";

    [Theory]
    [InlineData(Table0445, "VALI", true, IdentityStatus.Qualifiee)]
    [InlineData(Table0445, "VALI", false, IdentityStatus.Validee)]
    [InlineData(Table0445, "PROV", true, IdentityStatus.Provisoire)]
    [InlineData(Table0445, "VIDE", false, IdentityStatus.Provisoire)]
    [InlineData(Rniv, "QUAL", true, IdentityStatus.Qualifiee)]
    [InlineData(Rniv, "VALI", true, IdentityStatus.Validee)]
    [InlineData(Rniv, "RECUP", true, IdentityStatus.Recuperee)]
    [InlineData(Rniv, "PROV", false, IdentityStatus.Provisoire)]
    public void Status_reads_both_encodings(string system, string code, bool withIns, IdentityStatus expected) =>
        Assert.Equal(expected, UsagerIdentity.StatusOf(Usager(system, code, withIns)));

    [Fact]
    public void A_patient_without_reliability_extension_has_no_status() =>
        Assert.Equal(IdentityStatus.None, UsagerIdentity.StatusOf(new Patient()));

    [Fact]
    public void The_billing_NIR_typed_NH_is_not_an_INS()
    {
        var nss = new Identifier(InsSystems.Nir, "147720425367430") { Type = new CodeableConcept("http://terminology.hl7.org/CodeSystem/v2-0203", "NH") };
        Assert.False(UsagerIdentity.IsIns(nss));
        Assert.True(UsagerIdentity.IsIns(new Identifier(InsSystems.Nir, "147720425367430")));
    }

    [Theory]
    [InlineData(Rniv, "RECUP")]
    [InlineData(Rniv, "VALI")]
    [InlineData(Rniv, "PROV")]
    [InlineData(Table0445, "PROV")]
    public void An_identity_that_is_not_qualified_leaves_without_its_INS(string system, string code)
    {
        var patient = Usager(system, code, withIns: true);
        var disclosed = UsagerIdentity.ForDisclosure(patient);
        Assert.DoesNotContain(disclosed.Identifier, UsagerIdentity.IsIns);
        Assert.Contains(disclosed.Identifier, i => i.System == InsSystems.LocalUsager);
        Assert.Contains(patient.Identifier, UsagerIdentity.IsIns);
    }

    [Fact]
    public void A_qualified_identity_leaves_with_its_INS()
    {
        var patient = Usager(Rniv, "QUAL", withIns: true);
        Assert.Same(patient, UsagerIdentity.ForDisclosure(patient));
    }

    [Theory]
    [InlineData("DOUT", IdentityAttributes.Douteuse)]
    [InlineData("FICT", IdentityAttributes.Fictive)]
    [InlineData("HOMA", IdentityAttributes.None)]
    public void Attributes_are_read_from_the_reliability_extensions(string code, IdentityAttributes expected)
    {
        var patient = Usager(Rniv, "PROV", withIns: false);
        patient.Extension.Add(new Extension { Url = UsagerIdentity.ReliabilityExtension, Extension = [new Extension("identityStatus", new Coding(Table0445, code))] });
        Assert.Equal(expected, UsagerIdentity.AttributesOf(patient));
    }

    [Fact]
    public void A_qualified_identity_marked_douteuse_leaves_without_its_INS()
    {
        var patient = Usager(Rniv, "QUAL", withIns: true);
        patient.Extension[0].Extension.Add(new Extension("comment", new Coding(Table0445, "DOUT")));
        Assert.DoesNotContain(UsagerIdentity.ForDisclosure(patient).Identifier, UsagerIdentity.IsIns);
    }

    private static Patient Usager(string system, string code, bool withIns)
    {
        var patient = new Patient
        {
            Identifier = [new Identifier(InsSystems.LocalUsager, "3480787529/194704032")],
            Extension = [new Extension { Url = UsagerIdentity.ReliabilityExtension, Extension = [new Extension("identityStatus", new Coding(system, code))] }],
        };
        if (withIns)
        {
            patient.Identifier.Add(new Identifier(InsSystems.Nir, "147720425367430"));
        }

        return patient;
    }
}
