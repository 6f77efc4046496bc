using Jamforelse.ServiceDefaults.Identity;
using Jamforelse.Tenants.Authentication;
using Jamforelse.Tenants.Domain;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Jamforelse.Tenants.Endpoints;

/// <summary>Onboarding tenants and managing their members' keys: the gateway's own API under /api/tenants.</summary>
internal static class TenantEndpoints
{
    public sealed record OnboardRequest(string? Id, string? Name, string? Kind, List<string>? Areas, string? AdminName);

    public sealed record KeyRequest(string? Name, string? Role);

    public sealed record IdentityProviderRequest(string? Issuer, string? Audience, List<string>? SigningKeys, string? RoleClaim, string? NameClaim);

    /// <summary>An enum given as its word ("editor"), never as a number.</summary>
    private static T? Word<T>(string? text) where T : struct, Enum =>
        Enum.TryParse<T>(text, ignoreCase: true, out var value) && Enum.IsDefined(value) && !int.TryParse(text, out _) ? value : null;

    public static void MapTenantEndpoints(this RouteGroupBuilder api)
    {
        // Every tenant's id and name (what one shares with needs a name); keys only for one's own.
        api.MapGet("", async (TenantDirectory directory, CancellationToken cancellationToken) =>
        {
            var tenants = new List<object>();
            await foreach (var tenant in directory.Tenants.ScanAsync(cancellationToken))
            {
                tenants.Add(View(tenant));
            }
            return Results.Ok(tenants);
        });

        api.MapGet("/me", (HttpContext context) =>
        {
            var caller = Caller(context);
            return Results.Ok(new { tenant = caller.Tenant, role = caller.Role, keyId = caller.KeyId, name = caller.Name, platformAdmin = caller.IsPlatformAdmin });
        });

        api.MapPost("", async (HttpContext context, OnboardRequest? body, TenantDirectory directory, CancellationToken cancellationToken) =>
        {
            var caller = Caller(context);
            if (!caller.IsPlatformAdmin)
            {
                return Forbidden("Only the platform administrator onboards tenants.");
            }
            var errors = TenantRules.Validate(body?.Id, body?.Name, body?.Areas);
            var kind = Word<TenantKind>(body?.Kind);
            if (kind is null or TenantKind.Platform)
            {
                errors["kind"] = ["kind is required: municipality, region or municipalityGroup."];
            }
            if (string.IsNullOrWhiteSpace(body?.AdminName) || body.AdminName.Length > 200)
            {
                errors["adminName"] = ["adminName is required: who the tenant's first (admin) key is for, at most 200 characters."];
            }
            if (errors.Count > 0)
            {
                return Results.ValidationProblem(errors, title: "The tenant cannot be onboarded; nothing was written");
            }
            var tenant = new Tenant { Id = body!.Id!, Name = body.Name!.Trim(), Kind = kind!.Value, Areas = body.Areas ?? [] };
            if (await directory.OnboardAsync(tenant, body.AdminName!.Trim(), caller.Name, null, cancellationToken) is not { } onboarded)
            {
                return Results.Problem(title: "Conflict", detail: $"A tenant \"{tenant.Id}\" already exists.", statusCode: StatusCodes.Status409Conflict);
            }
            return Results.Created($"{TenantsModule.ApiPrefix}/{tenant.Id}", new { tenant = View(onboarded.Tenant), apiKey = Issued(onboarded.Key) });
        });

        // The tenant's own identity provider: its users' bearer tokens (JWT) are accepted besides API keys.
        api.MapPut("/{tenant}/identity-provider", async (HttpContext context, string tenant, IdentityProviderRequest? body, TenantDirectory directory, CancellationToken cancellationToken) =>
        {
            if (Refusal(Caller(context), tenant) is { } refusal)
            {
                return refusal;
            }
            if (await directory.Tenants.GetAsync(tenant, cancellationToken) is not { } found)
            {
                return NotFound(tenant);
            }
            var errors = new Dictionary<string, string[]>();
            if (!Uri.TryCreate(body?.Issuer, UriKind.Absolute, out var issuer) || issuer.Scheme is not ("https" or "http"))
            {
                errors["issuer"] = ["issuer is required: the identity provider's issuer URL, as its tokens' iss claim says."];
            }
            if (string.IsNullOrWhiteSpace(body?.Audience))
            {
                errors["audience"] = ["audience is required: the aud claim the provider issues tokens for this platform with."];
            }
            if (body?.SigningKeys is not { Count: > 0 } keys || keys.Any(k => TenantTokens.ParseKey(k) is null))
            {
                errors["signingKeys"] = ["signingKeys is required: the provider's public keys in PEM (RSA or EC), one or more."];
            }
            if (errors.Count > 0)
            {
                return Results.ValidationProblem(errors, title: "The identity provider cannot be set; nothing was written");
            }
            var others = await directory.Tenants.FindAsync(nameof(Tenant.JwtIssuer), body!.Issuer, 2, cancellationToken);
            if (others.Any(t => t.Id != tenant))
            {
                return Results.Problem(title: "Conflict", detail: "Another tenant already uses this issuer: a token must name one tenant.", statusCode: StatusCodes.Status409Conflict);
            }
            found.Jwt = new TenantJwt
            {
                Issuer = body.Issuer!, Audience = body.Audience!.Trim(), SigningKeys = body.SigningKeys!,
                RoleClaim = string.IsNullOrWhiteSpace(body.RoleClaim) ? "roles" : body.RoleClaim, NameClaim = string.IsNullOrWhiteSpace(body.NameClaim) ? "name" : body.NameClaim,
            };
            found.JwtIssuer = found.Jwt.Issuer;
            await directory.Tenants.UpsertAsync(found, cancellationToken);
            return Results.Ok(new { issuer = found.Jwt.Issuer, audience = found.Jwt.Audience, keys = found.Jwt.SigningKeys.Count, roleClaim = found.Jwt.RoleClaim, nameClaim = found.Jwt.NameClaim });
        });

        api.MapDelete("/{tenant}/identity-provider", async (HttpContext context, string tenant, TenantDirectory directory, CancellationToken cancellationToken) =>
        {
            if (Refusal(Caller(context), tenant) is { } refusal)
            {
                return refusal;
            }
            if (await directory.Tenants.GetAsync(tenant, cancellationToken) is not { } found)
            {
                return NotFound(tenant);
            }
            found.Jwt = null;
            found.JwtIssuer = null;
            await directory.Tenants.UpsertAsync(found, cancellationToken);
            return Results.NoContent();
        });

        api.MapGet("/{tenant}/keys", async (HttpContext context, string tenant, TenantDirectory directory, CancellationToken cancellationToken) =>
        {
            if (Refusal(Caller(context), tenant) is { } refusal)
            {
                return refusal;
            }
            var keys = await directory.Keys.FindAsync(nameof(ApiKey.Tenant), tenant, 10_000, cancellationToken);
            return Results.Ok(keys.Select(View));
        });

        api.MapPost("/{tenant}/keys", async (HttpContext context, string tenant, KeyRequest? body, TenantDirectory directory, CancellationToken cancellationToken) =>
        {
            var caller = Caller(context);
            if (Refusal(caller, tenant) is { } refusal)
            {
                return refusal;
            }
            if (await directory.Tenants.GetAsync(tenant, cancellationToken) is null)
            {
                return NotFound(tenant);
            }
            var errors = new Dictionary<string, string[]>();
            if (string.IsNullOrWhiteSpace(body?.Name) || body.Name.Length > 200)
            {
                errors["name"] = ["name is required: the member or system the key is for, at most 200 characters."];
            }
            var role = Word<Role>(body?.Role);
            if (role is null)
            {
                errors["role"] = ["role is required: reader, analyst, editor or admin."];
            }
            if (errors.Count > 0)
            {
                return Results.ValidationProblem(errors, title: "The key cannot be made; nothing was written");
            }
            var issued = await directory.IssueKeyAsync(tenant, role!.Value, body!.Name!.Trim(), caller.Name, cancellationToken);
            return Results.Created($"{TenantsModule.ApiPrefix}/{tenant}/keys/{issued.Key.Id}", Issued(issued));
        });

        api.MapPost("/{tenant}/keys/{keyId}/rotate", async (HttpContext context, string tenant, string keyId, TenantDirectory directory, CancellationToken cancellationToken) =>
        {
            var caller = Caller(context);
            if (Refusal(caller, tenant) is { } refusal)
            {
                return refusal;
            }
            if (await directory.Keys.GetAsync(keyId, cancellationToken) is not { } key || key.Tenant != tenant)
            {
                return Results.Problem(title: "Not found", detail: $"No key \"{keyId}\" in tenant \"{tenant}\".", statusCode: StatusCodes.Status404NotFound);
            }
            if (key.RevokedAt is not null)
            {
                return Results.Problem(title: "Conflict", detail: $"The key \"{keyId}\" was revoked on {key.RevokedAt:u}; make a new one instead.", statusCode: StatusCodes.Status409Conflict);
            }
            var issued = await directory.RotateAsync(key, caller.Name, cancellationToken);
            return Results.Created($"{TenantsModule.ApiPrefix}/{tenant}/keys/{issued!.Key.Id}", Issued(issued));
        });

        api.MapDelete("/{tenant}/keys/{keyId}", async (HttpContext context, string tenant, string keyId, TenantDirectory directory, CancellationToken cancellationToken) =>
        {
            var caller = Caller(context);
            if (Refusal(caller, tenant) is { } refusal)
            {
                return refusal;
            }
            if (await directory.Keys.GetAsync(keyId, cancellationToken) is not { } key || key.Tenant != tenant)
            {
                return Results.Problem(title: "Not found", detail: $"No key \"{keyId}\" in tenant \"{tenant}\".", statusCode: StatusCodes.Status404NotFound);
            }
            if (key.RevokedAt is null)
            {
                await directory.RevokeAsync(key, caller.Name, cancellationToken);
            }
            return Results.NoContent();
        });
    }

    private static CallerIdentity Caller(HttpContext context) =>
        context.Features.Get<CallerIdentity>() ?? throw new InvalidOperationException("UseGatewayAuthentication() must run before the tenants API.");

    /// <summary>Keys are managed by the tenant's admins and the platform administrator.</summary>
    private static IResult? Refusal(CallerIdentity caller, string tenant) =>
        caller.IsPlatformAdmin || (caller.Tenant == tenant && caller.Role >= Role.Admin)
            ? null
            : Forbidden("Only the tenant's admins (and the platform administrator) manage its keys.");

    private static IResult Forbidden(string detail) =>
        Results.Problem(title: "Forbidden", detail: detail, statusCode: StatusCodes.Status403Forbidden);

    private static IResult NotFound(string tenant) =>
        Results.Problem(title: "Not found", detail: $"No tenant \"{tenant}\".", statusCode: StatusCodes.Status404NotFound);

    private static object View(Tenant tenant) => new { id = tenant.Id, name = tenant.Name, kind = tenant.Kind, areas = tenant.Areas, createdAt = tenant.CreatedAt };

    private static object View(ApiKey key) => new
    {
        id = key.Id, tenant = key.Tenant, role = key.Role, name = key.Name, createdAt = key.CreatedAt, createdBy = key.CreatedBy,
        revokedAt = key.RevokedAt, revokedBy = key.RevokedBy, replacedBy = key.ReplacedBy,
    };

    /// <summary>A new key with its secret: the only answer that ever shows it.</summary>
    private static object Issued(IssuedKey issued) => new
    {
        id = issued.Key.Id, tenant = issued.Key.Tenant, role = issued.Key.Role, name = issued.Key.Name,
        key = issued.Secret, note = "Shown once: store it now. Send it as `Authorization: Bearer <key>`.",
    };
}
