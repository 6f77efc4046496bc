using System.Text.RegularExpressions;
using Jamforelse.Benchmarking.Engine;
using Jamforelse.Benchmarking.Recomputing;
using Jamforelse.Benchmarking.Storage;
using Jamforelse.ServiceDefaults.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Jamforelse.Benchmarking.Endpoints;

public static partial class ComparisonEndpoints
{
    [GeneratedRegex(@"^\d{4}(-(Q[1-4]|interim))?$")]
    private static partial Regex PeriodPattern();

    public static RouteGroupBuilder MapComparisonEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/comparisons", async (
            BenchmarkingStore store, Recomputer recomputer, AreaDirectory areas, Visibility visibility, string? kpi, string? period, string? gender, string? provider,
            string? group, string? references, string? baseline, string? asOf, HttpRequest request, CancellationToken cancellationToken) =>
        {
            var query = await ComparisonQuery.ParseAsync(kpi, gender, provider, request.Query["areas"], group, references, areas, visibility, cancellationToken);
            if (query.Error is not null)
            {
                return Problems.BadRequest(query.Error);
            }
            if (!AsOfParameter.TryParse(asOf, out var asOfInstant))
            {
                return Problems.BadRequest(AsOfParameter.Expected);
            }
            if (period is null || !PeriodPattern().IsMatch(period))
            {
                return Problems.BadRequest("period is required: a year (2024), a quarter (2024-Q1) or the interim report (2024-interim).");
            }
            if (baseline is not null && !PeriodPattern().IsMatch(baseline))
            {
                return Problems.BadRequest("baseline is a period like period (2022).");
            }
            // A key figure the caller may not read has no comparison for them, exactly as one without values.
            var periods = new Periods(store, recomputer, query.KpiId, asOfInstant);
            if (!await visibility.KeyFigureAsync(query.KpiId, cancellationToken) || await periods.LoadAsync(period, cancellationToken) is not { } stored)
            {
                return Problems.NotFound($"No comparison for {query.KpiId} in {period}: the key figure has no stored values for that period.");
            }
            if (stored.Stored.Variant(query.Gender, query.Provider) is not { } variant)
            {
                return Problems.NotFound($"{query.KpiId} has no values for gender {query.Gender} and provider {query.Provider} in {period}.");
            }
            var comparison = query.Compare(stored.Stored.KeyFigure, variant);
            object? change = null;
            if (baseline is not null)
            {
                var baseComparison = await periods.LoadAsync(baseline, cancellationToken) is { } b && b.Stored.Variant(query.Gender, query.Provider) is { } bv
                    ? query.Compare(b.Stored.KeyFigure, bv) : null;
                change = new
                {
                    period = baseline,
                    hasData = baseComparison is not null,
                    areas = baseComparison is null ? [] : ComparisonEngine.Change(comparison, baseComparison).Where(c => query.Shows(c.AreaId)).ToList(),
                };
            }
            return Results.Ok(new
            {
                keyFigure = stored.Stored.KeyFigure,
                period,
                gender = query.Gender,
                provider = query.Provider,
                version = stored.Version,
                computedAt = stored.ComputedAt,
                asOf = asOfInstant,
                comparison.MunicipalitiesWithData,
                comparison.MunicipalitiesTotal,
                comparison.References,
                areas = await Rows(comparison, query, areas, cancellationToken),
                baseline = change,
                inputs = new { values = variant.Values, population = variant.Population, flags = variant.Flags },
                attribution = Attribution(stored.Stored),
            });
        });

        api.MapGet("/series", async (
            BenchmarkingStore store, Recomputer recomputer, AreaDirectory areas, Visibility visibility, string? kpi, string? gender, string? provider, string? group, string? references,
            int? from, int? to, string? asOf, HttpRequest request, CancellationToken cancellationToken) =>
        {
            var query = await ComparisonQuery.ParseAsync(kpi, gender, provider, request.Query["areas"], group, references, areas, visibility, cancellationToken);
            if (query.Error is not null)
            {
                return Problems.BadRequest(query.Error);
            }
            if (!AsOfParameter.TryParse(asOf, out var asOfInstant))
            {
                return Problems.BadRequest(AsOfParameter.Expected);
            }
            if (!query.HasRows)
            {
                return Problems.BadRequest("Name the municipalities with areas (0580,0581) or a group.");
            }
            if (from > to)
            {
                return Problems.BadRequest("from must not be after to.");
            }
            var documents = !await visibility.KeyFigureAsync(query.KpiId, cancellationToken) ? []
                : (await new Periods(store, recomputer, query.KpiId, asOfInstant).AllAsync(
                    p => p.Length == 4 && (from is null || Inputs.YearOf(p) >= from) && (to is null || Inputs.YearOf(p) <= to), cancellationToken))
                    .OrderBy(d => d.Period, StringComparer.Ordinal)
                    .ToList();
            if (documents.Count == 0)
            {
                return Problems.NotFound($"No yearly values of {query.KpiId} in the range asked for.");
            }
            var years = new List<object>();
            StoredComparison? last = null;
            foreach (var document in documents)
            {
                last = document.Stored;
                if (last.Variant(query.Gender, query.Provider) is not { } variant)
                {
                    continue;
                }
                var comparison = query.Compare(last.KeyFigure, variant);
                years.Add(new
                {
                    period = document.Period,
                    version = document.Version,
                    comparison.MunicipalitiesWithData,
                    comparison.References,
                    areas = await Rows(comparison, query, areas, cancellationToken),
                });
            }
            return Results.Ok(new { keyFigure = last!.KeyFigure, gender = query.Gender, provider = query.Provider, asOf = asOfInstant, years, attribution = Attribution(last) });
        });
        return api;
    }

    /// <param name="Version">The stored comparison's version; 0 for one computed as of an instant (not a stored version).</param>
    private sealed record Loaded(string Period, int Version, DateTimeOffset ComputedAt, StoredComparison Stored);

    /// <summary>
    /// A key figure's comparisons by period: the stored ones, or, with <c>asOf</c>, computed from the values as the
    /// platform knew them then (the same engine, nothing stored; computed once per request).
    /// </summary>
    private sealed class Periods(BenchmarkingStore store, Recomputer recomputer, string kpiId, DateTimeOffset? asOf)
    {
        private Recomputer.KeyFigureInputs? _inputs;
        private bool _read;

        public async Task<Loaded?> LoadAsync(string period, CancellationToken cancellationToken)
        {
            if (asOf is null)
            {
                return await store.ComparisonCollection.GetAsync(ComparisonDocument.IdOf(kpiId, period), cancellationToken) is { } document
                    ? new Loaded(period, document.Version, document.ComputedAt, Serialization.Read<StoredComparison>(document.Json))
                    : null;
            }
            return await InputsAsync(cancellationToken) is { } inputs && inputs.Values.ContainsKey(period)
                ? new Loaded(period, 0, DateTimeOffset.UtcNow, inputs.Compute(period))
                : null;
        }

        /// <summary>The periods <paramref name="wanted"/> picks (a stored comparison is read only when picked).</summary>
        public async Task<IReadOnlyList<Loaded>> AllAsync(Func<string, bool> wanted, CancellationToken cancellationToken) =>
            asOf is null
                ? (await store.ComparisonCollection.FindAsync(nameof(ComparisonDocument.KpiId), kpiId, 10_000, cancellationToken))
                    .Where(d => wanted(d.Period))
                    .Select(d => new Loaded(d.Period, d.Version, d.ComputedAt, Serialization.Read<StoredComparison>(d.Json))).ToList()
                : await InputsAsync(cancellationToken) is { } inputs
                    ? inputs.Values.Keys.Where(wanted).Select(p => new Loaded(p, 0, DateTimeOffset.UtcNow, inputs.Compute(p))).ToList()
                    : [];

        /// <summary>The values as of the instant, read once per request; only the periods asked for are computed.</summary>
        private async Task<Recomputer.KeyFigureInputs?> InputsAsync(CancellationToken cancellationToken)
        {
            if (!_read)
            {
                _inputs = await recomputer.InputsAsOfAsync(kpiId, asOf!.Value, cancellationToken);
                _read = true;
            }
            return _inputs;
        }
    }

    private static async Task<List<object>> Rows(Comparison comparison, ComparisonQuery query, AreaDirectory areas, CancellationToken cancellationToken)
    {
        var rows = new List<object>();
        foreach (var row in comparison.Areas.Where(a => query.Shows(a.AreaId)))
        {
            rows.Add(new
            {
                row.AreaId,
                title = await areas.TitleAsync(row.AreaId, cancellationToken),
                row.Value,
                row.Rank,
                row.Quartile,
                quartileLabel = row.Quartile switch
                {
                    Quartile.Best => "Bästa fjärdedelen",
                    Quartile.Middle => "Mittersta hälften",
                    Quartile.Worst => "Sämsta fjärdedelen",
                    _ => null,
                },
                row.Gaps,
                // A value that came with a status: shown with it, neither ranked nor averaged (docs/kolada.md).
                status = row.Flag?.Status,
                statusLabel = row.Flag?.Label,
                flaggedValue = row.Flag?.Value,
            });
        }
        return rows;
    }

    private static string Attribution(StoredComparison stored) =>
        stored.KeyFigure.Owner is null ? "Källa: Kolada" : "Källa: " + stored.KeyFigure.Source;
}
