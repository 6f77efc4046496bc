using Jamforelse.Benchmarking.Sources;
using Jamforelse.Benchmarking.Storage;

namespace Jamforelse.Benchmarking.Recomputing;

/// <summary>
/// The areas (reference data, read once from the indicator-data service) and the peer groups: Kolada's
/// and the tenants' own.
/// </summary>
public sealed class AreaDirectory(IIndicatorSource indicators, BenchmarkingStore store)
{
    private Task<Dictionary<string, AreaInfo>>? _areas;

    private Task<Dictionary<string, AreaInfo>> AreasAsync(CancellationToken cancellationToken) =>
        _areas ??= LoadAsync(cancellationToken);

    private async Task<Dictionary<string, AreaInfo>> LoadAsync(CancellationToken cancellationToken)
    {
        var areas = await indicators.AreasAsync(cancellationToken);
        if (areas.Count == 0)
        {
            _areas = null; // not loaded yet: ask again next time
        }
        return areas.ToDictionary(a => a.Id, StringComparer.Ordinal);
    }

    public async Task<IReadOnlySet<string>> MunicipalitiesAsync(CancellationToken cancellationToken) =>
        (await AreasAsync(cancellationToken)).Values.Where(a => a.Type == "municipality").Select(a => a.Id).ToHashSet(StringComparer.Ordinal);

    public async Task<AreaInfo?> AreaAsync(string id, CancellationToken cancellationToken) =>
        (await AreasAsync(cancellationToken)).GetValueOrDefault(id);

    public async Task<string> TitleAsync(string id, CancellationToken cancellationToken) =>
        (await AreaAsync(id, cancellationToken))?.Title ?? (await store.PeerGroupCollection.GetAsync(id, cancellationToken))?.Name ?? id;

    /// <summary>A peer group's members: a tenant's group, or a Kolada group (members where Kolada's list gives them).</summary>
    public async Task<(string Title, IReadOnlyList<string> Members)?> GroupAsync(string id, CancellationToken cancellationToken)
    {
        if (await store.PeerGroupCollection.GetAsync(id, cancellationToken) is { } own)
        {
            return (own.Name, own.Members);
        }
        return await AreaAsync(id, cancellationToken) is { Type: "group" } kolada ? (kolada.Title, kolada.Members) : null;
    }
}
