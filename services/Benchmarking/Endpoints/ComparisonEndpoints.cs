using System.Text.RegularExpressions;
using Jamforelse.Benchmarking.Engine;
using Jamforelse.Benchmarking.Recomputing;
using Jamforelse.Benchmarking.Storage;
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
            BenchmarkingStore store, AreaDirectory areas, Visibility visibility, string? kpi, string? period, string? gender, string? provider,
            string? group, string? references, string? baseline, HttpRequest request, CancellationToken cancellationToken) =>
        {
            var query = await ComparisonQuery.ParseAsync(kpi, gender, provider, request.Query["areas"], group, references, areas, visibility, cancellationToken);
            if (query.Error is not null)
            {
                return Problems.BadRequest(query.Error);
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
            if (!await visibility.KeyFigureAsync(query.KpiId, cancellationToken) || await Load(store, query.KpiId, period, cancellationToken) is not { } stored)
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
                var baseComparison = await Load(store, query.KpiId, baseline, cancellationToken) is { } b && b.Stored.Variant(query.Gender, query.Provider) is { } bv
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
                version = stored.Document.Version,
                computedAt = stored.Document.ComputedAt,
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
            BenchmarkingStore store, AreaDirectory areas, Visibility visibility, string? kpi, string? gender, string? provider, string? group, string? references,
            int? from, int? to, HttpRequest request, CancellationToken cancellationToken) =>
        {
            var query = await ComparisonQuery.ParseAsync(kpi, gender, provider, request.Query["areas"], group, references, areas, visibility, cancellationToken);
            if (query.Error is not null)
            {
                return Problems.BadRequest(query.Error);
            }
            if (!query.HasRows)
            {
                return Problems.BadRequest("Name the municipalities with areas (0580,0581) or a group.");
            }
            if (from > to)
            {
                return Problems.BadRequest("from must not be after to.");
            }
            var documents = !await visibility.KeyFigureAsync(query.KpiId, cancellationToken) ? [] : (await store.ComparisonCollection.FindAsync(nameof(ComparisonDocument.KpiId), query.KpiId, 10_000, cancellationToken))
                .Where(d => d.Period.Length == 4 && (from is null || d.Year >= from) && (to is null || d.Year <= to))
                .OrderBy(d => d.Year)
                .ToList();
            if (documents.Count == 0)
            {
                return Problems.NotFound($"No yearly values of {query.KpiId} in the range asked for.");
            }
            var years = new List<object>();
            StoredComparison? last = null;
            foreach (var document in documents)
            {
                last = Serialization.Read<StoredComparison>(document.Json);
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
            return Results.Ok(new { keyFigure = last!.KeyFigure, gender = query.Gender, provider = query.Provider, years, attribution = Attribution(last) });
        });
        return api;
    }

    private sealed record Loaded(ComparisonDocument Document, StoredComparison Stored);

    private static async Task<Loaded?> Load(BenchmarkingStore store, string kpi, string period, CancellationToken cancellationToken) =>
        await store.ComparisonCollection.GetAsync(ComparisonDocument.IdOf(kpi, period), cancellationToken) is { } document
            ? new Loaded(document, Serialization.Read<StoredComparison>(document.Json))
            : null;

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
