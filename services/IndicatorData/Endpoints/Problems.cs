using Microsoft.AspNetCore.Http;

namespace Jamforelse.IndicatorData.Endpoints;

/// <summary>The problem+json answers of this API.</summary>
internal static class Problems
{
    public static IResult BadRequest(string detail, IDictionary<string, string[]>? errors = null) =>
        errors is null
            ? Results.Problem(title: "Bad request", detail: detail, statusCode: StatusCodes.Status400BadRequest)
            : Results.ValidationProblem(errors, detail: detail, title: "Bad request");

    public static IResult NotFound(string detail) =>
        Results.Problem(title: "Not found", detail: detail, statusCode: StatusCodes.Status404NotFound);

    public static IResult Forbidden(string detail) =>
        Results.Problem(title: "Forbidden", detail: detail, statusCode: StatusCodes.Status403Forbidden);

    /// <summary>Splits a comma-separated query value ("0580,0581") into trimmed, non-empty items.</summary>
    public static IReadOnlyList<string> List(string? value) =>
        string.IsNullOrWhiteSpace(value) ? [] : value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Parses an enum given as a word ("higher"), never as a number ("1").</summary>
    public static bool TryParseWord<T>(string? text, out T value) where T : struct, Enum =>
        Enum.TryParse(text, ignoreCase: true, out value) && Enum.IsDefined(value) && !int.TryParse(text, out _);

    public static string? CheckPage(int page, int pageSize, int maxPageSize = 500) =>
        page < 1 ? "page must be 1 or more."
        : pageSize is < 1 || pageSize > maxPageSize ? $"pageSize must be between 1 and {maxPageSize}."
        : null;
}

/// <summary>A page of a list, with the total so that clients can page on.</summary>
public sealed record Page<T>(int PageNumber, int PageSize, int Total, IReadOnlyList<T> Items)
{
    public string Attribution => Kolada.KoladaReferenceFiles.Attribution;
}
