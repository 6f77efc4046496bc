using Jamforelse.GraphQL.Clients;
using Microsoft.Extensions.Options;

namespace Jamforelse.GraphQL.Caching;

/// <summary>The arguments a comparison is asked with: the whole key of the benchmarking service's answer.</summary>
/// <param name="AsOf">The instant the values are read as of (ISO 8601, as the caller wrote it); null: now.</param>
public sealed record ComparisonKey(
    string Kpi, string Period, string Gender, string Provider, string? Areas, string? Group, string? References, string? Baseline, string? AsOf = null)
{
    /// <summary>
    /// Whether the answer is a function of the stored comparisons and reference data alone: only Kolada's
    /// groups (G and digits) may be named, as the group or as a reference. A tenant's peer group (pg-…) may
    /// change its members or its sharing without a new comparison version, so a key naming one, or anything
    /// that is not plainly a Kolada group, is never cached. Regions and municipalities are reference data.
    /// </summary>
    /// A comparison as of an instant is computed on request and not cached either.
    public bool IsCacheable =>
        AsOf is null
        && (Group is null || IsKoladaGroup(Group))
        && (References ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .All(r => !r.StartsWith("group:", StringComparison.Ordinal) || IsKoladaGroup(r["group:".Length..]));

    private static bool IsKoladaGroup(string id) => id.Length > 1 && id[0] == 'G' && id.AsSpan(1).IndexOfAnyExceptInRange('0', '9') < 0;
}

/// <summary>
/// What this GraphQL instance keeps of the benchmarking service's comparisons, so that a repeated comparison
/// is neither fetched over HTTP nor, over HTTP, executed and serialized again:
/// <list type="bullet">
/// <item>answers: the service's comparison per <see cref="ComparisonKey"/>, bounded by
/// <see cref="GraphQLLayerOptions.ComparisonCacheEntries"/>;</item>
/// <item>responses: the bytes of a whole GraphQL over HTTP answer per request (document, operation, variables,
/// extensions, GET or POST) when everything it holds came from cached answers, bounded by
/// <see cref="GraphQLLayerOptions.ResponseCacheBytes"/>.</item>
/// </list>
/// Only public key figures (no owner: readable by every caller) are kept, so that nothing cached depends on
/// who asked. Both are emptied of a key figure when its ComparisonUpdated arrives (before subscribers hear of
/// it), of everything on SharingChanged, and every entry expires after <see cref="GraphQLLayerOptions.CacheLifetime"/>
/// (a bound on staleness should an event be lost).
/// </summary>
public sealed class ComparisonCache
{
    public ComparisonCache(IOptions<GraphQLLayerOptions> options, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(options);
        var o = options.Value;
        Answers = new(o.ComparisonCacheEntries, long.MaxValue, o.CacheLifetime, clock);
        Responses = new(o.ResponseCacheBytes > 0 ? int.MaxValue : 0, o.ResponseCacheBytes, o.CacheLifetime, clock);
    }

    public BoundedCache<ComparisonKey, ComparisonDto> Answers { get; }

    public BoundedCache<string, byte[]> Responses { get; }

    /// <summary>A new version of a key figure's comparison: whatever rests on it (any period: a baseline reads another) goes.</summary>
    public void Invalidate(string kpiId)
    {
        Answers.Evict(kpiId);
        Responses.Evict(kpiId);
    }

    /// <summary>Sharing changed somewhere: rare, so everything goes rather than reason about who may now read what.</summary>
    public void Clear()
    {
        Answers.Clear();
        Responses.Clear();
    }

    /// <summary>A comparison from the cache, or fetched as the caller and kept when it is public; recorded in the request's <paramref name="scope"/>.</summary>
    public async Task<ComparisonDto?> GetAsync(ComparisonKey key, ResponseCacheScope scope, Func<CancellationToken, Task<ComparisonDto?>> fetch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(fetch);
        if (!key.IsCacheable)
        {
            scope.Refuse();
            return await fetch(cancellationToken);
        }
        if (Answers.TryGet(key, out var cached))
        {
            scope.DependsOn(key.Kpi, serviceCalls: 0);
            return cached;
        }
        var generation = Answers.Generation;
        var answer = await fetch(cancellationToken);
        if (answer is null || !IsPublic(answer))
        {
            scope.Refuse();
            return answer;
        }
        Answers.Set(key, answer, 1, [key.Kpi], generation);
        scope.DependsOn(key.Kpi, serviceCalls: 1);
        return answer;
    }

    /// <summary>
    /// A key figure without an owner is Kolada's, readable by every caller. Reading it here also builds the
    /// key figure's JSON object once, before other requests read it at the same time.
    /// </summary>
    private static bool IsPublic(ComparisonDto answer)
    {
        answer.KeyFigure.TryGetPropertyValue("owner", out var owner);
        return owner is null;
    }
}

/// <summary>
/// What one request's answer rests on, for the response cache: the key figures of the cached comparisons it
/// read, and whether it read anything else (then it is not kept). Resolvers run in parallel, hence the lock.
/// </summary>
public sealed class ResponseCacheScope
{
    private readonly Lock _lock = new();
    private readonly HashSet<string> _keyFigures = new(StringComparer.Ordinal);
    private bool _refused;
    private int _serviceCalls;

    /// <summary>The responses' generation when the request began (an eviction during it makes its answer unfit to keep).</summary>
    public long Generation { get; set; }

    public void DependsOn(string kpiId, int serviceCalls)
    {
        lock (_lock)
        {
            _keyFigures.Add(kpiId);
            _serviceCalls += serviceCalls;
        }
    }

    public void Refuse()
    {
        lock (_lock)
        {
            _refused = true;
        }
    }

    /// <summary>
    /// The key figures the answer rests on when it may be kept: it read at least one cached comparison and
    /// nothing else (every service call of the request was one of those comparisons'); otherwise null.
    /// </summary>
    public IReadOnlyCollection<string>? KeyFiguresIfCacheable(int serviceCallsOfRequest)
    {
        lock (_lock)
        {
            return !_refused && _keyFigures.Count > 0 && serviceCallsOfRequest == _serviceCalls ? [.. _keyFigures] : null;
        }
    }
}
