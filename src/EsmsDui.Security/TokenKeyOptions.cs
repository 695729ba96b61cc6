using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenIddict.Client;
using OpenIddict.Server;

namespace EsmsDui.Security;

/// <summary>
/// Gives the token keys to OpenIddict's server and client (which sign tokens and the client's state with them) and to
/// Data Protection (whose keys, protecting the staff session cookie, are kept with the certificates and encrypted with
/// the encryption one), when their options are first built.
/// </summary>
internal sealed class TokenKeyOptions(TokenKeys keys, ILoggerFactory logs) :
    IConfigureOptions<OpenIddictServerOptions>,
    IConfigureOptions<OpenIddictClientOptions>,
    IConfigureOptions<KeyManagementOptions>
{
    /// <summary>Registers the keys and this configuration (after OpenIddict and Data Protection are added).</summary>
    public static void Register(IServiceCollection services)
    {
        services.AddSingleton<TokenKeys>();
        services.AddSingleton<TokenKeyOptions>();
        services.AddSingleton<IConfigureOptions<OpenIddictServerOptions>>(sp => sp.GetRequiredService<TokenKeyOptions>());
        services.AddSingleton<IConfigureOptions<OpenIddictClientOptions>>(sp => sp.GetRequiredService<TokenKeyOptions>());
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(sp => sp.GetRequiredService<TokenKeyOptions>());

        // Data Protection reads the certificates that decrypt its keys from an options type it keeps internal: the
        // configuration its public UnprotectKeysWithAnyCertificate registers is made when the keys are first read.
        var decryption = KeyDecryption().Last(IsOptionsConfiguration).ServiceType;
        services.AddSingleton(decryption, sp => KeyDecryption(sp.GetRequiredService<TokenKeys>().Certificates?.Encryption)
            .Last(d => d.ServiceType == decryption).ImplementationInstance!);
    }

    private static IServiceCollection KeyDecryption(params X509Certificate2?[] certificates) =>
        new ServiceCollection().AddDataProtection().UnprotectKeysWithAnyCertificate([.. certificates.OfType<X509Certificate2>()]).Services;

    private static bool IsOptionsConfiguration(ServiceDescriptor descriptor) =>
        descriptor.ServiceType.IsGenericType && descriptor.ServiceType.GetGenericTypeDefinition() == typeof(IConfigureOptions<>);

    public void Configure(OpenIddictServerOptions options) => Apply(options, scratch =>
    {
        var server = new OpenIddictServerBuilder(scratch);
        _ = keys.Certificates is { } certificates
            ? server.AddSigningCertificate(certificates.Signing).AddEncryptionCertificate(certificates.Encryption)
            : server.AddEphemeralSigningKey().AddEphemeralEncryptionKey();
    });

    public void Configure(OpenIddictClientOptions options) => Apply(options, scratch =>
    {
        var client = new OpenIddictClientBuilder(scratch);
        _ = keys.Certificates is { } certificates
            ? client.AddSigningCertificate(certificates.Signing).AddEncryptionCertificate(certificates.Encryption)
            : client.AddEphemeralSigningKey().AddEphemeralEncryptionKey();
    });

    public void Configure(KeyManagementOptions options)
    {
        if (keys.Certificates is { } certificates)
        {
            options.XmlRepository = new FileSystemXmlRepository(new DirectoryInfo(Path.Combine(keys.Folder, "data-protection")), logs);
            options.XmlEncryptor = new CertificateXmlEncryptor(certificates.Encryption, logs);
        }
    }

    /// <summary>
    /// Applies what OpenIddict's builder would register for the keys (its checks of the certificates' usage and its
    /// choice of algorithms included) to the options being built, through a collection of its own.
    /// </summary>
    private static void Apply<TOptions>(TOptions options, Action<IServiceCollection> register)
        where TOptions : class
    {
        var scratch = new ServiceCollection();
        register(scratch);
        foreach (var configure in scratch.Where(d => !d.IsKeyedService).Select(d => d.ImplementationInstance).OfType<IConfigureOptions<TOptions>>())
        {
            configure.Configure(options);
        }
    }
}
