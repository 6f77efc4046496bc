using System.Text;
using System.Text.Json.Nodes;

namespace Jamforelse.Deploy.Tests.Compose;

/// <summary>docker-compose.yml as parsed YAML, with compose's variable interpolation for reading values.</summary>
internal sealed class ComposeFile
{
    public const string Path = "docker-compose.yml";

    /// <summary>What a developer sets in .env: only the required signing key (everything else keeps its default).</summary>
    public static readonly IReadOnlyDictionary<string, string> Environment = new Dictionary<string, string>
    {
        ["JAMFORELSE_SIGNING_KEY"] = Convert.ToBase64String(new byte[32]),
    };

    private static readonly Lazy<ComposeFile> Loaded = new(() => new ComposeFile(Yaml.Document(Repository.Read(Path))));

    public static ComposeFile Instance => Loaded.Value;

    private ComposeFile(JsonObject document) => Document = document;

    public JsonObject Document { get; }

    public JsonObject Services => Document["services"].Object("services");

    public JsonObject Service(string name) => Services[name].Object($"service {name}");

    /// <summary>A service's environment as written (before interpolation); a value-less entry is null.</summary>
    public static IReadOnlyDictionary<string, string?> RawEnvironment(JsonObject service) => service["environment"] switch
    {
        JsonObject map => map.ToDictionary(entry => entry.Key, entry => entry.Value.Text()),
        JsonArray list => list.Select(item => item.Text()!.Split('=', 2)).ToDictionary(parts => parts[0], parts => parts.Length > 1 ? parts[1] : null),
        _ => new Dictionary<string, string?>(),
    };

    /// <summary>A service's environment as the container gets it, with <see cref="Environment"/> as the shell's.</summary>
    public static IReadOnlyDictionary<string, string?> EnvironmentOf(JsonObject service) =>
        RawEnvironment(service).ToDictionary(entry => entry.Key, entry => entry.Value is null ? null : Interpolate(entry.Value));

    /// <summary>Compose's ${VAR}, ${VAR:-default}, ${VAR-default}, ${VAR:?error}, ${VAR?error} and $$.</summary>
    public static string Interpolate(string text, IReadOnlyDictionary<string, string>? shell = null)
    {
        shell ??= Environment;
        var result = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] != '$' || i + 1 >= text.Length)
            {
                result.Append(text[i]);
                continue;
            }
            if (text[i + 1] == '$')
            {
                result.Append('$');
                i++;
                continue;
            }
            if (text[i + 1] != '{')
            {
                throw new FormatException($"Unbraced variable in \"{text}\": write ${{NAME}}.");
            }
            var end = text.IndexOf('}', i);
            var expression = text[(i + 2)..end];
            i = end;
            var operatorAt = expression.IndexOfAny([':', '-', '?']);
            var name = operatorAt < 0 ? expression : expression[..operatorAt];
            var set = shell.TryGetValue(name, out var value);
            var rest = operatorAt < 0 ? "" : expression[operatorAt..];
            var emptyCounts = rest.StartsWith(':');
            var op = emptyCounts ? rest[1..] : rest;
            var present = set && (!emptyCounts || value!.Length > 0);
            if (op.StartsWith('-'))
            {
                result.Append(present ? value : op[1..]);
            }
            else if (op.StartsWith('?'))
            {
                result.Append(present ? value : throw new InvalidOperationException($"compose would stop: {op[1..]}"));
            }
            else
            {
                result.Append(value ?? "");
            }
        }
        return result.ToString();
    }

    /// <summary>The service names a service waits for, with the condition of each.</summary>
    public static IReadOnlyDictionary<string, string> DependsOn(JsonObject service) => service["depends_on"] switch
    {
        JsonObject map => map.ToDictionary(entry => entry.Key, entry => entry.Value?["condition"].Text() ?? "service_started"),
        JsonArray list => list.ToDictionary(item => item.Text()!, _ => "service_started"),
        _ => new Dictionary<string, string>(),
    };

    /// <summary>A health check's command as one string.</summary>
    public static string HealthCheck(JsonObject service) =>
        service["healthcheck"]?["test"] switch
        {
            JsonArray words => string.Join(' ', words.Select(word => word.Text())),
            JsonNode text => text.Text() ?? "",
            null => "",
        };
}
