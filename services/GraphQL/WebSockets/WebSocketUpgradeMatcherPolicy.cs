using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Matching;

namespace Jamforelse.GraphQL.WebSockets;

/// <summary>Marks an endpoint that only matches WebSocket upgrade requests.</summary>
internal sealed class WebSocketUpgradeOnlyMetadata
{
    public static readonly WebSocketUpgradeOnlyMetadata Instance = new();
}

/// <summary>
/// Lets the WebSocket endpoint share its path with the HTTP transport: for any other request the endpoint
/// is not a candidate, so routing picks the HTTP endpoint (or none, and the next middleware runs).
/// </summary>
internal sealed class WebSocketUpgradeMatcherPolicy : MatcherPolicy, IEndpointSelectorPolicy
{
    public override int Order => 0;

    public bool AppliesToEndpoints(IReadOnlyList<Endpoint> endpoints) =>
        endpoints.Any(endpoint => endpoint.Metadata.GetMetadata<WebSocketUpgradeOnlyMetadata>() is not null);

    public Task ApplyAsync(HttpContext httpContext, CandidateSet candidates)
    {
        if (IsWebSocketUpgrade(httpContext))
            return Task.CompletedTask;

        for (var i = 0; i < candidates.Count; i++)
        {
            if (candidates.IsValidCandidate(i) && candidates[i].Endpoint.Metadata.GetMetadata<WebSocketUpgradeOnlyMetadata>() is not null)
                candidates.SetValidity(i, false);
        }
        return Task.CompletedTask;
    }

    // Routing may run before app.UseWebSockets() adds IHttpWebSocketFeature, so the upgrade is recognised
    // from the request itself when the feature is not there yet.
    private static bool IsWebSocketUpgrade(HttpContext context)
    {
        if (context.Features.Get<IHttpWebSocketFeature>() is { } webSockets)
            return webSockets.IsWebSocketRequest;

        if (context.Features.Get<IHttpExtendedConnectFeature>() is { IsExtendedConnect: true } connect)
            return string.Equals(connect.Protocol, "websocket", StringComparison.OrdinalIgnoreCase);

        return HttpMethods.IsGet(context.Request.Method)
            && context.Request.Headers.Upgrade.Any(value => value is not null && value.Contains("websocket", StringComparison.OrdinalIgnoreCase));
    }
}
