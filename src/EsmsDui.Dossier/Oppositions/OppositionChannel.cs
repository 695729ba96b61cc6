namespace EsmsDui.Dossier.Oppositions;

/// <summary>What a usager may oppose: feeding the DMP, sending documents by MSSanté.</summary>
public enum OppositionChannel
{
    /// <summary>Opposition à l'alimentation du DMP (Mon espace santé).</summary>
    Dmp,

    /// <summary>Opposition à l'envoi de documents par MSSanté.</summary>
    MsSante,
}
