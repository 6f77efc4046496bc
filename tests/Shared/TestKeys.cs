using Jamforelse.ServiceDefaults.Identity;
using Jamforelse.Tenants;
using Microsoft.Extensions.DependencyInjection;

namespace Jamforelse.Tests;

/// <summary>
/// The bootstrap keys the test hosts configure (Jamforelse:Bootstrap): the platform administrator and the
/// two demo tenants' admins. Test clients send the administrator's unless a test asks for another.
/// </summary>
internal static class TestKeys
{
    public const string PlatformAdmin = "test-platform-admin-key-0000000000000000";
    public const string Norrkoping = "test-norrkoping-admin-key-000000000000000";
    public const string Linkoping = "test-linkoping-admin-key-0000000000000000";

    /// <summary>The settings that create these keys at first start.</summary>
    public static IEnumerable<KeyValuePair<string, string>> Settings =>
    [
        new("Jamforelse:Bootstrap:AdminApiKey", PlatformAdmin),
        new("Jamforelse:Bootstrap:DemoTenants", "true"),
        new("Jamforelse:Bootstrap:Tenants:norrkoping:ApiKey", Norrkoping),
        new("Jamforelse:Bootstrap:Tenants:linkoping:ApiKey", Linkoping),
    ];

    /// <summary>A new key for a member of a tenant (made directly in the host's tenant directory); answers its secret.</summary>
    public static string Issue(IServiceProvider services, string tenant, Role role, string name) =>
        services.GetRequiredService<TenantDirectory>().IssueKeyAsync(tenant, role, name, "test", CancellationToken.None).GetAwaiter().GetResult().Secret;

    /// <summary>A client's default header for a key.</summary>
    public static void Use(HttpClient client, string key)
    {
        ArgumentNullException.ThrowIfNull(client);
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
    }
}
