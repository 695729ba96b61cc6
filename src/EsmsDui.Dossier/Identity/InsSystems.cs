namespace EsmsDui.Dossier.Identity;

/// <summary>The identifier systems of the usager's identity (FR Core, TDDUI).</summary>
public static class InsSystems
{
    /// <summary>INS matricule NIR (also the billing NIR of the NSS slice, with type NH).</summary>
    public const string Nir = "urn:oid:1.2.250.1.213.1.4.8";

    /// <summary>INS NIA (temporary number).</summary>
    public const string Nia = "urn:oid:1.2.250.1.213.1.4.9";

    /// <summary>INS NIR of test identities.</summary>
    public const string NirTest = "urn:oid:1.2.250.1.213.1.4.10";

    /// <summary>INS NIR of demonstration identities.</summary>
    public const string NirDemo = "urn:oid:1.2.250.1.213.1.4.11";

    /// <summary>The usager's local identifier in an ESSMS (TDDUI): <c>3+FINESS/idLocal</c>.</summary>
    public const string LocalUsager = "https://identifiant-medicosocial-localusager.esante.gouv.fr";

    /// <summary>Every INS system.</summary>
    public static IReadOnlyList<string> All { get; } = [Nir, Nia, NirTest, NirDemo];

    /// <summary>The systems of test and demonstration identities, refused in production.</summary>
    public static IReadOnlyList<string> TestAndDemo { get; } = [NirTest, NirDemo];
}
