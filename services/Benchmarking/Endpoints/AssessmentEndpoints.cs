using Jamforelse.Benchmarking.Recomputing;
using Jamforelse.Benchmarking.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Jamforelse.Benchmarking.Endpoints;

public static class AssessmentEndpoints
{
    private static readonly string[] Grades = ["met", "partlyMet", "notMet", "cannotBeAssessed"];

    public static RouteGroupBuilder MapAssessmentEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/assessments", async (BenchmarkingStore store, Visibility visibility, string? tenant, string? plan, int? year, string? grade, CancellationToken cancellationToken) =>
        {
            if (tenant is null && plan is null)
            {
                return Problems.BadRequest("Name a tenant (norrkoping) or a plan (norrkoping-kf-2023-2026).");
            }
            if (grade is not null && !Grades.Contains(grade))
            {
                return Problems.BadRequest($"grade is one of {string.Join(", ", Grades)}.");
            }
            var documents = plan is not null
                ? await store.AssessmentCollection.FindAsync(nameof(AssessmentDocument.PlanId), plan, 100_000, cancellationToken)
                : await store.AssessmentCollection.FindAsync(nameof(AssessmentDocument.Owner), tenant, 100_000, cancellationToken);
            var readable = new List<AssessmentDocument>();
            foreach (var document in documents)
            {
                if (await visibility.AssessmentAsync(document.PlanId, document.NodeId, cancellationToken))
                {
                    readable.Add(document);
                }
            }
            var views = readable
                .Where(d => tenant is null || d.Owner == tenant)
                .Where(d => year is null || d.Year == year)
                .Where(d => grade is null || d.Grade == grade)
                .OrderBy(d => d.PlanId, StringComparer.Ordinal).ThenBy(d => d.NodeId, StringComparer.Ordinal).ThenBy(d => d.Year)
                .Select(d => new { d.Version, d.ComputedAt, assessment = Serialization.Read<AssessmentView>(d.Json).WithinRange() })
                .ToList();
            return Results.Ok(new
            {
                count = views.Count,
                byGrade = Grades.ToDictionary(g => g, g => views.Count(v => v.assessment.Grade == g)),
                items = views,
            });
        });

        api.MapGet("/assessments/{planId}/{nodeId}/{year:int}", async (BenchmarkingStore store, Visibility visibility, string planId, string nodeId, int year, CancellationToken cancellationToken) =>
            await visibility.AssessmentAsync(planId, nodeId, cancellationToken)
            && await store.AssessmentCollection.GetAsync(AssessmentDocument.IdOf(planId, nodeId, year), cancellationToken) is { } document
                ? Results.Ok(new { document.Version, document.ComputedAt, assessment = Serialization.Read<AssessmentView>(document.Json).WithinRange() })
                : Problems.NotFound($"No assessment of {planId} {nodeId} for {year}."));
        return api;
    }
}
