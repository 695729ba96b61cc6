namespace EsmsDui.Dossier.Identity.Insi;

/// <summary>
/// The port to the national INSi teleservice (CNAM): recover a usager's INS from the strict identity traits.
/// Implemented by the INSi connector over its real SOAP protocol.
/// </summary>
public interface IInsiService
{
    /// <summary>
    /// Searches the INS of the person with these traits (the teleservice is asked with each first name in turn
    /// until it finds one identity, as its integration guide requires).
    /// </summary>
    Task<InsiAnswer> SearchAsync(InsiTraits traits, CancellationToken cancellationToken);
}
