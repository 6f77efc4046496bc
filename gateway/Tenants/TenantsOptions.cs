namespace Jamforelse.Tenants;

/// <summary>
/// The first keys (<c>Jamforelse:Bootstrap</c>): the platform administrator's (<c>AdminApiKey</c>) and, where
/// <c>DemoTenants</c> is on (the embedded host), one admin key per demo tenant
/// (<c>Tenants:norrkoping:ApiKey</c>, <c>Tenants:linkoping:ApiKey</c>). A key that is not configured is
/// generated and printed once, at the first start; afterwards only its hash is kept.
/// </summary>
public sealed class BootstrapOptions
{
    public const string Section = "Jamforelse:Bootstrap";

    public string? AdminApiKey { get; set; }

    public bool DemoTenants { get; set; }

    public Dictionary<string, DemoTenantKey> Tenants { get; set; } = [];

    public sealed class DemoTenantKey
    {
        public string? ApiKey { get; set; }
    }
}
