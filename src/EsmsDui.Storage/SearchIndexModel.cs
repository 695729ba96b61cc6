using EsmsDui.Fhir.Search;
using EsmsDui.Storage.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EsmsDui.Storage;

/// <summary>Tables and indexes of the search index (one table per parameter type).</summary>
internal static class SearchIndexModel
{
    public static void Configure(ModelBuilder modelBuilder)
    {
        var version = modelBuilder.Entity<ResourceVersionRow>();
        var tokens = Table<SearchTokenRow>(modelBuilder, "search_tokens", version, v => v.Tokens);
        tokens.Property(t => t.System).HasMaxLength(SearchIndexer.MaxValueLength);
        tokens.Property(t => t.Code).HasMaxLength(SearchIndexer.MaxUrlLength);
        tokens.HasIndex(t => new { t.Parameter, t.Code, t.System });

        var strings = Table<SearchStringRow>(modelBuilder, "search_strings", version, v => v.Strings);
        strings.Property(t => t.Normalized).HasMaxLength(SearchIndexer.MaxValueLength);
        strings.Property(t => t.Exact).HasMaxLength(SearchIndexer.MaxValueLength);
        strings.HasIndex(t => new { t.Parameter, t.Normalized });

        var dates = Table<SearchDateRow>(modelBuilder, "search_dates", version, v => v.Dates);
        dates.HasIndex(t => new { t.Parameter, t.Start, t.End });
        dates.HasIndex(t => new { t.Parameter, t.End });

        var references = Table<SearchReferenceRow>(modelBuilder, "search_references", version, v => v.References);
        references.Property(t => t.TargetType).HasMaxLength(64).IsUnicode(false);
        references.Property(t => t.TargetId).HasMaxLength(64).IsUnicode(false);
        references.Property(t => t.Url).HasMaxLength(SearchIndexer.MaxUrlLength);
        references.HasIndex(t => new { t.Parameter, t.TargetId, t.TargetType });
        references.HasIndex(t => new { t.Parameter, t.Url });

        var numbers = Table<SearchNumberRow>(modelBuilder, "search_numbers", version, v => v.Numbers);
        numbers.HasIndex(t => new { t.Parameter, t.Value });

        var quantities = Table<SearchQuantityRow>(modelBuilder, "search_quantities", version, v => v.Quantities);
        quantities.Property(t => t.System).HasMaxLength(SearchIndexer.MaxValueLength);
        quantities.Property(t => t.Code).HasMaxLength(SearchIndexer.MaxValueLength);
        quantities.Property(t => t.Unit).HasMaxLength(SearchIndexer.MaxValueLength);
        quantities.Property(t => t.CanonicalCode).HasMaxLength(SearchIndexer.MaxValueLength);
        quantities.HasIndex(t => new { t.Parameter, t.Code, t.Value });
        quantities.HasIndex(t => new { t.Parameter, t.CanonicalCode, t.CanonicalValue });
    }

    private static EntityTypeBuilder<T> Table<T>(
        ModelBuilder modelBuilder, string name, EntityTypeBuilder<ResourceVersionRow> version, System.Linq.Expressions.Expression<Func<ResourceVersionRow, IEnumerable<T>?>> rows)
        where T : SearchIndexRow
    {
        var table = modelBuilder.Entity<T>();
        table.ToTable(name);
        table.HasKey(t => t.Id);
        table.Property(t => t.Parameter).HasMaxLength(64).IsUnicode(false);
        version.HasMany(rows).WithOne().HasForeignKey(t => t.ResourceVersionId).OnDelete(DeleteBehavior.Cascade);
        table.HasIndex(t => t.ResourceVersionId);
        return table;
    }
}
