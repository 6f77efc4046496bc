using System.Net;
using System.Security.Cryptography;
using Jamforelse.Gateway.Tests.Hosts;
using Jamforelse.ServiceDefaults.Identity;
using Microsoft.Extensions.Options;

namespace Jamforelse.Gateway.Tests;

/// <summary>Around the gateway, straight to the services: only an identity the gateway signed, for that service, still fresh, gets in.</summary>
[Collection(GatewayCollection.Name)]
public sealed class BypassTests(GatewayPlatform platform)
{
    private static readonly CallerIdentity Admin = new(CallerIdentity.PlatformTenant, Role.Admin, "bypass", "Förbigång");

    [Fact]
    public async Task A_correctly_signed_identity_for_the_service_is_accepted_the_control_case()
    {
        Assert.Equal(HttpStatusCode.OK, await DirectAsync(Signer(platform.SigningKey).Sign(Admin, "indicator-data")));
    }

    [Fact]
    public async Task No_signed_identity_is_refused()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, await DirectAsync(null));
    }

    [Fact]
    public async Task An_identity_signed_with_another_key_is_refused()
    {
        var forged = Signer(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))).Sign(Admin, "indicator-data");
        Assert.Equal(HttpStatusCode.Unauthorized, await DirectAsync(forged));
        // and one whose payload was changed after signing
        var genuine = Signer(platform.SigningKey).Sign(new CallerIdentity("linkoping", Role.Reader, "k", "Läsare"), "indicator-data");
        var tampered = System.Buffers.Text.Base64Url.EncodeToString(System.Text.Encoding.UTF8.GetBytes(
            System.Text.Encoding.UTF8.GetString(System.Buffers.Text.Base64Url.DecodeFromChars(genuine.AsSpan(0, genuine.IndexOf('.', StringComparison.Ordinal))))
                .Replace("linkoping", "platform", StringComparison.Ordinal).Replace("\"rol\":1", "\"rol\":4", StringComparison.Ordinal)))
            + genuine[genuine.IndexOf('.', StringComparison.Ordinal)..];
        Assert.Equal(HttpStatusCode.Unauthorized, await DirectAsync(tampered));
    }

    [Fact]
    public async Task An_expired_identity_is_refused()
    {
        var expired = Signer(platform.SigningKey, DateTimeOffset.UtcNow.AddMinutes(-10)).Sign(Admin, "indicator-data");
        Assert.Equal(HttpStatusCode.Unauthorized, await DirectAsync(expired));
    }

    [Fact]
    public async Task An_identity_replayed_to_another_service_is_refused()
    {
        var forBenchmarking = Signer(platform.SigningKey).Sign(Admin, "benchmarking");
        Assert.Equal(HttpStatusCode.Unauthorized, await DirectAsync(forBenchmarking));
        var forGraphQL = Signer(platform.SigningKey).Sign(Admin, "graphql");
        Assert.Equal(HttpStatusCode.Unauthorized, await DirectAsync(forGraphQL));
    }

    private async Task<HttpStatusCode> DirectAsync(string? identity)
    {
        using var client = platform.BackendClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/indicator-data/areas/0580", UriKind.Relative));
        if (identity is not null)
        {
            request.Headers.Add(IdentitySigner.HeaderName, identity);
        }
        using var response = await client.SendAsync(request);
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
        return response.StatusCode;
    }

    private static IdentitySigner Signer(string key, DateTimeOffset? now = null) =>
        new(Options.Create(new IdentityOptions { SigningKey = key }), now is { } at ? new FixedClock(at) : TimeProvider.System);

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
