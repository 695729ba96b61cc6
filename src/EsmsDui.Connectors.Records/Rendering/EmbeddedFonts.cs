using PdfSharp.Fonts;

namespace EsmsDui.Connectors.Records.Rendering;

/// <summary>
/// The fonts of the PDFs the server renders: DejaVu Sans, regular and bold, from the assembly (PDFsharp reads no
/// system font on Linux, and a published server must not depend on the machine's fonts). Every family asked for is
/// answered with it, so a PDF is always complete; PDFsharp embeds the subset it uses.
/// </summary>
public sealed class EmbeddedFonts : IFontResolver
{
    /// <summary>The family name to ask for.</summary>
    public const string Family = "DejaVu Sans";

    private static readonly Lock Gate = new();

    private EmbeddedFonts()
    {
    }

    /// <summary>Makes PDFsharp use these fonts (once per process; PDFsharp's resolver is process-wide).</summary>
    public static void Install()
    {
        lock (Gate)
        {
            if (GlobalFontSettings.FontResolver is not EmbeddedFonts)
            {
                GlobalFontSettings.FontResolver = new EmbeddedFonts();
            }
        }
    }

    /// <inheritdoc />
    public FontResolverInfo ResolveTypeface(string familyName, bool bold, bool italic) =>
        new(bold ? "DejaVuSans-Bold" : "DejaVuSans", mustSimulateBold: false, mustSimulateItalic: italic);

    /// <inheritdoc />
    public byte[]? GetFont(string faceName)
    {
        using var stream = typeof(EmbeddedFonts).Assembly.GetManifestResourceStream($"EsmsDui.Fonts.{faceName}.ttf");
        if (stream is null)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}
