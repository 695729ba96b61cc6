using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EsmsDui.Storage.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class SearchIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "search_dates",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Start = table.Column<long>(type: "INTEGER", nullable: false),
                    End = table.Column<long>(type: "INTEGER", nullable: false),
                    ResourceVersionId = table.Column<long>(type: "INTEGER", nullable: false),
                    Parameter = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_search_dates", x => x.Id);
                    table.ForeignKey(
                        name: "FK_search_dates_resource_versions_ResourceVersionId",
                        column: x => x.ResourceVersionId,
                        principalTable: "resource_versions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "search_references",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TargetType = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: true),
                    TargetId = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: true),
                    Url = table.Column<string>(type: "TEXT", maxLength: 512, nullable: true),
                    ResourceVersionId = table.Column<long>(type: "INTEGER", nullable: false),
                    Parameter = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_search_references", x => x.Id);
                    table.ForeignKey(
                        name: "FK_search_references_resource_versions_ResourceVersionId",
                        column: x => x.ResourceVersionId,
                        principalTable: "resource_versions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "search_strings",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Normalized = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Exact = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    ResourceVersionId = table.Column<long>(type: "INTEGER", nullable: false),
                    Parameter = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_search_strings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_search_strings_resource_versions_ResourceVersionId",
                        column: x => x.ResourceVersionId,
                        principalTable: "resource_versions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "search_tokens",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    System = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    Code = table.Column<string>(type: "TEXT", maxLength: 512, nullable: false),
                    ResourceVersionId = table.Column<long>(type: "INTEGER", nullable: false),
                    Parameter = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_search_tokens", x => x.Id);
                    table.ForeignKey(
                        name: "FK_search_tokens_resource_versions_ResourceVersionId",
                        column: x => x.ResourceVersionId,
                        principalTable: "resource_versions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_search_dates_Parameter_Start_End",
                table: "search_dates",
                columns: new[] { "Parameter", "Start", "End" });

            migrationBuilder.CreateIndex(
                name: "IX_search_dates_ResourceVersionId",
                table: "search_dates",
                column: "ResourceVersionId");

            migrationBuilder.CreateIndex(
                name: "IX_search_references_Parameter_TargetId_TargetType",
                table: "search_references",
                columns: new[] { "Parameter", "TargetId", "TargetType" });

            migrationBuilder.CreateIndex(
                name: "IX_search_references_Parameter_Url",
                table: "search_references",
                columns: new[] { "Parameter", "Url" });

            migrationBuilder.CreateIndex(
                name: "IX_search_references_ResourceVersionId",
                table: "search_references",
                column: "ResourceVersionId");

            migrationBuilder.CreateIndex(
                name: "IX_search_strings_Parameter_Normalized",
                table: "search_strings",
                columns: new[] { "Parameter", "Normalized" });

            migrationBuilder.CreateIndex(
                name: "IX_search_strings_ResourceVersionId",
                table: "search_strings",
                column: "ResourceVersionId");

            migrationBuilder.CreateIndex(
                name: "IX_search_tokens_Parameter_Code_System",
                table: "search_tokens",
                columns: new[] { "Parameter", "Code", "System" });

            migrationBuilder.CreateIndex(
                name: "IX_search_tokens_ResourceVersionId",
                table: "search_tokens",
                column: "ResourceVersionId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "search_dates");

            migrationBuilder.DropTable(
                name: "search_references");

            migrationBuilder.DropTable(
                name: "search_strings");

            migrationBuilder.DropTable(
                name: "search_tokens");
        }
    }
}
