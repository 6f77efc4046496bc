using System.Collections.Concurrent;
using System.Text;
using GraphQL;
using GraphQL.Transport;
using Jamforelse.GraphQL.Clients;
using Jamforelse.GraphQL.Execution;
using Microsoft.Extensions.DependencyInjection;

namespace Jamforelse.GraphQL.Tests.Platform;

public sealed class SubscriptionTests(PlatformFactory factory) : IClassFixture<PlatformFactory>
{
    [Fact]
    public async Task An_import_reaches_a_comparison_subscriber_with_the_new_values()
    {
        await factory.WaitUntilReadyAsync();
        await using var scope = factory.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<GraphQLCaller>().Identity = PlatformFactory.PlatformAdmin;
        var executor = scope.ServiceProvider.GetRequiredService<IRequestExecutor>();
        var serializer = scope.ServiceProvider.GetRequiredService<IGraphQLTextSerializer>();
        var result = await executor.ExecuteAsync(new GraphQLRequest
        {
            Query = """subscription { comparisonUpdated(kpi: "N03920", areas: ["0581"]) { kpi period version comparison { rows { areaId value rank } } } }""",
        }, scope.ServiceProvider, CancellationToken.None);
        Assert.Null(result.Errors);
        var received = new ConcurrentQueue<string>();
        using var subscription = result.Streams!.Values.Single().Subscribe(new Collector(r => received.Enqueue(serializer.Serialize(r))));

        using var client = factory.CreateClient();
        using var import = await client.PostAsync(new Uri("/api/indicator-data/imports/csv?source=Test", UriKind.Relative),
            new StringContent("kpi,area,period,gender,value\nN03920,0581,2023,T,7.9\nN03920,0580,2023,T,5.1\n", Encoding.UTF8, "text/csv"));
        Assert.True(import.IsSuccessStatusCode);

        for (var waited = 0; received.IsEmpty; waited += 50)
        {
            Assert.True(waited < 15_000, "No comparisonUpdated within 15 s of the import.");
            await Task.Delay(50);
        }
        Assert.True(received.TryPeek(out var first));
        Assert.Contains("\"period\":\"2023\"", first, StringComparison.Ordinal);
        Assert.Contains("\"areaId\":\"0581\",\"value\":7.9,\"rank\":2", first, StringComparison.Ordinal);
        Assert.DoesNotContain("0580", first, StringComparison.Ordinal); // only the rows asked for
    }

    [Fact]
    public async Task A_rejected_import_ends_its_progress_with_failed_and_the_problem_count()
    {
        await factory.WaitUntilReadyAsync();
        await using var scope = factory.Services.CreateAsyncScope();
        var executor = scope.ServiceProvider.GetRequiredService<IRequestExecutor>();
        var serializer = scope.ServiceProvider.GetRequiredService<IGraphQLTextSerializer>();
        // An import is followed by the tenant that makes it: here the platform administrator, as the client below.
        scope.ServiceProvider.GetRequiredService<GraphQLCaller>().Identity = PlatformFactory.PlatformAdmin;
        var importId = "bad-rows-" + Guid.NewGuid().ToString("N");
        var result = await executor.ExecuteAsync(new GraphQLRequest
        {
            Query = $$"""subscription { importProgress(import: "{{importId}}") { importId phase rowsRead rowsValidated valuesMerged totalRows problems message } }""",
        }, scope.ServiceProvider, CancellationToken.None);
        Assert.Null(result.Errors);
        var received = new ConcurrentQueue<string>();
        var completed = new TaskCompletionSource();
        using var subscription = result.Streams!.Values.Single().Subscribe(new Collector(r => received.Enqueue(serializer.Serialize(r)), () => completed.TrySetResult()));

        using var client = factory.CreateClient();
        using var import = await client.PostAsync(new Uri($"/api/indicator-data/imports/csv?source=Test&importId={importId}", UriKind.Relative),
            new StringContent("kpi,area,period,gender,value\nN03920,0581,2019,T,7.9\nN03920,9999,2019,T,5.1\nN03920,0580,20x9,T,5.1\n", Encoding.UTF8, "text/csv"));
        Assert.Equal(System.Net.HttpStatusCode.UnprocessableEntity, import.StatusCode);

        await completed.Task.WaitAsync(TimeSpan.FromSeconds(15));
        var events = received.Select(e => System.Text.Json.JsonDocument.Parse(e).RootElement.GetProperty("data").GetProperty("importProgress")).ToList();
        Assert.Equal("VALIDATING", events[0].GetProperty("phase").GetString());
        var last = events[^1];
        Assert.Equal("FAILED", last.GetProperty("phase").GetString());
        Assert.Equal(importId, last.GetProperty("importId").GetString());
        Assert.Equal(2, last.GetProperty("problems").GetInt32());
        Assert.Equal(3, last.GetProperty("rowsRead").GetInt32());
        Assert.Equal(3, last.GetProperty("totalRows").GetInt32());
        Assert.Equal(0, last.GetProperty("valuesMerged").GetInt32());
        Assert.DoesNotContain(events, e => e.GetProperty("phase").GetString() == "MERGING");
    }

    [Fact]
    public async Task A_bad_import_id_is_refused_with_a_code_by_the_subscription_and_by_the_import()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var executor = scope.ServiceProvider.GetRequiredService<IRequestExecutor>();
        var result = await executor.ExecuteAsync(new GraphQLRequest { Query = """subscription { importProgress(import: "no/such id") { phase } }""" },
            scope.ServiceProvider, CancellationToken.None);
        Assert.Equal("BAD_USER_INPUT", Assert.Single(result.Errors!).Code);

        var (badForm, _) = await factory.ExecuteAsync("""mutation { importCsv(csv: "kpi,area,period,value\nN03920,0581,2018,7.5\n", source: "Test", importId: "x") { importId } }""");
        Assert.Equal("BAD_USER_INPUT", badForm.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString());

        var importId = "reused-" + Guid.NewGuid().ToString("N");
        var (first, _) = await factory.ExecuteAsync($$"""mutation { importCsv(csv: "kpi,area,period,value\nN03920,0581,2018,7.5\n", source: "Test", importId: "{{importId}}") { importId } }""");
        Assert.Equal(importId, first.GetProperty("data").GetProperty("importCsv").GetProperty("importId").GetString());
        var (again, _) = await factory.ExecuteAsync($$"""mutation { importCsv(csv: "kpi,area,period,value\nN03920,0581,2018,7.6\n", source: "Test", importId: "{{importId}}") { importId } }""");
        Assert.Equal("CONFLICT", again.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString());
    }

    private sealed class Collector(Action<ExecutionResult> onNext, Action? onCompleted = null) : IObserver<ExecutionResult>
    {
        public void OnCompleted() => onCompleted?.Invoke();

        public void OnError(Exception error)
        {
        }

        public void OnNext(ExecutionResult value) => onNext(value);
    }
}
