using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Jamforelse.Tenants.Domain;

/// <summary>Making and checking API key secrets (pure).</summary>
public static class ApiKeySecrets
{
    /// <summary>Configured keys (bootstrap) must be at least this long; generated ones are "jf_" + 43 characters.</summary>
    public const int MinimumLength = 24;

    public static string NewSecret() => "jf_" + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    public static string NewKeyId() => "key-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
