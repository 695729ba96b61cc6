using System.Diagnostics;
using System.Xml.Linq;

namespace EsmsDui.TestSupport;

/// <summary>
/// The ANS CDA validator of <c>../shared/cda-validation</c> (XSD, the CI-SIS structure-minimum schematron and the
/// volet's schematron, TestContenuCDA) run on documents the server made. Needs Saxon-HE and xmllint (Debian's
/// <c>libsaxonhe-java</c> and <c>libxml2-utils</c>, which <c>.ci/run</c> installs): a missing tool fails the test.
/// </summary>
public static class OfficialCdaValidator
{
    private static string Script => Path.Combine(RepositoryFolders.Shared, "cda-validation", "validate-cda");

    /// <summary>The errors the validator finds in <paramref name="cda"/> (empty when it passes).</summary>
    /// <param name="cda">The document.</param>
    /// <param name="volet">The volet to check against (<c>DLU-EHPAD-DLU_2022.01</c>), <c>none</c> for the structure minimum
    /// only, or null to let the validator find it from the templateId.</param>
    public static IReadOnlyList<string> Errors(XDocument cda, string? volet = null)
    {
        ArgumentNullException.ThrowIfNull(cda);
        using var stream = new MemoryStream();
        cda.Save(stream);
        return Errors(stream.ToArray(), volet);
    }

    /// <inheritdoc cref="Errors(XDocument, string?)"/>
    public static IReadOnlyList<string> Errors(byte[] cda, string? volet = null) => ErrorsOfEach([cda], volet)[0];

    /// <summary>The errors of each document, in one run of the validator (one JVM for all).</summary>
    /// <param name="documents">The documents.</param>
    /// <param name="volet">As for <see cref="Errors(XDocument, string?)"/>.</param>
    /// <param name="body">Also the generic body schematrons (IHE, CI-SIS content models), as ANS's own CI runs them.</param>
    public static IReadOnlyList<IReadOnlyList<string>> ErrorsOfEach(IReadOnlyList<byte[]> documents, string? volet = null, bool body = false)
    {
        ArgumentNullException.ThrowIfNull(documents);
        using var folder = new TemporaryFolder("esmsdui-cda-");
        Directory.CreateDirectory(folder.Path);
        var files = documents.Select((content, index) =>
        {
            var file = Path.Combine(folder.Path, $"document-{index:D3}.xml");
            File.WriteAllBytes(file, content);
            return file;
        }).ToList();
        var start = new ProcessStartInfo(Script) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (body)
        {
            start.ArgumentList.Add("--body");
        }

        if (volet is not null)
        {
            start.ArgumentList.Add("--volet");
            start.ArgumentList.Add(volet);
        }

        files.ForEach(start.ArgumentList.Add);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("validate-cda did not start");
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode is not (0 or 1))
        {
            throw new InvalidOperationException($"validate-cda could not run (exit {process.ExitCode}): {error.Result}{output}");
        }

        var lines = output.Split('\n');
        return [.. files.Select(file => (IReadOnlyList<string>)[.. lines.Where(l => l.StartsWith(file + ": error ", StringComparison.Ordinal)).Select(l => l[(file.Length + 2)..])])];
    }
}
