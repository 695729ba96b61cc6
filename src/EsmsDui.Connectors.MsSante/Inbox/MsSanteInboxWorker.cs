using EsmsDui.Connectors.Documents;
using EsmsDui.Fhir.Engine;
using EsmsDui.Fhir.Errors;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MimeKit;

namespace EsmsDui.Connectors.MsSante.Inbox;

/// <summary>
/// Reads the mailbox's INBOX over IMAP (IDLE where the server has it, else polling): each mail not yet handled is
/// stored (<see cref="MsSanteImporter"/>) and marked with the keyword <see cref="HandledKeyword"/> — the mail stays
/// for staff reading the mailbox elsewhere. A mail that cannot be read is moved to the quarantine folder with the
/// reason in a header, and a Task tells staff. Nothing stops the worker: a failure is logged and it reconnects.
/// </summary>
public sealed partial class MsSanteInboxWorker(IServiceScopeFactory scopes, MsSanteImap imap, MsSanteMailboxes mailboxes, ILogger<MsSanteInboxWorker> logger) : BackgroundService
{
    /// <summary>The IMAP keyword of the mails handled (stored, recorded or quarantined).</summary>
    public const string HandledKeyword = "$EsmsDuiHandled";

    /// <summary>The header a quarantined mail's copy carries with the reason.</summary>
    public const string QuarantineHeader = "X-EsmsDui-Quarantine";

    // The system actor the inbox imports as: every usager of the mailbox's tenant (a mail names its usager by INS).
    private const string Actor = "mssante-inbox";

    /// <inheritdoc />
    protected override System.Threading.Tasks.Task ExecuteAsync(CancellationToken stoppingToken) =>
        System.Threading.Tasks.Task.WhenAll(mailboxes.All.Where(m => m.ImapHost.Length > 0 && m.Receive).Select(m => ReadAsync(m, stoppingToken)));

    // One mailbox, for ever: connect, handle what is there, wait for more; reconnect after a failure.
    private async System.Threading.Tasks.Task ReadAsync(MsSanteOptions settings, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                using var client = await imap.ConnectAsync(settings, stoppingToken);
                await client.Inbox.OpenAsync(FolderAccess.ReadWrite, stoppingToken);
                while (!stoppingToken.IsCancellationRequested)
                {
                    await HandleNewAsync(client, settings, stoppingToken);
                    await WaitForMailAsync(client, settings, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // The worker outlives any failure (operator away, database away): logged, then it reconnects.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                LogFailed(logger, exception, settings.Mailbox);
                try
                {
                    await System.Threading.Tasks.Task.Delay(settings.PollInterval, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async System.Threading.Tasks.Task HandleNewAsync(ImapClient client, MsSanteOptions settings, CancellationToken cancellationToken)
    {
        var inbox = client.Inbox;
        foreach (var uid in await inbox.SearchAsync(SearchQuery.NotKeyword(HandledKeyword), cancellationToken))
        {
            var mail = await inbox.GetMessageAsync(uid, cancellationToken);
            MsSanteReceived received;
            try
            {
                received = MsSanteInbound.Read(mail);
            }
            catch (DocumentFormatException exception)
            {
                await QuarantineAsync(client, settings, uid, mail, exception.Message, cancellationToken);
                continue;
            }

            try
            {
                await using var scope = scopes.CreateEngineScope(EngineActor.System(Actor, settings.Tenant));
                var result = await scope.ServiceProvider.GetRequiredService<MsSanteImporter>().ImportAsync(received, cancellationToken);
                LogHandled(logger, uid.Id, result.Attached, result.ToMatch, result.Duplicates, result.Receipt ?? "-");
            }
            catch (FhirException exception)
            {
                // What it carries breaks a rule of the record (nothing of it was stored): staff look at it.
                await QuarantineAsync(client, settings, uid, mail, "its documents cannot be stored: " + exception.Message, cancellationToken);
                continue;
            }
#pragma warning disable CA1031 // Another mail must not wait behind this one: it is tried again at the next pass.
            catch (Exception exception) when (exception is not OperationCanceledException && !MsSanteImap.IsTransient(exception, cancellationToken))
#pragma warning restore CA1031
            {
                LogNotStored(logger, exception, uid.Id);
                continue;
            }

            await inbox.StoreAsync(uid, new StoreFlagsRequest(StoreAction.Add, MessageFlags.None) { Keywords = { HandledKeyword }, Silent = true }, cancellationToken);
        }
    }

    // A copy with the reason goes to the quarantine folder, staff get a Task, then the mail leaves the INBOX.
    private async System.Threading.Tasks.Task QuarantineAsync(ImapClient client, MsSanteOptions settings, UniqueId uid, MimeMessage mail, string reason, CancellationToken cancellationToken)
    {
        IMailFolder? folder;
        try
        {
            folder = await client.GetFolderAsync(settings.QuarantineFolder, cancellationToken);
        }
        catch (FolderNotFoundException)
        {
            var root = client.GetFolder(client.PersonalNamespaces[0]);
            folder = await root.CreateAsync(settings.QuarantineFolder, isMessageFolder: true, cancellationToken);
        }

        ArgumentNullException.ThrowIfNull(folder);

        mail.Headers.Add(QuarantineHeader, reason);
        await folder.AppendAsync(new AppendRequest(mail, MessageFlags.None), cancellationToken);
        await using (var scope = scopes.CreateEngineScope(EngineActor.System(Actor, settings.Tenant)))
        {
            var task = await scope.ServiceProvider.GetRequiredService<MsSanteImporter>().RecordQuarantineAsync(
                settings.Mailbox, mail.MessageId, mail.From.Mailboxes.FirstOrDefault()?.Address ?? string.Empty, mail.Subject ?? string.Empty, reason, cancellationToken);
            LogQuarantined(logger, uid.Id, task);
        }

        await client.Inbox.StoreAsync(uid, new StoreFlagsRequest(StoreAction.Add, MessageFlags.Deleted) { Keywords = { HandledKeyword }, Silent = true }, cancellationToken);
        if (client.Capabilities.HasFlag(ImapCapabilities.UidPlus))
        {
            await client.Inbox.ExpungeAsync([uid], cancellationToken);
        }
    }

    // IDLE until a mail arrives or the poll interval ends; without IDLE, a pause and a NOOP (which reports new mail).
    private async System.Threading.Tasks.Task WaitForMailAsync(ImapClient client, MsSanteOptions settings, CancellationToken cancellationToken)
    {
        var interval = settings.PollInterval;
        if (!client.Capabilities.HasFlag(ImapCapabilities.Idle))
        {
            await System.Threading.Tasks.Task.Delay(interval, cancellationToken);
            await client.NoOpAsync(cancellationToken);
            return;
        }

        using var done = new CancellationTokenSource(interval);
        void Arrived(object? sender, EventArgs e) => done.Cancel();
        var inbox = client.Inbox;
        inbox.CountChanged += Arrived;
        try
        {
            await client.IdleAsync(done.Token, cancellationToken);
        }
        finally
        {
            // Not client.Inbox: a cancelled IDLE disconnects the client, whose Inbox then throws.
            inbox.CountChanged -= Arrived;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "MSSanté mail {Uid}: {Attached} document(s) attached, {ToMatch} to match by hand, {Duplicates} already stored, receipt on {Receipt}")]
    private static partial void LogHandled(ILogger logger, uint uid, int attached, int toMatch, int duplicates, string receipt);

    [LoggerMessage(Level = LogLevel.Error, Message = "MSSanté mail {Uid} could not be stored; it is tried again at the next pass")]
    private static partial void LogNotStored(ILogger logger, Exception exception, uint uid);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MSSanté mail {Uid} quarantined (Task/{Task})")]
    private static partial void LogQuarantined(ILogger logger, uint uid, string task);

    [LoggerMessage(Level = LogLevel.Error, Message = "The MSSanté mailbox {Mailbox} could not be read; the worker reconnects after the poll interval")]
    private static partial void LogFailed(ILogger logger, Exception exception, string mailbox);
}
