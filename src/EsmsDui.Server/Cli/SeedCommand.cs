using System.Globalization;
using EsmsDui.Dossier.Demo;
using EsmsDui.Fhir.Engine;
using EsmsDui.Fhir.Errors;
using EsmsDui.Fhir.Requests;
using Hl7.Fhir.Model;

namespace EsmsDui.Server.Cli;

/// <summary>
/// The <c>seed</c> verb: a demo organisme gestionnaire with an EHPAD, a MAS and a SSIAD and their usagers (séjour,
/// projet personnalisé, AGGIR evaluation and GIR), each usager one transaction through the same path as the API,
/// so that every resource is validated against the profiles it declares. Run again, it adds nothing.
/// </summary>
internal static class SeedCommand
{
    private const string BaseUrl = "http://localhost" + FhirBase.Path;

    public static async Task<int> RunAsync(IServiceProvider services, int usagers, TextWriter output, CancellationToken cancellationToken)
    {
        await using var scope = services.GetRequiredService<IServiceScopeFactory>().CreateEngineScope(EngineActor.System("cli-seed"));
        var engine = scope.ServiceProvider.GetRequiredService<IFhirEngine>();
        if ((await engine.MatchAsync("Organization", DemoRecords.EstablishmentReference(DemoEstablishment.Gestionnaire).Split('?')[1], cancellationToken)).Count > 0)
        {
            await output.WriteLineAsync("The demo is already there (its organisme gestionnaire exists): nothing added.");
            return 0;
        }

        try
        {
            var structures = await PostAsync(engine, DemoRecords.Structures(), cancellationToken);

            // Entries of the structures: the gestionnaire, then an establishment and its nurse per establishment.
            var records = new DemoRecords();
            var created = 0;
            for (var e = 0; e < DemoEstablishment.All.Count; e++)
            {
                var establishment = DemoEstablishment.All[e];
                // Shares of the total, the last establishment taking what rounding left, so that the counts add up.
                var count = e < DemoEstablishment.All.Count - 1 ? usagers * establishment.Usagers / 100 : usagers - created;
                for (var number = 1; number <= count; number++)
                {
                    await PostAsync(engine, records.Usager(establishment, number, structures[1 + (2 * e)], structures[2 + (2 * e)]), cancellationToken);
                    created++;
                }

                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{establishment.Kind} {establishment.Name} (FINESS {establishment.Finess}): {count} usagers"));
            }

            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Demo ready: {DemoEstablishment.Gestionnaire.Name}, {DemoEstablishment.All.Count} establishments, {created} usagers."));
            return 0;
        }
        catch (FhirException ex)
        {
            await output.WriteLineAsync($"The demo could not be written: {string.Join(" ", ex.Issues.Select(i => $"{i.Diagnostics} ({string.Join(", ", i.Expression)})"))}");
            return 1;
        }
    }

    // The references of the created resources (Type/id), in entry order.
    private static async Task<List<string>> PostAsync(IFhirEngine engine, Bundle bundle, CancellationToken cancellationToken)
    {
        var answer = await engine.ProcessBundleAsync(bundle, BaseUrl, PreferReturn.Representation, cancellationToken);
        return [.. answer.Entry.Select(e => string.Join('/', (e.Response?.Location ?? string.Empty).Replace(BaseUrl + "/", string.Empty, StringComparison.Ordinal).Split('/').Take(2)))];
    }
}
