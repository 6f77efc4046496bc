using Jamforelse.ServiceDefaults.Identity;
using Jamforelse.Tenants.Domain;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Jamforelse.Tenants;

/// <summary>
/// At start: the platform administrator and, on the embedded host, the demo tenants Norrköping (0581) and
/// Linköping (0580), each with an admin key from configuration or generated and printed once. Ready when done.
/// </summary>
internal sealed class TenantsStartup(TenantDirectory directory, IOptions<BootstrapOptions> options) : IHostedService, IHealthCheck
{
    private static readonly Tenant[] Demo =
    [
        new() { Id = "norrkoping", Name = "Norrköpings kommun", Kind = TenantKind.Municipality, Areas = ["0581"] },
        new() { Id = "linkoping", Name = "Linköpings kommun", Kind = TenantKind.Municipality, Areas = ["0580"] },
    ];

    private volatile bool _done;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await directory.Keys.EnsureIndexAsync(nameof(ApiKey.Hash), cancellationToken);
        await directory.Keys.EnsureIndexAsync(nameof(ApiKey.Tenant), cancellationToken);
        await directory.Tenants.EnsureIndexAsync(nameof(Tenant.JwtIssuer), cancellationToken);
        var bootstrap = options.Value;
        var platform = new Tenant { Id = CallerIdentity.PlatformTenant, Name = "Plattformsadministratör", Kind = TenantKind.Platform };
        await OnboardAsync(platform, "Plattformsadministratör", bootstrap.AdminApiKey, "Jamforelse:Bootstrap:AdminApiKey", cancellationToken);
        if (bootstrap.DemoTenants)
        {
            foreach (var tenant in Demo)
            {
                var configured = bootstrap.Tenants.GetValueOrDefault(tenant.Id)?.ApiKey;
                await OnboardAsync(tenant, $"{tenant.Name} (administratör)", configured, $"Jamforelse:Bootstrap:Tenants:{tenant.Id}:ApiKey", cancellationToken);
            }
        }
        _done = true;
    }

    private async Task OnboardAsync(Tenant tenant, string adminName, string? configured, string setting, CancellationToken cancellationToken)
    {
        if (configured is { Length: < ApiKeySecrets.MinimumLength })
        {
            throw new InvalidOperationException($"{setting} must be at least {ApiKeySecrets.MinimumLength} characters (e.g. `openssl rand -base64 32`).");
        }
        if (await directory.Tenants.GetAsync(tenant.Id, cancellationToken) is not null)
        {
            // Onboarded at an earlier start; a key configured since then is added (the earlier ones stay until revoked).
            if (configured is not null && await directory.AuthenticateAsync(configured, cancellationToken) is null)
            {
                await directory.IssueKeyAsync(tenant.Id, Role.Admin, adminName, "bootstrap", cancellationToken, configured);
            }
            return;
        }
        var onboarded = await directory.OnboardAsync(tenant, adminName, "bootstrap", configured, cancellationToken);
        if (configured is null && onboarded is { } created)
        {
            Console.WriteLine($"API key for {tenant.Name} ({tenant.Id}, admin), shown once — set {setting} to choose your own: {created.Key.Secret}");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(_done ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("Creating the first tenants and keys."));
}
