using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using GraphQL;
using GraphQL.Validation;
using Jamforelse.GraphQL.Execution;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Jamforelse.GraphQL.Tests.Http;

/// <summary>
/// Documents written to cost more than they look: refused before the cost is paid, as a 400 with a coded
/// GraphQL error, never a 500 or a core kept busy.
/// </summary>
public sealed class HostileDocumentTests(ITestOutputHelper output)
{
    /// <summary>Only a guard against a hang: a refused fan-out takes milliseconds (the figure is written to the output).</summary>
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(2);

    /// <summary>
    /// query { ...F0 } fragment F0 on Query { a: __typename ...F1 ...F1 } … : each level spreads the next twice,
    /// so the document is linear in <paramref name="levels"/> and its expansion 2^levels fields.
    /// </summary>
    internal static string FanOut(int levels)
    {
        var document = new StringBuilder("query { ...F0 }");
        for (var level = 0; level < levels; level++)
        {
            document.Append(level + 1 < levels
                ? $" fragment F{level} on Query {{ a: __typename ...F{level + 1} ...F{level + 1} }}"
                : $" fragment F{level} on Query {{ a: __typename }}");
        }
        return document.ToString();
    }

    [Theory]
    [InlineData(30)]
    [InlineData(60)]
    public async Task Fragment_fan_out_is_refused_as_too_complex_in_milliseconds(int levels)
    {
        await using var app = await TestApp.StartAsync();
        var document = FanOut(levels);
        // A smaller fan-out first (2^15 fields, refused too): the schema built and the code compiled, so that the time is the refusal's.
        await app.PostQueryAsync(FanOut(15));

        var clock = Stopwatch.StartNew();
        var answer = await app.PostQueryAsync(document).WaitAsync(HangGuard);
        output.WriteLine($"{levels} levels ({document.Length} characters): {answer.Status} in {clock.Elapsed.TotalMilliseconds:F1} ms");

        Assert.Equal(400, answer.Status);
        Assert.Equal([ErrorCodes.MaxComplexityExceeded], answer.ErrorCodes());
        Assert.False(answer.HasData);
    }

    [Fact]
    public async Task Fragment_fan_out_within_the_limits_still_runs()
    {
        await using var app = await TestApp.StartAsync();

        // 2^6 - 1 fields in all, every one answering to "a": under the 100 repeats allowed.
        var answer = await app.PostQueryAsync(FanOut(6)).WaitAsync(HangGuard);

        Assert.Equal(200, answer.Status);
        Assert.Equal("Query", answer.Json.GetProperty("data").GetProperty("a").GetString());
    }

    [Theory]
    [InlineData("a: hello ", 101)]
    [InlineData("a: hello(name: \"1\") a: hello(name: \"2\") ", 1000)]
    [InlineData("a: node { b: child { value } } ", 101)]
    public async Task Fields_repeating_one_response_name_beyond_the_limit_are_refused_before_validation_compares_them(string fields, int times)
    {
        await using var app = await TestApp.StartAsync();
        var within = await app.PostQueryAsync("{ " + string.Concat(Enumerable.Repeat("a: hello ", RequestExecutor.MaxFieldRepeats)) + "}");

        // 2,000 fields named "a" with two arguments took graphql-dotnet's validation 100 s and a million errors.
        var answer = await app.PostQueryAsync("{ " + string.Concat(Enumerable.Repeat(fields, times)) + "}").WaitAsync(HangGuard);

        Assert.Equal(200, within.Status);
        Assert.Equal(400, answer.Status);
        Assert.Equal([ErrorCodes.MaxComplexityExceeded], answer.ErrorCodes());
    }

    [Fact]
    public async Task Fragments_count_toward_depth_where_they_are_spread()
    {
        await using var app = await TestApp.StartAsync(o => o.MaxDepth = 4);
        const string Fragments = " fragment Deeper on Node { child { ...Deepest } } fragment Deepest on Node { child { value } }";

        var ok = await app.PostQueryAsync("{ node { ...Deeper } }" + Fragments);
        var tooDeep = await app.PostQueryAsync("{ node { child { ...Deeper } } }" + Fragments);

        Assert.Equal(200, ok.Status);
        Assert.Equal(400, tooDeep.Status);
        Assert.Equal([ErrorCodes.MaxDepthExceeded], tooDeep.ErrorCodes());
    }

    [Fact]
    public async Task Fragment_cycle_is_a_validation_error_not_a_hang()
    {
        await using var app = await TestApp.StartAsync();

        var answer = await app.PostQueryAsync("{ ...A } fragment A on Query { hello ...B } fragment B on Query { hello ...A }").WaitAsync(HangGuard);

        Assert.Equal(400, answer.Status);
        Assert.Contains("NO_FRAGMENT_CYCLES", answer.ErrorCodes());
    }

    [Theory]
    [InlineData("{ node { ", "child { ", " value ")]
    [InlineData("{ __typename node { ", "child { ", " value ")]
    [InlineData("{ __type(name: \"Query\") { ", "fields { type { ", " name } ")]
    public async Task A_selection_set_1000_deep_is_400_and_logs_no_more_than_an_excerpt(string start, string level, string end)
    {
        var logs = new CollectedLogs();
        await using var app = await TestApp.StartAsync(services: s => s.AddSingleton<ILoggerProvider>(logs));
        var open = start + string.Concat(Enumerable.Repeat(level, 1000)) + end;
        var document = open + new string('}', open.Count(c => c == '{') - open.Count(c => c == '}'));

        var answer = await app.PostQueryAsync(document).WaitAsync(HangGuard);

        Assert.Equal(400, answer.Status);
        Assert.Equal([ErrorCodes.MaxDepthExceeded], answer.ErrorCodes());
        Assert.DoesNotContain(logs.Entries, e => e.Level >= LogLevel.Error);
        // The refusal is logged with the document's first 200 characters, and not one more.
        Assert.Contains(logs.Entries, e => e.Text.Contains(document[..RequestExecutor.LoggedExcerptLength], StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Entries, e => e.Text.Contains(document[..(RequestExecutor.LoggedExcerptLength + 1)], StringComparison.Ordinal));
        Assert.True(answer.Text.Length < 1000, $"an answer of {answer.Text.Length} characters");
    }

    [Fact]
    public async Task The_timeout_covers_validation_not_only_execution()
    {
        await using var app = await TestApp.StartAsync(
            o => o.ExecutionTimeout = TimeSpan.FromMilliseconds(300),
            graphql: b => b.AddValidationRule<SlowValidationRule>());

        var clock = Stopwatch.StartNew();
        var answer = await app.PostQueryAsync("{ hello }").WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(504, answer.Status);
        Assert.Equal([ErrorCodes.Timeout], answer.ErrorCodes());
        Assert.True(clock.Elapsed < SlowValidationRule.Delay, $"answered after {clock.ElapsedMilliseconds} ms");
    }

    /// <summary>A validation rule that takes longer than the time-out (as a costly analysis would).</summary>
    private sealed class SlowValidationRule : ValidationRuleBase
    {
        public static readonly TimeSpan Delay = TimeSpan.FromSeconds(4);

        public override async ValueTask<INodeVisitor?> GetPreNodeVisitorAsync(ValidationContext context)
        {
            await Task.Delay(Delay, context.CancellationToken);
            return null;
        }
    }

    private sealed class CollectedLogs : ILoggerProvider
    {
        public ConcurrentQueue<(LogLevel Level, string Text)> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(Entries);

        public void Dispose()
        {
        }

        private sealed class Logger(ConcurrentQueue<(LogLevel, string)> entries) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                entries.Enqueue((logLevel, formatter(state, exception) + exception));
        }
    }
}
