using System.Security.Cryptography;
using Jamforelse.ServiceDefaults.Identity;
using Jamforelse.Tenants.Domain;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Jamforelse.Tenants.Authentication;

/// <summary>
/// Bearer tokens (JWT) from a tenant's own identity provider: the token's issuer names the tenant, whose
/// configured keys, audience and lifetime it must pass; its role and name claims become the identity.
/// </summary>
public static class TenantTokens
{
    private static readonly JsonWebTokenHandler Handler = new();

    /// <summary>Whether a presented bearer value is a JWT rather than an API key.</summary>
    public static bool LooksLikeJwt(string value) =>
        value.StartsWith("ey", StringComparison.Ordinal) && value.Count(c => c == '.') == 2;

    public static async Task<CallerIdentity?> AuthenticateAsync(TenantDirectory directory, string token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(directory);
        string issuer;
        try
        {
            issuer = new JsonWebToken(token).Issuer;
        }
        catch (ArgumentException)
        {
            return null;
        }
        var tenants = await directory.Tenants.FindAsync(nameof(Tenant.JwtIssuer), issuer, 2, cancellationToken);
        if (tenants is not [{ Jwt: { } jwt } tenant])
        {
            return null;
        }
        var result = await Handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = jwt.Issuer,
            ValidAudience = jwt.Audience,
            IssuerSigningKeys = jwt.SigningKeys.Select(ParseKey).OfType<SecurityKey>().ToList(),
            ValidateLifetime = true,
            RequireExpirationTime = true,
            ClockSkew = TimeSpan.FromMinutes(1),
        });
        if (!result.IsValid)
        {
            return null;
        }
        var roles = result.ClaimsIdentity.FindAll(jwt.RoleClaim).Select(c => Enum.TryParse<Role>(c.Value, ignoreCase: true, out var r) && Enum.IsDefined(r) ? r : (Role?)null).OfType<Role>();
        var subject = result.ClaimsIdentity.FindFirst("sub")?.Value ?? "";
        var name = result.ClaimsIdentity.FindFirst(jwt.NameClaim)?.Value ?? subject;
        return new CallerIdentity(tenant.Id, roles.DefaultIfEmpty(Role.Reader).Max(), "jwt:" + subject[..Math.Min(subject.Length, 100)], name);
    }

    /// <summary>A public key in PEM (RSA or EC), or null when it is neither.</summary>
    public static SecurityKey? ParseKey(string pem)
    {
        try
        {
            var rsa = RSA.Create();
            rsa.ImportFromPem(pem);
            return new RsaSecurityKey(rsa);
        }
        catch (ArgumentException)
        {
            // not RSA
        }
        catch (CryptographicException)
        {
            // not RSA
        }
        try
        {
            var ec = ECDsa.Create();
            ec.ImportFromPem(pem);
            return new ECDsaSecurityKey(ec);
        }
        catch (ArgumentException)
        {
            return null;
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
