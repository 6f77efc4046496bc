using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Jamforelse.Benchmarking.Engine;
using Jamforelse.Benchmarking.Sources;
using Jamforelse.ServiceDefaults.Numbers;

namespace Jamforelse.Benchmarking.Recomputing;

/// <summary>A key figure × period as stored: the inputs of every gender × provider and their default comparison.</summary>
public sealed record StoredComparison(KeyFigureInfo KeyFigure, string Period, IReadOnlyList<StoredVariant> Variants)
{
    public StoredVariant? Variant(string gender, string provider) =>
        Variants.FirstOrDefault(v => v.Gender == gender && v.Provider == provider)?.WithinRange();
}

/// <param name="Values">Every area's stored value (null = a row without a number).</param>
/// <param name="Population">Inhabitants of the same year used for the weighted average (empty when not loaded).</param>
/// <param name="Flags">Areas whose value came with a status and does not count (null in comparisons stored before flags were kept).</param>
public sealed record StoredVariant(string Gender, string Provider, IReadOnlyDictionary<string, double?> Values, IReadOnlyDictionary<string, double> Population, Comparison Comparison,
    IReadOnlyDictionary<string, ValueFlag>? Flags = null)
{
    /// <summary>
    /// A variant stored before the platform refused numbers outside <see cref="ValueRange"/> (its comparison may hold
    /// infinities, which no answer can carry): those numbers read as flagged and the comparison is computed again from
    /// the rest. Any other variant is returned as stored.
    /// </summary>
    public StoredVariant WithinRange()
    {
        if (Values.Values.All(v => v is null || ValueRange.Allows(v)) && Population.Values.All(ValueRange.Allows))
        {
            return this;
        }
        var input = ComparisonEngine.WithinRange(new ComparisonInput
        {
            KpiId = Comparison.KpiId, Period = Comparison.Period, Gender = Gender, Provider = Provider, Better = Comparison.Better,
            Values = Values, Flags = Flags ?? new Dictionary<string, ValueFlag>(), Population = Population,
            Municipalities = Comparison.Areas.Select(a => a.AreaId).ToHashSet(StringComparer.Ordinal),
        });
        return new StoredVariant(Gender, Provider, input.Values, input.Population, ComparisonEngine.Compare(input), input.Flags);
    }
}

internal static class Serialization
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static string Json<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Read<T>(string json) => JsonSerializer.Deserialize<T>(json, Options)!;

    public static string Hash(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..32];
}
