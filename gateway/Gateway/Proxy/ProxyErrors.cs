using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Transforms;

namespace Jamforelse.Gateway.Proxy;

/// <summary>
/// What the client sees when forwarding fails: a problem+json naming the service by its route, never the
/// address behind it nor the exception; a body cut off at its limit is a 413. Services' own answers pass
/// unchanged, except an error page that is not JSON, and the headers that describe the machinery behind the
/// gateway.
/// </summary>
internal static class ProxyErrors
{
    public static IReverseProxyBuilder AddGatewayTransforms(this IReverseProxyBuilder proxy) =>
        proxy.AddTransforms(transforms =>
        {
            transforms.AddResponseHeaderRemove("Server", ResponseCondition.Always);
            transforms.AddResponseHeaderRemove("X-Powered-By", ResponseCondition.Always);
            transforms.AddResponseTransform(ReplaceErrorPagesAsync);
        });

    /// <summary>
    /// A service's 5xx with a JSON body (its problem+json, a GraphQL answer) passes as it is; any other body
    /// (an HTML or text error page, which may carry a stack trace or an address) is replaced by a problem+json.
    /// </summary>
    private static async ValueTask ReplaceErrorPagesAsync(ResponseTransformContext context)
    {
        if (context.ProxyResponse is not { } response || (int)response.StatusCode < 500 || IsJson(response.Content.Headers.ContentType?.MediaType))
        {
            return;
        }
        context.SuppressResponseBody = true;
        var headers = context.HttpContext.Response.Headers;
        headers.ContentLength = null;
        headers.ContentEncoding = default;
        headers.ContentDisposition = default;
        var status = (int)response.StatusCode;
        await Problem(context.HttpContext, status, status == 503 ? "Service unavailable" : "Service error",
            $"{ServiceOf(context.HttpContext)} could not answer this request.");
    }

    private static bool IsJson(string? mediaType) =>
        mediaType is not null && (mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase));

    private static string ServiceOf(HttpContext context) =>
        context.GetReverseProxyFeature().Route.Config.Metadata?.GetValueOrDefault(GatewayRoutes.AudienceMetadata) ?? "the service";

    public static IApplicationBuilder UseProxyErrors(this IApplicationBuilder pipeline) =>
        pipeline.Use(async (context, next) =>
        {
            await next(context);
            var error = context.GetForwarderErrorFeature();
            var status = context.Response.StatusCode;
            if (context.Response.HasStarted || (error is null && status is not (502 or 503 or 504)))
            {
                return;
            }
            if (error is null && (context.Response.ContentLength > 0 || context.Response.ContentType is not null))
            {
                return; // the service's own 502/503/504, with its own body
            }
            var service = ServiceOf(context);
            if (IsTooLarge(error?.Exception))
            {
                await Problem(context, StatusCodes.Status413PayloadTooLarge, "Payload too large", "The body is larger than this route allows.");
                return;
            }
            var (code, title, detail) = error?.Error switch
            {
                ForwarderError.NoAvailableDestinations => (503, "Service unavailable", $"No healthy instance of {service} is available; try again shortly."),
                ForwarderError.RequestTimedOut => (504, "Gateway timeout", $"{service} did not answer in time."),
                ForwarderError.RequestCanceled or ForwarderError.RequestBodyCanceled or ForwarderError.UpgradeRequestCanceled
                    => (499, "Client closed request", "The request was cancelled by the client."),
                ForwarderError.RequestBodyClient or ForwarderError.UpgradeRequestClient => (400, "Bad request", "The request body could not be read."),
                _ when status is 503 or 504 => (status, status == 503 ? "Service unavailable" : "Gateway timeout", $"{service} is not available; try again shortly."),
                _ => (502, "Bad gateway", $"{service} could not be reached or gave no valid answer; try again shortly."),
            };
            await Problem(context, code, title, detail);
        });

    private static bool IsTooLarge(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge })
            {
                return true;
            }
        }
        return false;
    }

    private static Task Problem(HttpContext context, int status, string title, string detail) =>
        Results.Problem(title: title, detail: detail, statusCode: status).ExecuteAsync(context);
}
