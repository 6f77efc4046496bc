using System.Text.Json;
using System.Text.Unicode;
using GraphQL;
using GraphQL.Transport;
using GraphQLParser.AST;
using Jamforelse.GraphQL.Caching;
using Jamforelse.GraphQL.Execution;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Jamforelse.GraphQL.Clients;
using Jamforelse.ServiceDefaults.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Jamforelse.GraphQL.Http;

/// <summary>
/// GraphQL over HTTP (https://graphql.github.io/graphql-over-http/draft/): GET and POST, both response media
/// types, and the status codes the specification gives each. What a request may do is the executor's business.
/// </summary>
public static class GraphQLHttpEndpoint
{
    public const string GraphQLResponseMediaType = "application/graphql-response+json";
    public const string JsonMediaType = "application/json";

    private static readonly HashSet<OperationType> QueriesOnly = [OperationType.Query];
    private static readonly HashSet<OperationType> QueriesAndMutations = [OperationType.Query, OperationType.Mutation];

    public static IEndpointConventionBuilder MapGraphQLHttp(this IEndpointRouteBuilder endpoints, string pattern = "/graphql")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrEmpty(pattern);
        // Every method reaches the handler so that the others get a GraphQL error body with their 405.
        return endpoints.Map(pattern, HandleAsync).WithDisplayName("GraphQL over HTTP");
    }

    private static async Task HandleAsync(HttpContext http)
    {
        var request = http.Request;
        var services = http.RequestServices;
        var serializer = services.GetRequiredService<IGraphQLSerializer>();
        var limits = services.GetRequiredService<IOptions<GraphQLLayerOptions>>().Value;
        var isGet = HttpMethods.IsGet(request.Method);

        if (!isGet && !HttpMethods.IsPost(request.Method))
        {
            http.Response.Headers.Allow = "GET, POST";
            await WriteErrorAsync(http, serializer, JsonMediaType, StatusCodes.Status405MethodNotAllowed,
                ErrorCodes.MethodNotAllowed, $"The {request.Method} method is not supported; use GET or POST.");
            return;
        }

        var mediaType = HttpNegotiation.ChooseResponseMediaType(request.Headers.Accept);
        if (mediaType == null)
        {
            await WriteErrorAsync(http, serializer, JsonMediaType, StatusCodes.Status406NotAcceptable, ErrorCodes.NotAcceptable,
                $"The Accept header allows neither {GraphQLResponseMediaType} nor {JsonMediaType}.");
            return;
        }

        var parsed = isGet
            ? HttpRequestReader.ReadQueryString(request.Query, serializer)
            : await HttpRequestReader.ReadBodyAsync(request, serializer, limits.MaxRequestBytes, http.RequestAborted);
        if (parsed.Error is { } failure)
        {
            await WriteErrorAsync(http, serializer, mediaType, failure.StatusCode, failure.Code, failure.Message);
            return;
        }

        var executor = services.GetRequiredService<IRequestExecutor>();
        var identity = http.Features.Get<CallerIdentity>();
        if (services.GetService<GraphQLCaller>() is { } caller)
        {
            caller.Identity = identity;
        }

        // An answer that rests only on cached public comparisons is the same for every caller: served as bytes.
        var cache = identity is null ? null : services.GetService<ComparisonCache>();
        var cacheScope = services.GetService<ResponseCacheScope>();
        string? cacheKey = null;
        if (cache is not null && cacheScope is not null)
        {
            cacheKey = (isGet ? "GET " : "POST ") + services.GetRequiredService<IGraphQLTextSerializer>().Serialize(parsed.Request);
            if (cache.Responses.TryGet(cacheKey, out var cached))
            {
                await WriteBytesAsync(http, mediaType, StatusCodes.Status200OK, cached);
                return;
            }
            cacheScope.Generation = cache.Responses.Generation;
        }

        // Mutations over GET are refused (405): GET must be safe. Subscriptions need the WebSocket transport.
        var result = await executor.ExecuteAsync(parsed.Request!, services, http.RequestAborted, isGet ? QueriesOnly : QueriesAndMutations);

        if (cacheKey is not null && result.Executed && result.Errors is not { Count: > 0 }
            && cacheScope!.KeyFiguresIfCacheable(services.GetRequiredService<ServiceClient>().Calls) is { } keyFigures)
        {
            using var buffer = new MemoryStream();
            await serializer.WriteAsync(buffer, result, CancellationToken.None);
            var bytes = buffer.ToArray();
            cache!.Responses.Set(cacheKey, bytes, bytes.Length, keyFigures, cacheScope.Generation);
            await WriteBytesAsync(http, mediaType, StatusCodes.Status200OK, bytes);
            return;
        }

        if (isGet && result.Errors?.Any(e => e.Code == ErrorCodes.OperationNotAllowed) == true)
        {
            http.Response.Headers.Allow = "POST";
            await WriteAsync(http, serializer, mediaType, StatusCodes.Status405MethodNotAllowed, result);
            return;
        }
        await WriteAsync(http, serializer, mediaType, StatusFor(result, mediaType), result);
    }

    /// <summary>
    /// With application/json every well-formed request is answered 200, as legacy clients expect. With
    /// application/graphql-response+json a result without data (the request failed before execution) is not.
    /// A failure of the server itself (no data, an internal error) is 500 under both.
    /// </summary>
    private static int StatusFor(ExecutionResult result, string mediaType)
    {
        if (result.Executed)
        {
            return StatusCodes.Status200OK;
        }
        var codes = result.Errors?.Select(e => e.Code).ToHashSet() ?? [];
        if (codes.Contains(ErrorCodes.InternalServerError))
        {
            return StatusCodes.Status500InternalServerError;
        }
        if (mediaType == JsonMediaType)
        {
            return StatusCodes.Status200OK;
        }
        return codes.Contains(ErrorCodes.Timeout) ? StatusCodes.Status504GatewayTimeout : StatusCodes.Status400BadRequest;
    }

    private static Task WriteErrorAsync(HttpContext http, IGraphQLSerializer serializer, string mediaType, int statusCode, string code, string message) =>
        WriteAsync(http, serializer, mediaType, statusCode, new ExecutionResult(new ExecutionError(message) { Code = code }));

    private static async Task WriteBytesAsync(HttpContext http, string mediaType, int statusCode, byte[] body)
    {
        http.Response.StatusCode = statusCode;
        http.Response.ContentType = mediaType + "; charset=utf-8";
        http.Response.ContentLength = body.Length;
        await http.Response.Body.WriteAsync(body, CancellationToken.None);
    }

    private static async Task WriteAsync(HttpContext http, IGraphQLSerializer serializer, string mediaType, int statusCode, ExecutionResult result)
    {
        http.Response.StatusCode = statusCode;
        http.Response.ContentType = mediaType + "; charset=utf-8";
        // The client may already be gone; there is nobody left to answer.
        await serializer.WriteAsync(http.Response.Body, result, CancellationToken.None);
    }
}

/// <summary>A GraphQL-over-HTTP request read from the wire, or why it is not one.</summary>
internal sealed record ParsedHttpRequest(GraphQLRequest? Request, HttpRequestFailure? Error)
{
    public static ParsedHttpRequest Fail(int statusCode, string code, string message) => new(null, new HttpRequestFailure(statusCode, code, message));
}

internal sealed record HttpRequestFailure(int StatusCode, string Code, string Message);

internal static class HttpNegotiation
{
    /// <summary>
    /// The response media type for an Accept header: application/graphql-response+json when the client takes it
    /// at least as willingly as application/json (and when Accept is absent), application/json otherwise, null
    /// when it takes neither.
    /// </summary>
    public static string? ChooseResponseMediaType(IList<string>? acceptHeaders)
    {
        if (acceptHeaders == null || acceptHeaders.Count == 0 || acceptHeaders.All(string.IsNullOrWhiteSpace))
        {
            return GraphQLHttpEndpoint.GraphQLResponseMediaType;
        }
        if (!MediaTypeHeaderValue.TryParseList(acceptHeaders, out var accepted))
        {
            return null;
        }
        var graphQLResponse = Quality(accepted, GraphQLHttpEndpoint.GraphQLResponseMediaType);
        var json = Quality(accepted, GraphQLHttpEndpoint.JsonMediaType);
        if (graphQLResponse <= 0 && json <= 0)
        {
            return null;
        }
        return graphQLResponse >= json ? GraphQLHttpEndpoint.GraphQLResponseMediaType : GraphQLHttpEndpoint.JsonMediaType;
    }

    /// <summary>The quality the most specific matching range gives <paramref name="mediaType"/> (0: not accepted).</summary>
    private static double Quality(IList<MediaTypeHeaderValue> accepted, string mediaType)
    {
        var best = accepted
            .Where(range => Matches(range, mediaType) && CharsetAllowsUtf8(range))
            .OrderByDescending(range => range.MatchesAllTypes ? 0 : range.MatchesAllSubTypes ? 1 : 2)
            .FirstOrDefault();
        return best == null ? 0 : best.Quality ?? 1;
    }

    private static bool Matches(MediaTypeHeaderValue range, string mediaType) =>
        range.MatchesAllTypes
        || (range.MatchesAllSubTypes && mediaType.StartsWith(range.Type.Value + "/", StringComparison.OrdinalIgnoreCase))
        || string.Equals(range.MediaType.Value, mediaType, StringComparison.OrdinalIgnoreCase);

    private static bool CharsetAllowsUtf8(MediaTypeHeaderValue range) =>
        !range.Charset.HasValue || string.Equals(range.Charset.Value, "utf-8", StringComparison.OrdinalIgnoreCase);
}

internal static class HttpRequestReader
{
    public static ParsedHttpRequest ReadQueryString(IQueryCollection query, IGraphQLSerializer serializer)
    {
        foreach (var key in new[] { "query", "operationName", "variables", "extensions", "documentId" })
        {
            if (query[key].Count > 1)
            {
                return ParsedHttpRequest.Fail(StatusCodes.Status400BadRequest, ErrorCodes.BadRequestBody, $"The '{key}' parameter is given more than once.");
            }
        }
        var variables = ParseJsonObjectParameter(query["variables"], "variables", serializer, out var variablesError);
        if (variablesError != null)
        {
            return variablesError;
        }
        var extensions = ParseJsonObjectParameter(query["extensions"], "extensions", serializer, out var extensionsError);
        if (extensionsError != null)
        {
            return extensionsError;
        }
        return Complete(new GraphQLRequest
        {
            Query = NullIfEmpty(query["query"]),
            OperationName = NullIfEmpty(query["operationName"]),
            DocumentId = NullIfEmpty(query["documentId"]),
            Variables = variables,
            Extensions = extensions,
        });
    }

    public static async Task<ParsedHttpRequest> ReadBodyAsync(HttpRequest request, IGraphQLSerializer serializer, long maxBytes, CancellationToken cancellationToken)
    {
        if (!IsJsonContentType(request.ContentType))
        {
            return ParsedHttpRequest.Fail(StatusCodes.Status415UnsupportedMediaType, ErrorCodes.UnsupportedMediaType,
                $"A POST body must be {GraphQLHttpEndpoint.JsonMediaType} (UTF-8).");
        }
        if (request.ContentLength > maxBytes)
        {
            return TooLarge(maxBytes);
        }
        var body = await ReadLimitedAsync(request.Body, maxBytes, cancellationToken);
        if (body == null)
        {
            return TooLarge(maxBytes);
        }

        // System.Text.Json checks the UTF-8 of a string only when it is read, and then throws what is not a JsonException.
        if (!Utf8.IsValid(body))
        {
            return InvalidJson("The request body is not valid UTF-8.");
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return InvalidJson("The request body is not valid JSON.");
        }
        using (document)
        {
            try
            {
                return ReadRequestObject(document.RootElement, serializer);
            }
            catch (Exception exception) when (exception is JsonException or InvalidOperationException)
            {
                // A string escaping half a surrogate pair ("\ud800") has no UTF-16 reading (the variables' reader
                // wraps that in a JsonException).
                return InvalidJson("The request body has a string that is not valid Unicode.");
            }
        }
    }

    private static ParsedHttpRequest InvalidJson(string message) =>
        ParsedHttpRequest.Fail(StatusCodes.Status400BadRequest, ErrorCodes.InvalidJson, message);

    private static ParsedHttpRequest ReadRequestObject(JsonElement root, IGraphQLSerializer serializer)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return BadBody("The request body must be a JSON object.");
        }
        string? query = null, operationName = null, documentId = null;
        Inputs? variables = null, extensions = null;
        foreach (var property in root.EnumerateObject())
        {
            var value = property.Value;
            var isNull = value.ValueKind == JsonValueKind.Null;
            switch (property.Name)
            {
                case "query" or "operationName" or "documentId":
                    if (!isNull && value.ValueKind != JsonValueKind.String)
                    {
                        return BadBody($"'{property.Name}' must be a string or null.");
                    }
                    var text = isNull ? null : value.GetString();
                    if (property.Name == "query") query = text;
                    else if (property.Name == "operationName") operationName = text;
                    else documentId = text;
                    break;
                case "variables" or "extensions":
                    if (!isNull && value.ValueKind != JsonValueKind.Object)
                    {
                        return BadBody($"'{property.Name}' must be an object or null.");
                    }
                    var inputs = isNull ? null : serializer.ReadNode<Inputs>(value);
                    if (property.Name == "variables") variables = inputs;
                    else extensions = inputs;
                    break;
                default:
                    // Unknown members are reserved for future versions of the specification; ignored.
                    break;
            }
        }
        return Complete(new GraphQLRequest
        {
            Query = query,
            OperationName = operationName,
            DocumentId = documentId,
            Variables = variables,
            Extensions = extensions,
        });
    }

    private static ParsedHttpRequest Complete(GraphQLRequest request) =>
        request.Query == null && request.DocumentId == null
            ? BadBody("The request must carry a 'query' (or the 'documentId' of a persisted document).")
            : new ParsedHttpRequest(request, null);

    private static Inputs? ParseJsonObjectParameter(string? text, string name, IGraphQLSerializer serializer, out ParsedHttpRequest? error)
    {
        error = null;
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Null)
            {
                return null;
            }
            if (root.ValueKind != JsonValueKind.Object)
            {
                error = BadBody($"'{name}' must be a JSON object.");
                return null;
            }
            return serializer.ReadNode<Inputs>(root);
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: a string escaping half a surrogate pair ("\ud800").
            error = InvalidJson($"'{name}' is not valid JSON.");
            return null;
        }
    }

    private static bool IsJsonContentType(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var parsed))
        {
            return false;
        }
        return string.Equals(parsed.MediaType.Value, GraphQLHttpEndpoint.JsonMediaType, StringComparison.OrdinalIgnoreCase)
            && (!parsed.Charset.HasValue || string.Equals(parsed.Charset.Value, "utf-8", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The body, or null when it is longer than <paramref name="maxBytes"/> (Content-Length may be absent or wrong).</summary>
    private static async Task<byte[]?> ReadLimitedAsync(Stream body, long maxBytes, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static ParsedHttpRequest BadBody(string message) =>
        ParsedHttpRequest.Fail(StatusCodes.Status400BadRequest, ErrorCodes.BadRequestBody, message);

    private static ParsedHttpRequest TooLarge(long maxBytes) =>
        ParsedHttpRequest.Fail(StatusCodes.Status413RequestEntityTooLarge, ErrorCodes.RequestTooLarge,
            $"The request body is larger than {maxBytes} bytes.");
}
