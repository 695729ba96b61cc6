using EsmsDui.Conformance.Groups.Common;
using EsmsDui.Conformance.Model;
using Hl7.Fhir.Model;

namespace EsmsDui.Conformance.Groups.Traceability;

/// <summary>Group 6: who opened a usager's record is traced in AuditEvents the API can search and nobody can change.</summary>
public static class TraceabilityGroup
{
    // The server may store events in the background: they are looked for during this long.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    /// <summary>The group.</summary>
    public static TestGroup Create() => new(6, "Traceability (AuditEvent)", "The preset's client with a scope that reads AuditEvent (system/AuditEvent.rs).",
    [
        new("6.01", "Reading a usager's record leaves an AuditEvent found by AuditEvent?entity=Patient/[id]", ["audit@1", "audit@2"], ReadIsTracedAsync),
        new("6.02", "The AuditEvent names who asked (requestor agent), what was done and the outcome", ["audit@3"], EventContentAsync),
        new("6.03", "An AuditEvent can be neither deleted nor changed through the API", ["audit@4"], AppendOnlyAsync),
    ]);

    private static Task<AuditEvent> EventAsync(TestContext context) =>
        context.State.OnceAsync("audit-event", async () =>
        {
            await context.State.RequireInteractionAsync(context, "AuditEvent", CapabilityStatement.TypeRestfulInteraction.SearchType);
            var usager = await Writes.SharedUsagerAsync(context);
            (await context.Client.GetAsync("Patient/" + usager.Id)).Expect(200);
            var deadline = DateTimeOffset.UtcNow + Patience;
            while (true)
            {
                var answer = await context.Client.GetAsync($"AuditEvent?entity=Patient/{usager.Id}&_sort=-date&_count=20");
                if (answer.Status == 403)
                {
                    throw Check.Skip("The preset's client may not read AuditEvents (403): give it system/AuditEvent.rs.");
                }

                var found = answer.Expect<Bundle>(200).Entry.Select(e => e.Resource).OfType<AuditEvent>().FirstOrDefault(e => e.Action == AuditEvent.AuditEventAction.R);
                if (found is not null)
                {
                    return found;
                }

                Check.That(DateTimeOffset.UtcNow < deadline, $"No AuditEvent of a read (action R) of Patient/{usager.Id} after {Patience.TotalSeconds:0} s.");
                await Task.Delay(500);
            }
        });

    private static async Task ReadIsTracedAsync(TestContext context) => await EventAsync(context);

    private static async Task EventContentAsync(TestContext context)
    {
        var audit = await EventAsync(context);
        Check.That(audit.Recorded is not null, "The AuditEvent has no recorded time.");
        Check.That(audit.Agent.Any(a => a.Requestor == true), "The AuditEvent has no requesting agent.");
        Check.That(audit.Outcome is not null, "The AuditEvent has no outcome.");
        Check.That(audit.Source?.Observer is not null, "The AuditEvent has no source observer.");
    }

    private static async Task AppendOnlyAsync(TestContext context)
    {
        var audit = await EventAsync(context);
        var delete = await context.Client.DeleteAsync("AuditEvent/" + audit.Id);
        Check.That(delete.Status >= 400, $"DELETE AuditEvent/{audit.Id} answered {delete.Status}.");
        var changed = (AuditEvent)audit.DeepCopy();
        changed.Outcome = AuditEvent.AuditEventOutcome.N8;
        var update = await context.Client.PutAsync("AuditEvent/" + audit.Id, changed);
        Check.That(update.Status >= 400, $"PUT AuditEvent/{audit.Id} answered {update.Status}.");
        var after = (await context.Client.GetAsync("AuditEvent/" + audit.Id)).Expect<AuditEvent>(200);
        Check.That(after.Outcome == audit.Outcome && after.Meta?.VersionId == audit.Meta?.VersionId, "The AuditEvent was changed.");
    }
}
