using Jamforelse.ServiceDefaults.Identity;

namespace Jamforelse.GraphQL.Clients;

/// <summary>
/// Who a GraphQL operation runs for (per operation scope). The transports set it from the request's signed
/// identity; a subscription keeps it for its whole life, since its events arrive outside any request.
/// </summary>
public sealed class GraphQLCaller
{
    public CallerIdentity? Identity { get; set; }
}
