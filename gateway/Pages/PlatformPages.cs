using System.Reflection;
using System.Text.Json;
using Jamforelse.Pages.Export;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.StaticFiles;

namespace Jamforelse.Pages;

/// <summary>
/// Serves the pages bundled into this assembly at build time: <c>/graphiql</c> (GraphiQL on /graphql, with
/// subscriptions over graphql-ws), <c>/dashboard</c> (the live comparison dashboard), the dashboard's table
/// export, and <c>/admin</c> (the platform administrator's Kolada sync, with its runs' progress). No page needs a key to load: the page asks for one and sends it to /graphql.
/// </summary>
public static class PlatformPages
{
    public const int MaxExportBytes = 5 * 1024 * 1024;
    private static readonly Assembly Bundle = typeof(PlatformPages).Assembly;
    private static readonly FileExtensionContentTypeProvider ContentTypes = new();
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IEndpointRouteBuilder MapPlatformPages(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        foreach (var page in new[] { "graphiql", "dashboard", "admin" })
        {
            endpoints.MapGet("/" + page, (HttpContext context) => Serve(context, page + "/index.html", cacheSeconds: 0)).ExcludeFromDescription();
            endpoints.MapGet($"/{page}/assets/{{file}}", (HttpContext context, string file) =>
                file == "index.html" ? NotFound(file) : Serve(context, $"{page}/{file}", cacheSeconds: 3600)).ExcludeFromDescription();
        }

        // The dashboard's table as the user sees it, as a file: it formats what it is sent and reads no data.
        endpoints.MapPost("/dashboard/export", async (HttpRequest request, string? format) =>
        {
            if (format is not ("csv" or "xlsx"))
            {
                return Problem(StatusCodes.Status400BadRequest, "format is csv (semicolon-separated, decimal comma, for Swedish Excel) or xlsx.");
            }
            if (request.ContentLength > MaxExportBytes)
            {
                return Problem(StatusCodes.Status413PayloadTooLarge, $"The table may be at most {MaxExportBytes / 1024 / 1024} MB.");
            }
            ExportTable? table;
            try
            {
                table = await JsonSerializer.DeserializeAsync<ExportTable>(request.Body, Json, request.HttpContext.RequestAborted);
            }
            catch (JsonException exception)
            {
                return Problem(StatusCodes.Status400BadRequest, $"The body is not a table: {exception.Message.Split(" Path:")[0]}");
            }
            if (TableExport.Validate(table) is { } error)
            {
                return Problem(StatusCodes.Status400BadRequest, error);
            }
            return format == "csv"
                ? Results.File(TableExport.ToCsv(table!), "text/csv; charset=utf-8", "jamforelse.csv")
                : Results.File(TableExport.ToXlsx(table!), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "jamforelse.xlsx");
        }).ExcludeFromDescription();
        return endpoints;
    }

    private static IResult Serve(HttpContext context, string path, int cacheSeconds)
    {
        if (path.Contains("..", StringComparison.Ordinal) || Bundle.GetManifestResourceStream("web/" + path) is not { } stream)
        {
            return NotFound(path);
        }
        context.Response.Headers.CacheControl = cacheSeconds == 0 ? "no-cache" : $"public, max-age={cacheSeconds}";
        var type = ContentTypes.TryGetContentType(path, out var known) ? known : "application/octet-stream";
        return Results.Stream(stream, type.StartsWith("text/", StringComparison.Ordinal) || type.EndsWith("javascript", StringComparison.Ordinal) ? type + "; charset=utf-8" : type);
    }

    private static IResult NotFound(string path) => Problem(StatusCodes.Status404NotFound, $"No page asset \"{path}\".");

    private static IResult Problem(int status, string detail) =>
        Results.Problem(title: status == 404 ? "Not found" : status == 413 ? "Payload too large" : "Bad request", detail: detail, statusCode: status);
}
