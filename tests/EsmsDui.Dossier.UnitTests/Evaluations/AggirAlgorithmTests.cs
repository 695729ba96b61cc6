using EsmsDui.Dossier.Evaluations;
using EsmsDui.Fhir.Errors;
using static EsmsDui.Dossier.Evaluations.AggirModality;
using static EsmsDui.Dossier.Evaluations.AggirVariable;

namespace EsmsDui.Dossier.UnitTests.Evaluations;

/// <summary>Cases worked by hand from the tables of annexe 2-2 du CASF (the sums are in each row's comment).</summary>
public sealed class AggirAlgorithmTests
{
    public static TheoryData<string, int, int> Cases => new()
    {
        // Everything A: every group sums to 0, group H gives rank 13.
        { "", 13, 6 },
        // Everything C: group A 2000+1200+40+40+60+100+800+200 = 4440 ≥ 4380.
        { "Coherence=C Orientation=C Toilette=C Habillage=C Alimentation=C Elimination=C Transferts=C DeplacementsInterieur=C DeplacementsExterieur=C Communication=C", 1, 1 },
        // Group A 2000+1200+800+40+40+60 = 4140: rank 2.
        { "Coherence=C Orientation=C Transferts=C Toilette=C Habillage=C Alimentation=C", 2, 2 },
        // Group A 2000+1200+120+40+40 = 3400 ≥ 3390: rank 3.
        { "Coherence=C Orientation=C Transferts=B Toilette=C Habillage=C", 3, 2 },
        // Group A 3200 < 3390; group B 1500+1200 = 2700 ≥ 2016: rank 4.
        { "Coherence=C Orientation=C", 4, 2 },
        // A 1240, B 960; group C 1000+400+160+60+40+40 = 1700: rank 5.
        { "Transferts=C DeplacementsInterieur=C Elimination=C Alimentation=C Toilette=C Habillage=C", 5, 2 },
        // A 1040, B 760; group C 1000+400+40 = 1440 ≥ 1432: rank 6.
        { "Transferts=C DeplacementsInterieur=C Toilette=C", 6, 2 },
        // A 800+200+... : group D 2000+400 = 2400: rank 7.
        { "Alimentation=C Elimination=C", 7, 2 },
        // A 140, B 140, C 140, D 2000 < 2400; group E 400×3 = 1200: rank 8.
        { "Toilette=C Habillage=C Alimentation=C", 8, 3 },
        // D 600, E 1100 < 1200; group F 500+500+100+100+100 = 1300 ≥ 800: rank 9.
        { "Toilette=C Habillage=C Elimination=B Transferts=B Alimentation=B", 9, 3 },
        // F 400 < 800; group G 200×4 = 800 ≥ 650: rank 10.
        { "Toilette=B Habillage=B Alimentation=B Elimination=B", 10, 4 },
        // G 400 < 650; group H 2000+2000 = 4000: rank 11.
        { "Toilette=B Habillage=B", 11, 4 },
        // G 400+200 = 600 < 650; group H 1000+1000 = 2000: rank 12.
        { "Transferts=C DeplacementsInterieur=C", 12, 5 },
        // The two last variables weigh nothing: still rank 13.
        { "DeplacementsExterieur=C Communication=C", 13, 6 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Modalities_give_the_rank_and_GIR_of_the_official_tables(string notA, int rank, int gir)
    {
        var modalities = Enum.GetValues<AggirVariable>().ToDictionary(v => v, _ => A);
        foreach (var pair in notA.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=')))
        {
            modalities[Enum.Parse<AggirVariable>(pair[0])] = Enum.Parse<AggirModality>(pair[1]);
        }

        Assert.Equal(rank, AggirAlgorithm.Rank(modalities));
        Assert.Equal(gir, AggirAlgorithm.Gir(modalities));
    }

    [Fact]
    public void A_missing_discriminating_variable_is_refused_with_its_name()
    {
        var modalities = new Dictionary<AggirVariable, AggirModality> { [Coherence] = C, [Orientation] = B };

        var error = Assert.Throws<FhirException>(() => AggirAlgorithm.Gir(modalities));

        Assert.Equal(FhirErrorKind.Unprocessable, error.Kind);
        Assert.Contains("Toilette", error.Message, StringComparison.Ordinal);
    }
}
