using System.Globalization;
using Jamforelse.ServiceDefaults.Http;

namespace Jamforelse.GoalCatalog.Catalogs;

/// <summary>
/// The goal catalog's view of indicator data when it runs as its own process: the indicator-data service's
/// HTTP API, called with the goal catalog's own signed identity (Services:IndicatorData).
/// </summary>
public sealed class HttpIndicatorDirectory(IHttpClientFactory factory) : IIndicatorDirectory
{
    public const string Service = "indicator-data";

    public async Task<KeyFigureFacts?> FindKeyFigureAsync(string id, CancellationToken cancellationToken)
    {
        var path = $"/api/indicator-data/kpis/{Uri.EscapeDataString(id)}";
        if (await factory.GetJsonAsync<KeyFigureDto>(Service, path, cancellationToken) is not { } keyFigure
            || await factory.GetJsonAsync<CoverageDto>(Service, path + "/coverage", cancellationToken) is not { } coverage)
        {
            return null;
        }
        int? published = keyFigure.PublicationPeriod is { Length: >= 4 } period && int.TryParse(period.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year) ? year : null;
        return new KeyFigureFacts(keyFigure.Id, keyFigure.Title, keyFigure.Owner, published, coverage.FirstYear, coverage.LastYear);
    }

    public async Task<AreaFacts?> FindAreaAsync(string id, CancellationToken cancellationToken)
    {
        var escaped = Uri.EscapeDataString(id);
        if (await factory.GetJsonAsync<AreaDto>(Service, $"/api/indicator-data/areas/{escaped}", cancellationToken) is { } area)
        {
            return new AreaFacts(area.Id, area.Title, area.Type);
        }
        return await factory.GetJsonAsync<AreaDto>(Service, $"/api/indicator-data/groups/{escaped}", cancellationToken) is { } group
            ? new AreaFacts(group.Id, group.Title, "group")
            : null;
    }

    private sealed record KeyFigureDto(string Id, string Title, string? Owner, string? PublicationPeriod);

    private sealed record CoverageDto(int? FirstYear, int? LastYear);

    private sealed record AreaDto(string Id, string Title, string Type);
}
