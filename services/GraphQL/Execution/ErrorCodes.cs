namespace Jamforelse.GraphQL.Execution;

/// <summary>The <c>extensions.code</c> values this layer writes itself (graphql-dotnet names its own errors).</summary>
public static class ErrorCodes
{
    public const string InternalServerError = "INTERNAL_SERVER_ERROR";
    /// <summary>A field error without a code of its own.</summary>
    public const string ExecutionError = "EXECUTION_ERROR";
    public const string MaxDepthExceeded = "MAX_DEPTH_EXCEEDED";
    public const string MaxComplexityExceeded = "MAX_COMPLEXITY_EXCEEDED";
    public const string OperationNotAllowed = "OPERATION_NOT_ALLOWED";
    /// <summary>graphql-dotnet's <c>TimeoutError</c> code.</summary>
    public const string Timeout = "TIMEOUT";

    public const string BadRequestBody = "BAD_REQUEST_BODY";
    public const string InvalidJson = "INVALID_JSON";
    public const string UnsupportedMediaType = "UNSUPPORTED_MEDIA_TYPE";
    public const string MethodNotAllowed = "METHOD_NOT_ALLOWED";
    public const string NotAcceptable = "NOT_ACCEPTABLE";
    public const string RequestTooLarge = "REQUEST_TOO_LARGE";
}
