using Jamforelse.ServiceDefaults.Http;
using Jamforelse.ServiceDefaults.Identity;
using GraphQL;
using Jamforelse.GraphQL.Clients;
using Jamforelse.GraphQL.Execution;
using Jamforelse.Contracts.Benchmarking;
using Jamforelse.Contracts.Tenants;
using Jamforelse.GraphQL.Schema;
using Jamforelse.GraphQL.Subscriptions;
using Jamforelse.ServiceDefaults.Messaging;
using MassTransit;
using Jamforelse.ServiceDefaults;
using Jamforelse.GraphQL.Http;
using Jamforelse.GraphQL.WebSockets;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Jamforelse.GraphQL;

/// <summary>
/// The GraphQL layer as a module. It reaches the services only through their HTTP APIs, at
/// GraphQL:ServicesBaseUrl, or, when that is not set, at this host's own address (the embedded platform,
/// where every service answers in the same process).
/// </summary>
public static class GraphQLLayerModule
{
    public static IEndpointRouteBuilder MapGraphQLLayer(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGraphQLWebSockets("/graphql");
        endpoints.MapGraphQLHttp("/graphql");
        return endpoints;
    }

    public static IHostApplicationBuilder AddGraphQLLayer(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        // Answers only requests with a signed identity for "graphql" (made by the gateway).
        builder.AddSignedIdentity("/graphql", "graphql");
        var options = builder.BindValidated<GraphQLLayerOptions>(GraphQLLayerOptions.Section);
        // Each service at its own address when the parts run as separate processes (Services:IndicatorData, …);
        // otherwise all at GraphQL:ServicesBaseUrl, or at this host itself.
        builder.Services.AddOptions<ServiceAddresses>().BindConfiguration(ServiceAddresses.Section);
        builder.Services.AddHttpClient(ServiceClient.HttpClientName, (services, client) =>
            client.BaseAddress = options.ServicesBaseUrl ?? SelfAddress(services));
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddScoped<GraphQLCaller>();
        builder.Services.AddScoped<ServiceClient>();
        builder.Services.AddScoped<Services>();
        builder.Services.AddSingleton<Caching.ComparisonCache>();
        builder.Services.AddScoped<Caching.ResponseCacheScope>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddGraphQLExecution();
        builder.Services.AddGraphQLWebSockets();
        builder.Services.AddSingleton<EventHub<ComparisonUpdated>>();
        builder.Services.AddSingleton<EventHub<AssessmentChanged>>();
        builder.Services.AddSingleton<EventHub<SharingChanged>>();
        builder.Services.AddSingleton<EventHub<ApiKeyRevoked>>();
        builder.Services.AddSingleton<EventHub<Jamforelse.Contracts.IndicatorData.ImportProgressed>>();
        // A queue of this instance's own (temporary, removed when it stops): every instance sees every update.
        var instance = "graphql-" + Guid.NewGuid().ToString("N")[..12];
        builder.Services.AddSingleton(new MessagingExtensions.InstanceEndpoints(instance));
        builder.Services.AddBusRegistration(bus =>
        {
            bus.AddConsumer<ComparisonUpdatedRelay>().Endpoint(e => { e.InstanceId = instance; e.Temporary = true; });
            bus.AddConsumer<AssessmentChangedRelay>().Endpoint(e => { e.InstanceId = instance; e.Temporary = true; });
            bus.AddConsumer<SharingChangedRelay>().Endpoint(e => { e.InstanceId = instance; e.Temporary = true; });
            bus.AddConsumer<ApiKeyRevokedRelay>().Endpoint(e => { e.InstanceId = instance; e.Temporary = true; });
            bus.AddConsumer<ImportProgressedRelay>().Endpoint(e => { e.InstanceId = instance; e.Temporary = true; e.ConcurrentMessageLimit = 1; });
        });
        builder.Services.AddGraphQL(graphql => graphql
            .AddSchema<JamforelseSchema>()
            .AddGraphTypes(typeof(JamforelseSchema).Assembly)
            // Swedish letters as they are ("Linköping", not "Link\u00F6ping"): analysts read these answers.
            .AddSystemTextJson(json => json.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping));
        return builder;
    }

    /// <summary>The first address this host listens on, with a wildcard host ("0.0.0.0", "[::]", "+") read as localhost.</summary>
    private static Uri SelfAddress(IServiceProvider services)
    {
        var address = services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("GraphQL:ServicesBaseUrl is not set and this host has no address to call itself on.");
        var uri = new UriBuilder(address.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal));
        if (uri.Host is "0.0.0.0" or "[::]" or "::")
        {
            uri.Host = "localhost";
        }
        return uri.Uri;
    }
}
