using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Xunit;

namespace EsmsDui.TestSupport;

/// <summary>
/// A real MSSanté-like mail service on loopback, as an operator runs it: Debian's Postfix (SMTP, STARTTLS only,
/// TLS ≥ 1.2, SASL through Dovecot: PLAIN, and XOAUTH2 checked by introspection at <see cref="MailTokenService"/>)
/// delivering over LMTP to Dovecot (IMAP, STARTTLS only), with a test certificate. Mailboxes are
/// <c>name@mssante.test</c> and <c>&lt;INS&gt;@patient.mssante.test</c>; every one exists. Started on free ports in a
/// temporary folder; stopped and removed on dispose. Needs root (Postfix's master) and the packages postfix,
/// dovecot-imapd and dovecot-lmtpd (.ci/run installs them).
/// </summary>
public sealed class MailServers : IAsyncLifetime
{
    public const string Domain = "mssante.test";

    public const string PatientDomain = "patient.mssante.test";

    /// <summary>The password of every mailbox (SASL PLAIN, for the tests' own IMAP reading).</summary>
    public const string Password = "secret-mss";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "esmsdui-mail-" + Guid.NewGuid().ToString("N"));

    public TestCertificates Certificates { get; private set; } = null!;

    public MailTokenService Tokens { get; } = new();

    public int SmtpPort { get; private set; }

    /// <summary>A second SMTP port whose server waits 4 s before answering DATA (to catch a sending in flight).</summary>
    public int SlowSmtpPort { get; private set; }

    public int ImapPort { get; private set; }

    public string Folder => _folder;

    public async Task InitializeAsync()
    {
        foreach (var program in new[] { "/usr/sbin/postfix", "/usr/sbin/dovecot" })
        {
            if (!File.Exists(program))
            {
                throw new InvalidOperationException($"{program} not found: install Debian's postfix, dovecot-imapd and dovecot-lmtpd (apt-get install postfix dovecot-imapd dovecot-lmtpd; .ci/run does).");
            }
        }

        Directory.CreateDirectory(_folder);
        Certificates = new TestCertificates(_folder);
        await Tokens.StartAsync();
        (SmtpPort, SlowSmtpPort, ImapPort) = (LoopbackPorts.Free(), LoopbackPorts.Free(), LoopbackPorts.Free());
        var (lmtp, auth) = (LoopbackPorts.Free(), LoopbackPorts.Free());
        WriteCertificates();
        await WriteDovecotAsync(lmtp, auth);
        await WritePostfixAsync(lmtp, auth);

        // Dovecot first: Postfix asks it for SASL and delivers to it.
        await RunAsync("/usr/sbin/dovecot", $"-c {_folder}/dovecot.conf");
        await WaitForPortAsync(ImapPort);
        await RunAsync("/usr/sbin/postfix", $"-c {_folder}/postfix start");
        await WaitForPortAsync(SmtpPort);
    }

    public async Task DisposeAsync()
    {
        await TryRunAsync("/usr/sbin/postfix", $"-c {_folder}/postfix abort");
        await TryRunAsync("/usr/bin/doveadm", $"-c {_folder}/dovecot.conf stop");
        await Tokens.DisposeAsync();
        Certificates?.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A daemon still closing a file: the temporary folder is left for the system to clean.
        }
    }

    /// <summary>The messages of a mailbox's INBOX (or another folder) as raw MIME, read from the Maildir (not by the code under test).</summary>
    public async Task<IReadOnlyList<string>> InboxAsync(string address, string? folder = null)
    {
        var (user, domain) = (address.Split('@')[0], address.Split('@')[1]);
        var inbox = Path.Combine(_folder, "mail", domain, user, "Maildir", folder is null ? string.Empty : "." + folder);
        var files = new[] { "new", "cur" }.Select(d => Path.Combine(inbox, d)).Where(Directory.Exists).SelectMany(Directory.GetFiles).Order(StringComparer.Ordinal);
        var messages = new List<string>();
        foreach (var file in files)
        {
            messages.Add(await File.ReadAllTextAsync(file));
        }

        return messages;
    }

    /// <summary>What Postfix logged (deliveries, refusals).</summary>
    public string PostfixLog() => File.Exists(Path.Combine(_folder, "postfix.log")) ? File.ReadAllText(Path.Combine(_folder, "postfix.log")) : string.Empty;

    private void WriteCertificates()
    {
        File.WriteAllText(Path.Combine(_folder, "server.pem"), Certificates.Server.ExportCertificatePem());
        using var key = Certificates.Server.GetRSAPrivateKey()!;
        File.WriteAllText(Path.Combine(_folder, "server.key"), key.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(Path.Combine(_folder, "ca.pem"), Certificates.Authority.ExportCertificatePem());
    }

    private async Task WriteDovecotAsync(int lmtp, int auth)
    {
        var mail = Path.Combine(_folder, "mail");
        Directory.CreateDirectory(mail);
        await RunAsync("chown", $"dovecot:dovecot {mail}");
        await File.WriteAllTextAsync(Path.Combine(_folder, "users"), $"*:{{PLAIN}}{Password}\n");
        await File.WriteAllTextAsync(Path.Combine(_folder, "oauth2.conf"), $"""
            introspection_mode = post
            introspection_url = {Tokens.IntrospectionUrl}
            username_attribute = username
            active_attribute = active
            active_value = true
            """);
        await File.WriteAllTextAsync(Path.Combine(_folder, "dovecot.conf"), $$"""
            base_dir = {{_folder}}/dovecot-run
            instance_name = esmsdui-{{Path.GetFileName(_folder)}}
            listen = 127.0.0.1
            protocols = imap lmtp
            log_path = {{_folder}}/dovecot.log
            ssl = required
            ssl_cert = <{{_folder}}/server.pem
            ssl_key = <{{_folder}}/server.key
            ssl_min_protocol = TLSv1.2
            disable_plaintext_auth = yes
            auth_mechanisms = plain xoauth2 oauthbearer
            auth_username_format = %Lu
            default_internal_user = dovecot
            default_login_user = dovenull
            first_valid_uid = 1
            first_valid_gid = 1
            mail_location = maildir:~/Maildir
            recipient_delimiter = +
            lmtp_save_to_detail_mailbox = yes
            lda_mailbox_autocreate = yes
            passdb {
              driver = oauth2
              mechanisms = xoauth2 oauthbearer
              args = {{_folder}}/oauth2.conf
            }
            passdb {
              driver = passwd-file
              args = scheme=PLAIN username_format=* {{_folder}}/users
            }
            userdb {
              driver = static
              args = uid=dovecot gid=dovecot home={{mail}}/%d/%n allow_all_users=yes
            }
            service imap-login {
              inet_listener imap {
                address = 127.0.0.1
                port = {{ImapPort}}
              }
              inet_listener imaps {
                port = 0
              }
            }
            service lmtp {
              inet_listener lmtp {
                address = 127.0.0.1
                port = {{lmtp}}
              }
            }
            service auth {
              inet_listener {
                address = 127.0.0.1
                port = {{auth}}
              }
            }
            """);
    }

    private async Task WritePostfixAsync(int lmtp, int auth)
    {
        var config = Path.Combine(_folder, "postfix");
        var data = Path.Combine(_folder, "postfix-data");
        Directory.CreateDirectory(config);
        Directory.CreateDirectory(data);
        Directory.CreateDirectory(Path.Combine(_folder, "postfix-spool"));
        await RunAsync("chown", $"postfix {data}");
        var master = (await File.ReadAllLinesAsync("/etc/postfix/master.cf"))
            .SelectMany(line => line.StartsWith("smtp ", StringComparison.Ordinal) && line.Contains("smtpd", StringComparison.Ordinal)
                ? [$"127.0.0.1:{SmtpPort} inet n - n - - smtpd", $"127.0.0.1:{SlowSmtpPort} inet n - n - - smtpd -o smtpd_data_restrictions=sleep,4"]
                : new[] { line });
        await File.WriteAllLinesAsync(Path.Combine(config, "master.cf"), master);
        // The establishment's organisation certificate is accepted in place of SASL (by its SHA-256 fingerprint).
        var fingerprint = string.Join(':', Convert.ToHexString(SHA256.HashData(Certificates.Client.RawData)).Chunk(2).Select(c => new string(c)));
        await File.WriteAllTextAsync(Path.Combine(_folder, "client-certificates"), $"{fingerprint} ehpad\n");
        // The operator keeps a copy of each mail sent in the sender's Sent folder (delivered to name+Sent@domain).
        await File.WriteAllTextAsync(Path.Combine(_folder, "sender-bcc"), "/^([^@+]+)@(.+)$/ ${1}+Sent@${2}\n");
        await File.WriteAllTextAsync(Path.Combine(config, "main.cf"), $"""
            compatibility_level = 3.6
            queue_directory = {_folder}/postfix-spool
            data_directory = {data}
            mail_owner = postfix
            setgid_group = postdrop
            inet_interfaces = 127.0.0.1
            inet_protocols = ipv4
            myhostname = mx.{Domain}
            mydestination =
            local_recipient_maps =
            alias_maps =
            alias_database =
            virtual_mailbox_domains = {Domain} {PatientDomain}
            virtual_transport = lmtp:inet:127.0.0.1:{lmtp}
            recipient_delimiter = +
            sender_bcc_maps = regexp:{_folder}/sender-bcc
            smtpd_tls_cert_file = {_folder}/server.pem
            smtpd_tls_key_file = {_folder}/server.key
            smtpd_tls_CAfile = {_folder}/ca.pem
            smtpd_tls_ask_ccert = yes
            smtpd_tls_security_level = encrypt
            smtpd_tls_protocols = >=TLSv1.2
            smtpd_tls_mandatory_protocols = >=TLSv1.2
            smtpd_tls_auth_only = yes
            smtpd_tls_received_header = yes
            smtpd_sasl_auth_enable = yes
            smtpd_sasl_type = dovecot
            smtpd_sasl_path = inet:127.0.0.1:{auth}
            smtpd_relay_restrictions = permit_sasl_authenticated, permit_tls_clientcerts, reject
            smtpd_recipient_restrictions = permit_sasl_authenticated, permit_tls_clientcerts, reject
            smtpd_tls_fingerprint_digest = sha256
            relay_clientcerts = texthash:{_folder}/client-certificates
            smtputf8_enable = no
            maillog_file_prefixes = {Path.GetTempPath().TrimEnd('/')}
            maillog_file = {_folder}/postfix.log
            """);
    }

    private static async Task WaitForPortAsync(int port)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        throw new InvalidOperationException($"Nothing listens on 127.0.0.1:{port} after 10 s.");
    }

    private async Task RunAsync(string program, string arguments)
    {
        var (code, output) = await ExecuteAsync(program, arguments);
        if (code != 0)
        {
            var log = Path.Combine(_folder, "postfix.log");
            throw new InvalidOperationException($"{program} {arguments} failed ({code}): {output} {(File.Exists(log) ? File.ReadAllText(log) : string.Empty)}");
        }
    }

    private async Task TryRunAsync(string program, string arguments) => await ExecuteAsync(program, arguments);

    // Through a shell writing to a file: the daemons these commands start keep their parent's pipes open for ever.
    private async Task<(int Code, string Output)> ExecuteAsync(string program, string arguments)
    {
        var output = Path.Combine(_folder, "command.out");
        var start = new ProcessStartInfo("/bin/sh", ["-c", $"{program} {arguments} > {output} 2>&1 < /dev/null"]) { WorkingDirectory = Path.GetTempPath() };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Cannot start {program}.");
        await process.WaitForExitAsync();
        return (process.ExitCode, File.Exists(output) ? await File.ReadAllTextAsync(output) : string.Empty);
    }
}
