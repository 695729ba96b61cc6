using EsmsDui.Fhir.Engine;
using EsmsDui.Fhir.Errors;
using EsmsDui.Fhir.Resources;
using EsmsDui.Fhir.Serialization;
using Hl7.Fhir.Model;

namespace EsmsDui.Connectors.Records;

/// <summary>
/// What every connector's sending records on its FHIR <c>Communication</c> (ADR 0007), whatever the channel: the
/// attempts, the next attempt, the worker's claim and the last error, as extensions any FHIR client reads; and the
/// update under If-Match by which one worker at a time holds it.
/// </summary>
public static class ConnectorSending
{
    /// <summary>The project's code system of connectors (Communication.category).</summary>
    public const string ConnectorSystem = "https://esmsdui.org/fhir/CodeSystem/connector";

    // Sendings looked at per pass; the rest wait for the next pass.
    private const int Batch = 50;

    /// <summary>How many attempts were made (valueInteger).</summary>
    public const string AttemptsExtension = "https://esmsdui.org/fhir/StructureDefinition/connector-attempts";

    /// <summary>When the next attempt may be made (valueDateTime).</summary>
    public const string NextAttemptExtension = "https://esmsdui.org/fhir/StructureDefinition/connector-next-attempt";

    /// <summary>Until when the worker that claimed the sending holds it (valueDateTime).</summary>
    public const string ClaimedUntilExtension = "https://esmsdui.org/fhir/StructureDefinition/connector-claimed-until";

    /// <summary>What went wrong at the last attempt (valueString).</summary>
    public const string LastErrorExtension = "https://esmsdui.org/fhir/StructureDefinition/connector-last-error";

    /// <summary>The number of attempts made.</summary>
    public static int Attempts(Communication sending) => (sending?.GetExtensionValue<Integer>(AttemptsExtension))?.Value ?? 0;

    /// <summary>When the next attempt may be made, or null for now.</summary>
    public static DateTimeOffset? NextAttempt(Communication sending) => Time(sending, NextAttemptExtension);

    /// <summary>Until when a worker holds the sending, or null.</summary>
    public static DateTimeOffset? ClaimedUntil(Communication sending) => Time(sending, ClaimedUntilExtension);

    /// <summary>Sets (or, with null, removes) a dateTime extension.</summary>
    public static void SetTime(Communication sending, string url, DateTimeOffset? time)
    {
        ArgumentNullException.ThrowIfNull(sending);
        sending.RemoveExtension(url);
        if (time is { } value)
        {
            sending.SetExtension(url, new FhirDateTime(value.ToUniversalTime()));
        }
    }

    /// <summary>Sets (or, with null, removes) the last error.</summary>
    public static void SetError(Communication sending, string? error)
    {
        ArgumentNullException.ThrowIfNull(sending);
        sending.RemoveExtension(LastErrorExtension);
        if (error is not null)
        {
            sending.SetExtension(LastErrorExtension, new FhirString(error));
        }
    }

    /// <summary>
    /// One pass of an outbox: each sending <paramref name="criteria"/> finds that is due is claimed for
    /// <paramref name="holdFor"/> and handed to <paramref name="deliver"/> (with its new version, and whether it was
    /// found in progress after its claim ran out: in doubt). Answers when the next sending will be due (null: none waits).
    /// </summary>
    public static async Task<DateTimeOffset?> DeliverDueAsync(
        IFhirEngine engine, FhirSerializer serializer, string criteria, TimeProvider clock, TimeSpan holdFor,
        Func<Communication, int, bool, CancellationToken, System.Threading.Tasks.Task> deliver, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(serializer);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(deliver);
        DateTimeOffset? next = null;
        foreach (var stored in await engine.FindAsync("Communication", criteria, Batch, cancellationToken))
        {
            var sending = (Communication)serializer.ParseJson(stored.Json.Span);
            var now = clock.GetUtcNow();
            var notBefore = sending.Status == EventStatus.InProgress ? ClaimedUntil(sending) : NextAttempt(sending);
            if (notBefore > now)
            {
                next = next is null || notBefore < next ? notBefore : next;
                continue;
            }

            var inDoubt = sending.Status == EventStatus.InProgress;
            if (await ClaimAsync(engine, sending, stored.VersionId, now, holdFor, cancellationToken) is { } claimed)
            {
                await deliver(sending, claimed, inDoubt, cancellationToken);
            }
        }

        return next;
    }

    /// <summary>
    /// Claims the sending for <paramref name="holdFor"/>: in progress, one more attempt, under If-Match on the version
    /// read. Null when another node (or a user) changed it first.
    /// </summary>
    public static async Task<int?> ClaimAsync(IFhirEngine engine, Communication sending, int versionId, DateTimeOffset now, TimeSpan holdFor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sending);
        sending.Status = EventStatus.InProgress;
        sending.SetExtension(AttemptsExtension, new Integer(Attempts(sending) + 1));
        SetTime(sending, NextAttemptExtension, null);
        SetTime(sending, ClaimedUntilExtension, now + holdFor);
        return await SaveAsync(engine, sending, versionId, cancellationToken);
    }

    /// <summary>The update under If-Match on the version read: the new version, or null when another node (or a user cancelling) changed it first.</summary>
    public static async Task<int?> SaveAsync(IFhirEngine engine, Communication sending, int versionId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(sending);
        try
        {
            var session = new WriteSession(isTransaction: true);
            var written = await engine.UpdateAsync("Communication", sending.Id!, sending, ETag.Format(versionId), session, cancellationToken);
            await engine.CommitAsync(session, underIfMatch: true, cancellationToken);
            return written.Stored.VersionId;
        }
        catch (FhirException exception) when (exception.Kind is FhirErrorKind.PreconditionFailed or FhirErrorKind.Conflict)
        {
            return null;
        }
    }

    /// <summary>The delay before attempt <paramref name="attempts"/> + 1: doubling from <paramref name="first"/>, at most an hour.</summary>
    public static TimeSpan Backoff(TimeSpan first, int attempts) =>
        TimeSpan.FromTicks(Math.Min(TimeSpan.FromHours(1).Ticks, first.Ticks << Math.Min(Math.Max(attempts - 1, 0), 20)));

    private static DateTimeOffset? Time(Communication? sending, string url) =>
        sending?.GetExtensionValue<FhirDateTime>(url) is { } time && time.TryToDateTimeOffset(out var value) ? value : null;
}
