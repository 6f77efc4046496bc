using System.Diagnostics;
using Jamforelse.Storage;

namespace Jamforelse.Benchmarks;

/// <summary>
/// Passes everything to the real store and adds up the time spent in reads of many documents and in
/// commits, so that an import's time splits into store reads, store writes and the rest (parsing,
/// validation, merging).
/// </summary>
internal sealed class TimedStore(IDocumentStore inner) : IDocumentStore
{
    private long _readTicks;
    private long _commitTicks;

    public TimeSpan ReadTime => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _readTicks));

    public TimeSpan CommitTime => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _commitTicks));

    public int Commits { get; private set; }

    public void Reset()
    {
        Interlocked.Exchange(ref _readTicks, 0);
        Interlocked.Exchange(ref _commitTicks, 0);
        Commits = 0;
    }

    public string Name => inner.Name;

    public IDocumentCollection<T> Collection<T>(string name) where T : class, IDocument =>
        new TimedCollection<T>(this, inner.Collection<T>(name));

    public async Task CommitAsync(WriteBatch batch, CancellationToken cancellationToken = default)
    {
        var start = Stopwatch.GetTimestamp();
        await inner.CommitAsync(batch, cancellationToken);
        Interlocked.Add(ref _commitTicks, Stopwatch.GetTimestamp() - start);
        Commits++;
    }

    public Task PingAsync(CancellationToken cancellationToken = default) => inner.PingAsync(cancellationToken);

    public void Dispose() => inner.Dispose();

    private sealed class TimedCollection<T>(TimedStore owner, IDocumentCollection<T> inner) : IDocumentCollection<T> where T : class, IDocument
    {
        public string Name => inner.Name;

        public Task<T?> GetAsync(string id, CancellationToken cancellationToken = default) => inner.GetAsync(id, cancellationToken);

        public async Task<IReadOnlyList<T>> GetManyAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken = default)
        {
            var start = Stopwatch.GetTimestamp();
            var found = await inner.GetManyAsync(ids, cancellationToken);
            Interlocked.Add(ref owner._readTicks, Stopwatch.GetTimestamp() - start);
            return found;
        }

        public Task<IReadOnlyList<T>> FindAsync(string field, object? value, int limit, CancellationToken cancellationToken = default) =>
            inner.FindAsync(field, value, limit, cancellationToken);

        public IAsyncEnumerable<T> ScanAsync(CancellationToken cancellationToken = default) => inner.ScanAsync(cancellationToken);

        public Task<long> CountAsync(CancellationToken cancellationToken = default) => inner.CountAsync(cancellationToken);

        public Task UpsertAsync(T document, CancellationToken cancellationToken = default) => inner.UpsertAsync(document, cancellationToken);

        public Task<bool> DeleteAsync(string id, CancellationToken cancellationToken = default) => inner.DeleteAsync(id, cancellationToken);

        public Task EnsureIndexAsync(string field, CancellationToken cancellationToken = default) => inner.EnsureIndexAsync(field, cancellationToken);
    }
}
