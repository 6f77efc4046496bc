using System.Globalization;
using Jamforelse.GoalCatalog.Catalogs;
using Jamforelse.IndicatorData.Domain;
using Jamforelse.IndicatorData.Storage;

namespace Jamforelse.Standalone;

/// <summary>The goal catalog's view of indicator data when both run in this process: no HTTP hop.</summary>
internal sealed class InProcessIndicatorDirectory(ReferenceData reference, ObservationQueries observations) : IIndicatorDirectory
{
    public async Task<KeyFigureFacts?> FindKeyFigureAsync(string id, CancellationToken cancellationToken)
    {
        if (reference.KeyFigure(id) is not { } keyFigure)
        {
            return null;
        }
        var coverage = await observations.CoverageAsync(id, cancellationToken);
        int? published = keyFigure.PublicationPeriod is { Length: >= 4 } period && int.TryParse(period.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year) ? year : null;
        return new KeyFigureFacts(keyFigure.Id, keyFigure.Title, keyFigure.Owner, published, coverage.FirstYear, coverage.LastYear);
    }

    public Task<AreaFacts?> FindAreaAsync(string id, CancellationToken cancellationToken) =>
        Task.FromResult(reference.Area(id) is { } area ? new AreaFacts(area.Id, area.Title, area.Type.ToString().ToLowerInvariant()) : null);
}
