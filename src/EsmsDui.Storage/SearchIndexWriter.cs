using System.Data.Common;
using EsmsDui.Fhir.Storage;
using EsmsDui.Storage.Dialects;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace EsmsDui.Storage;

/// <summary>
/// Writes index rows with multi-row INSERT statements inside the current transaction: EF would send one
/// statement per row (about 100 µs each), which made index writing ten times the cost of the resource itself.
/// </summary>
internal sealed class SearchIndexWriter(EsmsDuiDbContext db, StorageDialect dialect)
{
    // Stays under SQL Server's 2,100 parameters per command.
    private const int MaxParameters = 2000;

    public async Task WriteAsync(IReadOnlyList<(long VersionRowId, SearchIndexEntries Index)> rows, CancellationToken cancellationToken)
    {
        await InsertAsync("search_tokens", ["ResourceVersionId", "Parameter", "System", "Code", "Group"],
            rows.SelectMany(r => r.Index.Tokens.Distinct().Select(t => new object?[] { r.VersionRowId, t.Parameter, t.System, t.Code, t.Group })), cancellationToken);
        await InsertAsync("search_strings", ["ResourceVersionId", "Parameter", "Normalized", "Exact", "Group"],
            rows.SelectMany(r => r.Index.Strings.Distinct().Select(s => new object?[] { r.VersionRowId, s.Parameter, s.Normalized, s.Exact, s.Group })), cancellationToken);
        await InsertAsync("search_dates", ["ResourceVersionId", "Parameter", "Start", "End", "Group"],
            rows.SelectMany(r => r.Index.Dates.Distinct().Select(d => new object?[] { r.VersionRowId, d.Parameter, dialect.DateValue(d.Start), dialect.DateValue(d.End), d.Group })), cancellationToken);
        await InsertAsync("search_references", ["ResourceVersionId", "Parameter", "TargetType", "TargetId", "Url", "Group"],
            rows.SelectMany(r => r.Index.References.Distinct().Select(x => new object?[] { r.VersionRowId, x.Parameter, x.TargetType, x.TargetId, x.Url, x.Group })), cancellationToken);
        await InsertAsync("search_numbers", ["ResourceVersionId", "Parameter", "Value", "Group"],
            rows.SelectMany(r => r.Index.Numbers.Distinct().Select(n => new object?[] { r.VersionRowId, n.Parameter, (double)n.Value, n.Group })), cancellationToken);
        await InsertAsync("search_quantities", ["ResourceVersionId", "Parameter", "System", "Code", "Unit", "Value", "CanonicalCode", "CanonicalValue", "Group"],
            rows.SelectMany(r => r.Index.Quantities.Distinct().Select(q => new object?[] { r.VersionRowId, q.Parameter, q.System, q.Code, q.Unit, (double)q.Value, q.CanonicalCode, (double?)q.CanonicalValue, q.Group })), cancellationToken);
    }

    private async Task InsertAsync(string table, string[] columns, IEnumerable<object?[]> values, CancellationToken cancellationToken)
    {
        foreach (var chunk in values.Chunk(MaxParameters / columns.Length))
        {
            var connection = db.Database.GetDbConnection();
            await using var command = connection.CreateCommand();
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            var rowsSql = new List<string>(chunk.Length);
            for (var row = 0; row < chunk.Length; row++)
            {
                var names = new string[columns.Length];
                for (var column = 0; column < columns.Length; column++)
                {
                    names[column] = $"@p{(row * columns.Length) + column}";
                    command.Parameters.Add(Parameter(command, names[column], chunk[row][column]));
                }

                rowsSql.Add("(" + string.Join(", ", names) + ")");
            }

            command.CommandText = $"INSERT INTO \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) VALUES {string.Join(", ", rowsSql)}";
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static DbParameter Parameter(DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        return parameter;
    }
}
