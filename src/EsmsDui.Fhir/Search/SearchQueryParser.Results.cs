using System.Globalization;
using EsmsDui.Fhir.Primitives;
using EsmsDui.Fhir.Requests;
using Hl7.Fhir.Model;

namespace EsmsDui.Fhir.Search;

/// <content>The parameters that shape the answer: sort, includes, page size and position, total.</content>
public sealed partial class SearchQueryParser
{
    // _sort=name,-birthdate: unknown keys are refused when strict, else ignored and reported.
    private List<SortKey> Sort(string resourceType, IReadOnlyList<KeyValuePair<string, string>> query, bool strict, List<string> ignored)
    {
        var keys = new List<SortKey>();
        foreach (var name in query.Where(p => p.Key == "_sort").SelectMany(p => p.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            var descending = name.StartsWith('-');
            var code = descending ? name[1..] : name;
            SortKey? key = code is "_id" or "_lastUpdated"
                ? new SortKey(code, SearchIndexTable.Tokens, descending)
                : registry.Find(resourceType, code) is { } parameter ? new SortKey(parameter.IndexName, TableOf(parameter.Type), descending) : null;
            if (key is not null)
            {
                keys.Add(key);
            }
            else if (strict)
            {
                throw Unsupported("_sort", $"{resourceType} has no search parameter '{ResourceIds.Truncate(code)}'");
            }
            else
            {
                ignored.Add($"_sort={name}");
            }
        }

        return keys;
    }

    private static (bool Reverse, bool Iterate)? IncludeKey(string key) => key switch
    {
        "_include" => (false, false),
        "_include:iterate" or "_include:recurse" => (false, true),
        "_revinclude" => (true, false),
        "_revinclude:iterate" or "_revinclude:recurse" => (true, true),
        _ => null,
    };

    // Type:parameter[:TargetType], Type:* or *.
    private IncludeSpec? Include(string value, bool reverse, bool iterate)
    {
        if (value == "*")
        {
            return new IncludeSpec(null, null, null, reverse, iterate);
        }

        var parts = value.Split(':');
        if (parts.Length is < 2 or > 3 || !ResourceIds.IsKnownType(parts[0]) || (parts.Length == 3 && !ResourceIds.IsKnownType(parts[2])))
        {
            return null;
        }

        var target = parts.Length == 3 ? parts[2] : null;
        if (parts[1] == "*")
        {
            return new IncludeSpec(parts[0], null, target, reverse, iterate);
        }

        return registry.Find(parts[0], parts[1]) is { Type: SearchParamType.Reference } parameter
            ? new IncludeSpec(parts[0], parameter.IndexName, target, reverse, iterate)
            : null;
    }

    private int Count(IReadOnlyList<KeyValuePair<string, string>> query)
    {
        var text = query.LastOrDefault(p => p.Key == "_count").Value;
        if (text is null)
        {
            return options.Value.DefaultPageSize;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            ? Math.Min(count, options.Value.MaxPageSize)
            : throw Bad("_count", text);
    }

    private static PagePosition Position(IReadOnlyList<KeyValuePair<string, string>> query)
    {
        var offset = Long(query, PagePosition.OffsetParameter) ?? 0;
        return new PagePosition(
            Long(query, PagePosition.CursorParameter),
            Long(query, PagePosition.BeforeParameter),
            offset <= int.MaxValue ? (int)offset : throw Bad(PagePosition.OffsetParameter, offset.ToString(CultureInfo.InvariantCulture)));
    }

    private static long? Long(IReadOnlyList<KeyValuePair<string, string>> query, string key)
    {
        var text = query.LastOrDefault(p => p.Key == key).Value;
        return text is null ? null
            : long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value
            : throw Bad(key, text);
    }

    private static bool IncludeTotal(IReadOnlyList<KeyValuePair<string, string>> query) =>
        query.LastOrDefault(p => p.Key == "_total").Value switch
        {
            null or "accurate" or "estimate" => true,
            "none" => false,
            var other => throw Bad("_total", other),
        };
}
