using EsmsDui.Connectors.MsSante.Inbox;
using EsmsDui.Connectors.MsSante.Outbox;
using EsmsDui.Connectors.Records;
using EsmsDui.Fhir.Operations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace EsmsDui.Connectors.MsSante;

/// <summary>Registers the MSSanté connector.</summary>
public static class MsSanteServiceCollectionExtensions
{
    /// <summary>
    /// The options (section <c>MsSante</c>), the SMTP and IMAP clients, the <c>$mssante-send</c> operation and the
    /// outbox and inbox workers (idle while no mailbox is configured).
    /// </summary>
    public static IHostApplicationBuilder AddEsmsDuiMsSante(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<MsSanteOptions>().BindConfiguration(MsSanteOptions.SectionName)
            .Validate(o => o.ConfiguredMailboxes().All(m => m.Mailbox.Count(c => c == '@') == 1 && !m.Mailbox.EndsWith('@')), "MsSante:Mailbox and MsSante:Mailboxes:N:Mailbox are e-mail addresses.")
            .Validate(o => o.MaxAttempts > 0 && o.PollInterval > TimeSpan.Zero && o.RetryDelay > TimeSpan.Zero && o.Timeout > TimeSpan.Zero, "MsSante:MaxAttempts, PollInterval, RetryDelay and Timeout are positive.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<MsSanteTokenProvider>();
        services.TryAddSingleton<MsSanteSmtpSender>();
        services.TryAddSingleton<MsSanteImap>();
        services.TryAddSingleton<MsSanteMailboxes>();
        services.TryAddSingleton<MsSanteOutboxSignal>();
        services.TryAddScoped<RecordDocumentReader>();
        services.TryAddScoped<MsSanteRecipients>();
        services.TryAddScoped<MsSanteOutbox>();
        services.TryAddScoped<MsSanteUsagerMatcher>();
        services.TryAddScoped<MsSanteImporter>();
        services.AddFhirOperation<MsSanteSendOperation>(MsSanteSendOperation.Route);
        services.AddHostedService<MsSanteOutboxWorker>();
        services.AddHostedService<MsSanteInboxWorker>();
        return builder;
    }
}
