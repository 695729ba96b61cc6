namespace EsmsDui.Dossier.Identity;

/// <summary>
/// The identity attributes of the RNIV that bear on the status: an identity douteuse or fictive stays provisoire,
/// and is one or the other, not both.
/// </summary>
[Flags]
public enum IdentityAttributes
{
    /// <summary>Neither attribute.</summary>
    None = 0,

    /// <summary>Identité douteuse (DOUT): the traits may not be the person's.</summary>
    Douteuse = 1,

    /// <summary>Identité fictive (FICT): traits made up on purpose (e.g. a humanitarian or confidential stay).</summary>
    Fictive = 2,
}
