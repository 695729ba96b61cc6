using EsmsDui.Fhir.Tenancy;
using EsmsDui.Storage.Entities;
using Microsoft.EntityFrameworkCore;

namespace EsmsDui.Storage;

/// <summary>The single DbContext of the product; the same model on every provider.</summary>
public sealed class EsmsDuiDbContext(DbContextOptions<EsmsDuiDbContext> options) : DbContext(options)
{
    /// <summary>
    /// The tenant whose rows the queries of this context read (with the shared ones): a global query filter, so
    /// that no LINQ query of the storage can reach another tenant's resources.
    /// </summary>
    public string TenantId { get; set; } = TenantContext.Default;

    /// <summary>Every version of every resource.</summary>
    public DbSet<ResourceVersionRow> ResourceVersions => Set<ResourceVersionRow>();

    /// <summary>Token and uri index.</summary>
    public DbSet<SearchTokenRow> SearchTokens => Set<SearchTokenRow>();

    /// <summary>String index.</summary>
    public DbSet<SearchStringRow> SearchStrings => Set<SearchStringRow>();

    /// <summary>Date index.</summary>
    public DbSet<SearchDateRow> SearchDates => Set<SearchDateRow>();

    /// <summary>Reference index.</summary>
    public DbSet<SearchReferenceRow> SearchReferences => Set<SearchReferenceRow>();

    /// <summary>Progress of maintenance jobs.</summary>
    public DbSet<MaintenanceJobRow> MaintenanceJobs => Set<MaintenanceJobRow>();

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);

        // Clients, authorizations and tokens of the authorization server (EsmsDui.Security), in tables of their own.
        modelBuilder.UseOpenIddict();
        var version = modelBuilder.Entity<ResourceVersionRow>();
        version.ToTable("resource_versions");
        version.HasKey(v => v.Id);
        version.Property(v => v.ResourceType).HasMaxLength(64).IsUnicode(false);
        version.Property(v => v.LogicalId).HasMaxLength(64).IsUnicode(false);
        version.Property(v => v.TenantId).HasMaxLength(64).IsUnicode(false).HasDefaultValue(TenantContext.Default);

        // The tenant last: lookups by type and id keep using the index; uniqueness is per tenant.
        version.HasIndex(v => new { v.ResourceType, v.LogicalId, v.VersionId, v.TenantId }).IsUnique();
        version.HasQueryFilter(v => v.TenantId == TenantId || v.TenantId == TenantContext.Shared);
        version.HasIndex(v => new { v.ResourceType, v.Id });
        version.HasIndex(v => v.LastUpdated);

        // _sort=_lastUpdated of one type reads this index in order and stops at the page.
        version.HasIndex(v => new { v.ResourceType, v.LastUpdated, v.Id });
        SearchIndexModel.Configure(modelBuilder);
        var jobs = modelBuilder.Entity<MaintenanceJobRow>();
        jobs.ToTable("maintenance_jobs");
        jobs.HasKey(j => j.Name);
        jobs.Property(j => j.Name).HasMaxLength(64).IsUnicode(false);
        if (Database.IsNpgsql())
        {
            // Binary order, so that a prefix search is an index range (see SearchPredicates.StartsWith).
            modelBuilder.Entity<SearchStringRow>().Property(s => s.Normalized).UseCollation("C");
        }

        if (Database.IsSqlite())
        {
            // SQLite has no date type: ticks keep comparisons and ordering exact.
            version.Property(v => v.LastUpdated).HasConversion(d => d.Ticks, t => new DateTime(t, DateTimeKind.Utc));
            modelBuilder.Entity<SearchDateRow>().Property(d => d.Start).HasConversion(d => d.Ticks, t => new DateTime(t, DateTimeKind.Utc));
            modelBuilder.Entity<SearchDateRow>().Property(d => d.End).HasConversion(d => d.Ticks, t => new DateTime(t, DateTimeKind.Utc));
            jobs.Property(j => j.StartedAt).HasConversion(d => d.UtcTicks, t => new DateTimeOffset(t, TimeSpan.Zero));
            jobs.Property(j => j.UpdatedAt).HasConversion(d => d.UtcTicks, t => new DateTimeOffset(t, TimeSpan.Zero));
            jobs.Property(j => j.FinishedAt).HasConversion(d => d!.Value.UtcTicks, t => new DateTimeOffset(t, TimeSpan.Zero));
        }
    }
}
