using System.Net;
using Jamforelse.ServiceDefaults;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Jamforelse.Protection;

/// <summary>
/// The edge's protection as one module for both hosts that face clients (the gateway and the embedded
/// platform). In the pipeline: <c>UseEdgeProtection()</c> before the door (forwarded headers, security
/// headers, CORS, body limits, refused attempts per address), the door (<c>UseGatewayAuthentication()</c>), then <c>UseRateLimits()</c>,
/// which needs the identity the door found.
/// </summary>
public static class EdgeProtection
{
    public static IHostApplicationBuilder AddEdgeProtection(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = builder.BindValidated<EdgeOptions>(EdgeOptions.Section);
        // No "Server: Kestrel": nothing about the machinery behind the door.
        builder.Services.Configure<KestrelServerOptions>(kestrel => kestrel.AddServerHeader = false);
        // Limits per request are set by the body-limit middleware; the server's own default would cap them below.
        builder.Services.Configure<KestrelServerOptions>(kestrel => kestrel.Limits.MaxRequestBodySize = BodyLimits.Largest(options));
        // A body found too large while reading (no Content-Length) is a 413, not a 500.
        builder.Services.Configure<ExceptionHandlerOptions>(handler => handler.StatusCodeSelector = exception =>
            exception is Microsoft.AspNetCore.Http.BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status500InternalServerError);
        builder.Services.Configure<ForwardedHeadersOptions>(forwarded =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            foreach (var proxy in options.ForwardedHeaders.KnownProxies)
            {
                forwarded.KnownProxies.Add(IPAddress.Parse(proxy));
            }
            foreach (var network in options.ForwardedHeaders.KnownNetworks)
            {
                forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });
        if (options.Cors.AllowedOrigins.Count > 0)
        {
            builder.Services.AddCors(cors => cors.AddDefaultPolicy(policy => policy
                .WithOrigins([.. options.Cors.AllowedOrigins])
                .WithMethods("GET", "POST", "PUT", "DELETE")
                .AllowAnyHeader()
                .WithExposedHeaders("Retry-After", "WWW-Authenticate")
                .SetPreflightMaxAge(TimeSpan.FromMinutes(10))));
        }
        builder.Services.AddRateLimits(options.RateLimit);
        return builder;
    }

    /// <summary>
    /// Forwarded headers, security headers, CORS, body limits and the limit on refused attempts per address:
    /// before the door, so that its refusals carry them too.
    /// </summary>
    public static IApplicationBuilder UseEdgeProtection(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.ApplicationServices.GetRequiredService<IOptions<EdgeOptions>>().Value;
        app.UseForwardedHeaders();
        app.UseSecurityHeaders(options.SecurityHeaders);
        if (options.Cors.AllowedOrigins.Count > 0)
        {
            app.UseCors();
        }
        app.UseBodyLimits(options);
        app.UseRefusedAttemptLimits(options.RateLimit);
        return app;
    }

    /// <summary>Writes a problem+json answer (no exception details, ever).</summary>
    internal static Task ProblemAsync(HttpContext context, int status, string title, string detail) =>
        Results.Problem(title: title, detail: detail, statusCode: status).ExecuteAsync(context);
}
