using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using Jamforelse.GraphQL.Tests.Platform;
using Jamforelse.ServiceDefaults.Identity;
using Jamforelse.Tests;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

#pragma warning disable CA1861 // inline arrays read as the request bodies they are

namespace Jamforelse.GraphQL.Tests.Isolation;

/// <summary>
/// The door of the embedded platform: keys made, rotated and revoked take effect at once (a WebSocket
/// opened with a revoked key closes), a tenant onboarded at run time compares at once, and identities a
/// client forges, replays to another service or keeps past expiry are not accepted.
/// </summary>
public sealed class KeyLifecycleTests(PlatformFactory factory) : IClassFixture<PlatformFactory>
{
    [Fact]
    public async Task Keys_are_shown_once_work_at_once_and_stop_at_once_when_rotated_or_revoked()
    {
        await factory.WaitUntilReadyAsync();
        using var admin = factory.CreateClient();
        var (keyId, secret) = await IssueAsync(admin, "linkoping", "reader", "Linköpings läsare");
        using var member = Client(secret);
        var me = await member.GetFromJsonAsync<JsonNode>(Url("/api/tenants/me"));
        Assert.Equal("linkoping", me!["tenant"]!.GetValue<string>());
        Assert.Equal("reader", me["role"]!.GetValue<string>());
        var listed = await admin.GetStringAsync(Url("/api/tenants/linkoping/keys"));
        Assert.Contains(keyId, listed, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, listed, StringComparison.Ordinal); // shown once, stored hashed

        // A reader cannot manage keys; another tenant's admin cannot either.
        Assert.Equal(HttpStatusCode.Forbidden, (await member.PostAsJsonAsync(Url("/api/tenants/linkoping/keys"), new { name = "x", role = "admin" })).StatusCode);
        using var norrkoping = Client(TestKeys.Norrkoping);
        Assert.Equal(HttpStatusCode.Forbidden, (await norrkoping.DeleteAsync(Url($"/api/tenants/linkoping/keys/{keyId}"))).StatusCode);

        using var rotated = await admin.PostAsync(Url($"/api/tenants/linkoping/keys/{keyId}/rotate"), null);
        Assert.Equal(HttpStatusCode.Created, rotated.StatusCode);
        var next = (await rotated.Content.ReadFromJsonAsync<JsonNode>())!;
        Assert.Equal(HttpStatusCode.Unauthorized, (await member.GetAsync(Url("/api/indicator-data/kpis/N03920"))).StatusCode);
        using var renewed = Client(next["key"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await renewed.GetAsync(Url("/api/indicator-data/kpis/N03920"))).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync(Url($"/api/tenants/linkoping/keys/{next["id"]!.GetValue<string>()}"))).StatusCode);
        using var afterRevoke = await renewed.GetAsync(Url("/api/indicator-data/kpis/N03920"));
        Assert.Equal(HttpStatusCode.Unauthorized, afterRevoke.StatusCode);
        Assert.Equal("application/problem+json", afterRevoke.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_websocket_opened_with_a_key_closes_with_4403_when_the_key_is_revoked()
    {
        await factory.WaitUntilReadyAsync();
        using var admin = factory.CreateClient();
        var (keyId, secret) = await IssueAsync(admin, "norrkoping", "analyst", "Norrköpings analytiker");
        var client = factory.Server.CreateWebSocketClient();
        client.SubProtocols.Add("graphql-transport-ws");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        // As a browser must: the key as access_token on the WebSocket address.
        using var socket = await client.ConnectAsync(new Uri("ws://localhost/graphql?access_token=" + Uri.EscapeDataString(secret)), timeout.Token);
        await socket.SendAsync(Encoding.UTF8.GetBytes("""{"type":"connection_init"}"""), WebSocketMessageType.Text, true, timeout.Token);
        var buffer = new byte[4096];
        var ack = await socket.ReceiveAsync(buffer, timeout.Token);
        Assert.Contains("connection_ack", Encoding.UTF8.GetString(buffer, 0, ack.Count), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync(Url($"/api/tenants/norrkoping/keys/{keyId}"))).StatusCode);
        WebSocketReceiveResult closed;
        do
        {
            closed = await socket.ReceiveAsync(buffer, timeout.Token);
        }
        while (closed.MessageType != WebSocketMessageType.Close);
        Assert.Equal(4403, (int)closed.CloseStatus!.Value);

        // Without any key the upgrade is refused.
        var anonymous = factory.Server.CreateWebSocketClient();
        anonymous.SubProtocols.Add("graphql-transport-ws");
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => anonymous.ConnectAsync(new Uri("ws://localhost/graphql"), timeout.Token));
        Assert.Contains("401", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_municipality_onboarded_at_run_time_compares_at_once()
    {
        await factory.WaitUntilReadyAsync();
        using var admin = factory.CreateClient();
        var id = "motala-" + Guid.NewGuid().ToString("N")[..6];
        var body = new { id, name = "Motala kommun", kind = "municipality", areas = new[] { "0583" }, adminName = "Motalas administratör" };
        using var norrkoping = Client(TestKeys.Norrkoping);
        Assert.Equal(HttpStatusCode.Forbidden, (await norrkoping.PostAsJsonAsync(Url("/api/tenants"), body)).StatusCode);
        using var invalid = await admin.PostAsJsonAsync(Url("/api/tenants"), new { id = "Motala!", kind = "planet" });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var problems = await invalid.Content.ReadAsStringAsync();
        Assert.Contains("\"id\"", problems, StringComparison.Ordinal);
        Assert.Contains("\"adminName\"", problems, StringComparison.Ordinal);

        using var onboarded = await admin.PostAsJsonAsync(Url("/api/tenants"), body);
        Assert.Equal(HttpStatusCode.Created, onboarded.StatusCode);
        var key = (await onboarded.Content.ReadFromJsonAsync<JsonNode>())!["apiKey"]!["key"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsJsonAsync(Url("/api/tenants"), body)).StatusCode);

        using var motala = Client(key);
        using var comparison = await motala.GetAsync(Url("/api/benchmarking/series?kpi=N00945&areas=0580,0583"));
        Assert.True(comparison.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound, await comparison.Content.ReadAsStringAsync());
        var graphql = await motala.PostAsJsonAsync(Url("/graphql"), new { query = """{ areas(search: "Motala") { id title } }""" });
        Assert.Contains("0583", await graphql.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // Its admin makes its own keys, and its editors define its own key figures.
        Assert.Equal(HttpStatusCode.Created, (await motala.PostAsJsonAsync(Url($"/api/tenants/{id}/keys"), new { name = "Motalas redaktör", role = "editor" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await motala.PutAsJsonAsync(Url($"/api/indicator-data/kpis/{id}.nojdhet"), new { owner = id, title = "Nöjdhet (%)", unit = "%", source = "Motalas enkät" })).StatusCode);
    }

    [Fact]
    public async Task Identities_a_client_forges_replays_to_another_service_or_keeps_past_expiry_are_refused()
    {
        await factory.WaitUntilReadyAsync();
        var options = factory.Services.GetRequiredService<IOptions<IdentityOptions>>();
        var signer = factory.Services.GetRequiredService<IdentitySigner>();
        var platform = new CallerIdentity(CallerIdentity.PlatformTenant, Role.Admin, "forged", "Mallory");
        var forgedKey = Options.Create(new IdentityOptions { SigningKey = Convert.ToBase64String(new byte[32]) });
        var attempts = new Dictionary<string, string?>
        {
            ["none"] = null,
            ["garbage"] = "not-a-signed-identity",
            ["signed with another key"] = new IdentitySigner(forgedKey, TimeProvider.System).Sign(platform, "indicator-data"),
            ["made for another service"] = signer.Sign(platform, "goal-catalog"),
            ["expired"] = new IdentitySigner(options, new ShiftedTime(TimeSpan.FromHours(-1))).Sign(platform, "indicator-data"),
        };
        foreach (var (attempt, header) in attempts)
        {
            using var client = factory.CreateClient();
            client.DefaultRequestHeaders.Authorization = null;
            if (header is not null)
            {
                client.DefaultRequestHeaders.Add(IdentitySigner.HeaderName, header);
            }
            using var response = await client.GetAsync(Url("/api/indicator-data/kpis/N03920"));
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{attempt}: {(int)response.StatusCode}");
        }

        // With a key, a forged identity alongside it is removed: the service sees the key's member.
        using var member = Client(TestKeys.Linkoping);
        member.DefaultRequestHeaders.Add(IdentitySigner.HeaderName, new IdentitySigner(forgedKey, TimeProvider.System).Sign(platform, "indicator-data"));
        member.DefaultRequestHeaders.Add("X-User", "Mallory");
        using var refused = await member.PostAsync(Url("/api/indicator-data/imports/kolada"), new StringContent("{}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode); // Linköping's admin, not the platform's
    }

    [Fact]
    public async Task A_tenants_own_identity_provider_signs_its_users_in_with_its_tokens_only()
    {
        await factory.WaitUntilReadyAsync();
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        using var otherRsa = System.Security.Cryptography.RSA.Create(2048);
        var issuer = "https://login.example.se/" + Guid.NewGuid().ToString("N")[..8];
        using var norrkopingAdmin = Client(TestKeys.Norrkoping);
        using var bad = await norrkopingAdmin.PutAsJsonAsync(Url("/api/tenants/norrkoping/identity-provider"), new { issuer = "not a url", signingKeys = new[] { "no pem" } });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        using var set = await norrkopingAdmin.PutAsJsonAsync(Url("/api/tenants/norrkoping/identity-provider"), new
        {
            issuer, audience = "jamforelse", signingKeys = new[] { rsa.ExportSubjectPublicKeyInfoPem() },
        });
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        using var linkopingAdmin = Client(TestKeys.Linkoping);
        Assert.Equal(HttpStatusCode.Conflict, (await linkopingAdmin.PutAsJsonAsync(Url("/api/tenants/linkoping/identity-provider"), new
        {
            issuer, audience = "jamforelse", signingKeys = new[] { otherRsa.ExportSubjectPublicKeyInfoPem() },
        })).StatusCode);

        string Token(System.Security.Cryptography.RSA key, string audience, DateTime expires) => new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler().CreateToken(
            new Microsoft.IdentityModel.Tokens.SecurityTokenDescriptor
            {
                Issuer = issuer, Audience = audience, Expires = expires, NotBefore = expires.AddHours(-2), IssuedAt = expires.AddHours(-2),
                Claims = new Dictionary<string, object> { ["sub"] = "anna", ["name"] = "Anna Andersson", ["roles"] = "editor" },
                SigningCredentials = new Microsoft.IdentityModel.Tokens.SigningCredentials(new Microsoft.IdentityModel.Tokens.RsaSecurityKey(key), "RS256"),
            });

        using var signedIn = Client(Token(rsa, "jamforelse", DateTime.UtcNow.AddMinutes(10)));
        var me = await signedIn.GetFromJsonAsync<JsonNode>(Url("/api/tenants/me"));
        Assert.Equal("norrkoping", me!["tenant"]!.GetValue<string>());
        Assert.Equal("editor", me["role"]!.GetValue<string>());
        Assert.Equal("Anna Andersson", me["name"]!.GetValue<string>());
        foreach (var (attempt, token) in new[]
        {
            ("another audience", Token(rsa, "another-app", DateTime.UtcNow.AddMinutes(10))),
            ("expired", Token(rsa, "jamforelse", DateTime.UtcNow.AddMinutes(-10))),
            ("signed with another key", Token(otherRsa, "jamforelse", DateTime.UtcNow.AddMinutes(10))),
        })
        {
            using var refused = Client(token);
            Assert.True((await refused.GetAsync(Url("/api/tenants/me"))).StatusCode == HttpStatusCode.Unauthorized, attempt);
        }
        Assert.Equal(HttpStatusCode.NoContent, (await norrkopingAdmin.DeleteAsync(Url("/api/tenants/norrkoping/identity-provider"))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await signedIn.GetAsync(Url("/api/tenants/me"))).StatusCode);
    }

    private HttpClient Client(string key)
    {
        var client = factory.CreateClient();
        TestKeys.Use(client, key);
        return client;
    }

    private static Uri Url(string path) => new(path, UriKind.Relative);

    private static async Task<(string Id, string Secret)> IssueAsync(HttpClient admin, string tenant, string role, string name)
    {
        using var response = await admin.PostAsJsonAsync(Url($"/api/tenants/{tenant}/keys"), new { name, role });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = (await response.Content.ReadFromJsonAsync<JsonNode>())!;
        return (body["id"]!.GetValue<string>(), body["key"]!.GetValue<string>());
    }

    private sealed class ShiftedTime(TimeSpan shift) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + shift;
    }
}
