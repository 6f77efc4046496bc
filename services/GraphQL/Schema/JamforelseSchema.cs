using Microsoft.Extensions.DependencyInjection;

namespace Jamforelse.GraphQL.Schema;

/// <summary>The one schema over the platform.</summary>
public sealed class JamforelseSchema : global::GraphQL.Types.Schema
{
    public JamforelseSchema(IServiceProvider services)
        : base(services)
    {
        Description = "Jämförelse: kommunernas nyckeltal, jämförelser, planer och bedömningar. Källa: Kolada för Koladas värden.";
        Query = services.GetRequiredService<QueryType>();
        Mutation = services.GetRequiredService<MutationType>();
        Subscription = services.GetRequiredService<SubscriptionType>();
    }
}
