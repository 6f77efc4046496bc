using System.Text.Json;

namespace Jamforelse.GraphQL.Tests.Platform;

/// <summary>GraphiQL's schema query on the platform's schema is answered (it must load the schema to work at all).</summary>
public sealed class IntrospectionTests(PlatformFactory factory) : IClassFixture<PlatformFactory>
{
    // graphql-js's getIntrospectionQuery() shape, as GraphiQL sends it: a type reference nests ofType eight levels.
    private const string Query = """
        query IntrospectionQuery { __schema { queryType { name } mutationType { name } subscriptionType { name } types { ...FullType }
          directives { name description locations args { ...InputValue } } } }
        fragment FullType on __Type { kind name description fields(includeDeprecated: true) { name description args { ...InputValue } type { ...TypeRef } isDeprecated deprecationReason }
          inputFields { ...InputValue } interfaces { ...TypeRef } enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason } possibleTypes { ...TypeRef } }
        fragment InputValue on __InputValue { name description type { ...TypeRef } defaultValue }
        fragment TypeRef on __Type { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } } }
        """;

    [Fact]
    public async Task GraphiQLs_schema_query_is_answered_on_the_platforms_schema()
    {
        await factory.WaitUntilReadyAsync();
        var (result, _) = await factory.ExecuteAsync(Query);
        Assert.False(result.TryGetProperty("errors", out var errors), errors.ToString());
        Assert.Contains(result.GetProperty("data").GetProperty("__schema").GetProperty("types").EnumerateArray(), t => t.GetProperty("name").GetString() == "Comparison");
        Assert.Equal(JsonValueKind.Object, result.GetProperty("data").GetProperty("__schema").GetProperty("queryType").ValueKind);
    }
}
