namespace Jamforelse.GraphQL.Clients;

/// <summary>The calls the schema makes, one method per service endpoint, and the per-request batchers.</summary>
public sealed class Services(ServiceClient client)
{
    public const string IndicatorData = "indicator-data";
    public const string GoalCatalog = "goal-catalog";
    public const string Benchmarking = "benchmarking";

    private Batcher<(string Kpi, string Period, string Gender, string Provider), ComparisonDto>? _comparisons;

    public ServiceClient Client => client;

    public Task<PageDto<KeyFigureDto>?> KeyFiguresAsync(string? search, string? operatingArea, string? owner, int page, int pageSize, CancellationToken ct) =>
        client.GetAsync<PageDto<KeyFigureDto>>(IndicatorData, "/api/indicator-data/kpis?" + ServiceClient.Query(("q", search), ("operatingArea", operatingArea), ("owner", owner), ("page", page), ("pageSize", pageSize)), ct);

    public Task<KeyFigureDto?> KeyFigureAsync(string id, CancellationToken ct) =>
        client.GetAsync<KeyFigureDto>(IndicatorData, $"/api/indicator-data/kpis/{Uri.EscapeDataString(id)}", ct);

    public Task<PageDto<AreaDto>?> AreasAsync(string? search, string? type, int page, int pageSize, CancellationToken ct) =>
        client.GetAsync<PageDto<AreaDto>>(IndicatorData, "/api/indicator-data/areas?" + ServiceClient.Query(("q", search), ("type", type), ("page", page), ("pageSize", pageSize)), ct);

    public Task<AreaDto?> AreaAsync(string id, CancellationToken ct) =>
        client.GetAsync<AreaDto>(IndicatorData, $"/api/indicator-data/areas/{Uri.EscapeDataString(id)}", ct);

    /// <summary>Whether a tenant's peer group exists for the caller (one it may not read does not).</summary>
    public async Task<bool> PeerGroupExistsAsync(string id, CancellationToken ct) =>
        await client.GetAsync<System.Text.Json.Nodes.JsonObject>(Benchmarking, $"/api/benchmarking/peer-groups/{Uri.EscapeDataString(id)}", ct) is not null;

    public Task<GroupDto?> GroupAsync(string id, CancellationToken ct) =>
        client.GetAsync<GroupDto>(IndicatorData, $"/api/indicator-data/groups/{Uri.EscapeDataString(id)}", ct);

    public Task<ComparisonDto?> ComparisonAsync(string kpi, string period, string gender, string provider, string? areas, string? group, string? references, string? baseline, CancellationToken ct) =>
        client.GetAsync<ComparisonDto>(Benchmarking, "/api/benchmarking/comparisons?" + ServiceClient.Query(
            ("kpi", kpi), ("period", period), ("gender", gender), ("provider", provider), ("areas", areas), ("group", group), ("references", references), ("baseline", baseline)), ct);

    /// <summary>Comparisons by key figure × period × gender × provider, fetched once per distinct key for the whole request.</summary>
    public Batcher<(string Kpi, string Period, string Gender, string Provider), ComparisonDto> Comparisons =>
        _comparisons ??= new(async (keys, ct) =>
        {
            var answers = await Task.WhenAll(keys.Select(async k => (k, await ComparisonAsync(k.Kpi, k.Period, k.Gender, k.Provider, null, null, null, null, ct))));
            return answers.Where(a => a.Item2 is not null).ToDictionary(a => a.k, a => a.Item2!);
        });

    public Task<SeriesDto?> SeriesAsync(string kpi, string? areas, string? group, int? from, int? to, string gender, string provider, string? references, CancellationToken ct) =>
        client.GetAsync<SeriesDto>(Benchmarking, "/api/benchmarking/series?" + ServiceClient.Query(
            ("kpi", kpi), ("areas", areas), ("group", group), ("from", from), ("to", to), ("gender", gender), ("provider", provider), ("references", references)), ct);

    public Task<AssessmentListDto?> AssessmentsAsync(string? tenant, string? plan, int? year, string? grade, CancellationToken ct) =>
        client.GetAsync<AssessmentListDto>(Benchmarking, "/api/benchmarking/assessments?" + ServiceClient.Query(("tenant", tenant), ("plan", plan), ("year", year), ("grade", grade)), ct);

    public Task<List<PlanSummaryDto>?> PlansAsync(string? owner, string? status, CancellationToken ct) =>
        client.GetAsync<List<PlanSummaryDto>>(GoalCatalog, "/api/goal-catalog/plans?" + ServiceClient.Query(("owner", owner), ("status", status)), ct);

    public Task<PlanDto?> PlanAsync(string id, CancellationToken ct) =>
        client.GetAsync<PlanDto>(GoalCatalog, $"/api/goal-catalog/plans/{Uri.EscapeDataString(id)}", ct);
}

public sealed record GroupDto(string Id, string Title, int? MemberCount, IReadOnlyList<GroupMemberDto> Members);

public sealed record GroupMemberDto(string Id, string? Title);

public sealed record SeriesDto(System.Text.Json.Nodes.JsonObject KeyFigure, string Gender, string Provider, IReadOnlyList<SeriesYearDto> Years, string Attribution);

public sealed record SeriesYearDto(string Period, int Version, int MunicipalitiesWithData, IReadOnlyList<ReferenceDto> References, IReadOnlyList<AreaRowDto> Areas);
