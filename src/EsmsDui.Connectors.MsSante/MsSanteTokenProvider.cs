using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace EsmsDui.Connectors.MsSante;

/// <summary>
/// The mailboxes' bearer tokens for SASL XOAUTH2: asked by client credentials at the configured token endpoint, kept in
/// memory only until shortly before they expire (never stored: SC.MSS/CONF.28), one per mailbox client.
/// </summary>
public sealed class MsSanteTokenProvider(TimeProvider clock) : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<(string?, string?), (string Token, DateTimeOffset Until)> _current = [];

    /// <summary>A valid access token for the mailbox of <paramref name="settings"/>.</summary>
    public async Task<string> TokenAsync(MsSanteOptions settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var key = (settings.TokenEndpoint, settings.ClientId);
            if (_current.TryGetValue(key, out var current) && current.Until > clock.GetUtcNow())
            {
                return current.Token;
            }

            if (string.IsNullOrEmpty(settings.TokenEndpoint) || string.IsNullOrEmpty(settings.ClientId))
            {
                throw new MsSanteException("MsSante:TokenEndpoint and MsSante:ClientId are needed for XOAUTH2.", permanent: true);
            }

            using var request = new HttpRequestMessage(HttpMethod.Post, settings.TokenEndpoint)
            {
                Content = new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["grant_type"] = "client_credentials",
                    ["scope"] = settings.Scope ?? string.Empty,
                }),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(
                $"{Uri.EscapeDataString(settings.ClientId)}:{Uri.EscapeDataString(settings.ClientSecret ?? string.Empty)}")));
            using var response = await _http.SendAsync(request, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                // 4xx: the credentials are wrong, retrying will not help; 5xx: the token service may come back.
                throw new MsSanteException($"The token endpoint refused the request ({(int)response.StatusCode}).", permanent: (int)response.StatusCode < 500);
            }

            using var json = JsonDocument.Parse(body);
            var token = json.RootElement.GetProperty("access_token").GetString()
                ?? throw new MsSanteException("The token endpoint gave no access_token.", permanent: false);
            var lifetime = json.RootElement.TryGetProperty("expires_in", out var expires) && expires.TryGetInt32(out var seconds) ? seconds : 60;
            _current[key] = (token, clock.GetUtcNow().AddSeconds(Math.Max(0, lifetime - 30)));
            return token;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _http.Dispose();
        _gate.Dispose();
    }
}
