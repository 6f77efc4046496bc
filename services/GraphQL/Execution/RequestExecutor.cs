using GraphQL;
using GraphQL.Transport;
using GraphQL.Types;

namespace Jamforelse.GraphQL.Execution;

/// <summary>
/// Runs one GraphQL request against the schema for either transport (HTTP or WebSocket), under the
/// configured limits. The transports only parse and answer; what a request may do is decided here.
/// </summary>
public interface IRequestExecutor
{
    /// <param name="services">The request's services (per-request batchers live there).</param>
    Task<ExecutionResult> ExecuteAsync(GraphQLRequest request, IServiceProvider services, CancellationToken cancellationToken);
}

public sealed class RequestExecutor(ISchema schema, IDocumentExecuter executer) : IRequestExecutor
{
    public Task<ExecutionResult> ExecuteAsync(GraphQLRequest request, IServiceProvider services, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        return executer.ExecuteAsync(new ExecutionOptions
        {
            Schema = schema,
            Query = request.Query,
            OperationName = request.OperationName,
            Variables = request.Variables,
            Extensions = request.Extensions,
            RequestServices = services,
            CancellationToken = cancellationToken,
            ThrowOnUnhandledException = false,
        });
    }
}
