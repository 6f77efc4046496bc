using Jamforelse.ServiceDefaults.Http;

namespace Jamforelse.Benchmarking.Sources;

/// <summary>
/// Benchmarking's view of indicator data when it runs as its own process: the indicator-data service's
/// public HTTP API, called with benchmarking's own signed identity (Services:IndicatorData).
/// </summary>
public sealed class HttpIndicatorSource(IHttpClientFactory factory) : IIndicatorSource
{
    public const string Service = "indicator-data";
    private const int AreaPageSize = 500;

    public async Task<KeyFigureInfo?> KeyFigureAsync(string kpiId, CancellationToken cancellationToken) =>
        await factory.GetJsonAsync<KeyFigureDto>(Service, $"/api/indicator-data/kpis/{Uri.EscapeDataString(kpiId)}", cancellationToken) is { } k
            ? new KeyFigureInfo(k.Id, k.Title, k.Unit, k.BetterDirection, k.IsDividedByGender, k.Owner, k.Source, k.SharedWith)
            : null;

    public async Task<IReadOnlyList<ObservedValue>> ValuesAsync(string kpiId, DateTimeOffset? asOf, CancellationToken cancellationToken) =>
        (await factory.GetJsonAsync<ObservationsDto>(Service, $"/api/indicator-data/observations?kpi={Uri.EscapeDataString(kpiId)}"
            + (asOf is { } instant ? "&asOf=" + Uri.EscapeDataString(instant.ToString("O", System.Globalization.CultureInfo.InvariantCulture)) : ""), cancellationToken))?.Observations
            .Select(o => new ObservedValue(o.Area, o.Period, o.Gender, o.Provider, o.Value, o.Flag, o.StatusLabel, o.Counts ?? true))
            .ToList() ?? [];

    public async Task<IReadOnlyList<AreaInfo>> AreasAsync(CancellationToken cancellationToken)
    {
        var areas = new List<AreaInfo>();
        foreach (var list in new[] { "areas", "groups" })
        {
            for (var page = 1; ; page++)
            {
                var answer = await factory.GetJsonAsync<PageDto<AreaDto>>(Service, $"/api/indicator-data/{list}?page={page}&pageSize={AreaPageSize}", cancellationToken)
                    ?? throw new HttpRequestException($"indicator-data answered 404 for /{list}.");
                areas.AddRange(answer.Items.Select(a => new AreaInfo(a.Id, a.Title, a.Type, a.Members ?? [])));
                if (page * AreaPageSize >= answer.Total)
                {
                    break;
                }
            }
        }
        return areas;
    }

    public async Task<IReadOnlyList<string>> KeyFiguresWithDataAsync(CancellationToken cancellationToken) =>
        (await factory.GetJsonAsync<IdsDto>(Service, "/api/indicator-data/kpis-with-data", cancellationToken))?.Ids ?? [];

    private sealed record KeyFigureDto(string Id, string Title, string? Unit, string BetterDirection, bool IsDividedByGender, string? Owner, string Source, List<string>? SharedWith);

    private sealed record ObservationDto(string Area, string Period, string Gender, string Provider, double? Value, string? Flag, string? StatusLabel, bool? Counts);

    private sealed record ObservationsDto(List<ObservationDto> Observations);

    private sealed record AreaDto(string Id, string Title, string Type, List<string>? Members);

    private sealed record PageDto<T>(int Total, List<T> Items);

    private sealed record IdsDto(List<string> Ids);
}

/// <summary>Benchmarking's view of the goal catalogs when it runs as its own process (Services:GoalCatalog).</summary>
public sealed class HttpPlanSource(IHttpClientFactory factory) : IPlanSource
{
    public const string Service = "goal-catalog";

    public async Task<PlanInfo?> PlanAsync(string planId, CancellationToken cancellationToken)
    {
        var path = $"/api/goal-catalog/plans/{Uri.EscapeDataString(planId)}";
        if (await factory.GetJsonAsync<PlanViewDto>(Service, path, cancellationToken) is not { } view
            || await factory.GetJsonAsync<List<CriterionDto>>(Service, path + "/criteria", cancellationToken) is not { } criteria)
        {
            return null;
        }
        var p = view.Plan;
        return new PlanInfo(
            p.Id, p.Owner, p.Area, p.Title, p.ValidFrom, p.ValidTo, p.Status, p.Version,
            criteria.Select(c => new CriterionInfo(
                c.NodeId, c.Code, c.Title, c.Rule.KeyFigures, c.Rule.Gender, c.Rule.Shape,
                c.Rule.Reference?.Type, c.Rule.Reference?.Id, c.Rule.Reference?.Weighting, c.Rule.BaselineYear, c.Rule.BetterDirection)).ToList(),
            p.SharedWith);
    }

    public async Task<IReadOnlyList<string>> PlanIdsAsync(CancellationToken cancellationToken) =>
        (await factory.GetJsonAsync<List<PlanSummaryDto>>(Service, "/api/goal-catalog/plans", cancellationToken))?.Select(p => p.Id).ToList() ?? [];

    private sealed record PlanSummaryDto(string Id, string Owner, string Area, string Title, int ValidFrom, int ValidTo, string Status, int Version, List<string>? SharedWith);

    private sealed record PlanViewDto(PlanSummaryDto Plan);

    private sealed record ReferenceDto(string Type, string? Id, string? Weighting);

    private sealed record RuleDto(List<string> KeyFigures, string Gender, string Shape, ReferenceDto? Reference, int? BaselineYear, string BetterDirection);

    private sealed record CriterionDto(string NodeId, string? Code, string Title, RuleDto Rule);
}
