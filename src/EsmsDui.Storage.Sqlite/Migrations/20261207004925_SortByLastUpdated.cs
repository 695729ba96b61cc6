using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EsmsDui.Storage.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class SortByLastUpdated : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_resource_versions_ResourceType_LastUpdated_Id",
                table: "resource_versions",
                columns: new[] { "ResourceType", "LastUpdated", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_resource_versions_ResourceType_LastUpdated_Id",
                table: "resource_versions");
        }
    }
}
