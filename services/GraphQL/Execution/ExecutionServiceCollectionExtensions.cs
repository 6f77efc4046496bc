using GraphQL.PersistedDocuments;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Jamforelse.GraphQL.Execution;

public static class ExecutionServiceCollectionExtensions
{
    /// <summary>
    /// The request executor and what it needs besides the schema (register that with <c>AddGraphQL</c>):
    /// the layer's options, and the persisted documents from <see cref="GraphQLLayerOptions.PersistedDocumentsPath"/>
    /// unless an <see cref="IPersistedDocumentLoader"/> is already registered.
    /// </summary>
    public static IServiceCollection AddGraphQLExecution(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<GraphQLLayerOptions>()
            .BindConfiguration(GraphQLLayerOptions.Section)
            .Validate(o => o.MaxDepth > 0 && o.MaxComplexity > 0, "GraphQL:MaxDepth and GraphQL:MaxComplexity must be positive.")
            .Validate(o => o.MaxRequestBytes > 0, "GraphQL:MaxRequestBytes must be positive.")
            .Validate(o => o.ComparisonCacheEntries >= 0 && o.ResponseCacheBytes >= 0 && o.CacheLifetime >= TimeSpan.Zero,
                "GraphQL:ComparisonCacheEntries, GraphQL:ResponseCacheBytes and GraphQL:CacheLifetime must not be negative (0 turns a cache off).")
            .ValidateOnStart();
        services.TryAddSingleton<IPersistedDocumentLoader>(sp =>
            PersistedDocumentStore.FromFolder(sp.GetRequiredService<IOptions<GraphQLLayerOptions>>().Value.PersistedDocumentsPath));
        services.TryAddSingleton<IRequestExecutor, RequestExecutor>();
        return services;
    }
}
