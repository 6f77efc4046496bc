using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using GraphQL;
using GraphQL.Types;
using Jamforelse.GraphQL.Clients;
using Microsoft.Extensions.DependencyInjection;

namespace Jamforelse.GraphQL.Schema;

/// <summary>
/// Changes, each passed to the owning service's HTTP API, which validates it: a refusal comes back as a
/// GraphQL error with its code and every problem the service listed; nothing is written.
/// </summary>
public sealed class MutationType : ObjectGraphType
{
    private const string ImportIdDescription = "Ett eget id för importen (8–64 bokstäver, siffror, '-' eller '_', aldrig återanvänt): prenumerera på importProgress med det innan importen skickas";

    public MutationType()
    {
        Name = "Mutation";

        Field<NonNullGraphType<ImportResultType>>("importCsv")
            .Description("Värden som CSV (kpi,area,period,gender,provider,value,count,status; komma eller semikolon). Allt eller inget.")
            .Argument<NonNullGraphType<StringGraphType>>("csv")
            .Argument<NonNullGraphType<StringGraphType>>("source", "Var värdena kommer ifrån")
            .Argument<IdGraphType>("importId", ImportIdDescription)
            .ResolveAsync(async c => await Send(c, Services.IndicatorData, HttpMethod.Post, "/api/indicator-data/imports/csv?" + ServiceClient.Query(("source", c.GetArgument<string>("source")), ("importId", c.GetArgument<string?>("importId"))),
                new StringContent(c.GetArgument<string>("csv"), Encoding.UTF8, "text/csv")));

        Field<NonNullGraphType<ImportResultType>>("importKolada")
            .Description("Ett svar från Koladas /data-API (v3) som JSON-text.")
            .Argument<NonNullGraphType<StringGraphType>>("json")
            .Argument<IdGraphType>("importId", ImportIdDescription)
            .ResolveAsync(async c => await Send(c, Services.IndicatorData, HttpMethod.Post, "/api/indicator-data/imports/kolada?" + ServiceClient.Query(("importId", c.GetArgument<string?>("importId"))),
                new StringContent(c.GetArgument<string>("json"), Encoding.UTF8, "application/json")));

        Field<NonNullGraphType<StringGraphType>>("importCatalog")
            .Description("En hel katalogfil (jamforelse-goal-catalog/1) som JSON-text; valideras som helhet. Svarar planens id.")
            .Argument<NonNullGraphType<StringGraphType>>("file")
            .ResolveAsync(async c => (string?)(await Send(c, Services.GoalCatalog, HttpMethod.Post, "/api/goal-catalog/catalogs",
                new StringContent(c.GetArgument<string>("file"), Encoding.UTF8, "application/json")))?["plan"]?["id"]);

        Field<NonNullGraphType<ActivityType>>("setActivityStatus")
            .Description("Sätter en aktivitets status; varje ändring sparas i dess historik.")
            .Argument<NonNullGraphType<StringGraphType>>("plan")
            .Argument<NonNullGraphType<StringGraphType>>("node")
            .Argument<NonNullGraphType<ActivityStatusEnum>>("status")
            .Argument<StringGraphType>("comment")
            .ResolveAsync(async c => await Send(c, Services.GoalCatalog, HttpMethod.Put,
                $"/api/goal-catalog/plans/{Uri.EscapeDataString(c.GetArgument<string>("plan"))}/nodes/{Uri.EscapeDataString(c.GetArgument<string>("node"))}/activity-status",
                JsonContent.Create(new { status = c.GetArgument<string>("status"), comment = c.GetArgument<string?>("comment") })));

        Field<NonNullGraphType<IntGraphType>>("writeFollowUp")
            .Description("Skriver en uppföljning; en ändrad uppföljning blir en ny version. Svarar versionen.")
            .Argument<NonNullGraphType<StringGraphType>>("plan")
            .Argument<NonNullGraphType<StringGraphType>>("id")
            .Argument<NonNullGraphType<FollowUpInputType>>("input")
            .ResolveAsync(async c =>
            {
                var input = c.GetArgument<Dictionary<string, object?>>("input");
                var body = new JsonObject
                {
                    ["nodes"] = ToArray(input.GetValueOrDefault("nodes")),
                    ["year"] = Convert.ToInt32(input["year"], System.Globalization.CultureInfo.InvariantCulture),
                    ["point"] = (string?)input["point"],
                    ["topic"] = (string?)input.GetValueOrDefault("topic"),
                    ["presenter"] = (string?)input.GetValueOrDefault("presenter"),
                    ["sections"] = new JsonObject
                    {
                        ["centralEvents"] = ToArray(input.GetValueOrDefault("centralEvents")),
                        ["positiveDevelopment"] = ToArray(input.GetValueOrDefault("positiveDevelopment")),
                        ["challenges"] = ToArray(input.GetValueOrDefault("challenges")),
                        ["lookingAhead"] = ToArray(input.GetValueOrDefault("lookingAhead")),
                    },
                };
                var answer = await Send(c, Services.GoalCatalog, HttpMethod.Put,
                    $"/api/goal-catalog/plans/{Uri.EscapeDataString(c.GetArgument<string>("plan"))}/follow-ups/{Uri.EscapeDataString(c.GetArgument<string>("id"))}",
                    new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
                return (int?)answer?["version"];
            });

        Field<NonNullGraphType<StringGraphType>>("createPeerGroup")
            .Description("Skapar en egen jämförelsegrupp; svarar dess id.")
            .Argument<NonNullGraphType<StringGraphType>>("name")
            .Argument<NonNullGraphType<StringGraphType>>("owner")
            .Argument<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("members")
            .Argument<BooleanGraphType>("shared", a => a.DefaultValue = false)
            .ResolveAsync(async c => (string?)(await Send(c, Services.Benchmarking, HttpMethod.Post, "/api/benchmarking/peer-groups",
                JsonContent.Create(new { name = c.GetArgument<string>("name"), owner = c.GetArgument<string>("owner"), members = c.GetArgument<List<string>>("members"), shared = c.GetArgument<bool>("shared") })))?["id"]);

        Field<NonNullGraphType<TenantPeerGroupType>>("updatePeerGroup")
            .Description("Ändrar en egen jämförelsegrupp (ägaren kan inte ändras); bedömningar som använder den räknas om.")
            .Argument<NonNullGraphType<StringGraphType>>("id")
            .Argument<NonNullGraphType<StringGraphType>>("name")
            .Argument<NonNullGraphType<StringGraphType>>("owner")
            .Argument<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("members")
            .Argument<BooleanGraphType>("shared", a => a.DefaultValue = false)
            .ResolveAsync(async c => (await Send(c, Services.Benchmarking, HttpMethod.Put, $"/api/benchmarking/peer-groups/{Uri.EscapeDataString(c.GetArgument<string>("id"))}",
                JsonContent.Create(new { name = c.GetArgument<string>("name"), owner = c.GetArgument<string>("owner"), members = c.GetArgument<List<string>>("members"), shared = c.GetArgument<bool>("shared") })))
                ?.Deserialize<TenantPeerGroupDto>(ServiceClient.Json));

        Field<NonNullGraphType<BooleanGraphType>>("deletePeerGroup")
            .Description("Tar bort en egen jämförelsegrupp; svarar true.")
            .Argument<NonNullGraphType<StringGraphType>>("id")
            .ResolveAsync(async c =>
            {
                await Send(c, Services.Benchmarking, HttpMethod.Delete, $"/api/benchmarking/peer-groups/{Uri.EscapeDataString(c.GetArgument<string>("id"))}", null);
                return true;
            });

        Field<NonNullGraphType<PlanNodeType>>("upsertPlanNode")
            .Description("Lägger till en nod eller ändrar en: bara de fält som anges ändras, barnen står kvar. Hela planen valideras igen; en ny version sparas.")
            .Argument<NonNullGraphType<StringGraphType>>("plan")
            .Argument<NonNullGraphType<StringGraphType>>("node", "Nodens id (nytt eller befintligt)")
            .Argument<NonNullGraphType<PlanNodeInputType>>("input")
            .ResolveAsync(async c => await UpsertNodeAsync(c, c.GetArgument<Dictionary<string, object?>>("input"), mustExist: false));

        Field<NonNullGraphType<PlanNodeType>>("movePlanNode")
            .Description("Flyttar en nod (med sina barn) under en annan förälder, eller till roten när parent saknas.")
            .Argument<NonNullGraphType<StringGraphType>>("plan")
            .Argument<NonNullGraphType<StringGraphType>>("node")
            .Argument<StringGraphType>("parent", "Den nya förälderns id; null för en rot")
            .ResolveAsync(async c => await UpsertNodeAsync(c, new Dictionary<string, object?> { ["parent"] = c.GetArgument<string?>("parent") }, mustExist: true));

        Field<NonNullGraphType<PlanType>>("deletePlanNode")
            .Description("Tar bort en nod utan barn som ingen annan nod eller uppföljning hänvisar till; svarar planen efteråt.")
            .Argument<NonNullGraphType<StringGraphType>>("plan")
            .Argument<NonNullGraphType<StringGraphType>>("node")
            .ResolveAsync(async c =>
            {
                var plan = c.GetArgument<string>("plan");
                await Send(c, Services.GoalCatalog, HttpMethod.Delete, $"/api/goal-catalog/plans/{Uri.EscapeDataString(plan)}/nodes/{Uri.EscapeDataString(c.GetArgument<string>("node"))}", null);
                return await PlanAfterAsync(c, plan);
            });

        Field<NonNullGraphType<PlanType>>("setPlanStatus")
            .Description("Sätter planens status: utkast eller antagen.")
            .Argument<NonNullGraphType<StringGraphType>>("plan")
            .Argument<NonNullGraphType<PlanStatusEnum>>("status")
            .ResolveAsync(async c =>
            {
                var plan = c.GetArgument<string>("plan");
                await Send(c, Services.GoalCatalog, HttpMethod.Put, $"/api/goal-catalog/plans/{Uri.EscapeDataString(plan)}/status",
                    JsonContent.Create(new { status = c.GetArgument<string>("status") }));
                return await PlanAfterAsync(c, plan);
            });
    }

    private static async Task<PlanDto> PlanAfterAsync(IResolveFieldContext c, string plan) =>
        await Errors.CallAsync(() => c.RequestServices!.GetRequiredService<Services>().PlanAsync(plan, c.CancellationToken))
            ?? throw new ExecutionError($"No plan \"{plan}\".") { Code = "NOT_FOUND" };

    /// <summary>
    /// A node edit as the goal catalog takes it (PUT …/nodes/{id}: the whole node): the node as it stands in
    /// the plan's catalog file, with the fields the caller named replaced, so that an edit of one field keeps the rest.
    /// </summary>
    private static async Task<JsonObject?> UpsertNodeAsync(IResolveFieldContext c, Dictionary<string, object?> changes, bool mustExist)
    {
        var plan = c.GetArgument<string>("plan");
        var node = c.GetArgument<string>("node");
        var file = await Errors.CallAsync(() => c.RequestServices!.GetRequiredService<Services>().CatalogFileAsync(plan, c.CancellationToken))
            ?? throw new ExecutionError($"No plan \"{plan}\".") { Code = "NOT_FOUND" };
        var body = FindNode(file["nodes"] as JsonArray, node, null);
        if (body is null && mustExist)
        {
            throw new ExecutionError($"Plan \"{plan}\" has no node \"{node}\".") { Code = "NOT_FOUND" };
        }
        body ??= [];
        foreach (var (key, value) in changes)
        {
            body[key] = ToJson(value);
        }
        var answer = await Send(c, Services.GoalCatalog, HttpMethod.Put, $"/api/goal-catalog/plans/{Uri.EscapeDataString(plan)}/nodes/{Uri.EscapeDataString(node)}",
            new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
        return answer is JsonObject view ? CatalogJson.WithPlanId(view, plan) : null;
    }

    /// <summary>The node of a catalog file's tree, without its children and with its parent named, as a node edit takes it.</summary>
    private static JsonObject? FindNode(JsonArray? nodes, string id, string? parent)
    {
        foreach (var node in (nodes ?? []).OfType<JsonObject>())
        {
            var nodeId = (string?)node["id"];
            if (nodeId == id)
            {
                var copy = (JsonObject)node.DeepClone();
                copy.Remove("children");
                copy["parent"] = parent;
                return copy;
            }
            if (FindNode(node["children"] as JsonArray, id, nodeId) is { } found)
            {
                return found;
            }
        }
        return null;
    }

    private static JsonNode? ToJson(object? value) => value switch
    {
        null => null,
        string text => JsonValue.Create(text),
        bool flag => JsonValue.Create(flag),
        int number => JsonValue.Create(number),
        long number => JsonValue.Create(number),
        double number => JsonValue.Create(number),
        decimal number => JsonValue.Create(number),
        IDictionary<string, object?> fields => new JsonObject(fields.Select(f => KeyValuePair.Create(f.Key, ToJson(f.Value)))),
        System.Collections.IEnumerable items => new JsonArray(items.Cast<object?>().Select(ToJson).ToArray()),
        _ => JsonValue.Create(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)),
    };

    private static JsonArray ToArray(object? values) => new((values as IEnumerable<object?> ?? []).Select(v => (JsonNode?)JsonValue.Create(v?.ToString())).ToArray());

    private static Task<JsonNode?> Send(IResolveFieldContext context, string service, HttpMethod method, string path, HttpContent? content) =>
        Errors.CallAsync(() => context.RequestServices!.GetRequiredService<ServiceClient>().SendAsync(service, method, path, content, context.CancellationToken));
}

public sealed class ImportResultType : ObjectGraphType<JsonNode>
{
    public ImportResultType()
    {
        Name = "ImportResult";
        Field<NonNullGraphType<StringGraphType>>("importId").Resolve(c => (string?)c.Source["importId"]);
        Field<NonNullGraphType<IntGraphType>>("inserted").Resolve(c => (int?)c.Source["inserted"]);
        Field<NonNullGraphType<IntGraphType>>("updated").Resolve(c => (int?)c.Source["updated"]);
        Field<NonNullGraphType<IntGraphType>>("unchanged").Resolve(c => (int?)c.Source["unchanged"]);
    }
}

public sealed class FollowUpInputType : InputObjectGraphType
{
    public FollowUpInputType()
    {
        Name = "FollowUpInput";
        Description = "En uppföljning med de muntliga uppföljningarnas avsnitt.";
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<StringGraphType>>>>("nodes");
        Field<NonNullGraphType<IntGraphType>>("year");
        Field<NonNullGraphType<StringGraphType>>("point").Description("q1, interim eller fullYear");
        Field<StringGraphType>("topic");
        Field<StringGraphType>("presenter");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("centralEvents").Description("Centrala händelser");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("positiveDevelopment").Description("Positiv utveckling");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("challenges").Description("Utmaningar och svårigheter");
        Field<ListGraphType<NonNullGraphType<StringGraphType>>>("lookingAhead").Description("Framåtblickande");
    }
}
