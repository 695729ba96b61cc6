using EsmsDui.Connectors.Records;
using EsmsDui.Dossier.Oppositions;
using EsmsDui.Fhir.Engine;
using EsmsDui.Fhir.Errors;
using EsmsDui.Fhir.Operations;
using EsmsDui.Fhir.Primitives;
using EsmsDui.Fhir.Requests;
using EsmsDui.Fhir.Resources;
using EsmsDui.Fhir.Tenancy;
using Hl7.Fhir.Model;
using Microsoft.Extensions.Options;

namespace EsmsDui.Connectors.MsSante.Outbox;

/// <summary>
/// <c>POST DocumentReference/[id]/$mssante-send</c>: sends the document (its PDF, in a CDA N1 inside an
/// IHE_XDM.ZIP) by MSSanté to the recipients' addresses. The sending is recorded as a <c>Communication</c> in the
/// request's own transaction (202, its Location) and delivered by the outbox worker; the document, its usager
/// (no opposition to MSSanté sending), author and establishment and every address are checked first (422).
/// </summary>
public sealed class MsSanteSendOperation(
    IFhirEngine engine,
    RecordDocumentReader documents,
    MsSanteRecipients recipients,
    UsagerOppositions oppositions,
    MsSanteOutboxSignal signal,
    MsSanteMailboxes mailboxes,
    TenantContext tenant,
    IOptions<MsSanteOptions> options,
    TimeProvider clock) : IFhirOperationHandler
{
    // Mon espace santé refuses larger mails (CNAM "ENS Mon espace santé Messagerie").
    private const long MonEspaceSanteLimit = 25L * 1024 * 1024;

    /// <summary>Where the operation answers.</summary>
    public static FhirOperationRoute Route { get; } = new(
        "mssante-send", "DocumentReference", "https://esmsdui.org/fhir/OperationDefinition/DocumentReference-mssante-send",
        TypeLevel: false, InstanceLevel: true, AffectsState: true, typeof(MsSanteSendOperation));

    /// <inheritdoc />
    public async Task<FhirResponse> RunAsync(OperationRequest request, string type, string? id, WriteSession? session, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(id);
        if (mailboxes.All.Count == 0)
        {
            throw new FhirException(FhirErrorKind.NotImplemented, "This server has no MSSanté mailbox (MsSante:Mailbox and MsSante:SmtpHost): it sends nothing by MSSanté.", OperationOutcome.IssueType.NotSupported);
        }

        var body = request.Body as Parameters;
        if (request.Body is not null && body is null)
        {
            throw new FhirException(FhirErrorKind.Invalid, "$mssante-send takes a Parameters body (recipient, address, noReply, note).", OperationOutcome.IssueType.Invalid);
        }

        var document = await documents.ReadAsync(id, versionId: null, session, cancellationToken);
        var usager = document.Usager.Id!;
        if (await oppositions.FindAsync(usager, OppositionChannel.MsSante, cancellationToken) is { } consent)
        {
            throw new FhirException(FhirErrorKind.Unprocessable,
                $"Patient/{usager} opposes the sending of documents by MSSanté (Consent/{consent.Id}): nothing is sent.", OperationOutcome.IssueType.BusinessRule, "DocumentReference.subject");
        }

        var establishment = RecordDocumentReader.IdNatStructOf(document.Custodian);
        var settings = mailboxes.ForEstablishment(tenant.TenantId, establishment)
            ?? throw new FhirException(FhirErrorKind.Unprocessable,
                $"No MSSanté mailbox sends for Organization/{document.Custodian.Id} ({establishment}) here: configure one (MsSante:Mailboxes) for its FINESS or tenant.", OperationOutcome.IssueType.BusinessRule, "DocumentReference.custodian");
        var (references, addresses) = await AddressesAsync(body, session, cancellationToken);
        var parameters = request.Input;
        var noReply = parameters.Text("noReply") switch
        {
            null or "false" => false,
            "true" => true,
            var other => throw new FhirException(FhirErrorKind.Invalid, $"noReply is true or false, not '{other}'.", OperationOutcome.IssueType.Value, "noReply"),
        };
        var note = parameters.Text("note");

        // The mail is built once now, so that what cannot be sent is refused here rather than by the worker.
        var communicationId = ResourceIds.New();
        var messageId = $"{communicationId}@{settings.Mailbox[(settings.Mailbox.IndexOf('@', StringComparison.Ordinal) + 1)..]}";
        var mail = MsSanteMailBuilder.Build(document, settings, messageId, addresses, noReply, note, clock.GetUtcNow());
        var size = ((mail.Xdm?.Length ?? 0) + (mail.Pdf?.Length ?? 0)) * 4L / 3;
        if (size > MonEspaceSanteLimit && addresses.Any(a => a.EndsWith("@" + options.Value.PatientDomain, StringComparison.OrdinalIgnoreCase)))
        {
            throw new FhirException(FhirErrorKind.Unprocessable,
                $"The mail would be about {size / (1024 * 1024)} MB: Mon espace santé takes mails of at most 25 MB.", OperationOutcome.IssueType.TooLong, "recipient");
        }

        var sending = new Communication
        {
            Identifier = [new Identifier(MsSanteSending.MessageIdSystem, messageId)],
            Status = EventStatus.Preparation,
            Category = [new CodeableConcept(MsSanteSending.ConnectorSystem, MsSanteSending.Code, "MSSanté")],
            Medium = [new CodeableConcept("http://terminology.hl7.org/CodeSystem/v3-ParticipationMode", "EMAILWRIT", "email")],
            Subject = new ResourceReference($"Patient/{usager}"),
            Topic = new CodeableConcept { Text = document.Reference.Description ?? document.Reference.Type?.Coding[0].Display ?? "Document" },
            Payload = [new Communication.PayloadComponent { Content = new ResourceReference($"DocumentReference/{id}/_history/{document.VersionId}") }],
            Recipient = references,
            Sender = new ResourceReference($"Organization/{document.Custodian.Id}"),
        };
        if (note is not null)
        {
            sending.Payload.Add(new Communication.PayloadComponent { Content = new FhirString(note) });
        }

        sending.Extension.AddRange(addresses.Select(a => new Extension(MsSanteSending.AddressExtension, new FhirString(a))));
        if (noReply)
        {
            sending.SetExtension(MsSanteSending.NoReplyExtension, new FhirBoolean(true));
        }

        sending.SetExtension(MsSanteSending.SenderMailboxExtension, new FhirString(settings.Mailbox));
        sending.SetExtension(MsSanteSending.AttemptsExtension, new Integer(0));
        var owned = session ?? new WriteSession(isTransaction: false);
        var written = await engine.CreateWithIdAsync(sending, communicationId, owned, cancellationToken);
        signal.Notify();
        return new FhirResponse { Status = 202, Resource = written.Resource, Stored = written.Stored, VersionId = written.Stored.VersionId, Location = $"Communication/{communicationId}" };
    }

    private async Task<(List<ResourceReference> References, List<string> Addresses)> AddressesAsync(Parameters? body, WriteSession? session, CancellationToken cancellationToken)
    {
        var references = new List<ResourceReference>();
        var addresses = new List<string>();
        foreach (var parameter in body?.Parameter ?? [])
        {
            switch (parameter.Name)
            {
                case "recipient" when parameter.Value is ResourceReference reference:
                    references.Add(new ResourceReference(reference.Reference));
                    addresses.AddRange(await recipients.AddressesAsync(reference, session, cancellationToken));
                    break;
                case "address" when parameter.Value is FhirString { Value: { } address }:
                    addresses.Add(options.Value.IsMsSanteAddress(address.Trim())
                        ? address.Trim()
                        : throw new FhirException(FhirErrorKind.Unprocessable, $"'{address}' is not an MSSanté address (its domain must be an MSSanté domain).", OperationOutcome.IssueType.Value, "address"));
                    break;
                case "recipient" or "address":
                    throw new FhirException(FhirErrorKind.Invalid, $"{parameter.Name} is {(parameter.Name == "recipient" ? "a Reference" : "a string")}.", OperationOutcome.IssueType.Value, parameter.Name);
                case "noReply" or "note":
                    break;
                default:
                    throw new FhirException(FhirErrorKind.Invalid, $"$mssante-send has no parameter '{parameter.Name}' (recipient, address, noReply, note).", OperationOutcome.IssueType.NotSupported, parameter.Name);
            }
        }

        var distinct = addresses.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        return distinct.Count == 0
            ? throw new FhirException(FhirErrorKind.Invalid, "Name at least one recipient (a Practitioner, PractitionerRole, Organization or Patient with an MSSanté address) or address.", OperationOutcome.IssueType.Required, "recipient")
            : (references, distinct);
    }
}
