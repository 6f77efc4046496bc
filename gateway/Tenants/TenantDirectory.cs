using Jamforelse.Contracts.Tenants;
using Jamforelse.ServiceDefaults.Identity;
using Jamforelse.ServiceDefaults.Messaging;
using Jamforelse.Storage;
using Jamforelse.Tenants.Domain;
using Microsoft.Extensions.DependencyInjection;

namespace Jamforelse.Tenants;

/// <summary>A key as made: its record and the secret, which is shown this once and never stored.</summary>
public sealed record IssuedKey(ApiKey Key, string Secret);

/// <summary>
/// The tenants and their members' keys (store "tenants"). Every lookup reads the store, so a revoked key
/// stops working at once on every gateway instance.
/// </summary>
public sealed class TenantDirectory([FromKeyedServices(TenantsModule.StoreName)] Outbox outbox, TimeProvider clock)
{
    public const string TenantCollection = "tenants";
    public const string KeyCollection = "apiKeys";

    public IDocumentCollection<Tenant> Tenants => outbox.Store.Collection<Tenant>(TenantCollection);

    public IDocumentCollection<ApiKey> Keys => outbox.Store.Collection<ApiKey>(KeyCollection);

    /// <summary>The identity a presented secret stands for, or null when no live key has it.</summary>
    public async Task<CallerIdentity?> AuthenticateAsync(string secret, CancellationToken cancellationToken)
    {
        if (secret.Length is < ApiKeySecrets.MinimumLength or > 200)
        {
            return null;
        }
        var keys = await Keys.FindAsync(nameof(ApiKey.Hash), ApiKeySecrets.Hash(secret), 2, cancellationToken);
        return keys.FirstOrDefault(k => k.RevokedAt is null) is { } key
            ? new CallerIdentity(key.Tenant, key.Role, key.Id, key.Name)
            : null;
    }

    /// <summary>Creates a tenant with its first key (an admin's); false when the id is taken.</summary>
    public async Task<(Tenant Tenant, IssuedKey Key)?> OnboardAsync(Tenant tenant, string adminName, string by, string? secret, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tenant);
        if (await Tenants.GetAsync(tenant.Id, cancellationToken) is not null)
        {
            return null;
        }
        tenant.CreatedAt = clock.GetUtcNow();
        tenant.CreatedBy = by;
        var key = NewKey(tenant.Id, Role.Admin, adminName, by, secret);
        var batch = new WriteBatch().Upsert(TenantCollection, tenant).Upsert(KeyCollection, key.Key);
        await outbox.CommitAsync(batch, cancellationToken);
        return (tenant, key);
    }

    /// <summary>A new key for a member; <paramref name="secret"/> is the configured one at bootstrap, else generated.</summary>
    public async Task<IssuedKey> IssueKeyAsync(string tenantId, Role role, string name, string by, CancellationToken cancellationToken, string? secret = null)
    {
        var key = NewKey(tenantId, role, name, by, secret);
        await Keys.UpsertAsync(key.Key, cancellationToken);
        return key;
    }

    /// <summary>Replaces a key with a new secret (same member and role); the old one stops working now.</summary>
    public async Task<IssuedKey?> RotateAsync(ApiKey old, string by, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(old);
        var key = NewKey(old.Tenant, old.Role, old.Name, by, null);
        Revoke(old, by);
        old.ReplacedBy = key.Key.Id;
        var batch = new WriteBatch().Upsert(KeyCollection, key.Key).Upsert(KeyCollection, old);
        Outbox.Enqueue(batch, new ApiKeyRevoked { TenantId = old.Tenant, KeyId = old.Id, RevokedAt = old.RevokedAt!.Value }, clock);
        await outbox.CommitAsync(batch, cancellationToken);
        return key;
    }

    public async Task RevokeAsync(ApiKey key, string by, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        Revoke(key, by);
        var batch = new WriteBatch().Upsert(KeyCollection, key);
        Outbox.Enqueue(batch, new ApiKeyRevoked { TenantId = key.Tenant, KeyId = key.Id, RevokedAt = key.RevokedAt!.Value }, clock);
        await outbox.CommitAsync(batch, cancellationToken);
    }

    private void Revoke(ApiKey key, string by)
    {
        key.RevokedAt = clock.GetUtcNow();
        key.RevokedBy = by;
    }

    private IssuedKey NewKey(string tenant, Role role, string name, string by, string? secret)
    {
        secret ??= ApiKeySecrets.NewSecret();
        return new IssuedKey(new ApiKey
        {
            Id = ApiKeySecrets.NewKeyId(),
            Tenant = tenant,
            Role = role,
            Name = name,
            Hash = ApiKeySecrets.Hash(secret),
            CreatedAt = clock.GetUtcNow(),
            CreatedBy = by,
        }, secret);
    }
}
