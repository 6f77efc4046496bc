using System.Globalization;
using System.Threading.RateLimiting;
using Jamforelse.ServiceDefaults.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;

namespace Jamforelse.Protection;

/// <summary>
/// Rate limits with ASP.NET Core's rate limiter, fixed windows partitioned by who asks: per API key (the
/// <see cref="CallerIdentity"/> the door set), per tenant over all its keys, and per client address for
/// requests without a key (health probes excepted). A request that arrives with a signed identity the door
/// accepted (the embedded host's GraphQL layer calling its services, or a request the gateway already
/// limited) is not counted again. Refused: 429 problem+json with Retry-After.
/// </summary>
public static class RateLimits
{
    internal static IServiceCollection AddRateLimits(this IServiceCollection services, RateLimitSettings settings) =>
        services.AddRateLimiter(limiter =>
        {
            limiter.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(context => ByKeyOrAddress(context, settings)),
                PartitionedRateLimiter.Create<HttpContext, string>(context => ByTenant(context, settings)));
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = (rejected, _) =>
            {
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : settings.Window;
                var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
                rejected.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                return new ValueTask(EdgeProtection.ProblemAsync(rejected.HttpContext, StatusCodes.Status429TooManyRequests, "Too many requests",
                    $"The rate limit ({Describe(rejected.HttpContext, settings)}) is used up; try again in {seconds} s."));
            };
        });

    /// <summary>After the door: the limits need the caller it authenticated.</summary>
    public static IApplicationBuilder UseRateLimits(this IApplicationBuilder app) => app.UseRateLimiter();

    private static RateLimitPartition<string> ByKeyOrAddress(HttpContext context, RateLimitSettings settings)
    {
        if (context.Features.Get<CallerIdentity>() is { } caller)
        {
            return Window("key:" + caller.KeyId, settings.PermitLimit, settings.Window);
        }
        // The door removes every identity header it does not trust: one still here was verified (or made) by it.
        if (context.Request.Headers.ContainsKey(IdentitySigner.HeaderName) || context.Request.Path.StartsWithSegments("/health"))
        {
            return RateLimitPartition.GetNoLimiter("");
        }
        return Window("address:" + context.Connection.RemoteIpAddress, settings.AnonymousPermitLimit, settings.Window);
    }

    private static RateLimitPartition<string> ByTenant(HttpContext context, RateLimitSettings settings) =>
        settings.TenantPermitLimit > 0 && context.Features.Get<CallerIdentity>() is { } caller
            ? Window("tenant:" + caller.Tenant, settings.TenantPermitLimit, settings.Window)
            : RateLimitPartition.GetNoLimiter("");

    private static RateLimitPartition<string> Window(string key, int permits, TimeSpan window) =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = permits,
            Window = window,
            QueueLimit = 0,
            AutoReplenishment = true,
        });

    private static string Describe(HttpContext context, RateLimitSettings settings) =>
        context.Features.Get<CallerIdentity>() is null
            ? $"{settings.AnonymousPermitLimit} requests per {settings.Window} for a client without an API key"
            : $"{settings.PermitLimit} requests per {settings.Window} per API key, {settings.TenantPermitLimit} per tenant";
}
