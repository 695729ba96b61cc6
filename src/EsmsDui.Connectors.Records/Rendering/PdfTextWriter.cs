using PdfSharp.Drawing;
using PdfSharp.Pdf;
using PdfSharp.UniversalAccessibility;

namespace EsmsDui.Connectors.Records.Rendering;

/// <summary>
/// A simple flowing text document on A4 pages: a title, headings, label-value lines and wrapped paragraphs, a new page
/// when one is full, and a footer with the page number. PDF/A with embedded fonts; PDFsharp makes a PDF/A tagged
/// (PDF/UA), so each block of text is a structure element (headings, paragraphs) and the footers are artifacts.
/// </summary>
public sealed class PdfTextWriter : IDisposable
{
    private const double Margin = 50;
    private static readonly XFont TitleFont = Font(16, bold: true);
    private static readonly XFont HeadingFont = Font(12, bold: true);
    private static readonly XFont BodyFont = Font(10, bold: false);
    private static readonly XFont LabelFont = Font(10, bold: true);
    private static readonly XFont FooterFont = Font(8, bold: false);

    private readonly PdfDocument _document = new();
    private readonly StructureBuilder _structure;
    private readonly string _footer;
    private XGraphics? _graphics;
    private PdfPage? _page;
    private double _y;

    /// <summary>A document titled <paramref name="title"/> whose pages carry <paramref name="footer"/>.</summary>
    public PdfTextWriter(string title, string footer, DateTimeOffset created)
    {
        EmbeddedFonts.Install();
        _footer = footer;
        _document.Info.Title = title;
        _document.Info.Creator = "EsmsDui";
        _document.Info.CreationDate = created.UtcDateTime;
        _document.Info.ModificationDate = created.UtcDateTime;
        _document.Language = "fr-FR";
        _document.SetPdfA();
        _structure = UAManager.ForDocument(_document).StructureBuilder;
        NewPage();
        _structure.BeginElement(PdfGroupingElementTag.Document);
        Emit(PdfBlockLevelElementTag.Heading1, title, TitleFont, 0, 0, 8);
    }

    /// <summary>A section heading.</summary>
    public void Heading(string text) => Emit(PdfBlockLevelElementTag.Heading2, text, HeadingFont, 0, 10, 4);

    /// <summary>A line "label : value" (nothing when the value is empty).</summary>
    public void Field(string label, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            Emit(PdfBlockLevelElementTag.Paragraph, value, BodyFont, 0, 0, 2, label + " : ");
        }
    }

    /// <summary>A wrapped paragraph, indented by <paramref name="indent"/> points (a list item: "– …").</summary>
    public void Paragraph(string text, double indent = 0) => Emit(PdfBlockLevelElementTag.Paragraph, text, BodyFont, indent, 0, 3);

    /// <summary>The finished PDF.</summary>
    public byte[] ToArray()
    {
        Footer();
        _structure.End();
        using var stream = new MemoryStream();
        _document.Save(stream, closeStream: false);
        return stream.ToArray();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _graphics?.Dispose();
        _document.Dispose();
    }

    private static XFont Font(double size, bool bold) => new(EmbeddedFonts.Family, size, bold ? XFontStyleEx.Bold : XFontStyleEx.Regular);

    // One block of text, wrapped; a structure element never spans pages (PDFsharp's tagging needs one page's graphics),
    // so a block that does not fit is cut into one element per page.
    private void Emit(PdfBlockLevelElementTag tag, string text, XFont font, double indent, double before, double after, string? label = null)
    {
        _y += before;
        var labelWidth = label is null ? 0 : _graphics!.MeasureString(label, LabelFont).Width;
        var lines = Lines(text, font, _page!.Width.Point - (2 * Margin) - indent - labelWidth).ToList();
        var height = font.GetHeight();
        var done = 0;
        while (done < lines.Count)
        {
            var fit = Math.Min((int)Math.Floor((_page.Height.Point - Margin - 20 - _y) / height), lines.Count - done);
            if (fit < 1)
            {
                NewPage();
                continue;
            }

            _structure.BeginElement(tag);
            if (done == 0 && label is not null)
            {
                _graphics!.DrawString(label, LabelFont, XBrushes.Black, new XPoint(Margin + indent, _y + LabelFont.GetHeight()));
            }

            foreach (var line in lines.Skip(done).Take(fit))
            {
                _graphics!.DrawString(line, font, XBrushes.Black, new XPoint(Margin + indent + labelWidth, _y + height));
                _y += height;
            }

            _structure.End();
            done += fit;
        }

        _y += after;
    }

    // Greedy word wrap; a word longer than the line is cut.
    private IEnumerable<string> Lines(string text, XFont font, double width)
    {
        foreach (var paragraph in text.Replace("\r", string.Empty, StringComparison.Ordinal).Split('\n'))
        {
            var line = string.Empty;
            foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = line.Length == 0 ? word : line + " " + word;
                if (_graphics!.MeasureString(candidate, font).Width <= width)
                {
                    line = candidate;
                    continue;
                }

                if (line.Length > 0)
                {
                    yield return line;
                }

                line = word;
                while (line.Length > 1 && _graphics.MeasureString(line, font).Width > width)
                {
                    var cut = line.Length - 1;
                    while (cut > 1 && _graphics.MeasureString(line[..cut], font).Width > width)
                    {
                        cut--;
                    }

                    yield return line[..cut];
                    line = line[cut..];
                }
            }

            yield return line;
        }
    }

    private void NewPage()
    {
        if (_graphics is not null)
        {
            Footer();
            _graphics.Dispose();
        }

        _page = _document.AddPage();
        _page.Size = PdfSharp.PageSize.A4;
        _graphics = XGraphics.FromPdfPage(_page);
        _y = Margin;
    }

    // As an artifact (not part of the text a reader reads out), when the page is left.
    private void Footer()
    {
        _structure.BeginArtifact();
        _graphics!.DrawString($"{_footer} — page {_document.PageCount}", FooterFont, XBrushes.Gray, new XPoint(Margin, _page!.Height.Point - Margin + 10));
        _structure.End();
    }
}
