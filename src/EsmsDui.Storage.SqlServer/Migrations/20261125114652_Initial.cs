using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EsmsDui.Storage.SqlServer.Migrations
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    ResourceType = table.Column<string>(type: "varchar(64)", unicode: false, maxLength: 64, nullable: false),
                    LogicalId = table.Column<string>(type: "varchar(64)", unicode: false, maxLength: 64, nullable: false),
                    VersionId = table.Column<int>(type: "int", nullable: false),
                    LastUpdated = table.Column<DateTime>(type: "datetime2", nullable: false),
                    Method = table.Column<byte>(type: "tinyint", nullable: false),
                    IsCurrent = table.Column<bool>(type: "bit", nullable: false),
                    Body = table.Column<byte[]>(type: "varbinary(max)", nullable: true)
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
