using System.Collections.Concurrent;
using System.Net;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EsmsDui.Server.IntegrationTests.Fixtures;

/// <summary>
/// A local stand-in for the INSi teleservice that speaks its protocol (SOAP 1.2 over mutual TLS, BAM and LPS
/// contexts, WS-Addressing, RECSANSVITALE → RESULTAT) and checks everything it receives: a request that breaks the
/// protocol gets a SOAP fault and is listed in <see cref="Violations"/>.
/// </summary>
public sealed partial class InsiTestServer : IAsyncDisposable
{
    public const string Action = "urn:ServiceIdentiteCertifiee:1.0.0:rechercherInsAvecTraitsIdentite";
    public const string Idam = "TEST-IDAM-0001";

    private static readonly XNamespace Soap = "http://www.w3.org/2003/05/soap-envelope";
    private static readonly XNamespace Wsa = "http://www.w3.org/2005/08/addressing";
    private static readonly XNamespace Bam = "urn:siram:bam:ctxbam";
    private static readonly XNamespace Lps = "urn:siram:lps:ctxlps";
    private static readonly XNamespace RecSans = "http://www.cnamts.fr/INSiRecSans";
    private static readonly XNamespace Resultat = "http://www.cnamts.fr/INSiResultat";

    private readonly WebApplication _app;

    private InsiTestServer(WebApplication app) => _app = app;

    /// <summary>The requests received (their bodies), in order.</summary>
    public ConcurrentQueue<XDocument> Requests { get; } = new();

    /// <summary>What broke the protocol in the requests received.</summary>
    public ConcurrentQueue<string> Violations { get; } = new();

    public string Endpoint { get; private set; } = string.Empty;

    /// <summary>The people the registers know: traits → INS (matricule with key, OID, list of first names, place of birth).</summary>
    public static readonly IReadOnlyList<(string BirthName, string FirstNames, string Sex, string BirthDate, string Matricule, string Place)> People =
    [
        ("DUPONT", "JEAN STEPHANE PATRICK", "M", "1947-04-03", TestIns.WithKey("1470463220834"), "63220"),
        ("LEFEVRE", "MARIE-HELENE ODETTE", "F", "1938-11-20", TestIns.WithKey("2381142218123"), "42218"),
        ("HOMONYME", "PAUL", "M", "1950-01-01", TestIns.WithKey("1500142218001"), "42218"),
        ("HOMONYME", "PAUL", "M", "1950-01-01", TestIns.WithKey("1500142218002"), "42218"),
    ];

    public static async Task<InsiTestServer> StartAsync(TestCertificates certificates)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(https =>
        {
            https.ServerCertificate = certificates.Server;
            https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
            https.ClientCertificateValidation = (certificate, _, _) => certificates.IsIssuedByAuthority(certificate);
        })));
        var app = builder.Build();
        var server = new InsiTestServer(app);
        app.MapPost("/insi", (Delegate)server.AnswerAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Endpoint = address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal) + "/insi";
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task<IResult> AnswerAsync(HttpContext context)
    {
        var problems = new List<string>();
        var contentType = context.Request.ContentType ?? string.Empty;
        if (!contentType.StartsWith("application/soap+xml", StringComparison.Ordinal) || !contentType.Contains($"action=\"{Action}\"", StringComparison.Ordinal))
        {
            problems.Add($"Content-Type '{contentType}' is not SOAP 1.2 with the search action");
        }

        if (context.Connection.ClientCertificate is null)
        {
            problems.Add("no client certificate");
        }

        XDocument request;
        try
        {
            request = await XDocument.LoadAsync(context.Request.Body, LoadOptions.None, context.RequestAborted);
        }
        catch (System.Xml.XmlException ex)
        {
            return Fault("insi_100", $"not XML: {ex.Message}", problems);
        }

        Requests.Enqueue(request);
        var header = request.Root?.Element(Soap + "Header");
        var bam = header?.Element(Bam + "ContexteBAM");
        var lps = header?.Element(Lps + "ContexteLPS");
        Check(request.Root?.Name == Soap + "Envelope", "not a SOAP 1.2 envelope", problems);
        Check(bam?.Attribute("Version")?.Value == "01_02" && Guid.TryParse(bam.Element(Bam + "Id")?.Value, out _) && bam.Element(Bam + "Temps") is not null && bam.Element(Bam + "COUVERTURE") is not null,
            "ContexteBAM 01_02 with Id, Temps and COUVERTURE", problems);
        Check(lps?.Attribute("Nature")?.Value == "CTXLPS" && lps.Attribute("Version")?.Value == "01_00", "ContexteLPS CTXLPS 01_00", problems);
        var software = lps?.Element(Lps + "LPS");
        Check(software?.Element(Lps + "IDAM") is { } idam && idam.Attribute("R")?.Value == "4" && idam.Value == Idam, $"LPS IDAM R=4 {Idam}", problems);
        Check(software?.Element(Lps + "Nom")?.Value.StartsWith("urn:lps:", StringComparison.Ordinal) == true && software.Element(Lps + "Version") is not null && Guid.TryParse(software.Element(Lps + "Instance")?.Value, out _),
            "LPS Nom urn:lps:…, Version, Instance", problems);
        Check(header?.Element(Wsa + "Action")?.Value == Action, "wsa:Action of the search", problems);
        Check(header?.Element(Wsa + "MessageID")?.Value.StartsWith("uuid:", StringComparison.Ordinal) == true, "wsa:MessageID uuid:…", problems);

        var traits = request.Root?.Element(Soap + "Body")?.Element(RecSans + "RECSANSVITALE");
        string? Field(string name) => traits?.Element(RecSans + name)?.Value;
        Check(Field("NomNaissance") is { } name && NameAlphabet().IsMatch(name), "NomNaissance in capitals, '-', ''' and spaces", problems);
        Check(Field("Prenom") is { } first && FirstNameAlphabet().IsMatch(first), "one Prenom in capitals, '-' and '''", problems);
        Check(Field("Sexe") is "F" or "M", "Sexe F or M", problems);
        Check(DateOnly.TryParseExact(Field("DateNaissance"), "yyyy-MM-dd", out _), "DateNaissance YYYY-MM-DD", problems);
        if (problems.Count > 0)
        {
            return Fault("insi_102", string.Join("; ", problems), problems);
        }

        var matches = People.Where(p => p.BirthName == Field("NomNaissance") && p.FirstNames.Split(' ').Contains(Field("Prenom"))
            && p.Sex == Field("Sexe") && p.BirthDate == Field("DateNaissance")).ToList();
        return matches.Count switch
        {
            0 => Result("01", "Aucune identite trouvee", null),
            1 => Result("00", "OK", matches[0]),
            _ => Result("02", "Plusieurs identites trouvees", null),
        };
    }

    private static void Check(bool holds, string what, List<string> problems)
    {
        if (!holds)
        {
            problems.Add(what);
        }
    }

    private IResult Fault(string code, string reason, List<string> problems)
    {
        foreach (var problem in problems.DefaultIfEmpty(reason))
        {
            Violations.Enqueue(problem);
        }

        var fault = new XDocument(new XElement(Soap + "Envelope", new XElement(Soap + "Body", new XElement(Soap + "Fault",
            new XElement(Soap + "Code", new XElement(Soap + "Value", "soap:Sender")),
            new XElement(Soap + "Reason", new XElement(Soap + "Text", new XAttribute(XNamespace.Xml + "lang", "fr"), "Requete invalide")),
            new XElement(Soap + "Detail", new XElement(XNamespace.Get("urn:siram") + "Erreur", new XAttribute("code", code), new XAttribute("severite", "2"), reason))))));
        return Results.Text(fault.ToString(), "application/soap+xml; charset=utf-8", statusCode: 500);
    }

    private static IResult Result(string code, string label, (string BirthName, string FirstNames, string Sex, string BirthDate, string Matricule, string Place)? person)
    {
        var result = new XElement(Resultat + "RESULTAT",
            new XElement(Resultat + "CR", new XElement(Resultat + "CodeCR", code), new XElement(Resultat + "LibelleCR", label)),
            person is { } p
                ? new XElement(Resultat + "INDIVIDU",
                    new XElement(Resultat + "INSACTIF",
                        new XElement(Resultat + "IdIndividu", new XElement(Resultat + "NumIdentifiant", p.Matricule[..13]), new XElement(Resultat + "Cle", p.Matricule[13..])),
                        new XElement(Resultat + "OID", "1.2.250.1.213.1.4.8")),
                    new XElement(Resultat + "TIQ",
                        new XElement(Resultat + "NomNaissance", p.BirthName),
                        new XElement(Resultat + "ListePrenom", p.FirstNames),
                        new XElement(Resultat + "Sexe", p.Sex),
                        new XElement(Resultat + "DateNaissance", p.BirthDate),
                        new XElement(Resultat + "LieuNaissance", p.Place)))
                : null);
        var envelope = new XDocument(new XElement(Soap + "Envelope", new XElement(Soap + "Body", result)));
        return Results.Text(envelope.ToString(), "application/soap+xml; charset=utf-8");
    }

    [GeneratedRegex("^[A-Z\\-' ]+$")]
    private static partial Regex NameAlphabet();

    [GeneratedRegex("^[A-Z\\-']+$")]
    private static partial Regex FirstNameAlphabet();
}
