using System.Collections.Frozen;
using EsmsDui.Connectors.Documents.Xds;

namespace EsmsDui.Connectors.Documents.Cda.Vocabulary;

/// <summary>
/// JDV_J01_XdsAuthorSpecialty_CISIS: the codes an author, legal authenticator or performer of a CI-SIS document (and
/// an XDS authorSpecialty) may carry. Embedded from the ANS value set the structure-minimum schematron checks, since
/// no FHIR package available here holds it.
/// </summary>
public static class AuthorSpecialties
{
    /// <summary>OID of the value set.</summary>
    public const string ValueSetOid = "1.2.250.1.213.1.1.5.461";

    /// <summary>TRE_G15 professions and their specialties (<c>G15_60</c>, <c>G15_10/SM26</c>…).</summary>
    public const string ProfessionSavoirFaireSystem = "1.2.250.1.213.1.1.4.5";

    private static readonly FrozenDictionary<string, XdsCode> Codes = Load();

    /// <summary>The value set's concept for <paramref name="code"/>, or null when it has none.</summary>
    public static XdsCode? Find(string code) => Codes.GetValueOrDefault(code);

    /// <summary>Whether <paramref name="code"/> in <paramref name="codeSystem"/> is in the value set.</summary>
    public static bool Contains(string? code, string? codeSystem) =>
        code is not null && Codes.TryGetValue(code, out var concept) && (codeSystem is null || concept.Scheme == codeSystem);

    /// <summary>
    /// The J01 concept of a profession as the RPPS codes it (TRE_G15 <c>60</c>, or already <c>G15_60</c>), with a
    /// TRE_R38 specialty when one is given and known (<c>G15_10/SM26</c>); null when J01 has no such concept.
    /// </summary>
    public static XdsCode? OfProfession(string profession, string? specialty = null)
    {
        ArgumentNullException.ThrowIfNull(profession);
        var code = profession.StartsWith("G15_", StringComparison.Ordinal) ? profession : "G15_" + profession;
        return (specialty is { Length: > 0 } ? Find(code + "/" + specialty) : null) ?? Find(code);
    }

    private static FrozenDictionary<string, XdsCode> Load()
    {
        using var stream = typeof(AuthorSpecialties).Assembly.GetManifestResourceStream("EsmsDui.Connectors.Documents.Cda.Vocabulary.JDV_J01-XdsAuthorSpecialty-CISIS.tsv")
            ?? throw new InvalidOperationException("The embedded JDV_J01 value set is missing from the assembly.");
        using var reader = new StreamReader(stream);
        var codes = new Dictionary<string, XdsCode>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.StartsWith('#') || line.Length == 0)
            {
                continue;
            }

            var fields = line.Split('\t');
            codes[fields[0]] = new XdsCode(fields[0], fields[1], fields[2]);
        }

        return codes.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
