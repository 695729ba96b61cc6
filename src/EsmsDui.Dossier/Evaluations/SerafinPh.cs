using Hl7.Fhir.Model;

namespace EsmsDui.Dossier.Evaluations;

/// <summary>
/// The SERAFIN-PH nomenclatures of needs (1) and services (2 direct, 3 indirect), a code system the project's
/// package <c>esmsdui.fhir</c> carries under the ANS canonical URL.
/// </summary>
public static class SerafinPh
{
    /// <summary>The canonical URL of the nomenclature.</summary>
    public const string System = "https://smt.esante.gouv.fr/terminologie-SERAFINPH";

    /// <summary>A SERAFIN-PH coding.</summary>
    public static Coding Coding(string code, string display) => new(System, code, display);
}
