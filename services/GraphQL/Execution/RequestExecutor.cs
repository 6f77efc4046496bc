using System.Diagnostics;
using GraphQL;
using GraphQL.Execution;
using GraphQL.PersistedDocuments;
using GraphQL.Transport;
using GraphQL.Types;
using GraphQL.Validation;
using GraphQL.Validation.Complexity;
using GraphQL.Validation.Rules.Custom;
using GraphQLParser.AST;
using GraphQLParser.Exceptions;
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
    IDocumentBuilder documentBuilder,
    IOptions<GraphQLLayerOptions> options,
    ILogger<RequestExecutor> logger) : IRequestExecutor
{
    private readonly PersistedDocumentHandler persistedDocuments = new(new PersistedDocumentOptions
    {
        AllowOnlyPersistedDocuments = options.Value.OnlyPersistedDocuments,
    });

    /// <summary>The depth an introspection-only document may reach (GraphiQL's and graphql-js's standard query: 15).</summary>
    public const int IntrospectionMaxDepth = 20;

    /// <summary>
    /// The most fields, written out, that may answer to one response path: validation compares each pair of
    /// them (see <see cref="DocumentCost"/>). Fragments that share a field or two stay far below it.
    /// </summary>
    public const int MaxFieldRepeats = 100;

    /// <summary>How much of a refused document the log shows.</summary>
    public const int LoggedExcerptLength = 200;

    /// <summary>Whether every operation of the document selects only __schema, __type and __typename at its root.</summary>
    internal static bool IsIntrospectionOnly(GraphQLDocument document)
    {
        var operations = document.Definitions.OfType<GraphQLOperationDefinition>().ToList();
        return operations.Count > 0 && operations.All(o => o.Operation == OperationType.Query
            && o.SelectionSet.Selections.All(s => s is GraphQLField f && f.Name.Value.Span.StartsWith("__")));
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
        // One time-out for the whole request: parsing, the cost analysis, validation and execution.
        var started = Stopwatch.GetTimestamp();

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
            TimeoutAction = TimeoutAction.ReturnTimeoutError,
            ThrowOnUnhandledException = false,
            UnhandledExceptionDelegate = HideUnhandledException,
        };

        // Persisted documents run first: they turn a documentId into the query text, or refuse the request.
        var result = await persistedDocuments.ExecuteAsync(executionOptions,
            resolved => ExecuteDocumentAsync(resolved, limits, started, allowedOperations));
        foreach (var error in result.Errors ?? [])
        {
            error.Code ??= ErrorCodes.ExecutionError;
        }
        return result;
    }

    /// <summary>
    /// Parses the document once, refuses it when written out it is too deep or too large (before graphql-dotnet
    /// walks it, which it does once per fragment spread), then validates and executes it in the time left.
    /// </summary>
    private Task<ExecutionResult> ExecuteDocumentAsync(ExecutionOptions executionOptions, GraphQLLayerOptions limits, long started, IReadOnlySet<OperationType>? allowedOperations)
    {
        if (executionOptions.Query is null)
        {
            return executer.ExecuteAsync(executionOptions); // graphql-dotnet answers the missing query
        }
        GraphQLDocument document;
        try
        {
            document = documentBuilder.Build(executionOptions.Query);
        }
        catch (ExecutionError error)
        {
            return Task.FromResult(new ExecutionResult(error)); // a syntax error, with its location
        }
        catch (GraphQLMaxDepthExceededException)
        {
            if (logger.IsEnabled(LogLevel.Information))
            {
                var query = executionOptions.Query;
                var excerpt = Excerpt(query);
                LogTooDeepToParse(logger, query.Length, excerpt);
            }
            return Refuse(ErrorCodes.MaxDepthExceeded, "The document nests too deeply to be read.");
        }

        // Introspection alone may nest deeper (GraphiQL's schema query nests ofType 8 levels, 15 in all), but
        // not without bound: introspection types refer to each other in cycles.
        var introspection = IsIntrospectionOnly(document);
        var maxDepth = introspection ? Math.Max(limits.MaxDepth, IntrospectionMaxDepth) : limits.MaxDepth;
        foreach (var cost in DocumentCost.OfOperations(document))
        {
            if (cost.Depth > maxDepth)
            {
                return Refuse(ErrorCodes.MaxDepthExceeded, $"The query is nested too deeply: {cost.Depth} levels; at most {maxDepth} are allowed.");
            }
            if (cost.Fields > limits.MaxComplexity)
            {
                return Refuse(ErrorCodes.MaxComplexityExceeded, cost.Fields == long.MaxValue
                    ? $"The query is too complex: with its fragments written out it selects more fields than can be counted; at most {limits.MaxComplexity} are allowed."
                    : $"The query is too complex: with its fragments written out it selects {cost.Fields} fields; at most {limits.MaxComplexity} are allowed.");
            }
            if (cost.Repeats > MaxFieldRepeats)
            {
                return Refuse(ErrorCodes.MaxComplexityExceeded,
                    $"The query is too complex: with its fragments written out, up to {(cost.Repeats == long.MaxValue ? "uncountably many" : cost.Repeats)} fields answer to one response name; at most {MaxFieldRepeats} may.");
            }
        }

        // graphql-dotnet's estimate multiplies every list level by 20, so GraphiQL's schema query (8 nested ofType
        // lists) scores over a million though it answers a few hundred fields of a schema of fixed size: introspection
        // alone is bounded by the written-out count above, not by that estimate.
        var rules = introspection ? DocumentValidator.CoreRules : DocumentValidator.CoreRules.Append(new ComplexityValidationRule(new ComplexityOptions
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
        executionOptions.Document = document;
        executionOptions.ValidationRules = rules.ToArray();
        if (limits.ExecutionTimeout > TimeSpan.Zero)
        {
            var left = limits.ExecutionTimeout - Stopwatch.GetElapsedTime(started);
            if (left <= TimeSpan.Zero)
            {
                return Task.FromResult(new ExecutionResult(new TimeoutError()));
            }
            executionOptions.Timeout = left;
        }
        else
        {
            executionOptions.Timeout = Timeout.InfiniteTimeSpan;
        }
        return executer.ExecuteAsync(executionOptions);
    }

    private static Task<ExecutionResult> Refuse(string code, string message) =>
        Task.FromResult(new ExecutionResult(new ExecutionError(message) { Code = code }));

    /// <summary>The start of a document for the log: a refused document may be as large as the body limit.</summary>
    internal static string Excerpt(string document) =>
        document.Length <= LoggedExcerptLength ? document : string.Concat(document.AsSpan(0, LoggedExcerptLength), "…");

    [LoggerMessage(Level = LogLevel.Information, Message = "Refused a GraphQL document of {Length} characters that nests too deeply to parse: {Excerpt}")]
    private static partial void LogTooDeepToParse(ILogger logger, int length, string excerpt);

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
