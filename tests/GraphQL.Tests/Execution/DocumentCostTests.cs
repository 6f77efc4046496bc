using System.Diagnostics;
using System.Globalization;
using System.Text;
using Jamforelse.GraphQL.Execution;
using Jamforelse.GraphQL.Tests.Http;
using GraphQLParser;

namespace Jamforelse.GraphQL.Tests.Execution;

/// <summary>An operation's cost written out, counted by hand (pure: no host).</summary>
public sealed class DocumentCostTests
{
    private static DocumentCost Single(string document) => Assert.Single(DocumentCost.OfOperations(Parser.Parse(document)));

    [Theory]
    [InlineData("{ hello }", 1, 1, 1)]
    [InlineData("{ node { child { child { value } } } }", 4, 4, 1)]
    [InlineData("{ node { ...Deeper } } fragment Deeper on Node { child { ...Deepest } } fragment Deepest on Node { child { value } }", 4, 4, 1)]
    [InlineData("{ node { ... on Node { value child { value } } } hello }", 5, 3, 1)]
    [InlineData("{ ...Missing hello }", 1, 1, 1)]
    // Response names: "a" three times at the root, its "value" up to twice below each of them.
    [InlineData("{ a: hello a: hello a: node { value value } }", 5, 2, 6)]
    [InlineData("{ a: node { value } ...More } fragment More on Query { a: node { value ... on Node { value } } b: hello }", 6, 2, 4)]
    [InlineData("{ a: hello b: hello c: hello }", 3, 1, 1)]
    public void Fields_depth_and_repeats_count_fragments_where_they_are_spread(string document, long fields, int depth, long repeats) =>
        Assert.Equal(new DocumentCost(fields, depth, repeats), Single(document));

    [Fact]
    public void A_fan_out_counts_every_field_it_expands_to_and_saturates_past_what_a_long_holds()
    {
        Assert.Equal(new DocumentCost((1L << 60) - 1, 1, (1L << 60) - 1), Single(HostileDocumentTests.FanOut(60)));
        Assert.Equal(new DocumentCost(long.MaxValue, 1, long.MaxValue), Single(HostileDocumentTests.FanOut(200)));
    }

    [Fact]
    public void A_chain_of_fifty_thousand_fragments_is_measured_without_exhausting_the_stack()
    {
        const int Length = 50_000;
        var document = new StringBuilder("{ ...F0 }");
        for (var i = 0; i < Length; i++)
        {
            document.Append(i + 1 < Length ? $" fragment F{i} on Query {{ a: __typename ...F{i + 1} }}" : $" fragment F{i} on Query {{ a: __typename }}");
        }

        Assert.Equal(new DocumentCost(Length, 1, Length), Single(document.ToString()));
    }

    [Fact]
    public void A_chain_of_fragments_each_adding_a_name_fills_a_256_kb_body_and_is_reported_as_uncountable_at_once()
    {
        var document = new StringBuilder("{ ...F0 }");
        var i = 0;
        for (; document.Length < 256 * 1024; i++)
        {
            document.Append(CultureInfo.InvariantCulture, $" fragment F{i} on Query {{ n{i}: hello ...F{i + 1} }}");
        }
        document.Append(CultureInfo.InvariantCulture, $" fragment F{i} on Query {{ last: hello }}");
        var parsed = Parser.Parse(document.ToString());

        var clock = Stopwatch.StartNew();
        var cost = Assert.Single(DocumentCost.OfOperations(parsed));
        var elapsed = clock.Elapsed;

        Assert.Equal(long.MaxValue, cost.Fields);
        Assert.True(elapsed < TimeSpan.FromSeconds(1), $"{elapsed.TotalMilliseconds} ms (only a guard against a hang: it takes milliseconds)");
    }

    [Fact]
    public void A_fragment_cycle_ends_where_it_closes()
    {
        var cost = Single("{ ...A } fragment A on Query { a: __typename ...B } fragment B on Query { b: __typename ...A }");

        Assert.Equal(2, cost.Fields);
    }
}
