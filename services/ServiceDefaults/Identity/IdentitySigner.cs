using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;

namespace Jamforelse.ServiceDefaults.Identity;

/// <summary>
/// The signed identity the gateway forwards to a service, in the header <see cref="HeaderName"/>:
/// <c>base64url(payload JSON) "." base64url(HMAC-SHA256(payload))</c>. The payload names the tenant, role,
/// key id, name, the one service it is for (its audience, so it cannot be replayed to another service) and
/// when it expires. Services accept a request only with a valid one.
/// </summary>
public sealed class IdentitySigner(IOptions<IdentityOptions> options, TimeProvider clock)
{
    public const string HeaderName = "X-Jamforelse-Identity";

    private readonly byte[] _key = options.Value.KeyBytes();
    private readonly TimeSpan _lifetime = options.Value.Lifetime;

    public string Sign(CallerIdentity identity, string audience)
    {
        ArgumentNullException.ThrowIfNull(identity);
        var payload = JsonSerializer.SerializeToUtf8Bytes(new Payload(
            identity.Tenant, (int)identity.Role, identity.KeyId, identity.Name, audience, (clock.GetUtcNow() + _lifetime).ToUnixTimeSeconds()));
        return Base64Url.EncodeToString(payload) + "." + Base64Url.EncodeToString(HMACSHA256.HashData(_key, payload));
    }

    /// <summary>Checks a header value for <paramref name="audience"/>; on failure <paramref name="reason"/> says why (for the 401 answer).</summary>
    public bool TryVerify(string? value, string audience, out CallerIdentity? identity, out string reason)
    {
        identity = null;
        if (string.IsNullOrEmpty(value))
        {
            reason = "The request carries no signed identity: services answer only requests that came through the gateway.";
            return false;
        }
        var dot = value.IndexOf('.', StringComparison.Ordinal);
        byte[] payload, signature;
        try
        {
            payload = Base64Url.DecodeFromChars(value.AsSpan(0, Math.Max(dot, 0)));
            signature = Base64Url.DecodeFromChars(value.AsSpan(dot + 1));
        }
        catch (FormatException)
        {
            reason = "The signed identity is malformed.";
            return false;
        }
        if (dot <= 0 || !CryptographicOperations.FixedTimeEquals(HMACSHA256.HashData(_key, payload), signature))
        {
            reason = "The signed identity's signature is not valid.";
            return false;
        }
        Payload? claims;
        try
        {
            claims = JsonSerializer.Deserialize<Payload>(payload);
        }
        catch (JsonException)
        {
            claims = null;
        }
        if (claims is null || string.IsNullOrEmpty(claims.Tenant) || !Enum.IsDefined((Role)claims.Role))
        {
            reason = "The signed identity is malformed.";
            return false;
        }
        if (claims.Audience != audience)
        {
            reason = "The signed identity was made for another service.";
            return false;
        }
        if (DateTimeOffset.FromUnixTimeSeconds(claims.Expires) < clock.GetUtcNow())
        {
            reason = "The signed identity has expired.";
            return false;
        }
        identity = new CallerIdentity(claims.Tenant, (Role)claims.Role, claims.KeyId ?? "", claims.Name ?? "");
        reason = "";
        return true;
    }

    private sealed record Payload(
        [property: JsonPropertyName("ten")] string Tenant,
        [property: JsonPropertyName("rol")] int Role,
        [property: JsonPropertyName("kid")] string? KeyId,
        [property: JsonPropertyName("nam")] string? Name,
        [property: JsonPropertyName("aud")] string Audience,
        [property: JsonPropertyName("exp")] long Expires);
}
