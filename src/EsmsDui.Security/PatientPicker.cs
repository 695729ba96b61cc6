using System.Globalization;
using System.Net;
using System.Text;
using EsmsDui.Fhir.Engine;
using EsmsDui.Fhir.Serialization;
using Hl7.Fhir.Model;
using Microsoft.AspNetCore.Http;

namespace EsmsDui.Security;

/// <summary>
/// SMART standalone launch with <c>launch/patient</c>: after signing in, the professional picks the usager the
/// application will work on, among the usagers they reach. The page resubmits the authorization request with the
/// choice, which is checked again before the code is issued.
/// </summary>
internal static class PatientPicker
{
    /// <summary>The authorization request parameter carrying the usager picked (a Patient id).</summary>
    public const string ChoiceParameter = "esmsdui_patient";

    /// <summary>The authorization request parameter filtering the usagers listed by name.</summary>
    public const string NameParameter = "esmsdui_name";

    private const int Listed = 50;

    /// <summary>True when <paramref name="id"/> is a usager the caller of <paramref name="search"/> reaches.</summary>
    public static async System.Threading.Tasks.Task<bool> ReachesAsync(IFhirSearch search, string id, CancellationToken cancellationToken) =>
        Fhir.Primitives.ResourceIds.IsValid(id)
        && (await search.FindReachableAsync("Patient", "_id=" + id, 1, cancellationToken)).Count == 1;

    /// <summary>
    /// The page listing the usagers the caller of <paramref name="search"/> reaches (first 50, by name); the
    /// listing is a search of usagers, audited as one (<paramref name="audit"/> with the usagers shown).
    /// </summary>
    public static async System.Threading.Tasks.Task<IResult> PageAsync(HttpContext context, IFhirSearch search, FhirSerializer serializer, StaffDirectory.Staff professional, Func<string, IReadOnlyList<string>, System.Threading.Tasks.Task> audit, CancellationToken cancellationToken)
    {
        var parameters = RequestParameters(context).Where(p => p.Key is not ChoiceParameter and not NameParameter).ToList();
        var name = RequestParameters(context).FirstOrDefault(p => p.Key == NameParameter).Value?.Trim() ?? string.Empty;
        var criteria = name.Length == 0 ? "active:not=false" : "name=" + Uri.EscapeDataString(name);
        var usagers = (await search.FindReachableAsync("Patient", criteria, Listed + 1, cancellationToken))
            .Select(r => (Patient)serializer.ParseJson(r.Json.Span))
            .OrderBy(p => Display(p), StringComparer.CurrentCultureIgnoreCase)
            .ToList();
        await audit("Patient?" + criteria, [.. usagers.Take(Listed).Select(u => "Patient/" + u.Id)]);

        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"""
            <!DOCTYPE html>
            <html lang="fr"><head><meta charset="utf-8"><title>Choix de l'usager</title></head><body>
            <h1>Choix de l'usager</h1>
            <p>{Encode(professional.Name)} : l'application demande l'accès au dossier d'un usager. Choisissez-le.</p>
            <form method="get" action="{Encode(context.Request.PathBase + context.Request.Path)}">{Hidden(parameters)}
            <label>Nom <input name="{NameParameter}" value="{Encode(name)}"></label> <button type="submit">Chercher</button>
            </form>
            """);
        if (usagers.Count == 0)
        {
            html.Append("<p>Aucun usager de vos établissements ne correspond.</p>");
        }

        html.Append("<ul>");
        foreach (var usager in usagers.Take(Listed))
        {
            html.Append(CultureInfo.InvariantCulture, $"""
                <li><form method="get" action="{Encode(context.Request.PathBase + context.Request.Path)}">{Hidden(parameters)}<input type="hidden" name="{ChoiceParameter}" value="{Encode(usager.Id)}"><button type="submit">{Encode(Display(usager))}</button></form></li>
                """);
        }

        html.Append("</ul>");
        if (usagers.Count > Listed)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p>Plus de {Listed} usagers : précisez le nom.</p>");
        }

        html.Append("</body></html>");
        return Results.Content(html.ToString(), "text/html; charset=utf-8");
    }

    private static string Display(Patient patient)
    {
        var name = patient.Name.FirstOrDefault(n => n.Use == HumanName.NameUse.Official) ?? patient.Name.FirstOrDefault();
        var text = name is null ? patient.Id ?? string.Empty : $"{name.Family?.ToUpperInvariant()} {string.Join(' ', name.Given)}".Trim();
        return patient.BirthDate is { } born ? $"{text} (né·e le {born})" : text;
    }

    private static IEnumerable<KeyValuePair<string, string>> RequestParameters(HttpContext context) =>
        (context.Request.HasFormContentType ? context.Request.Form.Select(p => KeyValuePair.Create(p.Key, p.Value.ToString())) : context.Request.Query.Select(p => KeyValuePair.Create(p.Key, p.Value.ToString())));

    private static string Hidden(IEnumerable<KeyValuePair<string, string>> parameters) =>
        string.Concat(parameters.Select(p => $"<input type=\"hidden\" name=\"{Encode(p.Key)}\" value=\"{Encode(p.Value)}\">"));

    private static string Encode(string? text) => WebUtility.HtmlEncode(text ?? string.Empty);
}
