using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EsmsDui.Storage.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class NumberQuantityIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "search_numbers",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Value = table.Column<double>(type: "REAL", nullable: false),
                    ResourceVersionId = table.Column<long>(type: "INTEGER", nullable: false),
                    Parameter = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_search_numbers", x => x.Id);
                    table.ForeignKey(
                        name: "FK_search_numbers_resource_versions_ResourceVersionId",
                        column: x => x.ResourceVersionId,
                        principalTable: "resource_versions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "search_quantities",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    System = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    Code = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    Unit = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    Value = table.Column<double>(type: "REAL", nullable: false),
                    CanonicalCode = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    CanonicalValue = table.Column<double>(type: "REAL", nullable: true),
                    ResourceVersionId = table.Column<long>(type: "INTEGER", nullable: false),
                    Parameter = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_search_quantities", x => x.Id);
                    table.ForeignKey(
                        name: "FK_search_quantities_resource_versions_ResourceVersionId",
                        column: x => x.ResourceVersionId,
                        principalTable: "resource_versions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_search_numbers_Parameter_Value",
                table: "search_numbers",
                columns: new[] { "Parameter", "Value" });

            migrationBuilder.CreateIndex(
                name: "IX_search_numbers_ResourceVersionId",
                table: "search_numbers",
                column: "ResourceVersionId");

            migrationBuilder.CreateIndex(
                name: "IX_search_quantities_Parameter_CanonicalCode_CanonicalValue",
                table: "search_quantities",
                columns: new[] { "Parameter", "CanonicalCode", "CanonicalValue" });

            migrationBuilder.CreateIndex(
                name: "IX_search_quantities_Parameter_Code_Value",
                table: "search_quantities",
                columns: new[] { "Parameter", "Code", "Value" });

            migrationBuilder.CreateIndex(
                name: "IX_search_quantities_ResourceVersionId",
                table: "search_quantities",
                column: "ResourceVersionId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "search_numbers");

            migrationBuilder.DropTable(
                name: "search_quantities");
        }
    }
}
