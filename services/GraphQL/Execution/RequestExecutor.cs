using GraphQL;
using GraphQL.Execution;
using GraphQL.PersistedDocuments;
using GraphQL.Transport;
using GraphQL.Types;
using GraphQL.Validation;
using GraphQL.Validation.Complexity;
using GraphQL.Validation.Rules.Custom;
using GraphQLParser.AST;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Jamforelse.GraphQL.Execution;

/// <summary>
/// Runs one GraphQL request against the schema for either transport (HTTP or WebSocket), under the
/// configured limits. The transports only parse and answer; what a request may do is decided here.
/// </summary>
public interface IRequestExecutor
{
    /// <param name="services">The request's services (per-request batchers live there).</param>
    /// <param name="allowedOperations">
    /// Operation types the transport can carry (HTTP GET: queries only); <see langword="null"/> allows all.
    /// Any other operation is refused before execution with <see cref="ErrorCodes.OperationNotAllowed"/>.
    /// </param>
    Task<ExecutionResult> ExecuteAsync(
        GraphQLRequest request,
        IServiceProvider services,
        CancellationToken cancellationToken,
        IReadOnlySet<OperationType>? allowedOperations = null);
}

public sealed partial class RequestExecutor(
    ISchema schema,
    IDocumentExecuter executer,
    IOptions<GraphQLLayerOptions> options,
    ILogger<RequestExecutor> logger) : IRequestExecutor
{
    private readonly PersistedDocumentHandler persistedDocuments = new(new PersistedDocumentOptions
    {
        AllowOnlyPersistedDocuments = options.Value.OnlyPersistedDocuments,
    });

    /// <summary>The depth an introspection-only document may reach (GraphiQL's and graphql-js's standard query: 15).</summary>
    public const int IntrospectionMaxDepth = 20;

    /// <summary>Whether every operation of the document selects only __schema, __type and __typename at its root.</summary>
    internal static bool IsIntrospectionOnly(string? query)
    {
        if (query is null || (!query.Contains("__schema", StringComparison.Ordinal) && !query.Contains("__type", StringComparison.Ordinal)))
        {
            return false;
        }
        try
        {
            var operations = GraphQLParser.Parser.Parse(query).Definitions.OfType<GraphQLParser.AST.GraphQLOperationDefinition>().ToList();
            return operations.Count > 0 && operations.All(o => o.Operation == GraphQLParser.AST.OperationType.Query
                && o.SelectionSet.Selections.All(s => s is GraphQLParser.AST.GraphQLField f && f.Name.Value.Span.StartsWith("__")));
        }
        catch (GraphQLParser.Exceptions.GraphQLSyntaxErrorException)
        {
            return false; // the executor reports it
        }
    }

    public async Task<ExecutionResult> ExecuteAsync(
        GraphQLRequest request,
        IServiceProvider services,
        CancellationToken cancellationToken,
        IReadOnlySet<OperationType>? allowedOperations = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(services);
        var limits = options.Value;

        // Introspection alone may nest deeper (GraphiQL's schema query nests ofType 8 levels, 15 in all), but
        // not without bound: introspection types refer to each other in cycles.
        var maxDepth = IsIntrospectionOnly(request.Query) ? Math.Max(limits.MaxDepth, IntrospectionMaxDepth) : limits.MaxDepth;
        var rules = DocumentValidator.CoreRules.Append(new ComplexityValidationRule(new ComplexityOptions
        {
            MaxDepth = maxDepth,
            MaxComplexity = limits.MaxComplexity,
            ValidateComplexityDelegate = context =>
            {
                // graphql-dotnet reports both limits as COMPLEXITY; clients act differently on each.
                if (context.Error != null)
                {
                    context.Error.Code = context.MaxDepth > maxDepth ? ErrorCodes.MaxDepthExceeded : ErrorCodes.MaxComplexityExceeded;
                }
                return Task.CompletedTask;
            },
        }));
        if (allowedOperations != null)
        {
            rules = rules.Append(new AllowedOperationsRule(allowedOperations));
        }

        var executionOptions = new ExecutionOptions
        {
            Schema = schema,
            Query = request.Query,
            DocumentId = request.DocumentId,
            OperationName = request.OperationName,
            Variables = request.Variables,
            Extensions = request.Extensions,
            RequestServices = services,
            CancellationToken = cancellationToken,
            ValidationRules = rules.ToArray(),
            Timeout = limits.ExecutionTimeout > TimeSpan.Zero ? limits.ExecutionTimeout : Timeout.InfiniteTimeSpan,
            TimeoutAction = TimeoutAction.ReturnTimeoutError,
            ThrowOnUnhandledException = false,
            UnhandledExceptionDelegate = HideUnhandledException,
        };

        // Persisted documents run first: they turn a documentId into the query text, or refuse the request.
        var result = await persistedDocuments.ExecuteAsync(executionOptions, executer.ExecuteAsync);
        foreach (var error in result.Errors ?? [])
        {
            error.Code ??= ErrorCodes.ExecutionError;
        }
        return result;
    }

    /// <summary>
    /// An unhandled exception is logged here and answered with a generic error: its message, type and stack
    /// may describe the server's internals.
    /// </summary>
    private Task HideUnhandledException(UnhandledExceptionContext context)
    {
        LogUnhandled(logger, context.FieldContext?.FieldDefinition.Name ?? "(document)", context.OriginalException);
        context.Exception = new ExecutionError(context.FieldContext == null
            ? "An internal error occurred while executing the request."
            : $"An internal error occurred while resolving field '{context.FieldContext.FieldDefinition.Name}'.")
        {
            Code = ErrorCodes.InternalServerError,
        };
        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception in GraphQL field {Field}")]
    private static partial void LogUnhandled(ILogger logger, string field, Exception exception);

    /// <summary>Refuses operations the transport cannot carry, during validation (nothing runs).</summary>
    private sealed class AllowedOperationsRule(IReadOnlySet<OperationType> allowed) : ValidationRuleBase
    {
        public override ValueTask<INodeVisitor?> GetPreNodeVisitorAsync(ValidationContext context)
        {
            var operation = context.Operation;
            if (!allowed.Contains(operation.Operation))
            {
                context.ReportError(new ValidationError(
                    context.Document.Source,
                    null,
                    $"A {operation.Operation.ToString().ToLowerInvariant()} operation is not allowed over this transport.",
                    operation)
                {
                    Code = ErrorCodes.OperationNotAllowed,
                });
            }
            return default;
        }
    }
}
