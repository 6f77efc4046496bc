using System.Net.Http.Json;
using System.Text;
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
    public MutationType()
    {
        Name = "Mutation";

        Field<NonNullGraphType<ImportResultType>>("importCsv")
            .Description("Värden som CSV (kpi,area,period,gender,provider,value,count,status; komma eller semikolon). Allt eller inget.")
            .Argument<NonNullGraphType<StringGraphType>>("csv")
            .Argument<NonNullGraphType<StringGraphType>>("source", "Var värdena kommer ifrån")
            .ResolveAsync(async c => await Send(c, Services.IndicatorData, HttpMethod.Post, "/api/indicator-data/imports/csv?source=" + Uri.EscapeDataString(c.GetArgument<string>("source")),
                new StringContent(c.GetArgument<string>("csv"), Encoding.UTF8, "text/csv")));

        Field<NonNullGraphType<ImportResultType>>("importKolada")
            .Description("Ett svar från Koladas /data-API (v3) som JSON-text.")
            .Argument<NonNullGraphType<StringGraphType>>("json")
            .ResolveAsync(async c => await Send(c, Services.IndicatorData, HttpMethod.Post, "/api/indicator-data/imports/kolada",
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
    }

    private static JsonArray ToArray(object? values) => new((values as IEnumerable<object?> ?? []).Select(v => (JsonNode?)JsonValue.Create(v?.ToString())).ToArray());

    private static Task<JsonNode?> Send(IResolveFieldContext context, string service, HttpMethod method, string path, HttpContent content) =>
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
