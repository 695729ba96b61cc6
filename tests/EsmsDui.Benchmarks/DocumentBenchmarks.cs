using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using System.Xml.Linq;
using EsmsDui.Connectors.Dmp.Soap;
using EsmsDui.Connectors.Dmp.Vihf;
using EsmsDui.Connectors.Dmp.Xds;
using EsmsDui.Connectors.Documents;
using EsmsDui.Connectors.Documents.Cda;
using EsmsDui.Connectors.Documents.Cda.Dlu;
using EsmsDui.Connectors.Documents.Xdm;
using EsmsDui.Connectors.Documents.Xds;
using EsmsDui.TestSupport;

namespace EsmsDui.Benchmarks;

/// <summary>
/// What a DMP submission costs the server before the network (issue 17): a PDF wrapped in its CDA N1, the XDS
/// metadata, the checks made before anything leaves (XDS rules, CI-SIS header, size and SHA-1), the VIHF assertion
/// signed XML-DSig, and the SOAP/MTOM message serialised — documents per second for a 2 MB PDF on one thread, and the
/// bytes allocated and the growth of the peak working set for one 20 MB PDF.
/// </summary>
internal static class DocumentBenchmarks
{
    private static readonly Uri Endpoint = new("https://dmp.example/repository");

    public static async System.Threading.Tasks.Task RunAsync(int seconds)
    {
        using var folder = new TemporaryFolder("esmsdui-bench-documents-");
        Directory.CreateDirectory(folder.Path);
        using var certificates = new TestCertificates(folder.Path);
        var (certificate, _) = certificates.IssueStructureCertificate("EHPAD Les Tilleuls signature", signing: true);
        using var signing = certificate;

        await SubmitAsync(Pdf(64 * 1024), signing);
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        var peakBefore = Process.GetCurrentProcess().PeakWorkingSet64;
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var large = Pdf(20 * 1024 * 1024);
        var bytes = await SubmitAsync(large, signing);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        var peakGrowth = Process.GetCurrentProcess().PeakWorkingSet64 - peakBefore;
        Console.WriteLine($"20 MB PDF: message {bytes / 1048576.0:F1} MiB, allocated {allocated / 1048576.0:F0} MiB ({allocated / (double)large.Length:F1}× the PDF), peak working set +{peakGrowth / 1048576.0:F0} MiB");

        var pdf = Pdf(2 * 1024 * 1024);
        var watch = Stopwatch.StartNew();
        var count = 0;
        while (watch.Elapsed < TimeSpan.FromSeconds(seconds))
        {
            await SubmitAsync(pdf, signing);
            count++;
        }

        Console.WriteLine($"2 MB PDF: {count / watch.Elapsed.TotalSeconds:F1} documents built, checked, signed and serialised per second (one thread, {count} in {watch.Elapsed.TotalSeconds:F0} s)");

        watch.Restart();
        count = 0;
        while (watch.Elapsed < TimeSpan.FromSeconds(seconds))
        {
            var (dlu, uniqueId) = Dlu();
            await SubmitAsync(dlu, uniqueId, DluDocument.Type, DluDocument.Format, signing);
            count++;
        }

        Console.WriteLine($"DLU (every section, one PDF annexed): {count / watch.Elapsed.TotalSeconds:F1} documents built, checked, signed and serialised per second (one thread, {count} in {watch.Elapsed.TotalSeconds:F0} s)");
    }

    // The sample resident's DLU (structured volet DLU-EHPAD 2022.01) under a fresh uniqueId.
    private static (byte[] Cda, string UniqueId) Dlu()
    {
        var header = SampleDocuments.Request() with { UniqueId = "1.2.250.1.999.1.2." + Random.Shared.Next(1, int.MaxValue), Type = DluDocument.Type, Title = "Document de liaison d'urgence" };
        using var stream = new MemoryStream();
        DluDocument.Write(header, SampleDocuments.Dlu()).Save(stream);
        return (stream.ToArray(), header.UniqueId);
    }

    // A PDF in its CDA N1, submitted.
    private static Task<long> SubmitAsync(byte[] pdf, X509Certificate2 signing)
    {
        var request = SampleDocuments.Request() with { UniqueId = "1.2.250.1.999.1.2." + Random.Shared.Next(1, int.MaxValue) };
        using var stream = new MemoryStream();
        CdaN1Document.Write(request, pdf).Save(stream);
        return SubmitAsync(stream.ToArray(), request.UniqueId, request.Type, CdaN1Document.PdfFormat, signing);
    }

    // Everything DmpXdsClient.ProvideAndRegisterAsync does before the network; answers the message's size.
    private static async Task<long> SubmitAsync(byte[] cda, string uniqueId, XdsCode type, XdsCode format, X509Certificate2 signing)
    {
        var sample = SampleDocuments.Submission(cda);
        var submission = sample with { Documents = [sample.Documents[0] with { Type = type, Format = format, UniqueId = uniqueId }] };
        var entry = submission.Documents[0];
        (submission, var documents) = SubmissionSignature.Add(submission, new Dictionary<string, ReadOnlyMemory<byte>> { [entry.EntryUuid] = cda }, signing, DateTimeOffset.UtcNow);
        var metadata = EbRimWriter.Write(submission);
        var problems = XdsMetadataRules.Check(metadata).Count
            + (entry.Size == cda.Length && entry.Hash == XdmLayoutRules.Sha1(cda) ? 0 : 1)
            + CdaHeaderRules.Check(SafeXml.TryLoad(cda, out _)!).Count;
        if (problems > 0)
        {
            throw new InvalidOperationException("The benchmark's document breaks the rules.");
        }

        var now = DateTimeOffset.UtcNow;
        var vihf = new VihfContext(
            "1510000001", new XdsCode("SA17", "1.2.250.1.71.4.2.4", "Etablissement pour personnes âgées"), "810001234567", "MARTIN Claire",
            [new XdsCode("AUTOMATE", "1.2.250.1.213.1.1.4.6", "Automate")], submission.PatientId, "EsmsDui", "1.0", "bench");
        var (body, parts) = ProvideAndRegister.Write(metadata, documents);
        XDocument envelope = SoapEnvelope.Write(LocalDmp.Iti41Action, "urn:uuid:" + Guid.NewGuid(), Endpoint, VihfAssertion.Write(vihf, signing, now), body, now);
        using var content = MtomContent.Write(envelope, LocalDmp.Iti41Action, parts);
        var counter = new CountingStream();
        await content.CopyToAsync(counter);
        return counter.Length;
    }

    // A PDF header and trailer around incompressible bytes: the size of a scanned document.
    private static byte[] Pdf(int size)
    {
        var pdf = new byte[size];
        Random.Shared.NextBytes(pdf);
        "%PDF-1.4\n"u8.CopyTo(pdf);
        "\n%%EOF\n"u8.CopyTo(pdf.AsSpan(size - 7));
        return pdf;
    }

    private sealed class CountingStream : Stream
    {
        private long _length;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _length;

        public override long Position { get => _length; set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => _length += count;

        public override void Write(ReadOnlySpan<byte> buffer) => _length += buffer.Length;
    }
}
