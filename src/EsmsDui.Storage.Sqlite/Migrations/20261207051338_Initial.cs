using System;
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
                name: "maintenance_jobs",
                columns: table => new
                {
                    Name = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: false),
                    Position = table.Column<long>(type: "INTEGER", nullable: false),
                    Processed = table.Column<long>(type: "INTEGER", nullable: false),
                    Total = table.Column<long>(type: "INTEGER", nullable: false),
                    Failed = table.Column<long>(type: "INTEGER", nullable: false),
                    StartedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    FinishedAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_maintenance_jobs", x => x.Name);
                });

            migrationBuilder.CreateTable(
                name: "OpenIddictApplications",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    ApplicationType = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    ClientId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    ClientSecret = table.Column<string>(type: "TEXT", nullable: true),
                    ClientType = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    ConcurrencyToken = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    ConsentType = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    DisplayName = table.Column<string>(type: "TEXT", nullable: true),
                    DisplayNames = table.Column<string>(type: "TEXT", nullable: true),
                    JsonWebKeySet = table.Column<string>(type: "TEXT", nullable: true),
                    Permissions = table.Column<string>(type: "TEXT", nullable: true),
                    PostLogoutRedirectUris = table.Column<string>(type: "TEXT", nullable: true),
                    Properties = table.Column<string>(type: "TEXT", nullable: true),
                    RedirectUris = table.Column<string>(type: "TEXT", nullable: true),
                    Requirements = table.Column<string>(type: "TEXT", nullable: true),
                    Settings = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OpenIddictApplications", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "OpenIddictScopes",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    ConcurrencyToken = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    Description = table.Column<string>(type: "TEXT", nullable: true),
                    Descriptions = table.Column<string>(type: "TEXT", nullable: true),
                    DisplayName = table.Column<string>(type: "TEXT", nullable: true),
                    DisplayNames = table.Column<string>(type: "TEXT", nullable: true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Properties = table.Column<string>(type: "TEXT", nullable: true),
                    Resources = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OpenIddictScopes", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "resource_versions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ResourceType = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: false),
                    TenantId = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: false, defaultValue: ""),
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

            migrationBuilder.CreateTable(
                name: "OpenIddictAuthorizations",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    ApplicationId = table.Column<string>(type: "TEXT", nullable: true),
                    ConcurrencyToken = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    CreationDate = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Properties = table.Column<string>(type: "TEXT", nullable: true),
                    Scopes = table.Column<string>(type: "TEXT", nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 400, nullable: true),
                    Type = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_OpenIddictAuthorizations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_OpenIddictAuthorizations_OpenIddictApplications_ApplicationId",
                        column: x => x.ApplicationId,
                        principalTable: "OpenIddictApplications",
                        principalColumn: "Id");
                });

            migrationBuilder.CreateTable(
                name: "search_dates",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Start = table.Column<long>(type: "INTEGER", nullable: false),
                    End = table.Column<long>(type: "INTEGER", nullable: false),
                    ResourceVersionId = table.Column<long>(type: "INTEGER", nullable: false),
                    Parameter = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: false),
                    Group = table.Column<int>(type: "INTEGER", nullable: true)
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
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Value = table.Column<double>(type: "REAL", nullable: false),
                    ResourceVersionId = table.Column<long>(type: "INTEGER", nullable: false),
                    Parameter = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: false),
                    Group = table.Column<int>(type: "INTEGER", nullable: true)
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
                    Parameter = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: false),
                    Group = table.Column<int>(type: "INTEGER", nullable: true)
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
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TargetType = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: true),
                    TargetId = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: true),
                    Url = table.Column<string>(type: "TEXT", maxLength: 512, nullable: true),
                    ResourceVersionId = table.Column<long>(type: "INTEGER", nullable: false),
                    Parameter = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: false),
                    Group = table.Column<int>(type: "INTEGER", nullable: true)
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
                    Parameter = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: false),
                    Group = table.Column<int>(type: "INTEGER", nullable: true)
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
                    Parameter = table.Column<string>(type: "TEXT", unicode: false, maxLength: 64, nullable: false),
                    Group = table.Column<int>(type: "INTEGER", nullable: true)
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
                    Id = table.Column<string>(type: "TEXT", nullable: false),
                    ApplicationId = table.Column<string>(type: "TEXT", nullable: true),
                    AuthorizationId = table.Column<string>(type: "TEXT", nullable: true),
                    ConcurrencyToken = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    CreationDate = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ExpirationDate = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Payload = table.Column<string>(type: "TEXT", nullable: true),
                    Properties = table.Column<string>(type: "TEXT", nullable: true),
                    RedemptionDate = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ReferenceId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 50, nullable: true),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 400, nullable: true),
                    Type = table.Column<string>(type: "TEXT", maxLength: 150, nullable: true)
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
