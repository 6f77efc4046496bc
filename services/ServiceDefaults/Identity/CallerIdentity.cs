namespace Jamforelse.ServiceDefaults.Identity;

/// <summary>What a member may do in their tenant; each role includes the ones before it.</summary>
public enum Role
{
    /// <summary>Reads what the tenant may see.</summary>
    Reader = 1,

    /// <summary>Also defines the tenant's peer groups.</summary>
    Analyst = 2,

    /// <summary>Also writes the tenant's data: key figures and their values, plans, follow-ups, activities.</summary>
    Editor = 3,

    /// <summary>Also manages the tenant's API keys and what it shares with others.</summary>
    Admin = 4,
}

/// <summary>
/// Who is asking, as the gateway established it from an API key: the tenant (an organisation: a
/// municipality, a region, a group of municipalities), the member's role, the key's id and a name to record
/// as "who" on changes. The platform administrator is the tenant <see cref="PlatformTenant"/>.
/// </summary>
public sealed record CallerIdentity(string Tenant, Role Role, string KeyId, string Name)
{
    /// <summary>The platform administrator's tenant: onboards tenants and imports public (Kolada) data.</summary>
    public const string PlatformTenant = "platform";

    /// <summary>Anyone may read what is shared with "*".</summary>
    public const string Everyone = "*";

    public bool IsPlatformAdmin => Tenant == PlatformTenant;

    /// <summary>Whether the member's role is at least <paramref name="role"/> (the platform administrator's always is).</summary>
    public bool Has(Role role) => IsPlatformAdmin || Role >= role;

    /// <summary>Whether the caller may change a resource owned by <paramref name="owner"/> (null: public, platform-owned data).</summary>
    public bool MayWrite(string? owner, Role role) => IsPlatformAdmin || (owner == Tenant && Role >= role);

    /// <summary>
    /// Whether the caller may read a resource: public ones (no owner) always, a tenant's own, and another's
    /// only while it is shared with the caller's tenant or with everyone.
    /// </summary>
    public bool MayRead(string? owner, IEnumerable<string>? sharedWith) =>
        owner is null || IsPlatformAdmin || owner == Tenant
        || (sharedWith is not null && sharedWith.Any(t => t == Tenant || t == Everyone));

    /// <summary>Lets an endpoint take the caller as a parameter (set by <c>UseSignedIdentity</c>).</summary>
    public static ValueTask<CallerIdentity?> BindAsync(Microsoft.AspNetCore.Http.HttpContext context) =>
        ValueTask.FromResult(context?.Features.Get<CallerIdentity>());
}
