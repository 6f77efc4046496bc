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
/// limited) is not counted again. Requests the door refuses are counted per address too. Refused: 429
/// problem+json with Retry-After.
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

    /// <summary>
    /// Before the door: requests the door refuses (401) never reach the limits above, so an address that
    /// keeps presenting bad keys (guessing, or hammering the key store) is counted here, at the anonymous
    /// limit, and refused with 429 once it has used it up.
    /// </summary>
    internal static IApplicationBuilder UseRefusedAttemptLimits(this IApplicationBuilder app, RateLimitSettings settings)
    {
        var refusals = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            Window("refused:" + context.Connection.RemoteIpAddress, settings.AnonymousPermitLimit, settings.Window));
        return app.Use(async (context, next) =>
        {
            using (var available = refusals.AttemptAcquire(context, 0))
            {
                if (!available.IsAcquired)
                {
                    var retryAfter = available.TryGetMetadata(MetadataName.RetryAfter, out var after) ? after : settings.Window;
                    var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
                    context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                    await EdgeProtection.ProblemAsync(context, StatusCodes.Status429TooManyRequests, "Too many requests",
                        $"Too many refused requests from this address ({settings.AnonymousPermitLimit} per {settings.Window}); try again in {seconds} s.");
                    return;
                }
            }
            await next(context);
            if (context.Response.StatusCode == StatusCodes.Status401Unauthorized)
            {
                refusals.AttemptAcquire(context).Dispose();
            }
        });
    }

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
