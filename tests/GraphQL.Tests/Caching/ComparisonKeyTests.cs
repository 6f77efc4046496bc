using Jamforelse.GraphQL.Caching;

namespace Jamforelse.GraphQL.Tests.Caching;

public sealed class ComparisonKeyTests
{
    [Theory]
    [InlineData(null, null)]
    [InlineData("G37449", null)]
    [InlineData(null, "riket,average,region:0005,municipality:0581,group:G37449")]
    [InlineData("G37449", " group:G92790 , municipality:0580")]
    public void Kolada_groups_regions_and_municipalities_may_be_cached(string? group, string? references) =>
        Assert.True(Key(group, references).IsCacheable);

    [Theory]
    [InlineData("pg-0123456789", null)]
    [InlineData(null, "group:pg-0123456789")]
    [InlineData(null, "riket, group:pg-0123456789")]
    [InlineData(null, "riket,group:G1,group:pg-0123456789")]
    [InlineData(null, "group: pg-0123456789")]
    [InlineData(" G37449", null)]
    [InlineData("G", null)]
    [InlineData(null, "group:")]
    public void A_tenants_peer_group_or_anything_not_plainly_a_Kolada_group_is_never_cached(string? group, string? references) =>
        Assert.False(Key(group, references).IsCacheable);

    private static ComparisonKey Key(string? group, string? references) => new("N00945", "2023", "T", "total", null, group, references, null);
}
