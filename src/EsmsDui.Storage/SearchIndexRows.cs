using EsmsDui.Fhir.Search;
using EsmsDui.Storage.Entities;

namespace EsmsDui.Storage;

/// <summary>Turns the engine's index entries into rows attached to their version (saved in the same transaction).</summary>
internal static class SearchIndexRows
{
    public static void Fill(ResourceVersionRow row, SearchIndexEntries index)
    {
        foreach (var token in index.Tokens.Distinct())
        {
            row.Tokens.Add(new SearchTokenRow { Parameter = token.Parameter, System = token.System, Code = token.Code });
        }

        foreach (var text in index.Strings.Distinct())
        {
            row.Strings.Add(new SearchStringRow { Parameter = text.Parameter, Normalized = text.Normalized, Exact = text.Exact });
        }

        foreach (var date in index.Dates.Distinct())
        {
            row.Dates.Add(new SearchDateRow { Parameter = date.Parameter, Start = date.Start.UtcDateTime, End = date.End.UtcDateTime });
        }

        foreach (var reference in index.References.Distinct())
        {
            row.References.Add(new SearchReferenceRow { Parameter = reference.Parameter, TargetType = reference.TargetType, TargetId = reference.TargetId, Url = reference.Url });
        }
    }
}
