using GraphQL.DataLoader;

namespace Jamforelse.GraphQL.Clients;

/// <summary>
/// A small per-request batcher (graphql-dotnet's DataLoader package is not obtainable here): fields ask
/// for keys while the execution strategy walks a level of the tree, and the first field that needs its
/// answer fetches every key asked for so far in one call per batch. Answers are cached for the request.
/// </summary>
public sealed class Batcher<TKey, TValue>(Func<IReadOnlyList<TKey>, CancellationToken, Task<IReadOnlyDictionary<TKey, TValue>>> fetch)
    where TKey : notnull
{
    private readonly Lock _lock = new();
    private readonly HashSet<TKey> _pending = [];
    private readonly Dictionary<TKey, Task<IReadOnlyDictionary<TKey, TValue>>> _batches = [];

    public IDataLoaderResult<TValue?> Load(TKey key)
    {
        lock (_lock)
        {
            if (!_batches.ContainsKey(key))
            {
                _pending.Add(key);
            }
        }
        return new Result(this, key);
    }

    private Task<IReadOnlyDictionary<TKey, TValue>> BatchOf(TKey key, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_batches.TryGetValue(key, out var batch))
            {
                return batch;
            }
            var keys = _pending.Append(key).Distinct().ToList();
            _pending.Clear();
            batch = fetch(keys, cancellationToken);
            foreach (var k in keys)
            {
                _batches[k] = batch;
            }
            return batch;
        }
    }

    private sealed class Result(Batcher<TKey, TValue> batcher, TKey key) : IDataLoaderResult<TValue?>
    {
        public async Task<TValue?> GetResultAsync(CancellationToken cancellationToken = default) =>
            (await batcher.BatchOf(key, cancellationToken)).GetValueOrDefault(key);

        async Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken cancellationToken) => await GetResultAsync(cancellationToken);
    }
}

/// <summary>A value computed once the batches it depends on have been fetched (a field's deferred answer).</summary>
public sealed class Deferred<T>(Func<CancellationToken, Task<T>> compute) : IDataLoaderResult<T>
{
    public Task<T> GetResultAsync(CancellationToken cancellationToken = default) => compute(cancellationToken);

    async Task<object?> IDataLoaderResult.GetResultAsync(CancellationToken cancellationToken) => await compute(cancellationToken);
}
