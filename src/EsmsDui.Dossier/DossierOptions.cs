namespace EsmsDui.Dossier;

/// <summary>Settings of the DUI rules (section <c>Dossier</c>).</summary>
public sealed class DossierOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Dossier";

    /// <summary>Identity rules.</summary>
    public IdentityOptions Identity { get; set; } = new();
}

/// <summary>Settings of the identity rules (<c>Dossier:Identity</c>).</summary>
public sealed class IdentityOptions
{
    /// <summary>True on test servers only: accept the INS of test and demonstration identities (OIDs …1.4.10 and …1.4.11).</summary>
    public bool AllowTestIns { get; set; }

    /// <summary>
    /// False to accept an INS matricule whose key is wrong (reported, not refused), e.g. to load the published TDDUI
    /// 2.2.0 examples, whose fictitious INS has a wrong key.
    /// </summary>
    public bool EnforceInsKey { get; set; } = true;
}
