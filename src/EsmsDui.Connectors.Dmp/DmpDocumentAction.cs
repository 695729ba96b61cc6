namespace EsmsDui.Connectors.Dmp;

/// <summary>What the structure may do to a document it put in a DMP (the DMP's TD3.3, IHE ITI-57).</summary>
public enum DmpDocumentAction
{
    /// <summary>Mask it from the other professionals (confidentialityCode MASQUE_PS).</summary>
    MaskFromProfessionals,

    /// <summary>Hide it from the usager (INVISIBLE_PATIENT).</summary>
    HideFromUsager,

    /// <summary>Hide it from the usager's legal representatives (INVISIBLE_REP_LEGAUX).</summary>
    HideFromLegalRepresentatives,

    /// <summary>Archive it (availability status Archived).</summary>
    Archive,

    /// <summary>Delete it (availability status Deleted).</summary>
    Delete,
}
