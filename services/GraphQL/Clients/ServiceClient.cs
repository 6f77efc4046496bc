using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Jamforelse.ServiceDefaults.Http;
using Jamforelse.ServiceDefaults.Identity;
using Microsoft.Extensions.Options;

namespace Jamforelse.GraphQL.Clients;

/// <summary>A service answered with an error the GraphQL layer passes on (with its status as the error code).</summary>
public sealed class ServiceException(string service, HttpStatusCode status, string detail) : Exception($"{service}: {detail}")
{
    public string Service => service;

    public HttpStatusCode Status => status;

    public string Detail => detail;
}

/// <summary>
/// The GraphQL layer's only way to the services: their public HTTP APIs, through the named client
/// "services" (base address per service from configuration; in process in the standalone host). Counts
/// its calls, so that a test can prove a query makes a bounded number of them.
/// </summary>
public sealed class ServiceClient(IHttpClientFactory factory, GraphQLCaller caller, IdentitySigner signer, IOptions<ServiceAddresses> addresses)
{
    public const string HttpClientName = "services";
    private int _calls;

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>Service calls made through this client since it was created (per request: it is scoped).</summary>
    public int Calls => _calls;

    /// <summary>GET a JSON answer; null for 404; a <see cref="ServiceException"/> for other errors.</summary>
    public async Task<T?> GetAsync<T>(string service, string pathAndQuery, CancellationToken cancellationToken) where T : class
    {
        Interlocked.Increment(ref _calls);
        using var client = factory.CreateClient(HttpClientName);
        using var request = Signed(new HttpRequestMessage(HttpMethod.Get, Address(service, pathAndQuery)), service);
        using var response = await client.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        if (!response.IsSuccessStatusCode)
        {
            var detail = await response.Content.ReadAsStringAsync(cancellationToken);
            try
            {
                detail = JsonNode.Parse(detail)?["detail"]?.GetValue<string>() ?? detail;
            }
            catch (JsonException)
            {
                // not problem+json: pass the text on
            }
            throw new ServiceException(service, response.StatusCode, detail);
        }
        return await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken);
    }

    /// <summary>Sends a change (POST, PUT, DELETE) with a body; answers the service's JSON; refusals become <see cref="ServiceException"/>s listing every problem.</summary>
    public async Task<JsonNode?> SendAsync(string service, HttpMethod method, string pathAndQuery, HttpContent? content, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        using var client = factory.CreateClient(HttpClientName);
        using var request = Signed(new HttpRequestMessage(method, Address(service, pathAndQuery)) { Content = content }, service);
        using var response = await client.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        JsonNode? body = null;
        try
        {
            body = text.Length == 0 ? null : JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            // not JSON: keep the text for the error
        }
        if (!response.IsSuccessStatusCode)
        {
            var detail = body?["detail"]?.GetValue<string>() ?? text;
            var problems = (body?["problems"] as JsonArray)?.Select(p => $"{p?["path"]}: {p?["message"]}")
                ?? (body?["errors"] as JsonObject)?.Select(e => $"{e.Key}: {string.Join(" ", (e.Value as JsonArray ?? []).Select(m => m?.ToString()))}")
                ?? [];
            throw new ServiceException(service, response.StatusCode, string.Join(" ", new[] { detail }.Concat(problems)));
        }
        return body;
    }

    /// <summary>The service's own address when the parts run as separate processes (Services:*), else relative to the client's base address.</summary>
    private Uri Address(string service, string pathAndQuery) =>
        addresses.Value.For(service) is { } baseAddress ? new Uri(baseAddress, pathAndQuery) : new Uri(pathAndQuery, UriKind.Relative);

    /// <summary>
    /// Every call carries the caller's identity, signed for the one service it goes to, so that each service
    /// applies its own rules to the caller (the gateway made the identity; this layer holds the same key).
    /// </summary>
    private HttpRequestMessage Signed(HttpRequestMessage request, string service)
    {
        var identity = caller.Identity ?? throw new ServiceException(service, HttpStatusCode.Unauthorized, "No caller identity: the GraphQL layer answers only requests that came through the gateway.");
        request.Headers.Add(IdentitySigner.HeaderName, signer.Sign(identity, service));
        return request;
    }

    public static string Query(params (string Name, object? Value)[] parameters) =>
        string.Join("&", parameters.Where(p => p.Value is not null && p.Value.ToString() is { Length: > 0 })
            .Select(p => $"{p.Name}={Uri.EscapeDataString(Convert.ToString(p.Value, System.Globalization.CultureInfo.InvariantCulture)!)}"));
}
