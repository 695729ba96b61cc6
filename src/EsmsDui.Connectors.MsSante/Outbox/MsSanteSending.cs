using EsmsDui.Connectors.Records;
using Hl7.Fhir.Model;

namespace EsmsDui.Connectors.MsSante.Outbox;

/// <summary>
/// A sending by MSSanté as the FHIR <c>Communication</c> that records it (ADR 0007): the addresses, the fixed
/// Message-ID, the attempts, the next attempt, the worker's claim, the last error and the receipts, as extensions
/// and elements any FHIR client reads and searches (<c>Communication?status=stopped</c>).
/// </summary>
public static class MsSanteSending
{
    /// <summary>The identifier system of the Message-ID (without angle brackets) of a sending.</summary>
    public const string MessageIdSystem = "https://esmsdui.org/fhir/sid/mssante-message-id";

    /// <summary>The project's code system of connectors (Communication.category).</summary>
    public const string ConnectorSystem = ConnectorSending.ConnectorSystem;

    /// <summary>An MSSanté address the mail goes to (valueString, repeated).</summary>
    public const string AddressExtension = "https://esmsdui.org/fhir/StructureDefinition/mssante-address";

    /// <summary>The organisation mailbox the mail is sent from (valueString).</summary>
    public const string SenderMailboxExtension = "https://esmsdui.org/fhir/StructureDefinition/mssante-sender-mailbox";

    /// <summary>True: the usager must not reply (valueBoolean, <c>X-MSS-MES: FIN</c>).</summary>
    public const string NoReplyExtension = "https://esmsdui.org/fhir/StructureDefinition/mssante-no-reply";

    /// <summary>How many attempts were made (valueInteger).</summary>
    public const string AttemptsExtension = ConnectorSending.AttemptsExtension;

    /// <summary>When the next attempt may be made (valueDateTime).</summary>
    public const string NextAttemptExtension = ConnectorSending.NextAttemptExtension;

    /// <summary>Until when the worker that claimed the sending holds it (valueDateTime).</summary>
    public const string ClaimedUntilExtension = ConnectorSending.ClaimedUntilExtension;

    /// <summary>What went wrong at the last attempt (valueString).</summary>
    public const string LastErrorExtension = ConnectorSending.LastErrorExtension;

    /// <summary>A receipt (DSN or MDN): sub-extensions kind, outcome, recipient, status, received.</summary>
    public const string ReceiptExtension = "https://esmsdui.org/fhir/StructureDefinition/mssante-receipt";

    /// <summary>The category code of MSSanté sendings.</summary>
    public const string Code = "mssante";

    /// <summary>The criteria of the sendings a worker still has to deliver.</summary>
    public const string PendingCriteria = $"status=preparation,in-progress&identifier={MessageIdSystem}|&_sort=_lastUpdated";

    /// <summary>The Message-ID of a sending.</summary>
    public static string? MessageId(Communication sending) =>
        sending?.Identifier.FirstOrDefault(i => i.System == MessageIdSystem)?.Value;

    /// <summary>The mailbox the mail is sent from.</summary>
    public static string? SenderMailbox(Communication sending) => (sending?.GetExtensionValue<FhirString>(SenderMailboxExtension))?.Value;

    /// <summary>The addresses the mail goes to.</summary>
    public static IReadOnlyList<string> Addresses(Communication sending) =>
        [.. sending.Extension.Where(e => e.Url == AddressExtension).Select(e => (e.Value as FhirString)?.Value).OfType<string>()];

    /// <summary>The number of attempts made.</summary>
    public static int Attempts(Communication sending) => ConnectorSending.Attempts(sending);

    /// <summary>When the next attempt may be made, or null for now.</summary>
    public static DateTimeOffset? NextAttempt(Communication sending) => ConnectorSending.NextAttempt(sending);

    /// <summary>Until when a worker holds the sending, or null.</summary>
    public static DateTimeOffset? ClaimedUntil(Communication sending) => ConnectorSending.ClaimedUntil(sending);

    /// <summary>True when the usager must not reply.</summary>
    public static bool NoReply(Communication sending) => (sending.GetExtensionValue<FhirBoolean>(NoReplyExtension))?.Value == true;

    /// <summary>Sets (or, with null, removes) a dateTime extension.</summary>
    public static void SetTime(Communication sending, string url, DateTimeOffset? time) => ConnectorSending.SetTime(sending, url, time);

    /// <summary>Sets (or, with null, removes) the last error.</summary>
    public static void SetError(Communication sending, string? error) => ConnectorSending.SetError(sending, error);

    /// <summary>Records a receipt on the sending (the first positive one also sets <c>received</c>).</summary>
    public static void AddReceipt(Communication sending, MsSanteReceipt receipt, DateTimeOffset received)
    {
        ArgumentNullException.ThrowIfNull(sending);
        ArgumentNullException.ThrowIfNull(receipt);
        var kind = receipt.Kind switch
        {
            MsSanteReceiptKind.Read => "mdn",
            MsSanteReceiptKind.Delivery => "dsn",
            _ => "integration-error",
        };
        var recipients = receipt.Recipients.Count == 0 ? [new KeyValuePair<string, string>(string.Empty, string.Empty)] : receipt.Recipients.ToList();
        foreach (var (recipient, status) in recipients)
        {
            var extension = new Extension { Url = ReceiptExtension };
            extension.AddExtension("kind", new Code(kind));
            extension.AddExtension("outcome", new FhirString(receipt.Outcome));
            if (recipient.Length > 0)
            {
                extension.AddExtension("recipient", new FhirString(recipient));
            }

            if (status.Length > 0)
            {
                extension.AddExtension("status", new FhirString(status));
            }

            extension.AddExtension("received", new FhirDateTime(received.ToUniversalTime()));
            sending.Extension.Add(extension);
        }

        if (sending.Received is null && receipt.Outcome is "delivered" or "relayed" or "expanded" or "displayed")
        {
            sending.ReceivedElement = new FhirDateTime(received.ToUniversalTime());
        }
    }

}
