namespace EsmsDui.Dossier.Evaluations;

/// <summary>What an AGGIR evaluation says: the modality of each discriminating variable, and the GIR it declares.</summary>
/// <param name="Modalities">The modality of every discriminating variable.</param>
/// <param name="DeclaredGir">The GIR the evaluation itself records (TDDUI <c>resultat-eval</c>), if any.</param>
public sealed record AggirEvaluation(IReadOnlyDictionary<AggirVariable, AggirModality> Modalities, int? DeclaredGir);
