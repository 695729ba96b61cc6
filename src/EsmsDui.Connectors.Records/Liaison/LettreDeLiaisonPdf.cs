using EsmsDui.Connectors.Records.Rendering;

namespace EsmsDui.Connectors.Records.Liaison;

/// <summary>A lettre de liaison as a readable PDF (A4, PDF/A, tagged, fonts embedded), signed with its author's name.</summary>
public static class LettreDeLiaisonPdf
{
    /// <summary>The PDF of <paramref name="letter"/>, made at <paramref name="now"/>.</summary>
    public static byte[] Render(LettreDeLiaison letter, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(letter);
        var fullName = FrenchLabels.FullName(letter.Usager);
        using var pdf = new PdfTextWriter(letter.Title, $"{fullName} — {letter.Title.ToLowerInvariant()}, éditée le {FrenchLabels.Date(now)}", now);
        foreach (var (heading, lines) in letter.Blocks())
        {
            pdf.Heading(heading);
            foreach (var line in lines)
            {
                pdf.Paragraph(line);
            }
        }

        pdf.Heading("Rédigée par");
        pdf.Paragraph($"{letter.Author.Given} {letter.Author.Family}, le {FrenchLabels.Date(now)}".TrimStart());
        return pdf.ToArray();
    }
}
