using System.IO.Compression;
using EsmsDui.Connectors.Documents;
using EsmsDui.Connectors.Documents.Xdm;

namespace EsmsDui.Connectors.UnitTests.Xdm;

/// <summary>IHE_XDM.ZIP as IHE ITI-32 lays it out, written and read back, and what is refused on arrival.</summary>
public sealed class XdmPackageTests
{
    [Fact]
    public void A_written_medium_has_the_ITI_32_layout_and_reads_back_the_same_metadata()
    {
        var cda = SampleDocuments.Cda();
        var submission = SampleDocuments.Submission(cda);

        var zip = XdmPackage.Write(submission, [cda, SampleDocuments.Pdf], "EHPAD Les Tilleuls");
        var files = XdmPackage.Unpack(new MemoryStream(zip));
        var read = Assert.Single(XdmPackage.Read(new MemoryStream(zip)));

        Assert.Equal(["IHE_XDM/SUBSET01/DOC0001.XML", "IHE_XDM/SUBSET01/DOC0002.PDF", "IHE_XDM/SUBSET01/METADATA.XML", "INDEX.HTM", "README.TXT"], files.Keys.Order(StringComparer.Ordinal));
        Assert.Empty(XdmLayoutRules.Check(files));
        Assert.Equal("IHE_XDM/SUBSET01/", read.Folder);
        Assert.Equal(submission.UniqueId, read.Submission.UniqueId);
        Assert.Equal(submission.PatientId, read.Submission.PatientId);
        Assert.Equal(submission.SubmissionTime, read.Submission.SubmissionTime);
        Assert.Equal(submission.IntendedRecipients, read.Submission.IntendedRecipients);
        Assert.Equal(submission.Documents.Select(d => (d.UniqueId, d.Uri, d.Hash, d.Size, d.Type, d.Class, d.Format)), read.Submission.Documents.Select(d => (d.UniqueId, d.Uri, d.Hash, d.Size, d.Type, d.Class, d.Format)));
        Assert.Equal(cda, read.Documents["DOC0001.XML"]);
        Assert.Contains("DOC0001.XML", System.Text.Encoding.UTF8.GetString(files["INDEX.HTM"]), StringComparison.Ordinal);
    }

    [Fact]
    public void Bytes_that_are_not_a_zip_are_refused_with_the_reason()
    {
        var error = Assert.Throws<DocumentFormatException>(() => XdmPackage.Read(new MemoryStream("PK\u0003\u0004 not really a zip"u8.ToArray())));

        Assert.Contains("not a readable zip", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_truncated_zip_is_refused()
    {
        var zip = SampleDocuments.Medium();

        Assert.Throws<DocumentFormatException>(() => XdmPackage.Read(new MemoryStream(zip[..(zip.Length / 2)])));
    }

    public static TheoryData<string, string> Damages => new()
    {
        { "no README", "README.TXT missing" },
        { "no INDEX", "INDEX.HTM missing" },
        { "no metadata", "no IHE_XDM/SUBSETnn/METADATA.XML" },
        { "document changed", "its SHA-1 is not the metadata's hash" },
        { "document missing", "which is not a file of the subset" },
        { "escaping path", "unsafe path" },
        { "metadata not XML", "METADATA.XML is not XML" },
    };

    [Theory]
    [MemberData(nameof(Damages))]
    public void A_medium_that_breaks_the_layout_is_refused_naming_what(string damage, string reason)
    {
        var files = new Dictionary<string, byte[]>(XdmPackage.Unpack(new MemoryStream(SampleDocuments.Medium())));
        switch (damage)
        {
            case "no README": files.Remove("README.TXT"); break;
            case "no INDEX": files.Remove("INDEX.HTM"); break;
            case "no metadata": files.Remove("IHE_XDM/SUBSET01/METADATA.XML"); break;
            case "document changed": files["IHE_XDM/SUBSET01/DOC0002.PDF"] = [.. files["IHE_XDM/SUBSET01/DOC0002.PDF"].Reverse()]; break;
            case "document missing": files.Remove("IHE_XDM/SUBSET01/DOC0001.XML"); break;
            case "escaping path": files["IHE_XDM/SUBSET01/../../etc/passwd"] = [1]; break;
            case "metadata not XML": files["IHE_XDM/SUBSET01/METADATA.XML"] = "<lcm:Submit"u8.ToArray(); break;
        }

        var error = Assert.Throws<DocumentFormatException>(() => XdmPackage.Read(new MemoryStream(Zip(files))));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Metadata_with_an_external_entity_is_not_resolved()
    {
        var files = new Dictionary<string, byte[]>(XdmPackage.Unpack(new MemoryStream(SampleDocuments.Medium())))
        {
            ["IHE_XDM/SUBSET01/METADATA.XML"] = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>"u8.ToArray(),
        };

        var error = Assert.Throws<DocumentFormatException>(() => XdmPackage.Read(new MemoryStream(Zip(files))));

        Assert.Contains("METADATA.XML is not XML", error.Message, StringComparison.Ordinal);
    }

    private static byte[] Zip(IReadOnlyDictionary<string, byte[]> files)
    {
        using var stream = new MemoryStream();
        using (var archive = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (path, content) in files)
            {
                using var entry = archive.CreateEntry(path).Open();
                entry.Write(content);
            }
        }

        return stream.ToArray();
    }
}
