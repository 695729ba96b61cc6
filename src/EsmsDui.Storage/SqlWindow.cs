using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query.SqlExpressions;
using Microsoft.EntityFrameworkCore.Storage;

namespace EsmsDui.Storage;

/// <summary>
/// <c>COUNT(*) OVER ()</c> in LINQ queries (EF Core has no window functions): how many rows the query selects before
/// its limit, read with the first rows. The three providers support it.
/// </summary>
internal static class SqlWindow
{
    /// <summary>The number of rows of the whole query (only inside a query; never run in .NET).</summary>
    public static int CountOver() => throw new InvalidOperationException("SqlWindow.CountOver is translated to SQL only.");

    /// <summary>Maps <see cref="CountOver"/> in the model.</summary>
    public static void Register(ModelBuilder modelBuilder) =>
        modelBuilder.HasDbFunction(typeof(SqlWindow).GetMethod(nameof(CountOver))!)
            // A niladic built-in function is written as its name; the cast keeps one integer type on every provider.
            .HasTranslation(_ => new SqlFunctionExpression("CAST(COUNT(*) OVER () AS INT)", nullable: false, typeof(int), new IntTypeMapping("int")));
}
