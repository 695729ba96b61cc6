using EsmsDui.Fhir.Search;

namespace EsmsDui.Fhir.UnitTests.Search;

public sealed class TextNormalizerTests
{
    [Theory]
    [InlineData("Hélène", "helene")]
    [InlineData("  Jean-François   Lefèvre ", "jean-francois lefevre")]
    [InlineData("ŒDÈME", "oedeme")]
    [InlineData("Ærø", "aerø")]
    [InlineData("Straße", "strasse")]
    [InlineData("Nguyễn", "nguyen")]
    public void Text_is_folded_for_case_and_accent_insensitive_matching(string text, string folded) =>
        Assert.Equal(folded, TextNormalizer.Normalize(text));
}
