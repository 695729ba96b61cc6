namespace EsmsDui.Dossier.Evaluations;

/// <summary>
/// The modality of a variable observed in parts (toilette haut/bas, habillage haut/moyen/bas, alimentation se
/// servir/manger, élimination urinaire/fécale), by the combination rules of the guide de remplissage (annexe 2-1
/// du CASF, version of décret n° 2008-821).
/// </summary>
public static class AggirCombination
{
    /// <summary>The variable's modality from the modalities of its parts (one part: that modality).</summary>
    public static AggirModality Combine(AggirVariable variable, IReadOnlyList<AggirModality> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Count == 0)
        {
            throw new ArgumentException("A variable has at least one part.", nameof(parts));
        }

        if (parts.All(p => p == AggirModality.A))
        {
            return AggirModality.A;
        }

        if (parts.All(p => p == AggirModality.C))
        {
            return AggirModality.C;
        }

        var hasC = parts.Contains(AggirModality.C);
        return variable switch
        {
            // Élimination: a C with anything but CC already handled (AC, CA, BC, CB) is C.
            AggirVariable.Elimination when hasC => AggirModality.C,

            // Alimentation: BC and CB are C; AC and CA stay B.
            AggirVariable.Alimentation when hasC && parts.Contains(AggirModality.B) => AggirModality.C,
            _ => AggirModality.B,
        };
    }

    /// <summary>
    /// The modality from the four adverbs of the 2008 guide (spontanément, totalement, correctement,
    /// habituellement): all done → A, none → C, otherwise B.
    /// </summary>
    public static AggirModality FromAdverbs(bool spontaneously, bool totally, bool correctly, bool habitually)
    {
        var done = new[] { spontaneously, totally, correctly, habitually }.Count(x => x);
        return done switch
        {
            4 => AggirModality.A,
            0 => AggirModality.C,
            _ => AggirModality.B,
        };
    }
}
