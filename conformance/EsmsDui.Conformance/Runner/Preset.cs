using System.Text.Json;
using System.Text.Json.Serialization;

namespace EsmsDui.Conformance.Runner;

/// <summary>
/// What the suite needs to know about the server under test, from a JSON file (<c>--preset</c>): how to get
/// tokens, a client of another establishment for the isolation checks, the establishments to write under,
/// capabilities to leave out and where MSSanté mail arrives.
/// </summary>
public sealed class Preset
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    /// <summary>The FHIR base, when <c>--base</c> does not give it.</summary>
    public string? Base { get; set; }

    /// <summary>How long one request may take before the test fails (default 30 s).</summary>
    public int TimeoutSeconds { get; set; } = 30;

    /// <summary>The client the tests work with: it reaches the usagers of <see cref="Establishment"/> and reads AuditEvents.</summary>
    public ClientPreset? Client { get; set; }

    /// <summary>A client of another establishment, which must not reach the usagers <see cref="Client"/> creates (group 5).</summary>
    public ClientPreset? OtherClient { get; set; }

    /// <summary>The establishment (<c>Organization</c> id) the usagers the tests create are managed by.</summary>
    public string? Establishment { get; set; }

    /// <summary>Its FINESS (the usager local identifier is <c>3+FINESS/…</c>).</summary>
    public string Finess { get; set; } = "000000000";

    /// <summary>Test ids or group numbers not to run (<c>"7"</c>, <c>"2.09"</c>), with why in <see cref="SkipReason"/>.</summary>
    public IList<string> Skip { get; init; } = [];

    /// <summary>Why <see cref="Skip"/> leaves tests out, for the report.</summary>
    public string? SkipReason { get; set; }

    /// <summary>The FHIR packages folder (<c>.tgz</c> files) for the independent validation, when <c>--packages</c> does not give it.</summary>
    public string? Packages { get; set; }

    /// <summary>The published TDDUI example bundle to import (group 4), when the packages folder has no <c>examples/tddui-2.2.0/</c>.</summary>
    public string? TdduiExample { get; set; }

    /// <summary>How the server exports a usager's record as a TDDUI bundle: a URL relative to the base, <c>{id}</c> the usager.</summary>
    public string TdduiExport { get; set; } = "Patient/{id}/$tddui-export";

    /// <summary>How the server is asked to send a document by MSSanté: a URL relative to the base, <c>{id}</c> the DocumentReference, posted a Parameters with <c>address</c> and <c>note</c>.</summary>
    public string MsSanteSend { get; set; } = "DocumentReference/{id}/$mssante-send";

    /// <summary>The IMAP mailbox that receives what the server sends by MSSanté (group 7).</summary>
    public MailboxPreset? Mailbox { get; set; }

    /// <summary>Reads a preset file.</summary>
    public static Preset Load(string path)
    {
        Preset preset;
        using (var stream = File.OpenRead(path))
        {
            preset = JsonSerializer.Deserialize<Preset>(stream, Json) ?? new Preset();
        }

        // Files the preset names are found from the preset's own folder.
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        foreach (var client in new[] { preset.Client, preset.OtherClient })
        {
            if (client?.PrivateKeyPath is { } key)
            {
                client.PrivateKeyPath = Path.Combine(folder, key);
            }
        }

        if (preset.Mailbox?.CaCertificatePath is { } ca)
        {
            preset.Mailbox.CaCertificatePath = Path.Combine(folder, ca);
        }

        if (preset.TdduiExample is { } example)
        {
            preset.TdduiExample = Path.Combine(folder, example);
        }

        if (preset.Packages is { } packages)
        {
            preset.Packages = Path.Combine(folder, packages);
        }

        return preset;
    }
}

/// <summary>How one client gets its tokens: a fixed bearer token, or the client credentials grant with a secret or a private key.</summary>
public sealed class ClientPreset
{
    /// <summary>A token to send as it is (no token endpoint is asked).</summary>
    public string? BearerToken { get; set; }

    /// <summary>The registered client id.</summary>
    public string? ClientId { get; set; }

    /// <summary>Its secret (<c>client_secret_basic</c>).</summary>
    public string? ClientSecret { get; set; }

    /// <summary>A PEM private key for <c>private_key_jwt</c> (SMART Backend Services), RSA or EC.</summary>
    public string? PrivateKeyPath { get; set; }

    /// <summary>The key's <c>kid</c>, as in the registered JWKS.</summary>
    public string? KeyId { get; set; }

    /// <summary>The signing algorithm for <c>private_key_jwt</c> (RS384 by default, ES384 for EC keys).</summary>
    public string? Algorithm { get; set; }

    /// <summary>The scopes to ask (default <c>system/*.cruds system/AuditEvent.rs</c>).</summary>
    public string Scope { get; set; } = "system/*.cruds system/AuditEvent.rs";

    /// <summary>The token endpoint, when the server's SMART configuration does not give it.</summary>
    public string? TokenEndpoint { get; set; }

    /// <summary>Whether this client can get tokens at all.</summary>
    [JsonIgnore]
    public bool CanAuthenticate => BearerToken is not null || ClientId is not null;
}

/// <summary>An IMAP mailbox the suite reads (group 7).</summary>
public sealed class MailboxPreset
{
    /// <summary>The mailbox's address: the suite asks the server to send to it.</summary>
    public string Address { get; set; } = string.Empty;

    /// <summary>The IMAP host.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>The IMAP port.</summary>
    public int Port { get; set; } = 143;

    /// <summary>The login.</summary>
    public string User { get; set; } = string.Empty;

    /// <summary>The password.</summary>
    public string Password { get; set; } = string.Empty;

    /// <summary>The authority (PEM) that signed the IMAP server's certificate, when the machine's store does not hold it.</summary>
    public string? CaCertificatePath { get; set; }

    /// <summary>Whether the IMAP connection starts in clear and upgrades with STARTTLS (true, as MSSanté asks) or is TLS from the start.</summary>
    public bool StartTls { get; set; } = true;

    /// <summary>How long the suite waits for the mail to arrive (default 90 s).</summary>
    public int WaitSeconds { get; set; } = 90;
}
