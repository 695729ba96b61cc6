namespace EsmsDui.Dossier.Evaluations;

/// <summary>The ten discriminating variables of the AGGIR grid (annexe 2-1 du CASF), in the order of the grid.</summary>
public enum AggirVariable
{
    /// <summary>Cohérence.</summary>
    Coherence,

    /// <summary>Orientation.</summary>
    Orientation,

    /// <summary>Toilette.</summary>
    Toilette,

    /// <summary>Habillage.</summary>
    Habillage,

    /// <summary>Alimentation.</summary>
    Alimentation,

    /// <summary>Élimination.</summary>
    Elimination,

    /// <summary>Transferts.</summary>
    Transferts,

    /// <summary>Déplacements à l'intérieur.</summary>
    DeplacementsInterieur,

    /// <summary>Déplacements à l'extérieur.</summary>
    DeplacementsExterieur,

    /// <summary>Communication à distance.</summary>
    Communication,
}

/// <summary>The modality of a variable: A does alone, B does partly, C does not do.</summary>
public enum AggirModality
{
    /// <summary>Fait seul, totalement, habituellement et correctement.</summary>
    A,

    /// <summary>Fait partiellement, ou non habituellement, ou non correctement.</summary>
    B,

    /// <summary>Ne fait pas.</summary>
    C,
}
