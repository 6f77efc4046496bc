using System.Reflection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.StaticFiles;

namespace Jamforelse.Pages;

/// <summary>
/// Serves the pages bundled into this assembly at build time: <c>/graphiql</c> (GraphiQL on /graphql, with
/// subscriptions over graphql-ws). No page needs a key to load; the page asks for one and sends it.
/// </summary>
public static class PlatformPages
{
    private static readonly Assembly Bundle = typeof(PlatformPages).Assembly;
    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    public static IEndpointRouteBuilder MapPlatformPages(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/graphiql", (HttpContext context) => Serve(context, "graphiql/index.html", cacheSeconds: 0)).ExcludeFromDescription();
        endpoints.MapGet("/graphiql/assets/{file}", (HttpContext context, string file) => Serve(context, "graphiql/" + file, cacheSeconds: 3600)).ExcludeFromDescription();
        return endpoints;
    }

    private static IResult Serve(HttpContext context, string path, int cacheSeconds)
    {
        if (path.Contains("..", StringComparison.Ordinal) || path.EndsWith("index.html", StringComparison.Ordinal) != path.Equals("graphiql/index.html", StringComparison.Ordinal)
            || Bundle.GetManifestResourceStream("web/" + path) is not { } stream)
        {
            return Results.Problem(title: "Not found", detail: $"No page asset \"{path}\".", statusCode: StatusCodes.Status404NotFound);
        }
        context.Response.Headers.CacheControl = cacheSeconds == 0 ? "no-cache" : $"public, max-age={cacheSeconds}";
        var type = ContentTypes.TryGetContentType(path, out var known) ? known : "application/octet-stream";
        return Results.Stream(stream, type.StartsWith("text/", StringComparison.Ordinal) || type.EndsWith("javascript", StringComparison.Ordinal) ? type + "; charset=utf-8" : type);
    }
}
