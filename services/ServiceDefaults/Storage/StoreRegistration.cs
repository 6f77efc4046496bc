using Jamforelse.ServiceDefaults.Messaging;
using Jamforelse.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Jamforelse.ServiceDefaults.Storage;

public static class StoreRegistration
{
    /// <summary>
    /// Registers a service's own store (keyed by <paramref name="storeName"/>), its outbox and the relay that
    /// publishes the outbox, and a readiness check that pings the store.
    /// </summary>
    public static IHostApplicationBuilder AddDocumentStore(this IHostApplicationBuilder builder, string storeName)
    {
        var options = builder.BindValidated<StorageOptions>(StorageOptions.Section);
        // A relative data folder is relative to the host's content root (the folder it was started from).
        options.DataFolder = Path.GetFullPath(options.DataFolder, builder.Environment.ContentRootPath);
        builder.Services.AddKeyedSingleton<IDocumentStore>(storeName, (_, _) => options.Open(storeName));
        builder.Services.AddKeyedSingleton(storeName, (sp, _) => new Outbox(sp.GetRequiredKeyedService<IDocumentStore>(storeName)));
        builder.Services.AddSingleton<IHostedService>(sp => new OutboxRelay(
            sp.GetRequiredKeyedService<Outbox>(storeName),
            sp.GetRequiredService<MassTransit.IBus>(),
            sp.GetRequiredService<ILogger<OutboxRelay>>()));
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            "store:" + storeName,
            sp => new StoreHealthCheck(sp.GetRequiredKeyedService<IDocumentStore>(storeName)),
            HealthStatus.Unhealthy,
            [ServiceDefaultsExtensions.ReadyTag]));
        return builder;
    }

    private sealed class StoreHealthCheck(IDocumentStore store) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                await store.PingAsync(cancellationToken);
                return HealthCheckResult.Healthy($"{store.Name} store reachable");
            }
#pragma warning disable CA1031 // any failure means "not ready", reported with its message
            catch (Exception exception)
#pragma warning restore CA1031
            {
                return HealthCheckResult.Unhealthy($"{store.Name} store unreachable: {exception.Message}");
            }
        }
    }
}
