using EsmsDui.Fhir.Errors;
using EsmsDui.Security;

namespace EsmsDui.Server.Cli;

/// <summary>
/// The <c>clients</c> verb: registers (<c>add</c>), lists and removes the clients that get tokens from this server
/// (client credentials with a secret or a JWKS for private_key_jwt).
/// </summary>
internal static class ClientsCommand
{
    /// <summary>The options of the verb (the other <c>--</c> arguments configure the server).</summary>
    public static readonly string[] Options = ["--scope", "--secret", "--jwks", "--tenant", "--name", "--esms", "--redirect-uri", "--bind-certificate"];

    public static async Task<int> RunAsync(IServiceProvider services, string action, string? clientId, IReadOnlyDictionary<string, string> options, TextWriter output, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var clients = scope.ServiceProvider.GetRequiredService<ClientRegistry>();
        switch (action)
        {
            case "add" when clientId is not null && options.TryGetValue("--scope", out var scopes):
                var jwks = options.TryGetValue("--jwks", out var path) ? await File.ReadAllTextAsync(path, cancellationToken) : null;
                try
                {
                    await clients.RegisterAsync(
                        new ClientRegistration(clientId, scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries), options.GetValueOrDefault("--secret"), jwks, options.GetValueOrDefault("--tenant") ?? string.Empty, options.GetValueOrDefault("--name"),
                            options.GetValueOrDefault("--esms")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                            options.GetValueOrDefault("--redirect-uri")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                            options.GetValueOrDefault("--bind-certificate") == "true"),
                        cancellationToken);
                }
                catch (FhirException ex)
                {
                    await output.WriteLineAsync(ex.Message);
                    return 1;
                }

                await output.WriteLineAsync($"Client '{clientId}' registered with {scopes}.");
                return 0;
            case "list":
                await foreach (var (id, tenant, granted, usesKeys, establishments) in clients.ListAsync(cancellationToken))
                {
                    var reach = establishments.Count == 0 ? "all usagers" : "usagers of " + string.Join(',', establishments.Select(e => "Organization/" + e));
                    await output.WriteLineAsync($"{id,-30} {(tenant.Length == 0 ? "(default tenant)" : tenant),-20} {(usesKeys ? "private_key_jwt" : "secret"),-16} {string.Join(' ', granted)}  [{reach}]");
                }

                return 0;
            case "remove" when clientId is not null:
                var removed = await clients.RemoveAsync(clientId, cancellationToken);
                await output.WriteLineAsync(removed ? $"Client '{clientId}' removed." : $"No client '{clientId}'.");
                return removed ? 0 : 1;
            default:
                return 2;
        }
    }
}
