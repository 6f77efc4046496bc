using Microsoft.AspNetCore.Http;

namespace Jamforelse.Benchmarking.Endpoints;

internal static class Problems
{
    public static IResult BadRequest(string detail, IDictionary<string, string[]>? errors = null) =>
        errors is null
            ? Results.Problem(title: "Bad request", detail: detail, statusCode: StatusCodes.Status400BadRequest)
            : Results.ValidationProblem(errors, detail: detail, title: "Bad request");

    public static IResult NotFound(string detail) =>
        Results.Problem(title: "Not found", detail: detail, statusCode: StatusCodes.Status404NotFound);
}
