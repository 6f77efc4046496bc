namespace Jamforelse.GraphQL;

/// <summary>The "GraphQL" configuration section: the limits every request runs under.</summary>
public sealed class GraphQLLayerOptions
{
    public const string Section = "GraphQL";

    /// <summary>Where the services' HTTP APIs are (the gateway, or one host); unset = this host itself.</summary>
    public Uri? ServicesBaseUrl { get; set; }

    public int MaxDepth { get; set; } = 12;

    public int MaxComplexity { get; set; } = 20_000;

    /// <summary>Largest page a connection or list argument may ask for.</summary>
    public int MaxPageSize { get; set; } = 500;

    /// <summary>Largest request body, in bytes (413 above it).</summary>
    public long MaxRequestBytes { get; set; } = 256 * 1024;

    public TimeSpan ExecutionTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Folder of <c>*.graphql</c> files served as persisted documents, each under "sha256:&lt;hex of its text&gt;".</summary>
    public string? PersistedDocumentsPath { get; set; }

    /// <summary>When true, only persisted documents run: a request carrying query text is refused.</summary>
    public bool OnlyPersistedDocuments { get; set; }

    /// <summary>How long a WebSocket client has to send connection_init (then 4408).</summary>
    public TimeSpan ConnectionInitTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Comparisons of public key figures kept per argument set (see ComparisonCache); 0 turns the cache off.</summary>
    public int ComparisonCacheEntries { get; set; } = 500;

    /// <summary>Bytes of whole GraphQL over HTTP answers kept when they rest only on cached comparisons; 0 turns it off.</summary>
    public long ResponseCacheBytes { get; set; } = 32 * 1024 * 1024;

    /// <summary>The longest a cached comparison or answer is served (they are evicted at once by ComparisonUpdated; this bounds a lost event).</summary>
    public TimeSpan CacheLifetime { get; set; } = TimeSpan.FromMinutes(10);
}
