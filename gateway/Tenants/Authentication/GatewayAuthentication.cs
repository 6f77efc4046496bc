using Jamforelse.ServiceDefaults.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Jamforelse.Tenants.Authentication;

/// <summary>How the gateway's door behaves.</summary>
public sealed class GatewayAuthenticationOptions
{
    /// <summary>
    /// The embedded host only: a request that already carries a valid signed identity for the path's own
    /// audience passes (the GraphQL layer calling the services in the same process, through the same
    /// listener). The gateway host leaves it false: it removes every identity a client sends.
    /// </summary>
    public bool AcceptSignedIdentity { get; set; }
}

/// <summary>
/// The gateway's door: removes any identity headers a client sends, authenticates the API key
/// (<c>Authorization: Bearer</c>, <c>X-Api-Key</c>, or, on a WebSocket upgrade only, the query parameter
/// <c>access_token</c>, which browsers must use because they cannot set headers on a WebSocket), and
/// forwards a signed identity for the one service the path leads to.
/// </summary>
public static class GatewayAuthentication
{
    public const string ApiKeyHeader = "X-Api-Key";
    public const string AccessTokenParameter = "access_token";

    /// <summary>Headers a client could use to pass itself off as someone: never forwarded as sent.</summary>
    private static readonly string[] IdentityHeaders = [IdentitySigner.HeaderName, "X-User", "X-Tenant"];

    public static IApplicationBuilder UseGatewayAuthentication(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var audiences = app.ApplicationServices.GetRequiredService<IOptions<ServiceAudiences>>().Value;
        var options = app.ApplicationServices.GetRequiredService<IOptions<GatewayAuthenticationOptions>>().Value;
        var signer = app.ApplicationServices.GetRequiredService<IdentitySigner>();
        return app.Use(async (context, next) =>
        {
            var audience = audiences.AudienceOf(context.Request.Path);
            var tenantsApi = context.Request.Path.StartsWithSegments(TenantsModule.ApiPrefix, StringComparison.OrdinalIgnoreCase);
            if (audience is not null && options.AcceptSignedIdentity
                && signer.TryVerify(context.Request.Headers[IdentitySigner.HeaderName], audience, out _, out _))
            {
                await next(context);
                return;
            }
            foreach (var header in IdentityHeaders)
            {
                context.Request.Headers.Remove(header);
            }
            if (audience is null && !tenantsApi)
            {
                await next(context);
                return;
            }
            var secret = PresentedKey(context);
            if (secret is null)
            {
                context.Response.Headers.WWWAuthenticate = "Bearer realm=\"jamforelse\"";
                await Unauthorized("Send your API key as `Authorization: Bearer <key>` or `X-Api-Key: <key>` (on a WebSocket from a browser: `?access_token=<key>`).").ExecuteAsync(context);
                return;
            }
            var directory = context.RequestServices.GetRequiredService<TenantDirectory>();
            var identity = TenantTokens.LooksLikeJwt(secret)
                ? await TenantTokens.AuthenticateAsync(directory, secret, context.RequestAborted)
                : await directory.AuthenticateAsync(secret, context.RequestAborted);
            if (identity is null)
            {
                context.Response.Headers.WWWAuthenticate = "Bearer realm=\"jamforelse\", error=\"invalid_token\"";
                await Unauthorized("The API key is unknown or has been revoked (or the token is not valid for its tenant's identity provider).").ExecuteAsync(context);
                return;
            }
            context.Features.Set(identity);
            if (audience is not null)
            {
                context.Request.Headers[IdentitySigner.HeaderName] = signer.Sign(identity, audience);
            }
            await next(context);
        });
    }

    private static IResult Unauthorized(string detail) =>
        Results.Problem(title: "Unauthorized", detail: detail, statusCode: StatusCodes.Status401Unauthorized);

    /// <summary>The key presented, removed from the request so that it is not forwarded further than the door.</summary>
    private static string? PresentedKey(HttpContext context)
    {
        var request = context.Request;
        string? secret = null;
        if (request.Headers.Authorization.ToString() is { Length: > 7 } authorization
            && authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            secret = authorization[7..].Trim();
            request.Headers.Remove("Authorization");
        }
        else if (request.Headers[ApiKeyHeader].ToString() is { Length: > 0 } apiKey)
        {
            secret = apiKey.Trim();
        }
        else if (context.WebSockets.IsWebSocketRequest && request.Query[AccessTokenParameter].ToString() is { Length: > 0 } token)
        {
            secret = token;
            request.QueryString = QueryString.Create(request.Query.Where(q => q.Key != AccessTokenParameter));
        }
        request.Headers.Remove(ApiKeyHeader);
        return secret;
    }
}
