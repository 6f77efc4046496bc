using Jamforelse.ServiceDefaults.Identity;
using Jamforelse.Tests;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Jamforelse.GraphQL.Tests.Platform;

/// <summary>The platform's /graphql over HTTP, as an analyst's tool calls it.</summary>
public sealed class PlatformHttpTests(PlatformFactory factory) : IClassFixture<PlatformFactory>
{
    [Fact]
    public async Task An_analyst_posts_a_query_and_a_change_made_through_GraphQL_keeps_who_made_it()
    {
        using var client = factory.CreateClient();
        TestKeys.Use(client, TestKeys.Issue(factory.Services, "platform", Role.Admin, "anna.analytiker"));
        using var query = await client.PostAsJsonAsync("/graphql", new { query = """{ plan(id: "linkoping-son-an-2023") { title } }""" });
        Assert.Equal(HttpStatusCode.OK, query.StatusCode);
        Assert.Equal("application/graphql-response+json", query.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Uppföljning", (await query.Content.ReadFromJsonAsync<JsonNode>())!["data"]!["plan"]!["title"]!.GetValue<string>(), StringComparison.Ordinal);

        using var change = await client.PostAsJsonAsync("/graphql", new
        {
            query = """mutation { setActivityStatus(plan: "linkoping-son-an-2023", node: "a-1-1", status: DONE, comment: "Klart") { status statusLabel } }""",
        });
        var body = (await change.Content.ReadFromJsonAsync<JsonNode>())!;
        Assert.Null(body["errors"]);
        Assert.Equal("Genomförd", body["data"]!["setActivityStatus"]!["statusLabel"]!.GetValue<string>());
        var node = await client.GetFromJsonAsync<JsonNode>("/api/goal-catalog/plans/linkoping-son-an-2023/nodes/a-1-1");
        Assert.Equal("anna.analytiker", node!["node"]!["activity"]!["history"]!.AsArray()[^1]!["changedBy"]!.GetValue<string>());

        using var getMutation = await client.GetAsync(new Uri("/graphql?query=" + Uri.EscapeDataString("mutation { createPeerGroup(name: \"x\", owner: \"norrkoping\", members: [\"0580\"]) }"), UriKind.Relative));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, getMutation.StatusCode);
    }
}
