using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Jamforelse.GraphQL.WebSockets;

/// <summary>Hooks of the WebSocket transport; its limits come from <see cref="GraphQLLayerOptions"/>.</summary>
public sealed class GraphQLWebSocketOptions
{
    /// <summary>
    /// Decides whether a connection_init (with its payload, null when absent) is accepted: false closes the
    /// socket with 4403 Forbidden. The default accepts every connection. Runs once per socket, before
    /// connection_ack; <see cref="HttpContext.RequestServices"/> is the upgrade request's scope.
    /// </summary>
    public Func<HttpContext, JsonElement?, ValueTask<bool>> AcceptConnection { get; set; } =
        static (_, _) => ValueTask.FromResult(true);
}
