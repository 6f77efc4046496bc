using System.Collections.Concurrent;

namespace Jamforelse.IndicatorData.Domain;

/// <summary>
/// Key figures and areas held in memory (a few thousand of each) for validation and search; the store
/// stays the source of truth and every change goes there first.
/// </summary>
public sealed class ReferenceData
{
    private readonly ConcurrentDictionary<string, KeyFigure> _keyFigures = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Area> _areas = new(StringComparer.Ordinal);

    public int KeyFigureCount => _keyFigures.Count;

    public int AreaCount => _areas.Count;

    public void Set(KeyFigure keyFigure)
    {
        ArgumentNullException.ThrowIfNull(keyFigure);
        _keyFigures[keyFigure.Id] = keyFigure;
    }

    public void Set(Area area)
    {
        ArgumentNullException.ThrowIfNull(area);
        _areas[area.Id] = area;
    }

    public KeyFigure? KeyFigure(string id) => _keyFigures.GetValueOrDefault(id);

    public Area? Area(string id) => _areas.GetValueOrDefault(id);

    public bool IsKnownKeyFigure(string id) => _keyFigures.ContainsKey(id);

    public bool IsKnownArea(string id) => _areas.ContainsKey(id);

    public IEnumerable<KeyFigure> KeyFigures => _keyFigures.Values;

    public IEnumerable<Area> Areas => _areas.Values;
}
