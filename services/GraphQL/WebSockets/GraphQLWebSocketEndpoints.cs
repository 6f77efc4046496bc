using System.Net.WebSockets;
using GraphQL;
using Jamforelse.GraphQL.Execution;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Matching;
using Jamforelse.Contracts.Tenants;
using Jamforelse.GraphQL.Subscriptions;
using Jamforelse.ServiceDefaults.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Jamforelse.GraphQL.WebSockets;

public static class GraphQLWebSocketEndpoints
{
    /// <summary>
    /// Registers the WebSocket transport (the routing policy that lets it share its path with the HTTP
    /// transport, and its options). Requires <see cref="IRequestExecutor"/> and an
    /// <see cref="IGraphQLTextSerializer"/> (AddSystemTextJson) to be registered.
    /// </summary>
    public static IServiceCollection AddGraphQLWebSockets(this IServiceCollection services, Action<GraphQLWebSocketOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<GraphQLWebSocketOptions>();
        services.AddOptions<GraphQLLayerOptions>();
        if (configure is not null)
            services.Configure(configure);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<MatcherPolicy, WebSocketUpgradeMatcherPolicy>());
        return services;
    }

    /// <summary>
    /// Maps GraphQL over WebSocket (subprotocol graphql-transport-ws) on <paramref name="pattern"/>. The
    /// endpoint matches WebSocket upgrade requests only, so the HTTP transport can be mapped on the same path;
    /// any other request goes to that endpoint, or to the next middleware when there is none.
    /// Needs <c>services.AddGraphQLWebSockets()</c> and <c>app.UseWebSockets()</c>.
    /// </summary>
    /// <remarks>
    /// Keep-alive: the server never pings on the protocol level. A gateway such as YARP closes a WebSocket
    /// that has been quiet for its activity timeout, so clients keep long-lived subscriptions open with
    /// graphql-transport-ws ping messages (answered with pong here; graphql-ws's client option
    /// <c>keepAlive</c>) at an interval below the gateway's timeout. ASP.NET Core's own WebSocket keep-alive
    /// frames (WebSocketOptions.KeepAliveInterval) also count as traffic.
    /// </remarks>
    public static IEndpointConventionBuilder MapGraphQLWebSockets(this IEndpointRouteBuilder endpoints, string pattern = "/graphql")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrEmpty(pattern);
        if (!endpoints.ServiceProvider.GetServices<MatcherPolicy>().OfType<WebSocketUpgradeMatcherPolicy>().Any())
            throw new InvalidOperationException("MapGraphQLWebSockets needs services.AddGraphQLWebSockets() to be called first.");

        var builder = endpoints.Map(pattern, HandleAsync);
        builder.WithMetadata(WebSocketUpgradeOnlyMetadata.Instance);
        builder.WithDisplayName("GraphQL over WebSocket (graphql-transport-ws)");
        // Ahead of an HTTP endpoint on the same path when both match a WebSocket GET.
        builder.Add(endpoint =>
        {
            if (endpoint is RouteEndpointBuilder route)
                route.Order = -1;
        });
        return builder;
    }

    private static async Task HandleAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
            throw new InvalidOperationException("The GraphQL WebSocket endpoint needs app.UseWebSockets() before routing reaches it.");

        var services = context.RequestServices;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(GraphQLWebSocketEndpoints).FullName!);
        var offersProtocol = context.WebSockets.WebSocketRequestedProtocols.Contains(GraphQLTransportWs.SubProtocol, StringComparer.Ordinal);

        // As the graphql-ws server does: accept, then close with 4406 when the subprotocol is not offered.
        using var socket = await context.WebSockets.AcceptWebSocketAsync(offersProtocol ? GraphQLTransportWs.SubProtocol : null);
        if (!offersProtocol)
        {
            logger.LogDebug("WebSocket without the graphql-transport-ws subprotocol refused");
            await GraphQLWebSocketConnection.CloseWithoutProtocolAsync(socket, GraphQLTransportWs.CloseCodes.SubprotocolNotAcceptable, "Subprotocol not acceptable");
            return;
        }

        var connection = new GraphQLWebSocketConnection(
            socket,
            context,
            services.GetRequiredService<IGraphQLTextSerializer>(),
            services.GetRequiredService<IRequestExecutor>(),
            services.GetRequiredService<IServiceScopeFactory>(),
            services.GetRequiredService<IOptions<GraphQLLayerOptions>>().Value,
            services.GetRequiredService<IOptions<GraphQLWebSocketOptions>>().Value,
            logger);
        // A connection lives as long as its key: revoking or rotating the key closes it (4403) on every instance.
        using var revocation = services.GetService<EventHub<ApiKeyRevoked>>() is { } revocations && context.Features.Get<CallerIdentity>() is { } caller
            ? revocations.Events.Select(e => e.KeyId == caller.KeyId, e => e).Subscribe(new OnEvent<ApiKeyRevoked>(revoked =>
                connection.CloseAsync(GraphQLTransportWs.CloseCodes.Forbidden, "Forbidden: the API key was revoked").ContinueWith(_ => { }, TaskScheduler.Default)))
            : null;
        try
        {
            await connection.RunAsync(services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping);
        }
        finally
        {
            connection.Dispose();
        }
    }
}

/// <summary>An observer that runs an action per event.</summary>
internal sealed class OnEvent<T>(Action<T> action) : IObserver<T>
{
    public void OnNext(T value) => action(value);

    public void OnCompleted()
    {
    }

    public void OnError(Exception error)
    {
    }
}
