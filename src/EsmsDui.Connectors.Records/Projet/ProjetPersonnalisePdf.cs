using EsmsDui.Connectors.Records.Rendering;
using Hl7.Fhir.Model;

namespace EsmsDui.Connectors.Records.Projet;

/// <summary>The projet personnalisé as a readable PDF: the usager, the projet, then its besoins, objectifs, actions and accords.</summary>
public static class ProjetPersonnalisePdf
{
    /// <summary>The PDF of <paramref name="content"/>, made at <paramref name="now"/>.</summary>
    public static byte[] Render(ProjetPersonnaliseContent content, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(content);
        var plan = content.CarePlan;
        var usager = content.Usager;
        var fullName = FrenchLabels.FullName(usager);
        using var pdf = new PdfTextWriter(plan.Title ?? "Projet personnalisé d'accompagnement", $"{fullName} — projet personnalisé, édité le {FrenchLabels.Date(now)}", now);

        pdf.Heading("Usager");
        pdf.Field("Nom", fullName);
        pdf.Field("Date de naissance", FrenchLabels.Date(usager.BirthDate));
        pdf.Field("Établissement", content.Establishment?.Name);

        pdf.Heading("Projet");
        pdf.Field("Type", Text(plan.Category.FirstOrDefault()));
        pdf.Field("Statut", FrenchLabels.Status(plan.Status));
        pdf.Field("Période", Period(plan.Period));
        pdf.Field("Identifiant", plan.Identifier.FirstOrDefault()?.Value);
        if (plan.Description is { Length: > 0 } description)
        {
            pdf.Paragraph(description);
        }

        List(pdf, "Besoins", content.Besoins.Select(b => Join(Text(b.Category.FirstOrDefault()), Text(b.Code))));
        List(pdf, "Objectifs", content.Objectifs.Select(g => Join(g.Note.FirstOrDefault()?.Text, Text(g.Description), FrenchLabels.Status(g.LifecycleStatus))));
        List(pdf, "Actions", content.Actions.Select(t => Join(
            t.Input.Select(i => i.Value).OfType<FhirString>().FirstOrDefault()?.Value, t.Description, t.Owner?.Display, FrenchLabels.Status(t.Status))));
        List(pdf, "Accord de l'usager", content.Accords.Select(c => Join(FrenchLabels.Date(c.DateTime), c.Status == Consent.ConsentState.Active ? "accord donné" : FrenchLabels.Status(c.Status))));
        return pdf.ToArray();
    }

    private static void List(PdfTextWriter pdf, string heading, IEnumerable<string> items)
    {
        pdf.Heading(heading);
        var any = false;
        foreach (var item in items.Where(i => i.Length > 0))
        {
            pdf.Paragraph("– " + item, indent: 10);
            any = true;
        }

        if (!any)
        {
            pdf.Paragraph("Aucun.", indent: 10);
        }
    }

    private static string Join(params string?[] parts) => string.Join(" — ", parts.Where(p => !string.IsNullOrWhiteSpace(p)));

    private static string? Text(CodeableConcept? concept) =>
        concept?.Text ?? concept?.Coding.Select(c => c.Display ?? c.Code).FirstOrDefault(d => !string.IsNullOrEmpty(d));

    private static string? Period(Period? period) =>
        period is null ? null : string.Join(' ', new[] { FrenchLabels.Date(period.Start) is { } start ? "du " + start : null, FrenchLabels.Date(period.End) is { } end ? "au " + end : null }.OfType<string>());
}
