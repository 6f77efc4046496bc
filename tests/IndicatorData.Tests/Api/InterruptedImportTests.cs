using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Jamforelse.Contracts.IndicatorData;
using Jamforelse.IndicatorData.Domain;
using Jamforelse.IndicatorData.Imports;
using Jamforelse.ServiceDefaults.Identity;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Jamforelse.IndicatorData.Tests.Api;

/// <summary>An import killed in its write pass, after a chunk was committed: what it committed is published when the service starts again.</summary>
public sealed class InterruptedImportTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("jamforelse-test-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // LiteDB may still hold the file on a slow shutdown; the temp folder is cleaned by the OS.
        }
    }

    [Fact]
    public async Task The_changes_an_import_committed_before_it_was_killed_are_published_when_the_service_starts_again()
    {
        var importId = "killed-" + Guid.NewGuid().ToString("N");
        using (var first = IndicatorDataFactory.OnFolder(_folder))
        {
            using var client = first.CreateClient();
            var importer = first.Services.GetRequiredService<ObservationImporter>();
            var municipalities = first.Services.GetRequiredService<ReferenceData>().Areas
                .Where(a => a.Type == AreaType.Municipality).Select(a => a.Id).Order(StringComparer.Ordinal).ToList();
            var passes = 0;
            // More than one chunk of values; the write pass dies right after its first chunk was committed.
            async IAsyncEnumerable<ImportRow> Rows([EnumeratorCancellation] CancellationToken cancellationToken)
            {
                var pass = ++passes;
                var row = 0;
                foreach (var year in Enumerable.Range(Period.MinYear, 80))
                {
                    foreach (var area in municipalities)
                    {
                        if (pass == 2 && row == ObservationImporter.ChunkSize)
                        {
                            throw new IOException("The process was killed.");
                        }
                        row++;
                        yield return new ImportRow { Row = row, Position = $"row {row}", KpiId = "N01951", AreaId = area, Period = $"{year}", Value = row };
                    }
                }
                await Task.CompletedTask;
            }
            var claim = await importer.ClaimIdAsync(importId, CallerIdentity.PlatformTenant);

            await Assert.ThrowsAsync<IOException>(() => importer.ImportAsync(claim, "test", "Test", Rows, null));

            Assert.Equal(municipalities.Count, await first.Store.SeriesCollection.CountAsync()); // the first chunk reached every municipality
            Assert.DoesNotContain(first.Services.GetRequiredService<ITestHarness>().Published.Select<IndicatorValuesChanged>(), m => m.Context.Message.ImportId == importId);
        }

        using var second = IndicatorDataFactory.OnFolder(_folder);
        using var restarted = second.CreateClient();
        var harness = second.Services.GetRequiredService<ITestHarness>();
        for (var waited = 0; !harness.Published.Select<IndicatorValuesChanged>().Any(m => m.Context.Message.ImportId == importId); waited += 50)
        {
            Assert.True(waited < 15_000, "Nothing the import committed was published after the restart.");
            await Task.Delay(50);
        }
        var changed = Assert.Single(harness.Published.Select<IndicatorValuesChanged>(), m => m.Context.Message.ImportId == importId).Context.Message;
        Assert.Equal(("N01951", ObservationImporter.ChunkSize), (changed.KpiId, changed.ValuesChanged));
        var failed = Assert.Single(harness.Published.Select<ImportProgressed>(), m => m.Context.Message.ImportId == importId).Context.Message;
        Assert.Equal(ImportProgressed.Failed, failed.Phase);

        var record = (await restarted.GetFromJsonAsync<JsonNode>($"/api/indicator-data/imports/{importId}"))!;
        Assert.True(record["interrupted"]!.GetValue<bool>());
        Assert.Equal(ObservationImporter.ChunkSize, record["inserted"]!.GetValue<int>());
        Assert.Equal(0, await second.Store.Store.Collection<ImportJournal>(ImportJournal.CollectionName).CountAsync());
    }
}
