using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Jamforelse.Protection;

/// <summary>
/// Headers that tell browsers to be strict with every answer, set only where the answer has none of its own
/// (a page that needs a different Content-Security-Policy sets it). Strict-Transport-Security only over https
/// (as the client saw it: X-Forwarded-Proto from a trusted proxy counts).
/// </summary>
internal static class SecurityHeaders
{
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app, SecurityHeaderSettings settings)
    {
        var hsts = $"max-age={(long)settings.HstsMaxAge.TotalSeconds}; includeSubDomains";
        return app.Use((context, next) =>
        {
            var isHttps = context.Request.IsHttps;
            var response = context.Response;
            response.OnStarting(() =>
            {
                var headers = response.Headers;
                headers.TryAdd("X-Content-Type-Options", "nosniff");
                headers.TryAdd("X-Frame-Options", "DENY");
                headers.TryAdd("Referrer-Policy", settings.ReferrerPolicy);
                headers.TryAdd("Content-Security-Policy", settings.ContentSecurityPolicy);
                headers.TryAdd("Cross-Origin-Opener-Policy", "same-origin");
                if (isHttps)
                {
                    headers.TryAdd("Strict-Transport-Security", hsts);
                }
                return Task.CompletedTask;
            });
            return next(context);
        });
    }
}
