using System.Globalization;
using System.Xml.Linq;

namespace EsmsDui.Connectors.Dmp.Soap;

/// <summary>
/// A SOAP 1.2 envelope as the DMP takes it: WS-Addressing (Action, MessageID, To, ReplyTo anonymous, all
/// mustUnderstand where the profile says) and a WS-Security header holding a timestamp and the VIHF assertion.
/// </summary>
public static class SoapEnvelope
{
    /// <summary>SOAP 1.2.</summary>
    public static readonly XNamespace Soap = "http://www.w3.org/2003/05/soap-envelope";

    /// <summary>WS-Addressing 1.0.</summary>
    public static readonly XNamespace Wsa = "http://www.w3.org/2005/08/addressing";

    /// <summary>WS-Security 1.0 (OASIS wss 2004/01).</summary>
    public static readonly XNamespace Wsse = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd";

    /// <summary>WS-Security utility (timestamps).</summary>
    public static readonly XNamespace Wsu = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd";

    /// <summary>The envelope of a call to <paramref name="to"/> doing <paramref name="action"/>.</summary>
    public static XDocument Write(string action, string messageId, Uri to, XElement assertion, XElement body, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(to);
        var mustUnderstand = new XAttribute(Soap + "mustUnderstand", "true");
        return new XDocument(new XDeclaration("1.0", "UTF-8", null), new XElement(Soap + "Envelope",
            new XAttribute(XNamespace.Xmlns + "soap", Soap),
            new XAttribute(XNamespace.Xmlns + "wsa", Wsa),
            new XElement(Soap + "Header",
                new XElement(Wsa + "Action", mustUnderstand, action),
                new XElement(Wsa + "MessageID", messageId),
                new XElement(Wsa + "ReplyTo", new XElement(Wsa + "Address", "http://www.w3.org/2005/08/addressing/anonymous")),
                new XElement(Wsa + "To", mustUnderstand, to.AbsoluteUri),
                new XElement(Wsse + "Security", mustUnderstand,
                    new XAttribute(XNamespace.Xmlns + "wsse", Wsse),
                    new XAttribute(XNamespace.Xmlns + "wsu", Wsu),
                    new XElement(Wsu + "Timestamp",
                        new XElement(Wsu + "Created", Instant(now)),
                        new XElement(Wsu + "Expires", Instant(now.AddMinutes(5)))),
                    assertion)),
            new XElement(Soap + "Body", body)));
    }

    private static string Instant(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
