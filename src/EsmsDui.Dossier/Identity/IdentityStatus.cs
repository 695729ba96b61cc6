namespace EsmsDui.Dossier.Identity;

/// <summary>
/// The reliability of a usager's identity (référentiel national d'identitovigilance): provisoire, récupérée
/// (INS obtained from INSi, traits not checked on a document), validée (traits checked on a document), qualifiée
/// (both). Only a qualified identity may carry its INS outside the server.
/// </summary>
public enum IdentityStatus
{
    /// <summary>No status recorded.</summary>
    None,

    /// <summary>Identité provisoire (PROV, or VIDE of table 0445).</summary>
    Provisoire,

    /// <summary>Identité récupérée (RECUP).</summary>
    Recuperee,

    /// <summary>Identité validée (VALI of the RNIV statuses).</summary>
    Validee,

    /// <summary>Identité qualifiée (QUAL, or VALI of FR Core 2.1/2.2's table 0445 with an INS).</summary>
    Qualifiee,
}
