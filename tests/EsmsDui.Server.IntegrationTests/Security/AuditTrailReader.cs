using EsmsDui.Fhir.Audit;
using EsmsDui.Server.IntegrationTests.Fixtures;
using Hl7.Fhir.Model;
using Microsoft.Extensions.DependencyInjection;

namespace EsmsDui.Server.IntegrationTests.Security;

/// <summary>Reads the audit trail of a secured server as an auditor would (a token with system/AuditEvent.rs).</summary>
public static class AuditTrailReader
{
    public const string ClientSystem = AuditEventFactory.ClientSystem;

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<ServerFixture, Lazy<Task<(string Token, DateTime At)>>> Auditors = new();

    /// <summary>
    /// The AuditEvents a search finds, waiting (up to 10 s) until at least <paramref name="atLeast"/> are there: events
    /// are recorded once the answer is sent and stored by a background writer.
    /// </summary>
    public static async Task<List<AuditEvent>> FindAsync(ServerFixture server, string query, int atLeast = 1)
    {
        using var client = Tokens.Client(server, await AuditorTokenAsync(server));
        var trail = server.Services.GetRequiredService<AuditTrail>();
        for (var attempt = 0; ; attempt++)
        {
            await trail.FlushAsync(CancellationToken.None);
            var bundle = await FhirHttp.ReadAsync<Bundle>(await client.GetAsync("AuditEvent?_count=100&" + query));
            var found = bundle.Entry.Select(e => e.Resource).OfType<AuditEvent>().ToList();
            if (found.Count >= atLeast || attempt == 100)
            {
                return found;
            }

            await System.Threading.Tasks.Task.Delay(100);
        }
    }

    /// <summary>The client-identifier criterion of the audit <c>agent</c> search parameter.</summary>
    public static string Agent(string clientId) => $"agent:identifier={Uri.EscapeDataString(ClientSystem)}|{clientId}";

    private static async Task<string> AuditorTokenAsync(ServerFixture server)
    {
        var entry = await Auditors.GetOrAdd(server, s => new Lazy<Task<(string, DateTime)>>(async () =>
        {
            await Tokens.RegisterAsync(s, "auditor", "system/AuditEvent.rs");
            return (await Tokens.GetAsync(s, "auditor", "system/AuditEvent.rs"), DateTime.UtcNow);
        })).Value;
        if (DateTime.UtcNow - entry.At > TimeSpan.FromMinutes(4))
        {
            entry = (await Tokens.GetAsync(server, "auditor", "system/AuditEvent.rs"), DateTime.UtcNow);
            Auditors[server] = new Lazy<Task<(string, DateTime)>>(System.Threading.Tasks.Task.FromResult(entry));
        }

        return entry.Token;
    }
}
