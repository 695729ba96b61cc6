using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EsmsDui.Storage.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "resource_versions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ResourceType = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: false),
                    LogicalId = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: false),
                    VersionId = table.Column<int>(type: "INTEGER", nullable: false),
                    LastUpdated = table.Column<long>(type: "INTEGER", nullable: false),
                    Method = table.Column<byte>(type: "INTEGER", nullable: false),
                    IsCurrent = table.Column<bool>(type: "INTEGER", nullable: false),
                    Body = table.Column<byte[]>(type: "BLOB", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_resource_versions", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_resource_versions_LastUpdated",
                table: "resource_versions",
                column: "LastUpdated");

            migrationBuilder.CreateIndex(
                name: "IX_resource_versions_ResourceType_Id",
                table: "resource_versions",
                columns: new[] { "ResourceType", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_resource_versions_ResourceType_LogicalId_VersionId",
                table: "resource_versions",
                columns: new[] { "ResourceType", "LogicalId", "VersionId" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "resource_versions");
        }
    }
}
