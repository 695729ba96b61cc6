namespace EsmsDui.Connectors.Dmp.Vihf;

/// <summary>The names of the VIHF 4.0 attributes (SAML Attribute/@Name).</summary>
public static class VihfAttributes
{
    /// <summary>VIHF_Version.</summary>
    public const string Version = "VIHF_Version";

    /// <summary>The subject's name.</summary>
    public const string SubjectName = "urn:oasis:names:tc:xspa:1.0:subject:subject-id";

    /// <summary>The subject's roles (JDV_J65, TRE_R94…).</summary>
    public const string Role = "urn:oasis:names:tc:xacml:2.0:subject:role";

    /// <summary>The structure's national id.</summary>
    public const string StructureId = "Identifiant_Structure";

    /// <summary>The structure's sector (JDV_J61).</summary>
    public const string Sector = "Secteur_Activite";

    /// <summary>Why the DMP is accessed (normal).</summary>
    public const string PurposeOfUse = "urn:oasis:names:tc:xspa:1.0:subject:purposeofuse";

    /// <summary>The usager's INS.</summary>
    public const string ResourceId = "urn:oasis:names:tc:xacml:2.0:resource:resource-id";

    /// <summary>The resource asked (urn:dmp).</summary>
    public const string ResourceUrn = "Ressource_URN";

    /// <summary>How the subject was authenticated (INDIRECTE: by the LPS).</summary>
    public const string AuthenticationMode = "Authentification_Mode";

    /// <summary>The software's name.</summary>
    public const string LpsName = "LPS_Nom";

    /// <summary>The software's version.</summary>
    public const string LpsVersion = "LPS_Version";

    /// <summary>The software's DMP homologation id.</summary>
    public const string LpsHomologation = "LPS_ID_HOMOLOGATION_DMP";
}
