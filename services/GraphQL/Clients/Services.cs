using System.Text.Json.Nodes;
using Jamforelse.GraphQL.Caching;

namespace Jamforelse.GraphQL.Clients;

/// <summary>The calls the schema makes, one method per service endpoint, and the per-request batchers.</summary>
public sealed class Services(ServiceClient client, ComparisonCache cache, ResponseCacheScope cacheScope)
{
    public const string IndicatorData = "indicator-data";
    public const string GoalCatalog = "goal-catalog";
    public const string Benchmarking = "benchmarking";

    private Batcher<(string Kpi, string Period, string Gender, string Provider), ComparisonDto>? _comparisons;
    private Batcher<string, JsonObject>? _rollups;
    private Batcher<string, AreaDto>? _municipalities;
    private Batcher<(string Plan, string FollowUp), List<JsonObject>>? _followUpHistories;
    private Batcher<(string Plan, int Version), JsonObject>? _planVersions;

    public ServiceClient Client => client;

    public Task<PageDto<KeyFigureDto>?> KeyFiguresAsync(string? search, string? operatingArea, string? owner, int page, int pageSize, CancellationToken ct) =>
        client.GetAsync<PageDto<KeyFigureDto>>(IndicatorData, "/api/indicator-data/kpis?" + ServiceClient.Query(("q", search), ("operatingArea", operatingArea), ("owner", owner), ("page", page), ("pageSize", pageSize)), ct);

    public Task<KeyFigureDto?> KeyFigureAsync(string id, CancellationToken ct) =>
        client.GetAsync<KeyFigureDto>(IndicatorData, $"/api/indicator-data/kpis/{Uri.EscapeDataString(id)}", ct);

    public Task<PageDto<AreaDto>?> AreasAsync(string? search, string? type, int page, int pageSize, CancellationToken ct) =>
        client.GetAsync<PageDto<AreaDto>>(IndicatorData, "/api/indicator-data/areas?" + ServiceClient.Query(("q", search), ("type", type), ("page", page), ("pageSize", pageSize)), ct);

    public Task<KoladaRunDto?> KoladaRunAsync(string id, CancellationToken ct) =>
        client.GetAsync<KoladaRunDto>(IndicatorData, $"/api/indicator-data/imports/kolada-runs/{Uri.EscapeDataString(id)}", ct);

    public Task<AreaDto?> AreaAsync(string id, CancellationToken ct) =>
        client.GetAsync<AreaDto>(IndicatorData, $"/api/indicator-data/areas/{Uri.EscapeDataString(id)}", ct);

    /// <summary>Whether a tenant's peer group exists for the caller (one it may not read does not).</summary>
    public async Task<bool> PeerGroupExistsAsync(string id, CancellationToken ct) =>
        await client.GetAsync<System.Text.Json.Nodes.JsonObject>(Benchmarking, $"/api/benchmarking/peer-groups/{Uri.EscapeDataString(id)}", ct) is not null;

    public Task<GroupDto?> GroupAsync(string id, CancellationToken ct) =>
        client.GetAsync<GroupDto>(IndicatorData, $"/api/indicator-data/groups/{Uri.EscapeDataString(id)}", ct);

    public Task<ComparisonDto?> ComparisonAsync(string kpi, string period, string gender, string provider, string? areas, string? group, string? references, string? baseline, CancellationToken ct, string? asOf = null) =>
        client.GetAsync<ComparisonDto>(Benchmarking, "/api/benchmarking/comparisons?" + ServiceClient.Query(
            ("kpi", kpi), ("period", period), ("gender", gender), ("provider", provider), ("areas", areas), ("group", group), ("references", references), ("baseline", baseline), ("asOf", asOf)), ct);

    /// <summary>A comparison as the query and the subscriptions ask for it: from this instance's cache when it is there (see <see cref="ComparisonCache"/>).</summary>
    public Task<ComparisonDto?> CachedComparisonAsync(ComparisonKey key, CancellationToken ct) =>
        cache.GetAsync(key, cacheScope, c => ComparisonAsync(key.Kpi, key.Period, key.Gender, key.Provider, key.Areas, key.Group, key.References, key.Baseline, c, key.AsOf), ct);

    /// <summary>Comparisons by key figure × period × gender × provider, fetched once per distinct key for the whole request.</summary>
    public Batcher<(string Kpi, string Period, string Gender, string Provider), ComparisonDto> Comparisons =>
        _comparisons ??= new(async (keys, ct) =>
        {
            var answers = await Task.WhenAll(keys.Select(async k => (k, await ComparisonAsync(k.Kpi, k.Period, k.Gender, k.Provider, null, null, null, null, ct))));
            return answers.Where(a => a.Item2 is not null).ToDictionary(a => a.k, a => a.Item2!);
        });

    public Task<SeriesDto?> SeriesAsync(string kpi, string? areas, string? group, int? from, int? to, string gender, string provider, string? references, CancellationToken ct, string? asOf = null) =>
        client.GetAsync<SeriesDto>(Benchmarking, "/api/benchmarking/series?" + ServiceClient.Query(
            ("kpi", kpi), ("areas", areas), ("group", group), ("from", from), ("to", to), ("gender", gender), ("provider", provider), ("references", references), ("asOf", asOf)), ct);

    public Task<AssessmentListDto?> AssessmentsAsync(string? tenant, string? plan, int? year, string? grade, CancellationToken ct) =>
        client.GetAsync<AssessmentListDto>(Benchmarking, "/api/benchmarking/assessments?" + ServiceClient.Query(("tenant", tenant), ("plan", plan), ("year", year), ("grade", grade)), ct);

    public Task<List<PlanSummaryDto>?> PlansAsync(string? owner, string? status, CancellationToken ct) =>
        client.GetAsync<List<PlanSummaryDto>>(GoalCatalog, "/api/goal-catalog/plans?" + ServiceClient.Query(("owner", owner), ("status", status)), ct);

    public Task<PlanDto?> PlanAsync(string id, CancellationToken ct) =>
        client.GetAsync<PlanDto>(GoalCatalog, $"/api/goal-catalog/plans/{Uri.EscapeDataString(id)}", ct);

    /// <summary>The plan as a catalog file (the input format of node edits), to edit a node without losing what the edit does not name.</summary>
    public Task<JsonObject?> CatalogFileAsync(string plan, CancellationToken ct) =>
        client.GetAsync<JsonObject>(GoalCatalog, $"/api/goal-catalog/catalogs/{Uri.EscapeDataString(plan)}", ct);

    public Task<List<JsonObject>?> PlanHistoryAsync(string plan, CancellationToken ct) =>
        client.GetAsync<List<JsonObject>>(GoalCatalog, $"/api/goal-catalog/plans/{Uri.EscapeDataString(plan)}/history", ct);

    /// <summary>Plan versions (each with the plan as it was), one call per distinct version asked for in the request, made together.</summary>
    public Batcher<(string Plan, int Version), JsonObject> PlanVersions =>
        _planVersions ??= new(async (keys, ct) =>
        {
            var answers = await Task.WhenAll(keys.Select(async k => (k, await client.GetAsync<JsonObject>(GoalCatalog,
                $"/api/goal-catalog/plans/{Uri.EscapeDataString(k.Plan)}/history/{k.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)}", ct))));
            return answers.Where(a => a.Item2 is not null).ToDictionary(a => a.k, a => a.Item2!);
        });

    /// <summary>Activity roll-ups by plan: one call per plan for the whole request, however many of its nodes ask.</summary>
    public Batcher<string, JsonObject> Rollups =>
        _rollups ??= new(async (plans, ct) =>
        {
            var answers = await Task.WhenAll(plans.Select(async p => (p, await client.GetAsync<JsonObject>(GoalCatalog, $"/api/goal-catalog/plans/{Uri.EscapeDataString(p)}/rollup", ct))));
            return answers.Where(a => a.Item2 is not null).ToDictionary(a => a.p, a => a.Item2!, StringComparer.Ordinal);
        });

    public Task<List<JsonObject>?> FollowUpsAsync(string plan, string? node, int? year, string? point, CancellationToken ct) =>
        client.GetAsync<List<JsonObject>>(GoalCatalog, $"/api/goal-catalog/plans/{Uri.EscapeDataString(plan)}/follow-ups?" + ServiceClient.Query(("node", node), ("year", year), ("point", point)), ct);

    public Task<JsonObject?> FollowUpAsync(string plan, string id, CancellationToken ct) =>
        client.GetAsync<JsonObject>(GoalCatalog, $"/api/goal-catalog/plans/{Uri.EscapeDataString(plan)}/follow-ups/{Uri.EscapeDataString(id)}", ct);

    /// <summary>Follow-up histories, fetched together for every follow-up of the request that asks for its versions.</summary>
    public Batcher<(string Plan, string FollowUp), List<JsonObject>> FollowUpHistories =>
        _followUpHistories ??= new(async (keys, ct) =>
        {
            var answers = await Task.WhenAll(keys.Select(async k => (k, await client.GetAsync<List<JsonObject>>(GoalCatalog,
                $"/api/goal-catalog/plans/{Uri.EscapeDataString(k.Plan)}/follow-ups/{Uri.EscapeDataString(k.FollowUp)}/history", ct))));
            return answers.Where(a => a.Item2 is not null).ToDictionary(a => a.k, a => a.Item2!);
        });

    public Task<List<TenantPeerGroupDto>?> PeerGroupsAsync(string? tenant, CancellationToken ct) =>
        client.GetAsync<List<TenantPeerGroupDto>>(Benchmarking, "/api/benchmarking/peer-groups?" + ServiceClient.Query(("tenant", tenant)), ct);

    /// <summary>Municipalities by id: every municipality in one call for the whole request (290, immutable reference data).</summary>
    public Batcher<string, AreaDto> Municipalities =>
        _municipalities ??= new(async (_, ct) =>
        {
            var page = await AreasAsync(null, "municipality", 1, 500, ct);
            return (page?.Items ?? []).ToDictionary(a => a.Id, StringComparer.Ordinal);
        });
}

/// <summary>A tenant's own peer group, kept by the benchmarking service.</summary>
public sealed record TenantPeerGroupDto(string Id, string Name, string Owner, IReadOnlyList<string> Members, bool Shared, DateTimeOffset ChangedAt);

public sealed record GroupDto(string Id, string Title, int? MemberCount, IReadOnlyList<GroupMemberDto> Members);

public sealed record GroupMemberDto(string Id, string? Title);

public sealed record SeriesDto(System.Text.Json.Nodes.JsonObject KeyFigure, string Gender, string Provider, IReadOnlyList<SeriesYearDto> Years, string Attribution);

public sealed record SeriesYearDto(string Period, int Version, int MunicipalitiesWithData, IReadOnlyList<ReferenceDto> References, IReadOnlyList<AreaRowDto> Areas);
