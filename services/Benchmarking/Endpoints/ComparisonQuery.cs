using Jamforelse.Benchmarking.Engine;
using Jamforelse.Benchmarking.Recomputing;
using Jamforelse.Benchmarking.Sources;

namespace Jamforelse.Benchmarking.Endpoints;

/// <summary>The parameters of a comparison request, checked, with the references resolved to their members.</summary>
internal sealed class ComparisonQuery
{
    public string KpiId { get; private init; } = "";
    public string Gender { get; private init; } = "T";
    public string Provider { get; private init; } = "total";
    public string? Error { get; private init; }
    private HashSet<string> _rows = new(StringComparer.Ordinal);
    private List<ReferenceSpec> _references = [];

    public bool HasRows => _rows.Count > 0;

    /// <summary>Whether a municipality's row is answered: all of them unless areas or a group were named.</summary>
    public bool Shows(string areaId) => _rows.Count == 0 || _rows.Contains(areaId);

    public Comparison Compare(KeyFigureInfo keyFigure, StoredVariant variant) =>
        _references.Count == 0
            ? variant.Comparison
            : ComparisonEngine.Compare(new ComparisonInput
            {
                KpiId = keyFigure.Id, Period = variant.Comparison.Period, Gender = variant.Gender, Provider = variant.Provider,
                Better = Inputs.BetterOf(keyFigure.Better), Values = variant.Values, Flags = variant.Flags ?? new Dictionary<string, ValueFlag>(), Municipalities = variant.Comparison.Areas.Select(a => a.AreaId).ToHashSet(StringComparer.Ordinal),
                Population = variant.Population, References = _references,
            });

    private static ComparisonQuery Fail(string error) => new() { Error = error };

    public static async Task<ComparisonQuery> ParseAsync(
        string? kpi, string? gender, string? provider, string? areasParam, string? group, string? references, AreaDirectory areas, Visibility visibility, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(kpi))
        {
            return Fail("kpi is required: a key figure id (N03920, or a tenant's own).");
        }
        gender ??= "T";
        if (gender is not ("T" or "K" or "M"))
        {
            return Fail("gender is T (total), K (women) or M (men).");
        }
        provider ??= "total";
        if (provider is not ("total" or "own" or "private"))
        {
            return Fail("provider is total, own or private.");
        }
        var rows = new HashSet<string>(StringComparer.Ordinal);
        foreach (var area in Split(areasParam))
        {
            if (await areas.AreaAsync(area, cancellationToken) is not { Type: "municipality" })
            {
                return Fail($"areas: \"{area}\" is not a municipality id.");
            }
            rows.Add(area);
        }
        var specs = new List<ReferenceSpec>();
        if (group is not null)
        {
            if (!await visibility.GroupAsync(group, cancellationToken) || await areas.GroupAsync(group, cancellationToken) is not { } found)
            {
                return Fail($"group: \"{group}\" is neither a Kolada group nor a peer group.");
            }
            rows.UnionWith(found.Members);
            specs.Add(new ReferenceSpec(ReferenceKind.PeerGroup, group, found.Title, found.Members));
        }
        foreach (var token in Split(references))
        {
            var (kind, id) = token.IndexOf(':', StringComparison.Ordinal) is var colon and > 0 ? (token[..colon], token[(colon + 1)..]) : (token, "");
            switch (kind)
            {
                case "riket" or "average" or "weightedAverage":
                    break; // always included
                case "region" when await areas.AreaAsync(id, cancellationToken) is { Type: "region" } region:
                    specs.Add(new ReferenceSpec(ReferenceKind.Region, id, region.Title, Inputs.MunicipalitiesOfRegion(id, await areas.MunicipalitiesAsync(cancellationToken))));
                    break;
                case "group" when await visibility.GroupAsync(id, cancellationToken) && await areas.GroupAsync(id, cancellationToken) is { } found:
                    specs.Add(new ReferenceSpec(ReferenceKind.PeerGroup, id, found.Title, found.Members));
                    break;
                case "municipality" when await areas.AreaAsync(id, cancellationToken) is { Type: "municipality" } municipality:
                    specs.Add(new ReferenceSpec(ReferenceKind.Municipality, id, municipality.Title));
                    break;
                default:
                    return Fail($"references: \"{token}\" is not one of riket, average, weightedAverage, region:<id>, group:<id>, municipality:<id> with a known id.");
            }
        }
        return new ComparisonQuery { KpiId = kpi, Gender = gender, Provider = provider, _rows = rows, _references = specs.DistinctBy(s => (s.Kind, s.Id)).ToList() };
    }

    private static string[] Split(string? value) =>
        string.IsNullOrWhiteSpace(value) ? [] : value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
