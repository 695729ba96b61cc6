using System.Globalization;
using System.Xml.Linq;
using EsmsDui.Dossier.Identity.Insi;

namespace EsmsDui.Connectors.Insi;

/// <summary>
/// The SOAP 1.2 request of the INSi operation <c>rechercherInsAvecTraitsIdentite</c>: the BAM and LPS contexts and
/// WS-Addressing headers, and the traits (one first name) in <c>RECSANSVITALE</c>.
/// </summary>
public static class InsiEnvelope
{
    /// <summary>The WS-Addressing action (and SOAP action) of the search by traits.</summary>
    public const string SearchAction = "urn:ServiceIdentiteCertifiee:1.0.0:rechercherInsAvecTraitsIdentite";

    /// <summary>SOAP 1.2.</summary>
    public static readonly XNamespace Soap = "http://www.w3.org/2003/05/soap-envelope";

    /// <summary>WS-Addressing 1.0.</summary>
    public static readonly XNamespace Addressing = "http://www.w3.org/2005/08/addressing";

    /// <summary>The BAM context.</summary>
    public static readonly XNamespace Bam = "urn:siram:bam:ctxbam";

    /// <summary>The LPS (software) context.</summary>
    public static readonly XNamespace Lps = "urn:siram:lps:ctxlps";

    /// <summary>The search without Vitale card.</summary>
    public static readonly XNamespace RecSans = "http://www.cnamts.fr/INSiRecSans";

    /// <summary>The request for <paramref name="traits"/> asked with the first name <paramref name="firstName"/>.</summary>
    public static XDocument Search(InsiTraits traits, string firstName, InsiOptions options, string messageId, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(traits);
        ArgumentNullException.ThrowIfNull(options);
        var time = now.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);
        return new XDocument(
            new XDeclaration("1.0", "utf-8", null),
            new XElement(Soap + "Envelope",
                new XAttribute(XNamespace.Xmlns + "soap", Soap),
                new XElement(Soap + "Header",
                    new XElement(Bam + "ContexteBAM",
                        new XAttribute(XNamespace.Xmlns + "ctxbam", Bam),
                        new XAttribute("Version", "01_02"),
                        new XAttribute("Nature", "CTXBAM"),
                        new XElement(Bam + "Id", Guid.NewGuid()),
                        new XElement(Bam + "Temps", time),
                        new XElement(Bam + "Emetteur", options.Emitter),
                        new XElement(Bam + "COUVERTURE")),
                    new XElement(Lps + "ContexteLPS",
                        new XAttribute(XNamespace.Xmlns + "ctxlps", Lps),
                        new XAttribute("Nature", "CTXLPS"),
                        new XAttribute("Version", "01_00"),
                        new XElement(Lps + "Id", Guid.NewGuid()),
                        new XElement(Lps + "Temps", time),
                        new XElement(Lps + "Emetteur", options.Emitter),
                        new XElement(Lps + "LPS",
                            new XElement(Lps + "IDAM", new XAttribute("R", "4"), options.Idam),
                            new XElement(Lps + "Version", options.SoftwareVersion),
                            new XElement(Lps + "Instance", options.Instance),
                            new XElement(Lps + "Nom", $"urn:lps:{options.SoftwareName}:{options.SoftwareVersion}"))),
                    new XElement(Addressing + "Action", new XAttribute(XNamespace.Xmlns + "wsa", Addressing), SearchAction),
                    new XElement(Addressing + "MessageID", messageId)),
                new XElement(Soap + "Body",
                    new XElement(RecSans + "RECSANSVITALE",
                        new XAttribute(XNamespace.Xmlns + "insi_recsans_ins", RecSans),
                        new XElement(RecSans + "NomNaissance", traits.BirthName),
                        new XElement(RecSans + "Prenom", firstName),
                        new XElement(RecSans + "Sexe", traits.Sex),
                        new XElement(RecSans + "DateNaissance", traits.BirthDate),
                        traits.BirthPlace is { } place ? new XElement(RecSans + "LieuNaissance", place) : null))));
    }
}
