namespace Jamforelse.GraphQL.Caching;

/// <summary>
/// A least-recently-used cache bounded by entries, by a total weight (bytes) and by an entry's age, whose
/// entries are tagged with the key figures they rest on, so that an update of one key figure evicts exactly
/// what it makes stale. Every eviction moves the generation on: a value fetched before an eviction began
/// (read with <see cref="Generation"/>) is refused when it arrives after it, so a slow request cannot put
/// back what an update just removed.
/// </summary>
public sealed class BoundedCache<TKey, TValue>(int maxEntries, long maxWeight, TimeSpan lifetime, TimeProvider clock)
    where TKey : notnull
{
    private readonly Lock _lock = new();
    private readonly Dictionary<TKey, LinkedListNode<Entry>> _entries = [];
    private readonly LinkedList<Entry> _recency = new();
    private long _weight;
    private long _generation;

    public long Generation
    {
        get
        {
            lock (_lock)
            {
                return _generation;
            }
        }
    }

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    public long Weight
    {
        get
        {
            lock (_lock)
            {
                return _weight;
            }
        }
    }

    public bool TryGet(TKey key, out TValue value)
    {
        lock (_lock)
        {
            if (_entries.TryGetValue(key, out var node))
            {
                if (clock.GetUtcNow() - node.Value.Stored < lifetime)
                {
                    _recency.Remove(node);
                    _recency.AddFirst(node);
                    value = node.Value.Value;
                    return true;
                }
                Remove(node);
            }
        }
        value = default!;
        return false;
    }

    /// <summary>Keeps a value fetched when the cache was at <paramref name="generation"/>, unless something was evicted since.</summary>
    public void Set(TKey key, TValue value, long weight, IReadOnlyCollection<string> tags, long generation)
    {
        if (maxEntries <= 0 || weight > maxWeight)
        {
            return;
        }
        lock (_lock)
        {
            if (generation != _generation)
            {
                return;
            }
            if (_entries.TryGetValue(key, out var existing))
            {
                Remove(existing);
            }
            var node = _recency.AddFirst(new Entry(key, value, weight, tags, clock.GetUtcNow()));
            _entries[key] = node;
            _weight += weight;
            while (_entries.Count > maxEntries || _weight > maxWeight)
            {
                Remove(_recency.Last!);
            }
        }
    }

    /// <summary>Evicts every entry that rests on the key figure.</summary>
    public void Evict(string tag)
    {
        lock (_lock)
        {
            _generation++;
            for (var node = _recency.First; node is not null;)
            {
                var next = node.Next;
                if (node.Value.Tags.Contains(tag))
                {
                    Remove(node);
                }
                node = next;
            }
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            _generation++;
            _entries.Clear();
            _recency.Clear();
            _weight = 0;
        }
    }

    private void Remove(LinkedListNode<Entry> node)
    {
        _recency.Remove(node);
        _entries.Remove(node.Value.Key);
        _weight -= node.Value.Weight;
    }

    private sealed record Entry(TKey Key, TValue Value, long Weight, IReadOnlyCollection<string> Tags, DateTimeOffset Stored);
}
