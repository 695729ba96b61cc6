using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EsmsDui.Storage.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class SearchIndexTuning : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_search_dates_Parameter_End",
                table: "search_dates",
                columns: new[] { "Parameter", "End" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_search_dates_Parameter_End",
                table: "search_dates");
        }
    }
}
