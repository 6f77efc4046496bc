using Jamforelse.ServiceDefaults;
using Jamforelse.ServiceDefaults.Identity;
using Jamforelse.ServiceDefaults.Storage;
using Jamforelse.Tenants.Authentication;
using Jamforelse.Tenants.Endpoints;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace Jamforelse.Tenants;

/// <summary>
/// Tenants and keys as a module of the gateway (and of the embedded host, which is its own gateway):
/// <c>AddTenants()</c>, <c>app.UseGatewayAuthentication()</c> before the services, <c>MapTenantsApi()</c>.
/// </summary>
public static class TenantsModule
{
    public const string StoreName = "tenants";
    public const string ApiPrefix = "/api/tenants";

    /// <param name="audiences">The services behind this door: path prefix and audience (the embedded host's modules register their own).</param>
    public static IHostApplicationBuilder AddTenants(this IHostApplicationBuilder builder, bool acceptSignedIdentity = false, params (string Prefix, string Audience)[] audiences)
    {
        ArgumentNullException.ThrowIfNull(builder);
        foreach (var (prefix, audience) in audiences)
        {
            builder.AddSignedIdentity(prefix, audience);
        }
        builder.BindValidated<BootstrapOptions>(BootstrapOptions.Section);
        builder.Services.Configure<GatewayAuthenticationOptions>(o => o.AcceptSignedIdentity = acceptSignedIdentity);
        builder.AddDocumentStore(StoreName);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<TenantDirectory>();
        builder.Services.AddSingleton<TenantsStartup>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<TenantsStartup>());
        builder.Services.AddHealthChecks().AddCheck<TenantsStartup>("tenants:bootstrapped", tags: [ServiceDefaultsExtensions.ReadyTag]);
        return builder;
    }

    public static IEndpointRouteBuilder MapTenantsApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGroup(ApiPrefix).MapTenantEndpoints();
        return endpoints;
    }
}
