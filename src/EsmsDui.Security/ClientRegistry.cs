using System.Text.Json;
using EsmsDui.Fhir.Access;
using EsmsDui.Fhir.Errors;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Abstractions;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace EsmsDui.Security;

/// <summary>The registered clients (OpenIddict applications in the main database): what the <c>clients</c> verbs manage.</summary>
public sealed class ClientRegistry(IOpenIddictApplicationManager applications)
{
    /// <summary>The application property holding the tenant of a client's tokens.</summary>
    public const string TenantProperty = "tenant";

    /// <summary>The application property holding the ESMS a client is limited to.</summary>
    public const string EstablishmentsProperty = "esms";

    /// <summary>The application property saying its tokens are bound to its TLS client certificate.</summary>
    public const string CertificateBindingProperty = "bind_certificate";

    /// <summary>Registers a client, or replaces the registration of the same client_id.</summary>
    public async Task RegisterAsync(ClientRegistration registration, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(registration);
        var staffApplication = registration.RedirectUris is { Count: > 0 };
        if (registration.Secret is null && registration.JsonWebKeySet is null && !staffApplication)
        {
            throw new FhirException(FhirErrorKind.Invalid, $"Client '{registration.ClientId}' needs a secret or a JSON Web Key Set (private_key_jwt).");
        }

        if (registration.Scopes.FirstOrDefault(s => !SmartScope.TryParse(s, out _) && !SmartGrant.IdentityScopes.Contains(s) && s != AccessContext.PlatformAdministratorScope) is { } wrong)
        {
            throw new FhirException(FhirErrorKind.Invalid, $"'{wrong}' is not a SMART resource scope (context/Type.cruds, e.g. system/*.rs).");
        }

        var descriptor = new OpenIddictApplicationDescriptor
        {
            ClientId = registration.ClientId,
            ClientSecret = registration.Secret,
            ClientType = registration.Secret is null && registration.JsonWebKeySet is null ? ClientTypes.Public : ClientTypes.Confidential,
            DisplayName = registration.DisplayName ?? registration.ClientId,
            JsonWebKeySet = registration.JsonWebKeySet is null ? null : new JsonWebKeySet(registration.JsonWebKeySet),
        };
        descriptor.Permissions.Add(Permissions.Endpoints.Token);
        if (descriptor.ClientType == ClientTypes.Confidential)
        {
            descriptor.Permissions.Add(Permissions.Endpoints.Introspection);
        }

        if (staffApplication)
        {
            descriptor.Permissions.UnionWith([Permissions.Endpoints.Authorization, Permissions.GrantTypes.AuthorizationCode, Permissions.GrantTypes.RefreshToken, Permissions.ResponseTypes.Code]);
            descriptor.Requirements.Add(Requirements.Features.ProofKeyForCodeExchange);
            descriptor.RedirectUris.UnionWith(registration.RedirectUris!.Select(u => new Uri(u, UriKind.Absolute)));
        }
        else
        {
            descriptor.Permissions.Add(Permissions.GrantTypes.ClientCredentials);
        }

        if (registration.Scopes.Contains(AccessContext.PlatformAdministratorScope) && (registration.Tenant.Length > 0 || registration.Establishments is { Count: > 0 } || staffApplication))
        {
            throw new FhirException(FhirErrorKind.Invalid, $"{AccessContext.PlatformAdministratorScope} is for a backend client of the default tenant that reaches every usager: it changes what every tenant shares.");
        }

        descriptor.Permissions.UnionWith(registration.Scopes.Select(s => Permissions.Prefixes.Scope + s));
        descriptor.Properties[TenantProperty] = JsonSerializer.SerializeToElement(registration.Tenant);
        if (registration.BindToCertificate)
        {
            descriptor.Properties[CertificateBindingProperty] = JsonSerializer.SerializeToElement(true);
        }

        if (registration.Establishments is { Count: > 0 } establishments)
        {
            descriptor.Properties[EstablishmentsProperty] = JsonSerializer.SerializeToElement(establishments.Select(e => e.StartsWith("Organization/", StringComparison.Ordinal) ? e[13..] : e).ToArray());
        }

        if (await applications.FindByClientIdAsync(registration.ClientId, cancellationToken) is { } existing)
        {
            await applications.UpdateAsync(existing, descriptor, cancellationToken);
        }
        else
        {
            await applications.CreateAsync(descriptor, cancellationToken);
        }
    }

    /// <summary>Removes a client; false when there was none.</summary>
    public async Task<bool> RemoveAsync(string clientId, CancellationToken cancellationToken)
    {
        if (await applications.FindByClientIdAsync(clientId, cancellationToken) is not { } existing)
        {
            return false;
        }

        await applications.DeleteAsync(existing, cancellationToken);
        return true;
    }

    /// <summary>Every registered client: id, tenant and scopes (never its secret).</summary>
    public async IAsyncEnumerable<(string ClientId, string Tenant, IReadOnlyList<string> Scopes, bool UsesKeys, IReadOnlyList<string> Establishments)> ListAsync(
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var application in applications.ListAsync(count: null, offset: null, cancellationToken))
        {
            yield return (
                await applications.GetClientIdAsync(application, cancellationToken) ?? string.Empty,
                await TenantAsync(application, cancellationToken),
                await ScopesAsync(application, cancellationToken),
                await applications.GetJsonWebKeySetAsync(application, cancellationToken) is { Keys.Count: > 0 },
                await EstablishmentsAsync(application, cancellationToken));
        }
    }

    /// <summary>The scopes a client may ask.</summary>
    public async Task<IReadOnlyList<string>> ScopesAsync(object application, CancellationToken cancellationToken) =>
        [.. (await applications.GetPermissionsAsync(application, cancellationToken))
            .Where(p => p.StartsWith(Permissions.Prefixes.Scope, StringComparison.Ordinal))
            .Select(p => p[Permissions.Prefixes.Scope.Length..])];

    /// <summary>The ESMS (Organization ids) a client is limited to; empty when it reaches every usager of its tenant.</summary>
    public async Task<IReadOnlyList<string>> EstablishmentsAsync(object application, CancellationToken cancellationToken) =>
        (await applications.GetPropertiesAsync(application, cancellationToken)).TryGetValue(EstablishmentsProperty, out var value) && value.ValueKind == JsonValueKind.Array
            ? [.. value.EnumerateArray().Select(e => e.GetString()).OfType<string>()]
            : [];

    /// <summary>True when a client's tokens are bound to its TLS client certificate.</summary>
    public async Task<bool> BindsToCertificateAsync(object application, CancellationToken cancellationToken) =>
        (await applications.GetPropertiesAsync(application, cancellationToken)).TryGetValue(CertificateBindingProperty, out var value) && value.ValueKind == JsonValueKind.True;

    /// <summary>The tenant of a client's tokens.</summary>
    public async Task<string> TenantAsync(object application, CancellationToken cancellationToken) =>
        (await applications.GetPropertiesAsync(application, cancellationToken)).TryGetValue(TenantProperty, out var tenant) && tenant.ValueKind == JsonValueKind.String
            ? tenant.GetString()!
            : Fhir.Tenancy.TenantContext.Default;
}
