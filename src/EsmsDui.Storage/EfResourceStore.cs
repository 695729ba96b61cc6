using EsmsDui.Fhir.Storage;
using EsmsDui.Storage.Dialects;
using EsmsDui.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace EsmsDui.Storage;

/// <summary>
/// <see cref="IResourceStore"/> over EF Core: reads and history by LINQ; writes in one transaction per
/// batch, as the provider's <see cref="StorageDialect"/> commits it (see <see cref="VersionWriter"/> for the concurrency rules).
/// </summary>
internal sealed class EfResourceStore(EsmsDuiDbContext db, StorageDialect dialect, Fhir.Tenancy.TenantContext tenant) : IResourceStore
{
    /// <inheritdoc />
    public Task<StoredResource?> ReadCurrentAsync(string resourceType, string id, CancellationToken cancellationToken) =>
        ReadOneAsync("\"IsCurrent\" = @v", resourceType, id, true, cancellationToken);

    /// <inheritdoc />
    public Task<StoredResource?> ReadVersionAsync(string resourceType, string id, int versionId, CancellationToken cancellationToken) =>
        ReadOneAsync("\"VersionId\" = @v", resourceType, id, versionId, cancellationToken);

    /// <inheritdoc />
    public Task CommitAsync(IReadOnlyList<ResourceWrite> writes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writes);
        return dialect.CommitAsync(db, writes, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<HistoryPage> ReadHistoryAsync(HistoryQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var versions = db.ResourceVersions.AsNoTracking();
        if (query.ResourceType is { } type)
        {
            versions = versions.Where(v => v.ResourceType == type);
        }

        if (query.Id is { } id)
        {
            versions = versions.Where(v => v.LogicalId == id);
        }

        if (query.Since is { } since)
        {
            var from = since.UtcDateTime;
            versions = versions.Where(v => v.LastUpdated >= from);
        }

        if (query.At is { } at)
        {
            // Current at some point of the period: written before its end, and not replaced before its start.
            var start = at.Start.UtcDateTime;
            var end = at.End.UtcDateTime;
            var all = db.ResourceVersions;
            versions = versions.Where(v => v.LastUpdated <= end
                && !all.Any(w => w.ResourceType == v.ResourceType && w.LogicalId == v.LogicalId && w.VersionId > v.VersionId && w.LastUpdated <= start));
        }

        int? total = query.IncludeTotal ? await versions.CountAsync(cancellationToken) : null;
        if (query.Before is { } before)
        {
            versions = versions.Where(v => v.Id < before);
        }

        var rows = query.Count == 0
            ? []
            : await versions.OrderByDescending(v => v.Id).Take(query.Count + 1).ToListAsync(cancellationToken);
        long? next = rows.Count > query.Count ? rows[query.Count - 1].Id : null;
        var page = rows.Take(query.Count).Select(r => ToStored(r)!).ToList();
        return new HistoryPage(page, next, total);
    }

    // The hottest query of the server, in plain SQL valid on every provider: EF's LINQ pipeline cost more than
    // the database round trip itself. The conditions select at most one row (unique index).
    private async Task<StoredResource?> ReadOneAsync(string condition, string resourceType, string id, object value, CancellationToken cancellationToken)
    {
        var connection = db.Database.GetDbConnection();
        var mustOpen = connection.State != System.Data.ConnectionState.Open;
        if (mustOpen)
        {
            await connection.OpenAsync(cancellationToken);
        }

        try
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT \"VersionId\", \"LastUpdated\", \"Method\", \"Body\" FROM \"resource_versions\" WHERE \"ResourceType\" = @t AND \"LogicalId\" = @i AND \"TenantId\" = @n AND " + condition;
            AddParameter(command, "@t", resourceType);
            AddParameter(command, "@n", tenant.StorageTenantFor(resourceType));
            AddParameter(command, "@i", id);
            AddParameter(command, "@v", value);
            await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SingleRow, cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return null;
            }

            var lastUpdated = dialect.ReadDate(reader, 1);
            return new StoredResource(
                resourceType,
                id,
                reader.GetInt32(0),
                new DateTimeOffset(lastUpdated),
                (WriteMethod)reader.GetByte(2),
                reader.IsDBNull(3) ? ReadOnlyMemory<byte>.Empty : (byte[])reader.GetValue(3));
        }
        finally
        {
            if (mustOpen)
            {
                await connection.CloseAsync();
            }
        }
    }

    private static void AddParameter(System.Data.Common.DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private static StoredResource? ToStored(ResourceVersionRow? row) => row is null
        ? null
        : new StoredResource(
            row.ResourceType,
            row.LogicalId,
            row.VersionId,
            new DateTimeOffset(DateTime.SpecifyKind(row.LastUpdated, DateTimeKind.Utc)),
            (WriteMethod)row.Method,
            row.Body ?? ReadOnlyMemory<byte>.Empty);
}
