using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EsmsDui.Security;

/// <summary>
/// In the Development environment, registers the client <c>demo</c> (secret <c>demo-secret</c>, <c>system/*.cruds system/AuditEvent.rs</c>)
/// so that the README's one curl command gets a token; never in another environment.
/// </summary>
internal sealed partial class DemoClientSeeder(IServiceScopeFactory scopes, IHostEnvironment environment, IOptions<SecurityOptions> options, ILogger<DemoClientSeeder> logger) : IHostedService
{
    public const string ClientId = "demo";
    public const string Secret = "demo-secret";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!environment.IsDevelopment() || !options.Value.Enabled || !options.Value.SeedDemoClient)
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<ClientRegistry>()
            .RegisterAsync(new ClientRegistration(ClientId, ["system/*.cruds", "system/AuditEvent.rs"], Secret, null, Fhir.Tenancy.TenantContext.Default, "Demo client (Development only)"), cancellationToken);
        LogDemoClient(logger, ClientId);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Development: the demo client '{ClientId}' (scopes system/*.cruds system/AuditEvent.rs, secret in the README) is registered; never in production")]
    private static partial void LogDemoClient(ILogger logger, string clientId);
}
