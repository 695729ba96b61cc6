using EsmsDui.Fhir.Access;
using EsmsDui.Fhir.Requests;
using EsmsDui.Server.IntegrationTests.Fixtures;
using Hl7.Fhir.Model;
using Xunit.Abstractions;

namespace EsmsDui.Server.IntegrationTests.Security.Disclosure;

/// <summary>
/// Issue 14's differential property: for generated callers (scopes × tenants × establishments × usager contexts)
/// and generated requests covering every interaction and every operation of the CapabilityStatement, every stored
/// resource in every answer is one the caller can read directly, every resource a caller writes is one it can read
/// back (when it may read its type), and no request fails with a server error. No exception list: what a caller
/// cannot read directly must not reach it by any path. <c>ESMSDUI_PROPERTY_REQUESTS</c> (default 10,000) and
/// <c>ESMSDUI_PROPERTY_SEED</c> replay a run.
/// </summary>
public abstract class DisclosurePropertyTests(ServerFixture server, ITestOutputHelper output)
{
    [Fact]
    public async Task Every_resource_in_every_answer_is_one_its_caller_can_read_directly()
    {
        var count = int.TryParse(Environment.GetEnvironmentVariable("ESMSDUI_PROPERTY_REQUESTS"), out var n) ? n : 10_000;
        var seed = int.TryParse(Environment.GetEnvironmentVariable("ESMSDUI_PROPERTY_SEED"), out var s) ? s : Random.Shared.Next();
        var random = new Random(seed);
        var engine = new EnginePort(server.Services);
        await DisclosureWorld.SeedAsync(engine);
        await LeaveAnAuditTrailAsync();
        var (metadata, _) = await engine.SendAsync(AccessContext.Unrestricted, string.Empty, new FhirRequest { Method = "GET", Path = "metadata", BaseUrl = EnginePort.BaseUrl });
        var generator = new RequestGenerator((CapabilityStatement)metadata!.Resource!, random);
        var oracle = new DirectReadOracle(engine);
        var failures = new List<string>();
        var covered = new HashSet<string>(StringComparer.Ordinal);
        var (answered, refused, leaves) = (0, 0, 0);
        var refusals = new Dictionary<string, int>(StringComparer.Ordinal);

        for (var i = 0; i < Math.Max(count, generator.Keys.Count); i++)
        {
            // Every interaction and operation once, then random ones.
            var (key, request) = i < generator.Keys.Count ? (generator.Keys[i], generator.For(generator.Keys[i])) : generator.Next();
            var caller = Caller.Draw(random);
            var readBeforeWrites = await ReadBeforeWritesAsync(engine, oracle, caller, request);
            var (response, error) = await engine.SendAsync(caller.Access, caller.Tenant, request);
            covered.Add(key);
            var what = $"#{i} {caller} {request.Method} {request.Path}?{string.Join('&', request.Query.Select(q => $"{q.Key}={q.Value}"))}";
            if (error is not null)
            {
                refused++;
                var reason = new string([.. error.Message.TakeWhile(c => !char.IsDigit(c) && c != '/').Take(60)]);
                refusals[reason] = refusals.GetValueOrDefault(reason) + 1;
                if (!EnginePort.IsAnswer(error))
                {
                    failures.Add($"{what}: server error {error.GetType().Name}: {error.Message}");
                }

                continue;
            }

            if (request.Method != "GET")
            {
                oracle.Forget();
                await CheckWrittenAsync(request, response!, caller, generator, oracle, failures, what);
            }

            answered++;
            foreach (var leaf in Leaf.Of(response!).Distinct())
            {
                leaves++;
                if (!readBeforeWrites.Contains(leaf.Path) && !await oracle.MayReadAsync(caller, leaf))
                {
                    failures.Add($"{what}: answered {leaf.Path}, which a direct read refuses");
                }
            }
        }

        output.WriteLine($"Seed {seed}: {answered} answered, {refused} refused (4xx), {leaves} resources checked against a direct read. Most frequent refusals:");
        foreach (var (reason, times) in refusals.OrderByDescending(r => r.Value).Take(12))
        {
            output.WriteLine($"  {times,5} {reason}");
        }

        Assert.True(failures.Count == 0, $"Seed {seed}: {failures.Count} violations, the first ones:\n{string.Join('\n', failures.Take(25))}");
        Assert.Empty(generator.Keys.Except(covered));
        Assert.True(answered > count / 4 && leaves > count / 5, $"Too few answers to mean anything: {answered} answered, {leaves} resources checked.");
    }

    // A batch runs its entries in order, so a GET before a DELETE in it rightly answers what the DELETE then removes:
    // what the GET entries before the batch's last write answer is checked against a direct read before the batch,
    // by sending each of them alone first.
    private static async Task<HashSet<string>> ReadBeforeWritesAsync(EnginePort engine, DirectReadOracle oracle, Caller caller, FhirRequest request)
    {
        var readable = new HashSet<string>(StringComparer.Ordinal);
        if (request.Resource is not Bundle { Type: Bundle.BundleType.Batch } batch)
        {
            return readable;
        }

        var lastWrite = batch.Entry.FindLastIndex(e => e.Request?.Method is not (null or Bundle.HTTPVerb.GET or Bundle.HTTPVerb.HEAD));
        foreach (var entry in batch.Entry.Take(Math.Max(lastWrite, 0)).Where(e => e.Request?.Method == Bundle.HTTPVerb.GET && e.Request.Url is not null))
        {
            var url = entry.Request.Url.Split('?', 2);
            var query = url.Length > 1
                ? url[1].Split('&', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=', 2)).Select(p => new KeyValuePair<string, string>(Uri.UnescapeDataString(p[0]), p.Length > 1 ? Uri.UnescapeDataString(p[1]) : string.Empty)).ToList()
                : [];
            var (answer, _) = await engine.SendAsync(caller.Access, caller.Tenant, new FhirRequest { Method = "GET", Path = url[0], BaseUrl = EnginePort.BaseUrl, Query = query });
            foreach (var leaf in answer is null ? [] : Leaf.Of(answer))
            {
                if (await oracle.MayReadAsync(caller, leaf))
                {
                    readable.Add(leaf.Path);
                }
            }
        }

        return readable;
    }

    // A write's result is the caller's: if it may read the type, it reads it back (nothing written beyond its reach).
    private static async Task CheckWrittenAsync(FhirRequest request, FhirResponse response, Caller caller, RequestGenerator generator, DirectReadOracle oracle, List<string> failures, string what)
    {
        if (response.Stored is not { IsDeleted: false } stored || !response.IsWriteResult)
        {
            return;
        }

        if (response.Status == 201)
        {
            generator.Created(stored.ResourceType, stored.Id);
        }

        if (request.Method is "POST" or "PUT" or "PATCH" && !request.Path.Contains('$', StringComparison.Ordinal) && caller.Access.Allows(stored.ResourceType, SmartPermissions.Read)
            && !await oracle.MayReadAsync(caller, new Leaf(stored.ResourceType, stored.Id, null)))
        {
            failures.Add($"{what}: wrote {stored.ResourceType}/{stored.Id}, which it cannot read back");
        }
    }

    // Real HTTP requests with a token, so that the audit trail holds events naming the world's usagers.
    private async Task LeaveAnAuditTrailAsync()
    {
        var clientId = "pp-audit-" + Guid.NewGuid().ToString("N")[..6];
        await Tokens.RegisterAsync(server, clientId, "system/*.rs");
        using var client = Tokens.Client(server, await Tokens.GetAsync(server, clientId, "system/*.rs"));
        foreach (var patient in DisclosureWorld.Ids["Patient"])
        {
            using var _ = await client.GetAsync($"Patient/{patient}/$everything");
        }
    }

    /// <summary>Whether a caller can read a resource directly, asked of the engine as that caller (cached between writes).</summary>
    private sealed class DirectReadOracle(EnginePort engine)
    {
        private readonly Dictionary<(string Caller, string Tenant, string Path), bool> _answers = [];

        public void Forget() => _answers.Clear();

        public async Task<bool> MayReadAsync(Caller caller, Leaf leaf)
        {
            var key = (caller.ToString(), caller.Tenant, leaf.Path);
            if (!_answers.TryGetValue(key, out var readable))
            {
                // A resource the tenant does not store (the CapabilityStatement, an OperationOutcome) is the server's own answer.
                var stored = await ReadAsync(AccessContext.Unrestricted, caller.Tenant, leaf);
                _answers[key] = readable = !stored || await ReadAsync(caller.Access, caller.Tenant, leaf);
            }

            return readable;
        }

        private async Task<bool> ReadAsync(AccessContext access, string tenant, Leaf leaf)
        {
            var (response, _) = await engine.SendAsync(access, tenant, new FhirRequest { Method = "GET", Path = leaf.Path, BaseUrl = EnginePort.BaseUrl });
            return response is { Status: 200 } && (response.Resource is not null || response.Stored is { IsDeleted: false });
        }
    }
}

[Collection(SecuredSqliteServers.Name)]
public sealed class SqliteDisclosurePropertyTests(SecuredSqliteServer server, ITestOutputHelper output) : DisclosurePropertyTests(server, output);

[Collection(SecuredPostgresServers.Name)]
public sealed class PostgresDisclosurePropertyTests(SecuredPostgresServer server, ITestOutputHelper output) : DisclosurePropertyTests(server, output);
