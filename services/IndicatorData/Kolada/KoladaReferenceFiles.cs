using System.Globalization;
using System.Text.Json;
using Jamforelse.IndicatorData.Domain;
using Jamforelse.IndicatorData.Imports;

namespace Jamforelse.IndicatorData.Kolada;

/// <summary>The Kolada files shipped inside this assembly (Data/kolada, see its SOURCES.md). Källa: Kolada.</summary>
public static class KoladaReferenceFiles
{
    public const string Attribution = "Källa: Kolada";
    public const string LinkopingSample = "kolada_v3_data_linkoping_transcribed.json";
    public const string RegionSample = "kolada_v3_data_region_ostergotland_transcribed.json";

    /// <summary>The latest value of nine key figures for all 290 municipalities (N01951 2025 among them), gzipped.</summary>
    public const string LatestNational = "kolada_v3_data_all_municipalities_latest_juvahem.json.gz";

    private const string NationalFolder = "national-2019/";

    /// <summary>A shipped file; a <c>.gz</c> one is decompressed as it is read (the bytes are Kolada's as served).</summary>
    public static Stream Open(string fileName)
    {
        var stream = typeof(KoladaReferenceFiles).Assembly.GetManifestResourceStream("kolada/" + fileName)
            ?? throw new InvalidOperationException($"Embedded Kolada file '{fileName}' is missing from the build.");
        return fileName.EndsWith(".gz", StringComparison.Ordinal) ? new System.IO.Compression.GZipStream(stream, System.IO.Compression.CompressionMode.Decompress) : stream;
    }

    /// <summary>
    /// The 67 real Kolada v2 <c>/data</c> responses for all 290 municipalities, 2014–2018 ("national-2019/…json.gz"),
    /// by file name, in order; open each with <see cref="Open"/>.
    /// </summary>
    public static IReadOnlyList<string> NationalFiles { get; } = typeof(KoladaReferenceFiles).Assembly.GetManifestResourceNames()
        .Where(name => name.StartsWith("kolada/" + NationalFolder, StringComparison.Ordinal))
        .Select(name => name["kolada/".Length..])
        .Order(StringComparer.Ordinal)
        .ToList();

    /// <summary>The whole catalogue, with the description and details of the KPIs that have them.</summary>
    public static async Task<IReadOnlyList<KeyFigure>> ReadKeyFiguresAsync(CancellationToken cancellationToken = default)
    {
        var detailed = new Dictionary<string, KoladaKpi>(StringComparer.Ordinal);
        foreach (var file in new[] { "kolada_v3_kpi_selected.json", "kolada_kpi_supplement.json" })
        {
            await using var json = Open(file);
            var page = await JsonSerializer.DeserializeAsync<KoladaList<KoladaKpi>>(json, KoladaJson.Options, cancellationToken);
            foreach (var kpi in page!.Values)
            {
                detailed[kpi.Id] = kpi;
            }
        }
        var result = new List<KeyFigure>(6200);
        using var reader = new StreamReader(Open("kolada_v3_kpi_catalog.csv"));
        string[]? header = null;
        await foreach (var (_, fields) in CsvReader.ReadAsync(reader, cancellationToken: cancellationToken))
        {
            if (header is null)
            {
                header = fields;
                continue;
            }
            string Field(string name) => fields[Array.IndexOf(header, name)];
            var kpi = new KoladaKpi
            {
                Id = Field("id"),
                Title = Field("title"),
                MunicipalityType = Field("municipality_type"),
                IsDividedByGender = bool.Parse(Field("is_divided_by_gender")),
                OperatingArea = Field("operating_area"),
                Perspective = Field("perspective"),
                PublPeriod = Field("publ_period"),
            };
            result.Add(ToKeyFigure(detailed.Remove(kpi.Id, out var full) ? full : kpi));
        }
        // KPIs described in detail but absent from the catalogue snapshot.
        result.AddRange(detailed.Values.Select(ToKeyFigure));
        return result;
    }

    private static KeyFigure ToKeyFigure(KoladaKpi kpi)
    {
        var (direction, reason) = KeyFigureHeuristics.GuessDirection(kpi.Title);
        return new KeyFigure
        {
            Id = kpi.Id,
            Title = kpi.Title,
            Description = string.IsNullOrWhiteSpace(kpi.Description) ? null : kpi.Description,
            Unit = KeyFigureHeuristics.GuessUnit(kpi.Title),
            BetterDirection = direction,
            BetterDirectionReason = reason,
            IsDividedByGender = kpi.IsDividedByGender,
            OperatingArea = NullIfEmpty(kpi.OperatingArea),
            Perspective = NullIfEmpty(kpi.Perspective),
            MunicipalityType = NullIfEmpty(kpi.MunicipalityType),
            PublicationPeriod = NullIfEmpty(kpi.PublPeriod),
            Source = "Kolada",
        };
    }

    private static string? NullIfEmpty(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;

    /// <summary>Municipalities, regions, Riket, and municipality groups (members where known).</summary>
    public static async Task<IReadOnlyList<Area>> ReadAreasAsync(CancellationToken cancellationToken = default)
    {
        var areas = new Dictionary<string, Area>(StringComparer.Ordinal);
        await using (var json = Open("kolada_v3_municipality.json"))
        {
            var page = await JsonSerializer.DeserializeAsync<KoladaList<KoladaMunicipality>>(json, KoladaJson.Options, cancellationToken);
            foreach (var m in page!.Values)
            {
                var type = m.Id == "0000" ? AreaType.Country : m.Type == "L" ? AreaType.Region : AreaType.Municipality;
                areas[m.Id] = new Area { Id = m.Id, Title = m.Title, Type = type };
            }
        }
        await using (var json = Open("kolada_v3_municipality_groups_selected.json"))
        {
            var page = await JsonSerializer.DeserializeAsync<KoladaList<KoladaGroup>>(json, KoladaJson.Options, cancellationToken);
            foreach (var g in page!.Values)
            {
                var members = g.Members.Select(member => member.MemberId).ToList();
                areas[g.Id] = new Area { Id = g.Id, Title = g.Title, Type = AreaType.Group, Members = members, MemberCount = members.Count };
            }
        }
        using var reader = new StreamReader(Open("kolada_v3_municipality_groups_index.csv"));
        await foreach (var (line, fields) in CsvReader.ReadAsync(reader, cancellationToken: cancellationToken))
        {
            if (line == 1 || areas.ContainsKey(fields[0]))
            {
                continue;
            }
            areas[fields[0]] = new Area
            {
                Id = fields[0],
                Title = fields[1],
                Type = AreaType.Group,
                MemberCount = int.Parse(fields[2], CultureInfo.InvariantCulture),
            };
        }
        return [.. areas.Values];
    }
}
