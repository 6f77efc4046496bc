using Jamforelse.GraphQL.Clients;
using System.Collections.Concurrent;
using System.Text;
using GraphQL;
using GraphQL.Transport;
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

    private sealed class Collector(Action<ExecutionResult> onNext) : IObserver<ExecutionResult>
    {
        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }

        public void OnNext(ExecutionResult value) => onNext(value);
    }
}
