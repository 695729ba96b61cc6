namespace EsmsDui.Storage.Entities;

/// <summary>The saved progress of a long maintenance job (reindex), so that a stopped job resumes.</summary>
public sealed class MaintenanceJobRow
{
    /// <summary>The job name (<c>reindex</c>).</summary>
    public required string Name { get; set; }

    /// <summary>The last storage position processed.</summary>
    public long Position { get; set; }

    /// <summary>Items processed so far.</summary>
    public long Processed { get; set; }

    /// <summary>Items in all, when last counted.</summary>
    public long Total { get; set; }

    /// <summary>Items that could not be processed.</summary>
    public long Failed { get; set; }

    /// <summary>When the job started (UTC).</summary>
    public DateTimeOffset StartedAt { get; set; }

    /// <summary>When the progress was saved (UTC).</summary>
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>When the job finished (UTC), or null.</summary>
    public DateTimeOffset? FinishedAt { get; set; }
}
