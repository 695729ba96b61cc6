using EsmsDui.Fhir.Storage;
using Microsoft.Data.Sqlite;

namespace EsmsDui.Storage;

/// <summary>
/// The SQLite writer's own connection with its statements prepared once: writing a version and its index
/// rows costs a few statement executions, with no change tracking and no re-parsing of SQL. Same rules as
/// <see cref="VersionWriter"/>: a version N &gt; 1 must clear the current flag of N-1, and the unique
/// (type, id, version) index stops two creators.
/// </summary>
internal sealed class SqliteVersionWriter : IAsyncDisposable
{
    private const int SqliteConstraint = 19;

    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _clearCurrent;
    private readonly SqliteCommand _insertVersion;
    private readonly SqliteCommand _insertToken;
    private readonly SqliteCommand _insertString;
    private readonly SqliteCommand _insertDate;
    private readonly SqliteCommand _insertReference;
    private readonly SqliteCommand _insertNumber;
    private readonly SqliteCommand _insertQuantity;

    private SqliteVersionWriter(SqliteConnection connection)
    {
        _connection = connection;
        _clearCurrent = Command("UPDATE \"resource_versions\" SET \"IsCurrent\" = 0 WHERE \"ResourceType\" = @p0 AND \"LogicalId\" = @p1 AND \"VersionId\" = @p2 AND \"IsCurrent\" = 1 AND \"TenantId\" = @p3", 4);
        _insertVersion = Command("INSERT INTO \"resource_versions\" (\"ResourceType\", \"LogicalId\", \"VersionId\", \"LastUpdated\", \"Method\", \"IsCurrent\", \"Body\", \"TenantId\") VALUES (@p0, @p1, @p2, @p3, @p4, 1, @p5, @p6) RETURNING \"Id\"", 7);
        _insertToken = Command("INSERT INTO \"search_tokens\" (\"ResourceVersionId\", \"Parameter\", \"System\", \"Code\", \"Group\") VALUES (@p0, @p1, @p2, @p3, @p4)", 5);
        _insertString = Command("INSERT INTO \"search_strings\" (\"ResourceVersionId\", \"Parameter\", \"Normalized\", \"Exact\", \"Group\") VALUES (@p0, @p1, @p2, @p3, @p4)", 5);
        _insertDate = Command("INSERT INTO \"search_dates\" (\"ResourceVersionId\", \"Parameter\", \"Start\", \"End\", \"Group\") VALUES (@p0, @p1, @p2, @p3, @p4)", 5);
        _insertReference = Command("INSERT INTO \"search_references\" (\"ResourceVersionId\", \"Parameter\", \"TargetType\", \"TargetId\", \"Url\", \"Group\") VALUES (@p0, @p1, @p2, @p3, @p4, @p5)", 6);
        _insertNumber = Command("INSERT INTO \"search_numbers\" (\"ResourceVersionId\", \"Parameter\", \"Value\", \"Group\") VALUES (@p0, @p1, @p2, @p3)", 4);
        _insertQuantity = Command("INSERT INTO \"search_quantities\" (\"ResourceVersionId\", \"Parameter\", \"System\", \"Code\", \"Unit\", \"Value\", \"CanonicalCode\", \"CanonicalValue\", \"Group\") VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7, @p8)", 9);
    }

    public SqliteConnection Connection => _connection;

    public static async Task<SqliteVersionWriter> OpenAsync(string connectionString)
    {
        var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using (var pragmas = connection.CreateCommand())
        {
            // Fewer, larger checkpoints (WAL up to ~40 MB): a page written by many commits is copied once, and the
            // commit that crosses the threshold (and stalls every waiting request while it syncs) comes 10x less often.
            pragmas.CommandText = SqlitePragmas.Statements + " PRAGMA wal_autocheckpoint=10000;";
            await pragmas.ExecuteNonQueryAsync();
        }

        return new SqliteVersionWriter(connection);
    }

    /// <summary>Writes one batch in the current transaction; throws <see cref="VersionConflictException"/> on a lost race.</summary>
    public async Task ApplyAsync(SqliteTransaction transaction, IReadOnlyList<ResourceWrite> writes)
    {
        foreach (var command in new[] { _clearCurrent, _insertVersion, _insertToken, _insertString, _insertDate, _insertReference, _insertNumber, _insertQuantity })
        {
            command.Transaction = transaction;
        }

        foreach (var write in writes.Where(w => w.VersionId > 1))
        {
            if (await ExecuteAsync(_clearCurrent, write.ResourceType, write.Id, write.VersionId - 1, write.TenantId) != 1)
            {
                throw new VersionConflictException(write.ResourceType, write.Id);
            }
        }

        foreach (var write in writes)
        {
            long rowId;
            try
            {
                rowId = (long)(await ScalarAsync(_insertVersion, write.ResourceType, write.Id, write.VersionId, write.LastUpdated.UtcTicks, (byte)write.Method,
                    write.Method == WriteMethod.Delete ? null : write.Json.ToArray(), write.TenantId))!;
            }
            catch (SqliteException ex) when (ex.SqliteErrorCode == SqliteConstraint)
            {
                throw new VersionConflictException("A resource with the same id was created by another request.", ex);
            }

            if (write.Index is { } index)
            {
                await WriteIndexAsync(rowId, index);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var command in new[] { _clearCurrent, _insertVersion, _insertToken, _insertString, _insertDate, _insertReference, _insertNumber, _insertQuantity })
        {
            await command.DisposeAsync();
        }

        await _connection.DisposeAsync();
    }

    private async Task WriteIndexAsync(long rowId, SearchIndexEntries index)
    {
        foreach (var token in index.Tokens.Distinct())
        {
            await ExecuteAsync(_insertToken, rowId, token.Parameter, token.System, token.Code, token.Group);
        }

        foreach (var text in index.Strings.Distinct())
        {
            await ExecuteAsync(_insertString, rowId, text.Parameter, text.Normalized, text.Exact, text.Group);
        }

        foreach (var date in index.Dates.Distinct())
        {
            await ExecuteAsync(_insertDate, rowId, date.Parameter, date.Start.UtcTicks, date.End.UtcTicks, date.Group);
        }

        foreach (var reference in index.References.Distinct())
        {
            await ExecuteAsync(_insertReference, rowId, reference.Parameter, reference.TargetType, reference.TargetId, reference.Url, reference.Group);
        }

        foreach (var number in index.Numbers.Distinct())
        {
            await ExecuteAsync(_insertNumber, rowId, number.Parameter, (double)number.Value, number.Group);
        }

        foreach (var quantity in index.Quantities.Distinct())
        {
            await ExecuteAsync(_insertQuantity, rowId, quantity.Parameter, quantity.System, quantity.Code, quantity.Unit, (double)quantity.Value, quantity.CanonicalCode, (double?)quantity.CanonicalValue, quantity.Group);
        }
    }

    private SqliteCommand Command(string sql, int parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        for (var i = 0; i < parameters; i++)
        {
            command.Parameters.Add(new SqliteParameter($"@p{i}", null));
        }

        return command;
    }

    private static Task<int> ExecuteAsync(SqliteCommand command, params object?[] values)
    {
        Bind(command, values);
        return command.ExecuteNonQueryAsync();
    }

    private static Task<object?> ScalarAsync(SqliteCommand command, params object?[] values)
    {
        Bind(command, values);
        return command.ExecuteScalarAsync();
    }

    private static void Bind(SqliteCommand command, object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }
    }
}
