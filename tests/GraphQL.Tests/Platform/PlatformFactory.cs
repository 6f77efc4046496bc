using System.Text.Json;
using GraphQL;
using GraphQL.Transport;
using Jamforelse.GraphQL.Clients;
using Jamforelse.GraphQL.Execution;
using Jamforelse.Tests.Support;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Jamforelse.GraphQL.Tests.Platform;

/// <summary>
/// The embedded platform (see <see cref="PlatformFactoryBase"/>); the GraphQL layer calls the services'
/// HTTP APIs through the test server, as it calls them over the network elsewhere.
/// </summary>
public sealed class PlatformFactory : PlatformFactoryBase
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("GraphQL:ServicesBaseUrl", "http://localhost/");
        builder.ConfigureServices(services =>
            services.AddHttpClient(ServiceClient.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => Server.CreateHandler()));
    }

    /// <summary>Runs a GraphQL request as the transports do, in a scope of its own; answers the result and the service calls it made.</summary>
    public async Task<(JsonElement Result, int ServiceCalls)> ExecuteAsync(string query, Dictionary<string, object?>? variables = null)
    {
        await using var scope = Services.CreateAsyncScope();
        var executor = scope.ServiceProvider.GetRequiredService<IRequestExecutor>();
        var result = await executor.ExecuteAsync(new GraphQLRequest { Query = query, Variables = variables is null ? null : new Inputs(variables) }, scope.ServiceProvider, CancellationToken.None);
        var json = scope.ServiceProvider.GetRequiredService<IGraphQLTextSerializer>().Serialize(result);
        return (JsonDocument.Parse(json).RootElement.Clone(), scope.ServiceProvider.GetRequiredService<ServiceClient>().Calls);
    }

    public async Task WaitUntilReadyAsync() => (await ReadyClientAsync()).Dispose();
}
