using System.Text.Json;
using Jamforelse.IndicatorData.Domain;

namespace Jamforelse.Benchmarks;

internal sealed record GeneratedFile(int Values, int KeyFigures, int Municipalities, int Years, int Missing);

/// <summary>
/// Writes a Kolada v3 <c>/data</c> response of real key-figure ids × every municipality × 2005–2024 ×
/// T/K/M, streamed so that the file never sits in memory. Records come key figure by key figure,
/// municipality by municipality, year by year, as Kolada pages them. The seed is fixed: the same
/// arguments give the same file.
/// </summary>
internal static class KoladaFileGenerator
{
    public const int FirstYear = 2005;
    public const int Years = 20;
    private static readonly string[][] GenderOrders =
        [["T", "K", "M"], ["K", "M", "T"], ["M", "K", "T"], ["T", "M", "K"], ["K", "T", "M"], ["M", "T", "K"]];

    public static async Task<GeneratedFile> WriteAsync(string path, IReadOnlyList<KeyFigure> keyFigures, IReadOnlyList<Area> areas, int targetValues)
    {
        var municipalities = areas.Where(a => a.Type == AreaType.Municipality).Select(a => a.Id).Order(StringComparer.Ordinal).ToList();
        var perKeyFigure = municipalities.Count * Years * 3;
        var kpiCount = (int)Math.Ceiling(targetValues / (double)perKeyFigure);
        // Municipal key figures divided by gender first, so that three genders are plausible.
        var kpis = keyFigures
            .OrderBy(k => k.MunicipalityType is "K" or "A" ? 0 : 1)
            .ThenBy(k => k.IsDividedByGender ? 0 : 1)
            .ThenBy(k => k.Id, StringComparer.Ordinal)
            .Take(kpiCount)
            .Select(k => k.Id)
            .ToList();
        if (kpis.Count < kpiCount)
        {
            throw new InvalidOperationException($"{targetValues:N0} values need {kpiCount} key figures; the catalogue has {kpis.Count}.");
        }

        var random = new Random(20240611);
        var values = 0;
        var missing = 0;
        await using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        await using var writer = new Utf8JsonWriter(file);
        writer.WriteStartObject();
        writer.WriteStartArray("values");
        foreach (var kpi in kpis)
        {
            var scale = Math.Pow(10, random.Next(0, 5));
            foreach (var municipality in municipalities)
            {
                var level = random.NextDouble() * scale;
                for (var year = FirstYear; year < FirstYear + Years; year++)
                {
                    writer.WriteStartObject();
                    writer.WriteString("kpi", kpi);
                    writer.WriteString("municipality", municipality);
                    writer.WriteNumber("period", year);
                    writer.WriteStartArray("values");
                    foreach (var gender in GenderOrders[random.Next(GenderOrders.Length)])
                    {
                        writer.WriteStartObject();
                        writer.WriteString("gender", gender);
                        if (random.Next(50) == 0)
                        {
                            writer.WriteNull("value");
                            writer.WriteNull("count");
                            writer.WriteString("status", "missing");
                            missing++;
                        }
                        else
                        {
                            writer.WriteNumber("value", Math.Round(level * (0.8 + (random.NextDouble() * 0.4)), 1));
                            if (random.Next(3) == 0)
                            {
                                writer.WriteNumber("count", random.Next(1, 500));
                            }
                            else
                            {
                                writer.WriteNull("count");
                            }
                            writer.WriteString("status", "");
                        }
                        writer.WriteBoolean("isdeleted", false);
                        writer.WriteEndObject();
                        values++;
                    }
                    writer.WriteEndArray();
                    writer.WriteEndObject();
                    if (writer.BytesPending > 1 << 16)
                    {
                        await writer.FlushAsync();
                    }
                }
            }
        }
        writer.WriteEndArray();
        writer.WriteNull("next_url");
        writer.WriteEndObject();
        await writer.FlushAsync();
        return new GeneratedFile(values, kpis.Count, municipalities.Count, Years, missing);
    }
}
