using System.Text.Json.Nodes;
using GraphQL;
using GraphQL.Types;
using Jamforelse.GraphQL.Clients;
using Microsoft.Extensions.DependencyInjection;

namespace Jamforelse.GraphQL.Schema;

public sealed class KeyFigureType : ObjectGraphType<KeyFigureDto>
{
    public KeyFigureType()
    {
        Name = "KeyFigure";
        Description = "Ett nyckeltal: ett publikt från Kolada eller en kommuns eget.";
        Field(x => x.Id).Description("Kolada-id (N03920) eller kommunens eget (norrkoping.…).");
        Field(x => x.Title).Description("Titel");
        Field(x => x.Description, nullable: true).Description("Beskrivning");
        Field(x => x.Unit, nullable: true).Description("Enhet, där titeln anger den");
        Field<NonNullGraphType<BetterDirectionEnum>>("betterDirection").Description("Vilket håll som är bättre").Resolve(c => c.Source.BetterDirection);
        Field(x => x.BetterDirectionReason, nullable: true).Description("Varför riktningen är den den är");
        Field(x => x.IsDividedByGender).Description("Redovisas per kön");
        Field(x => x.OperatingArea, nullable: true).Description("Verksamhetsområde");
        Field(x => x.Source).Description("Källa");
        Field(x => x.Owner, nullable: true).Description("Ägande kommun för ett eget nyckeltal; null för publika");
        Field(x => x.NotInCatalogue).Description("Ett Kolada-nyckeltal som ett Kolada-svar nämner men som inte finns i Koladas nuvarande katalog (utgånget eller omnumrerat)");
    }
}

public sealed class PageInfoType : ObjectGraphType<PageInfo>
{
    public PageInfoType()
    {
        Name = "PageInfo";
        Field(x => x.HasNextPage);
        Field(x => x.EndCursor, nullable: true);
    }
}

public sealed record PageInfo(bool HasNextPage, string? EndCursor);

public sealed record Edge<T>(string Cursor, T Node);

public sealed record Connection<T>(int TotalCount, IReadOnlyList<Edge<T>> Edges, PageInfo PageInfo);

/// <summary>Cursors are opaque offsets ("o:&lt;offset&gt;" in base64).</summary>
public static class Cursors
{
    public static string Of(int offset) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("o:" + offset.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    public static int? Offset(string? cursor)
    {
        if (cursor is null)
        {
            return 0;
        }
        try
        {
            var text = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(cursor));
            return text.StartsWith("o:", StringComparison.Ordinal) && int.TryParse(text.AsSpan(2), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var offset) ? offset : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

public sealed class KeyFigureConnectionType : ObjectGraphType<Connection<KeyFigureDto>>
{
    public KeyFigureConnectionType()
    {
        Name = "KeyFigureConnection";
        Field(x => x.TotalCount);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<KeyFigureEdgeType>>>>("edges").Resolve(c => c.Source.Edges);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<KeyFigureType>>>>("nodes").Resolve(c => c.Source.Edges.Select(e => e.Node));
        Field<NonNullGraphType<PageInfoType>>("pageInfo").Resolve(c => c.Source.PageInfo);
    }
}

public sealed class KeyFigureEdgeType : ObjectGraphType<Edge<KeyFigureDto>>
{
    public KeyFigureEdgeType()
    {
        Name = "KeyFigureEdge";
        Field(x => x.Cursor);
        Field<NonNullGraphType<KeyFigureType>>("node").Resolve(c => c.Source.Node);
    }
}

public sealed class AreaType : ObjectGraphType<AreaDto>
{
    public AreaType()
    {
        Name = "Area";
        Description = "En kommun, en region eller riket.";
        Field(x => x.Id).Description("Kolada-id: 0580 Linköping, 0005 Region Östergötland, 0000 riket");
        Field(x => x.Title).Description("Namn");
        Field<NonNullGraphType<AreaTypeEnum>>("type").Resolve(c => c.Source.Type);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<AreaValueType>>>>("values")
            .Description("Områdets värden, rang och kvartil per år ur jämförelserna (hämtas i en omgång för alla områden i frågan).")
            .Argument<NonNullGraphType<StringGraphType>>("kpi")
            .Argument<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("periods", "Perioder: 2024, 2024-Q1, 2024-interim")
            .Argument<GenderEnum>("gender", c => c.DefaultValue = "T")
            .Argument<ProviderEnum>("provider", c => c.DefaultValue = "total")
            .Resolve(c =>
            {
                var services = c.RequestServices!.GetRequiredService<Services>();
                var kpi = c.GetArgument<string>("kpi");
                var gender = c.GetArgument<string>("gender");
                var provider = c.GetArgument<string>("provider");
                var loads = c.GetArgument<List<string>>("periods").Select(p => (Period: p, Result: services.Comparisons.Load((kpi, p, gender, provider)))).ToList();
                var area = c.Source.Id;
                return new Deferred<IReadOnlyList<AreaValue>>(async ct =>
                {
                    var values = new List<AreaValue>();
                    foreach (var (period, result) in loads)
                    {
                        var row = (await result.GetResultAsync(ct))?.Areas.FirstOrDefault(a => a.AreaId == area);
                        values.Add(new AreaValue(period, row?.Value, row?.Rank, row?.Quartile, row?.Status, row?.StatusLabel, row?.FlaggedValue));
                    }
                    return values;
                });
            });
    }
}

public sealed record AreaValue(string Period, double? Value, int? Rank, string? Quartile, string? Status = null, string? StatusLabel = null, double? FlaggedValue = null);

public sealed class AreaValueType : ObjectGraphType<AreaValue>
{
    public AreaValueType()
    {
        Name = "AreaValue";
        Field(x => x.Period);
        Field(x => x.Value, nullable: true).Description("Värdet; null när det saknas (aldrig noll i stället)");
        Field(x => x.Rank, nullable: true).Description("Rang bland kommunerna med värde");
        Field<QuartileEnum>("quartile").Resolve(c => c.Source.Quartile);
        Field(x => x.Status, nullable: true).Description("Status som värdet kom med, som Kolada angav den; null för ett vanligt värde");
        Field(x => x.StatusLabel, nullable: true).Description("Statusen på svenska");
        Field(x => x.FlaggedValue, nullable: true).Description("Talet som kom med statusen: visas, räknas inte");
    }
}

public sealed class GroupType : ObjectGraphType<GroupDto>
{
    public GroupType()
    {
        Name = "PeerGroup";
        Description = "En jämförelsegrupp ur Kolada.";
        Field(x => x.Id);
        Field(x => x.Title);
        Field(x => x.MemberCount, nullable: true);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("memberIds").Resolve(c => c.Source.Members.Select(m => m.Id));
    }
}

public sealed class ReferenceType : ObjectGraphType<ReferenceDto>
{
    public ReferenceType()
    {
        Name = "Reference";
        Description = "En referens att jämföra med, med vad den vilar på.";
        Field(x => x.Key).Description("riket, average, weightedAverage, region:<id>, group:<id>, municipality:<id>");
        Field(x => x.Label).Description("Benämning");
        Field(x => x.Value, nullable: true);
        Field(x => x.Method).Description("Hur värdet togs fram: stored, unweighted mean, population-weighted mean, unweighted mean of members");
        Field(x => x.Count).Description("Hur många områden värdet vilar på");
        Field(x => x.Of).Description("Hur många områden referensen står för (alla kommuner för genomsnitten, alla medlemmar för en grupp); count < of betyder att den vilar på en del");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("areasUsed").Resolve(c => c.Source.AreasUsed);
        Field(x => x.Note, nullable: true);
    }
}

public sealed class GapType : ObjectGraphType<GapDto>
{
    public GapType()
    {
        Name = "Gap";
        Field(x => x.ReferenceKey);
        Field(x => x.Difference, nullable: true).Description("Värde minus referens");
        Field(x => x.Worse, nullable: true).Description("Hur mycket sämre än referensen (positivt = sämre)");
    }
}

public sealed class ComparisonRowType : ObjectGraphType<AreaRowDto>
{
    public ComparisonRowType()
    {
        Name = "ComparisonRow";
        Field(x => x.AreaId);
        Field(x => x.Title);
        Field(x => x.Value, nullable: true).Description("Värdet som räknas; null när det saknas eller har en status (se status)");
        Field(x => x.Rank, nullable: true);
        Field<QuartileEnum>("quartile").Resolve(c => c.Source.Quartile);
        Field(x => x.QuartileLabel, nullable: true);
        Field(x => x.Status, nullable: true).Description("Status som värdet kom med, som Kolada angav den (Missing, Privacy, Not applicable …); null för ett vanligt värde");
        Field(x => x.StatusLabel, nullable: true).Description("Statusen på svenska (uppgift saknas, sekretess, ej tillämpligt)");
        Field(x => x.FlaggedValue, nullable: true).Description("Talet som kom med statusen: visas, men rangordnas inte och ingår inte i medelvärden");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<GapType>>>>("gaps").Resolve(c => c.Source.Gaps);
    }
}

public sealed class GapChangeType : ObjectGraphType<GapChangeDto>
{
    public GapChangeType()
    {
        Name = "GapChange";
        Field(x => x.ReferenceKey);
        Field(x => x.Worse, nullable: true);
        Field(x => x.BaselineWorse, nullable: true);
        Field(x => x.Change, nullable: true).Description("Negativt = skillnaden har minskat");
    }
}

public sealed class AreaChangeType : ObjectGraphType<AreaChangeDto>
{
    public AreaChangeType()
    {
        Name = "AreaChange";
        Field(x => x.AreaId);
        Field(x => x.Value, nullable: true);
        Field(x => x.BaselineValue, nullable: true);
        Field(x => x.ValueChange, nullable: true);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<GapChangeType>>>>("gaps").Resolve(c => c.Source.Gaps);
    }
}

public sealed class BaselineType : ObjectGraphType<BaselineDto>
{
    public BaselineType()
    {
        Name = "BaselineChange";
        Field(x => x.Period);
        Field(x => x.HasData);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<AreaChangeType>>>>("areas").Resolve(c => c.Source.Areas);
    }
}

public sealed class ComparisonType : ObjectGraphType<ComparisonDto>
{
    public ComparisonType()
    {
        Name = "Comparison";
        Description = "Ett nyckeltal för en period: varje kommuns värde, rang, kvartil och skillnader mot referenserna.";
        Field<NonNullGraphType<StringGraphType>>("kpi").Resolve(c => (string?)c.Source.KeyFigure["id"]);
        Field(x => x.Period);
        Field<NonNullGraphType<GenderEnum>>("gender").Resolve(c => c.Source.Gender);
        Field<NonNullGraphType<ProviderEnum>>("provider").Resolve(c => c.Source.Provider);
        Field(x => x.Version);
        Field(x => x.ComputedAt);
        Field(x => x.MunicipalitiesWithData).Description("Antal kommuner med värde");
        Field(x => x.MunicipalitiesTotal);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ReferenceType>>>>("references").Resolve(c => c.Source.References);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ComparisonRowType>>>>("rows").Resolve(c => c.Source.Areas);
        Field<BaselineType>("baseline").Resolve(c => c.Source.Baseline);
        Field(x => x.Attribution).Description("Källa");
    }
}

public sealed class SeriesYearType : ObjectGraphType<SeriesYearDto>
{
    public SeriesYearType()
    {
        Name = "SeriesYear";
        Field(x => x.Period);
        Field(x => x.MunicipalitiesWithData);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ReferenceType>>>>("references").Resolve(c => c.Source.References);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ComparisonRowType>>>>("rows").Resolve(c => c.Source.Areas);
    }
}

public sealed class SeriesType : ObjectGraphType<SeriesDto>
{
    public SeriesType()
    {
        Name = "Series";
        Field<NonNullGraphType<StringGraphType>>("kpi").Resolve(c => (string?)c.Source.KeyFigure["id"]);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SeriesYearType>>>>("years").Resolve(c => c.Source.Years);
        Field(x => x.Attribution);
    }
}

public sealed class PlanType : ObjectGraphType<PlanDto>
{
    public PlanType()
    {
        Name = "Plan";
        Description = "En kommuns plan (övergripande mål, uppdragsplan, verksamhetsplan) med sina egna nivåer.";
        Field<NonNullGraphType<StringGraphType>>("id").Resolve(c => c.Source.Plan.Id);
        Field<NonNullGraphType<StringGraphType>>("owner").Resolve(c => c.Source.Plan.Owner);
        Field<NonNullGraphType<StringGraphType>>("area").Resolve(c => c.Source.Plan.Area);
        Field<NonNullGraphType<StringGraphType>>("title").Resolve(c => c.Source.Plan.Title);
        Field<StringGraphType>("decisionReference").Resolve(c => c.Source.Plan.DecisionReference);
        Field<StringGraphType>("decidedBy").Resolve(c => c.Source.Plan.DecidedBy);
        Field<NonNullGraphType<IntGraphType>>("validFrom").Resolve(c => c.Source.Plan.ValidFrom);
        Field<NonNullGraphType<IntGraphType>>("validTo").Resolve(c => c.Source.Plan.ValidTo);
        Field<NonNullGraphType<PlanStatusEnum>>("status").Resolve(c => c.Source.Plan.Status);
        Field<NonNullGraphType<IntGraphType>>("version").Resolve(c => c.Source.Plan.Version);
        Field<StringGraphType>("description").Resolve(c => c.Source.Description);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<PlanNodeType>>>>("nodes").Description("Trädets rötter").Resolve(c => CatalogJson.WithPlanIds(c.Source).Nodes);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<PlanVersionType>>>>("history")
            .Description("Varje version av planen, den senaste först: ändringen, när och av vem")
            .ResolveAsync(async c =>
            {
                var versions = await Errors.CallAsync(() => c.RequestServices!.GetRequiredService<Services>().PlanHistoryAsync(c.Source.Plan.Id, c.CancellationToken)) ?? [];
                return versions.Select(v => { v["planId"] = c.Source.Plan.Id; return v; }).ToList();
            });
        Field<NonNullGraphType<ActivityRollupType>>("rollup")
            .Description("Aktiviteternas status summerad för planen och för varje nod med aktiviteter under sig")
            .Resolve(c =>
            {
                var load = c.RequestServices!.GetRequiredService<Services>().Rollups.Load(c.Source.Plan.Id);
                return new Deferred<JsonObject?>(async ct => await Errors.CallAsync(() => load.GetResultAsync(ct)));
            });
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<FollowUpType>>>>("followUps")
            .Description("Planens kvalitativa uppföljningar med sina avsnitt")
            .Argument<StringGraphType>("node", "Bara uppföljningar av den här noden")
            .Argument<IntGraphType>("year")
            .Argument<ReportingPointEnum>("point")
            .ResolveAsync(async c => await Errors.CallAsync(() => c.RequestServices!.GetRequiredService<Services>().FollowUpsAsync(
                c.Source.Plan.Id, c.GetArgument<string?>("node"), c.GetArgument<int?>("year"), c.GetArgument<string?>("point"), c.CancellationToken)) ?? []);
    }
}

/// <summary>A node of a plan's tree, read from the goal catalog's answer.</summary>
public sealed class PlanNodeType : ObjectGraphType<JsonObject>
{
    public PlanNodeType()
    {
        Name = "PlanNode";
        Description = "En nod i planens träd: målområde, mål, måluppfyllelse, aktivitet … med kommunens egna ord.";
        Field<NonNullGraphType<StringGraphType>>("id").Resolve(c => (string?)c.Source["id"]);
        Field<NonNullGraphType<StringGraphType>>("kind").Resolve(c => (string?)c.Source["kind"]);
        Field<NonNullGraphType<StringGraphType>>("kindLabel").Description("Nivåns namn i kommunens ord").Resolve(c => (string?)c.Source["kindLabel"]);
        Field<StringGraphType>("code").Resolve(c => (string?)c.Source["code"]);
        Field<NonNullGraphType<StringGraphType>>("title").Resolve(c => (string?)c.Source["title"]);
        Field<StringGraphType>("description").Resolve(c => (string?)c.Source["description"]);
        Field<StringGraphType>("measure").Resolve(c => (string?)c.Source["measure"]);
        Field<ActivityType>("activity").Resolve(c => c.Source["activity"] as JsonObject);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<PlanNodeType>>>>("children").Resolve(c => (c.Source["children"] as JsonArray ?? []).OfType<JsonObject>());
        Field<ActivityCountsType>("activityRollup")
            .Description("Status för aktiviteterna under noden; null när inga finns (roll-upen hämtas en gång per plan och fråga)")
            .Resolve(c =>
            {
                if ((string?)c.Source["planId"] is not { } plan)
                {
                    return null;
                }
                var id = (string?)c.Source["id"];
                var load = c.RequestServices!.GetRequiredService<Services>().Rollups.Load(plan);
                return new Deferred<JsonObject?>(async ct => ((await Errors.CallAsync(() => load.GetResultAsync(ct)))?["nodes"] as JsonArray ?? [])
                    .OfType<JsonObject>().FirstOrDefault(n => (string?)n["nodeId"] == id)?["activities"] as JsonObject);
            });
    }
}

public sealed class ActivityType : ObjectGraphType<JsonObject>
{
    public ActivityType()
    {
        Name = "Activity";
        Field<StringGraphType>("due").Resolve(c => (string?)c.Source["due"]);
        Field<NonNullGraphType<ActivityStatusEnum>>("status").Resolve(c => (string?)c.Source["status"]);
        Field<NonNullGraphType<StringGraphType>>("statusLabel").Resolve(c => (string?)c.Source["statusLabel"]);
        Field<StringGraphType>("comment").Resolve(c => (string?)c.Source["comment"]);
    }
}

public sealed class AssessmentType : ObjectGraphType<AssessmentItemDto>
{
    public AssessmentType()
    {
        Name = "Assessment";
        Description = "En bedömning av en kvantitativ måluppfyllelse för ett år, med siffrorna och förklaringen.";
        Field<NonNullGraphType<StringGraphType>>("planId").Resolve(c => (string?)c.Source.Assessment["planId"]);
        Field<NonNullGraphType<StringGraphType>>("nodeId").Resolve(c => (string?)c.Source.Assessment["nodeId"]);
        Field<StringGraphType>("code").Resolve(c => (string?)c.Source.Assessment["code"]);
        Field<NonNullGraphType<StringGraphType>>("criterion").Description("Måluppfyllelsens text").Resolve(c => (string?)c.Source.Assessment["criterion"]);
        Field<NonNullGraphType<IntGraphType>>("year").Resolve(c => (int?)c.Source.Assessment["year"]);
        Field<NonNullGraphType<GradeEnum>>("grade").Resolve(c => (string?)c.Source.Assessment["grade"]);
        Field<NonNullGraphType<StringGraphType>>("gradeLabel").Resolve(c => (string?)c.Source.Assessment["assessment"]?["gradeLabel"]);
        Field<NonNullGraphType<StringGraphType>>("explanationSv").Description("Förklaring på svenska").Resolve(c => (string?)c.Source.Assessment["assessment"]?["explanationSv"]);
        Field<NonNullGraphType<StringGraphType>>("explanationEn").Resolve(c => (string?)c.Source.Assessment["assessment"]?["explanationEn"]);
        Field<StringGraphType>("reason").Resolve(c => (string?)c.Source.Assessment["assessment"]?["reason"]);
        Field<FloatGraphType>("value").Resolve(c => (double?)c.Source.Assessment["assessment"]?["value"]);
        Field<FloatGraphType>("referenceValue").Resolve(c => (double?)c.Source.Assessment["assessment"]?["referenceValue"]);
        Field<FloatGraphType>("gap").Resolve(c => (double?)c.Source.Assessment["assessment"]?["gap"]);
        Field<FloatGraphType>("baselineGap").Resolve(c => (double?)c.Source.Assessment["assessment"]?["baselineGap"]);
        Field<NonNullGraphType<StringGraphType>>("reference").Resolve(c => (string?)c.Source.Assessment["reference"]);
        Field(x => x.Version);
    }
}

public sealed class KoladaRunType : ObjectGraphType<KoladaRunDto>
{
    public KoladaRunType()
    {
        Name = "KoladaRun";
        Description = "En hämtning från Kolada: sidorna importeras en i taget och körningen sparar var den är efter varje sida.";
        Field(x => x.Id);
        Field(x => x.State).Description("queued, running, completed eller failed");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("kpis").Resolve(c => c.Source.Kpis);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("municipalities").Description("Tom: alla").Resolve(c => c.Source.Municipalities);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<IntGraphType>>>>("years").Description("Tom: alla").Resolve(c => c.Source.Years);
        Field(x => x.QueuedAt);
        Field(x => x.StartedAt, nullable: true);
        Field(x => x.FinishedAt, nullable: true);
        Field(x => x.Attempts).Description("Hur många gånger den startats (fler än en när tjänsten stoppades mitt i)");
        Field(x => x.PagesDownloaded).Description("Sidor hämtade och importerade");
        Field(x => x.ChunksDone).Description("Delar (högst 25 id per led) som är klara");
        Field(x => x.Inserted);
        Field(x => x.Updated);
        Field(x => x.Unchanged);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("keyFiguresChanged").Resolve(c => c.Source.KeyFiguresChanged);
        Field(x => x.Error, nullable: true).Description("Varför den misslyckades");
    }
}
