using Hl7.Fhir.Model;

namespace EsmsDui.Dossier.Evaluations;

/// <summary>The codes of computed evaluation results.</summary>
public static class EvaluationCodes
{
    /// <summary>The project's code system for what the national terminologies do not code (the computed GIR, its rank, the variables).</summary>
    public const string System = "https://esmsdui.org/fhir/CodeSystem/evaluation";

    /// <summary>The code of the GIR observation.</summary>
    public const string Gir = "gir";

    /// <summary>The code of the rank component (1 to 13).</summary>
    public const string Rank = "aggir-rang";

    /// <summary>The CI-SIS terminology, whose MED-339 … MED-344 are GIR-1 … GIR-6 (the TDDUI AGGIR answers).</summary>
    public const string Cisis = "https://smt.esante.gouv.fr/fhir/CodeSystem/terminologie-cisis";

    /// <summary>GIR <paramref name="gir"/> as the TDDUI questionnaires code it.</summary>
    public static Coding GirCoding(int gir) => new(Cisis, $"MED-{338 + gir}", $"GIR-{gir}");

    /// <summary>The code of a discriminating variable's component.</summary>
    public static string VariableCode(AggirVariable variable) => "aggir-" + variable.ToString().ToLowerInvariant();

    /// <summary>The display of a discriminating variable, as the grid names it.</summary>
    public static string VariableDisplay(AggirVariable variable) => variable switch
    {
        AggirVariable.Coherence => "Cohérence",
        AggirVariable.Orientation => "Orientation",
        AggirVariable.Toilette => "Toilette",
        AggirVariable.Habillage => "Habillage",
        AggirVariable.Alimentation => "Alimentation",
        AggirVariable.Elimination => "Élimination",
        AggirVariable.Transferts => "Transferts",
        AggirVariable.DeplacementsInterieur => "Déplacements à l'intérieur",
        AggirVariable.DeplacementsExterieur => "Déplacements à l'extérieur",
        _ => "Communication à distance",
    };
}
