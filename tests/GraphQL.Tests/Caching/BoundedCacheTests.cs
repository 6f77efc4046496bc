using Jamforelse.GraphQL.Caching;

namespace Jamforelse.GraphQL.Tests.Caching;

public sealed class BoundedCacheTests
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    [Fact]
    public void The_least_recently_used_entry_goes_when_the_entries_are_full()
    {
        var cache = new BoundedCache<string, int>(2, long.MaxValue, Lifetime, TimeProvider.System);
        cache.Set("a", 1, 1, ["N1"], cache.Generation);
        cache.Set("b", 2, 1, ["N1"], cache.Generation);
        Assert.True(cache.TryGet("a", out _));
        cache.Set("c", 3, 1, ["N1"], cache.Generation);
        Assert.True(cache.TryGet("a", out var a));
        Assert.Equal(1, a);
        Assert.False(cache.TryGet("b", out _));
        Assert.True(cache.TryGet("c", out _));
    }

    [Fact]
    public void The_weight_is_bounded_and_an_entry_heavier_than_the_bound_is_not_kept()
    {
        var cache = new BoundedCache<string, byte[]>(int.MaxValue, 100, Lifetime, TimeProvider.System);
        cache.Set("a", new byte[60], 60, ["N1"], cache.Generation);
        cache.Set("b", new byte[60], 60, ["N1"], cache.Generation);
        Assert.Equal(1, cache.Count);
        Assert.Equal(60, cache.Weight);
        Assert.True(cache.TryGet("b", out _));
        cache.Set("c", new byte[101], 101, ["N1"], cache.Generation);
        Assert.False(cache.TryGet("c", out _));
    }

    [Fact]
    public void An_update_of_a_key_figure_evicts_what_rests_on_it_and_refuses_what_was_fetched_before_it()
    {
        var cache = new BoundedCache<string, int>(10, long.MaxValue, Lifetime, TimeProvider.System);
        cache.Set("one", 1, 1, ["N1"], cache.Generation);
        cache.Set("both", 2, 1, ["N1", "N2"], cache.Generation);
        cache.Set("two", 3, 1, ["N2"], cache.Generation);
        var before = cache.Generation;

        cache.Evict("N1");

        Assert.False(cache.TryGet("one", out _));
        Assert.False(cache.TryGet("both", out _));
        Assert.True(cache.TryGet("two", out _));
        // A request that began before the update and answers after it must not put the old value back.
        cache.Set("one", 1, 1, ["N1"], before);
        Assert.False(cache.TryGet("one", out _));
        cache.Set("one", 4, 1, ["N1"], cache.Generation);
        Assert.True(cache.TryGet("one", out var fresh));
        Assert.Equal(4, fresh);
    }

    [Fact]
    public void An_entry_expires_after_its_lifetime()
    {
        var clock = new ManualClock();
        var cache = new BoundedCache<string, int>(10, long.MaxValue, Lifetime, clock);
        cache.Set("a", 1, 1, ["N1"], cache.Generation);
        clock.Now += Lifetime - TimeSpan.FromSeconds(1);
        Assert.True(cache.TryGet("a", out _));
        clock.Now += TimeSpan.FromSeconds(1);
        Assert.False(cache.TryGet("a", out _));
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void A_cache_of_no_entries_keeps_nothing()
    {
        var cache = new BoundedCache<string, int>(0, long.MaxValue, Lifetime, TimeProvider.System);
        cache.Set("a", 1, 1, ["N1"], cache.Generation);
        Assert.False(cache.TryGet("a", out _));
    }

    private sealed class ManualClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
