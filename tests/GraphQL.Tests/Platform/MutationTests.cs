using System.Text.Json;

namespace Jamforelse.GraphQL.Tests.Platform;

public sealed class MutationTests(PlatformFactory factory) : IClassFixture<PlatformFactory>
{
    private static string Code(JsonElement result) => result.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString()!;

    [Fact]
    public async Task Values_imported_through_GraphQL_are_stored_and_a_bad_import_lists_its_problems_and_writes_nothing()
    {
        var (ok, _) = await factory.ExecuteAsync("""mutation { importCsv(csv: "kpi,area,period,gender,value\nN03920,0581,2021,T,8.2\n", source: "Test") { importId inserted updated unchanged } }""");
        Assert.False(ok.TryGetProperty("errors", out var errors), errors.ToString());
        Assert.Equal(1, ok.GetProperty("data").GetProperty("importCsv").GetProperty("inserted").GetInt32());

        var (bad, _) = await factory.ExecuteAsync("""mutation { importCsv(csv: "kpi,area,period,gender,value\nN03920,9999,2021,T,8.2\nN03920,0581,20x1,T,1\n", source: "Test") { importId } }""");
        Assert.Equal("BAD_USER_INPUT", Code(bad));
        var message = bad.GetProperty("errors")[0].GetProperty("message").GetString()!;
        Assert.Contains("9999", message, StringComparison.Ordinal);
        Assert.Contains("20x1", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_peer_group_is_created_and_a_bad_one_is_refused_with_a_code()
    {
        var (created, _) = await factory.ExecuteAsync("""mutation { createPeerGroup(name: "Östgötastäder", owner: "norrkoping", members: ["0580", "0581"]) }""");
        Assert.False(created.TryGetProperty("errors", out var errors), errors.ToString());
        Assert.StartsWith("pg-", created.GetProperty("data").GetProperty("createPeerGroup").GetString(), StringComparison.Ordinal);

        var (invalid, _) = await factory.ExecuteAsync("""mutation { createPeerGroup(name: "", owner: "norrkoping", members: ["G1"]) }""");
        Assert.Equal("BAD_USER_INPUT", Code(invalid));
    }
}
