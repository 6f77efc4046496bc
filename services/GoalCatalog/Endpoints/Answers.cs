using System.Text.Json;
using Jamforelse.GoalCatalog.Catalogs;
using Microsoft.AspNetCore.Http;

namespace Jamforelse.GoalCatalog.Endpoints;

/// <summary>How this API answers: outcomes as HTTP, refusals as problem+json listing every problem.</summary>
internal static class Answers
{
    /// <summary>
    /// Reads a JSON body strictly (unknown fields are errors, so a misspelt field is not silently dropped);
    /// answers 415 for another content type and 400 for malformed JSON, naming where it broke.
    /// </summary>
    public static async Task<(T? Body, IResult? Error)> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken) where T : class
    {
        if (!request.HasJsonContentType())
        {
            return (null, Results.Problem(title: "Unsupported content type", detail: "Send the body as application/json.", statusCode: StatusCodes.Status415UnsupportedMediaType));
        }
        try
        {
            var body = await JsonSerializer.DeserializeAsync<T>(request.Body, CatalogFile.Json, cancellationToken);
            return body is null
                ? (null, Results.Problem(title: "Bad request", detail: "The body is empty.", statusCode: StatusCodes.Status400BadRequest))
                : (body, null);
        }
        catch (JsonException exception)
        {
            return (null, Results.Problem(
                title: "The body is not valid JSON for this request",
                detail: $"At {exception.Path ?? "$"} (line {exception.LineNumber + 1}): {exception.Message.Split(" Path:")[0]}",
                statusCode: StatusCodes.Status400BadRequest));
        }
    }

    public static IResult NotFound(string detail) =>
        Results.Problem(title: "Not found", detail: detail, statusCode: StatusCodes.Status404NotFound);

    public static IResult Of<T, TView>(CatalogOutcome<T> outcome, Func<T, TView> view, string? location = null) => outcome.Kind switch
    {
        OutcomeKind.Created => location is null ? Results.Ok(view(outcome.Value!)) : Results.Created(location, view(outcome.Value!)),
        OutcomeKind.Changed or OutcomeKind.Unchanged => Results.Ok(view(outcome.Value!)),
        OutcomeKind.NotFound => NotFound(outcome.Problems[0].Message),
        OutcomeKind.Forbidden => Results.Problem(title: "Forbidden", detail: outcome.Problems[0].Message, statusCode: StatusCodes.Status403Forbidden),
        OutcomeKind.Conflict => Results.Problem(
            title: "The change conflicts with the catalog; nothing was written",
            detail: string.Join(" ", outcome.Problems.Select(p => p.Message)),
            statusCode: StatusCodes.Status409Conflict,
            extensions: new Dictionary<string, object?> { ["problems"] = outcome.Problems }),
        _ => Results.Problem(
            title: "The catalog is invalid; nothing was written",
            detail: $"{outcome.Problems.Count} problem(s). Fix them all and send it again.",
            statusCode: StatusCodes.Status422UnprocessableEntity,
            type: "https://jamforelse.se/problems/catalog-invalid",
            extensions: new Dictionary<string, object?> { ["problems"] = outcome.Problems }),
    };
}
