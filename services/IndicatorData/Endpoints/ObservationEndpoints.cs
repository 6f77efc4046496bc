using System.Globalization;
using Jamforelse.IndicatorData.Domain;
using Jamforelse.IndicatorData.Imports;
using Jamforelse.IndicatorData.Storage;
using Jamforelse.ServiceDefaults.Http;
using Jamforelse.ServiceDefaults.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Jamforelse.IndicatorData.Endpoints;

public static class ObservationEndpoints
{
    public const int MaxKeyFiguresPerQuery = 25;

    public static RouteGroupBuilder MapObservationEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/observations", async (
            ObservationQueries queries, ReferenceData reference, CallerIdentity caller, string? kpi, string? area, string? group,
            int? from, int? to, string? gender, string? provider, string? format, string? asOf, CancellationToken cancellationToken) =>
        {
            var errors = new Dictionary<string, string[]>();
            if (!AsOfParameter.TryParse(asOf, out var asOfInstant))
            {
                errors["asOf"] = [AsOfParameter.Expected];
            }
            var kpis = Problems.List(kpi);
            var areas = Problems.List(area);
            var genders = Problems.List(gender).Select(g => g.ToUpperInvariant()).ToList();
            var providers = new List<Provider>();
            if (kpis.Count is 0 or > MaxKeyFiguresPerQuery)
            {
                errors["kpi"] = [$"give 1 to {MaxKeyFiguresPerQuery} key figure ids, comma-separated (kpi=N01951,N00945)."];
            }
            else if (kpis.FirstOrDefault(k => reference.KeyFigure(k) is not { } known || !new KeyFigureAccess(caller).MayRead(known)) is { } unknownKpi)
            {
                errors["kpi"] = [$"unknown key figure \"{unknownKpi}\"."];
            }
            if (areas.FirstOrDefault(a => !reference.IsKnownArea(a)) is { } unknownArea)
            {
                errors["area"] = [$"unknown area \"{unknownArea}\"."];
            }
            if (group is not null && reference.Area(group)?.Type != AreaType.Group)
            {
                errors["group"] = [$"unknown group \"{group}\"."];
            }
            if (from is < Period.MinYear or > Period.MaxYear || to is < Period.MinYear or > Period.MaxYear || from > to)
            {
                errors["from"] = [$"from and to are years between {Period.MinYear} and {Period.MaxYear}, from not after to."];
            }
            if (genders.Any(g => g is not ("T" or "K" or "M")))
            {
                errors["gender"] = [$"gender is {RowRules.Genders}, comma-separated."];
            }
            foreach (var p in Problems.List(provider))
            {
                if (RowRules.TryParseProvider(p, out var parsed))
                {
                    providers.Add(parsed);
                }
                else
                {
                    errors["provider"] = [$"provider is {RowRules.Providers}, comma-separated."];
                }
            }
            if (format is not (null or "rows" or "kolada"))
            {
                errors["format"] = ["format is rows (the default) or kolada (Kolada's v3 /data shape)."];
            }
            if (errors.Count > 0)
            {
                return Problems.BadRequest("The observation query is invalid.", errors);
            }
            var observations = await queries.FindAsync(new ObservationQuery
            {
                KpiIds = kpis,
                AreaIds = areas,
                GroupId = group,
                FromYear = from,
                ToYear = to,
                Genders = genders,
                Providers = providers,
                AsOf = asOfInstant,
            }, cancellationToken);
            var attribution = Attribution(kpis.Select(reference.KeyFigure).OfType<KeyFigure>());
            return format == "kolada"
                ? Results.Ok(AsKolada(observations, attribution))
                : Results.Ok(new { Count = observations.Count, Attribution = attribution, Observations = observations });
        });

        api.MapPost("/observations", async (ObservationImporter importer, CallerIdentity caller, List<SingleValue>? values, string? source, string? importId, CancellationToken cancellationToken) =>
        {
            if (values is null || values.Count == 0)
            {
                return Problems.BadRequest("Send a JSON array of values: [{\"kpi\",\"area\",\"period\",\"gender\",\"provider\",\"value\",\"count\",\"status\",\"source\"}].");
            }
            var claim = await importer.ClaimIdAsync(importId, caller.Tenant, cancellationToken);
            if (claim.Error is not null)
            {
                return ImportEndpoints.Refuse(claim);
            }
            var rows = values.Select((v, i) => v.ToRow(i)).ToList();
            var outcome = await importer.ImportAsync(claim, "api", source ?? "", _ => rows.ToAsyncEnumerable(), new KeyFigureAccess(caller), cancellationToken);
            return ImportEndpoints.Answer(outcome);
        });
        return api;
    }

    /// <summary>A value sent through the API; same rules as every import.</summary>
    public sealed record SingleValue(
        string? Kpi, string? Area, string? Period, string? Gender, string? Provider, double? Value, int? Count, string? Status, string? Source)
    {
        internal ImportRow ToRow(int index) => new()
        {
            Position = $"[{index}]",
            KpiId = Kpi ?? "",
            AreaId = Area ?? "",
            Period = Period ?? "",
            Gender = Gender ?? "T",
            Provider = Provider ?? "total",
            Value = Value,
            Count = Count,
            Status = Status,
            Source = Source,
        };
    }

    /// <summary>
    /// Where the values come from, as the answer must say: "Källa: Kolada" for Kolada's key figures, the tenant's own
    /// source for its own (never credited to Kolada), both when a query names both kinds.
    /// </summary>
    internal static string Attribution(IEnumerable<KeyFigure> keyFigures)
    {
        var sources = keyFigures.Select(k => k.Owner is null ? "Kolada" : k.Source).Distinct(StringComparer.Ordinal)
            .OrderBy(s => s == "Kolada" ? 0 : 1).ThenBy(s => s, StringComparer.Ordinal).ToList();
        return sources.Count == 0 ? Kolada.KoladaReferenceFiles.Attribution : "Källa: " + string.Join(", ", sources);
    }

    /// <summary>Total-provider yearly observations in Kolada's own response shape, so they can be compared with the file imported.</summary>
    private static object AsKolada(IReadOnlyList<ObservationView> observations, string attribution) => new
    {
        Attribution = attribution,
        Values = observations
            .Where(o => o.Provider == Provider.Total && !o.Period.Contains('-', StringComparison.Ordinal))
            .GroupBy(o => (o.Kpi, o.Area, o.Period))
            .Select(g => new
            {
                kpi = g.Key.Kpi,
                municipality = g.Key.Area,
                period = int.Parse(g.Key.Period, CultureInfo.InvariantCulture),
                values = g.Select(o => new
                {
                    gender = o.Gender,
                    value = o.Value,
                    count = o.Count,
                    status = ObservationStatuses.KoladaWord(o.Status, o.SourceStatus),
                }),
            }),
    };
}
