using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Jamforelse.GraphQL.Execution;
using Microsoft.Extensions.DependencyInjection;

namespace Jamforelse.GraphQL.Tests.Http;

public sealed class GraphQLHttpEndpointTests
{
    private const string GraphQLResponse = "application/graphql-response+json";
    private const string Json = "application/json";

    [Theory]
    [InlineData(null, GraphQLResponse)]
    [InlineData("*/*", GraphQLResponse)]
    [InlineData("application/graphql-response+json", GraphQLResponse)]
    [InlineData("application/json", Json)]
    [InlineData("application/json, application/graphql-response+json", GraphQLResponse)]
    [InlineData("application/json;q=0.9, application/graphql-response+json;q=0.5", Json)]
    [InlineData("text/html, application/*;q=0.8", GraphQLResponse)]
    public async Task Post_query_answers_200_in_the_negotiated_media_type(string? accept, string expected)
    {
        await using var app = await TestApp.StartAsync();

        var answer = await app.PostAsync("""{"query":"query($n: String) { hello(name: $n) }","variables":{"n":"Malmö"}}""", accept);

        Assert.Equal(200, answer.Status);
        Assert.Equal(expected, answer.MediaType);
        Assert.Equal("Hello, Malmö!", answer.Json.GetProperty("data").GetProperty("hello").GetString());
        Assert.False(answer.Json.TryGetProperty("errors", out _));
    }

    [Theory]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("Application/JSON")]
    public async Task Post_accepts_json_content_type_with_utf8_charset(string contentType)
    {
        await using var app = await TestApp.StartAsync();

        var answer = await app.PostAsync("""{"query":"{ hello }","operationName":null,"variables":null,"extensions":null}""", contentType: contentType);

        Assert.Equal(200, answer.Status);
        Assert.Equal("Hello, world!", answer.Json.GetProperty("data").GetProperty("hello").GetString());
    }

    [Fact]
    public async Task Post_mutation_runs()
    {
        await using var app = await TestApp.StartAsync();

        var answer = await app.PostQueryAsync("""mutation { echo(text: "hej") }""");

        Assert.Equal(200, answer.Status);
        Assert.Equal("hej", answer.Json.GetProperty("data").GetProperty("echo").GetString());
    }

    [Fact]
    public async Task Get_query_runs_with_variables_and_operation_name()
    {
        await using var app = await TestApp.StartAsync();

        var answer = await app.GetAsync(
            "query=" + Uri.EscapeDataString("query A($n: String) { hello(name: $n) } query B { hello }")
            + "&operationName=A&variables=" + Uri.EscapeDataString("""{"n":"Lund"}"""));

        Assert.Equal(200, answer.Status);
        Assert.Equal(GraphQLResponse, answer.MediaType);
        Assert.Equal("Hello, Lund!", answer.Json.GetProperty("data").GetProperty("hello").GetString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData(Json)]
    public async Task Get_mutation_is_405_with_allow_post_and_does_not_run(string? accept)
    {
        await using var app = await TestApp.StartAsync();

        var answer = await app.GetAsync("query=" + Uri.EscapeDataString("""mutation { echo(text: "x") }"""), accept);

        Assert.Equal(405, answer.Status);
        Assert.Equal("POST", answer.Allow);
        Assert.Equal([ErrorCodes.OperationNotAllowed], answer.ErrorCodes());
        Assert.False(answer.HasData);
    }

    [Fact]
    public async Task Other_methods_are_405_with_allow_get_and_post()
    {
        await using var app = await TestApp.StartAsync();

        var answer = await app.SendAsync(new HttpRequestMessage(HttpMethod.Put, "/graphql") { Content = new StringContent("{}") });

        Assert.Equal(405, answer.Status);
        Assert.Equal("GET, POST", answer.Allow);
        Assert.Equal([ErrorCodes.MethodNotAllowed], answer.ErrorCodes());
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/graphql")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/json; charset=latin1")]
    public async Task Post_with_another_content_type_is_415(string contentType)
    {
        await using var app = await TestApp.StartAsync();

        var answer = await app.PostAsync("""{"query":"{ hello }"}""", contentType: contentType);

        Assert.Equal(415, answer.Status);
        Assert.Equal([ErrorCodes.UnsupportedMediaType], answer.ErrorCodes());
    }

    [Theory]
    [InlineData("text/html")]
    [InlineData("application/xml, text/*")]
    [InlineData("application/json;q=0, application/graphql-response+json;q=0")]
    public async Task Accept_allowing_neither_media_type_is_406(string accept)
    {
        await using var app = await TestApp.StartAsync();

        var answer = await app.PostQueryAsync("{ hello }", accept);

        Assert.Equal(406, answer.Status);
        Assert.Equal([ErrorCodes.NotAcceptable], answer.ErrorCodes());
    }

    [Theory]
    [InlineData(GraphQLResponse)]
    [InlineData(Json)]
    public async Task Malformed_json_is_400_under_both_media_types(string accept)
    {
        await using var app = await TestApp.StartAsync();

        var answer = await app.PostAsync("""{"query": "{ hello }" """, accept);

        Assert.Equal(400, answer.Status);
        Assert.Equal([ErrorCodes.InvalidJson], answer.ErrorCodes());
    }

    [Theory]
    [InlineData(new byte[] { 0xFF })]
    [InlineData(new byte[] { 0xC3 })]
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })]
    public async Task Invalid_utf8_inside_the_json_is_400(byte[] invalid)
    {
        await using var app = await TestApp.StartAsync();
        byte[] body = [.. Encoding.UTF8.GetBytes("{\"query\":\"{ hello(name: \\\""), .. invalid, .. Encoding.UTF8.GetBytes("\\\") }\"}")];
        var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(Json);

        var answer = await app.SendAsync(request);

        Assert.Equal(400, answer.Status);
        Assert.Equal([ErrorCodes.InvalidJson], answer.ErrorCodes());
    }

    [Theory]
    [InlineData("""{"query":"{ hello(name: \"\ud800\") }"}""")]
    [InlineData("""{"query":"query($n: String) { hello(name: $n) }","variables":{"n":"\udc00"}}""")]
    public async Task A_lone_surrogate_escaped_in_the_json_is_400(string body)
    {
        await using var app = await TestApp.StartAsync();

        var answer = await app.PostAsync(body);

        Assert.Equal(400, answer.Status);
        Assert.Equal([ErrorCodes.InvalidJson], answer.ErrorCodes());
    }

    [Theory]
    [InlineData("""{"query":1}""")]
    [InlineData("""{"query":"{ hello }","variables":"x"}""")]
    [InlineData("""{"query":"{ hello }","extensions":[]}""")]
    [InlineData("""{"query":"{ hello }","operationName":{}}""")]
    [InlineData("""[{"query":"{ hello }"}]""")]
    [InlineData("\"{ hello }\"")]
    [InlineData("""{"operationName":"A"}""")]
    public async Task A_body_that_is_not_a_graphql_request_is_400_under_both_media_types(string body)
    {
        await using var app = await TestApp.StartAsync();

        foreach (var accept in new[] { GraphQLResponse, Json })
        {
            var answer = await app.PostAsync(body, accept);

            Assert.Equal(400, answer.Status);
            Assert.Equal([ErrorCodes.BadRequestBody], answer.ErrorCodes());
        }
    }

    [Theory]
    [InlineData("query={hello}&variables=x", "INVALID_JSON")]
    [InlineData("query={hello}&variables={%22n%22:%22%5Cudc00%22}", "INVALID_JSON")]
    [InlineData("query={hello}&variables=[1]", "BAD_REQUEST_BODY")]
    [InlineData("query={hello}&extensions=%22x%22", "BAD_REQUEST_BODY")]
    [InlineData("operationName=A", "BAD_REQUEST_BODY")]
    public async Task A_query_string_that_is_not_a_graphql_request_is_400(string queryString, string code)
    {
        await using var app = await TestApp.StartAsync();

        var answer = await app.GetAsync(queryString, Json);

        Assert.Equal(400, answer.Status);
        Assert.Equal([code], answer.ErrorCodes());
    }

    [Theory]
    [InlineData(GraphQLResponse, 400)]
    [InlineData(Json, 200)]
    public async Task Document_parse_error_is_400_or_200_for_legacy_json(string accept, int status)
    {
        await using var app = await TestApp.StartAsync();

        var answer = await app.PostQueryAsync("{ hello ", accept);

        Assert.Equal(status, answer.Status);
        Assert.Equal(accept, answer.MediaType);
        Assert.Equal(["SYNTAX_ERROR"], answer.ErrorCodes());
        Assert.False(answer.HasData);
    }

    [Theory]
    [InlineData(GraphQLResponse, 400)]
    [InlineData(Json, 200)]
    public async Task Validation_error_is_400_or_200_for_legacy_json(string accept, int status)
    {
        await using var app = await TestApp.StartAsync();

        var answer = await app.PostQueryAsync("{ goodbye }", accept);

        Assert.Equal(status, answer.Status);
        Assert.Equal(["FIELDS_ON_CORRECT_TYPE"], answer.ErrorCodes());
        Assert.False(answer.HasData);
    }

    [Theory]
    [InlineData(GraphQLResponse)]
    [InlineData(Json)]
    public async Task Field_error_is_200_with_data_and_a_coded_error_without_exception_details(string accept)
    {
        await using var app = await TestApp.StartAsync();

        var answer = await app.PostQueryAsync("{ hello boom }", accept);

        Assert.Equal(200, answer.Status);
        var data = answer.Json.GetProperty("data");
        Assert.Equal("Hello, world!", data.GetProperty("hello").GetString());
        Assert.Equal(JsonValueKind.Null, data.GetProperty("boom").ValueKind);
        Assert.Equal([ErrorCodes.InternalServerError], answer.ErrorCodes());
        var error = answer.Json.GetProperty("errors")[0];
        Assert.Equal("boom", error.GetProperty("path")[0].GetString());
        Assert.DoesNotContain("hunter2", answer.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("InvalidOperation", answer.Text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(" at ", answer.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(".cs", answer.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(GraphQLResponse)]
    [InlineData(Json)]
    public async Task Server_failure_before_execution_is_500_with_a_generic_error(string accept)
    {
        await using var app = await TestApp.StartAsync(brokenSchema: true);

        var answer = await app.PostQueryAsync("{ hello }", accept);

        Assert.Equal(500, answer.Status);
        Assert.Equal([ErrorCodes.InternalServerError], answer.ErrorCodes());
        Assert.DoesNotContain("NodeType", answer.Text, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", answer.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Query_deeper_than_max_depth_is_refused()
    {
        await using var app = await TestApp.StartAsync(o => o.MaxDepth = 4);

        var ok = await app.PostQueryAsync("{ node { child { child { value } } } }");
        var tooDeep = await app.PostQueryAsync("{ node { child { child { child { value } } } } }");

        Assert.Equal(200, ok.Status);
        Assert.Equal(400, tooDeep.Status);
        Assert.Equal([ErrorCodes.MaxDepthExceeded], tooDeep.ErrorCodes());
        Assert.False(tooDeep.HasData);
    }

    [Fact]
    public async Task Introspection_as_GraphiQL_sends_it_passes_the_depth_limit_but_not_without_bound()
    {
        await using var app = await TestApp.StartAsync(o => o.MaxDepth = 4);
        // The shape of graphql-js's introspection query: a type reference nests ofType eight levels.
        var graphiql = await app.PostQueryAsync("{ __schema { types { fields { type { ofType { ofType { ofType { ofType { ofType { ofType { ofType { ofType { name } } } } } } } } } } } } }");
        var cycle = "{ __type(name: \"Query\") { " + string.Concat(Enumerable.Repeat("fields { type { ", 10)) + "name" + new string('}', 20) + " } }";
        var endless = await app.PostQueryAsync(cycle);
        // Mixed with other fields, the usual limit applies.
        var mixed = await app.PostQueryAsync("{ __typename node { child { child { child { value } } } } }");

        Assert.Equal(200, graphiql.Status);
        Assert.Equal(400, endless.Status);
        Assert.Equal([ErrorCodes.MaxDepthExceeded], endless.ErrorCodes());
        Assert.Equal(400, mixed.Status);
    }

    [Fact]
    public async Task Query_more_complex_than_max_complexity_is_refused()
    {
        await using var app = await TestApp.StartAsync(o => o.MaxComplexity = 100);

        var ok = await app.PostQueryAsync("{ nodes { value } }");
        var tooComplex = await app.PostQueryAsync("{ nodes { children { children { children { value } } } } }");

        Assert.Equal(200, ok.Status);
        Assert.Equal(400, tooComplex.Status);
        Assert.Equal([ErrorCodes.MaxComplexityExceeded], tooComplex.ErrorCodes());
    }

    [Fact]
    public async Task Body_larger_than_max_request_bytes_is_413()
    {
        await using var app = await TestApp.StartAsync(o => o.MaxRequestBytes = 200);

        var answer = await app.PostQueryAsync("{ hello " + new string(' ', 300) + "}");

        Assert.Equal(413, answer.Status);
        Assert.Equal([ErrorCodes.RequestTooLarge], answer.ErrorCodes());
    }

    [Fact]
    public async Task Body_without_content_length_larger_than_max_request_bytes_is_413()
    {
        await using var app = await TestApp.StartAsync(o => o.MaxRequestBytes = 200);
        var body = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { query = "{ hello " + new string(' ', 300) + "}" }));
        var content = new StreamContent(new MemoryStream(body));
        content.Headers.ContentType = new MediaTypeHeaderValue(Json);
        var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        var answer = await app.SendAsync(request);

        Assert.Equal(413, answer.Status);
        Assert.Equal([ErrorCodes.RequestTooLarge], answer.ErrorCodes());
    }

    [Theory]
    [InlineData(GraphQLResponse, 504)]
    [InlineData(Json, 200)]
    public async Task Execution_longer_than_the_timeout_answers_a_timeout_error(string accept, int status)
    {
        await using var app = await TestApp.StartAsync(o => o.ExecutionTimeout = TimeSpan.FromMilliseconds(200));

        var answer = await app.PostQueryAsync("{ slow }", accept);

        Assert.Equal(status, answer.Status);
        Assert.Equal([ErrorCodes.Timeout], answer.ErrorCodes());
    }

    [Fact]
    public async Task Persisted_document_runs_by_its_sha256_id_over_post_and_get()
    {
        const string Document = "query Greeting { hello(name: \"persisted\") }";
        var folder = Directory.CreateTempSubdirectory("persisted-docs");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "greeting.graphql"), Document);
            await using var app = await TestApp.StartAsync(o => o.PersistedDocumentsPath = folder.FullName);
            var id = PersistedDocumentStore.DocumentId(Document);

            var post = await app.PostAsync(JsonSerializer.Serialize(new { documentId = id }));
            var get = await app.GetAsync("documentId=" + Uri.EscapeDataString(id));
            var unknown = await app.PostAsync(JsonSerializer.Serialize(new { documentId = "sha256:" + new string('0', 64) }));
            var malformed = await app.PostAsync(JsonSerializer.Serialize(new { documentId = "sha256:XYZ" }));
            var both = await app.PostAsync(JsonSerializer.Serialize(new { documentId = id, query = Document }));
            var adHoc = await app.PostQueryAsync("{ hello }");

            Assert.Equal(200, post.Status);
            Assert.Equal("Hello, persisted!", post.Json.GetProperty("data").GetProperty("hello").GetString());
            Assert.Equal(200, get.Status);
            Assert.Equal("Hello, persisted!", get.Json.GetProperty("data").GetProperty("hello").GetString());
            Assert.Equal((400, "DOCUMENT_NOT_FOUND"), (unknown.Status, unknown.ErrorCodes().Single()));
            Assert.Equal((400, "DOCUMENT_ID_INVALID"), (malformed.Status, malformed.ErrorCodes().Single()));
            Assert.Equal((400, "INVALID_REQUEST"), (both.Status, both.ErrorCodes().Single()));
            Assert.Equal(200, adHoc.Status);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Only_persisted_documents_refuses_query_text()
    {
        const string Document = "{ hello }";
        await using var app = await TestApp.StartAsync(
            o => o.OnlyPersistedDocuments = true,
            services => services.AddSingleton<global::GraphQL.PersistedDocuments.IPersistedDocumentLoader>(new PersistedDocumentStore([Document])));

        var persisted = await app.PostAsync(JsonSerializer.Serialize(new { documentId = PersistedDocumentStore.DocumentId(Document) }));
        var adHoc = await app.PostQueryAsync(Document);

        Assert.Equal(200, persisted.Status);
        Assert.Equal(400, adHoc.Status);
        Assert.Equal(["DOCUMENT_ID_MISSING"], adHoc.ErrorCodes());
    }

    [Fact]
    public async Task Persisted_mutation_over_get_is_405()
    {
        const string Document = """mutation { echo(text: "x") }""";
        await using var app = await TestApp.StartAsync(services: services =>
            services.AddSingleton<global::GraphQL.PersistedDocuments.IPersistedDocumentLoader>(new PersistedDocumentStore([Document])));

        var answer = await app.GetAsync("documentId=" + Uri.EscapeDataString(PersistedDocumentStore.DocumentId(Document)));

        Assert.Equal(405, answer.Status);
        Assert.Equal("POST", answer.Allow);
    }
}
