using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EsmsDui.Storage.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class Tenancy : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_resource_versions_ResourceType_LogicalId_VersionId",
                table: "resource_versions");

            migrationBuilder.AddColumn<string>(
                name: "TenantId",
                table: "resource_versions",
                type: "character varying(64)",
                unicode: false,
                maxLength: 64,
                nullable: false,
                defaultValue: "");

            // Conformance resources are shared by every tenant (TenantContext.Shared).
            migrationBuilder.Sql("UPDATE \"resource_versions\" SET \"TenantId\" = '*' WHERE \"ResourceType\" IN ('StructureDefinition', 'ValueSet', 'CodeSystem', 'SearchParameter', 'CapabilityStatement', 'Questionnaire', 'OperationDefinition', 'NamingSystem', 'ConceptMap', 'ImplementationGuide')");

            migrationBuilder.CreateIndex(
                name: "IX_resource_versions_ResourceType_LogicalId_VersionId_TenantId",
                table: "resource_versions",
                columns: new[] { "ResourceType", "LogicalId", "VersionId", "TenantId" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_resource_versions_ResourceType_LogicalId_VersionId_TenantId",
                table: "resource_versions");

            migrationBuilder.DropColumn(
                name: "TenantId",
                table: "resource_versions");

            migrationBuilder.CreateIndex(
                name: "IX_resource_versions_ResourceType_LogicalId_VersionId",
                table: "resource_versions",
                columns: new[] { "ResourceType", "LogicalId", "VersionId" },
                unique: true);
        }
    }
}
