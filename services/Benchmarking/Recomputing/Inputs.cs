using System.Globalization;
using Jamforelse.Benchmarking.Engine;
using Jamforelse.Benchmarking.Sources;

namespace Jamforelse.Benchmarking.Recomputing;

/// <summary>From stored observations to the engine's inputs: plain functions.</summary>
public static class Inputs
{
    public const string Population = "N01951";

    public static Better BetterOf(string better) => better switch
    {
        "higher" => Better.Higher,
        "lower" => Better.Lower,
        _ => Better.None,
    };

    /// <summary>A region's id is "00" + the county code its municipalities' ids start with (Östergötland 0005 ↔ 05xx).</summary>
    public static IReadOnlyList<string> MunicipalitiesOfRegion(string regionId, IEnumerable<string> municipalities) =>
        regionId.Length == 4 && regionId.StartsWith("00", StringComparison.Ordinal)
            ? municipalities.Where(m => m.StartsWith(regionId[2..], StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList()
            : [];

    /// <summary>Values grouped by period, then gender × provider, then area; a value that does not count is kept apart with its flag.</summary>
    public static Dictionary<string, Dictionary<(string Gender, string Provider), VariantValues>> ByPeriod(IEnumerable<ObservedValue> values)
    {
        var result = new Dictionary<string, Dictionary<(string, string), VariantValues>>(StringComparer.Ordinal);
        foreach (var value in values)
        {
            if (!result.TryGetValue(value.Period, out var variants))
            {
                result[value.Period] = variants = [];
            }
            if (!variants.TryGetValue((value.Gender, value.Provider), out var areas))
            {
                variants[(value.Gender, value.Provider)] = areas = new VariantValues(new(StringComparer.Ordinal), new(StringComparer.Ordinal));
            }
            areas.Values[value.AreaId] = value.Counts ? value.Value : null;
            if (!value.Counts && value.Status is { } status)
            {
                areas.Flags[value.AreaId] = new ValueFlag(status, value.StatusLabel ?? status, value.Value);
            }
        }
        return result;
    }

    /// <summary>One gender × provider's values by area: those that count, and the flags of those that do not.</summary>
    public sealed record VariantValues(Dictionary<string, double?> Values, Dictionary<string, ValueFlag> Flags);

    /// <summary>Inhabitants by municipality for the year of <paramref name="period"/> (total, all providers).</summary>
    public static Dictionary<string, double> PopulationOf(IEnumerable<ObservedValue> population, string period)
    {
        var year = period[..4];
        return population
            .Where(p => p.Period == year && p.Gender == "T" && p.Provider == "total" && p.Counts && p.Value is > 0)
            .ToDictionary(p => p.AreaId, p => p.Value!.Value, StringComparer.Ordinal);
    }

    /// <summary>The sum of several key figures per area (3A: N01982 + N01983); missing when any part is missing.</summary>
    public static Dictionary<string, double?> Sum(IReadOnlyList<IReadOnlyDictionary<string, double?>> parts)
    {
        var result = new Dictionary<string, double?>(StringComparer.Ordinal);
        foreach (var area in parts.SelectMany(p => p.Keys).Distinct(StringComparer.Ordinal))
        {
            double? sum = 0;
            foreach (var part in parts)
            {
                sum = part.TryGetValue(area, out var v) && v is { } x ? sum + x : null;
            }
            result[area] = sum;
        }
        return result;
    }

    public static int YearOf(string period) => int.Parse(period.AsSpan(0, 4), CultureInfo.InvariantCulture);
}
