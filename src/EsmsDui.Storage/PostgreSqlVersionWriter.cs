using EsmsDui.Fhir.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;
using NpgsqlTypes;

namespace EsmsDui.Storage;

/// <summary>
/// The PostgreSQL write path in two round trips whatever the batch size: the current-flag updates and one
/// array INSERT of the versions (<c>unnest</c>), then one array INSERT per index table, each sent as an
/// <see cref="NpgsqlBatch"/> with fixed SQL texts that the server prepares once. Same rules as
/// <see cref="VersionWriter"/>.
/// </summary>
internal static class PostgreSqlVersionWriter
{
    private const string InsertVersions = """
        INSERT INTO "resource_versions" ("ResourceType", "LogicalId", "VersionId", "LastUpdated", "Method", "IsCurrent", "Body", "TenantId")
        SELECT t, i, v, u, m, TRUE, b, n FROM unnest(@t, @i, @v, @u, @m, @b, @n) AS x(t, i, v, u, m, b, n)
        RETURNING "Id", "ResourceType", "LogicalId", "TenantId"
        """;

    public static async Task ApplyAsync(EsmsDuiDbContext db, IReadOnlyList<ResourceWrite> writes, CancellationToken cancellationToken)
    {
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var transaction = (NpgsqlTransaction?)db.Database.CurrentTransaction?.GetDbTransaction();
        var rowIds = new Dictionary<(string, string, string), long>(writes.Count);
        try
        {
            await using (var batch = new NpgsqlBatch(connection, transaction))
            {
                var updates = writes.Where(w => w.VersionId > 1).ToList();
                foreach (var write in updates)
                {
                    batch.BatchCommands.Add(Command(
                        "UPDATE \"resource_versions\" SET \"IsCurrent\" = FALSE WHERE \"ResourceType\" = @t AND \"LogicalId\" = @i AND \"VersionId\" = @v AND \"IsCurrent\" AND \"TenantId\" = @n",
                        ("t", write.ResourceType, NpgsqlDbType.Varchar), ("i", write.Id, NpgsqlDbType.Varchar), ("v", write.VersionId - 1, NpgsqlDbType.Integer),
                        ("n", write.TenantId, NpgsqlDbType.Varchar)));
                }

                batch.BatchCommands.Add(Command(
                    InsertVersions,
                    ("t", writes.Select(w => w.ResourceType).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Varchar),
                    ("i", writes.Select(w => w.Id).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Varchar),
                    ("v", writes.Select(w => w.VersionId).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Integer),
                    ("u", writes.Select(w => w.LastUpdated.UtcDateTime).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.TimestampTz),
                    ("m", writes.Select(w => (short)w.Method).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Smallint),
                    ("b", writes.Select(w => w.Method == WriteMethod.Delete ? null : w.Json.ToArray()).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Bytea),
                    ("n", writes.Select(w => w.TenantId).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Varchar)));
                await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
                for (var i = 0; i < updates.Count; i++)
                {
                    if (batch.BatchCommands[i].RecordsAffected != 1)
                    {
                        throw new VersionConflictException(updates[i].ResourceType, updates[i].Id);
                    }
                }

                while (await reader.ReadAsync(cancellationToken))
                {
                    rowIds[(reader.GetString(1), reader.GetString(2), reader.GetString(3))] = reader.GetInt64(0);
                }
            }

            await WriteIndexAsync(connection, transaction, writes, rowIds, cancellationToken);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw new VersionConflictException("A resource with the same id was created by another request.", ex);
        }
    }

    private static async Task WriteIndexAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, IReadOnlyList<ResourceWrite> writes, Dictionary<(string, string, string), long> rowIds, CancellationToken cancellationToken)
    {
        var indexed = writes.Where(w => w.Index is not null).Select(w => (Row: rowIds[(w.ResourceType, w.Id, w.TenantId)], Index: w.Index!)).ToList();
        var tokens = indexed.SelectMany(x => x.Index.Tokens.Distinct().Select(t => (x.Row, t))).ToList();
        var strings = indexed.SelectMany(x => x.Index.Strings.Distinct().Select(s => (x.Row, s))).ToList();
        var dates = indexed.SelectMany(x => x.Index.Dates.Distinct().Select(d => (x.Row, d))).ToList();
        var references = indexed.SelectMany(x => x.Index.References.Distinct().Select(r => (x.Row, r))).ToList();
        var numbers = indexed.SelectMany(x => x.Index.Numbers.Distinct().Select(n => (x.Row, n))).ToList();
        var quantities = indexed.SelectMany(x => x.Index.Quantities.Distinct().Select(q => (x.Row, q))).ToList();
        await using var batch = new NpgsqlBatch(connection, transaction);
        batch.BatchCommands.Add(Command(
            "INSERT INTO \"search_tokens\" (\"ResourceVersionId\", \"Parameter\", \"System\", \"Code\", \"Group\") SELECT * FROM unnest(@r, @p, @a, @b, @g)",
            Rows(tokens.Select(x => x.Row)), Texts("p", tokens.Select(x => x.t.Parameter)), Texts("a", tokens.Select(x => x.t.System)), Texts("b", tokens.Select(x => x.t.Code)), Groups(tokens.Select(x => x.t.Group))));
        batch.BatchCommands.Add(Command(
            "INSERT INTO \"search_strings\" (\"ResourceVersionId\", \"Parameter\", \"Normalized\", \"Exact\", \"Group\") SELECT * FROM unnest(@r, @p, @a, @b, @g)",
            Rows(strings.Select(x => x.Row)), Texts("p", strings.Select(x => x.s.Parameter)), Texts("a", strings.Select(x => x.s.Normalized)), Texts("b", strings.Select(x => x.s.Exact)), Groups(strings.Select(x => x.s.Group))));
        batch.BatchCommands.Add(Command(
            "INSERT INTO \"search_dates\" (\"ResourceVersionId\", \"Parameter\", \"Start\", \"End\", \"Group\") SELECT * FROM unnest(@r, @p, @a, @b, @g)",
            Rows(dates.Select(x => x.Row)), Texts("p", dates.Select(x => x.d.Parameter)),
            ("a", dates.Select(x => x.d.Start.UtcDateTime).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.TimestampTz),
            ("b", dates.Select(x => x.d.End.UtcDateTime).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.TimestampTz), Groups(dates.Select(x => x.d.Group))));
        batch.BatchCommands.Add(Command(
            "INSERT INTO \"search_references\" (\"ResourceVersionId\", \"Parameter\", \"TargetType\", \"TargetId\", \"Url\", \"Group\") SELECT * FROM unnest(@r, @p, @a, @b, @c, @g)",
            Rows(references.Select(x => x.Row)), Texts("p", references.Select(x => x.r.Parameter)), Texts("a", references.Select(x => x.r.TargetType)),
            Texts("b", references.Select(x => x.r.TargetId)), Texts("c", references.Select(x => x.r.Url)), Groups(references.Select(x => x.r.Group))));
        batch.BatchCommands.Add(Command(
            "INSERT INTO \"search_numbers\" (\"ResourceVersionId\", \"Parameter\", \"Value\", \"Group\") SELECT * FROM unnest(@r, @p, @a, @g)",
            Rows(numbers.Select(x => x.Row)), Texts("p", numbers.Select(x => x.n.Parameter)), Doubles("a", numbers.Select(x => (double?)x.n.Value)), Groups(numbers.Select(x => x.n.Group))));
        batch.BatchCommands.Add(Command(
            "INSERT INTO \"search_quantities\" (\"ResourceVersionId\", \"Parameter\", \"System\", \"Code\", \"Unit\", \"Value\", \"CanonicalCode\", \"CanonicalValue\", \"Group\") SELECT * FROM unnest(@r, @p, @a, @b, @c, @d, @e, @f, @g)",
            Rows(quantities.Select(x => x.Row)), Texts("p", quantities.Select(x => x.q.Parameter)), Texts("a", quantities.Select(x => x.q.System)),
            Texts("b", quantities.Select(x => x.q.Code)), Texts("c", quantities.Select(x => x.q.Unit)), Doubles("d", quantities.Select(x => (double?)x.q.Value)),
            Texts("e", quantities.Select(x => x.q.CanonicalCode)), Doubles("f", quantities.Select(x => (double?)x.q.CanonicalValue)), Groups(quantities.Select(x => x.q.Group))));
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    private static (string, object, NpgsqlDbType) Rows(IEnumerable<long> rows) => ("r", rows.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Bigint);

    private static (string, object, NpgsqlDbType) Texts(string name, IEnumerable<string?> values) => (name, values.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Varchar);

    private static (string, object, NpgsqlDbType) Groups(IEnumerable<int?> values) => ("g", values.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Integer);

    private static (string, object, NpgsqlDbType) Doubles(string name, IEnumerable<double?> values) => (name, values.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Double);

    private static NpgsqlBatchCommand Command(string sql, params (string Name, object? Value, NpgsqlDbType Type)[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var (name, value, type) in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter(name, type) { Value = value ?? DBNull.Value });
        }

        return command;
    }
}
