using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace EsmsDui.Conformance.Http;

/// <summary>
/// One caller of the server: the preset's client, the other establishment's, or nobody (no token). Sends FHIR
/// requests with its token; <c>scope</c> asks a token for fewer scopes than the client's.
/// </summary>
public sealed class FhirActor(string name, ServerClient server, TokenSource? tokens)
{
    private static readonly BaseFhirJsonSerializer JsonWriter = new(ModelInfo.ModelInspector);
    private static readonly BaseFhirXmlSerializer XmlWriter = new(ModelInfo.ModelInspector);

    /// <summary>Who this is, for messages.</summary>
    public string Name => name;

    /// <summary>The server.</summary>
    public ServerClient Server => server;

    /// <summary>Its tokens (null for the anonymous caller).</summary>
    public TokenSource? Tokens => tokens;

    /// <summary>A GET.</summary>
    public Task<Answer> GetAsync(string url, params KeyValuePair<string, string>[] headers) => SendAsync(HttpMethod.Get, url, null, headers);

    /// <summary>A POST of <paramref name="resource"/> as JSON.</summary>
    public Task<Answer> PostAsync(string url, Resource resource, params KeyValuePair<string, string>[] headers) => SendAsync(HttpMethod.Post, url, Json(resource), headers);

    /// <summary>A PUT of <paramref name="resource"/> as JSON.</summary>
    public Task<Answer> PutAsync(string url, Resource resource, params KeyValuePair<string, string>[] headers) => SendAsync(HttpMethod.Put, url, Json(resource), headers);

    /// <summary>A DELETE.</summary>
    public Task<Answer> DeleteAsync(string url, params KeyValuePair<string, string>[] headers) => SendAsync(HttpMethod.Delete, url, null, headers);

    /// <summary>Any request, the body JSON unless <paramref name="contentType"/> says otherwise.</summary>
    public async Task<Answer> SendAsync(HttpMethod method, string url, string? body, IEnumerable<KeyValuePair<string, string>>? headers = null, string? contentType = null, string? scope = null)
    {
        var token = tokens is null ? null : await tokens.GetAsync(scope);
        return await server.SendAsync(method, url, token, body, contentType, headers);
    }

    /// <summary>The resource as FHIR JSON.</summary>
    public static string Json(Resource resource) => JsonWriter.SerializeToString(resource);

    /// <summary>The resource as FHIR XML.</summary>
    public static string Xml(Resource resource) => XmlWriter.SerializeToString(resource);

    /// <summary>A header for the optional parameters.</summary>
    public static KeyValuePair<string, string> Header(string name, string value) => new(name, value);
}
