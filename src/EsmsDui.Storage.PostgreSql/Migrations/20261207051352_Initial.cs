using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace EsmsDui.Storage.PostgreSql.Migrations
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "maintenance_jobs",
                columns: table => new
                {
                    Name = table.Column<string>(type: "character varying(64)", unicode: false, maxLength: 64, nullable: false),
                    Position = table.Column<long>(type: "bigint", nullable: false),
                    Processed = table.Column<long>(type: "bigint", nullable: false),
                    Total = table.Column<long>(type: "bigint", nullable: false),
                    Failed = table.Column<long>(type: "bigint", nullable: false),
                    StartedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    FinishedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_maintenance_jobs", x => x.Name);
                });

            migrationBuilder.CreateTable(
                name: "OpenIddictApplications",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    ApplicationType = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    ClientId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    ClientSecret = table.Column<string>(type: "text", nullable: true),
                    ClientType = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    ConcurrencyToken = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    ConsentType = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    DisplayName = table.Column<string>(type: "text", nullable: true),
                    DisplayNames = table.Column<string>(type: "text", nullable: true),
                    JsonWebKeySet = table.Column<string>(type: "text", nullable: true),
                    Permissions = table.Column<string>(type: "text", nullable: true),
                    PostLogoutRedirectUris = table.Column<string>(type: "text", nullable: true),
                    Properties = table.Column<string>(type: "text", nullable: true),
                    RedirectUris = table.Column<string>(type: "text", nullable: true),
                    Requirements = table.Column<string>(type: "text", nullable: true),
                    Settings = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OpenIddictApplications", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "OpenIddictScopes",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    ConcurrencyToken = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    Description = table.Column<string>(type: "text", nullable: true),
                    Descriptions = table.Column<string>(type: "text", nullable: true),
                    DisplayName = table.Column<string>(type: "text", nullable: true),
                    DisplayNames = table.Column<string>(type: "text", nullable: true),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Properties = table.Column<string>(type: "text", nullable: true),
                    Resources = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OpenIddictScopes", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "resource_versions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ResourceType = table.Column<string>(type: "character varying(64)", unicode: false, maxLength: 64, nullable: false),
                    TenantId = table.Column<string>(type: "character varying(64)", unicode: false, maxLength: 64, nullable: false, defaultValue: ""),
                    LogicalId = table.Column<string>(type: "character varying(64)", unicode: false, maxLength: 64, nullable: false),
                    VersionId = table.Column<int>(type: "integer", nullable: false),
                    LastUpdated = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Method = table.Column<byte>(type: "smallint", nullable: false),
                    IsCurrent = table.Column<bool>(type: "boolean", nullable: false),
                    Body = table.Column<byte[]>(type: "bytea", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_resource_versions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "OpenIddictAuthorizations",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    ApplicationId = table.Column<string>(type: "text", nullable: true),
                    ConcurrencyToken = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    CreationDate = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Properties = table.Column<string>(type: "text", nullable: true),
                    Scopes = table.Column<string>(type: "text", nullable: true),
                    Status = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    Subject = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    Type = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OpenIddictAuthorizations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_OpenIddictAuthorizations_OpenIddictApplications_Application~",
                        column: x => x.ApplicationId,
                        principalTable: "OpenIddictApplications",
                        principalColumn: "Id");
                });

            migrationBuilder.CreateTable(
                name: "search_dates",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Start = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    End = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ResourceVersionId = table.Column<long>(type: "bigint", nullable: false),
                    Parameter = table.Column<string>(type: "character varying(64)", unicode: false, maxLength: 64, nullable: false),
                    Group = table.Column<int>(type: "integer", nullable: true)
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
                name: "search_numbers",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Value = table.Column<double>(type: "double precision", nullable: false),
                    ResourceVersionId = table.Column<long>(type: "bigint", nullable: false),
                    Parameter = table.Column<string>(type: "character varying(64)", unicode: false, maxLength: 64, nullable: false),
                    Group = table.Column<int>(type: "integer", nullable: true)
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    System = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    Code = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    Unit = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    Value = table.Column<double>(type: "double precision", nullable: false),
                    CanonicalCode = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    CanonicalValue = table.Column<double>(type: "double precision", nullable: true),
                    ResourceVersionId = table.Column<long>(type: "bigint", nullable: false),
                    Parameter = table.Column<string>(type: "character varying(64)", unicode: false, maxLength: 64, nullable: false),
                    Group = table.Column<int>(type: "integer", nullable: true)
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

            migrationBuilder.CreateTable(
                name: "search_references",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    TargetType = table.Column<string>(type: "character varying(64)", unicode: false, maxLength: 64, nullable: true),
                    TargetId = table.Column<string>(type: "character varying(64)", unicode: false, maxLength: 64, nullable: true),
                    Url = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: true),
                    ResourceVersionId = table.Column<long>(type: "bigint", nullable: false),
                    Parameter = table.Column<string>(type: "character varying(64)", unicode: false, maxLength: 64, nullable: false),
                    Group = table.Column<int>(type: "integer", nullable: true)
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Normalized = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false, collation: "C"),
                    Exact = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    ResourceVersionId = table.Column<long>(type: "bigint", nullable: false),
                    Parameter = table.Column<string>(type: "character varying(64)", unicode: false, maxLength: 64, nullable: false),
                    Group = table.Column<int>(type: "integer", nullable: true)
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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    System = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: true),
                    Code = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: false),
                    ResourceVersionId = table.Column<long>(type: "bigint", nullable: false),
                    Parameter = table.Column<string>(type: "character varying(64)", unicode: false, maxLength: 64, nullable: false),
                    Group = table.Column<int>(type: "integer", nullable: true)
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

            migrationBuilder.CreateTable(
                name: "OpenIddictTokens",
                columns: table => new
                {
                    Id = table.Column<string>(type: "text", nullable: false),
                    ApplicationId = table.Column<string>(type: "text", nullable: true),
                    AuthorizationId = table.Column<string>(type: "text", nullable: true),
                    ConcurrencyToken = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    CreationDate = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ExpirationDate = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Payload = table.Column<string>(type: "text", nullable: true),
                    Properties = table.Column<string>(type: "text", nullable: true),
                    RedemptionDate = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    ReferenceId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Status = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    Subject = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    Type = table.Column<string>(type: "character varying(150)", maxLength: 150, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OpenIddictTokens", x => x.Id);
                    table.ForeignKey(
                        name: "FK_OpenIddictTokens_OpenIddictApplications_ApplicationId",
                        column: x => x.ApplicationId,
                        principalTable: "OpenIddictApplications",
                        principalColumn: "Id");
                    table.ForeignKey(
                        name: "FK_OpenIddictTokens_OpenIddictAuthorizations_AuthorizationId",
                        column: x => x.AuthorizationId,
                        principalTable: "OpenIddictAuthorizations",
                        principalColumn: "Id");
                });

            migrationBuilder.CreateIndex(
                name: "IX_OpenIddictApplications_ClientId",
                table: "OpenIddictApplications",
                column: "ClientId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_OpenIddictAuthorizations_ApplicationId_Status_Subject_Type",
                table: "OpenIddictAuthorizations",
                columns: new[] { "ApplicationId", "Status", "Subject", "Type" });

            migrationBuilder.CreateIndex(
                name: "IX_OpenIddictScopes_Name",
                table: "OpenIddictScopes",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_OpenIddictTokens_ApplicationId_Status_Subject_Type",
                table: "OpenIddictTokens",
                columns: new[] { "ApplicationId", "Status", "Subject", "Type" });

            migrationBuilder.CreateIndex(
                name: "IX_OpenIddictTokens_AuthorizationId",
                table: "OpenIddictTokens",
                column: "AuthorizationId");

            migrationBuilder.CreateIndex(
                name: "IX_OpenIddictTokens_ReferenceId",
                table: "OpenIddictTokens",
                column: "ReferenceId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_resource_versions_LastUpdated",
                table: "resource_versions",
                column: "LastUpdated");

            migrationBuilder.CreateIndex(
                name: "IX_resource_versions_ResourceType_Id",
                table: "resource_versions",
                columns: new[] { "ResourceType", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_resource_versions_ResourceType_LastUpdated_Id",
                table: "resource_versions",
                columns: new[] { "ResourceType", "LastUpdated", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_resource_versions_ResourceType_LogicalId_VersionId_TenantId",
                table: "resource_versions",
                columns: new[] { "ResourceType", "LogicalId", "VersionId", "TenantId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_search_dates_Parameter_End",
                table: "search_dates",
                columns: new[] { "Parameter", "End" });

            migrationBuilder.CreateIndex(
                name: "IX_search_dates_Parameter_Start_End",
                table: "search_dates",
                columns: new[] { "Parameter", "Start", "End" });

            migrationBuilder.CreateIndex(
                name: "IX_search_dates_ResourceVersionId",
                table: "search_dates",
                column: "ResourceVersionId");

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
                name: "maintenance_jobs");

            migrationBuilder.DropTable(
                name: "OpenIddictScopes");

            migrationBuilder.DropTable(
                name: "OpenIddictTokens");

            migrationBuilder.DropTable(
                name: "search_dates");

            migrationBuilder.DropTable(
                name: "search_numbers");

            migrationBuilder.DropTable(
                name: "search_quantities");

            migrationBuilder.DropTable(
                name: "search_references");

            migrationBuilder.DropTable(
                name: "search_strings");

            migrationBuilder.DropTable(
                name: "search_tokens");

            migrationBuilder.DropTable(
                name: "OpenIddictAuthorizations");

            migrationBuilder.DropTable(
                name: "resource_versions");

            migrationBuilder.DropTable(
                name: "OpenIddictApplications");
        }
    }
}
