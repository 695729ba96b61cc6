namespace EsmsDui.Dossier.Identity.Insi;

/// <summary>What INSi answered: its result code (00 one identity, 01 none, 02 several) and, for 00, the INS and its traits.</summary>
/// <param name="Code">CodeCR.</param>
/// <param name="Label">LibelleCR.</param>
/// <param name="Identity">The identity found (code 00), else null.</param>
/// <param name="MessageId">The WS-Addressing MessageID of the request that got this answer (kept in the Provenance).</param>
public sealed record InsiAnswer(string Code, string Label, InsiIdentity? Identity, string MessageId)
{
    /// <summary>One identity found.</summary>
    public const string Found = "00";

    /// <summary>No identity found.</summary>
    public const string NotFound = "01";

    /// <summary>Several identities found.</summary>
    public const string Several = "02";
}

/// <summary>The INS (matricule with its key, and the OID of its authority) and the INS traits of the national registers.</summary>
/// <param name="Matricule">NIR or NIA, 15 characters (13 and the key).</param>
/// <param name="Oid">The assigning authority: 1.2.250.1.213.1.4.8 (NIR) or …4.9 (NIA), or the test ones.</param>
/// <param name="BirthName">Nom de naissance.</param>
/// <param name="FirstNames">Liste des prénoms de naissance, space-separated.</param>
/// <param name="Sex">F or M.</param>
/// <param name="BirthDate">YYYY-MM-DD.</param>
/// <param name="BirthPlace">Code officiel géographique of the place of birth.</param>
public sealed record InsiIdentity(string Matricule, string Oid, string BirthName, string FirstNames, string Sex, string BirthDate, string? BirthPlace);
