using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Jamforelse.IndicatorData.Kolada;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Jamforelse.IndicatorData.Tests.Kolada;

/// <summary>Runs the client against a real Kestrel server on a free local port; each test has its own server and folder.</summary>
public sealed class KoladaApiClientTests : IAsyncLifetime
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "kolada-fetch-tests", Guid.NewGuid().ToString("N"));
    private readonly RecordingTimeProvider clock = new();
    private readonly ConcurrentQueue<string> seen = new();
    private Func<HttpContext, Task> handler = _ => Task.CompletedTask;
    private WebApplication server = null!;
    private string origin = "";

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        server = builder.Build();
        server.Run(context =>
        {
            seen.Enqueue(context.Request.Path + context.Request.QueryString);
            return handler(context);
        });
        await server.StartAsync();
        origin = server.Urls.Single();
    }

    public async Task DisposeAsync()
    {
        await server.DisposeAsync();
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private KoladaApiClient Client(HttpClient http) => new(http, clock);

    private HttpClient Http() => new() { BaseAddress = new Uri(origin + "/v3/") };

    private static KoladaFetchRequest Request(IReadOnlyList<string>? kpis = null, IReadOnlyList<string>? municipalities = null, IReadOnlyList<int>? years = null) =>
        new(kpis ?? ["N01926"], municipalities ?? ["0580"], years ?? []);

    /// <summary>A /data page made of real records from the shipped Linköping sample (Källa: Kolada).</summary>
    private static async Task<string> PageAsync(int skip, int take, string? nextUrl)
    {
        await using var sample = KoladaReferenceFiles.Open(KoladaReferenceFiles.LinkopingSample);
        var records = (await JsonNode.ParseAsync(sample))!["values"]!.AsArray();
        var page = new JsonObject { ["values"] = new JsonArray(records.Skip(skip).Take(take).Select(r => r!.DeepClone()).ToArray()) };
        if (nextUrl is not null)
        {
            page["next_url"] = nextUrl;
        }
        return page.ToJsonString();
    }

    [Fact]
    public async Task Follows_next_url_and_writes_each_page_to_its_own_file_in_order()
    {
        var page1 = await PageAsync(0, 3, $"{origin}/v3/data/kpi/N01926/municipality/0580?page=2&per_page=5000");
        var page2 = await PageAsync(3, 2, nextUrl: null);
        handler = context => context.Response.WriteAsync(context.Request.Query["page"] == "2" ? page2 : page1);
        using var http = Http();

        var files = await Client(http).DownloadPagesAsync(Request(), folder, CancellationToken.None);

        string[] expected = ["/v3/data/kpi/N01926/municipality/0580?per_page=5000", "/v3/data/kpi/N01926/municipality/0580?page=2&per_page=5000"];
        Assert.Equal(expected, seen);
        Assert.Equal(2, files.Count);
        Assert.All(files, file => Assert.Equal(folder, Path.GetDirectoryName(file)));
        Assert.Equal(page1, await File.ReadAllTextAsync(files[0]));
        Assert.Equal(page2, await File.ReadAllTextAsync(files[1]));
    }

    [Fact]
    public async Task Splits_30_kpis_into_path_segments_of_25_and_5()
    {
        var kpis = Enumerable.Range(1, 30).Select(i => $"N{i:D5}").ToList();
        handler = context => context.Response.WriteAsync("""{"values":[],"next_url":null}""");
        using var http = Http();

        var files = await Client(http).DownloadPagesAsync(Request(kpis, municipalities: [], years: [2023, 2024]), folder, CancellationToken.None);

        Assert.Equal(2, files.Count);
        string[] expected =
        [
            $"/v3/data/kpi/{string.Join(',', kpis.Take(25))}/year/2023,2024?per_page=5000",
            $"/v3/data/kpi/{string.Join(',', kpis.Skip(25))}/year/2023,2024?per_page=5000",
        ];
        Assert.Equal(expected, seen);
    }

    [Fact]
    public async Task Requests_the_cartesian_product_of_chunks()
    {
        var municipalities = Enumerable.Range(1, 26).Select(i => $"{i:D4}").ToList();
        handler = context => context.Response.WriteAsync("""{"values":[]}""");
        using var http = Http();

        await Client(http).DownloadPagesAsync(Request(["N01926", "U00810"], municipalities, [2024]), folder, CancellationToken.None);

        string[] expected =
        [
            $"/v3/data/kpi/N01926,U00810/municipality/{string.Join(',', municipalities.Take(25))}/year/2024?per_page=5000",
            "/v3/data/kpi/N01926,U00810/municipality/0026/year/2024?per_page=5000",
        ];
        Assert.Equal(expected, seen);
    }

    [Fact]
    public async Task Retries_429_after_the_Retry_After_seconds_then_succeeds()
    {
        var page = await PageAsync(0, 1, nextUrl: null);
        handler = context =>
        {
            if (seen.Count == 1)
            {
                context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                context.Response.Headers.RetryAfter = "7";
                return Task.CompletedTask;
            }
            return context.Response.WriteAsync(page);
        };
        using var http = Http();

        var files = await Client(http).DownloadPagesAsync(Request(), folder, CancellationToken.None);

        Assert.Equal(2, seen.Count);
        Assert.Equal(new[] { TimeSpan.FromSeconds(7) }, clock.Delays);
        Assert.Equal(page, await File.ReadAllTextAsync(Assert.Single(files)));
    }

    [Fact]
    public async Task Honours_a_Retry_After_date_and_backs_off_exponentially_without_one()
    {
        handler = context =>
        {
            switch (seen.Count)
            {
                case 1:
                    context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                    context.Response.Headers.RetryAfter = RecordingTimeProvider.Now.AddSeconds(12).ToString("R");
                    return Task.CompletedTask;
                case 2 or 3:
                    context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                    return Task.CompletedTask;
                default:
                    return context.Response.WriteAsync("""{"values":[]}""");
            }
        };
        using var http = Http();

        await Client(http).DownloadPagesAsync(Request(), folder, CancellationToken.None);

        // The third attempt is the second retry: FirstRetryDelay (1 s) doubled once per earlier retry.
        Assert.Equal(new[] { TimeSpan.FromSeconds(12), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4) }, clock.Delays);
    }

    [Fact]
    public async Task Gives_up_on_persistent_429_after_max_attempts_with_capped_delays()
    {
        handler = context =>
        {
            context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            context.Response.Headers.RetryAfter = "120";
            return Task.CompletedTask;
        };
        using var http = Http();

        var error = await Assert.ThrowsAsync<KoladaApiException>(() => Client(http).DownloadPagesAsync(Request(), folder, CancellationToken.None));

        Assert.Equal(HttpStatusCode.TooManyRequests, error.StatusCode);
        Assert.Equal(6, seen.Count);
        Assert.Equal(Enumerable.Repeat(TimeSpan.FromSeconds(30), 5), clock.Delays);
    }

    [Fact]
    public async Task Persistent_500_is_retried_with_backoff_then_throws_with_url_and_status()
    {
        handler = context =>
        {
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            return Task.CompletedTask;
        };
        using var http = Http();

        var error = await Assert.ThrowsAsync<KoladaApiException>(() => Client(http).DownloadPagesAsync(Request(), folder, CancellationToken.None));

        Assert.Equal(HttpStatusCode.InternalServerError, error.StatusCode);
        Assert.Equal(new Uri($"{origin}/v3/data/kpi/N01926/municipality/0580?per_page=5000"), error.Url);
        Assert.Contains("500", error.Message, StringComparison.Ordinal);
        Assert.Equal(new KoladaFetchOptions().MaxAttempts, seen.Count); // a 5xx may pass: asked again, with backoff
        Assert.NotEmpty(clock.Delays);
    }

    [Theory]
    [InlineData("http://kolada.example.invalid/v3/data/kpi/N01926/municipality/0580?page=2")]
    [InlineData("https://127.0.0.1/v3/data/kpi/N01926/municipality/0580?page=2")]
    public async Task Refuses_a_next_url_on_another_host(string nextUrl)
    {
        var page = await PageAsync(0, 1, nextUrl);
        handler = context => context.Response.WriteAsync(page);
        using var http = Http();

        var error = await Assert.ThrowsAsync<KoladaApiException>(() => Client(http).DownloadPagesAsync(Request(), folder, CancellationToken.None));

        Assert.Contains("refusing", error.Message, StringComparison.Ordinal);
        Assert.Single(seen);
    }

    [Fact]
    public async Task Refuses_a_next_url_that_loops_back()
    {
        handler = context => context.Response.WriteAsync(context.Request.Query["page"] == "2"
            ? $$"""{"values":[],"next_url":"{{origin}}/v3/data/kpi/N01926/municipality/0580?per_page=5000"}"""
            : $$"""{"values":[],"next_url":"{{origin}}/v3/data/kpi/N01926/municipality/0580?page=2"}""");
        using var http = Http();

        var error = await Assert.ThrowsAsync<KoladaApiException>(() => Client(http).DownloadPagesAsync(Request(), folder, CancellationToken.None));

        Assert.Contains("loops", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, seen.Count);
    }

    public static TheoryData<string[], string[], int[], string> Invalid => new()
    {
        { [], ["0580"], [2024], "at least one KPI" },
        { ["N01926"], [], [], "at least two of KPI, municipality and year" },
        { ["N01926", "N0/1"], ["0580"], [], "not a Kolada id" },
        { ["N01926"], ["0580", " "], [], "not a Kolada id" },
        { ["N01926"], ["0580"], [24], "four-digit years" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public async Task Rejects_requests_Kolada_cannot_answer(string[] kpis, string[] municipalities, int[] years, string message)
    {
        using var http = Http();

        var error = await Assert.ThrowsAsync<ArgumentException>(
            () => Client(http).DownloadPagesAsync(new KoladaFetchRequest(kpis, municipalities, years), folder, CancellationToken.None));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
        Assert.Empty(seen);
    }

    /// <summary>Fixed clock whose timers fire at once and record how long they were asked to wait.</summary>
    private sealed class RecordingTimeProvider : TimeProvider
    {
        public static readonly DateTimeOffset Now = new(2026, 9, 4, 12, 0, 0, TimeSpan.Zero);

        public ConcurrentQueue<TimeSpan> Delays { get; } = new();

        public override DateTimeOffset GetUtcNow() => Now;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            Delays.Enqueue(dueTime);
            ThreadPool.QueueUserWorkItem(_ => callback(state));
            return new FiredTimer();
        }

        private sealed class FiredTimer : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) => false;

            public void Dispose() { }

            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }
}
