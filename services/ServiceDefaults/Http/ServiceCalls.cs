using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Jamforelse.ServiceDefaults.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Jamforelse.ServiceDefaults.Http;

/// <summary>
/// The "Services" configuration section: where each service's HTTP API is when the parts run as separate
/// processes (Services__IndicatorData=http://indicator-data:8080). Unset in the embedded host.
/// </summary>
public sealed class ServiceAddresses
{
    public const string Section = "Services";

    /// <summary>The services by their audience names, as the other parts address them.</summary>
    public static IReadOnlyList<string> Services { get; } = ["indicator-data", "goal-catalog", "benchmarking"];

    public Uri? IndicatorData { get; set; }

    public Uri? GoalCatalog { get; set; }

    public Uri? Benchmarking { get; set; }

    /// <summary>The address of a service by its audience name ("indicator-data", "goal-catalog", "benchmarking").</summary>
    public Uri? For(string service) => service switch
    {
        "indicator-data" => IndicatorData,
        "goal-catalog" => GoalCatalog,
        "benchmarking" => Benchmarking,
        _ => null,
    };

    public static string SettingOf(string service) => service switch
    {
        "indicator-data" => "Services:IndicatorData",
        "goal-catalog" => "Services:GoalCatalog",
        "benchmarking" => "Services:Benchmarking",
        _ => throw new ArgumentOutOfRangeException(nameof(service), service, "Not a service of the platform."),
    };
}

/// <summary>
/// A service calling another one's HTTP API (benchmarking reading values and plans, the goal catalog checking
/// key figures): a named HttpClient per target whose requests carry a signed identity of the calling service.
/// </summary>
public static class ServiceCalls
{
    public static string ClientName(string target) => "service:" + target;

    /// <summary>
    /// The identity a service calls with: the platform tenant, since it computes over every tenant's data
    /// (each answer it serves is filtered for the asking caller again), named after the calling service.
    /// </summary>
    public static CallerIdentity IdentityOf(string self) => new(CallerIdentity.PlatformTenant, Role.Admin, "service:" + self, self);

    /// <summary>Registers the client for <paramref name="target"/>; its address must be configured (checked at start).</summary>
    public static IHostApplicationBuilder AddServiceCalls(this IHostApplicationBuilder builder, string self, string target)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var address = builder.Configuration.GetSection(ServiceAddresses.Section).Get<ServiceAddresses>()?.For(target)
            ?? throw new InvalidOperationException(
                $"{ServiceAddresses.SettingOf(target)} must give the {target} service's address (e.g. http://{target}:8080) when this service runs on its own.");
        builder.Services.AddHttpClient(ClientName(target), client => client.BaseAddress = address)
            .AddHttpMessageHandler(services => new SignedCallHandler(services.GetRequiredService<IdentitySigner>(), IdentityOf(self), target));
        return builder;
    }

    /// <summary>GET of another service's JSON: null for 404, an exception for any other answer (a consumer then retries).</summary>
    public static async Task<T?> GetJsonAsync<T>(this IHttpClientFactory factory, string target, string pathAndQuery, CancellationToken cancellationToken) where T : class
    {
        ArgumentNullException.ThrowIfNull(factory);
        using var client = factory.CreateClient(ClientName(target));
        using var response = await client.GetAsync(new Uri(pathAndQuery, UriKind.Relative), cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException(
                $"{target} answered {(int)response.StatusCode} to GET {pathAndQuery}: {await response.Content.ReadAsStringAsync(cancellationToken)}", null, response.StatusCode);
        }
        return await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken);
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private sealed class SignedCallHandler(IdentitySigner signer, CallerIdentity identity, string audience) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.Remove(IdentitySigner.HeaderName);
            request.Headers.Add(IdentitySigner.HeaderName, signer.Sign(identity, audience));
            return base.SendAsync(request, cancellationToken);
        }
    }
}
