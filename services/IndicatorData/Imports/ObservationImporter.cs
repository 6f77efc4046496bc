using System.Collections.Concurrent;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text.Json;
using Jamforelse.Contracts.IndicatorData;
using Jamforelse.IndicatorData.Domain;
using Jamforelse.IndicatorData.Storage;
using Jamforelse.ServiceDefaults.Messaging;
using Jamforelse.Storage;
using MassTransit;
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
/// <para>
/// Progress (<see cref="ImportProgressed"/>) is published when a phase starts and every
/// <see cref="ChunkSize"/> rows within it, never per row. Those events go straight to the bus, best effort:
/// progress is ephemeral, and writing each to the outbox would add store commits to the import for
/// nothing a crash needs to keep. The final event (completed or failed) goes through the outbox, with the
/// import's data when it has any, so that a subscriber always learns how the import ended.
/// </para>
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "Its SemaphoreSlim is never disposed on purpose: see the field.")]
public sealed partial class ObservationImporter(
    IndicatorDataStore store, ReferenceData reference, TimeProvider clock,
    IOptions<IndicatorDataOptions> options, ILogger<ObservationImporter> logger, IBus? bus = null)
{
    /// <summary>Values merged per store commit: bounds memory while keeping commits few.</summary>
    public const int ChunkSize = 20_000;

    private static readonly TimeSpan ProgressPublishTimeout = TimeSpan.FromSeconds(2);

    // Never disposed: disposing a SemaphoreSlim drops its queued waiters, which then wait for ever (a consumer
    // still queued while the host stopped kept the test host from exiting).
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    /// <summary>Ids taken since start by owner (<see cref="ImportIds.StoreKey"/>), rejected imports (which leave no record) and queued ones included.</summary>
    private readonly ConcurrentDictionary<string, byte> _claimed = new(StringComparer.Ordinal);

    /// <summary>
    /// Takes an id for an import of <paramref name="owner"/>: the caller's own (so that it can subscribe to the
    /// import's progress before sending it), or a new one. A caller's id has 8–64 letters, digits, '-' or '_', and is
    /// used once by its owner; another tenant's imports never make it "used".
    /// </summary>
    public async Task<ImportIdClaim> ClaimIdAsync(string? requested, string owner, CancellationToken cancellationToken = default)
    {
        if (requested is null)
        {
            var id = $"{clock.GetUtcNow():yyyyMMddHHmmss}-{Guid.NewGuid():N}"[..26];
            var claim = new ImportIdClaim(id, null, false) { Owner = owner };
            _claimed.TryAdd(claim.StoreKey, 0);
            return claim;
        }
        var requestedClaim = new ImportIdClaim(requested, null, false) { Owner = owner };
        if (!ImportIds.IsWellFormed(requested))
        {
            return requestedClaim with { Error = $"importId \"{requested}\" is not an import id: 8 to 64 letters, digits, '-' or '_'." };
        }
        if (await store.ImportCollection.GetAsync(requestedClaim.StoreKey, cancellationToken) is not null || !_claimed.TryAdd(requestedClaim.StoreKey, 0))
        {
            return requestedClaim with { Error = $"importId \"{requested}\" has been used; choose a new one for every import.", InUse = true };
        }
        return requestedClaim;
    }

    /// <summary>An id for an import of the platform's own (the Kolada sync's runs): see the overload with an owner.</summary>
    public Task<ImportIdClaim> ClaimIdAsync(string? requested, CancellationToken cancellationToken = default) =>
        ClaimIdAsync(requested, ServiceDefaults.Identity.CallerIdentity.PlatformTenant, cancellationToken);

    /// <summary>An import of the platform's own under an id it chose (a Kolada run's page), with the caller's rights on key figures (null: none apply).</summary>
    public Task<ImportOutcome> ImportAsync(string importId, string kind, string source, RowSource rows, KeyFigureAccess? access, CancellationToken cancellationToken = default) =>
        ImportAsync(new ImportIdClaim(importId, null, false), kind, source, rows, access, cancellationToken);

    /// <summary>The platform's own imports (the shipped samples, benchmarks): no caller's rights apply.</summary>
    public async Task<ImportOutcome> ImportAsync(string kind, string source, RowSource rows, CancellationToken cancellationToken = default) =>
        await ImportAsync(await ClaimIdAsync(null, ServiceDefaults.Identity.CallerIdentity.PlatformTenant, cancellationToken), kind, source, rows, null, cancellationToken);

    /// <summary>Imports under an id taken with <see cref="ClaimIdAsync"/>, with the caller's rights on key figures (null: the platform's own imports).</summary>
    public async Task<ImportOutcome> ImportAsync(ImportIdClaim claim, string kind, string source, RowSource rows, KeyFigureAccess? access, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(rows);
        var importId = claim.Id;
        // Imports run one at a time so that the validation pass sees what the write pass will change.
        await _oneAtATime.WaitAsync(cancellationToken);
        var progress = new Progress(importId, claim.Owner);
        try
        {
            var startedAt = clock.GetUtcNow();
            await PublishAsync(progress.Event(ImportProgressed.Validating, "Kontrollerar raderna.", clock));
            var (problems, rejected, malformed, newKeyFigures) = await ValidateAsync(rows, source, access, progress, cancellationToken);
            if (rejected > 0)
            {
                LogRejected(logger, kind, rejected);
                var failed = new WriteBatch();
                Outbox.Enqueue(failed, progress.Event(ImportProgressed.Failed, $"Importen avvisades: {rejected} felaktiga rader. Inget sparades.", clock), clock);
                await store.Outbox.CommitAsync(failed, cancellationToken);
                return new ImportOutcome { ImportId = importId, Rejected = rejected, Problems = problems, Malformed = malformed };
            }
            await AddKeyFiguresNotInCatalogueAsync(newKeyFigures, startedAt, cancellationToken);
            var outcome = await WriteAsync(claim, kind, source, startedAt, rows, progress, cancellationToken);
            LogImported(logger, kind, importId, outcome.Inserted, outcome.Updated, outcome.Unchanged);
            return outcome;
        }
        catch (Exception)
        {
            await PublishAsync(progress.Event(ImportProgressed.Failed, "Importen avbröts av ett fel i tjänsten.", clock));
            throw;
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    /// <summary>Progress of work that is not one import (a Kolada run of several pages), under its own id; best effort like every progress event.</summary>
    public Task ReportAsync(string importId, string phase, int values, string message) =>
        PublishAsync(new Progress(importId) { RowsRead = values, RowsValidated = values, ValuesMerged = values }.Event(phase, message, clock));

    /// <summary>Best effort: a progress event that cannot be published within a moment is dropped, never delays the import for long.</summary>
    private async Task PublishAsync(ImportProgressed progress)
    {
        if (bus is null)
        {
            return;
        }
        using var timeout = new CancellationTokenSource(ProgressPublishTimeout);
        try
        {
            await bus.Publish(progress, timeout.Token);
        }
#pragma warning disable CA1031 // progress is ephemeral: losing one must not fail the import
        catch (Exception exception)
#pragma warning restore CA1031
        {
            LogProgressLost(logger, progress.ImportId, exception);
        }
    }

    private async Task<(List<ImportProblem> Problems, int Rejected, bool Malformed, SortedSet<string> NewKeyFigures)> ValidateAsync(RowSource rows, string source, KeyFigureAccess? access, Progress progress, CancellationToken cancellationToken)
    {
        var problems = new List<ImportProblem>();
        var newKeyFigures = new SortedSet<string>(StringComparer.Ordinal);
        var malformed = false;
        var rejected = 0;
        var seen = new Dictionary<ulong, (double? Value, ObservationStatus Status, int Row)>();
        var rowNumber = 0;
        void Reject(int row, string position, string message)
        {
            rejected++;
            progress.Problems++;
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
                progress.RowsRead = rowNumber;
                if (rowNumber % ChunkSize == 0)
                {
                    progress.RowsValidated = rowNumber - rejected;
                    await PublishAsync(progress.Event(ImportProgressed.Validating, $"Kontrollerar raderna: {rowNumber} lästa.", clock));
                }
                if (!RowRules.TryValidate(row, reference, source, out var valid, out var error, access))
                {
                    Reject(rowNumber, row.Position, error);
                    continue;
                }
                if (valid.NewKeyFigure)
                {
                    newKeyFigures.Add(valid.KpiId);
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
            malformed = true;
            Reject(rowNumber + 1, "JSON", "malformed JSON: " + exception.Message);
        }
        if (rowNumber == 0 && rejected == 0)
        {
            Reject(0, "input", "the import holds no values.");
        }
        progress.RowsRead = rowNumber;
        progress.RowsValidated = rowNumber - Math.Min(rejected, rowNumber);
        progress.TotalRows = rowNumber;
        return (problems, rejected, malformed, newKeyFigures);
    }

    /// <summary>Kolada ids the catalogue lacks, named by a valid Kolada import: kept as Kolada key figures not in the current catalogue.</summary>
    private async Task AddKeyFiguresNotInCatalogueAsync(SortedSet<string> ids, DateTimeOffset firstSeen, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return;
        }
        var batch = new WriteBatch();
        var keyFigures = ids.Select(id => KoladaKeyFigures.NotInCatalogue(id, firstSeen)).ToList();
        keyFigures.ForEach(k => batch.Upsert(IndicatorDataStore.KeyFigures, k));
        await store.Store.CommitAsync(batch, cancellationToken);
        keyFigures.ForEach(reference.Set);
        LogNotInCatalogue(logger, ids.Count, ids);
    }

    private static ulong KeyHash(in ValidRow row)
    {
        var key = $"{row.KpiId}|{row.AreaId}|{row.PointKey}";
        return XxHash3.HashToUInt64(MemoryMarshal.AsBytes(key.AsSpan()));
    }

    private async Task<ImportOutcome> WriteAsync(ImportIdClaim claim, string kind, string source, DateTimeOffset startedAt, RowSource rows, Progress progress, CancellationToken cancellationToken)
    {
        var importId = claim.Id;
        await PublishAsync(progress.Event(ImportProgressed.Merging, $"Sparar {progress.TotalRows} värden.", clock));
        var journal = new ImportJournal { Id = claim.StoreKey, Owner = claim.Owner, ImportId = importId, Kind = kind, Source = source, StartedAt = startedAt };
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
                await MergeAsync(pending, journal, counts, changes, cancellationToken);
                pending.Clear();
                progress.ValuesMerged += pendingCount;
                pendingCount = 0;
                await PublishAsync(progress.Event(ImportProgressed.Merging, $"Sparar värdena: {progress.ValuesMerged} av {progress.TotalRows}.", clock));
            }
        }
        await MergeAsync(pending, journal, counts, changes, cancellationToken);
        progress.ValuesMerged += pendingCount;

        var finishedAt = clock.GetUtcNow();
        var log = new WriteBatch().Delete(ImportJournal.CollectionName, journal.Id).Upsert(IndicatorDataStore.Imports, new ImportRecord
        {
            Id = claim.StoreKey,
            Owner = claim.Owner,
            ImportId = importId,
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
        Outbox.Enqueue(log, progress.Event(ImportProgressed.Completed,
            $"Importen är klar: {counts.Inserted} nya, {counts.Updated} ändrade och {counts.Unchanged} oförändrade värden.", clock), clock);
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
        Dictionary<string, List<ValidRow>> pending, ImportJournal journal, Counts counts,
        SortedDictionary<string, KeyFigureChange> changes, CancellationToken cancellationToken)
    {
        if (pending.Count == 0)
        {
            return;
        }
        var importId = journal.ImportId;
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
                    if (point.SameValueAs(row.Value, row.Count, row.Status, row.SourceStatus))
                    {
                        counts.Unchanged++;
                        continue;
                    }
                    (point.History ??= []).Add(new ObservationRevision
                    {
                        Value = point.Value,
                        Count = point.Count,
                        Status = point.Status,
                        SourceStatus = point.SourceStatus,
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
                point.SourceStatus = row.SourceStatus;
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
        if (batch.Count > 0)
        {
            // What is committed so far goes with the values, so that a kill before the last batch loses no event (ImportJournal).
            journal.Inserted = counts.Inserted;
            journal.Updated = counts.Updated;
            journal.Unchanged = counts.Unchanged;
            journal.Changes = [.. changes.Select(c => new JournalChange { KpiId = c.Key, Areas = [.. c.Value.Areas], Periods = [.. c.Value.Periods], Values = c.Value.Values })];
            batch.Upsert(ImportJournal.CollectionName, journal);
        }
        await store.Store.CommitAsync(batch, cancellationToken);
    }

    /// <summary>An import's counts as its progress events report them.</summary>
    private sealed class Progress(string importId, string owner = ServiceDefaults.Identity.CallerIdentity.PlatformTenant)
    {
        public int RowsRead;
        public int RowsValidated;
        public int ValuesMerged;
        public int? TotalRows;
        public int Problems;

        public ImportProgressed Event(string phase, string message, TimeProvider clock) => new()
        {
            ImportId = importId,
            Owner = owner,
            Phase = phase,
            RowsRead = RowsRead,
            RowsValidated = RowsValidated,
            ValuesMerged = ValuesMerged,
            TotalRows = TotalRows,
            Problems = Problems,
            Message = message,
            At = clock.GetUtcNow(),
        };
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

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} Kolada key figures not in the current catalogue kept as such: {Ids}")]
    private static partial void LogNotInCatalogue(ILogger logger, int count, IEnumerable<string> ids);

    [LoggerMessage(Level = LogLevel.Debug, Message = "A progress event of import {ImportId} was not published")]
    private static partial void LogProgressLost(ILogger logger, string importId, Exception exception);
}
