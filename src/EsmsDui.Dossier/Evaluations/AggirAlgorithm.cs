using EsmsDui.Fhir.Errors;
using Hl7.Fhir.Model;

namespace EsmsDui.Dossier.Evaluations;

/// <summary>
/// The official algorithm of the AGGIR grid (annexe 2-2 du code de l'action sociale et des familles, first
/// annexe II of décret n° 97-427 du 28 avril 1997): the modalities of the ten discriminating variables give a rank
/// (1 to 13) by testing the groups A to H in turn, and the rank gives the GIR (1 to 6). Only the first eight
/// variables carry values; déplacements à l'extérieur and communication weigh 0 in every group.
/// </summary>
public static class AggirAlgorithm
{
    // Per group: the value of modality C and of modality B for cohérence, orientation, toilette, habillage,
    // alimentation, élimination, transferts, déplacements à l'intérieur; then the thresholds, highest first,
    // each with the rank it gives (a sum below the last one tests the next group).
    private static readonly Group[] Groups =
    [
        new([2000, 1200, 40, 40, 60, 100, 800, 200], [0, 0, 16, 16, 20, 16, 120, 32], [(4380, 1), (4140, 2), (3390, 3)]),
        new([1500, 1200, 40, 40, 60, 100, 800, -80], [320, 120, 16, 16, 0, 16, 120, -40], [(2016, 4)]),
        new([0, 0, 40, 40, 60, 160, 1000, 400], [0, 0, 16, 16, 20, 20, 200, 40], [(1700, 5), (1432, 6)]),
        new([0, 0, 0, 0, 2000, 400, 2000, 200], [0, 0, 0, 0, 200, 200, 200, 0], [(2400, 7)]),
        new([400, 400, 400, 400, 400, 800, 800, 200], [0, 0, 100, 100, 100, 100, 100, 0], [(1200, 8)]),
        new([200, 200, 500, 500, 500, 500, 500, 200], [100, 100, 100, 100, 100, 100, 100, 0], [(800, 9)]),
        new([150, 150, 300, 300, 500, 500, 400, 200], [0, 0, 200, 200, 200, 200, 200, 100], [(650, 10)]),
        new([0, 0, 3000, 3000, 3000, 3000, 1000, 1000], [0, 0, 2000, 2000, 2000, 2000, 2000, 1000], [(4000, 11), (2000, 12), (int.MinValue, 13)]),
    ];

    /// <summary>The rank (1 to 13) of a person's modalities; every discriminating variable must be given.</summary>
    public static int Rank(IReadOnlyDictionary<AggirVariable, AggirModality> modalities)
    {
        ArgumentNullException.ThrowIfNull(modalities);
        var missing = Enum.GetValues<AggirVariable>().Where(v => !modalities.ContainsKey(v)).ToList();
        if (missing.Count > 0)
        {
            throw new FhirException(FhirErrorKind.Unprocessable, $"The GIR needs the modality of every discriminating variable; missing: {string.Join(", ", missing)}.", OperationOutcome.IssueType.Required);
        }

        foreach (var group in Groups)
        {
            var sum = group.Sum(modalities);
            foreach (var (threshold, rank) in group.Thresholds)
            {
                if (sum >= threshold)
                {
                    return rank;
                }
            }
        }

        throw new InvalidOperationException("Group H ranks every sum.");
    }

    /// <summary>The GIR (1 to 6) of a person's modalities.</summary>
    public static int Gir(IReadOnlyDictionary<AggirVariable, AggirModality> modalities) => Rank(modalities) switch
    {
        1 => 1,
        <= 7 => 2,
        <= 9 => 3,
        <= 11 => 4,
        12 => 5,
        _ => 6,
    };

    private sealed record Group(int[] ValuesC, int[] ValuesB, (int Threshold, int Rank)[] Thresholds)
    {
        public int Sum(IReadOnlyDictionary<AggirVariable, AggirModality> modalities) =>
            Enumerable.Range(0, ValuesC.Length).Sum(i => modalities[(AggirVariable)i] switch
            {
                AggirModality.C => ValuesC[i],
                AggirModality.B => ValuesB[i],
                _ => 0,
            });
    }
}
