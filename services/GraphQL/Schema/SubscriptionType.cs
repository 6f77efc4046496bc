using GraphQL;
using GraphQL.Types;
using Jamforelse.Contracts.Benchmarking;
using Jamforelse.Contracts.Tenants;
using Jamforelse.Contracts.IndicatorData;
using Jamforelse.GraphQL.Clients;
using Jamforelse.GraphQL.Subscriptions;
using Microsoft.Extensions.DependencyInjection;

namespace Jamforelse.GraphQL.Schema;

/// <summary>Live updates, fed by the bus: each instance has its own queue, so every instance serves its own subscribers.</summary>
public sealed partial class SubscriptionType : ObjectGraphType
{
    /// <summary>The form of an import id, as indicator data checks it (ImportIds there).</summary>
    [System.Text.RegularExpressions.GeneratedRegex("^[A-Za-z0-9_-]{8,64}$")]
    private static partial System.Text.RegularExpressions.Regex ImportIdForm();

    public SubscriptionType(EventHub<ComparisonUpdated> comparisons, EventHub<AssessmentChanged> assessments, EventHub<SharingChanged> sharing, EventHub<ImportProgressed> imports)
    {
        Name = "Subscription";

        Field<NonNullGraphType<ComparisonUpdatedType>>("comparisonUpdated")
            .Description("Varje ny version av en jämförelse för nyckeltalet (alla perioder), med jämförelsen för de valda kommunerna eller gruppen.")
            .Argument<NonNullGraphType<StringGraphType>>("kpi")
            .Argument<ListGraphType<NonNullGraphType<StringGraphType>>>("areas")
            .Argument<StringGraphType>("group")
            .ResolveStreamAsync(async c =>
            {
                var kpi = c.GetArgument<string>("kpi");
                var areas = c.GetArgument<List<string>?>("areas");
                var group = c.GetArgument<string?>("group");
                var services = c.RequestServices!.GetRequiredService<Services>();
                // What the subscriber may not read does not exist for it, now or after the owner stops sharing it.
                async Task<bool> Readable(CancellationToken ct) =>
                    await Errors.CallAsync(() => services.KeyFigureAsync(kpi, ct)) is not null
                    && (group is null || !group.StartsWith("pg-", StringComparison.Ordinal) || await Errors.CallAsync(() => services.PeerGroupExistsAsync(group, ct)));
                if (!await Readable(c.CancellationToken))
                {
                    throw new ExecutionError($"No key figure \"{kpi}\"" + (group is null ? "." : $" or no peer group \"{group}\".")) { Code = "NOT_FOUND" };
                }
                return comparisons.Events.Select(m => m.KpiId == kpi, m => (object?)new ComparisonUpdate(m, areas, group))
                    .WhileReadable(sharing.Events, e => (e.ResourceKind == "keyFigure" && e.ResourceId == kpi) || (e.ResourceKind == "peerGroup" && e.ResourceId == group),
                        Readable, $"{kpi} is no longer shared with you.");
            })
            .Resolve(c => c.Source is Revoked revoked ? throw new ExecutionError(revoked.Message) { Code = "FORBIDDEN" } : c.Source);

        Field<NonNullGraphType<AssessmentChangedType>>("assessmentChanged")
            .Description("Varje ändrad bedömning i planen.")
            .Argument<NonNullGraphType<StringGraphType>>("plan")
            .ResolveStreamAsync(async c =>
            {
                var plan = c.GetArgument<string>("plan");
                var services = c.RequestServices!.GetRequiredService<Services>();
                async Task<bool> Readable(CancellationToken ct) => await Errors.CallAsync(() => services.PlanAsync(plan, ct)) is not null;
                if (!await Readable(c.CancellationToken))
                {
                    throw new ExecutionError($"No plan \"{plan}\".") { Code = "NOT_FOUND" };
                }
                return assessments.Events.Select(m => m.PlanId == plan, m => (object?)m)
                    .WhileReadable(sharing.Events, e => e.ResourceKind == "plan" && e.ResourceId == plan, Readable, $"The plan {plan} is no longer shared with you.");
            })
            .Resolve(c => c.Source is Revoked revoked ? throw new ExecutionError(revoked.Message) { Code = "FORBIDDEN" } : c.Source);

        Field<NonNullGraphType<ImportProgressType>>("importProgress")
            .Description("En imports förlopp: kontroll, sparande och till sist klar eller misslyckad (då avslutas prenumerationen). " +
                "Välj importens id själv och skicka det med importen (importId), så kan prenumerationen börja innan importen gör det.")
            .Argument<NonNullGraphType<IdGraphType>>("import", "Importens id: 8–64 bokstäver, siffror, '-' eller '_'")
            .ResolveStream(c =>
            {
                var import = c.GetArgument<string>("import");
                if (!ImportIdForm().IsMatch(import))
                {
                    throw Errors.BadInput($"import \"{import}\" is not an import id: 8 to 64 letters, digits, '-' or '_'.");
                }
                // Import ids are their owner's: another tenant's import is not followed, exactly as one that does not exist
                // (no error, no event). The platform administrator follows any tenant's.
                var caller = c.RequestServices!.GetRequiredService<GraphQLCaller>().Identity;
                return imports.Events.Select(
                    m => m.ImportId == import && caller is not null && (m.Owner == caller.Tenant || caller.IsPlatformAdmin),
                    m => (object?)m, m => m.Phase is ImportProgressed.Completed or ImportProgressed.Failed);
            })
            .Resolve(c => c.Source);
    }
}

/// <summary>A comparison update as a subscriber asked for it (which rows it wants).</summary>
public sealed record ComparisonUpdate(ComparisonUpdated Event, List<string>? Areas, string? Group);

public sealed class ComparisonUpdatedType : ObjectGraphType<ComparisonUpdate>
{
    public ComparisonUpdatedType()
    {
        Name = "ComparisonUpdated";
        Field<NonNullGraphType<StringGraphType>>("kpi").Resolve(c => c.Source.Event.KpiId);
        Field<NonNullGraphType<StringGraphType>>("period").Resolve(c => c.Source.Event.Period);
        Field<NonNullGraphType<IntGraphType>>("version").Resolve(c => c.Source.Event.Version);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("areasChanged").Resolve(c => c.Source.Event.AreasChanged);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("computedAt").Resolve(c => c.Source.Event.ComputedAt);
        Field<ComparisonType>("comparison")
            .Description("Jämförelsen som den ser ut nu, för de kommuner eller den grupp prenumerationen valde.")
            .Argument<GenderEnum>("gender", a => a.DefaultValue = "T")
            .Argument<ProviderEnum>("provider", a => a.DefaultValue = "total")
            .ResolveAsync(async c => await Errors.CallAsync(() => c.RequestServices!.GetRequiredService<Services>().CachedComparisonAsync(new(
                c.Source.Event.KpiId, c.Source.Event.Period, c.GetArgument<string>("gender"), c.GetArgument<string>("provider"),
                c.Source.Areas is null ? null : string.Join(",", c.Source.Areas), c.Source.Group, null, null), c.CancellationToken)));
    }
}

public sealed class AssessmentChangedType : ObjectGraphType<AssessmentChanged>
{
    public AssessmentChangedType()
    {
        Name = "AssessmentChanged";
        Field(x => x.TenantId);
        Field(x => x.PlanId);
        Field(x => x.NodeId);
        Field(x => x.Year);
        Field<NonNullGraphType<GradeEnum>>("grade").Resolve(c => c.Source.Grade);
        Field<GradeEnum>("previousGrade").Resolve(c => c.Source.PreviousGrade);
        Field(x => x.Version);
        Field(x => x.ComputedAt);
    }
}

public sealed class ImportPhaseEnum : EnumerationGraphType
{
    public ImportPhaseEnum()
    {
        Name = "ImportPhase";
        Description = "En imports fas.";
        Add("VALIDATING", ImportProgressed.Validating, "Raderna kontrolleras; inget är sparat ännu");
        Add("MERGING", ImportProgressed.Merging, "Värdena sparas");
        Add("COMPLETED", ImportProgressed.Completed, "Klar");
        Add("FAILED", ImportProgressed.Failed, "Misslyckad: inget sparades");
    }
}

public sealed class ImportProgressType : ObjectGraphType<ImportProgressed>
{
    public ImportProgressType()
    {
        Name = "ImportProgress";
        Description = "Hur långt en import har kommit.";
        Field<NonNullGraphType<IdGraphType>>("importId").Resolve(c => c.Source.ImportId);
        Field<NonNullGraphType<ImportPhaseEnum>>("phase").Resolve(c => c.Source.Phase);
        Field(x => x.RowsRead).Description("Lästa rader");
        Field(x => x.RowsValidated).Description("Godkända rader");
        Field(x => x.ValuesMerged).Description("Sparade värden (nya, ändrade eller oförändrade)");
        Field(x => x.TotalRows, nullable: true).Description("Rader i importen; känt när kontrollen är klar");
        Field(x => x.Problems).Description("Felaktiga rader");
        Field(x => x.Message).Description("Läget i en mening");
        Field(x => x.At);
    }
}
