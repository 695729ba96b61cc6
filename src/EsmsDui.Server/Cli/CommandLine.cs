using System.Globalization;
using EsmsDui.Server.Hosting;
using EsmsDui.Storage;

namespace EsmsDui.Server.Cli;

/// <summary>The verbs of the server executable: <c>serve</c> (default), <c>migrate</c>, <c>import</c>, <c>reindex</c>, <c>seed</c>, <c>packages</c>, <c>validate</c>, <c>clients</c>, <c>staff</c>.</summary>
internal static class CommandLine
{
    private const string Usage = """
        EsmsDui FHIR server

        Usage:
          EsmsDui.Server [serve] [--urls http://127.0.0.1:8080] [--Database:Provider PostgreSql ...]
          EsmsDui.Server migrate              apply database migrations and exit
          EsmsDui.Server import <path>...     load Bundles (.json, .xml) and NDJSON files or folders of them
          EsmsDui.Server reindex [--restart]  rebuild the search index of every resource (resumes a stopped run)
          EsmsDui.Server seed [--usagers 100] create a demo: an organisme gestionnaire with an EHPAD, a MAS and a SSIAD
                                              and their usagers (séjour, projet personnalisé, AGGIR evaluation); once
          EsmsDui.Server packages             list the FHIR packages loaded (Fhir:PackageFolders, profiles/packages.json) and those missing
          EsmsDui.Server validate <path>... [--profile URL]
                                              validate FHIR files or folders against core, declared and required profiles
                                              (and URL); exit code 1 when a file has an error
          EsmsDui.Server clients add <client_id> --scope "system/*.rs" (--secret <secret> | --jwks <public-keys.json>)
                                [--tenant <tenant>] [--name <name>] [--esms <Organization id>,...] [--bind-certificate true]
                                              register a backend client (client credentials; a JWKS for
                                              private_key_jwt; --esms limits it to the usagers of those ESMS);
                                              again with the same id replaces it
          EsmsDui.Server clients add <client_id> --redirect-uri <uri>[,...] --scope "openid fhirUser offline_access user/*.rs" [--secret <s>]
                                              register a staff application (authorization code + PKCE through
                                              Pro Santé Connect; public without --secret)
          EsmsDui.Server clients list | clients remove <client_id>
          EsmsDui.Server staff add <idNatPs> --family <name> [--given <name>] --esms <Organization id>[,...] [--tenant <t>]
                                              a professional who signs in with Pro Santé Connect and reaches the
                                              usagers of those ESMS (an organisme gestionnaire: all its ESMS)
          EsmsDui.Server staff remove <idNatPs> [--tenant <t>]
          EsmsDui.Server help

        Configuration: appsettings.json, environment variables (Database__Provider, Database__ConnectionString, ...)
        and --Section:Key value arguments.
        """;

    public static async Task<int> RunAsync(string[] args)
    {
        var verb = args.Length > 0 && !args[0].StartsWith('-') ? args[0] : "serve";
        var rest = args.Length > 0 && !args[0].StartsWith('-') ? args[1..] : args;
        switch (verb)
        {
            case "serve":
                await using (var app = EsmsDuiApp.Build(rest))
                {
                    try
                    {
                        await EsmsDuiApp.StartAsync(app, CancellationToken.None);
                    }
                    catch (Exception ex) when (ex is InvalidOperationException or Microsoft.Extensions.Options.OptionsValidationException)
                    {
                        // A refusal to start (configuration): its message, not a stack trace.
                        await Console.Error.WriteLineAsync(ex.Message);
                        return 1;
                    }

                    await app.WaitForShutdownAsync();
                }

                return 0;
            case "migrate":
                await using (var app = EsmsDuiApp.Build(rest))
                {
                    var applied = await app.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
                    await Console.Out.WriteLineAsync(applied.Count == 0 ? "Database is up to date." : $"Applied {applied.Count} migration(s): {string.Join(", ", applied)}");
                }

                return 0;
            case "import":
                var paths = rest.TakeWhile(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
                if (paths.Length == 0)
                {
                    await Console.Error.WriteLineAsync("import needs at least one file or folder.\n\n" + Usage);
                    return 2;
                }

                await using (var app = EsmsDuiApp.Build(rest[paths.Length..]))
                {
                    await app.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
                    return await new ImportCommand(app.Services, Console.Error).RunAsync(paths, CancellationToken.None);
                }

            case "reindex":
                var restart = rest.Contains("--restart");
                await using (var app = EsmsDuiApp.Build([.. rest.Where(a => a != "--restart")]))
                {
                    await app.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
                    return await ReindexCommand.RunAsync(app.Services, restart, Console.Out, CancellationToken.None);
                }

            case "seed":
                var at = Array.IndexOf(rest, "--usagers");
                var usagers = at >= 0 && at + 1 < rest.Length && int.TryParse(rest[at + 1], CultureInfo.InvariantCulture, out var n) && n is > 0 and <= 10_000 ? n : at >= 0 ? -1 : 100;
                if (usagers < 0)
                {
                    await Console.Error.WriteLineAsync("--usagers takes a number from 1 to 10000.\n\n" + Usage);
                    return 2;
                }

                await using (var app = EsmsDuiApp.Build([.. rest.Where((_, i) => at < 0 || (i != at && i != at + 1))]))
                {
                    await app.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
                    return await SeedCommand.RunAsync(app.Services, usagers, Console.Out, CancellationToken.None);
                }

            case "packages":
                await using (var app = EsmsDuiApp.Build(rest))
                {
                    return await PackagesCommand.RunAsync(app.Services, Console.Out, CancellationToken.None);
                }

            case "validate":
                var files = rest.TakeWhile(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
                var options = rest[files.Length..];
                var profileAt = Array.IndexOf(options, "--profile");
                if (files.Length == 0 || (profileAt >= 0 && profileAt == options.Length - 1))
                {
                    await Console.Error.WriteLineAsync("validate needs at least one file or folder (and a URL after --profile).\n\n" + Usage);
                    return 2;
                }

                var profile = profileAt >= 0 ? options[profileAt + 1] : null;
                await using (var app = EsmsDuiApp.Build(profileAt >= 0 ? [.. options[..profileAt], .. options[(profileAt + 2)..]] : options))
                {
                    return await ValidateCommand.RunAsync(app.Services, files, profile, Console.Out, CancellationToken.None);
                }

            case "clients" or "staff":
                var action = rest.Length > 0 ? rest[0] : string.Empty;
                var subject = rest.Length > 1 && !rest[1].StartsWith("--", StringComparison.Ordinal) ? rest[1] : null;
                var known = verb == "clients" ? ClientsCommand.Options : StaffCommand.Options;
                var verbOptions = new Dictionary<string, string>(StringComparer.Ordinal);
                var settings = new List<string>();
                for (var i = subject is null ? 1 : 2; i < rest.Length; i++)
                {
                    if (known.Contains(rest[i]) && i + 1 < rest.Length)
                    {
                        verbOptions[rest[i]] = rest[++i];
                    }
                    else
                    {
                        settings.Add(rest[i]);
                    }
                }

                await using (var app = EsmsDuiApp.Build([.. settings]))
                {
                    await app.Services.GetRequiredService<DatabaseMigrator>().MigrateAsync(CancellationToken.None);
                    var code = verb == "clients"
                        ? await ClientsCommand.RunAsync(app.Services, action, subject, verbOptions, Console.Out, CancellationToken.None)
                        : await StaffCommand.RunAsync(app.Services, action, subject, verbOptions, Console.Out, CancellationToken.None);
                    if (code == 2)
                    {
                        await Console.Error.WriteLineAsync($"Wrong arguments for {verb}.\n\n" + Usage);
                    }

                    return code;
                }

            case "help" or "--help" or "-h":
                await Console.Out.WriteLineAsync(Usage);
                return 0;
            default:
                await Console.Error.WriteLineAsync($"Unknown verb '{verb}'.\n\n{Usage}");
                return 2;
        }
    }
}
