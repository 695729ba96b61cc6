using OpenIddict.Abstractions;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;
using static OpenIddict.Server.OpenIddictServerEvents;

namespace EsmsDui.Security;

/// <summary>
/// SMART Backend Services clients sign their assertion with <c>typ: JWT</c> and the token endpoint as audience
/// (RFC 7523, OpenID Connect Core §9); OpenIddict 7 accepts only the newer <c>client-authentication+jwt</c> and the
/// issuer (draft rfc7523bis). Both forms are accepted here; the signature, issuer, subject, lifetime and the one
/// audience still have to match.
/// </summary>
internal static class ClientAssertionCompatibility
{
    /// <summary>Both handlers, in the order they run.</summary>
    public static OpenIddictServerHandlerDescriptor[] Descriptors { get; } = [AcceptLegacyForm(), TypeLegacyForm()];

    private static OpenIddictServerHandlerDescriptor AcceptLegacyForm() => OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateTokenContext>()
        .UseInlineHandler(context =>
        {
            if (context.ValidTokenTypes.Contains(TokenTypeIdentifiers.Private.ClientAssertion))
            {
                context.TokenValidationParameters.ValidTypes = [.. context.TokenValidationParameters.ValidTypes ?? [], "JWT"];
                if (context.RequestUri is { } endpoint)
                {
                    context.ValidAudiences.Add(endpoint.GetLeftPart(UriPartial.Path));
                }
            }

            return default;
        })
        .SetOrder(OpenIddictServerHandlers.Protection.ResolveTokenValidationParameters.Descriptor.Order + 1)
        .SetType(OpenIddictServerHandlerType.Custom)
        .Build();

    // OpenIddict reads typ JWT as an identity token; a JWT that just passed as a client assertion (signed with a key
    // of the client's JWKS, this server issuing no identity token) is one.
    private static OpenIddictServerHandlerDescriptor TypeLegacyForm() => OpenIddictServerHandlerDescriptor.CreateBuilder<ValidateTokenContext>()
        .UseInlineHandler(context =>
        {
            if (context.ValidTokenTypes.Contains(TokenTypeIdentifiers.Private.ClientAssertion)
                && context.Principal is { } principal
                && principal.GetTokenType() == TokenTypeIdentifiers.IdentityToken)
            {
                principal.SetTokenType(TokenTypeIdentifiers.Private.ClientAssertion);
            }

            return default;
        })
        .SetOrder(OpenIddictServerHandlers.Protection.ValidatePrincipal.Descriptor.Order - 1)
        .SetType(OpenIddictServerHandlerType.Custom)
        .Build();
}
