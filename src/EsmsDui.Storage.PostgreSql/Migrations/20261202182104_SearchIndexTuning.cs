using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EsmsDui.Storage.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class SearchIndexTuning : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<string>(
                name: "Normalized",
                table: "search_strings",
                type: "character varying(256)",
                maxLength: 256,
                nullable: false,
                collation: "C",
                oldClrType: typeof(string),
                oldType: "character varying(256)",
                oldMaxLength: 256);

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

            migrationBuilder.AlterColumn<string>(
                name: "Normalized",
                table: "search_strings",
                type: "character varying(256)",
                maxLength: 256,
                nullable: false,
                oldClrType: typeof(string),
                oldType: "character varying(256)",
                oldMaxLength: 256,
                oldCollation: "C");
        }
    }
}
