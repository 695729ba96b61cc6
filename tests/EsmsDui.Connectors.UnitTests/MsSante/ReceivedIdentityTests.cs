using EsmsDui.Connectors.MsSante.Inbox;

namespace EsmsDui.Connectors.UnitTests.MsSante;

/// <summary>Who a received document is about, from its XDS metadata when it is not a CDA.</summary>
public sealed class ReceivedIdentityTests
{
    [Fact]
    public void The_INS_is_read_with_the_traits_of_the_source_patient_info()
    {
        var entry = SampleDocuments.Submission(SampleDocuments.Cda()).Documents[1];

        var identity = ReceivedIdentity.OfMetadata(entry);

        Assert.Equal(new ReceivedIdentity(SampleDocuments.Ins, "1.2.250.1.213.1.4.8", "DUPONT", "Hélène", "F", new DateOnly(1979, 3, 5)), identity);
    }

    [Theory]
    [InlineData("PID-8|F")]
    [InlineData("PID-7|19790305")]
    [InlineData("PID-5|DUPONT^Hélène^^^^^L")]
    public void Without_one_of_the_traits_the_INS_is_not_taken(string missing)
    {
        var entry = SampleDocuments.Submission(SampleDocuments.Cda()).Documents[1];

        var identity = ReceivedIdentity.OfMetadata(entry with { SourcePatientInfo = [.. entry.SourcePatientInfo.Where(l => l != missing)] });

        Assert.Null(identity.Ins);
    }

    [Fact]
    public void A_local_patient_id_gives_no_INS()
    {
        var entry = SampleDocuments.Submission(SampleDocuments.Cda(qualified: false), qualified: false).Documents[1];

        Assert.Null(ReceivedIdentity.OfMetadata(entry).Ins);
        Assert.Equal("DUPONT", ReceivedIdentity.OfMetadata(entry).Family);
    }
}
