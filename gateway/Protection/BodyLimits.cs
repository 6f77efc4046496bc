using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Jamforelse.Protection;

/// <summary>
/// The largest body a request may carry, by path prefix (the longest matching <c>Gateway:BodyLimits</c>
/// entry, else <c>Gateway:MaxRequestBodyBytes</c>). A declared Content-Length over the limit is refused at
/// once (413 problem+json) without reading the body; a chunked body is cut off by the server when it passes
/// the limit (413 as well).
/// </summary>
internal static class BodyLimits
{
    public static long Largest(EdgeOptions options) =>
        options.BodyLimits.Values.Select(l => l.MaxBytes).Append(options.MaxRequestBodyBytes).Max();

    public static IApplicationBuilder UseBodyLimits(this IApplicationBuilder app, EdgeOptions options)
    {
        var limits = options.BodyLimits.Values
            .Select(l => (Prefix: new PathString(l.PathPrefix!.TrimEnd('/')), l.MaxBytes))
            .OrderByDescending(l => l.Prefix.Value!.Length)
            .ToArray();
        return app.Use((context, next) =>
        {
            var path = context.Request.Path;
            var limit = options.MaxRequestBodyBytes;
            foreach (var (prefix, maxBytes) in limits)
            {
                if (path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase))
                {
                    limit = maxBytes;
                    break;
                }
            }
            if (context.Request.ContentLength > limit)
            {
                return EdgeProtection.ProblemAsync(context, StatusCodes.Status413PayloadTooLarge, "Payload too large",
                    $"The body may be at most {limit:N0} bytes here; this one declares {context.Request.ContentLength:N0}.");
            }
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
            {
                feature.MaxRequestBodySize = limit;
            }
            return next(context);
        });
    }
}
