using Microsoft.Extensions.Configuration;

namespace Jamforelse.Gateway.Proxy;

/// <summary>
/// The routes in <c>ReverseProxy:Routes</c> decide both where a request goes and which service the door signs
/// its identity for: each route names its service in <c>Metadata:Audience</c>, and its path prefix (the
/// <c>Match:Path</c> up to the first <c>{</c>) is what the door matches. One list, so the two cannot drift.
/// </summary>
public static class GatewayRoutes
{
    public const string Section = "ReverseProxy";
    public const string AudienceMetadata = "Audience";

    public static (string Prefix, string Audience)[] AudiencesOf(IConfiguration proxy)
    {
        ArgumentNullException.ThrowIfNull(proxy);
        var audiences = new List<(string, string)>();
        foreach (var route in proxy.GetSection("Routes").GetChildren())
        {
            var path = route["Match:Path"];
            var audience = route[$"Metadata:{AudienceMetadata}"];
            if (string.IsNullOrWhiteSpace(audience))
            {
                throw new InvalidOperationException(
                    $"{Section}:Routes:{route.Key}:Metadata:{AudienceMetadata} is required: the service the gateway signs the caller's identity for (graphql, indicator-data, goal-catalog, benchmarking).");
            }
            var brace = path?.IndexOf('{', StringComparison.Ordinal) ?? -1;
            var prefix = (brace >= 0 ? path![..brace] : path)?.TrimEnd('/');
            if (prefix is not { Length: > 1 } || prefix[0] != '/')
            {
                throw new InvalidOperationException(
                    $"{Section}:Routes:{route.Key}:Match:Path must be a path prefix such as /api/indicator-data/{{**rest}} or /graphql, not '{path}'.");
            }
            audiences.Add((prefix, audience));
        }
        if (audiences.Count == 0)
        {
            throw new InvalidOperationException($"{Section}:Routes is empty: the gateway has nowhere to forward to.");
        }
        return [.. audiences];
    }
}
