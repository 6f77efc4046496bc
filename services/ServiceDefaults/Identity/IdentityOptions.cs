using System.ComponentModel.DataAnnotations;

namespace Jamforelse.ServiceDefaults.Identity;

/// <summary>
/// The key the gateway signs identities with and every service checks them with
/// (<c>Jamforelse:Identity:SigningKey</c>, base64 of at least 32 random bytes; the same on the gateway, the
/// GraphQL layer and every service). The embedded host makes one up at start when none is set: nothing
/// outside its process needs it.
/// </summary>
public sealed class IdentityOptions : IValidatableObject
{
    public const string Section = "Jamforelse:Identity";

    public string? SigningKey { get; set; }

    /// <summary>How long a signed identity is valid after the gateway made it (a request's lifetime, not a session's).</summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromMinutes(2);

    public byte[] KeyBytes() => Convert.FromBase64String(SigningKey ?? "");

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        byte[]? bytes = null;
        try
        {
            bytes = SigningKey is null ? null : KeyBytes();
        }
        catch (FormatException)
        {
            // reported below
        }
        if (bytes is null || bytes.Length < 32)
        {
            yield return new ValidationResult(
                $"{Section}:SigningKey must be base64 of at least 32 random bytes (e.g. `openssl rand -base64 32`), the same on the gateway and every service.",
                [nameof(SigningKey)]);
        }
        if (Lifetime <= TimeSpan.Zero || Lifetime > TimeSpan.FromHours(1))
        {
            yield return new ValidationResult($"{Section}:Lifetime must be between 00:00:01 and 01:00:00.", [nameof(Lifetime)]);
        }
    }
}
