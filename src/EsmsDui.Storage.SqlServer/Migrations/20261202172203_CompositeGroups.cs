using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EsmsDui.Storage.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class CompositeGroups : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "Group",
                table: "search_tokens",
                type: "int",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Group",
                table: "search_strings",
                type: "int",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Group",
                table: "search_references",
                type: "int",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Group",
                table: "search_quantities",
                type: "int",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Group",
                table: "search_numbers",
                type: "int",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Group",
                table: "search_dates",
                type: "int",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Group",
                table: "search_tokens");

            migrationBuilder.DropColumn(
                name: "Group",
                table: "search_strings");

            migrationBuilder.DropColumn(
                name: "Group",
                table: "search_references");

            migrationBuilder.DropColumn(
                name: "Group",
                table: "search_quantities");

            migrationBuilder.DropColumn(
                name: "Group",
                table: "search_numbers");

            migrationBuilder.DropColumn(
                name: "Group",
                table: "search_dates");
        }
    }
}
