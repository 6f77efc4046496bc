using Jamforelse.ServiceDefaults.Identity;
using Jamforelse.Storage;

namespace Jamforelse.Tenants.Domain;

/// <summary>What kind of organisation a tenant is.</summary>
public enum TenantKind
{
    Municipality,
    Region,
    MunicipalityGroup,
    Platform,
}

/// <summary>An organisation sharing the instance: its id is what owns data ("norrkoping"), its areas the Kolada ids it speaks for.</summary>
public sealed class Tenant : IDocument
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public TenantKind Kind { get; set; }
    public List<string> Areas { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
    public string CreatedBy { get; set; } = "";

    /// <summary>The tenant's own identity provider, whose tokens the door accepts besides API keys; null: keys only.</summary>
    public TenantJwt? Jwt { get; set; }

    /// <summary><see cref="TenantJwt.Issuer"/>, kept at the top so that a token's issuer finds its tenant with one lookup.</summary>
    public string? JwtIssuer { get; set; }
}

/// <summary>
/// How a tenant's identity provider signs its users' tokens: the issuer (<c>iss</c>), the audience
/// (<c>aud</c>) it issues them for, its public signing keys (PEM, RSA or EC), and the claims that carry the
/// role (reader, analyst, editor or admin; the highest wins, none means reader) and the name.
/// </summary>
public sealed class TenantJwt
{
    public string Issuer { get; set; } = "";
    public string Audience { get; set; } = "";
    public List<string> SigningKeys { get; set; } = [];
    public string RoleClaim { get; set; } = "roles";
    public string NameClaim { get; set; } = "name";
}

/// <summary>
/// A member's API key. Only a hash of the secret is stored (SHA-256: the secret is 32 random bytes, so a
/// slow hash adds nothing); the secret is shown once, when the key is made.
/// </summary>
public sealed class ApiKey : IDocument
{
    public string Id { get; set; } = "";
    public string Tenant { get; set; } = "";
    public Role Role { get; set; }

    /// <summary>The member or system the key belongs to: recorded as "who" on changes.</summary>
    public string Name { get; set; } = "";

    public string Hash { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public string CreatedBy { get; set; } = "";
    public DateTimeOffset? RevokedAt { get; set; }
    public string? RevokedBy { get; set; }

    /// <summary>The key that replaced this one when it was rotated.</summary>
    public string? ReplacedBy { get; set; }
}
