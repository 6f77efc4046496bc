using System.ComponentModel.DataAnnotations;
using System.Net;

namespace Jamforelse.Protection;

/// <summary>
/// How the platform's edge protects itself (section <c>Gateway</c>), the same settings on the gateway host and
/// on the embedded host: rate limits, body limits, CORS for the pages, security headers, trusted proxies.
/// </summary>
public sealed class EdgeOptions : IValidatableObject
{
    public const string Section = "Gateway";

    public RateLimitSettings RateLimit { get; set; } = new();

    /// <summary>The largest request body, in bytes, where no <see cref="BodyLimits"/> entry is more specific (Kolada imports are large).</summary>
    public long MaxRequestBodyBytes { get; set; } = 20 * 1024 * 1024;

    /// <summary>Smaller (or larger) limits per path prefix, by name: <c>Gateway:BodyLimits:graphql:PathPrefix=/graphql</c>, <c>…:MaxBytes=1048576</c>.</summary>
    public Dictionary<string, BodyLimit> BodyLimits { get; set; } = [];

    public CorsSettings Cors { get; set; } = new();

    public SecurityHeaderSettings SecurityHeaders { get; set; } = new();

    public ForwardedHeaderSettings ForwardedHeaders { get; set; } = new();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (RateLimit.Window <= TimeSpan.Zero || RateLimit.Window > TimeSpan.FromHours(1))
        {
            yield return new ValidationResult($"{Section}:RateLimit:Window must be between 00:00:01 and 01:00:00.");
        }
        if (RateLimit.PermitLimit < 1 || RateLimit.AnonymousPermitLimit < 1 || RateLimit.TenantPermitLimit < 0)
        {
            yield return new ValidationResult($"{Section}:RateLimit:PermitLimit and AnonymousPermitLimit must be at least 1, TenantPermitLimit at least 0 (0: no limit per tenant).");
        }
        if (MaxRequestBodyBytes < 1)
        {
            yield return new ValidationResult($"{Section}:MaxRequestBodyBytes must be at least 1.");
        }
        foreach (var (name, limit) in BodyLimits)
        {
            if (limit.PathPrefix is not { Length: > 1 } prefix || prefix[0] != '/' || limit.MaxBytes < 1)
            {
                yield return new ValidationResult($"{Section}:BodyLimits:{name} needs a PathPrefix starting with '/' and MaxBytes of at least 1.");
            }
        }
        foreach (var origin in Cors.AllowedOrigins)
        {
            if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.PathAndQuery != "/")
            {
                yield return new ValidationResult($"{Section}:Cors:AllowedOrigins: '{origin}' is not an origin (scheme://host[:port], no path).");
            }
        }
        foreach (var proxy in ForwardedHeaders.KnownProxies)
        {
            if (!IPAddress.TryParse(proxy, out _))
            {
                yield return new ValidationResult($"{Section}:ForwardedHeaders:KnownProxies: '{proxy}' is not an IP address.");
            }
        }
        foreach (var network in ForwardedHeaders.KnownNetworks)
        {
            if (!IPNetwork.TryParse(network, out _))
            {
                yield return new ValidationResult($"{Section}:ForwardedHeaders:KnownNetworks: '{network}' is not a network in CIDR notation (10.0.0.0/8).");
            }
        }
    }
}

/// <summary>
/// Fixed windows: each API key may make <see cref="PermitLimit"/> requests per <see cref="Window"/>, all of a
/// tenant's keys together <see cref="TenantPermitLimit"/>, and a client address without a key
/// <see cref="AnonymousPermitLimit"/>. Beyond that: 429 with Retry-After.
/// </summary>
public sealed class RateLimitSettings
{
    public int PermitLimit { get; set; } = 600;

    public int TenantPermitLimit { get; set; } = 3000;

    public int AnonymousPermitLimit { get; set; } = 120;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}

public sealed class BodyLimit
{
    public string? PathPrefix { get; set; }

    public long MaxBytes { get; set; }
}

public sealed class CorsSettings
{
    /// <summary>Origins whose pages may call the API from a browser (none: only same-origin pages).</summary>
    public List<string> AllowedOrigins { get; set; } = [];
}

public sealed class SecurityHeaderSettings
{
    /// <summary>
    /// For pages that load only their own scripts, talk only to their own origin and are never framed. Inline
    /// styles and data: fonts are allowed: GraphiQL's editor (Monaco) sets styles from script and embeds its
    /// icon font (seen as CSP violations in Chromium); scripts stay same-origin only.
    /// </summary>
    public string ContentSecurityPolicy { get; set; } =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; "
        + "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public string ReferrerPolicy { get; set; } = "no-referrer";

    /// <summary>Strict-Transport-Security's max-age, sent only on answers over https.</summary>
    public TimeSpan HstsMaxAge { get; set; } = TimeSpan.FromDays(365);
}

/// <summary>Proxies in front of this host whose X-Forwarded-For/-Proto/-Host are believed (loopback always is).</summary>
public sealed class ForwardedHeaderSettings
{
    public List<string> KnownProxies { get; set; } = [];

    public List<string> KnownNetworks { get; set; } = [];
}
