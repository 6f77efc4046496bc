using GraphQL;
using Jamforelse.GraphQL.Execution;
using Jamforelse.GraphQL.WebSockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Jamforelse.GraphQL.Tests.WebSockets;

/// <summary>The test schema behind MapGraphQLWebSockets on a real Kestrel port, next to a plain HTTP GET on the same path.</summary>
internal sealed class WebSocketTestHost : IAsyncDisposable
{
    public const string HttpAnswer = "http transport";

    private readonly WebApplication app;

    private WebSocketTestHost(WebApplication app, Uri httpAddress)
    {
        this.app = app;
        HttpAddress = httpAddress;
        WebSocketAddress = new UriBuilder(httpAddress) { Scheme = "ws", Path = "/graphql" }.Uri;
    }

    public Uri HttpAddress { get; }

    public Uri WebSocketAddress { get; }

    public TestPublisher Publisher => app.Services.GetRequiredService<TestPublisher>();

    public static async Task<WebSocketTestHost> StartAsync(
        Action<GraphQLWebSocketOptions>? configure = null,
        TimeSpan? connectionInitTimeout = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel();
        builder.Logging.ClearProviders();
        builder.Services.AddGraphQL(graphQL => graphQL.AddSchema<TestSchema>().AddSystemTextJson());
        builder.Services.AddSingleton<IRequestExecutor, RequestExecutor>();
        builder.Services.AddSingleton<TestPublisher>();
        builder.Services.Configure<GraphQLLayerOptions>(options =>
            options.ConnectionInitTimeout = connectionInitTimeout ?? TimeSpan.FromSeconds(10));
        builder.Services.AddGraphQLWebSockets(configure);

        var app = builder.Build();
        app.Urls.Add("http://127.0.0.1:0");
        app.UseWebSockets();
        app.MapGet("/graphql", () => HttpAnswer);
        app.MapGraphQLWebSockets();
        await app.StartAsync();
        return new WebSocketTestHost(app, new Uri(app.Urls.First()));
    }

    public Task StopAsync() => app.StopAsync();

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
