using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text.Json;
using Jamforelse.Contracts.IndicatorData;
using Jamforelse.IndicatorData.Domain;
using Jamforelse.IndicatorData.Storage;
using Jamforelse.ServiceDefaults.Messaging;
using Jamforelse.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Jamforelse.IndicatorData.Imports;

/// <summary>Opens the rows of an import; called twice (validate, then write), so the source must be re-readable.</summary>
public delegate IAsyncEnumerable<ImportRow> RowSource(CancellationToken cancellationToken);

/// <summary>
/// Imports observations from any source in two streamed passes: first every row is validated and nothing
/// is written unless all are good; then rows are merged into their series a chunk at a time, keeping
/// replaced values in history. Values equal to what is stored change nothing, so an import repeated
/// changes nothing and publishes nothing. One <see cref="IndicatorValuesChanged"/> per key figure goes
/// through the outbox with the import's log entry.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "Its SemaphoreSlim is never disposed on purpose: see the field.")]
public sealed partial class ObservationImporter(
    IndicatorDataStore store, ReferenceData reference, TimeProvider clock,
    IOptions<IndicatorDataOptions> options, ILogger<ObservationImporter> logger)
{
    /// <summary>Values merged per store commit: bounds memory while keeping commits few.</summary>
    public const int ChunkSize = 20_000;

    // Never disposed: disposing a SemaphoreSlim drops its queued waiters, which then wait for ever (a consumer
    // still queued while the host stopped kept the test host from exiting).
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    /// <summary>The platform's own imports (the shipped samples, benchmarks): no caller's rights apply.</summary>
    public Task<ImportOutcome> ImportAsync(string kind, string source, RowSource rows, CancellationToken cancellationToken = default) =>
        ImportAsync(kind, source, rows, null, cancellationToken);

    /// <param name="access">The caller's rights on key figures (null: the platform's own imports).</param>
    public async Task<ImportOutcome> ImportAsync(string kind, string source, RowSource rows, KeyFigureAccess? access, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        // Imports run one at a time so that the validation pass sees what the write pass will change.
        await _oneAtATime.WaitAsync(cancellationToken);
        try
        {
            var importId = $"{clock.GetUtcNow():yyyyMMddHHmmss}-{Guid.NewGuid():N}"[..26];
            var startedAt = clock.GetUtcNow();
            var (problems, rejected) = await ValidateAsync(rows, source, access, cancellationToken);
            if (rejected > 0)
            {
                LogRejected(logger, kind, rejected);
                return new ImportOutcome { ImportId = importId, Rejected = rejected, Problems = problems };
            }
            var outcome = await WriteAsync(importId, kind, source, startedAt, rows, cancellationToken);
            LogImported(logger, kind, importId, outcome.Inserted, outcome.Updated, outcome.Unchanged);
            return outcome;
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    private async Task<(List<ImportProblem> Problems, int Rejected)> ValidateAsync(RowSource rows, string source, KeyFigureAccess? access, CancellationToken cancellationToken)
    {
        var problems = new List<ImportProblem>();
        var rejected = 0;
        var seen = new Dictionary<ulong, (double? Value, ObservationStatus Status, int Row)>();
        var rowNumber = 0;
        void Reject(int row, string position, string message)
        {
            rejected++;
            if (problems.Count < options.Value.MaxProblemsListed)
            {
                problems.Add(new ImportProblem(row, position, message));
            }
        }
        try
        {
            await foreach (var row in rows(cancellationToken))
            {
                rowNumber++;
                if (!RowRules.TryValidate(row, reference, source, out var valid, out var error, access))
                {
                    Reject(rowNumber, row.Position, error);
                    continue;
                }
                var key = KeyHash(valid);
                if (seen.TryGetValue(key, out var first))
                {
                    if (first.Value != valid.Value || first.Status != valid.Status)
                    {
                        Reject(rowNumber, row.Position,
                            $"conflicts with row {first.Row}: the same key figure, area, period, gender and provider ({valid.KpiId}, {valid.AreaId}, {valid.Period}, {valid.Gender}, {valid.Provider}) with another value.");
                    }
                    continue;
                }
                seen[key] = (valid.Value, valid.Status, rowNumber);
            }
        }
        catch (JsonException exception)
        {
            Reject(rowNumber + 1, "JSON", "malformed JSON: " + exception.Message);
        }
        if (rowNumber == 0 && rejected == 0)
        {
            Reject(0, "input", "the import holds no values.");
        }
        return (problems, rejected);
    }

    private static ulong KeyHash(in ValidRow row)
    {
        var key = $"{row.KpiId}|{row.AreaId}|{row.PointKey}";
        return XxHash3.HashToUInt64(MemoryMarshal.AsBytes(key.AsSpan()));
    }

    private async Task<ImportOutcome> WriteAsync(string importId, string kind, string source, DateTimeOffset startedAt, RowSource rows, CancellationToken cancellationToken)
    {
        var counts = new Counts();
        var changes = new SortedDictionary<string, KeyFigureChange>(StringComparer.Ordinal);
        var pending = new Dictionary<string, List<ValidRow>>(StringComparer.Ordinal);
        var pendingCount = 0;
        await foreach (var row in rows(cancellationToken))
        {
            RowRules.TryValidate(row, reference, source, out var valid, out _);
            if (!pending.TryGetValue(valid.SeriesId, out var list))
            {
                pending[valid.SeriesId] = list = [];
            }
            list.Add(valid);
            if (++pendingCount >= ChunkSize)
            {
                await MergeAsync(pending, importId, counts, changes, cancellationToken);
                pending.Clear();
                pendingCount = 0;
            }
        }
        await MergeAsync(pending, importId, counts, changes, cancellationToken);

        var finishedAt = clock.GetUtcNow();
        var log = new WriteBatch().Upsert(IndicatorDataStore.Imports, new ImportRecord
        {
            Id = importId,
            Kind = kind,
            Source = source,
            StartedAt = startedAt,
            FinishedAt = finishedAt,
            Inserted = counts.Inserted,
            Updated = counts.Updated,
            Unchanged = counts.Unchanged,
            KeyFiguresChanged = [.. changes.Keys],
        });
        foreach (var (kpiId, change) in changes)
        {
            Outbox.Enqueue(log, new IndicatorValuesChanged
            {
                KpiId = kpiId,
                AreaIds = [.. change.Areas],
                Periods = [.. change.Periods],
                ImportId = importId,
                ValuesChanged = change.Values,
                ChangedAt = finishedAt,
            }, clock);
        }
        await store.Outbox.CommitAsync(log, cancellationToken);
        return new ImportOutcome
        {
            ImportId = importId,
            Inserted = counts.Inserted,
            Updated = counts.Updated,
            Unchanged = counts.Unchanged,
            KeyFiguresChanged = [.. changes.Keys],
        };
    }

    private async Task MergeAsync(
        Dictionary<string, List<ValidRow>> pending, string importId, Counts counts,
        SortedDictionary<string, KeyFigureChange> changes, CancellationToken cancellationToken)
    {
        if (pending.Count == 0)
        {
            return;
        }
        var existing = (await store.SeriesCollection.GetManyAsync(pending.Keys, cancellationToken)).ToDictionary(s => s.Id, StringComparer.Ordinal);
        var now = clock.GetUtcNow();
        var batch = new WriteBatch();
        foreach (var (seriesId, rows) in pending)
        {
            var series = existing.GetValueOrDefault(seriesId)
                ?? new ObservationSeries { Id = seriesId, KpiId = rows[0].KpiId, AreaId = rows[0].AreaId };
            var points = series.Points.ToDictionary(p => ValidRow.PointKeyOf(p.Period, p.Gender, p.Provider), StringComparer.Ordinal);
            var changed = false;
            foreach (var row in rows)
            {
                if (points.TryGetValue(row.PointKey, out var point))
                {
                    if (point.SameValueAs(row.Value, row.Count, row.Status))
                    {
                        counts.Unchanged++;
                        continue;
                    }
                    (point.History ??= []).Add(new ObservationRevision
                    {
                        Value = point.Value,
                        Count = point.Count,
                        Status = point.Status,
                        Source = point.Source,
                        ImportId = point.ImportId,
                        RecordedAt = point.RecordedAt,
                        ReplacedAt = now,
                    });
                    counts.Updated++;
                }
                else if (row.Deleted)
                {
                    counts.Unchanged++; // nothing stored to withdraw
                    continue;
                }
                else
                {
                    point = new ObservationPoint { Period = row.Period, Gender = row.Gender, Provider = row.Provider };
                    points[row.PointKey] = point;
                    series.Points.Add(point);
                    counts.Inserted++;
                }
                point.Value = row.Value;
                point.Count = row.Count;
                point.Status = row.Status;
                point.Source = row.Source;
                point.ImportId = importId;
                point.RecordedAt = now;
                changed = true;
                if (!changes.TryGetValue(row.KpiId, out var change))
                {
                    changes[row.KpiId] = change = new KeyFigureChange();
                }
                change.Areas.Add(row.AreaId);
                change.Periods.Add(row.Period);
                change.Values++;
            }
            if (changed)
            {
                series.Points.Sort(static (a, b) => (a.Period, a.Gender, a.Provider).CompareTo((b.Period, b.Gender, b.Provider)));
                batch.Upsert(IndicatorDataStore.Series, series);
            }
        }
        await store.Store.CommitAsync(batch, cancellationToken);
    }

    private sealed class Counts
    {
        public int Inserted;
        public int Updated;
        public int Unchanged;
    }

    private sealed class KeyFigureChange
    {
        public SortedSet<string> Areas { get; } = new(StringComparer.Ordinal);
        public SortedSet<string> Periods { get; } = new(StringComparer.Ordinal);
        public int Values { get; set; }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Kind} import rejected: {Rejected} bad rows, nothing written")]
    private static partial void LogRejected(ILogger logger, string kind, int rejected);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Kind} import {ImportId}: {Inserted} inserted, {Updated} updated, {Unchanged} unchanged")]
    private static partial void LogImported(ILogger logger, string kind, string importId, int inserted, int updated, int unchanged);
}
