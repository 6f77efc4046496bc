using Microsoft.Extensions.Hosting;

namespace Jamforelse.IndicatorData;

internal sealed class IndicatorDataStartup : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
