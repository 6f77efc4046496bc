using System.Text.Json;
using Jamforelse.GoalCatalog.Catalogs;
using Jamforelse.GoalCatalog.Domain;
using Jamforelse.GoalCatalog.Storage;
using Jamforelse.ServiceDefaults.Identity;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Jamforelse.GoalCatalog;

/// <summary>
/// Before the service takes requests: indexes the store and, when configured, imports the shipped catalog
/// files for the plans the store lacks, each after the plans it links to. A shipped file that does not
/// validate stops the start with its problems listed.
/// </summary>
internal sealed class GoalCatalogStartup(GoalCatalogStore store, CatalogService catalogs, IOptions<GoalCatalogOptions> options) : IHostedService
{
    public const string DemoActor = "jamforelse (levererad katalogfil)";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await store.FollowUpCollection.EnsureIndexAsync(nameof(FollowUp.PlanId), cancellationToken);
        await store.VersionCollection.EnsureIndexAsync(nameof(PlanVersion.PlanId), cancellationToken);
        if (!options.Value.LoadDemoCatalogs)
        {
            return;
        }
        var pending = new List<(string Name, CatalogFile File)>();
        foreach (var (name, file) in await ReadShippedAsync(cancellationToken))
        {
            if (await store.PlanCollection.GetAsync(file.Plan!.Id!, cancellationToken) is null)
            {
                pending.Add((name, file));
            }
        }
        while (pending.Count > 0)
        {
            var waiting = pending.Select(p => p.File.Plan!.Id).ToHashSet(StringComparer.Ordinal);
            var ready = pending.Where(p => !CatalogValidator.PlansLinked(p.File).Any(waiting.Contains)).ToList();
            if (ready.Count == 0)
            {
                throw new InvalidOperationException("The shipped catalog files link to each other in a circle: " + string.Join(", ", waiting));
            }
            foreach (var (name, file) in ready)
            {
                // The platform administrator loads the demo tenants' plans.
                var outcome = await ImportWhenIndicatorDataAnswersAsync(file, new CallerIdentity(CallerIdentity.PlatformTenant, Role.Admin, "", $"{DemoActor} {name}"), cancellationToken);
                if (outcome.Kind == OutcomeKind.Invalid)
                {
                    throw new InvalidOperationException(
                        $"The shipped catalog {name} is invalid: " + string.Join(" ", outcome.Problems.Select(p => $"{p.Path}: {p.Message}")));
                }
                pending.Remove((name, file));
            }
        }
    }

    /// <summary>
    /// Run on its own, the goal catalog validates against the indicator-data service, which may still be
    /// starting: try again for up to two minutes before giving up the start.
    /// </summary>
    private async Task<CatalogOutcome<Plan>> ImportWhenIndicatorDataAnswersAsync(CatalogFile file, CallerIdentity actor, CancellationToken cancellationToken)
    {
        var giveUp = DateTimeOffset.UtcNow.AddMinutes(2);
        while (true)
        {
            try
            {
                return await catalogs.ImportAsync(file, actor, cancellationToken);
            }
            catch (HttpRequestException) when (DateTimeOffset.UtcNow < giveUp)
            {
                await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
            }
        }
    }

    /// <summary>The catalog files built into the service (Data/catalogs/*.json).</summary>
    public static async Task<IReadOnlyList<(string Name, CatalogFile File)>> ReadShippedAsync(CancellationToken cancellationToken)
    {
        var assembly = typeof(GoalCatalogStartup).Assembly;
        var files = new List<(string, CatalogFile)>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith("catalogs/", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            await using var json = assembly.GetManifestResourceStream(resource)!;
            var file = await JsonSerializer.DeserializeAsync<CatalogFile>(json, CatalogFile.Json, cancellationToken)
                ?? throw new InvalidOperationException($"The shipped catalog {resource} is empty.");
            files.Add((resource["catalogs/".Length..], file));
        }
        return files;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
