using System.Text;
using System.Text.Json;
using GraphQL;
using GraphQL.DI;
using GraphQL.Types;
using Jamforelse.GraphQL.Execution;
using Jamforelse.GraphQL.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Jamforelse.GraphQL.Tests.Http;

/// <summary>A minimal host with the HTTP transport over a small schema; each test starts its own.</summary>
internal sealed class TestApp : IAsyncDisposable
{
    private readonly WebApplication app;

    private TestApp(WebApplication app)
    {
        this.app = app;
        Client = app.GetTestClient();
    }

    public HttpClient Client { get; }

    public static async Task<TestApp> StartAsync(Action<GraphQLLayerOptions>? configure = null, Action<IServiceCollection>? services = null, bool brokenSchema = false,
        Action<IGraphQLBuilder>? graphql = null)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseTestServer();
        builder.Logging.ClearProviders();
        // A schema whose graph types are not registered fails to initialize on the first request.
        builder.Services.AddGraphQL(b =>
        {
            (brokenSchema ? b.AddSchema<TestSchema>() : b.AddSchema<TestSchema>().AddGraphTypes(typeof(TestSchema).Assembly)).AddSystemTextJson();
            graphql?.Invoke(b);
        });
        builder.Services.AddGraphQLExecution();
        builder.Services.Configure<GraphQLLayerOptions>(o => configure?.Invoke(o));
        services?.Invoke(builder.Services);
        var app = builder.Build();
        app.MapGraphQLHttp();
        await app.StartAsync();
        return new TestApp(app);
    }

    public Task<Answer> PostAsync(string body, string? accept = null, string contentType = "application/json")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/graphql") { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
        return SendAsync(request, accept);
    }

    public Task<Answer> PostQueryAsync(string query, string? accept = null) =>
        PostAsync(JsonSerializer.Serialize(new { query }), accept);

    public Task<Answer> GetAsync(string queryString, string? accept = null) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, "/graphql?" + queryString), accept);

    public async Task<Answer> SendAsync(HttpRequestMessage request, string? accept = null)
    {
        if (accept != null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }
        using var response = await Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new Answer(
            (int)response.StatusCode,
            response.Content.Headers.ContentType?.MediaType,
            string.Join(", ", response.Content.Headers.Allow),
            text,
            text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await app.DisposeAsync();
    }
}

internal sealed record Answer(int Status, string? MediaType, string Allow, string Text, JsonElement Json)
{
    public IReadOnlyList<string> ErrorCodes()
    {
        if (!Json.TryGetProperty("errors", out var errors))
        {
            return [];
        }
        // Every error of every answer carries extensions.code; GetProperty throws for one that does not.
        return errors.EnumerateArray().Select(e => e.GetProperty("extensions").GetProperty("code").GetString()!).ToList();
    }

    public bool HasData => Json.TryGetProperty("data", out _);
}

public sealed class TestSchema : global::GraphQL.Types.Schema
{
    public TestSchema(IServiceProvider services) : base(services)
    {
        Query = new TestQuery();
        Mutation = new TestMutation();
    }
}

public sealed class TestQuery : ObjectGraphType
{
    public TestQuery()
    {
        Name = "Query";
        Field<StringGraphType>("hello")
            .Argument<StringGraphType>("name")
            .Resolve(context => $"Hello, {context.GetArgument<string?>("name") ?? "world"}!");
        Field<StringGraphType>("boom")
            .Resolve(_ => throw new InvalidOperationException(TestSecrets.ExceptionMessage));
        Field<NodeType>("node").Resolve(_ => new object());
        Field<ListGraphType<NodeType>>("nodes").Resolve(_ => new[] { new object(), new object() });
        Field<StringGraphType>("slow").ResolveAsync(async context =>
        {
            await Task.Delay(TimeSpan.FromSeconds(10), context.CancellationToken);
            return "too late";
        });
    }
}

public sealed class NodeType : ObjectGraphType
{
    public NodeType()
    {
        Name = "Node";
        Field<IntGraphType>("value").Resolve(_ => 1);
        Field<NodeType>("child").Resolve(_ => new object());
        Field<ListGraphType<NodeType>>("children").Resolve(_ => new[] { new object() });
    }
}

public sealed class TestMutation : ObjectGraphType
{
    public TestMutation()
    {
        Name = "Mutation";
        Field<StringGraphType>("echo")
            .Argument<NonNullGraphType<StringGraphType>>("text")
            .Resolve(context => context.GetArgument<string>("text"));
    }
}

internal static class TestSecrets
{
    public const string ExceptionMessage = "Server=db.internal;Password=hunter2";
}
