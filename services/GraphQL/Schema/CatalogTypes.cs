using System.Text.Json;
using System.Text.Json.Nodes;
using GraphQL;
using GraphQL.Types;
using Jamforelse.GraphQL.Clients;
using Microsoft.Extensions.DependencyInjection;

namespace Jamforelse.GraphQL.Schema;

// The goal catalog's history, follow-ups and roll-ups, and the tenants' own peer groups.

public sealed class ReportingPointEnum : EnumerationGraphType
{
    public ReportingPointEnum()
    {
        Name = "ReportingPoint";
        Description = "Återrapport: kvartal 1, delår eller helår.";
        Add("Q1", "q1", "Kvartal 1");
        Add("INTERIM", "interim", "Delår");
        Add("FULL_YEAR", "fullYear", "Helår");
    }
}

public sealed class MeasureEnum : EnumerationGraphType
{
    public MeasureEnum()
    {
        Name = "Measure";
        Description = "Hur en måluppfyllelse mäts.";
        Add("QUANTITATIVE", "quantitative", "Kvantitativ");
        Add("QUALITATIVE", "qualitative", "Kvalitativ");
    }
}

public sealed class RuleShapeEnum : EnumerationGraphType
{
    public RuleShapeEnum()
    {
        Name = "RuleShape";
        Description = "Regelns form.";
        Add("GAP_TO_REFERENCE_NARROWS", "gapToReferenceNarrows", "Skillnaden mot referensen minskar jämfört med basåret");
        Add("BETTER_THAN_REFERENCE", "betterThanReference", "Bättre än referensen");
        Add("CHANGE_AGAINST_BASELINE", "changeAgainstBaseline", "Förändring jämfört med basåret");
        Add("DEVELOPMENT_BETTER_THAN_REFERENCE", "developmentBetterThanReference", "Utvecklingen är bättre än referensens");
    }
}

public sealed class RuleReferenceTypeEnum : EnumerationGraphType
{
    public RuleReferenceTypeEnum()
    {
        Name = "RuleReferenceType";
        Description = "Vad en regel jämför med.";
        Add("RIKET", "riket", "Riket");
        Add("MUNICIPALITY_AVERAGE", "municipalityAverage", "Kommungenomsnittet");
        Add("REGION", "region", "Regionen");
        Add("PEER_GROUP", "peerGroup", "En jämförelsegrupp");
        Add("MUNICIPALITY", "municipality", "En namngiven kommun");
    }
}

public sealed class WeightingEnum : EnumerationGraphType
{
    public WeightingEnum()
    {
        Name = "Weighting";
        Description = "Hur ett genomsnitt vägs.";
        Add("UNWEIGHTED", "unweighted", "Ovägt");
        Add("POPULATION_WEIGHTED", "populationWeighted", "Vägt efter invånare");
    }
}

public sealed class RuleReferenceInputType : InputObjectGraphType
{
    public RuleReferenceInputType()
    {
        Name = "RuleReferenceInput";
        Field<NonNullGraphType<RuleReferenceTypeEnum>>("type");
        Field<StringGraphType>("id").Description("Regionens, gruppens eller kommunens id");
        Field<WeightingEnum>("weighting").Description("För kommungenomsnittet");
    }
}

public sealed class RuleInputType : InputObjectGraphType
{
    public RuleInputType()
    {
        Name = "RuleInput";
        Description = "En kvantitativ måluppfyllelses regel (ersätter nodens regel helt).";
        Field<StringGraphType>("keyFigure").Description("Nyckeltalet (eller sumOf)");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("sumOf").Description("Nyckeltal vars summa bedöms");
        Field<GenderEnum>("gender");
        Field<NonNullGraphType<RuleShapeEnum>>("shape");
        Field<RuleReferenceInputType>("reference");
        Field<IntGraphType>("baselineYear").Description("Basår");
        Field<BetterDirectionEnum>("betterDirection").Description("HIGHER eller LOWER");
        Field<StringGraphType>("note");
    }
}

public sealed class ActivityInputType : InputObjectGraphType
{
    public ActivityInputType()
    {
        Name = "ActivityInput";
        Field<StringGraphType>("due").Description("Slutdatum, t.ex. Q4");
        Field<ActivityStatusEnum>("status");
        Field<StringGraphType>("comment");
    }
}

public sealed class PlanNodeInputType : InputObjectGraphType
{
    public PlanNodeInputType()
    {
        Name = "PlanNodeInput";
        Description = "En nod i katalogfilens form. För en befintlig nod ändras bara de fält som anges (null tar bort ett fält); en ny nod behöver kind och title.";
        Field<StringGraphType>("parent").Description("Föräldernodens id; null för en rot");
        Field<StringGraphType>("kind").Description("Nivån (planens kinds, t.ex. goal, criterion, activity)");
        Field<StringGraphType>("title");
        Field<StringGraphType>("code");
        Field<StringGraphType>("description");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("committees").Description("Nämnder");
        Field<MeasureEnum>("measure");
        Field<RuleInputType>("rule");
        Field<ListGraphType<NonNullGraphType<ReportingPointEnum>>>("reportingPoints").Description("Återrapport");
        Field<ActivityInputType>("activity");
        Field<StringGraphType>("note");
    }
}

public sealed class ActivityCountsType : ObjectGraphType<JsonObject>
{
    public ActivityCountsType()
    {
        Name = "ActivityCounts";
        Description = "Antal aktiviteter per status.";
        Field<NonNullGraphType<IntGraphType>>("notStarted").Description("Ej påbörjade").Resolve(c => (int?)c.Source["notStarted"]);
        Field<NonNullGraphType<IntGraphType>>("inProgress").Description("Pågående").Resolve(c => (int?)c.Source["inProgress"]);
        Field<NonNullGraphType<IntGraphType>>("done").Description("Genomförda").Resolve(c => (int?)c.Source["done"]);
        Field<NonNullGraphType<IntGraphType>>("total").Description("Alla").Resolve(c => (int?)c.Source["total"]);
    }
}

public sealed class NodeActivityRollupType : ObjectGraphType<JsonObject>
{
    public NodeActivityRollupType()
    {
        Name = "NodeActivityRollup";
        Field<NonNullGraphType<StringGraphType>>("nodeId").Resolve(c => (string?)c.Source["nodeId"]);
        Field<NonNullGraphType<StringGraphType>>("kind").Resolve(c => (string?)c.Source["kind"]);
        Field<StringGraphType>("code").Resolve(c => (string?)c.Source["code"]);
        Field<NonNullGraphType<StringGraphType>>("title").Resolve(c => (string?)c.Source["title"]);
        Field<NonNullGraphType<ActivityCountsType>>("activities").Description("Aktiviteterna under noden").Resolve(c => c.Source["activities"] as JsonObject);
    }
}

public sealed class ActivityRollupType : ObjectGraphType<JsonObject>
{
    public ActivityRollupType()
    {
        Name = "ActivityRollup";
        Description = "Aktiviteternas status summerad: hela planen och varje nod med aktiviteter under sig.";
        Field<NonNullGraphType<ActivityCountsType>>("activities").Resolve(c => c.Source["activities"] as JsonObject);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<NodeActivityRollupType>>>>("nodes").Resolve(c => (c.Source["nodes"] as JsonArray ?? []).OfType<JsonObject>());
    }
}

public sealed class PlanVersionType : ObjectGraphType<JsonObject>
{
    public PlanVersionType()
    {
        Name = "PlanVersion";
        Description = "En version av planen: vad som ändrades, när och av vem.";
        Field<NonNullGraphType<IntGraphType>>("version").Resolve(c => (int?)c.Source["version"]);
        Field<NonNullGraphType<StringGraphType>>("change").Description("Ändringen").Resolve(c => (string?)c.Source["change"]);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("changedAt").Resolve(c => c.Source["changedAt"]!.GetValue<DateTimeOffset>());
        Field<NonNullGraphType<StringGraphType>>("changedBy").Description("Vem").Resolve(c => (string?)c.Source["changedBy"]);
        Field<PlanType>("plan")
            .Description("Planen som den var i den här versionen")
            .Resolve(c =>
            {
                if (c.Source["plan"] is JsonObject plan)
                {
                    return new Deferred<PlanDto?>(_ => Task.FromResult(CatalogJson.Plan(plan)));
                }
                var id = (string)c.Source["planId"]!;
                var load = c.RequestServices!.GetRequiredService<Services>().PlanVersions.Load((id, (int)c.Source["version"]!));
                return new Deferred<PlanDto?>(async ct => (await load.GetResultAsync(ct))?["plan"] is JsonObject snapshot ? CatalogJson.Plan(snapshot) : null);
            });
    }
}

public sealed class FollowUpSectionType : ObjectGraphType<JsonObject>
{
    public FollowUpSectionType()
    {
        Name = "FollowUpSection";
        Field<NonNullGraphType<StringGraphType>>("key").Description("centralEvents, positiveDevelopment, challenges, lookingAhead").Resolve(c => (string?)c.Source["key"]);
        Field<NonNullGraphType<StringGraphType>>("label").Description("Centrala händelser, Positiv utveckling, Utmaningar och svårigheter, Framåtblickande").Resolve(c => (string?)c.Source["label"]);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("points").Resolve(c => CatalogJson.Strings(c.Source["points"]));
    }
}

public sealed class FigureValueType : ObjectGraphType<JsonObject>
{
    public FigureValueType()
    {
        Name = "FigureValue";
        Field<NonNullGraphType<StringGraphType>>("period").Resolve(c => (string?)c.Source["period"]);
        Field<FloatGraphType>("value").Resolve(c => (double?)c.Source["value"]);
    }
}

public sealed class FigureType : ObjectGraphType<JsonObject>
{
    public FigureType()
    {
        Name = "Figure";
        Description = "En siffra i en uppföljning (t.ex. antal elever per år).";
        Field<NonNullGraphType<StringGraphType>>("label").Resolve(c => (string?)c.Source["label"]);
        Field<StringGraphType>("unit").Resolve(c => (string?)c.Source["unit"]);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<FigureValueType>>>>("values").Resolve(c => (c.Source["values"] as JsonArray ?? []).OfType<JsonObject>());
    }
}

public sealed class FollowUpType : ObjectGraphType<JsonObject>
{
    public FollowUpType()
    {
        Name = "FollowUp";
        Description = "En kvalitativ uppföljning (muntlig eller skriftlig) med sina avsnitt; varje ändring är en ny version.";
        Field<NonNullGraphType<StringGraphType>>("id").Resolve(c => (string?)c.Source["id"]);
        Field<NonNullGraphType<StringGraphType>>("planId").Resolve(c => (string?)c.Source["planId"]);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("nodes").Description("Noderna den följer upp").Resolve(c => CatalogJson.Strings(c.Source["nodes"]));
        Field<NonNullGraphType<IntGraphType>>("year").Resolve(c => (int?)c.Source["year"]);
        Field<NonNullGraphType<ReportingPointEnum>>("point").Resolve(c => (string?)c.Source["point"]);
        Field<NonNullGraphType<StringGraphType>>("pointLabel").Resolve(c => (string?)c.Source["pointLabel"]);
        Field<StringGraphType>("topic").Description("Ämne").Resolve(c => (string?)c.Source["topic"]);
        Field<StringGraphType>("presenter").Description("Föredragande").Resolve(c => (string?)c.Source["presenter"]);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<FollowUpSectionType>>>>("sections").Resolve(c => (c.Source["sections"] as JsonArray ?? []).OfType<JsonObject>());
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<FigureType>>>>("figures").Resolve(c => (c.Source["figures"] as JsonArray ?? []).OfType<JsonObject>());
        Field<StringGraphType>("note").Resolve(c => (string?)c.Source["note"]);
        Field<NonNullGraphType<IntGraphType>>("version").Resolve(c => (int?)c.Source["version"]);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("changedAt").Resolve(c => c.Source["changedAt"]!.GetValue<DateTimeOffset>());
        Field<NonNullGraphType<StringGraphType>>("changedBy").Resolve(c => (string?)c.Source["changedBy"]);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<FollowUpType>>>>("history")
            .Description("Varje version, den senaste först (hämtas i en omgång för alla uppföljningar i frågan)")
            .Resolve(c =>
            {
                var load = c.RequestServices!.GetRequiredService<Services>().FollowUpHistories.Load(((string)c.Source["planId"]!, (string)c.Source["id"]!));
                return new Deferred<IReadOnlyList<JsonObject>>(async ct => (IReadOnlyList<JsonObject>?)await load.GetResultAsync(ct) ?? []);
            });
    }
}

public sealed class TenantPeerGroupType : ObjectGraphType<TenantPeerGroupDto>
{
    public TenantPeerGroupType()
    {
        Name = "TenantPeerGroup";
        Description = "En kommuns egen jämförelsegrupp (pg-…), egen eller delad med andra.";
        Field(x => x.Id);
        Field(x => x.Name).Description("Namn");
        Field(x => x.Owner).Description("Ägande kommun");
        Field(x => x.Shared).Description("Delad med andra kommuner");
        Field(x => x.ChangedAt);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("memberIds").Resolve(c => c.Source.Members);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<AreaType>>>>("members")
            .Description("Medlemmarna (alla kommuner hämtas en gång per fråga)")
            .Resolve(c =>
            {
                var municipalities = c.RequestServices!.GetRequiredService<Services>().Municipalities;
                var loads = c.Source.Members.Select(municipalities.Load).ToList();
                return new Deferred<IReadOnlyList<AreaDto>>(async ct =>
                {
                    var areas = new List<AreaDto>();
                    foreach (var load in loads)
                    {
                        if (await load.GetResultAsync(ct) is { } area)
                        {
                            areas.Add(area);
                        }
                    }
                    return areas;
                });
            });
    }
}

/// <summary>Reading the goal catalog's JSON answers.</summary>
public static class CatalogJson
{
    public static PlanDto? Plan(JsonObject view) => view.Deserialize<PlanDto>(ServiceClient.Json) is { } plan ? WithPlanIds(plan) : null;

    public static IEnumerable<string> Strings(JsonNode? array) => (array as JsonArray ?? []).Select(v => (string?)v).OfType<string>();

    /// <summary>Marks every node with its plan's id, which a node's own fields (its roll-up) need.</summary>
    public static PlanDto WithPlanIds(PlanDto plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        foreach (var node in plan.Nodes)
        {
            WithPlanId(node, plan.Plan.Id);
        }
        return plan;
    }

    public static JsonObject WithPlanId(JsonObject node, string planId)
    {
        ArgumentNullException.ThrowIfNull(node);
        node["planId"] ??= planId;
        foreach (var child in (node["children"] as JsonArray ?? []).OfType<JsonObject>())
        {
            WithPlanId(child, planId);
        }
        return node;
    }
}
