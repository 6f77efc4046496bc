namespace Jamforelse.Contracts.Tenants;

/// <summary>
/// Published when an API key is revoked or rotated away, so that whatever holds a connection opened with
/// it (the GraphQL layer's WebSocket subscriptions) closes that connection at once.
/// </summary>
public sealed record ApiKeyRevoked
{
    public required string TenantId { get; init; }
    public required string KeyId { get; init; }
    public DateTimeOffset RevokedAt { get; init; }
}

/// <summary>
/// Published by a service when a tenant-owned resource's sharing changed (a key figure, a plan, a peer
/// group), so that open subscriptions re-check what their subscriber may see.
/// </summary>
public sealed record SharingChanged
{
    public required string OwnerTenantId { get; init; }

    /// <summary>keyFigure, plan or peerGroup.</summary>
    public required string ResourceKind { get; init; }

    public required string ResourceId { get; init; }

    /// <summary>The tenants it is shared with now ("*": everyone).</summary>
    public required IReadOnlyList<string> SharedWith { get; init; }

    public DateTimeOffset ChangedAt { get; init; }
}
